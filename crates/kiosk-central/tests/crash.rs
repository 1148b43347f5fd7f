//! kill -9 of the central system while kiosks push: after a restart, every event it
//! acknowledged is there. The service runs as its real binary, on SQLite and PostgreSQL.

mod common;

use std::{
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::Duration,
};

use common::{TestKiosk, backends, client_for, fresh_database};
use kiosk_protocol::{EnrollRequest, EnrollResponse};

const BIN: &str = env!("CARGO_BIN_EXE_kiosk-central");

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn start(config: &std::path::Path) -> Child {
    Command::new(BIN)
        .args(["serve", "--config"])
        .arg(config)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("central starts")
}

async fn wait_ready(url: &str, ca: &str) {
    let client = client_for(ca, None);
    for _ in 0..200 {
        if client
            .get(format!("{url}/v1/health"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the central system did not come up");
}

#[test]
fn acknowledged_events_survive_kill_9() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        for backend in backends() {
            let dir = tempfile::tempdir().expect("tempdir");
            let database_url = fresh_database(backend, dir.path()).await;
            kiosk_central::pki::init(&dir.path().join("pki"), &["127.0.0.1".into()]).expect("pki");
            let port = free_port();
            let config = dir.path().join("central.toml");
            std::fs::write(&config, format!("listen = \"127.0.0.1:{port}\"\ndatabase_url = \"{database_url}\"\npki_dir = \"pki\"\n")).expect("config");
            let ca = std::fs::read_to_string(dir.path().join("pki/ca.pem")).expect("ca");
            let url = format!("https://127.0.0.1:{port}");

            let code = Command::new(BIN)
                .args(["enroll-kiosk", "--kiosk-id", "K-1", "--branch-id", "DEMO-01", "--config"])
                .arg(&config)
                .output()
                .expect("enroll-kiosk");
            assert!(code.status.success(), "{}", String::from_utf8_lossy(&code.stderr));
            let code = String::from_utf8_lossy(&code.stdout).trim().to_owned();

            let mut central = start(&config);
            wait_ready(&url, &ca).await;
            let keys = rcgen::KeyPair::generate().expect("keys");
            let csr = rcgen::CertificateParams::default().serialize_request(&keys).expect("csr").pem().expect("pem");
            let enrolled: EnrollResponse = client_for(&ca, None)
                .post(format!("{url}/v1/enroll"))
                .json(&EnrollRequest { kiosk_id: "K-1".into(), enrollment_code: code, csr_pem: csr })
                .send().await.expect("enroll").json().await.expect("enrolled");
            let identity = reqwest::Identity::from_pem(format!("{}{}", enrolled.certificate_pem, keys.serialize_pem()).as_bytes()).expect("identity");
            let kiosk = TestKiosk { url: url.clone(), client: Arc::new(client_for(&ca, Some(identity))), kiosk_id: "K-1".into(), branch_id: "DEMO-01".into() };

            let acknowledged: Arc<Mutex<Vec<uuid::Uuid>>> = Arc::default();
            for round in 0..3 {
                let pusher = {
                    let kiosk = kiosk.clone();
                    let acknowledged = acknowledged.clone();
                    tokio::spawn(async move {
                        for n in 0..10_000u64 {
                            let batch: Vec<_> = (0..100).map(|i| kiosk.session_event(n * 100 + i)).collect();
                            match kiosk.push_raw(&batch).await {
                                Ok(r) if r.status() == 200 => {
                                    acknowledged.lock().expect("lock").extend(batch.iter().map(|e| e.idempotency_key));
                                }
                                _ => break,
                            }
                        }
                    })
                };
                tokio::time::sleep(Duration::from_millis(700 + 300 * round)).await;
                central.kill().expect("kill -9");
                central.wait().expect("reaped");
                let _ = pusher.await;
                central = start(&config);
                wait_ready(&url, &ca).await;
            }
            central.kill().expect("stop");
            central.wait().expect("reaped");

            let db = kiosk_central::Db::connect(&database_url).await.expect("database");
            let acknowledged = acknowledged.lock().expect("lock").clone();
            assert!(acknowledged.len() >= 300, "{backend}: the pusher got answers ({})", acknowledged.len());
            assert_eq!(db.count_known(&acknowledged).await.expect("count"), acknowledged.len(), "{backend}: every acknowledged event is there");
            eprintln!("{backend}: {} acknowledged events survived 3 kills", acknowledged.len());
            db.close().await;
        }
    });
}
