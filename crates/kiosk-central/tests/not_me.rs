//! "Das war ich nicht": every device notification carries a one-use link (its token goes to the
//! mail system, only its hash is kept). Following it removes all of the member's devices and
//! cancels what is open, once; a used, unknown or malformed token changes nothing. On SQLite
//! and PostgreSQL.

mod common;

use common::{
    TestCentral, backends,
    smartident::{
        Phone, activated, approval_state, ask_approval, devices, error_code, identified, rt,
    },
};
use kiosk_protocol::{
    ApiErrorCode, ApprovalCreated, ApprovalFor, ApprovalRequest, ApprovalState, NotMeLink,
};

async fn follow(central: &TestCentral, token: &str) -> reqwest::Response {
    central
        .client(None)
        .post(format!("{}/phone/v1/not-me", central.url()))
        .json(&NotMeLink {
            token: token.to_owned(),
        })
        .send()
        .await
        .expect("not-me request")
}

#[test]
fn the_not_me_link_blocks_every_device_once() {
    rt().block_on(async {
        for backend in backends() {
            let (central, kiosk, kvnr, session) = identified(backend).await;
            activated(&central, &kiosk, session, &Phone::new(&central, 1), None).await;
            let mail = central.db.mail_outbox(&kvnr).await.expect("mail");
            assert_eq!(mail.len(), 1, "{backend}");
            let (kind, token) = &mail[0];
            assert_eq!(kind, "deviceAdded");
            assert_eq!(token.len(), 64);
            // Only the hash is on the notification's record.
            let kept = central.db.member_notifications(&kvnr).await.expect("db");
            assert!(!format!("{kept:?}").contains(token.as_str()));

            // Whoever is at it: an approval for a further device waits, and is cancelled too.
            let response = ask_approval(
                &kiosk,
                &ApprovalRequest {
                    session_id: session,
                    purpose: ApprovalFor::AddDevice,
                    letter_id: None,
                },
            )
            .await;
            assert_eq!(response.status(), 200, "{backend}");
            let open: ApprovalCreated = response.json().await.expect("approval");

            // Malformed and unknown tokens change nothing.
            let response = follow(&central, "../../v1/events").await;
            assert_eq!(
                error_code(response).await,
                (400, ApiErrorCode::InvalidRequest)
            );
            let response = follow(&central, &"0".repeat(64)).await;
            assert_eq!(error_code(response).await, (404, ApiErrorCode::NotFound));
            assert_eq!(devices(&kiosk, session).await.devices.len(), 1, "{backend}");

            let response = follow(&central, token).await;
            assert_eq!(
                response.status(),
                204,
                "{backend}: {:?}",
                response.text().await
            );
            assert!(
                devices(&kiosk, session).await.devices.is_empty(),
                "{backend}"
            );
            assert_eq!(
                approval_state(&kiosk, session, &open.challenge_id).await,
                ApprovalState::Cancelled
            );
            let kinds: Vec<String> = central
                .db
                .member_notifications(&kvnr)
                .await
                .expect("db")
                .into_iter()
                .map(|(kind, _)| kind)
                .collect();
            assert_eq!(kinds, ["deviceAdded", "allDevicesRemoved"], "{backend}");

            // Once: the same link again is refused.
            let response = follow(&central, token).await;
            assert_eq!(
                error_code(response).await,
                (404, ApiErrorCode::NotFound),
                "{backend}"
            );
        }
    });
}
