//! The real central system for kiosk-sync's tests: on SQLite and on PostgreSQL (when the test
//! command started one), behind a TCP proxy that can take it away or swallow its answers, with
//! a kiosk enrolled and its sync worker.
#![allow(dead_code)] // each test file uses part of this

use std::{
    path::Path,
    sync::{
        Arc,
        atomic::{AtomicU8, AtomicUsize, Ordering},
    },
    time::Duration,
};

use kiosk_central::{CentralConfig, Db, server::hash_code};
use kiosk_store::{Store, StoreKey};
use kiosk_sync::{CentralClient, Credential, CredentialPaths, SyncConfig, SyncWorker, enroll};
use sqlx::Connection;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};

pub const PASS: u8 = 0;
/// Connections are accepted and closed at once: the central system is unreachable.
pub const DOWN: u8 = 1;
/// The request goes through and is committed, then the connection dies before the answer.
pub const SWALLOW_ANSWER: u8 = 2;

pub fn backends() -> Vec<&'static str> {
    let mut all = vec!["sqlite"];
    if std::env::var("KIOSK_TEST_POSTGRES_URL").is_ok() {
        all.push("postgres");
    } else if std::env::var("KIOSK_REQUIRE_POSTGRES").as_deref() == Ok("1") {
        panic!("KIOSK_TEST_POSTGRES_URL is not set but KIOSK_REQUIRE_POSTGRES=1");
    }
    all
}

pub async fn database(backend: &str, dir: &Path) -> String {
    if backend == "sqlite" {
        return format!("sqlite://{}", dir.join("central.db").display());
    }
    let admin = std::env::var("KIOSK_TEST_POSTGRES_URL").expect("postgres url");
    let name = format!("s_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::PgConnection::connect(&admin).await.expect("postgres");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("create");
    format!("{}/{name}", admin.rsplit_once('/').expect("url").0)
}

/// A proxy in front of the central system whose behaviour the test switches.
pub struct Proxy {
    pub port: u16,
    pub mode: Arc<AtomicU8>,
    pub swallowed: Arc<AtomicUsize>,
}

impl Proxy {
    async fn start(upstream: u16, central: Db) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let mode = Arc::new(AtomicU8::new(PASS));
        let swallowed = Arc::new(AtomicUsize::new(0));
        let (m, s) = (mode.clone(), swallowed.clone());
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let mode = m.load(Ordering::SeqCst);
                if mode == DOWN {
                    drop(client);
                    continue;
                }
                tokio::spawn(relay(
                    client,
                    upstream,
                    mode,
                    central.clone(),
                    s.clone(),
                    m.clone(),
                ));
            }
        });
        Proxy {
            port,
            mode,
            swallowed,
        }
    }

    pub fn set(&self, mode: u8) {
        self.mode.store(mode, Ordering::SeqCst);
    }
}

