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

#[test]
fn enrollment_checks_the_code_before_it_reads_the_csr_and_takes_small_bodies_only() {
    rt().block_on(async {
        let central = TestCentral::start("sqlite").await;
        central.enrollment_code("K-7", "DEMO-01").await;
        let enroll = |code: &str, csr: String| {
            central
                .client(None)
                .post(format!("{}/v1/enroll", central.url()))
                .json(&kiosk_protocol::EnrollRequest {
                    kiosk_id: "K-7".into(),
                    enrollment_code: code.into(),
                    csr_pem: csr,
                })
                .send()
        };
        let not_a_csr =
            "-----BEGIN CERTIFICATE REQUEST-----\nMII\n-----END CERTIFICATE REQUEST-----\n";
        // A wrong code is refused before the (unreadable) CSR is looked at.
        let wrong = enroll("WRONG-CODE", not_a_csr.into())
            .await
            .expect("answers");
        assert_eq!(wrong.status(), 403);
        let body: ApiError = wrong.json().await.expect("typed error");
        assert_eq!(body.code, ApiErrorCode::EnrollmentRefused);
        // An unauthenticated caller cannot make the server read megabytes.
        let huge = format!(
            "-----BEGIN CERTIFICATE REQUEST-----\n{}\n-----END CERTIFICATE REQUEST-----\n",
            "A".repeat(200 * 1024)
        );
        let too_big = enroll("WRONG-CODE", huge).await.expect("answers");
        assert_eq!(too_big.status(), 413);
        let body: ApiError = too_big.json().await.expect("typed error");
        assert_eq!(body.code, ApiErrorCode::InvalidRequest);
    });
}

#[test]
fn a_client_that_stalls_after_the_tls_handshake_is_disconnected() {
    use tokio::io::AsyncReadExt;
    rt().block_on(async {
        let central = TestCentral::start("sqlite").await;
        let mut roots = rustls::RootCertStore::empty();
        for cert in rustls_pemfile_certs(&central.ca_pem) {
            roots.add(cert).expect("ca");
        }
        let config = rustls::ClientConfig::builder()
            .with_root_certificates(roots)
            .with_no_client_auth();
        let connector = tokio_rustls::TlsConnector::from(std::sync::Arc::new(config));
        let tcp = tokio::net::TcpStream::connect(central.addr())
            .await
            .expect("connects");
        let name = rustls::pki_types::ServerName::try_from("127.0.0.1").expect("name");
        let mut tls = connector.connect(name, tcp).await.expect("handshake");
        // No request follows: the server gives up after 10 s.
        let mut byte = [0u8; 1];
        let read = tokio::time::timeout(std::time::Duration::from_secs(60), tls.read(&mut byte))
            .await
            .expect("the server closed the idle connection");
        assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
    });
}

fn rustls_pemfile_certs(pem: &str) -> Vec<rustls::pki_types::CertificateDer<'static>> {
    use rustls::pki_types::pem::PemObject;
    rustls::pki_types::CertificateDer::pem_slice_iter(pem.as_bytes())
        .collect::<Result<_, _>>()
        .expect("pem")
}
