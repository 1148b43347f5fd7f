//! The Service-App's stand-in (phone-sim) against the real central system: it reads the
//! registration QR from a screenshot-like image through the kiosk's scan pipeline, binds a
//! PIN-protected key, approves a letter login with the number the kiosk shows, and removes
//! its own registration. On SQLite and PostgreSQL.

mod common;

use common::{
    backends,
    smartident::{approval_state, ask_approval, confirm, devices, identified, register, rt},
};
use kiosk_protocol::{
    ApprovalCreated, ApprovalFor, ApprovalRequest, ApprovalState, ConfirmOutcome, Decision,
    EventOutcome,
};
use phone_sim::{KeyFile, Phone, Pin, ScanError, read_registration};
use time::OffsetDateTime;

#[test]
fn phone_sim_registers_from_a_screenshot_and_approves_a_login() {
    rt().block_on(async {
        for backend in backends() {
            let (central, kiosk, kvnr, session) = identified(backend).await;
            let dir = tempfile::tempdir().expect("tempdir");
            let pki = central.config.pki_dir.clone();
            let pinned = phone_sim::scan::pinned_key(&pki.join("smartident.pub")).expect("pinned");

            // The kiosk's QR, seen only as pixels by the phone.
            let (created, _) = register(&central, &kiosk, session, None).await;
            let screenshot = dir.path().join("kiosk.png");
            kiosk_testkit::qr_image(&created.qr_text, 6)
                .save(&screenshot)
                .expect("png");
            let qr = read_registration(&screenshot, &pinned, OffsetDateTime::now_utc())
                .expect("the phone reads the kiosk's QR");
            assert_eq!(qr.registration_id.to_string(), created.registration_id);

            let pin = Pin::choose("482915").expect("pin");
            let key_path = dir.path().join("phone.key");
            let mut file = KeyFile::create(&key_path, &pin, qr.origin.as_str(), "Annas Pixel")
                .expect("key file");
            let ca = pki.join("ca.pem");
            let mut phone =
                Phone::new(&ca, file.origin(), file.key().clone(), None).expect("phone");
            let bound = phone.bind(&qr, file.label()).await.expect("bound");
            file.set_device_id(&bound.device_id).expect("stored");
            assert_eq!(
                confirm(&kiosk, session, &created.registration_id, &bound.bind_code).await,
                ConfirmOutcome::Activated,
                "{backend}"
            );
            assert_eq!(devices(&kiosk, session).await.devices.len(), 1);

            // Later: the key file opens with the PIN only, and the phone approves a login.
            let file = KeyFile::unlock(&key_path, &pin).expect("unlocked");
            let phone = Phone::new(&ca, file.origin(), file.key().clone(), file.device_id())
                .expect("phone");
            let login = uuid::Uuid::new_v4();
            let letter = central.letter_for(&kvnr).await;
            let response = ask_approval(
                &kiosk,
                &ApprovalRequest {
                    session_id: login,
                    purpose: ApprovalFor::KioskLogin,
                    letter_id: Some(letter.clone()),
                },
            )
            .await;
            let asked: ApprovalCreated = response.json().await.expect("asked");
            let pending = phone.pending().await.expect("pending");
            assert_eq!(pending.len(), 1);
            assert_eq!(pending[0].kiosk_id, kiosk.kiosk_id);
            phone
                .answer(&pending[0], Decision::Approve, Some(asked.number))
                .await
                .expect("approved");
            assert_eq!(
                approval_state(&kiosk, login, &asked.challenge_id).await,
                ApprovalState::Approved
            );
            let mut event = kiosk.identified(login, &letter);
            if let kiosk_protocol::EventPayload::IdentificationSucceeded(success) =
                &mut event.payload
            {
                success.trust_level = "high".into();
            }
            assert_eq!(
                kiosk.push(&[event]).await.results[0].outcome,
                EventOutcome::Applied,
                "{backend}: the session is level high"
            );

            phone.remove().await.expect("removed");
            file.destroy().expect("key gone");
            assert!(devices(&kiosk, session).await.devices.is_empty());
            assert!(!key_path.exists());
        }
    });
}

#[test]
fn phone_sim_refuses_what_is_not_the_central_systems_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pinned = kiosk_letter::SigningKey::from_bytes(&[1; 32]).verifying_key();
    let blank = dir.path().join("blank.png");
    image::GrayImage::from_pixel(200, 200, image::Luma([235]))
        .save(&blank)
        .expect("png");
    assert!(matches!(
        read_registration(&blank, &pinned, OffsetDateTime::now_utc()),
        Err(ScanError::NoCode { .. })
    ));
    // A registration signed by another key than the pinned one.
    let other = kiosk_letter::SigningKey::from_bytes(&[2; 32]);
    let origin =
        kiosk_smartident::PhoneApiOrigin::parse("https://central.example").expect("origin");
    let (_, text) = kiosk_central::smartident::new_registration(
        &other,
        &origin,
        None,
        OffsetDateTime::now_utc(),
    )
    .expect("random");
    let foreign = dir.path().join("foreign.png");
    kiosk_testkit::qr_image(&text, 6)
        .save(&foreign)
        .expect("png");
    assert!(matches!(
        read_registration(&foreign, &pinned, OffsetDateTime::now_utc()),
        Err(ScanError::Qr(kiosk_smartident::qr::QrError::UnknownKey))
    ));
}
