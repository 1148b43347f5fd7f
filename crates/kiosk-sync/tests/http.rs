//! The sync worker against a small stand-in central system over real mutual TLS on loopback:
//! enrollment, push, paged pull, Retry-After, revocation, trust anchors and the background
//! loop with its wake handle. The real central system's end-to-end tests live elsewhere.

use std::{
    collections::HashMap,
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{
    Extension, Json, Router,
    extract::{Query, State},
    http::{StatusCode, header::RETRY_AFTER},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use hyper_util::{
    rt::{TokioExecutor, TokioIo},
    server::conn::auto,
    service::TowerToHyperService,
};
use kiosk_protocol::{
    ApiError, ApiErrorCode, Change, ChangeItem, EnrollRequest, EnrollResponse, EventOutcome,
    EventPayload, EventResult, InsuranceStatus, MemberSnapshot, PullResponse, PushRequest,
    PushResponse, SessionStarted,
};
use kiosk_store::{NewOutboxEvent, Store, StoreKey};
use kiosk_sync::{
    CentralClient, CredentialError, CredentialPaths, SyncConfig, SyncError, SyncStatus, SyncWorker,
    enroll,
};
use rcgen::{
    BasicConstraints, CertificateParams, CertificateSigningRequestParams, DnType,
    ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
};
use rustls::{
    RootCertStore, ServerConfig,
    pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer},
    server::WebPkiClientVerifier,
};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use uuid::Uuid;

const KIOSK: &str = "GS-0401-K1";
const BRANCH: &str = "GS-0401";
const CODE: &str = "ENROLL-1234-OK";

#[derive(Debug, Clone, Copy, Default)]
enum Mode {
    #[default]
    Normal,
    Busy {
        retry_after: u64,
    },
    Revoked,
}

#[derive(Default)]
struct Central {
    mode: Mode,
    seen: HashMap<Uuid, EventOutcome>,
    changes: Vec<ChangeItem>,
    pushes: usize,
    /// How far the central system's clock is ahead of this machine's.
    clock_ahead: time::Duration,
}

struct Fake {
    central: Mutex<Central>,
    issuer: Issuer<'static, KeyPair>,
}

#[derive(Clone, Copy)]
struct ClientCert(bool);

fn api_error(status: StatusCode, code: ApiErrorCode) -> Response {
    let body = ApiError {
        code,
        message: "refused".into(),
    };
    (status, Json(body)).into_response()
}

fn lock(fake: &Fake) -> std::sync::MutexGuard<'_, Central> {
    fake.central.lock().expect("not poisoned")
}

async fn enroll_handler(State(fake): State<Arc<Fake>>, Json(req): Json<EnrollRequest>) -> Response {
    if req.enrollment_code != CODE {
        return api_error(StatusCode::FORBIDDEN, ApiErrorCode::EnrollmentRefused);
    }
    let mut csr = CertificateSigningRequestParams::from_pem(&req.csr_pem).expect("a CSR");
    csr.params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    let cert = csr.signed_by(&fake.issuer).expect("signed");
    Json(EnrollResponse {
        kiosk_id: req.kiosk_id,
        branch_id: BRANCH.into(),
        certificate_pem: cert.pem(),
    })
    .into_response()
}

/// Refuses like the central system: no client certificate, overloaded, revoked.
fn gate(fake: &Fake, cert: ClientCert) -> Option<Response> {
    if !cert.0 {
        return Some(api_error(
            StatusCode::UNAUTHORIZED,
            ApiErrorCode::Unauthenticated,
        ));
    }
    match lock(fake).mode {
        Mode::Normal => None,
        Mode::Busy { retry_after } => {
            let mut response = api_error(StatusCode::SERVICE_UNAVAILABLE, ApiErrorCode::Overloaded);
            response.headers_mut().insert(
                RETRY_AFTER,
                retry_after.to_string().parse().expect("header"),
            );
            Some(response)
        }
        Mode::Revoked => Some(api_error(StatusCode::FORBIDDEN, ApiErrorCode::KioskRevoked)),
    }
}

