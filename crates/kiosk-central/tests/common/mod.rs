//! A central system on loopback for tests, on SQLite and (when the test command started one)
//! on a real PostgreSQL, plus kiosks that enroll with it like real ones.
#![allow(dead_code)] // each test file uses part of this

use std::{net::SocketAddr, path::PathBuf, sync::Arc};

use kiosk_central::{CentralConfig, Db, RunningServer, server::hash_code};
use kiosk_protocol::{
    EnrollRequest, EnrollResponse, OutboundEvent, PullResponse, PushRequest, PushResponse,
};
use rcgen::{CertificateParams, DnType, KeyPair};
use sqlx::Connection;

pub mod smartident;

/// The databases every scenario runs on. PostgreSQL comes from `KIOSK_TEST_POSTGRES_URL`
/// (set by scripts/test, which starts a server); with `KIOSK_REQUIRE_POSTGRES=1` its absence
/// fails the test instead of skipping PostgreSQL.
pub fn backends() -> Vec<&'static str> {
    let mut all = vec!["sqlite"];
    match std::env::var("KIOSK_TEST_POSTGRES_URL") {
        Ok(_) => all.push("postgres"),
        Err(_) if std::env::var("KIOSK_REQUIRE_POSTGRES").as_deref() == Ok("1") => {
            panic!("KIOSK_TEST_POSTGRES_URL is not set but KIOSK_REQUIRE_POSTGRES=1")
        }
        Err(_) => eprintln!(
            "note: KIOSK_TEST_POSTGRES_URL not set: PostgreSQL skipped (scripts/test sets it)"
        ),
    }
    all
}

/// A fresh database URL on the backend: a new PostgreSQL database per test, or a SQLite file.
pub async fn fresh_database(backend: &str, dir: &std::path::Path) -> String {
    if backend == "sqlite" {
        return format!("sqlite://{}", dir.join("central.db").display());
    }
    let admin = std::env::var("KIOSK_TEST_POSTGRES_URL").expect("postgres url");
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .expect("connect to postgres");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("create database");
    let base = admin
        .rsplit_once('/')
        .map(|(base, _)| base)
        .expect("url with a database");
    format!("{base}/{name}")
}

pub struct TestCentral {
    pub dir: tempfile::TempDir,
    pub config: CentralConfig,
    pub server: Option<RunningServer>,
    pub db: Db,
    pub ca_pem: String,
}

impl TestCentral {
    pub async fn start(backend: &str) -> TestCentral {
        TestCentral::start_with(backend, |_| {}).await
    }

    /// As [`TestCentral::start`], with the configuration changed by `edit` first.
    pub async fn start_with(backend: &str, edit: impl FnOnce(&mut CentralConfig)) -> TestCentral {
        let dir = tempfile::tempdir().expect("tempdir");
        let pki_dir = dir.path().join("pki");
        kiosk_central::pki::init(&pki_dir, &["127.0.0.1".into(), "localhost".into()]).expect("pki");
        let mut config = CentralConfig {
            listen: "127.0.0.1:0".parse().expect("addr"),
            database_url: fresh_database(backend, dir.path()).await,
            pki_dir: pki_dir.clone(),
            idempotency_retention_days: kiosk_central::MIN_RETENTION_DAYS,
            max_concurrent_pushes: 64,
            // Far above what any test sends; the limits have a test of their own.
            kiosk_requests_per_minute: 60_000,
            anonymous_requests_per_minute: 60_000,
            phone_api_origin: None,
        };
        edit(&mut config);
        let server = kiosk_central::serve(&config).await.expect("central starts");
        let db = server.db.clone();
        let ca_pem = std::fs::read_to_string(pki_dir.join("ca.pem")).expect("ca");
        TestCentral {
            dir,
            config,
            server: Some(server),
            db,
            ca_pem,
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.server.as_ref().expect("running").addr
    }

    pub fn url(&self) -> String {
        format!("https://127.0.0.1:{}", self.addr().port())
    }

    pub fn ca_file(&self) -> PathBuf {
        self.config.pki_dir.join("ca.pem")
    }

    /// Registers a kiosk and returns its one-time code, as `kiosk-central enroll-kiosk` does.
    pub async fn enrollment_code(&self, kiosk_id: &str, branch_id: &str) -> String {
        let code = format!("CODE-{}", uuid::Uuid::new_v4().simple());
        self.db
            .create_enrollment(kiosk_id, branch_id, &hash_code(&code), 3_600_000)
            .await
            .expect("enrollment");
        code
    }

    pub fn client(&self, identity: Option<reqwest::Identity>) -> reqwest::Client {
        client_for(&self.ca_pem, identity)
    }

    /// A letter for the member, as `issue-letter` records it (valid for 60 days from
    /// today); its id.
    pub async fn letter_for(&self, kvnr: &str) -> String {
        let key_id = "2026-T1";
        self.db
            // Neither key nor endorsement is checked here: these tests send no tokens.
            .register_letter_key(
                key_id,
                "dGVzdCBrZXkgb2YgdGhlIHRlc3RzIDAwMDAwMDAwMDA=",
                "not checked",
            )
            .await
            .expect("letter key");
        let today = kiosk_domain::berlin::date(time::OffsetDateTime::now_utc());
        let letter_id = uuid::Uuid::new_v4().simple().to_string();
        self.db
            .insert_letter(&kiosk_central::db::LetterRecord {
                letter_id: letter_id.clone(),
                kvnr: kvnr.into(),
                key_id: key_id.into(),
                purpose: "activation".into(),
                issued: today.to_string(),
                expires: (today + time::Duration::days(60)).to_string(),
                revoked_at: None,
                used_at: None,
            })
            .await
            .expect("letter");
        letter_id
    }

    pub async fn enroll(&self, kiosk_id: &str, branch_id: &str) -> TestKiosk {
        let code = self.enrollment_code(kiosk_id, branch_id).await;
        let keys = KeyPair::generate().expect("keys");
        let mut params = CertificateParams::default();
        params.distinguished_name.push(DnType::CommonName, kiosk_id);
        let csr = params
            .serialize_request(&keys)
            .expect("csr")
            .pem()
            .expect("pem");
        let response = self
            .client(None)
            .post(format!("{}/v1/enroll", self.url()))
            .json(&EnrollRequest {
                kiosk_id: kiosk_id.into(),
                enrollment_code: code,
                csr_pem: csr,
            })
            .send()
            .await
            .expect("enroll request");
        assert_eq!(response.status(), 200, "{:?}", response.text().await);
        let enrolled: EnrollResponse = response.json().await.expect("enroll body");
        let identity = reqwest::Identity::from_pem(
            format!("{}{}", enrolled.certificate_pem, keys.serialize_pem()).as_bytes(),
        )
        .expect("identity");
        TestKiosk {
            url: self.url(),
            client: Arc::new(self.client(Some(identity))),
            kiosk_id: kiosk_id.into(),
            branch_id: branch_id.into(),
        }
    }
}

pub fn client_for(ca_pem: &str, identity: Option<reqwest::Identity>) -> reqwest::Client {
    let ca = reqwest::Certificate::from_pem(ca_pem.as_bytes()).expect("ca cert");
    // A request that never ends fails the test with its URL instead of hanging the suite.
    let mut builder = reqwest::Client::builder()
        .tls_certs_only([ca])
        .timeout(std::time::Duration::from_secs(60));
    if let Some(identity) = identity {
        builder = builder.identity(identity);
    }
    builder.build().expect("client")
}

#[derive(Clone)]
pub struct TestKiosk {
    pub url: String,
    pub client: Arc<reqwest::Client>,
    pub kiosk_id: String,
    pub branch_id: String,
}

impl TestKiosk {
    pub async fn push_raw(&self, events: &[OutboundEvent]) -> reqwest::Result<reqwest::Response> {
        self.client
            .post(format!("{}/v1/events", self.url))
            .json(&PushRequest {
                events: events.to_vec(),
            })
            .send()
            .await
    }

