//! The central system over real HTTPS with mutual TLS, on SQLite and PostgreSQL.

mod common;

use common::{TestCentral, backends, client_for};
use kiosk_protocol::{
    ApiError, ApiErrorCode, ChangeItem, EventOutcome, EventPayload, FieldChange, MemberDataChange,
    MemberField, OutboundEvent,
};

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

#[test]
fn the_same_batch_twice_has_one_effect_and_a_reused_key_is_refused() {
    rt().block_on(async {
        for backend in backends() {
            let central = TestCentral::start(backend).await;
            let kiosk = central.enroll("K-1", "DEMO-01").await;
            let batch: Vec<OutboundEvent> = (0..250).map(|n| kiosk.session_event(n)).collect();

            let first = kiosk.push(&batch).await;
            assert!(
                first
                    .results
                    .iter()
                    .all(|r| r.outcome == EventOutcome::Applied && !r.repeated)
            );
            let second = kiosk.push(&batch).await;
            assert!(
                second
                    .results
                    .iter()
                    .all(|r| r.outcome == EventOutcome::Applied && r.repeated),
                "{backend}"
            );
            assert_eq!(
                central.db.event_count().await.expect("count"),
                250,
                "{backend}"
            );

            let mut reused = kiosk.session_event(999);
            reused.idempotency_key = batch[0].idempotency_key;
            let third = kiosk.push(&[reused]).await;
            assert_eq!(
                third.results[0].outcome,
                EventOutcome::KeyReused,
                "{backend}"
            );
            assert_eq!(
                central.db.event_count().await.expect("count"),
                250,
                "{backend}"
            );
        }
    });
}

#[test]
fn requests_without_valid_credentials_are_refused() {
    rt().block_on(async {
        for backend in backends() {
            let central = TestCentral::start(backend).await;
            let kiosk = central.enroll("K-1", "DEMO-01").await;
            let url = format!("{}/v1/changes", central.url());

            // No client certificate.
            let anonymous = central
                .client(None)
                .get(&url)
                .send()
                .await
                .expect("answers");
            assert_eq!(anonymous.status(), 401);
            let body: ApiError = anonymous.json().await.expect("typed error");
            assert_eq!(body.code, ApiErrorCode::Unauthenticated);

            // A certificate from another CA: the TLS handshake itself fails.
            let forger = tempfile::tempdir().expect("tempdir");
            kiosk_central::pki::init(forger.path(), &["127.0.0.1".into()]).expect("forged pki");
            let keys = rcgen::KeyPair::generate().expect("keys");
            let forged_ca = std::fs::read_to_string(forger.path().join("ca.pem")).expect("ca");
            let mut params = rcgen::CertificateParams::default();
            params
                .distinguished_name
                .push(rcgen::DnType::CommonName, "K-1");
            let self_made = params.self_signed(&keys).expect("cert");
            let identity = reqwest::Identity::from_pem(
                format!("{}{}", self_made.pem(), keys.serialize_pem()).as_bytes(),
            )
            .expect("identity");
            let forged = client_for(&central.ca_pem, Some(identity))
                .get(&url)
                .send()
                .await;
            assert!(
                forged.is_err() || forged.as_ref().is_ok_and(|r| r.status() == 401),
                "{forged:?}"
            );
            drop(forged_ca);

            // The enrolled kiosk is served, until it is revoked.
            assert_eq!(
                kiosk
                    .client
                    .get(&url)
                    .send()
                    .await
                    .expect("answers")
                    .status(),
                200
            );
            assert!(central.db.revoke_kiosk("K-1").await.expect("revoke"));
            let revoked = kiosk.client.get(&url).send().await.expect("answers");
            assert_eq!(revoked.status(), 403);
            let body: ApiError = revoked.json().await.expect("typed error");
            assert_eq!(body.code, ApiErrorCode::KioskRevoked, "{backend}");
        }
    });
}

