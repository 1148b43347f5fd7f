//! SmartIdent approvals at the central system: a registered phone approves a letter login
//! (level high) or a further device, by the number the kiosk shows and the hash of what it
//! displayed; once, within 90 seconds. Wrong numbers, replays, expiry, "not me", the device
//! limit. On SQLite and PostgreSQL.

mod common;

use common::{
    TestCentral, TestKiosk, backends,
    smartident::{
        Phone, activated, approval_state, ask_approval, confirm, devices, error_code, identified,
        register, rt,
    },
};
use kiosk_central::db::{EnrolledKiosk, SmartIdentRefusal};
use kiosk_protocol::{
    ApiErrorCode, ApprovalAnswer, ApprovalCreated, ApprovalFor, ApprovalRequest, ApprovalState,
    BindResponse, ConfirmOutcome, Decision, EventOutcome, SessionRef,
};
use kiosk_smartident::{
    qr::RegistrationPurpose,
    rules::{
        APPROVALS_PER_HOUR, Answer, AnswerRefusal, CHALLENGE_LIFETIME, FURTHER_DEVICE_LIFETIME,
        MAX_ACTIVE_DEVICES, NOT_ME_LOCK,
    },
};
use time::OffsetDateTime;
use uuid::Uuid;

/// A login approval for a new session with a new letter of `kvnr`: (session, letter, asked).
async fn ask_login(
    central: &TestCentral,
    kiosk: &TestKiosk,
    kvnr: &str,
) -> (Uuid, String, reqwest::Response) {
    let session = Uuid::new_v4();
    let letter = central.letter_for(kvnr).await;
    let response = ask_approval(
        kiosk,
        &ApprovalRequest {
            session_id: session,
            purpose: ApprovalFor::KioskLogin,
            letter_id: Some(letter.clone()),
        },
    )
    .await;
    (session, letter, response)
}

async fn created(response: reqwest::Response) -> ApprovalCreated {
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    response.json().await.expect("created")
}

fn approve(number: u8, context_hash: String) -> ApprovalAnswer {
    ApprovalAnswer {
        decision: Decision::Approve,
        number: Some(number),
        context_hash,
    }
}

/// Pushes the kiosk's report of a login at `level`: its outcome.
async fn report(kiosk: &TestKiosk, session: Uuid, letter: &str, level: &str) -> EventOutcome {
    let mut event = kiosk.identified(session, letter);
    if let kiosk_protocol::EventPayload::IdentificationSucceeded(success) = &mut event.payload {
        success.trust_level = level.into();
    }
    kiosk.push(&[event]).await.results[0].outcome.clone()
}

