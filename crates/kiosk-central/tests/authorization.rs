//! Who may send what for whom: every member-bound event rests on an identification the central
//! system recorded (its letter, member, kiosk, branch, time and level), as a stolen kiosk
//! credential must not rewrite members fleet-wide. On SQLite and PostgreSQL.

mod common;

use common::{TestCentral, TestKiosk, backends};
use kiosk_protocol::{
    ChangeItem, EventOutcome, EventPayload, FieldChange, IdentificationRefused, LetterUnlocked,
    MemberDataChange, MemberField, OutboundEvent, SessionEnded, UniversityReportRequested,
};
use uuid::Uuid;

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn event(payload: EventPayload) -> OutboundEvent {
    OutboundEvent {
        idempotency_key: Uuid::new_v4(),
        occurred_at: "2026-11-29T09:00:00Z".into(),
        payload,
    }
}

fn change(session_id: Uuid, kvnr: &str, field: MemberField, value: &str) -> OutboundEvent {
    event(EventPayload::MemberDataChanged(MemberDataChange {
        session_id,
        kvnr: kvnr.into(),
        base_version: 1,
        changes: vec![FieldChange {
            field,
            value: value.into(),
        }],
    }))
}

fn rejected(reason: &str) -> EventOutcome {
    EventOutcome::Rejected {
        reason: reason.into(),
    }
}

async fn outcome(kiosk: &TestKiosk, event: OutboundEvent) -> EventOutcome {
    kiosk.push(&[event]).await.results.remove(0).outcome
}

/// Two members of DEMO-01 (their KVNRs), two kiosks there and one in DEMO-02.
async fn branch(backend: &str) -> (TestCentral, [String; 2], [TestKiosk; 3]) {
    let central = TestCentral::start(backend).await;
    kiosk_central::seed::seed(&central.db, &["DEMO-01".to_string()], 2, 5)
        .await
        .expect("seed");
    let a = central.enroll("K-A", "DEMO-01").await;
    let b = central.enroll("K-B", "DEMO-01").await;
    let elsewhere = central.enroll("K-X", "DEMO-02").await;
    let members: Vec<String> = a
        .pull(0, 100)
        .await
        .changes
        .into_iter()
        .filter_map(|c| match c.item {
            ChangeItem::Member(m) => Some(m.kvnr.clone()),
            _ => None,
        })
        .collect();
    let members = [members[0].clone(), members[1].clone()];
    (central, members, [a, b, elsewhere])
}

#[test]
fn a_member_change_is_applied_only_for_the_member_identified_in_that_session_at_that_kiosk() {
    rt().block_on(async {
        for backend in backends() {
            let (central, [m1, m2], [a, b, _]) = branch(backend).await;
            let session = a.identify(&central, &m1).await;
            let phone =
                |kvnr: &str, session| change(session, kvnr, MemberField::Phone, "+49 170 1");

            assert_eq!(
                outcome(&a, phone(&m1, session)).await,
                EventOutcome::Applied,
                "{backend}"
            );
            assert_eq!(
                outcome(&a, phone(&m2, session)).await,
                rejected("otherMember")
            );
            assert_eq!(
                outcome(&a, phone(&m1, Uuid::new_v4())).await,
                rejected("noIdentification")
            );
            assert_eq!(
                outcome(&b, phone(&m1, session)).await,
                rejected("otherKiosk"),
                "another kiosk of the branch cannot borrow the session"
            );
            // A letter and a date of birth are substantial; the postal address needs high.
            assert_eq!(
                outcome(
                    &a,
                    change(
                        session,
                        &m1,
                        MemberField::PostalAddress,
                        "Weg 1, 20095 Hamburg"
                    )
                )
                .await,
                rejected("levelTooLow")
            );
            let ended = event(EventPayload::SessionEnded(SessionEnded {
                session_id: session,
                branch_id: a.branch_id.clone(),
                kiosk_id: a.kiosk_id.clone(),
                reason: kiosk_domain::EndReason::Member,
                duration_seconds: 60,
            }));
            assert_eq!(outcome(&a, ended).await, EventOutcome::Applied);
            assert_eq!(
                outcome(&a, phone(&m1, session)).await,
                rejected("sessionEnded")
            );
            let db = &central.db;
            assert_ne!(
                db.member_field(&m2, MemberField::Phone)
                    .await
                    .expect("phone")
                    .as_deref(),
                Some("+49 170 1"),
                "{backend}: the other member is untouched"
            );
        }
    });
}

#[test]
fn an_identification_rests_on_a_valid_unused_letter_the_central_system_issued() {
    rt().block_on(async {
        for backend in backends() {
            let (central, [m1, _], [a, b, elsewhere]) = branch(backend).await;
            let unknown = Uuid::new_v4().simple().to_string();
            assert_eq!(
                outcome(&a, a.identified(Uuid::new_v4(), &unknown)).await,
                rejected("unknownLetter"),
                "{backend}"
            );

            let letter = central.letter_for(&m1).await;
            let mut wrong_branch = elsewhere.identified(Uuid::new_v4(), &letter);
            if let EventPayload::IdentificationSucceeded(e) = &mut wrong_branch.payload {
                e.branch_id = "DEMO-01".into();
            }
            assert_eq!(
                outcome(&elsewhere, wrong_branch).await,
                rejected("otherBranch")
            );
            let mut high = a.identified(Uuid::new_v4(), &letter);
            if let EventPayload::IdentificationSucceeded(e) = &mut high.payload {
                e.trust_level = "high".into();
            }
            assert_eq!(outcome(&a, high).await, rejected("levelNotProven"));
            let mut staff = a.identified(Uuid::new_v4(), &letter);
            if let EventPayload::IdentificationSucceeded(e) = &mut staff.payload {
                e.method = kiosk_domain::IdentificationMethod::StaffAssist;
            }
            assert_eq!(
                outcome(&a, staff).await,
                rejected("staffAuthenticationRequired")
            );

            let first = Uuid::new_v4();
            assert_eq!(
                outcome(&a, a.identified(first, &letter)).await,
                EventOutcome::Applied
            );
            // The same letter again, at another kiosk: flagged, and nothing rests on it.
            let second = Uuid::new_v4();
            assert_eq!(
                outcome(&b, b.identified(second, &letter)).await,
                rejected("letterAlreadyUsed")
            );
            assert_eq!(
                outcome(&b, change(second, &m1, MemberField::Email, "x@example.org")).await,
                rejected("noIdentification")
            );

            let revoked = central.letter_for(&m1).await;
            central.db.revoke_letter(&revoked).await.expect("revoke");
            assert_eq!(
                outcome(&a, a.identified(Uuid::new_v4(), &revoked)).await,
                rejected("letterRevoked")
            );
        }
    });
}

