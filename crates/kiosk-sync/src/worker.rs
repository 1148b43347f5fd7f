//! The sync worker: push the outbox, pull changes, prune; then wait for the interval, a wake
//! or, after a failure, a jittered backoff that honours `Retry-After`.
//!
//! It owns its own store connection (the app keeps another on the same file), so its
//! transactions never wait on the app's and the app never waits on the network.

use kiosk_letter::LetterRoot;
use std::{
    path::PathBuf,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    thread::JoinHandle,
    time::Duration,
};

use kiosk_config::KioskConfig;
use kiosk_protocol::{EventOutcome, MAX_PULL_LIMIT, MAX_PUSH_EVENTS, OutboundEvent, PushRequest};
use kiosk_store::{Store, StoreError};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};
use tokio::{
    sync::{Notify, watch},
    time::Instant,
};

use crate::{
    BackoffPolicy, CentralClient, Credential, CredentialPaths, SyncError, SyncStatus,
    backoff::random_unit,
    convert::{Unsendable, apply_page, outbound_event, unsendable_outcome},
    status::{self, LAST_SUCCESS, REVOKED_CREDENTIAL, read_status},
};

/// Everything the worker needs to reach the central system and how it paces itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncConfig {
    /// Base URL, e.g. `https://127.0.0.1:8443`.
    pub central_url: String,
    /// The central system's CA certificate (PEM): the only trust anchor.
    pub ca_file: PathBuf,
    pub credential: CredentialPaths,
    pub kiosk_id: String,
    /// Pulled letter keys are stored only with its endorsement.
    pub letter_root: LetterRoot,
    /// Pause between cycles while all is well.
    pub interval: Duration,
    /// Member snapshots older than this are dropped after each cycle.
    pub snapshot_max_age: Duration,
    pub backoff: BackoffPolicy,
    /// Events per push (at most the protocol's maximum).
    pub push_batch: usize,
    /// Changes per pull page.
    pub pull_limit: u32,
    /// Delivered events are kept this long for diagnosis.
    pub keep_delivered: Duration,
    /// The kiosk's certificate is renewed when it expires within this (default 30 days).
    pub renew_before: Duration,
    /// The status warns when the certificate expires within this (default 14 days): renewal
    /// has been failing for a fortnight.
    pub warn_before: Duration,
}

impl SyncConfig {
    /// The defaults for everything but the central system and the kiosk.
    pub fn new(
        central_url: &str,
        ca_file: PathBuf,
        credential: CredentialPaths,
        kiosk_id: &str,
        letter_root: LetterRoot,
    ) -> SyncConfig {
        SyncConfig {
            central_url: central_url.to_owned(),
            ca_file,
            credential,
            kiosk_id: kiosk_id.to_owned(),
            letter_root,
            interval: Duration::from_secs(30),
            snapshot_max_age: Duration::from_secs(72 * 3600),
            backoff: BackoffPolicy::default(),
            push_batch: 200,
            pull_limit: 1000,
            keep_delivered: Duration::from_secs(30 * 24 * 3600),
            renew_before: Duration::from_secs(30 * 24 * 3600),
            warn_before: Duration::from_secs(14 * 24 * 3600),
        }
    }

    /// From `kiosk.toml`; the credential lives in `<data_dir>/credential`.
    pub fn from_kiosk(config: &KioskConfig) -> SyncConfig {
        SyncConfig {
            interval: config.sync.interval,
            snapshot_max_age: config.sync.snapshot_max_age,
            ..SyncConfig::new(
                &config.central_url,
                config.central_ca_file.clone(),
                CredentialPaths::in_data_dir(&config.data_dir),
                &config.kiosk_id,
                config.letter_root,
            )
        }
    }
}

/// How long after a failed renewal the next try waits.
const RENEW_RETRY: Duration = Duration::from_secs(3600);

/// Whether `not_after` is less than `within` away (or past).
fn expires_within(not_after: time::OffsetDateTime, within: Duration) -> bool {
    not_after - time::OffsetDateTime::now_utc() <= within
}