#[test]
fn a_phone_approves_a_letter_login_and_the_session_is_level_high() {
    rt().block_on(async {
        for backend in backends() {
            let (central, kiosk, kvnr, first) = identified(backend).await;
            let phone = Phone::new(&central, 1);
            let device = activated(&central, &kiosk, first, &phone, None).await;

            let (session, letter, response) = ask_login(&central, &kiosk, &kvnr).await;
            let asked = created(response).await;
            assert!((10..=99).contains(&asked.number));
            assert_eq!(
                approval_state(&kiosk, session, &asked.challenge_id).await,
                ApprovalState::Pending
            );
            let pending = phone.pending(&device).await;
            assert_eq!(pending.len(), 1, "{backend}");
            assert_eq!(pending[0].kiosk_id, kiosk.kiosk_id);
            assert_eq!(pending[0].branch_id, "DEMO-01");
            assert_eq!(pending[0].purpose, ApprovalFor::KioskLogin);

            // Without the approval, level high is refused; with it, accepted once.
            let (other, other_letter, response) = ask_login(&central, &kiosk, &kvnr).await;
            let second = created(response).await;
            let answer = approve(asked.number, Phone::context_hash(&pending[0]));
            let response = phone.answer(&device, &asked.challenge_id, &answer).await;
            assert_eq!(
                error_code(response).await,
                (409, ApiErrorCode::ApprovalClosed),
                "{backend}: a newer approval replaced this one"
            );
            assert_eq!(
                approval_state(&kiosk, session, &asked.challenge_id).await,
                ApprovalState::Cancelled
            );
            let pending = phone.pending(&device).await;
            assert_eq!(pending.len(), 1);
            let challenge = pending[0].challenge_id.clone();
            assert_eq!(challenge, second.challenge_id);
            // Only the kiosk knows the number: the phone's list never carries it.
            let raw = serde_json::to_string(&pending[0]).expect("json");
            assert!(!raw.contains("number"), "{raw}");
            let number = second.number;
            let answer = approve(number, Phone::context_hash(&pending[0]));
            let response = phone.answer(&device, &challenge, &answer).await;
            assert_eq!(response.status(), 204, "{:?}", response.text().await);
            assert_eq!(
                approval_state(&kiosk, other, &challenge).await,
                ApprovalState::Approved
            );
            // A replayed answer counts for nothing.
            let response = phone.answer(&device, &challenge, &answer).await;
            assert_eq!(
                error_code(response).await,
                (409, ApiErrorCode::ApprovalClosed)
            );

            assert!(matches!(
                report(&kiosk, session, &letter, "high").await,
                EventOutcome::Rejected { reason } if reason == "levelNotProven"
            ));
            assert_eq!(
                report(&kiosk, other, &other_letter, "high").await,
                EventOutcome::Applied,
                "{backend}"
            );
            assert!(phone.pending(&device).await.is_empty());
            let listed = devices(&kiosk, other).await.devices;
            assert!(listed[0].last_used_at.is_some(), "approving is a use");

            // Level high may remove every device ("Handy verloren").
            let response = kiosk
                .client
                .post(format!("{}/v1/smartident/devices/remove-all", kiosk.url))
                .json(&SessionRef { session_id: other })
                .send()
                .await
                .expect("remove all");
            assert_eq!(response.status(), 204, "{:?}", response.text().await);
            assert!(devices(&kiosk, other).await.devices.is_empty());
            let kinds: Vec<String> = central
                .db
                .member_notifications(&kvnr)
                .await
                .expect("notifications")
                .into_iter()
                .map(|(kind, _)| kind)
                .collect();
            assert_eq!(kinds, ["deviceAdded", "allDevicesRemoved"]);
            // Without a device there is nothing to approve with.
            let (_, _, response) = ask_login(&central, &kiosk, &kvnr).await;
            assert_eq!(error_code(response).await, (409, ApiErrorCode::NoDevice));
        }
    });
}