#[test]
fn an_enrollment_code_works_once() {
    rt().block_on(async {
        let central = TestCentral::start("sqlite").await;
        let code = central.enrollment_code("K-2", "DEMO-01").await;
        let keys = rcgen::KeyPair::generate().expect("keys");
        let csr = rcgen::CertificateParams::default()
            .serialize_request(&keys)
            .expect("csr")
            .pem()
            .expect("pem");
        let request = kiosk_protocol::EnrollRequest {
            kiosk_id: "K-2".into(),
            enrollment_code: code,
            csr_pem: csr,
        };
        let client = central.client(None);
        let url = format!("{}/v1/enroll", central.url());
        assert_eq!(
            client
                .post(&url)
                .json(&request)
                .send()
                .await
                .expect("answers")
                .status(),
            200
        );
        let again = client
            .post(&url)
            .json(&request)
            .send()
            .await
            .expect("answers");
        assert_eq!(again.status(), 403);
        let body: ApiError = again.json().await.expect("typed error");
        assert_eq!(body.code, ApiErrorCode::EnrollmentRefused);
        let garbage = client
            .post(&url)
            .body("{\"kioskId\": 7}")
            .header("content-type", "application/json")
            .send()
            .await
            .expect("answers");
        assert_eq!(garbage.status(), 400);
    });
}

#[test]
fn kiosks_pull_their_branch_in_pages_without_gaps_or_repeats() {
    rt().block_on(async {
        for backend in backends() {
            let central = TestCentral::start(backend).await;
            let branches: Vec<String> = ["DEMO-01", "DEMO-02"].map(String::from).to_vec();
            kiosk_central::seed::seed(&central.db, &branches, 120, 7)
                .await
                .expect("seed");
            central.enroll("OTHER-K", "DEMO-02").await;
            assert!(central.db.revoke_kiosk("OTHER-K").await.expect("revoke"));
            let kiosk = central.enroll("K-1", "DEMO-01").await;

            let mut cursor = 0;
            let mut members = std::collections::HashSet::new();
            let mut revoked = Vec::new();
            let mut pages = 0;
            loop {
                let page = kiosk.pull(cursor, 50).await;
                pages += 1;
                for change in &page.changes {
                    assert!(change.seq > cursor, "{backend}: sequence goes forward");
                    match &change.item {
                        ChangeItem::Member(m) => assert!(members.insert(m.kvnr.clone()), "repeat"),
                        ChangeItem::KioskRevoked { kiosk_id } => revoked.push(kiosk_id.clone()),
                        other => panic!("unexpected {other:?}"),
                    }
                }
                cursor = page.next_cursor;
                if !page.more {
                    break;
                }
            }
            assert_eq!(
                members.len(),
                120,
                "{backend}: exactly this branch's members"
            );
            assert_eq!(
                revoked,
                ["OTHER-K"],
                "{backend}: fleet-wide revocations reach every branch"
            );
            assert!(pages >= 3, "{backend}: paged");
            assert!(kiosk.pull(cursor, 50).await.changes.is_empty());
        }
    });
}