async fn relay(
    client: TcpStream,
    upstream: u16,
    mode: u8,
    central: Db,
    swallowed: Arc<AtomicUsize>,
    modes: Arc<AtomicU8>,
) {
    let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)).await else {
        return;
    };
    let before = central.event_count().await.unwrap_or(0);
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let sent = Arc::new(AtomicUsize::new(0));
    let sent_up = sent.clone();
    let upload = tokio::spawn(async move {
        let mut buffer = vec![0u8; 16 * 1024];
        while let Ok(n) = client_read.read(&mut buffer).await {
            if n == 0 || server_write.write_all(&buffer[..n]).await.is_err() {
                break;
            }
            sent_up.fetch_add(n, Ordering::SeqCst);
        }
    });
    // Watches the central database: the answer to a push is only sent after its commit.
    let committed = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watcher = (mode == SWALLOW_ANSWER).then(|| {
        let committed = committed.clone();
        tokio::spawn(async move {
            loop {
                if central.event_count().await.unwrap_or(0) > before {
                    committed.store(true, Ordering::SeqCst);
                    break;
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        })
    });
    let mut buffer = vec![0u8; 16 * 1024];
    while let Ok(n) = server_read.read(&mut buffer).await {
        if n == 0 {
            break;
        }
        // Once a push is on its way, hold each chunk down a moment: if the central system
        // committed meanwhile, this chunk is its answer, and the connection dies instead.
        if mode == SWALLOW_ANSWER && sent.load(Ordering::SeqCst) > 20_000 {
            tokio::time::sleep(Duration::from_millis(30)).await;
            if committed.load(Ordering::SeqCst) {
                swallowed.fetch_add(1, Ordering::SeqCst);
                modes.store(PASS, Ordering::SeqCst);
                break;
            }
        }
        if client_write.write_all(&buffer[..n]).await.is_err() {
            break;
        }
    }
    if let Some(watcher) = watcher {
        watcher.abort();
    }
    upload.abort();
}

pub struct Setup {
    pub _dir: tempfile::TempDir,
    pub central: kiosk_central::RunningServer,
    pub proxy: Proxy,
    pub worker: SyncWorker,
}

pub async fn setup(backend: &str, kiosk_id: &str) -> Setup {
    let dir = tempfile::tempdir().expect("tempdir");
    let pki = dir.path().join("pki");
    kiosk_central::pki::init(&pki, &["127.0.0.1".into()]).expect("pki");
    let config = CentralConfig {
        listen: "127.0.0.1:0".parse().expect("addr"),
        database_url: database(backend, dir.path()).await,
        pki_dir: pki.clone(),
        idempotency_retention_days: kiosk_central::MIN_RETENTION_DAYS,
        max_concurrent_pushes: 64,
        kiosk_requests_per_minute: 60_000,
        anonymous_requests_per_minute: 60_000,
        phone_api_origin: None,
    };
    let central = kiosk_central::serve(&config).await.expect("central");
    let proxy = Proxy::start(central.addr.port(), central.db.clone()).await;
    let url = format!("https://127.0.0.1:{}", proxy.port);

    let code = "ENROLL-TEST-CODE-1";
    central
        .db
        .create_enrollment(kiosk_id, "DEMO-01", &hash_code(code), 60_000)
        .await
        .expect("enrollment");
    let credential = CredentialPaths::in_data_dir(&dir.path().join("kiosk"));
    let plain = CentralClient::new(&url, &pki.join("ca.pem"), None).expect("client");
    enroll(&plain, &credential, kiosk_id, code)
        .await
        .expect("enrolled");

    let key_file = dir.path().join("store.key");
    StoreKey::create_file(&key_file).expect("key");
    let key = StoreKey::from_file(&key_file).expect("key");
    let store = Store::open(&Store::file_in(&dir.path().join("kiosk")), &key).expect("store");
    let root = kiosk_central::letters::root_file::load_public(&pki).expect("init-pki made a root");
    let mut sync = SyncConfig::new(&url, pki.join("ca.pem"), credential, kiosk_id, root);
    sync.push_batch = 500;
    let worker = SyncWorker::new(sync, store).expect("worker");
    Setup {
        _dir: dir,
        central,
        proxy,
        worker,
    }
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

impl Setup {
    /// A client as the kiosk app makes one: through the proxy, with the enrolled credential.
    pub fn client(&self) -> CentralClient {
        let credential = Credential::load(&CredentialPaths::in_data_dir(
            &self._dir.path().join("kiosk"),
        ))
        .expect("credential");
        CentralClient::new(
            &format!("https://127.0.0.1:{}", self.proxy.port),
            &self._dir.path().join("pki").join("ca.pem"),
            Some(&credential),
        )
        .expect("client")
    }

    /// Queues an event in the kiosk's outbox, as the kiosk does.
    pub fn enqueue(&self, payload: &kiosk_protocol::EventPayload) {
        let key = StoreKey::from_file(&self._dir.path().join("store.key")).expect("key");
        let mut store =
            Store::open(&Store::file_in(&self._dir.path().join("kiosk")), &key).expect("store");
        let event = kiosk_store::NewOutboxEvent::new(payload.kind(), payload).expect("encodes");
        store
            .transaction(|tx| tx.enqueue(&event).map(drop))
            .expect("queued");
    }
}