async fn events_handler(
    State(fake): State<Arc<Fake>>,
    Extension(cert): Extension<ClientCert>,
    Json(req): Json<PushRequest>,
) -> Response {
    if let Some(refusal) = gate(&fake, cert) {
        return refusal;
    }
    if req.validate(KIOSK).is_err() {
        return api_error(StatusCode::BAD_REQUEST, ApiErrorCode::InvalidRequest);
    }
    let mut central = lock(&fake);
    central.pushes += 1;
    let results = req
        .events
        .iter()
        .map(|event| {
            let repeated = central.seen.contains_key(&event.idempotency_key);
            let outcome = central
                .seen
                .entry(event.idempotency_key)
                .or_insert(EventOutcome::Applied)
                .clone();
            EventResult {
                idempotency_key: event.idempotency_key,
                outcome,
                repeated,
            }
        })
        .collect();
    Json(PushResponse { results }).into_response()
}

async fn changes_handler(
    State(fake): State<Arc<Fake>>,
    Extension(cert): Extension<ClientCert>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if let Some(refusal) = gate(&fake, cert) {
        return refusal;
    }
    let number = |name: &str| {
        query
            .get(name)
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(0)
    };
    let (cursor, limit) = (number("cursor"), number("limit").max(1));
    let central = lock(&fake);
    // The change log's seq is its 1-based position.
    let page: Vec<Change> = central
        .changes
        .iter()
        .enumerate()
        .skip(cursor)
        .take(limit)
        .map(|(i, item)| Change {
            seq: i64::try_from(i + 1).expect("small"),
            item: item.clone(),
        })
        .collect();
    let next = cursor + page.len();
    Json(PullResponse {
        more: next < central.changes.len(),
        next_cursor: i64::try_from(next).expect("small"),
        changes: page,
        server_time: (time::OffsetDateTime::now_utc() + central.clock_ahead)
            .format(&time::format_description::well_known::Rfc3339)
            .expect("now"),
    })
    .into_response()
}

struct TestCentral {
    fake: Arc<Fake>,
    url: String,
    ca_file: PathBuf,
    _dir: tempfile::TempDir,
}

impl TestCentral {
    fn set(&self, change: impl FnOnce(&mut Central)) {
        change(&mut lock(&self.fake));
    }

    fn pushes(&self) -> usize {
        lock(&self.fake).pushes
    }
}

/// A CA, a server certificate for 127.0.0.1 and a server that asks for (but, for enrollment,
/// does not require) a client certificate signed by that CA.
async fn start_central() -> TestCentral {
    let dir = tempfile::tempdir().expect("tempdir");
    let ca_key = KeyPair::generate().expect("key");
    let mut ca = CertificateParams::new(Vec::<String>::new()).expect("params");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name.push(DnType::CommonName, "Test CA");
    let ca_cert = ca.self_signed(&ca_key).expect("CA");
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, ca_cert.pem()).expect("write");
    let issuer = Issuer::new(ca, ca_key);

    let server_key = KeyPair::generate().expect("key");
    let mut server = CertificateParams::new(vec!["127.0.0.1".to_owned()]).expect("params");
    server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let server_cert = server.signed_by(&server_key, &issuer).expect("server cert");

    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut roots = RootCertStore::empty();
    roots.add(ca_cert.der().clone()).expect("root");
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .allow_unauthenticated()
        .build()
        .expect("verifier");
    let mut tls = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_client_cert_verifier(verifier)
        .with_single_cert(
            vec![server_cert.der().clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der())),
        )
        .expect("server config");
    tls.alpn_protocols = vec![b"http/1.1".to_vec()];
    let acceptor = TlsAcceptor::from(Arc::new(tls));

    let fake = Arc::new(Fake {
        central: Mutex::new(Central::default()),
        issuer,
    });
    let app = Router::new()
        .route("/v1/enroll", post(enroll_handler))
        .route("/v1/events", post(events_handler))
        .route("/v1/changes", get(changes_handler))
        .route("/v1/health", get(|| async { StatusCode::OK }))
        .with_state(Arc::clone(&fake));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr: SocketAddr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (acceptor, app) = (acceptor.clone(), app.clone());
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let cert = ClientCert(tls.get_ref().1.peer_certificates().is_some());
                let service = TowerToHyperService::new(app.layer(Extension(cert)));
                let _ = auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(tls), service)
                    .await;
            });
        }
    });
    TestCentral {
        fake,
        url: format!("https://{addr}"),
        ca_file,
        _dir: dir,
    }
}