#[test]
fn two_kiosks_changing_one_member_offline_apply_different_fields_and_flag_the_same() {
    rt().block_on(async {
        for backend in backends() {
            let central = TestCentral::start(backend).await;
            kiosk_central::seed::seed(&central.db, &["DEMO-01".to_string()], 5, 11)
                .await
                .expect("seed");
            let a = central.enroll("K-A", "DEMO-01").await;
            let b = central.enroll("K-B", "DEMO-01").await;
            let page = a.pull(0, 10).await;
            let ChangeItem::Member(member) = &page.changes[0].item else {
                panic!("a member first")
            };
            let session_a = a.identify(&central, &member.kvnr).await;
            let session_b = b.identify(&central, &member.kvnr).await;
            let change = |session_id, field, value: &str| OutboundEvent {
                idempotency_key: uuid::Uuid::new_v4(),
                occurred_at: "2026-11-29T09:00:00Z".into(),
                payload: EventPayload::MemberDataChanged(MemberDataChange {
                    session_id,
                    kvnr: member.kvnr.clone(),
                    base_version: member.version,
                    changes: vec![FieldChange {
                        field,
                        value: value.into(),
                    }],
                }),
            };
            // Both kiosks saw version 1 while offline.
            let from_a = a
                .push(&[change(session_a, MemberField::Phone, "+49 170 1111111")])
                .await;
            let from_b = b
                .push(&[change(session_b, MemberField::Email, "neu@example.org")])
                .await;
            assert_eq!(
                from_a.results[0].outcome,
                EventOutcome::Applied,
                "{backend}"
            );
            assert_eq!(
                from_b.results[0].outcome,
                EventOutcome::Applied,
                "{backend}"
            );
            let clash = b
                .push(&[change(session_b, MemberField::Phone, "+49 170 2222222")])
                .await;
            assert_eq!(
                clash.results[0].outcome,
                EventOutcome::Conflict {
                    fields: vec![MemberField::Phone]
                },
                "{backend}"
            );

            let db = &central.db;
            assert_eq!(
                db.member_field(&member.kvnr, MemberField::Phone)
                    .await
                    .expect("phone")
                    .as_deref(),
                Some("+49 170 1111111")
            );
            assert_eq!(
                db.member_field(&member.kvnr, MemberField::Email)
                    .await
                    .expect("email")
                    .as_deref(),
                Some("neu@example.org")
            );
            let review = db.review_items().await.expect("review");
            assert_eq!(review.len(), 1, "{backend}");
            assert_eq!(review[0].field, MemberField::Phone);
            assert_eq!(review[0].proposed_value, "+49 170 2222222");
            assert_eq!(review[0].current_value.as_deref(), Some("+49 170 1111111"));
            assert_eq!(review[0].kiosk_id, "K-B");
            // The new version reaches the kiosks, so their next change is based on it.
            let later = a.pull(page.next_cursor, 100).await;
            let versions: Vec<i64> = later
                .changes
                .iter()
                .filter_map(|c| match &c.item {
                    ChangeItem::Member(m) if m.kvnr == member.kvnr => Some(m.version),
                    _ => None,
                })
                .collect();
            assert_eq!(
                versions.last(),
                db.member_version(&member.kvnr)
                    .await
                    .expect("version")
                    .as_ref()
            );
        }
    });
}

#[test]
fn invalid_batches_name_the_field() {
    rt().block_on(async {
        let central = TestCentral::start("sqlite").await;
        kiosk_central::seed::seed(&central.db, &["DEMO-01".to_string()], 1, 3)
            .await
            .expect("seed");
        let kiosk = central.enroll("K-1", "DEMO-01").await;
        let mut bad = kiosk.session_event(1);
        bad.payload = EventPayload::MemberDataChanged(MemberDataChange {
            session_id: uuid::Uuid::new_v4(),
            kvnr: "A123456781".into(),
            base_version: 1,
            changes: vec![FieldChange {
                field: MemberField::Phone,
                value: "1".into(),
            }],
        });
        let response = kiosk
            .push_raw(&[kiosk.session_event(1), bad])
            .await
            .expect("answers");
        assert_eq!(response.status(), 400);
        let body: ApiError = response.json().await.expect("typed error");
        assert!(
            body.message.contains("events[1].payload.kvnr"),
            "{}",
            body.message
        );
        let mut foreign = kiosk.session_event(2);
        if let EventPayload::SessionEnded(e) = &mut foreign.payload {
            e.kiosk_id = "SOMEONE-ELSE".into();
        }
        let response = kiosk.push_raw(&[foreign]).await.expect("answers");
        assert_eq!(response.status(), 400);
        assert_eq!(
            central.db.event_count().await.expect("count"),
            0,
            "nothing of a refused batch is stored"
        );
    });
}

#[test]
fn a_client_that_stalls_before_the_tls_handshake_is_disconnected() {
    use tokio::io::AsyncReadExt;
    rt().block_on(async {
        let central = TestCentral::start("sqlite").await;
        let mut stalled = tokio::net::TcpStream::connect(central.addr())
            .await
            .expect("connects");
        // The server gives up on the handshake after 10 s; reading then sees the end.
        let mut byte = [0u8; 1];
        let read =
            tokio::time::timeout(std::time::Duration::from_secs(60), stalled.read(&mut byte))
                .await
                .expect("the server closed the stalled connection");
        assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
        // Others are served meanwhile and after.
        let health = central
            .client(None)
            .get(format!("{}/v1/health", central.url()))
            .send()
            .await
            .expect("health answers");
        assert!(health.status().is_success());
    });
}
