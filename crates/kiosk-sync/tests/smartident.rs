//! The kiosk's SmartIdent calls against the real central system: they need it online (never
//! queued), act only for the member identified in the session the kiosk reported, and turn
//! the central system's refusals into codes the kiosk can explain.

mod common;

use common::{DOWN, backends, runtime, setup};
use kiosk_protocol::{
    ApiErrorCode, ApprovalFor, ApprovalRequest, ConfirmOutcome, EventPayload,
    IdentificationSucceeded,
};
use kiosk_sync::SyncError;

fn refused(result: Result<impl std::fmt::Debug, SyncError>) -> ApiErrorCode {
    match result {
        Err(SyncError::Refused { code, .. }) => code,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn smartident_calls_need_the_central_system_and_explain_its_refusals() {
    runtime().block_on(async {
        for backend in backends() {
            let mut setup = setup(backend, "K-SI").await;
            let member = &kiosk_central::seed::members(&["DEMO-01".into()], 1, 5)[0];
            setup
                .central
                .db
                .insert_members(std::slice::from_ref(member))
                .await
                .expect("member");
            let signer = kiosk_central::letters::key_file::load(&setup._dir.path().join("pki"))
                .expect("key");
            let today = kiosk_domain::berlin::date(time::OffsetDateTime::now_utc());
            let kvnr = member.snapshot.kvnr.parse().expect("kvnr");
            let letter =
                kiosk_central::letters::issue(&setup.central.db, &signer, &kvnr, 60, today)
                    .await
                    .expect("issued");
            let letter_id = letter.letter_id.to_string();

            // The kiosk reports the identification; only then may it act for the member.
            let session = uuid::Uuid::new_v4();
            let client = setup.client();
            assert_eq!(
                refused(client.create_registration(session, None).await),
                ApiErrorCode::NotIdentified,
                "{backend}"
            );
            setup.enqueue(&EventPayload::IdentificationSucceeded(
                IdentificationSucceeded {
                    session_id: session,
                    branch_id: "DEMO-01".into(),
                    kiosk_id: "K-SI".into(),
                    method: kiosk_domain::IdentificationMethod::Letter,
                    trust_level: "substantial".into(),
                    letter_id: Some(letter_id.clone()),
                    staff: None,
                },
            ));
            setup.worker.run_once().await.expect("synced");

            let created = client
                .create_registration(session, None)
                .await
                .expect("a registration");
            assert!(created.qr_text.starts_with("KS1:"), "{}", created.qr_text);
            let status = client
                .registration_status(session, &created.registration_id)
                .await
                .expect("status");
            assert_eq!(status.state, kiosk_protocol::RegistrationPhase::Pending);
            assert_eq!(
                client
                    .confirm_registration(session, &created.registration_id, "123456")
                    .await
                    .expect("typed"),
                ConfirmOutcome::NotBoundYet
            );
            assert!(
                client
                    .devices(session)
                    .await
                    .expect("devices")
                    .devices
                    .is_empty()
            );
            let add = ApprovalRequest {
                session_id: session,
                purpose: ApprovalFor::AddDevice,
                letter_id: None,
            };
            assert_eq!(
                refused(client.create_approval(&add).await),
                ApiErrorCode::NoDevice
            );
            let login = ApprovalRequest {
                session_id: session,
                purpose: ApprovalFor::KioskLogin,
                letter_id: Some(letter_id),
            };
            assert_eq!(
                refused(client.create_approval(&login).await),
                ApiErrorCode::NotIdentified,
                "a login approval is for a session not identified yet"
            );
            assert_eq!(
                refused(client.remove_all_devices(session).await),
                ApiErrorCode::NotIdentified,
                "level high only"
            );
            assert_eq!(
                refused(
                    client
                        .remove_device(session, "0123456789abcdef0123456789abcdef")
                        .await
                ),
                ApiErrorCode::NotFound
            );
            assert!(matches!(
                client.registration_status(session, "../../v1/events").await,
                Err(SyncError::Invalid(_))
            ));

            // A letter by post: accepted the same for the member and for a made-up KVNR.
            let ask = |kvnr: &str| kiosk_protocol::LetterRequest {
                kvnr: kvnr.into(),
                birth_date: member.snapshot.birth_date.clone(),
            };
            client
                .request_letter(&ask(member.snapshot.kvnr.as_str()))
                .await
                .expect("accepted");
            let stranger = kiosk_domain::Kvnr::with_check_digit(b'Z', 12_345_678).expect("kvnr");
            client
                .request_letter(&ask(stranger.as_str()))
                .await
                .expect("accepted as well");
            assert_eq!(
                setup
                    .central
                    .db
                    .queued_letter_requests()
                    .await
                    .expect("db")
                    .len(),
                1
            );

            // The network is gone (the proxy refuses new connections; a fresh client has none
            // pooled): the kiosk can say so plainly.
            setup.proxy.set(DOWN);
            assert!(matches!(
                setup.client().create_registration(session, None).await,
                Err(SyncError::Offline(_))
            ));
            setup.central.stop();
        }
    });
}
