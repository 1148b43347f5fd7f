//! SmartIdent at the central system: a kiosk asks for a registration QR, a phone binds its key
//! with a signed call, and only the code typed at the kiosk activates the device; "Meine
//! Geräte", removal and the member notifications. On SQLite and PostgreSQL.

mod common;

use common::{
    backends,
    smartident::{Phone, confirm, devices, error_code, identified, register, rt, status},
};
use kiosk_central::db::{EnrolledKiosk, NewDevice, SmartIdentRefusal};
use kiosk_letter::SigningKey;
use kiosk_protocol::{ApiErrorCode, BindResponse, ConfirmOutcome, RegistrationRequest, SessionRef};
use kiosk_smartident::{
    request::{Signer, public_key_base64},
    rules::{BindRefusal, REGISTRATION_LIFETIME},
};
use time::OffsetDateTime;

#[test]
fn a_phone_is_active_only_after_its_code_is_typed_at_the_kiosk() {
    rt().block_on(async {
        for backend in backends() {
            let (central, kiosk, kvnr, session) = identified(backend).await;
            let (created, qr) = register(&central, &kiosk, session, None).await;
            assert!(created.qr_text.starts_with("KS1:"), "{backend}");
            assert_eq!(
                status(&kiosk, session, &created.registration_id)
                    .await
                    .state,
                kiosk_protocol::RegistrationPhase::Pending
            );

            let phone = Phone::new(&central, 1);
            let response = phone.bind(&qr).await;
            assert_eq!(
                response.status(),
                200,
                "{backend}: {:?}",
                response.text().await
            );
            let bound: BindResponse = response.json().await.expect("bind body");
            assert_eq!(bound.bind_code.len(), 6);
            assert_eq!(
                status(&kiosk, session, &created.registration_id)
                    .await
                    .state,
                kiosk_protocol::RegistrationPhase::KeyBound
            );
            assert!(
                devices(&kiosk, session).await.devices.is_empty(),
                "bound is not active"
            );

            // A second phone with the same (photographed) QR: refused, the first wins.
            let (code, kind) = error_code(Phone::new(&central, 2).bind(&qr).await).await;
            assert_eq!(
                (code, kind),
                (409, ApiErrorCode::RegistrationClosed),
                "{backend}"
            );

            let wrong = if bound.bind_code == "000000" {
                "111111"
            } else {
                "000000"
            };
            assert_eq!(
                confirm(&kiosk, session, &created.registration_id, wrong).await,
                ConfirmOutcome::Wrong { tries_left: 2 }
            );
            assert_eq!(
                confirm(&kiosk, session, &created.registration_id, &bound.bind_code).await,
                ConfirmOutcome::Activated,
                "{backend}"
            );
            let listed = devices(&kiosk, session).await.devices;
            assert_eq!(listed.len(), 1);
            assert_eq!(listed[0].device_id, bound.device_id);
            assert_eq!(listed[0].label, "Annas Pixel");
            assert_eq!(listed[0].registered_branch, "DEMO-01");
            assert_eq!(
                central
                    .db
                    .member_notifications(&kvnr)
                    .await
                    .expect("notifications"),
                [("deviceAdded".to_owned(), Some("Annas Pixel".to_owned()))]
            );
            // A further device needs an approval by the registered one.
            let response = kiosk
                .client
                .post(format!("{}/v1/smartident/registrations", kiosk.url))
                .json(&RegistrationRequest {
                    session_id: session,
                    approval_id: None,
                })
                .send()
                .await
                .expect("register");
            assert_eq!(
                error_code(response).await,
                (409, ApiErrorCode::ApprovalRequired)
            );

            // The phone removes its own registration: exactly that device, notified.
            let response = phone
                .call(
                    "DELETE",
                    "/phone/v1/device",
                    b"",
                    Signer::Device(bound.device_id.parse().expect("id")),
                    &phone.key,
                )
                .await;
            assert_eq!(response.status(), 204, "{:?}", response.text().await);
            assert!(devices(&kiosk, session).await.devices.is_empty());
            let kinds: Vec<String> = central
                .db
                .member_notifications(&kvnr)
                .await
                .expect("notifications")
                .into_iter()
                .map(|(kind, _)| kind)
                .collect();
            assert_eq!(kinds, ["deviceAdded", "deviceRemoved"]);
        }
    });
}

#[test]
fn three_wrong_codes_fail_the_registration_and_drop_the_key() {
    rt().block_on(async {
        for backend in backends() {
            let (central, kiosk, _, session) = identified(backend).await;
            let (created, qr) = register(&central, &kiosk, session, None).await;
            let bound: BindResponse = Phone::new(&central, 1)
                .bind(&qr)
                .await
                .json()
                .await
                .expect("bind");
            let wrong = if bound.bind_code == "000000" {
                "111111"
            } else {
                "000000"
            };
            let id = &created.registration_id;
            assert_eq!(
                confirm(&kiosk, session, id, wrong).await,
                ConfirmOutcome::Wrong { tries_left: 2 }
            );
            // Not six digits counts as a wrong try too.
            assert_eq!(
                confirm(&kiosk, session, id, "12ab").await,
                ConfirmOutcome::Wrong { tries_left: 1 }
            );
            assert_eq!(
                confirm(&kiosk, session, id, wrong).await,
                ConfirmOutcome::Failed,
                "{backend}"
            );
            assert_eq!(
                confirm(&kiosk, session, id, &bound.bind_code).await,
                ConfirmOutcome::Closed
            );
            assert_eq!(
                status(&kiosk, session, id).await.state,
                kiosk_protocol::RegistrationPhase::Failed
            );
            assert!(devices(&kiosk, session).await.devices.is_empty());
        }
    });
}

