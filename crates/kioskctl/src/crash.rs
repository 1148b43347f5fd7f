//! The store's crash test: a writer process appends audit and outbox rows in transactions and
//! reports each commit on stdout; it is killed with SIGKILL at a random moment, again and
//! again. Every commit it reported must be there afterwards, each with its audit record, and
//! SQLite's integrity check must pass.

use std::{
    collections::HashSet,
    fmt,
    io::{BufRead, BufReader, Write},
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::mpsc,
    thread,
    time::{Duration, Instant},
};

use anyhow::{Context, bail, ensure};
use kiosk_store::{NewAuditRecord, NewOutboxEvent, Store, StoreKey};

#[derive(Debug)]
pub struct Summary {
    kills: u32,
    reported: usize,
    rows: u64,
    seconds: f64,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "crash test: {} kills in {:.1} s; {} commits reported, all {} present with their audit \
             records; audit chain unbroken; integrity ok",
            self.kills, self.seconds, self.reported, self.rows
        )
    }
}

/// Appends forever; prints each committed idempotency key.
pub fn writer(db: &Path, key: &Path) -> anyhow::Result<()> {
    let key = StoreKey::from_file(key)?;
    let mut store = Store::open(db, &key)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for n in 0u64.. {
        let event = NewOutboxEvent::new("crash.test", &serde_json::json!({ "n": n }))?;
        let audit = NewAuditRecord {
            kind: "crash.test",
            session_id: None,
            detail: event.payload.clone(),
        };
        store.transaction(|tx| -> Result<(), kiosk_store::StoreError> {
            tx.audit(&audit)?;
            tx.enqueue(&event)?;
            Ok(())
        })?;
        // Only now is the row reported as committed.
        writeln!(out, "{}", event.idempotency_key)?;
        out.flush()?;
    }
    Ok(())
}

fn random_below(bound: u32) -> anyhow::Result<u32> {
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("randomness: {e}"))?;
    Ok(u32::from_le_bytes(bytes) % bound.max(1))
}

pub fn run(kills: u32, dir: Option<PathBuf>) -> anyhow::Result<Summary> {
    let started = Instant::now();
    let temp;
    let dir = match dir {
        Some(dir) => {
            std::fs::create_dir_all(&dir).with_context(|| format!("{}", dir.display()))?;
            dir
        }
        None => {
            temp = tempfile::tempdir()?;
            temp.path().to_owned()
        }
    };
    let key_path = dir.join("store.key");
    if !key_path.exists() {
        StoreKey::create_file(&key_path)?;
    }
    let db = Store::file_in(&dir);
    let exe = std::env::current_exe().context("locating kioskctl")?;
    let mut reported: HashSet<String> = HashSet::new();

    for round in 0..kills {
        let mut child = Command::new(&exe)
            .args(["store", "crash-writer"])
            .arg(&db)
            .arg(&key_path)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .context("starting the writer")?;
        let stdout = child.stdout.take().context("writer stdout")?;
        let (lines_tx, lines_rx) = mpsc::channel::<String>();
        let reader = thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if lines_tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Wait for the first commit, so the writer is past opening the store, then kill it
        // at a random moment of its writing.
        let first = lines_rx.recv_timeout(Duration::from_secs(20));
        match first {
            Ok(line) => {
                reported.insert(line);
            }
            Err(_) => {
                let _ = child.kill();
                let output = child.wait_with_output()?;
                bail!(
                    "round {round}: the writer committed nothing: {}",
                    String::from_utf8_lossy(&output.stderr).trim()
                );
            }
        }
        thread::sleep(Duration::from_micros(u64::from(random_below(30_000)?)));
        child.kill().context("kill -9")?;
        child.wait()?;
        let _ = reader.join();
        reported.extend(lines_rx.try_iter());

        // The store must open (recovering from the WAL) and keep every reported row.
        let key = StoreKey::from_file(&key_path)?;
        let store = Store::open(&db, &key)
            .with_context(|| format!("round {round}: reopening after kill -9"))?;
        // Each commit is the writer's event and its audit record's own.
        let rows = store.outbox_depth()?;
        let audits = store.audit_trail(u32::MAX)?.len() as u64;
        ensure!(
            rows == 2 * audits,
            "round {round}: {rows} outbox rows but {audits} audit records"
        );
        if round % 50 == 49 || round + 1 == kills {
            check_all_present(&store, &reported, round)?;
            check_chain(&store, round)?;
        }
    }

    let key = StoreKey::from_file(&key_path)?;
    let store = Store::open(&db, &key)?;
    let report = store.integrity_check()?;
    ensure!(report == "ok", "integrity check: {report}");
    check_all_present(&store, &reported, kills)?;
    check_chain(&store, kills)?;
    Ok(Summary {
        kills,
        reported: reported.len(),
        rows: store.outbox_depth()?,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The audit trail is one unbroken hash chain, however often its writer was killed.
fn check_chain(store: &Store, round: u32) -> anyhow::Result<()> {
    let chain = store.audit_chain()?;
    let breaks = kiosk_protocol::verify_chain(&chain);
    ensure!(
        breaks.is_empty(),
        "after round {round}: the audit chain breaks at {breaks:?}"
    );
    Ok(())
}

fn check_all_present(store: &Store, reported: &HashSet<String>, round: u32) -> anyhow::Result<()> {
    let present: HashSet<String> = store
        .pending_events(u32::MAX)?
        .into_iter()
        .map(|e| e.idempotency_key.to_string())
        .collect();
    let missing = reported.difference(&present).count();
    ensure!(
        missing == 0,
        "after round {round}: {missing} reported commits are missing"
    );
    Ok(())
}