#[test]
fn a_university_report_is_queued_only_for_the_identified_member() {
    rt().block_on(async {
        for backend in backends() {
            let (central, [m1, m2], [a, _, _]) = branch(backend).await;
            let session = a.identify(&central, &m1).await;
            let report = |kvnr: &str| {
                event(EventPayload::UniversityReportRequested(
                    UniversityReportRequested {
                        session_id: session,
                        branch_id: a.branch_id.clone(),
                        kiosk_id: a.kiosk_id.clone(),
                        request_id: Uuid::new_v4(),
                        kvnr: kvnr.into(),
                        sender_number: "H0000719".into(),
                    },
                ))
            };
            assert_eq!(outcome(&a, report(&m2)).await, rejected("otherMember"));
            assert!(
                central
                    .db
                    .university_reports()
                    .await
                    .expect("reports")
                    .is_empty(),
                "{backend}"
            );
            assert_eq!(outcome(&a, report(&m1)).await, EventOutcome::Applied);
            assert_eq!(central.db.university_reports().await.expect("r").len(), 1);
        }
    });
}

#[test]
fn wrong_dates_of_birth_count_across_the_fleet_and_lock_the_letter_at_three() {
    rt().block_on(async {
        for backend in backends() {
            let (central, [m1, _], [a, b, elsewhere]) = branch(backend).await;
            let letter = central.letter_for(&m1).await;
            let before = a.pull(0, 1000).await.next_cursor;
            let mismatch = |kiosk: &TestKiosk| {
                event(EventPayload::IdentificationRefused(IdentificationRefused {
                    session_id: Uuid::new_v4(),
                    branch_id: kiosk.branch_id.clone(),
                    kiosk_id: kiosk.kiosk_id.clone(),
                    reason: "birthDateMismatch".into(),
                    letter_id: Some(letter.clone()),
                    attempts_left: Some(2),
                }))
            };
            // One wrong date at each of two kiosks: the letter still works.
            a.push(&[mismatch(&a)]).await;
            b.push(&[mismatch(&b)]).await;
            assert!(
                a.pull(before, 1000).await.changes.is_empty(),
                "{backend}: not locked after two"
            );
            // The third, at a kiosk of another branch, locks it on every kiosk.
            elsewhere.push(&[mismatch(&elsewhere)]).await;
            let locked = a.pull(before, 1000).await;
            let items: Vec<&ChangeItem> = locked.changes.iter().map(|c| &c.item).collect();
            assert_eq!(
                items,
                vec![&ChangeItem::LetterLocked {
                    letter_id: letter.clone()
                }],
                "{backend}"
            );
            assert_eq!(
                outcome(&a, a.identified(Uuid::new_v4(), &letter)).await,
                rejected("letterLocked")
            );

            // A kiosk cannot unlock it; IT at the central system can, and the count restarts.
            let unlock = event(EventPayload::LetterUnlocked(LetterUnlocked {
                branch_id: a.branch_id.clone(),
                kiosk_id: a.kiosk_id.clone(),
                letter_id: letter.clone(),
                staff_id: "S-1".into(),
                session_id: None,
            }));
            assert_eq!(
                outcome(&a, unlock).await,
                rejected("staffAuthenticationRequired")
            );
            assert!(a.pull(locked.next_cursor, 1000).await.changes.is_empty());
            assert_eq!(
                central.db.unlock_letter(&letter).await.expect("unlock"),
                kiosk_central::db::Unlock::Unlocked
            );
            a.push(&[mismatch(&a)]).await;
            let after = a.pull(locked.next_cursor, 1000).await;
            let items: Vec<&ChangeItem> = after.changes.iter().map(|c| &c.item).collect();
            assert_eq!(
                items,
                vec![&ChangeItem::LetterUnlocked {
                    letter_id: letter.clone()
                }],
                "{backend}: one wrong date after the unlock does not lock it again"
            );
            assert_eq!(
                outcome(&a, a.identified(Uuid::new_v4(), &letter)).await,
                EventOutcome::Applied
            );
        }
    });
}

#[test]
fn idempotency_keys_belong_to_their_kiosk() {
    rt().block_on(async {
        for backend in backends() {
            let (_central, [m1, _], [a, b, _]) = branch(backend).await;
            // An event without the sender's id in it, sent by one kiosk and replayed by another.
            let first = change(Uuid::new_v4(), &m1, MemberField::Phone, "+49 170 9");
            let answer = a.push(std::slice::from_ref(&first)).await;
            assert!(!answer.results[0].repeated);
            let replayed = b.push(&[first]).await;
            assert_eq!(
                (&replayed.results[0].outcome, replayed.results[0].repeated),
                (&EventOutcome::KeyReused, false),
                "{backend}: another kiosk's key is not this kiosk's redelivery"
            );
        }
    });
}
