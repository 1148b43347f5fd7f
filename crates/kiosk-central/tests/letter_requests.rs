//! "Aktivierungsbrief per Post anfordern": a letter is queued only when KVNR and date of birth
//! match, at most one per member within 30 days; the kiosk gets the same answer every time, so
//! the call cannot tell who is insured; a kiosk asking too often is stopped. On SQLite and
//! PostgreSQL.

mod common;

use common::{
    TestKiosk, backends,
    smartident::{rt, seeded},
};
use kiosk_central::db::REQUESTS_PER_KIOSK_PER_HOUR;
use kiosk_protocol::LetterRequest;

/// The answer's status and body.
async fn ask(kiosk: &TestKiosk, kvnr: &str, birth_date: &str) -> (u16, Vec<u8>) {
    let response = kiosk
        .client
        .post(format!("{}/v1/letter-requests", kiosk.url))
        .json(&LetterRequest {
            kvnr: kvnr.into(),
            birth_date: birth_date.into(),
        })
        .send()
        .await
        .expect("letter request");
    let status = response.status().as_u16();
    (status, response.bytes().await.expect("body").to_vec())
}

#[test]
fn a_letter_is_queued_only_for_matching_data_and_the_answer_never_tells() {
    rt().block_on(async {
        for backend in backends() {
            let (central, kiosk, member) = seeded(backend).await;
            let stranger = kiosk_domain::Kvnr::with_check_digit(b'Z', 12_345_678)
                .expect("kvnr")
                .as_str()
                .to_owned();
            assert!(
                central
                    .db
                    .queued_letter_requests()
                    .await
                    .expect("db")
                    .is_empty()
            );

            let matched = ask(&kiosk, &member.kvnr, &member.birth_date).await;
            assert_eq!(matched.0, 202, "{backend}");
            let queued = central.db.queued_letter_requests().await.expect("db");
            assert_eq!(queued.len(), 1);
            assert_eq!(queued[0].1, member.kvnr);

            // Wrong date of birth, an unknown KVNR, the same request again: the same answer,
            // and nothing more queued.
            for (kvnr, born) in [
                (member.kvnr.as_str(), "1901-01-01"),
                (stranger.as_str(), member.birth_date.as_str()),
                (member.kvnr.as_str(), member.birth_date.as_str()),
            ] {
                assert_eq!(ask(&kiosk, kvnr, born).await, matched, "{backend}: {born}");
            }
            assert_eq!(
                central.db.queued_letter_requests().await.expect("db").len(),
                1
            );

            // A malformed request says what is wrong with it, and counts for nothing.
            let (status, body) = ask(&kiosk, "A12345", &member.birth_date).await;
            assert_eq!(status, 400);
            assert!(String::from_utf8_lossy(&body).contains("kvnr"));

            // A kiosk trying KVNRs is stopped after its hourly allowance.
            for _ in 4..REQUESTS_PER_KIOSK_PER_HOUR {
                assert_eq!(ask(&kiosk, &stranger, "1980-01-01").await.0, 202);
            }
            assert_eq!(
                ask(&kiosk, &stranger, "1980-01-01").await.0,
                429,
                "{backend}"
            );
            let other = central.enroll("K-B", "DEMO-01").await;
            assert_eq!(
                ask(&other, &stranger, "1980-01-01").await.0,
                202,
                "per kiosk"
            );
        }
    });
}