    pub async fn push(&self, events: &[OutboundEvent]) -> PushResponse {
        let response = self.push_raw(events).await.expect("push request");
        assert_eq!(response.status(), 200, "{:?}", response.text().await);
        response.json().await.expect("push body")
    }

    pub async fn pull(&self, cursor: i64, limit: u32) -> PullResponse {
        let response = self
            .client
            .get(format!(
                "{}/v1/changes?cursor={cursor}&limit={limit}",
                self.url
            ))
            .send()
            .await
            .expect("pull request");
        assert_eq!(response.status(), 200, "{:?}", response.text().await);
        response.json().await.expect("pull body")
    }

    /// `identification.succeeded` for a session of this kiosk with the letter.
    pub fn identified(&self, session_id: uuid::Uuid, letter_id: &str) -> OutboundEvent {
        OutboundEvent {
            idempotency_key: uuid::Uuid::new_v4(),
            occurred_at: "2026-11-29T08:00:00Z".into(),
            payload: kiosk_protocol::EventPayload::IdentificationSucceeded(
                kiosk_protocol::IdentificationSucceeded {
                    session_id,
                    branch_id: self.branch_id.clone(),
                    kiosk_id: self.kiosk_id.clone(),
                    method: kiosk_domain::IdentificationMethod::Letter,
                    trust_level: "substantial".into(),
                    letter_id: Some(letter_id.into()),
                    staff: None,
                },
            ),
        }
    }

    /// A session in which the member identified here with a new letter: its id.
    pub async fn identify(&self, central: &TestCentral, kvnr: &str) -> uuid::Uuid {
        let session_id = uuid::Uuid::new_v4();
        let letter_id = central.letter_for(kvnr).await;
        let pushed = self.push(&[self.identified(session_id, &letter_id)]).await;
        assert_eq!(
            pushed.results[0].outcome,
            kiosk_protocol::EventOutcome::Applied
        );
        session_id
    }

    pub fn session_event(&self, n: u64) -> OutboundEvent {
        OutboundEvent {
            idempotency_key: uuid::Uuid::new_v4(),
            occurred_at: "2026-11-29T08:00:00Z".into(),
            payload: kiosk_protocol::EventPayload::SessionEnded(kiosk_protocol::SessionEnded {
                session_id: uuid::Uuid::new_v4(),
                branch_id: self.branch_id.clone(),
                kiosk_id: self.kiosk_id.clone(),
                reason: kiosk_domain::EndReason::Member,
                duration_seconds: n,
            }),
        }
    }
}

/// A multi-threaded runtime for a test's async body.
pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// An event with a fresh idempotency key.
pub fn event(payload: kiosk_protocol::EventPayload) -> OutboundEvent {
    OutboundEvent {
        idempotency_key: uuid::Uuid::new_v4(),
        occurred_at: "2026-12-06T09:00:00Z".into(),
        payload,
    }
}
