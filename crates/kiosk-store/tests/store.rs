use std::{fs, os::unix::fs::PermissionsExt, path::Path};

use kiosk_store::{NewAuditRecord, NewOutboxEvent, Store, StoreError, StoreKey};

fn key_at(dir: &Path, name: &str) -> StoreKey {
    let path = dir.join(name);
    StoreKey::create_file(&path).expect("new key");
    StoreKey::from_file(&path).expect("read key")
}

fn event(n: u32) -> NewOutboxEvent {
    NewOutboxEvent::new("test.event", &serde_json::json!({ "n": n })).expect("encodes")
}

fn audit(kind: &'static str) -> NewAuditRecord {
    NewAuditRecord {
        kind,
        session_id: Some("s-1".into()),
        detail: "{}".into(),
    }
}

#[test]
fn a_new_store_is_migrated_encrypted_and_in_wal_mode() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = key_at(dir.path(), "k");
    let path = Store::file_in(&dir.path().join("data"));
    let mut store = Store::open(&path, &key).expect("opens");
    assert_eq!(
        store.schema_version().expect("version"),
        Store::latest_schema()
    );
    store
        .transaction(|tx| tx.enqueue(&event(7)).map(drop))
        .expect("write");
    assert_eq!(store.integrity_check().expect("check"), "ok");
    drop(store);

    let raw = fs::read(&path).expect("file exists");
    assert!(
        !raw.starts_with(b"SQLite format 3"),
        "the file must not be plain SQLite"
    );
    assert!(
        !raw.windows(9).any(|w| w == b"test.even"),
        "no plaintext in the file"
    );
    let wal = path.with_extension("db-wal");
    if let Ok(wal) = fs::read(wal) {
        assert!(
            !wal.windows(9).any(|w| w == b"test.even"),
            "no plaintext in the WAL"
        );
    }

    // Reopening applies no migration twice and keeps the data.
    let store = Store::open(&path, &key).expect("reopens");
    assert_eq!(
        store.schema_version().expect("version"),
        Store::latest_schema()
    );
    assert_eq!(store.outbox_depth().expect("depth"), 1);
    let plain = rusqlite::Connection::open(&path).expect("opens as a file");
    let journal: String = plain
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap_or_default();
    assert_ne!(
        journal, "delete",
        "without the key even the journal mode cannot be read"
    );
}

#[test]
fn a_wrong_key_is_refused_and_the_file_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let right = key_at(dir.path(), "right");
    let wrong = key_at(dir.path(), "wrong");
    let path = Store::file_in(dir.path());
    let mut store = Store::open(&path, &right).expect("opens");
    store
        .transaction(|tx| tx.enqueue(&event(1)).map(drop))
        .expect("write");
    drop(store);
    let before = fs::read(&path).expect("file");

    let err = Store::open(&path, &wrong).expect_err("wrong key");
    assert!(
        matches!(err, StoreError::WrongKeyOrDamaged { .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("kiosk.db") && message.contains("Nothing was changed"),
        "{message}"
    );
    assert_eq!(
        fs::read(&path).expect("file"),
        before,
        "the file must not change"
    );

    let store = Store::open(&path, &right).expect("the right key still opens it");
    assert_eq!(store.outbox_depth().expect("depth"), 1);
}

#[test]
fn a_damaged_or_foreign_file_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = key_at(dir.path(), "k");

    let garbage = dir.path().join("garbage.db");
    fs::write(&garbage, vec![0x5a; 8192]).expect("write");
    assert!(matches!(
        Store::open(&garbage, &key),
        Err(StoreError::WrongKeyOrDamaged { .. })
    ));
    assert_eq!(fs::read(&garbage).expect("still there"), vec![0x5a; 8192]);

    let plain = dir.path().join("plain.db");
    rusqlite::Connection::open(&plain)
        .and_then(|c| c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);"))
        .expect("plain sqlite");
    assert!(matches!(
        Store::open(&plain, &key),
        Err(StoreError::WrongKeyOrDamaged { .. })
    ));

    // An encrypted store with a page overwritten in the middle.
    let damaged = dir.path().join("damaged.db");
    let mut store = Store::open(&damaged, &key).expect("opens");
    for n in 0..2000 {
        store
            .transaction(|tx| tx.enqueue(&event(n)).map(drop))
            .expect("write");
    }
    drop(store);
    let mut bytes = fs::read(&damaged).expect("file");
    assert!(bytes.len() > 5 * 4096, "several pages");
    for b in &mut bytes[3 * 4096..3 * 4096 + 64] {
        *b ^= 0xff;
    }
    fs::write(&damaged, &bytes).expect("write");
    let err = Store::open(&damaged, &key).expect_err("damaged");
    assert!(
        matches!(
            err,
            StoreError::WrongKeyOrDamaged { .. } | StoreError::Damaged { .. }
        ),
        "{err:?}"
    );
}