#[test]
fn a_wrong_number_another_context_a_decline_or_expiry_never_approve() {
    rt().block_on(async {
        for backend in backends() {
            let (central, kiosk, kvnr, first) = identified(backend).await;
            let phone = Phone::new(&central, 1);
            let device = activated(&central, &kiosk, first, &phone, None).await;

            // What another screen showed (another hash): refused, the approval stays open.
            let (session, letter, response) = ask_login(&central, &kiosk, &kvnr).await;
            let asked = created(response).await;
            let pending = phone.pending(&device).await;
            let mut elsewhere = pending[0].clone();
            elsewhere.kiosk_id = "K-EVIL".into();
            let response = phone
                .answer(
                    &device,
                    &asked.challenge_id,
                    &approve(asked.number, Phone::context_hash(&elsewhere)),
                )
                .await;
            assert_eq!(
                error_code(response).await,
                (409, ApiErrorCode::ApprovalClosed)
            );
            assert_eq!(
                approval_state(&kiosk, session, &asked.challenge_id).await,
                ApprovalState::Pending
            );
            // A wrong number ends it: a guess gets no second go.
            let wrong = if asked.number == 99 {
                98
            } else {
                asked.number + 1
            };
            let hash = Phone::context_hash(&pending[0]);
            let response = phone
                .answer(&device, &asked.challenge_id, &approve(wrong, hash.clone()))
                .await;
            assert_eq!(
                error_code(response).await,
                (409, ApiErrorCode::ApprovalClosed)
            );
            let response = phone
                .answer(&device, &asked.challenge_id, &approve(asked.number, hash))
                .await;
            assert_eq!(
                error_code(response).await,
                (409, ApiErrorCode::ApprovalClosed)
            );
            assert_eq!(
                approval_state(&kiosk, session, &asked.challenge_id).await,
                ApprovalState::Cancelled,
                "{backend}"
            );
            assert!(matches!(
                report(&kiosk, session, &letter, "high").await,
                EventOutcome::Rejected { reason } if reason == "levelNotProven"
            ));

            // Declined: recorded, and the date of birth stays possible for that letter.
            let (session, letter, response) = ask_login(&central, &kiosk, &kvnr).await;
            let asked = created(response).await;
            let pending = phone.pending(&device).await;
            let decline = ApprovalAnswer {
                decision: Decision::Decline,
                number: None,
                context_hash: Phone::context_hash(&pending[0]),
            };
            let response = phone.answer(&device, &asked.challenge_id, &decline).await;
            assert_eq!(response.status(), 204);
            assert_eq!(
                approval_state(&kiosk, session, &asked.challenge_id).await,
                ApprovalState::Declined
            );
            assert_eq!(
                report(&kiosk, session, &letter, "substantial").await,
                EventOutcome::Applied
            );

            // Past its lifetime the server refuses, whatever the phone says.
            let (session, _, response) = ask_login(&central, &kiosk, &kvnr).await;
            let asked = created(response).await;
            let pending = phone.pending(&device).await;
            let mut context_hash = [0u8; 32];
            hex::decode_to_slice(Phone::context_hash(&pending[0]), &mut context_hash).expect("hex");
            let late = OffsetDateTime::now_utc() + CHALLENGE_LIFETIME;
            let answer = Answer {
                decision: kiosk_smartident::challenge::Decision::Approve,
                number: Some(asked.number),
                context_hash,
            };
            assert_eq!(
                central
                    .db
                    .answer_approval(&device, &asked.challenge_id, &answer, late)
                    .await
                    .expect("db"),
                Err(SmartIdentRefusal::Answer(AnswerRefusal::Expired))
            );
            assert_eq!(
                approval_state(&kiosk, session, &asked.challenge_id).await,
                ApprovalState::Expired
            );

            // Signed by another key than the device's.
            let (_, _, response) = ask_login(&central, &kiosk, &kvnr).await;
            let asked = created(response).await;
            let thief = Phone::new(&central, 9);
            let response = thief
                .answer(
                    &device,
                    &asked.challenge_id,
                    &approve(asked.number, "00".repeat(32)),
                )
                .await;
            assert_eq!(
                error_code(response).await,
                (401, ApiErrorCode::BadSignature)
            );
        }
    });
}

#[test]
fn repeated_not_me_answers_lock_approvals() {
    rt().block_on(async {
        for backend in backends() {
            let (central, kiosk, kvnr, first) = identified(backend).await;
            let phone = Phone::new(&central, 1);
            let device = activated(&central, &kiosk, first, &phone, None).await;
            for _ in 0..NOT_ME_LOCK {
                let (_, _, response) = ask_login(&central, &kiosk, &kvnr).await;
                let asked = created(response).await;
                let pending = phone.pending(&device).await;
                let not_me = ApprovalAnswer {
                    decision: Decision::NotMe,
                    number: None,
                    context_hash: Phone::context_hash(&pending[0]),
                };
                let response = phone.answer(&device, &asked.challenge_id, &not_me).await;
                assert_eq!(response.status(), 204);
            }
            let (_, _, response) = ask_login(&central, &kiosk, &kvnr).await;
            assert_eq!(
                error_code(response).await,
                (429, ApiErrorCode::ApprovalsLocked),
                "{backend}"
            );
            // A login approval is for a session nobody identified yet.
            let response = ask_approval(
                &kiosk,
                &ApprovalRequest {
                    session_id: first,
                    purpose: ApprovalFor::KioskLogin,
                    letter_id: Some(central.letter_for(&kvnr).await),
                },
            )
            .await;
            assert_eq!(
                error_code(response).await,
                (403, ApiErrorCode::NotIdentified)
            );
        }
    });
}

