//! Benchmarks of the central system over real HTTPS on loopback (figures, not assertions):
//! batched ingestion, a kiosk draining a backlog, an initial pull of member snapshots, and
//! a fleet reconnecting at once. `--database-url` picks PostgreSQL (default: a SQLite file).
//!   cargo bench -p kiosk-central --bench central -- --database-url postgres://…

use std::{sync::Arc, time::Instant};

use anyhow::Context;
use clap::Parser;
use kiosk_central::{CentralConfig, server::hash_code};
use kiosk_protocol::{
    EnrollRequest, EnrollResponse, EventPayload, OutboundEvent, PullResponse, PushRequest,
    PushResponse, SessionEnded,
};

#[derive(Debug, Parser)]
struct Args {
    /// Passed by `cargo bench`; nothing to do with it.
    #[arg(long, hide = true)]
    bench: bool,
    #[arg(long)]
    database_url: Option<String>,
    /// Events in the ingestion run.
    #[arg(long, default_value_t = 100_000)]
    events: usize,
    #[arg(long, default_value_t = 1000)]
    batch: usize,
    /// Parallel pushers in the ingestion run.
    #[arg(long, default_value_t = 8)]
    pushers: usize,
    #[arg(long, default_value_t = 20_000)]
    members: usize,
    #[arg(long, default_value_t = 200)]
    fleet: usize,
    #[arg(long, default_value_t = 500)]
    fleet_events: usize,
}

struct Kiosk {
    url: String,
    client: reqwest::Client,
    kiosk_id: String,
}

fn event(kiosk_id: &str, n: usize) -> OutboundEvent {
    OutboundEvent {
        idempotency_key: uuid::Uuid::new_v4(),
        occurred_at: "2026-11-29T08:00:00Z".into(),
        payload: EventPayload::SessionEnded(SessionEnded {
            session_id: uuid::Uuid::new_v4(),
            branch_id: "BENCH".into(),
            kiosk_id: kiosk_id.into(),
            reason: kiosk_domain::EndReason::IdleTimeout,
            duration_seconds: n as u64,
        }),
    }
}

impl Kiosk {
    /// Pushes until every event has a result, waiting out 503s as a real kiosk would.
    async fn push_all(
        &self,
        events: &[OutboundEvent],
        batch: usize,
    ) -> anyhow::Result<(usize, usize)> {
        let (mut sent, mut retries) = (0, 0);
        for chunk in events.chunks(batch) {
            loop {
                let response = self
                    .client
                    .post(format!("{}/v1/events", self.url))
                    .json(&PushRequest {
                        events: chunk.to_vec(),
                    })
                    .send()
                    .await?;
                if response.status() == 503 {
                    retries += 1;
                    let wait: u64 = response
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1);
                    tokio::time::sleep(std::time::Duration::from_millis(
                        wait * 1000 / 4 + u64::from(rand_ms()),
                    ))
                    .await;
                    continue;
                }
                anyhow::ensure!(response.status() == 200, "push: {}", response.status());
                let body: PushResponse = response.json().await?;
                sent += body.results.len();
                break;
            }
        }
        Ok((sent, retries))
    }
}

fn rand_ms() -> u16 {
    let mut b = [0u8; 2];
    let _ = getrandom::fill(&mut b);
    u16::from_le_bytes(b) % 500
}

async fn enroll(
    central: &kiosk_central::RunningServer,
    ca: &str,
    kiosk_id: &str,
    branch: &str,
) -> anyhow::Result<Kiosk> {
    let code = format!("BENCH-{}", uuid::Uuid::new_v4().simple());
    central
        .db
        .create_enrollment(kiosk_id, branch, &hash_code(&code), 3_600_000)
        .await?;
    let keys = rcgen::KeyPair::generate()?;
    let csr = rcgen::CertificateParams::default()
        .serialize_request(&keys)?
        .pem()?;
    let url = format!("https://127.0.0.1:{}", central.addr.port());
    let ca_cert = reqwest::Certificate::from_pem(ca.as_bytes())?;
    let plain = reqwest::Client::builder()
        .tls_certs_only([ca_cert.clone()])
        .build()?;
    let enrolled: EnrollResponse = plain
        .post(format!("{url}/v1/enroll"))
        .json(&EnrollRequest {
            kiosk_id: kiosk_id.into(),
            enrollment_code: code,
            csr_pem: csr,
        })
        .send()
        .await?
        .json()
        .await?;
    let identity = reqwest::Identity::from_pem(
        format!("{}{}", enrolled.certificate_pem, keys.serialize_pem()).as_bytes(),
    )?;
    let client = reqwest::Client::builder()
        .tls_certs_only([ca_cert])
        .identity(identity)
        .build()?;
    Ok(Kiosk {
        url,
        client,
        kiosk_id: kiosk_id.into(),
    })
}