fn open_store(dir: &Path) -> Store {
    let key = dir.join("store.key");
    if !key.exists() {
        StoreKey::create_file(&key).expect("key");
    }
    Store::open(
        &Store::file_in(dir),
        &StoreKey::from_file(&key).expect("key"),
    )
    .expect("store")
}

fn record_session(store: &mut Store) -> Uuid {
    let payload = EventPayload::SessionStarted(SessionStarted {
        session_id: Uuid::new_v4(),
        branch_id: BRANCH.into(),
        kiosk_id: KIOSK.into(),
        method: kiosk_domain::IdentificationMethod::Letter,
    });
    let event = NewOutboxEvent::new(payload.kind(), &payload).expect("json");
    store
        .transaction(|tx| tx.enqueue(&event).map(drop))
        .expect("write");
    event.idempotency_key
}

fn member(kvnr: &str) -> ChangeItem {
    ChangeItem::Member(MemberSnapshot {
        kvnr: kvnr.into(),
        first_name: "Erika".into(),
        last_name: "Mustermann".into(),
        birth_date: "1964-08-12".into(),
        insurer: "Test-BKK".into(),
        member_since: "2001-01-01".into(),
        status: InsuranceStatus::Mandatory,
        family: vec![],
        version: 1,
    })
}

/// An enrolled kiosk's data folder and its worker configuration.
async fn enrolled_kiosk(central: &TestCentral) -> (tempfile::TempDir, SyncConfig) {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = CredentialPaths::in_data_dir(dir.path());
    let client = CentralClient::new(&central.url, &central.ca_file, None).expect("client");
    enroll(&client, &paths, KIOSK, CODE)
        .await
        .expect("enrolled");
    let root = kiosk_letter::SigningKey::from_bytes(&[42; 32]).verifying_key();
    let root = kiosk_letter::LetterRoot::new(root).expect("root");
    let mut config = SyncConfig::new(&central.url, central.ca_file.clone(), paths, KIOSK, root);
    config.push_batch = 2;
    config.pull_limit = 2;
    (dir, config)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrollment_writes_a_credential_once_and_refuses_bad_codes() {
    let central = start_central().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = CredentialPaths::in_data_dir(dir.path());
    let client = CentralClient::new(&central.url, &central.ca_file, None).expect("client");
    client.health().await.expect("healthy");

    let refused = enroll(&client, &paths, KIOSK, "WRONG-CODE-1").await;
    assert!(
        matches!(refused, Err(SyncError::EnrollmentRefused)),
        "{refused:?}"
    );
    assert!(!paths.exists(), "nothing written on refusal");

    let response = enroll(&client, &paths, KIOSK, CODE)
        .await
        .expect("enrolled");
    assert_eq!(response.branch_id, BRANCH);
    assert!(paths.key().exists() && paths.cert().exists());

    let again = enroll(&client, &paths, KIOSK, CODE).await;
    assert!(
        matches!(
            again,
            Err(SyncError::Credential(CredentialError::Exists { .. }))
        ),
        "{again:?}"
    );

    // Without a client certificate the sync endpoints refuse.
    assert!(matches!(
        client.pull(0, 10).await,
        Err(SyncError::Unauthenticated)
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cycle_pushes_everything_and_pulls_every_page() {
    let central = start_central().await;
    central.set(|c| {
        c.changes = vec![
            member("A123456780"),
            ChangeItem::LetterRevoked {
                letter_id: "L-1".into(),
            },
            member("B123456780"),
        ];
    });
    let (dir, config) = enrolled_kiosk(&central).await;
    let mut app_store = open_store(dir.path());
    let keys: Vec<Uuid> = (0..3).map(|_| record_session(&mut app_store)).collect();
    // A row the central system would refuse (another kiosk's id) must not block the others.
    let foreign = EventPayload::SessionStarted(SessionStarted {
        session_id: Uuid::new_v4(),
        branch_id: BRANCH.into(),
        kiosk_id: "OTHER-K2".into(),
        method: kiosk_domain::IdentificationMethod::Letter,
    });
    let foreign = NewOutboxEvent::new(foreign.kind(), &foreign).expect("json");
    app_store
        .transaction(|tx| tx.enqueue(&foreign).map(drop))
        .expect("write");

    let mut worker = SyncWorker::new(config, open_store(dir.path())).expect("worker");
    let handle = worker.handle();
    assert_eq!(handle.status().outbox_depth, 4);
    let report = worker.run_once().await.expect("cycle");
    assert_eq!(report.push.applied, 3);
    assert_eq!(report.push.unsendable, 1);
    assert_eq!(report.push.batches, 2, "batches of two");
    assert_eq!((report.pull.pages, report.pull.changes), (2, 3));
    assert_eq!(report.pull.cursor, 3);

    // The app's own connection sees what the worker wrote.
    assert_eq!(app_store.outbox_depth().expect("depth"), 0);
    let delivery = app_store
        .delivery(keys[0])
        .expect("query")
        .expect("delivered");
    assert_eq!(delivery.outcome.as_deref(), Some(r#"{"status":"applied"}"#));
    let set_aside = app_store
        .delivery(foreign.idempotency_key)
        .expect("query")
        .expect("set aside");
    assert!(
        set_aside
            .outcome
            .as_deref()
            .is_some_and(|o| o.contains("unsendable")),
        "{set_aside:?}"
    );
    assert_eq!(app_store.pull_cursor().expect("cursor"), 3);
    assert_eq!(app_store.snapshot_count().expect("snapshots"), 2);
    assert!(app_store.is_revoked("letter", "L-1").expect("query"));

    let status = handle.status();
    assert!(status.online && !status.revoked, "{status:?}");
    assert_eq!((status.outbox_depth, status.oldest_pending), (0, None));
    assert!(status.last_success.is_some());

    // Nothing new: no push, an empty pull from the stored cursor.
    let pushes = central.pushes();
    let report = worker.run_once().await.expect("cycle");
    assert_eq!(report.push.batches, 0);
    assert_eq!((report.pull.pages, report.pull.changes), (1, 0));
    assert_eq!(central.pushes(), pushes);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_clock_is_trusted_once_a_pull_has_brought_the_central_systems_time() {
    use kiosk_domain::ClockProblem;
    let central = start_central().await;
    let (dir, config) = enrolled_kiosk(&central).await;
    let mut worker = SyncWorker::new(config, open_store(dir.path())).expect("worker");
    let handle = worker.handle();
    assert_eq!(
        handle.status().clock_problem,
        Some(ClockProblem::NotSynchronized)
    );
    worker.run_once().await.expect("cycle");
    assert_eq!(handle.status().clock_problem, None);

    // The central system's time an hour away from the kiosk's: one of them is wrong.
    central.set(|c| c.clock_ahead = time::Duration::hours(1));
    worker.run_once().await.expect("cycle");
    assert_eq!(handle.status().clock_problem, Some(ClockProblem::Drifted));
    central.set(|c| c.clock_ahead = time::Duration::ZERO);
    worker.run_once().await.expect("cycle");
    assert_eq!(
        handle.status().clock_problem,
        None,
        "set right, trusted again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_overloaded_central_keeps_the_events_and_says_when_to_return() {
    let central = start_central().await;
    let (dir, config) = enrolled_kiosk(&central).await;
    let mut app_store = open_store(dir.path());
    record_session(&mut app_store);
    let mut worker = SyncWorker::new(config, open_store(dir.path())).expect("worker");

    central.set(|c| c.mode = Mode::Busy { retry_after: 7 });
    let err = worker.run_once().await.expect_err("busy");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)), "{err:?}");
    let status = worker.handle().status();
    assert!(!status.online);
    assert_eq!(status.outbox_depth, 1);
    assert!(status.oldest_pending.is_some());

    central.set(|c| c.mode = Mode::Normal);
    let report = worker.run_once().await.expect("recovered");
    assert_eq!(report.push.applied, 1);
    assert!(worker.handle().status().online);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_kiosk_stops_syncing_until_enrolled_again() {
    let central = start_central().await;
    let (dir, config) = enrolled_kiosk(&central).await;
    let mut worker = SyncWorker::new(config.clone(), open_store(dir.path())).expect("worker");
    central.set(|c| c.mode = Mode::Revoked);
    assert!(matches!(worker.run_once().await, Err(SyncError::Revoked)));
    assert!(worker.handle().status().revoked);

    // Even when the central system answers again, a revoked credential is not used.
    central.set(|c| c.mode = Mode::Normal);
    let pushes = central.pushes();
    let mut app_store = open_store(dir.path());
    record_session(&mut app_store);
    assert!(matches!(worker.run_once().await, Err(SyncError::Revoked)));
    assert_eq!(central.pushes(), pushes);
    drop(worker);

    // The revocation survives a restart.
    let worker = SyncWorker::new(config, open_store(dir.path())).expect("worker");
    assert!(worker.handle().status().revoked);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pulled_revocation_of_this_kiosk_stops_syncing() {
    let central = start_central().await;
    central.set(|c| {
        c.changes = vec![ChangeItem::KioskRevoked {
            kiosk_id: KIOSK.into(),
        }];
    });
    let (dir, config) = enrolled_kiosk(&central).await;
    let mut worker = SyncWorker::new(config, open_store(dir.path())).expect("worker");
    assert!(matches!(worker.run_once().await, Err(SyncError::Revoked)));
    assert!(worker.handle().status().revoked);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_configured_ca_is_trusted() {
    let central = start_central().await;
    let other = start_central().await;
    // The other central's CA does not vouch for this central's certificate.
    let client = CentralClient::new(&central.url, &other.ca_file, None).expect("client");
    let err = client.health().await.expect_err("untrusted");
    assert!(matches!(err, SyncError::Offline(_)), "{err:?}");
}

async fn wait_for(
    status: &mut tokio::sync::watch::Receiver<SyncStatus>,
    what: impl Fn(&SyncStatus) -> bool,
) -> SyncStatus {
    tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let current = status.borrow_and_update().clone();
            if what(&current) {
                return current;
            }
            status.changed().await.expect("worker alive");
        }
    })
    .await
    .expect("in time")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_the_background_a_wake_sends_new_events_at_once() {
    let central = start_central().await;
    let (dir, mut config) = enrolled_kiosk(&central).await;
    // Only a wake can bring the second cycle within the test's time.
    config.interval = Duration::from_secs(3600);
    let worker = SyncWorker::new(config, open_store(dir.path())).expect("worker");
    let thread = worker.spawn().expect("spawned");
    let handle = thread.handle();
    let mut status = handle.subscribe();
    let first = wait_for(&mut status, |s| s.online).await.last_success;
    assert!(first.is_some());

    let mut app_store = open_store(dir.path());
    let key = record_session(&mut app_store);
    handle.wake();
    let done = wait_for(&mut status, |s| s.last_success != first).await;
    assert!(done.online && done.outbox_depth == 0, "{done:?}");
    assert!(app_store.delivery(key).expect("query").is_some());

    let stopping = std::time::Instant::now();
    tokio::task::spawn_blocking(move || thread.stop())
        .await
        .expect("joined");
    assert!(
        stopping.elapsed() < Duration::from_secs(5),
        "stops promptly"
    );
}