#[test]
fn a_phone_call_must_be_signed_by_its_own_key_and_carry_the_qr_nonce() {
    rt().block_on(async {
        for backend in backends() {
            let (central, kiosk, _, session) = identified(backend).await;
            let (_, qr) = register(&central, &kiosk, session, None).await;
            let phone = Phone::new(&central, 1);
            let thief = SigningKey::from_bytes(&[9; 32]);
            // Signed by another key than the one it binds.
            let response = phone
                .call(
                    "POST",
                    "/phone/v1/bind",
                    &phone.bind_body(&qr, None),
                    Signer::Bind,
                    &thief,
                )
                .await;
            assert_eq!(
                error_code(response).await,
                (401, ApiErrorCode::BadSignature),
                "{backend}"
            );
            // The registration id without the QR's nonce binds nothing.
            let response = phone
                .call(
                    "POST",
                    "/phone/v1/bind",
                    &phone.bind_body(&qr, Some([0; 16])),
                    Signer::Bind,
                    &phone.key,
                )
                .await;
            assert_eq!(
                error_code(response).await,
                (409, ApiErrorCode::RegistrationClosed)
            );
            // Unsigned.
            let response = central
                .client(None)
                .post(format!("{}/phone/v1/bind", central.url()))
                .body(phone.bind_body(&qr, None))
                .send()
                .await
                .expect("unsigned");
            assert_eq!(
                error_code(response).await,
                (401, ApiErrorCode::BadSignature)
            );
            // The real phone still binds.
            assert_eq!(phone.bind(&qr).await.status(), 200);
            // A removal signed with a foreign key for a device id it does not hold.
            let response = phone
                .call(
                    "DELETE",
                    "/phone/v1/device",
                    b"",
                    Signer::Device(kiosk_smartident::DeviceId::from_bytes([1; 16])),
                    &thief,
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
fn registrations_expire_and_a_new_one_cancels_the_open_one() {
    rt().block_on(async {
        for backend in backends() {
            let (central, kiosk, _, session) = identified(backend).await;
            let enrolled = EnrolledKiosk {
                kiosk_id: kiosk.kiosk_id.clone(),
                branch_id: kiosk.branch_id.clone(),
            };
            let key = kiosk_central::smartident::load_key(&central.config.pki_dir).expect("key");
            let origin =
                kiosk_smartident::PhoneApiOrigin::parse("https://central.example").expect("origin");
            let now = OffsetDateTime::now_utc();
            let (first, _) = kiosk_central::smartident::new_registration(&key, &origin, None, now)
                .expect("random");
            central
                .db
                .create_registration(&enrolled, &session, &first, now)
                .await
                .expect("db")
                .expect("created");
            let device = |n: u8| NewDevice {
                device_id: hex::encode([n; 16]),
                public_key: public_key_base64(&SigningKey::from_bytes(&[n; 32]).verifying_key()),
                label: "Telefon".into(),
                platform: "simulator".into(),
                push_handle: None,
            };
            let bind = |record: &kiosk_central::db::NewRegistration, n: u8, at: OffsetDateTime| {
                let db = central.db.clone();
                let record = record.clone();
                async move {
                    db.bind_device(
                        &record.registration_id,
                        &record.nonce_hash,
                        &device(n),
                        "hash",
                        at,
                    )
                    .await
                    .expect("db")
                }
            };
            assert_eq!(
                bind(&first, 1, now + REGISTRATION_LIFETIME).await,
                Err(SmartIdentRefusal::Bind(BindRefusal::Expired)),
                "{backend}: the server enforces the QR's lifetime"
            );
            let (second, _) = kiosk_central::smartident::new_registration(&key, &origin, None, now)
                .expect("random");
            central
                .db
                .create_registration(&enrolled, &session, &second, now)
                .await
                .expect("db")
                .expect("created");
            assert_eq!(
                bind(&first, 1, now).await,
                Err(SmartIdentRefusal::Bind(BindRefusal::Cancelled))
            );
            assert_eq!(bind(&second, 1, now).await, Ok(()));
            // Bound, then replaced by a new QR: the bound key is dropped with it.
            let (third, _) = kiosk_central::smartident::new_registration(&key, &origin, None, now)
                .expect("random");
            central
                .db
                .create_registration(&enrolled, &session, &third, now)
                .await
                .expect("db")
                .expect("created");
            assert_eq!(
                central
                    .db
                    .device_key(&hex::encode([1; 16]))
                    .await
                    .expect("db"),
                None
            );
            // Another kiosk's session, or none, gets nothing.
            let other = EnrolledKiosk {
                kiosk_id: "K-B".into(),
                ..enrolled.clone()
            };
            assert!(matches!(
                central
                    .db
                    .create_registration(&other, &session, &third, now)
                    .await
                    .expect("db"),
                Err(SmartIdentRefusal::NotIdentified(_))
            ));
        }
    });
}

#[test]
fn removing_all_devices_needs_level_high() {
    rt().block_on(async {
        for backend in backends() {
            let (_central, kiosk, _, session) = identified(backend).await;
            let response = kiosk
                .client
                .post(format!("{}/v1/smartident/devices/remove-all", kiosk.url))
                .json(&SessionRef {
                    session_id: session,
                })
                .send()
                .await
                .expect("remove all");
            assert_eq!(
                error_code(response).await,
                (403, ApiErrorCode::NotIdentified),
                "{backend}"
            );
        }
    });
}
