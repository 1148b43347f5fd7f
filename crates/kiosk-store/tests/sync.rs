//! The sync worker's part of the store: deliveries, snapshots, revocations, cursor.

mod common;

use std::{fs, time::Duration};

use common::open;
use kiosk_store::{NewOutboxEvent, Store, StoreError, StoreKey};
use time::OffsetDateTime;

const HOUR: Duration = Duration::from_secs(3600);

fn enqueue(store: &mut Store, n: u32) -> NewOutboxEvent {
    let event = NewOutboxEvent::new("test.event", &serde_json::json!({ "n": n })).expect("encodes");
    store
        .transaction(|tx| tx.enqueue(&event).map(drop))
        .expect("write");
    event
}

#[test]
fn delivered_events_leave_the_queue_with_their_outcome() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    assert_eq!(store.oldest_pending().expect("oldest"), None);
    let first = enqueue(&mut store, 1);
    enqueue(&mut store, 2);
    let third = enqueue(&mut store, 3);
    let oldest = store
        .oldest_pending()
        .expect("oldest")
        .expect("one is waiting");
    assert_eq!(
        oldest,
        store.pending_events(1).expect("pending")[0].created_at
    );
    assert!(oldest.ends_with('Z') && oldest.len() == 24, "{oldest}");

    let pending = store.pending_events(10).expect("pending");
    store
        .transaction(|tx| -> Result<(), StoreError> {
            for event in &pending[..2] {
                tx.count_attempt(event.seq)?;
            }
            assert!(tx.mark_delivered(pending[0].seq, r#"{"status":"applied"}"#)?);
            assert!(tx.mark_delivered(pending[1].seq, r#"{"status":"keyReused"}"#)?);
            // A redelivered answer changes nothing.
            assert!(!tx.mark_delivered(pending[0].seq, r#"{"status":"other"}"#)?);
            assert!(!tx.mark_delivered(999, "{}")?);
            Ok(())
        })
        .expect("one transaction per batch");

    assert_eq!(store.outbox_depth().expect("depth"), 1);
    let left = store.pending_events(10).expect("pending");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].idempotency_key, third.idempotency_key);
    let delivery = store
        .delivery(first.idempotency_key)
        .expect("query")
        .expect("delivered");
    assert_eq!(delivery.outcome.as_deref(), Some(r#"{"status":"applied"}"#));
    assert_eq!(delivery.attempts, 1);
    assert_eq!(store.delivery(third.idempotency_key).expect("query"), None);

    // Recently delivered rows are kept; only old ones go, pending ones never.
    assert_eq!(store.purge_delivered(24 * HOUR).expect("purge"), 0);
    // Delivery times have millisecond precision: let one pass.
    std::thread::sleep(Duration::from_millis(5));
    assert_eq!(store.purge_delivered(Duration::ZERO).expect("purge"), 2);
    assert_eq!(store.outbox_depth().expect("depth"), 1);
    assert_eq!(store.purge_delivered(Duration::MAX).expect("purge"), 0);
}

#[test]
fn a_failed_batch_marks_nothing_delivered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    enqueue(&mut store, 1);
    let seq = store.pending_events(1).expect("pending")[0].seq;
    let failed: Result<(), StoreError> = store.transaction(|tx| {
        tx.mark_delivered(seq, "{}")?;
        Err(StoreError::Sqlite(rusqlite::Error::InvalidQuery))
    });
    assert!(failed.is_err());
    assert_eq!(store.outbox_depth().expect("depth"), 1);
}

#[test]
fn a_page_commits_with_its_cursor_or_not_at_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    assert_eq!(store.pull_cursor().expect("cursor"), 0);
    let now = OffsetDateTime::now_utc();

    store
        .transaction(|tx| -> Result<(), StoreError> {
            tx.put_snapshot("A123456780", 1, r#"{"v":1}"#, now)?;
            tx.put_snapshot("B123456780", 4, r#"{"v":4}"#, now)?;
            tx.add_revocation("letter", "L-1")?;
            tx.set_pull_cursor(17)
        })
        .expect("page applied");
    assert_eq!(store.pull_cursor().expect("cursor"), 17);
    assert_eq!(store.snapshot_count().expect("count"), 2);
    assert!(store.is_revoked("letter", "L-1").expect("query"));
    assert!(!store.is_revoked("device", "L-1").expect("query"));

    // The next page fails half-way: neither its changes nor its cursor remain.
    let failed: Result<(), StoreError> = store.transaction(|tx| {
        tx.put_snapshot("A123456780", 2, r#"{"v":2}"#, now)?;
        assert!(tx.remove_snapshot("B123456780")?);
        tx.add_revocation("device", "D-9")?;
        tx.set_pull_cursor(30)?;
        Err(StoreError::Sqlite(rusqlite::Error::InvalidQuery))
    });
    assert!(failed.is_err());
    assert_eq!(store.pull_cursor().expect("cursor"), 17);
    assert_eq!(store.snapshot_count().expect("count"), 2);
    assert!(!store.is_revoked("device", "D-9").expect("query"));
    let a = store
        .member_snapshot("A123456780", HOUR)
        .expect("query")
        .expect("kept");
    assert_eq!((a.version, a.snapshot.as_str()), (1, r#"{"v":1}"#));
    assert!(
        !format!("{a:?}").contains("A123456780"),
        "Debug hides the KVNR"
    );

    // Applied again, the page replaces the snapshot; a repeated revocation is harmless.
    store
        .transaction(|tx| -> Result<(), StoreError> {
            tx.put_snapshot("A123456780", 2, r#"{"v":2}"#, now)?;
            tx.add_revocation("letter", "L-1")?;
            tx.set_pull_cursor(30)
        })
        .expect("page applied");
    let a = store
        .member_snapshot("A123456780", HOUR)
        .expect("query")
        .expect("replaced");
    assert_eq!(a.version, 2);
    assert_eq!(store.pull_cursor().expect("cursor"), 30);
}

#[test]
fn snapshots_older_than_the_maximum_age_are_neither_used_nor_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    let now = OffsetDateTime::now_utc();
    store
        .transaction(|tx| -> Result<(), StoreError> {
            tx.put_snapshot("OLD", 1, "{}", now - time::Duration::hours(80))?;
            tx.put_snapshot("FRESH", 1, "{}", now - time::Duration::hours(1))?;
            Ok(())
        })
        .expect("write");
    let max_age = 72 * HOUR;
    // Too old to use even before pruning.
    assert!(
        store
            .member_snapshot("OLD", max_age)
            .expect("query")
            .is_none()
    );
    assert!(
        store
            .member_snapshot("FRESH", max_age)
            .expect("query")
            .is_some()
    );
    assert_eq!(store.prune_snapshots(max_age).expect("prune"), 1);
    assert_eq!(store.snapshot_count().expect("count"), 1);
    assert_eq!(store.prune_snapshots(max_age).expect("prune"), 0);
    assert_eq!(store.prune_snapshots(Duration::MAX).expect("prune"), 0);
}

#[test]
fn a_complete_pull_confirms_unchanged_snapshots_as_current() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    let now = OffsetDateTime::now_utc();
    store
        .transaction(|tx| tx.put_snapshot("UNCHANGED", 1, "{}", now - time::Duration::days(30)))
        .expect("write");
    let max_age = 72 * HOUR;
    assert!(
        store
            .member_snapshot("UNCHANGED", max_age)
            .expect("query")
            .is_none()
    );
    assert!(
        store.has_member_snapshot("UNCHANGED").expect("query"),
        "too old, but here"
    );
    assert!(!store.has_member_snapshot("ELSEWHERE").expect("query"));

    // A pull that completed an hour ago brought every change: the old snapshot is current.
    let pulled = now - time::Duration::hours(1);
    store.set_data_current_as_of(pulled).expect("as of");
    let current = store
        .member_snapshot("UNCHANGED", max_age)
        .expect("query")
        .expect("current");
    assert!(current.received_at < current.current_as_of);
    assert_eq!(store.prune_snapshots(max_age).expect("prune"), 0);

    // Offline for longer than the maximum age: neither used nor kept.
    store
        .set_data_current_as_of(now - time::Duration::hours(80))
        .expect("as of");
    assert!(
        store
            .member_snapshot("UNCHANGED", max_age)
            .expect("query")
            .is_none()
    );
    assert_eq!(store.prune_snapshots(max_age).expect("prune"), 1);
}

#[test]
fn sync_values_persist_across_connections() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = open(dir.path());
    assert_eq!(store.sync_value("last_success").expect("read"), None);
    store
        .set_sync_value("last_success", "2026-11-29T08:15:00.000Z")
        .expect("write");
    store
        .set_sync_value("last_success", "later")
        .expect("write");
    // A second connection (the sync worker's) sees it.
    let other = open(dir.path());
    assert_eq!(
        other.sync_value("last_success").expect("read").as_deref(),
        Some("later")
    );
}

#[test]
fn a_store_of_schema_1_is_upgraded_keeping_its_outbox() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key_path = dir.path().join("k");
    StoreKey::create_file(&key_path).expect("new key");
    let hex = fs::read_to_string(&key_path).expect("key file");
    {
        let conn = rusqlite::Connection::open(Store::file_in(dir.path())).expect("open");
        conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", hex.trim()))
            .expect("key");
        // Migration 1 as released.
        conn.execute_batch(
            "CREATE TABLE outbox (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0, delivered_at TEXT);
             CREATE INDEX outbox_pending ON outbox (seq) WHERE delivered_at IS NULL;
             CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
                kind TEXT NOT NULL, session_id TEXT, detail TEXT NOT NULL);
             INSERT INTO outbox (idempotency_key, kind, payload, created_at)
                VALUES ('6f1c1d5e-8f0a-4a43-9c55-3b1c8f6d9a10', 'session.started', '{}',
                        '2026-11-29T08:15:00Z');
             PRAGMA user_version = 1;",
        )
        .expect("schema 1");
    }
    let store = open(dir.path());
    assert_eq!(
        store.schema_version().expect("version"),
        Store::latest_schema()
    );
    assert_eq!(store.outbox_depth().expect("depth"), 1);
    assert_eq!(
        store.oldest_pending().expect("oldest").as_deref(),
        Some("2026-11-29T08:15:00Z")
    );
}