#[tokio::main]
#[allow(clippy::print_stdout)] // a benchmark reports on stdout
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let dir = tempfile::tempdir()?;
    kiosk_central::pki::init(&dir.path().join("pki"), &["127.0.0.1".into()])?;
    let database_url = args
        .database_url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let config = CentralConfig {
        listen: "127.0.0.1:0".parse()?,
        database_url: database_url.clone(),
        pki_dir: dir.path().join("pki"),
        idempotency_retention_days: kiosk_central::MIN_RETENTION_DAYS,
        max_concurrent_pushes: 64,
        // The bench measures the service, not its per-caller limits.
        kiosk_requests_per_minute: 1_000_000,
        anonymous_requests_per_minute: 1_000_000,
        phone_api_origin: None,
    };
    let central = kiosk_central::serve(&config).await.context("central")?;
    let ca = std::fs::read_to_string(dir.path().join("pki/ca.pem"))?;
    let backend = if central.db.is_postgres() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("central system on {backend}, loopback HTTPS with mutual TLS");

    // 1. Ingestion: several kiosks pushing batches in parallel.
    let mut pushers = Vec::new();
    for i in 0..args.pushers {
        pushers.push(Arc::new(
            enroll(&central, &ca, &format!("ING-{i}"), "BENCH").await?,
        ));
    }
    let per = args.events / args.pushers;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for kiosk in &pushers {
        let kiosk = kiosk.clone();
        let batch = args.batch;
        tasks.push(tokio::spawn(async move {
            let events: Vec<_> = (0..per).map(|n| event(&kiosk.kiosk_id, n)).collect();
            kiosk.push_all(&events, batch).await
        }));
    }
    let mut total = 0;
    for task in tasks {
        total += task.await??.0;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "ingest: {total} events in batches of {} from {} kiosks: {seconds:.2} s = {:.0} events/s",
        args.batch,
        args.pushers,
        total as f64 / seconds
    );

    // 2. One kiosk draining a 10,000-event backlog (batches of 500, one request at a time).
    let drainer = enroll(&central, &ca, "DRAIN-1", "BENCH").await?;
    let backlog: Vec<_> = (0..10_000).map(|n| event("DRAIN-1", n)).collect();
    let started = Instant::now();
    drainer.push_all(&backlog, 500).await?;
    println!(
        "drain: 10000-event backlog in {:.2} s",
        started.elapsed().as_secs_f64()
    );

    // 3. Initial pull of the branch's member snapshots.
    kiosk_central::seed::seed(&central.db, &["PULL-01".to_string()], args.members, 42).await?;
    let puller = enroll(&central, &ca, "PULL-K", "PULL-01").await?;
    let started = Instant::now();
    let (mut cursor, mut bytes, mut members) = (0i64, 0usize, 0usize);
    loop {
        let body = puller
            .client
            .get(format!(
                "{}/v1/changes?cursor={cursor}&limit=5000",
                puller.url
            ))
            .send()
            .await?
            .bytes()
            .await?;
        bytes += body.len();
        let page: PullResponse = serde_json::from_slice(&body)?;
        members += page.changes.len();
        cursor = page.next_cursor;
        if !page.more {
            break;
        }
    }
    println!(
        "pull: {members} member snapshots in {:.2} s, {:.1} MB of JSON",
        started.elapsed().as_secs_f64(),
        bytes as f64 / 1e6
    );

    // 4. A fleet reconnecting at once after an outage.
    let mut fleet = Vec::new();
    for i in 0..args.fleet {
        fleet.push(Arc::new(
            enroll(&central, &ca, &format!("FLEET-{i}"), "BENCH").await?,
        ));
    }
    let started = Instant::now();
    let mut tasks = Vec::new();
    for kiosk in &fleet {
        let kiosk = kiosk.clone();
        let n = args.fleet_events;
        tasks.push(tokio::spawn(async move {
            let events: Vec<_> = (0..n).map(|i| event(&kiosk.kiosk_id, i)).collect();
            kiosk.push_all(&events, 500).await
        }));
    }
    let (mut delivered, mut retries, mut errors) = (0, 0, 0);
    for task in tasks {
        match task.await? {
            Ok((sent, r)) => {
                delivered += sent;
                retries += r;
            }
            Err(_) => errors += 1,
        }
    }
    println!(
        "fleet: {} kiosks x {} events reconnecting at once: {:.2} s, {delivered} delivered, {retries} 503 retries, {errors} errors",
        args.fleet,
        args.fleet_events,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
