//! The audit trail as a hash chain: intact after writes and reopening, append-only, and every
//! record queued for the central system.

use std::path::Path;

use kiosk_protocol::{ChainBreak, EventPayload, GENESIS_HASH, verify_chain};
use kiosk_store::{NewAuditRecord, Store, StoreKey};

fn open(dir: &Path) -> Store {
    let key_path = dir.join("store.key");
    if !key_path.exists() {
        StoreKey::create_file(&key_path).expect("new key");
    }
    let key = StoreKey::from_file(&key_path).expect("key");
    Store::open(&Store::file_in(dir), &key).expect("opens")
}

/// A connection of its own, as someone holding the key and the file could open one.
fn raw(dir: &Path) -> rusqlite::Connection {
    let hex = std::fs::read_to_string(dir.join("store.key")).expect("key file");
    let conn = rusqlite::Connection::open(Store::file_in(dir)).expect("open");
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", hex.trim()))
        .expect("key");
    conn
}

fn write(store: &mut Store, n: u32) {
    for i in 0..n {
        store
            .transaction(|tx| {
                tx.audit(&NewAuditRecord {
                    kind: "test.event",
                    session_id: (i % 2 == 0).then(|| "s-1".to_owned()),
                    detail: format!("{{\"i\":{i}}}"),
                })
            })
            .expect("audited");
    }
}

#[test]
fn the_trail_is_a_chain_that_survives_reopening() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    write(&mut store, 3);
    drop(store);
    let mut store = open(dir.path());
    write(&mut store, 2);
    let chain = store.audit_chain().expect("chain");
    assert_eq!(chain.len(), 5);
    assert_eq!(chain[0].seq, 1);
    assert_eq!(chain[0].prev_hash, GENESIS_HASH);
    assert_eq!(chain[3].prev_hash, chain[2].hash);
    assert!(verify_chain(&chain).is_empty());
}

#[test]
fn every_record_goes_to_the_outbox_as_it_is_chained() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    write(&mut store, 2);
    let chain = store.audit_chain().expect("chain");
    let sent: Vec<_> = store
        .pending_events(10)
        .expect("pending")
        .into_iter()
        .map(|row| {
            assert_eq!(row.kind, "audit.recorded");
            match serde_json::from_str::<EventPayload>(&row.payload).expect("payload") {
                EventPayload::AuditRecorded(record) => record,
                other => panic!("unexpected {other:?}"),
            }
        })
        .collect();
    assert_eq!(sent, chain);
    for record in &sent {
        assert_eq!(record.validate(), Ok(()));
    }
}

#[test]
fn records_cannot_be_changed_or_removed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    write(&mut store, 2);
    drop(store);
    let conn = raw(dir.path());
    let changed = conn.execute("UPDATE audit SET detail = '{}'", []);
    assert!(changed.is_err(), "{changed:?}");
    let removed = conn.execute("DELETE FROM audit WHERE seq = 1", []);
    assert!(removed.is_err(), "{removed:?}");
    drop(conn);
    assert_eq!(open(dir.path()).audit_chain().expect("chain").len(), 2);
}

#[test]
fn a_record_changed_behind_the_stores_back_is_found() {
    // What an attacker with the key and the file could do: drop the trigger, change a record.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    write(&mut store, 3);
    drop(store);
    raw(dir.path())
        .execute_batch(
            "DROP TRIGGER audit_no_update; UPDATE audit SET detail = '{\"i\":7}' WHERE seq = 2;",
        )
        .expect("tampered");
    let store = open(dir.path());
    let found = verify_chain(&store.audit_chain().expect("chain"));
    assert_eq!(found, vec![(2, ChainBreak::Changed)]);
}