#[test]
fn a_store_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = key_at(dir.path(), "k");
    let path = Store::file_in(dir.path());
    drop(Store::open(&path, &key).expect("opens"));
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch(key_pragma_for_test(dir.path()).as_str())
            .expect("key");
        conn.pragma_update(None, "user_version", 99).expect("bump");
    }
    let err = Store::open(&path, &key).expect_err("newer schema");
    assert!(
        matches!(
            err,
            StoreError::NewerSchema {
                found: 99,
                supported,
                ..
            } if supported == Store::latest_schema()
        ),
        "{err:?}"
    );
}

/// The test's own copy of the key pragma, read from the key file like an operator would.
fn key_pragma_for_test(dir: &Path) -> String {
    let hex = fs::read_to_string(dir.join("k")).expect("key file");
    format!("PRAGMA key = \"x'{}'\";", hex.trim())
}

#[test]
fn the_outbox_row_commits_with_its_action_or_not_at_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = key_at(dir.path(), "k");
    let mut store = Store::open(&Store::file_in(dir.path()), &key).expect("opens");

    let failed: Result<(), StoreError> = store.transaction(|tx| {
        tx.audit(&audit("session.started"))?;
        tx.enqueue(&event(1))?;
        // The action fails after its outbox row was written, e.g. a constraint.
        tx.enqueue(&NewOutboxEvent {
            kind: "dup",
            ..event(2)
        })?;
        let duplicate = event(3);
        tx.enqueue(&duplicate)?;
        tx.enqueue(&duplicate)?;
        Ok(())
    });
    assert!(matches!(failed, Err(StoreError::Sqlite(_))), "{failed:?}");
    assert_eq!(
        store.outbox_depth().expect("depth"),
        0,
        "no outbox row survives a failed action"
    );
    assert!(
        store.audit_trail(10).expect("audit").is_empty(),
        "nor its audit record"
    );

    store
        .transaction(|tx| -> Result<(), StoreError> {
            tx.audit(&audit("session.started"))?;
            tx.enqueue(&event(4))?;
            Ok(())
        })
        .expect("commits");
    // The action's event and the audit record's own, for the central system's copy.
    assert_eq!(store.outbox_depth().expect("depth"), 2);
    let trail = store.audit_trail(10).expect("audit");
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].kind, "session.started");
    let pending = store.pending_events(10).expect("pending");
    assert_eq!(pending[0].kind, "audit.recorded");
    assert_eq!(pending[1].payload, r#"{"n":4}"#);
    assert_eq!(pending[1].kind, "test.event");
}

#[test]
fn the_data_folder_is_created_but_a_blocked_one_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = key_at(dir.path(), "k");
    let blocker = dir.path().join("file");
    fs::write(&blocker, b"x").expect("write");
    let err = Store::open(&blocker.join("sub").join("kiosk.db"), &key).expect_err("not a folder");
    assert!(matches!(err, StoreError::DataDir { .. }), "{err:?}");
    let _ = fs::set_permissions(&blocker, fs::Permissions::from_mode(0o600));
}
