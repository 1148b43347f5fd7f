//! Versioned schema migrations, tracked in `PRAGMA user_version`. Append only: a released
//! migration is never edited, a change is a new entry.

use std::path::Path;

use rusqlite::Connection;

use crate::StoreError;

const MIGRATIONS: &[&str] = &[
    // 1: outbox and audit.
    "CREATE TABLE outbox (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        idempotency_key TEXT NOT NULL UNIQUE,
        kind            TEXT NOT NULL,
        payload         TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        delivered_at    TEXT
    );
    CREATE INDEX outbox_pending ON outbox (seq) WHERE delivered_at IS NULL;
    CREATE TABLE audit (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        at         TEXT NOT NULL,
        kind       TEXT NOT NULL,
        session_id TEXT,
        detail     TEXT NOT NULL
    );",
    // 2: sync with the central system. `outcome` is the central system's final answer for a
    // delivered event (JSON); delivered rows are kept a while for diagnosis, then purged.
    // Timestamps written from here on are fixed-width UTC (`…T08:15:00.000Z`), so that text
    // comparison is time comparison.
    "ALTER TABLE outbox ADD COLUMN outcome TEXT;
    CREATE INDEX outbox_delivered ON outbox (delivered_at) WHERE delivered_at IS NOT NULL;
    CREATE TABLE member_snapshots (
        kvnr        TEXT PRIMARY KEY,
        snapshot    TEXT NOT NULL,
        version     INTEGER NOT NULL,
        received_at TEXT NOT NULL
    );
    CREATE INDEX member_snapshots_received ON member_snapshots (received_at);
    CREATE TABLE revocations (
        kind       TEXT NOT NULL,
        id         TEXT NOT NULL,
        revoked_at TEXT NOT NULL,
        PRIMARY KEY (kind, id)
    ) WITHOUT ROWID;
    CREATE TABLE sync_state (
        name  TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;",
    // 3: activation letters seen at this kiosk: wrong dates of birth, lock, use.
    "CREATE TABLE letter_attempts (
        letter_id TEXT PRIMARY KEY,
        failures  INTEGER NOT NULL DEFAULT 0,
        locked_at TEXT,
        used_at   TEXT
    ) WITHOUT ROWID;",
    // 4: the central system's letter signing keys (public), as pulled. Kept after a rotation:
    // letters signed with an older key stay valid until they expire.
    "CREATE TABLE letter_keys (
        key_id      TEXT PRIMARY KEY,
        public_key  TEXT NOT NULL,
        received_at TEXT NOT NULL
    ) WITHOUT ROWID;",
    // 5: the print journal (`prints.rs`): one row per attempt to print a document, so that a
    // print that may or may not have happened is flagged, never silently repeated. And
    // `document_keys`: the kiosk's document-signing key (`documents.rs`). `record` is the
    // print's report for the central system without its outcome (JSON, no personal data), so
    // that a print found in doubt after a crash can still be reported.
    "CREATE TABLE print_jobs (
        print_id      INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id   TEXT NOT NULL,
        document_kind TEXT NOT NULL,
        session_id    TEXT,
        printer_uri   TEXT NOT NULL,
        state         TEXT NOT NULL CHECK (state IN ('submitting','submitted','completed','failed','in_doubt','resolved_printed','resolved_not_printed')),
        cups_job_id   INTEGER,
        problem       TEXT,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        record        TEXT
    );
    CREATE INDEX print_jobs_document ON print_jobs (document_id);
    CREATE TABLE document_keys (
        key_id     TEXT PRIMARY KEY,
        secret     BLOB NOT NULL,
        created_at TEXT NOT NULL
    );",
    // 6: a letter key's endorsement by the letter root (kiosk-core trusts no key without a
    // valid one, checked against the root kiosk.toml pins each time it builds its key set).
    "ALTER TABLE letter_keys ADD COLUMN endorsement TEXT;",
    // 7: the audit trail becomes a hash chain (`audit.rs`): each record names the hash of the
    // one before; records from before carry none and the chain starts after them. The table
    // is append-only from here on.
    "ALTER TABLE audit ADD COLUMN prev_hash TEXT;
    ALTER TABLE audit ADD COLUMN hash TEXT;
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;",
    // 8: staff assist (`staff.rs`): the staff accounts of this kiosk's branch with their PIN
    // verifiers, as pulled, and each account's wrong PINs on this kiosk. A locked letter
    // keeps its member's KVNR while it is locked, so staff who checked that member's ID can
    // unlock it; the KVNR goes with the unlock.
    "CREATE TABLE staff_accounts (
        staff_id     TEXT PRIMARY KEY,
        role         TEXT NOT NULL,
        branches     TEXT NOT NULL,
        pin_verifier TEXT NOT NULL,
        received_at  TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE staff_pin_failures (
        staff_id     TEXT PRIMARY KEY,
        failures     INTEGER NOT NULL,
        locked_until TEXT
    ) WITHOUT ROWID;
    ALTER TABLE letter_attempts ADD COLUMN member_kvnr TEXT;",
];

pub(crate) fn latest_version() -> i64 {
    i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX)
}

/// Brings the schema up to date, one transaction per migration.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if current > latest_version() {
        return Err(StoreError::NewerSchema {
            path: path.to_owned(),
            found: current,
            supported: latest_version(),
        });
    }
    for (index, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .skip(usize::try_from(current).unwrap_or(0))
    {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(
            None,
            "user_version",
            i64::try_from(index + 1).unwrap_or(i64::MAX),
        )?;
        tx.commit()?;
    }
    Ok(())
}