/// What one cycle did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CycleReport {
    pub push: PushSummary,
    pub pull: PullSummary,
    pub pruned_snapshots: u64,
    pub purged_events: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushSummary {
    pub batches: usize,
    /// Events that got a final answer, by outcome.
    pub applied: usize,
    pub conflicts: usize,
    pub key_reused: usize,
    pub rejected: usize,
    /// Of those, how many the central system had seen before.
    pub repeated: usize,
    /// Rows that could not be sent at all (a local bug), set aside with their reason.
    pub unsendable: usize,
}

impl PushSummary {
    pub fn delivered(&self) -> usize {
        self.applied + self.conflicts + self.key_reused + self.rejected
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullSummary {
    pub pages: usize,
    pub changes: usize,
    /// The cursor after the last page.
    pub cursor: i64,
}

#[derive(Debug)]
struct Shared {
    wake: Notify,
    stop: Notify,
    stopped: AtomicBool,
    status: watch::Sender<SyncStatus>,
    /// The worker's client, replaced when it renews the credential: what online steps for
    /// the member in front of the kiosk (SmartIdent) call through.
    client: std::sync::Mutex<CentralClient>,
}

/// A cheap, cloneable handle to a worker: wake it, read its status, stop it.
#[derive(Debug, Clone)]
pub struct SyncHandle {
    shared: Arc<Shared>,
}

impl SyncHandle {
    /// New events were written: sync now, unless the worker is backing off after a failure
    /// (a wake never shortens a backoff, so a fleet cannot stampede a recovering central
    /// system because members keep using the kiosks).
    pub fn wake(&self) {
        self.shared.wake.notify_one();
    }

    pub fn status(&self) -> SyncStatus {
        self.shared.status.borrow().clone()
    }

    /// Wakes the worker and waits, at most `within`, for a cycle that completes with an empty
    /// outbox: every event written before the call has then reached the central system. An
    /// online step that rests on those events (SmartIdent needs the session's identification
    /// there) calls this first; false means not in time (offline, backing off, revoked), and
    /// the step must not be tried.
    pub async fn delivered(&self, within: Duration) -> bool {
        let mut status = self.subscribe();
        // What was published before the call may predate the caller's events.
        status.mark_unchanged();
        self.wake();
        tokio::time::timeout(within, async {
            loop {
                if status.changed().await.is_err() {
                    // The worker is gone: nothing will be delivered.
                    std::future::pending::<()>().await;
                }
                let now = status.borrow_and_update();
                if now.online && now.outbox_depth == 0 {
                    return;
                }
            }
        })
        .await
        .is_ok()
    }

    /// The client with the credential in use (cheap to clone: the connections are shared).
    pub fn client(&self) -> CentralClient {
        self.shared
            .client
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Changes of the status, e.g. to forward them to the UI.
    pub fn subscribe(&self) -> watch::Receiver<SyncStatus> {
        self.shared.status.subscribe()
    }

    /// Ends [`SyncWorker::run`] at its next step; a cycle in flight is abandoned, which is
    /// safe: every store write is a transaction and a push is repeated harmlessly.
    pub fn stop(&self) {
        self.shared.stopped.store(true, Ordering::SeqCst);
        self.shared.stop.notify_one();
    }
}

/// The worker. Build it with [`SyncWorker::new`], then call [`SyncWorker::run_once`] (tests),
/// await [`SyncWorker::run`] on a runtime, or [`SyncWorker::spawn`] it on a thread of its own.
#[derive(Debug)]
pub struct SyncWorker {
    config: SyncConfig,
    client: CentralClient,
    store: Store,
    /// Names the credential in use, to tell whether it is the one revoked.
    fingerprint: String,
    /// When the credential in use expires.
    credential_expires: time::OffsetDateTime,
    /// After a failed renewal, not before this: each try makes a key pair and a signature.
    renew_not_before: Option<Instant>,
    shared: Arc<Shared>,
}

impl SyncWorker {
    /// Loads the credential and prepares the client; `store` is the worker's own connection.
    /// Batch sizes are brought within the protocol's limits.
    pub fn new(mut config: SyncConfig, store: Store) -> Result<SyncWorker, SyncError> {
        config.push_batch = config.push_batch.clamp(1, MAX_PUSH_EVENTS);
        config.pull_limit = config.pull_limit.clamp(1, MAX_PULL_LIMIT);
        crate::finish_interrupted_renewal(&config.credential)?;
        let credential = Credential::load(&config.credential)?;
        let client = CentralClient::new(&config.central_url, &config.ca_file, Some(&credential))?;
        let fingerprint = credential.fingerprint();
        let mut initial = read_status(&store, false, &fingerprint)?;
        initial.credential_expiring = expires_within(credential.not_after(), config.warn_before);
        let (status, _) = watch::channel(initial);
        Ok(SyncWorker {
            config,
            client: client.clone(),
            store,
            fingerprint,
            credential_expires: credential.not_after(),
            renew_not_before: None,
            shared: Arc::new(Shared {
                wake: Notify::new(),
                stop: Notify::new(),
                stopped: AtomicBool::new(false),
                status,
                client: std::sync::Mutex::new(client.clone()),
            }),
        })
    }

    pub fn handle(&self) -> SyncHandle {
        SyncHandle {
            shared: Arc::clone(&self.shared),
        }
    }

    /// The worker's store connection (for tests and diagnostics).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// One cycle: push every pending event, pull until the central system has no more, prune.
    /// Publishes the status either way.
    pub async fn run_once(&mut self) -> Result<CycleReport, SyncError> {
        let result = self.cycle().await;
        if matches!(result, Err(SyncError::Revoked))
            && let Err(e) = self
                .store
                .set_sync_value(REVOKED_CREDENTIAL, &self.fingerprint)
        {
            tracing::error!(error = %e, "cannot record the revocation");
        }
        self.publish(result.is_ok());
        if result.is_ok() {
            self.renew_if_due().await;
        }
        result
    }

    /// When the credential expires within `renew_before`: renews it and goes on with the new
    /// one. A failure is logged and tried again after the next good cycle; the current
    /// credential keeps working meanwhile.
    async fn renew_if_due(&mut self) {
        if !expires_within(self.credential_expires, self.config.renew_before)
            || self.renew_not_before.is_some_and(|at| Instant::now() < at)
        {
            return;
        }
        let left = self.credential_expires - time::OffsetDateTime::now_utc();
        tracing::info!(
            days_left = left.whole_days(),
            "renewing the kiosk certificate"
        );
        let renewed =
            crate::renew(&self.client, &self.config.credential, &self.config.kiosk_id).await;
        let client = renewed.and_then(|credential| {
            let client = CentralClient::new(
                &self.config.central_url,
                &self.config.ca_file,
                Some(&credential),
            )?;
            Ok((client, credential))
        });
        match client {
            Ok((client, credential)) => {
                *self
                    .shared
                    .client
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = client.clone();
                self.client = client;
                self.fingerprint = credential.fingerprint();
                self.credential_expires = credential.not_after();
                // A warning about the old certificate goes away at once.
                self.publish(true);
            }
            Err(error) => {
                self.renew_not_before = Some(Instant::now() + RENEW_RETRY);
                tracing::warn!(%error, days_left = left.whole_days(), "renewing the kiosk certificate failed; trying again in an hour");
            }
        }
    }

    async fn cycle(&mut self) -> Result<CycleReport, SyncError> {
        if status::is_revoked(&self.store, &self.fingerprint)? {
            return Err(SyncError::Revoked);
        }
        let push = self.push_all().await?;
        let pull = self.pull_all().await?;
        let pruned_snapshots = self.store.prune_snapshots(self.config.snapshot_max_age)?;
        let purged_events = self.store.purge_delivered(self.config.keep_delivered)?;
        let now = OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .unwrap_or_default();
        self.store.set_sync_value(LAST_SUCCESS, &now)?;
        let report = CycleReport {
            push,
            pull,
            pruned_snapshots,
            purged_events,
        };
        if report.push.delivered() + report.push.unsendable + report.pull.changes > 0
            || pruned_snapshots > 0
        {
            tracing::info!(
                delivered = report.push.delivered(),
                repeated = report.push.repeated,
                conflicts = report.push.conflicts,
                rejected = report.push.rejected + report.push.key_reused,
                unsendable = report.push.unsendable,
                changes = report.pull.changes,
                cursor = report.pull.cursor,
                pruned_snapshots,
                "sync cycle done"
            );
        }
        Ok(report)
    }

    async fn push_all(&mut self) -> Result<PushSummary, SyncError> {
        let mut summary = PushSummary::default();
        let batch = u32::try_from(self.config.push_batch).unwrap_or(1);
        loop {
            let rows = self.store.pending_events(batch)?;
            if rows.is_empty() {
                break;
            }
            let full = rows.len() == self.config.push_batch;
            let mut events: Vec<(i64, OutboundEvent)> = Vec::with_capacity(rows.len());
            let mut unsendable: Vec<(i64, Unsendable)> = Vec::new();
            for row in &rows {
                match outbound_event(row).and_then(|e| self.check(e)) {
                    Ok(event) => events.push((row.seq, event)),
                    Err(reason) => {
                        tracing::error!(seq = row.seq, kind = %row.kind, %reason, "outbox event cannot be sent; set aside");
                        unsendable.push((row.seq, reason));
                    }
                }
            }
            if !unsendable.is_empty() {
                self.store.transaction(|tx| -> Result<(), StoreError> {
                    for (seq, reason) in &unsendable {
                        tx.mark_delivered(*seq, &unsendable_outcome(reason))?;
                    }
                    Ok(())
                })?;
                summary.unsendable += unsendable.len();
            }
            if !events.is_empty() {
                self.push_batch(&events, &mut summary).await?;
            }
            if !full {
                break;
            }
        }
        Ok(summary)
    }

    /// The central system refuses a whole push for one invalid event, which would block the
    /// queue for good: such an event is found here, with the central system's own rules.
    fn check(&self, event: OutboundEvent) -> Result<OutboundEvent, Unsendable> {
        let single = PushRequest {
            events: vec![event],
        };
        single
            .validate(&self.config.kiosk_id)
            .map_err(Unsendable::Invalid)?;
        single.events.into_iter().next().ok_or(Unsendable::NoKey)
    }

    async fn push_batch(
        &mut self,
        events: &[(i64, OutboundEvent)],
        summary: &mut PushSummary,
    ) -> Result<(), SyncError> {
        self.store.transaction(|tx| -> Result<(), StoreError> {
            for (seq, _) in events {
                tx.count_attempt(*seq)?;
            }
            Ok(())
        })?;
        let request = PushRequest {
            events: events.iter().map(|(_, e)| e.clone()).collect(),
        };
        let response = self.client.push(&request).await?;
        // Every result is final: the whole batch is marked in one transaction.
        self.store.transaction(|tx| -> Result<(), StoreError> {
            for ((seq, _), result) in events.iter().zip(&response.results) {
                tx.mark_delivered(*seq, &serde_json::to_string(&result.outcome)?)?;
            }
            Ok(())
        })?;
        summary.batches += 1;
        for result in &response.results {
            summary.repeated += usize::from(result.repeated);
            match &result.outcome {
                EventOutcome::Applied => summary.applied += 1,
                EventOutcome::Conflict { .. } => summary.conflicts += 1,
                EventOutcome::KeyReused => summary.key_reused += 1,
                EventOutcome::Rejected { .. } => summary.rejected += 1,
            }
        }
        let refused = response
            .results
            .iter()
            .filter(|r| {
                matches!(
                    r.outcome,
                    EventOutcome::KeyReused | EventOutcome::Rejected { .. }
                )
            })
            .count();
        if refused > 0 {
            // The reasons may name members: they stay in the store, out of the log.
            tracing::warn!(
                refused,
                "the central system refused events; outcomes stored"
            );
        }
        Ok(())
    }

    async fn pull_all(&mut self) -> Result<PullSummary, SyncError> {
        let started = OffsetDateTime::now_utc();
        let mut cursor = self.store.pull_cursor()?;
        let mut summary = PullSummary {
            cursor,
            ..PullSummary::default()
        };
        loop {
            let page = self.client.pull(cursor, self.config.pull_limit).await?;
            if page.more && page.next_cursor <= cursor {
                return Err(SyncError::Protocol(format!(
                    "the pull cursor did not advance ({cursor} to {}) although more changes wait",
                    page.next_cursor
                )));
            }
            let applied = apply_page(
                &mut self.store,
                &page,
                &self.config.kiosk_id,
                &self.config.letter_root,
                OffsetDateTime::now_utc(),
            )?;
            summary.pages += 1;
            summary.changes += page.changes.len();
            cursor = page.next_cursor;
            summary.cursor = cursor;
            if applied.own_kiosk_revoked {
                return Err(SyncError::Revoked);
            }
            if !page.more {
                break;
            }
        }
        self.store.set_data_current_as_of(started)?;
        Ok(summary)
    }

    fn publish(&self, online: bool) {
        match read_status(&self.store, online, &self.fingerprint) {
            Ok(mut status) => {
                status.credential_expiring =
                    expires_within(self.credential_expires, self.config.warn_before);
                self.shared.status.send_replace(status);
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot read the sync status");
                self.shared.status.send_modify(|s| s.online = online);
            }
        }
    }

    /// Cycles until [`SyncHandle::stop`]: the interval between good cycles (a wake cuts it
    /// short), backoff with jitter after failures, and nothing more once the kiosk is revoked.
    pub async fn run(mut self) {
        let shared = Arc::clone(&self.shared);
        let mut failures: u32 = 0;
        tracing::info!("sync worker started");
        while !shared.stopped.load(Ordering::SeqCst) {
            let result = tokio::select! {
                biased;
                () = shared.stop.notified() => break,
                result = self.run_once() => result,
            };
            let (pause, wake_ends_pause) = match result {
                Ok(_) => {
                    if failures > 0 {
                        tracing::info!(failures, "the central system is reachable again");
                    }
                    failures = 0;
                    (self.config.interval, true)
                }
                Err(SyncError::Revoked) => {
                    tracing::error!(
                        "this kiosk's credential is revoked: sync stopped until IT enrolls it again"
                    );
                    if !shared.stopped.load(Ordering::SeqCst) {
                        shared.stop.notified().await;
                    }
                    break;
                }
                Err(error) => {
                    failures = failures.saturating_add(1);
                    let pause =
                        self.config
                            .backoff
                            .delay(failures, random_unit(), error.retry_after());
                    tracing::warn!(%error, failures, retry_in_ms = pause.as_millis(), "sync failed");
                    (pause, false)
                }
            };
            let deadline = Instant::now() + pause;
            loop {
                tokio::select! {
                    biased;
                    () = shared.stop.notified() => return,
                    () = tokio::time::sleep_until(deadline) => break,
                    () = shared.wake.notified() => {
                        if wake_ends_pause {
                            break;
                        }
                        // Backing off: only show the grown queue.
                        self.publish(false);
                    }
                }
            }
        }
        tracing::info!("sync worker stopped");
    }

    /// Runs the worker on a thread of its own with a single-threaded runtime, away from the
    /// app's threads.
    pub fn spawn(self) -> std::io::Result<SyncThread> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let handle = self.handle();
        let thread = std::thread::Builder::new()
            .name("kiosk-sync".into())
            .spawn(move || runtime.block_on(self.run()))?;
        Ok(SyncThread {
            handle,
            thread: Some(thread),
        })
    }
}

/// A worker running on its own thread; stopping (or dropping) it ends and joins the thread.
#[derive(Debug)]
pub struct SyncThread {
    handle: SyncHandle,
    thread: Option<JoinHandle<()>>,
}

impl SyncThread {
    pub fn handle(&self) -> SyncHandle {
        self.handle.clone()
    }

    pub fn stop(mut self) {
        self.stop_and_join();
    }

    fn stop_and_join(&mut self) {
        self.handle.stop();
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("the sync thread panicked");
        }
    }
}

impl Drop for SyncThread {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worker's futures can go to `tokio::spawn` on a multi-threaded runtime.
    #[test]
    fn the_worker_and_its_futures_are_send() {
        fn is_send<T: Send>(_: &T) {}
        let _ = |mut worker: SyncWorker| {
            is_send(&worker.run_once());
            is_send(&worker.run());
        };
    }
}