#[test]
fn a_member_is_asked_at_most_ten_times_an_hour() {
    rt().block_on(async {
        for backend in backends() {
            let (central, kiosk, kvnr, first) = identified(backend).await;
            let phone = Phone::new(&central, 1);
            activated(&central, &kiosk, first, &phone, None).await;
            // Each new approval replaces the open one, but still wakes the phone.
            for _ in 0..APPROVALS_PER_HOUR {
                let (_, _, response) = ask_login(&central, &kiosk, &kvnr).await;
                created(response).await;
            }
            let (_, _, response) = ask_login(&central, &kiosk, &kvnr).await;
            assert_eq!(
                error_code(response).await,
                (429, ApiErrorCode::ApprovalsLocked),
                "{backend}"
            );
        }
    });
}

#[test]
fn a_further_device_needs_an_approval_and_a_member_has_at_most_five() {
    rt().block_on(async {
        for backend in backends() {
            let (central, kiosk, kvnr, session) = identified(backend).await;
            let first = Phone::new(&central, 1);
            let first_device = activated(&central, &kiosk, session, &first, None).await;
            let approved = |n: u8| {
                let (central, kiosk, first, first_device) =
                    (&central, &kiosk, &first, &first_device);
                async move {
                    let asked = created(
                        ask_approval(
                            kiosk,
                            &ApprovalRequest {
                                session_id: session,
                                purpose: ApprovalFor::AddDevice,
                                letter_id: None,
                            },
                        )
                        .await,
                    )
                    .await;
                    let pending = first.pending(first_device).await;
                    assert_eq!(pending[0].purpose, ApprovalFor::AddDevice, "{n}");
                    let answer = approve(asked.number, Phone::context_hash(&pending[0]));
                    let response = first
                        .answer(first_device, &asked.challenge_id, &answer)
                        .await;
                    assert_eq!(response.status(), 204, "{:?}", response.text().await);
                    let _ = central;
                    asked.challenge_id
                }
            };
            for n in 2..=u8::try_from(MAX_ACTIVE_DEVICES).expect("small") {
                let approval = approved(n).await;
                let (created, qr) = register(&central, &kiosk, session, Some(&approval)).await;
                assert_eq!(qr.purpose, RegistrationPurpose::FurtherDevice);
                let lifetime = qr.expires_at - OffsetDateTime::now_utc();
                assert!(lifetime > FURTHER_DEVICE_LIFETIME - time::Duration::minutes(1));
                let bound: BindResponse = Phone::new(&central, n)
                    .bind(&qr)
                    .await
                    .json()
                    .await
                    .expect("bound");
                assert_eq!(
                    confirm(&kiosk, session, &created.registration_id, &bound.bind_code).await,
                    ConfirmOutcome::Activated
                );
                // An approval is used once.
                let response = kiosk
                    .client
                    .post(format!("{}/v1/smartident/registrations", kiosk.url))
                    .json(&kiosk_protocol::RegistrationRequest {
                        session_id: session,
                        approval_id: Some(approval),
                    })
                    .send()
                    .await
                    .expect("reuse");
                assert_eq!(
                    error_code(response).await,
                    (409, ApiErrorCode::ApprovalRequired),
                    "{backend}"
                );
            }
            assert_eq!(
                devices(&kiosk, session).await.devices.len(),
                MAX_ACTIVE_DEVICES
            );
            let approval = approved(6).await;
            let (_, qr) = register(&central, &kiosk, session, Some(&approval)).await;
            let response = Phone::new(&central, 6).bind(&qr).await;
            assert_eq!(
                error_code(response).await,
                (409, ApiErrorCode::DeviceLimit),
                "{backend}"
            );
            assert_eq!(
                central
                    .db
                    .member_notifications(&kvnr)
                    .await
                    .expect("notifications")
                    .len(),
                MAX_ACTIVE_DEVICES
            );
            // Another kiosk cannot use this session's approval.
            let other = EnrolledKiosk {
                kiosk_id: "K-B".into(),
                branch_id: kiosk.branch_id.clone(),
            };
            assert!(matches!(
                central
                    .db
                    .approval_status(&other, &session, &approval, OffsetDateTime::now_utc())
                    .await
                    .expect("db"),
                Err(SmartIdentRefusal::UnknownApproval)
            ));
        }
    });
}
