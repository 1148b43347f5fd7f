//! Append-only schema migrations, identical on PostgreSQL and SQLite.

use sqlx::{AnyConnection, Connection, Row};

use super::{Db, DbError};

const MIGRATIONS: &[&str] = &[
    // 1: kiosks, events, members, review list, change log.
    "CREATE TABLE kiosks (
        kiosk_id TEXT PRIMARY KEY,
        branch_id TEXT NOT NULL,
        enrollment_code_hash TEXT,
        enrollment_expires_at BIGINT,
        cert_fingerprint TEXT UNIQUE,
        enrolled_at BIGINT,
        revoked_at BIGINT
    );
    CREATE TABLE events (
        idempotency_key TEXT PRIMARY KEY,
        kiosk_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        digest TEXT NOT NULL,
        payload TEXT NOT NULL,
        outcome TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        received_at BIGINT NOT NULL
    );
    CREATE INDEX events_received_at ON events (received_at);
    CREATE TABLE members (
        kvnr TEXT PRIMARY KEY,
        branch_id TEXT NOT NULL,
        snapshot TEXT NOT NULL,
        version BIGINT NOT NULL,
        phone TEXT,
        email TEXT,
        postal_address TEXT,
        phone_version BIGINT NOT NULL DEFAULT 0,
        email_version BIGINT NOT NULL DEFAULT 0,
        postal_address_version BIGINT NOT NULL DEFAULT 0
    );
    CREATE TABLE health_periods (
        id TEXT PRIMARY KEY,
        kvnr TEXT NOT NULL,
        kind TEXT NOT NULL,
        start_date TEXT NOT NULL,
        end_date TEXT
    );
    CREATE TABLE review_items (
        id TEXT PRIMARY KEY,
        kvnr TEXT NOT NULL,
        field TEXT NOT NULL,
        proposed_value TEXT NOT NULL,
        current_value TEXT,
        kiosk_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        created_at BIGINT NOT NULL
    );
    CREATE TABLE changes (
        seq BIGINT PRIMARY KEY,
        branch_id TEXT,
        item TEXT NOT NULL,
        created_at BIGINT NOT NULL
    );
    CREATE INDEX changes_branch_seq ON changes (branch_id, seq);
    CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        value BIGINT NOT NULL
    );
    INSERT INTO counters (name, value) VALUES ('changes', 0)",
    // 2: activation letters. Only the public half of a signing key is stored here; the seed
    // stays in pki_dir (`letter-signing.key`). Dates are the letter's calendar dates
    // (YYYY-MM-DD, German local time); `used_at` is for the kiosks' reports (later).
    "CREATE TABLE letter_keys (
        key_id TEXT PRIMARY KEY,
        public_key TEXT NOT NULL UNIQUE,
        created_at BIGINT NOT NULL
    );
    CREATE TABLE letters (
        letter_id TEXT PRIMARY KEY,
        kvnr TEXT NOT NULL,
        key_id TEXT NOT NULL REFERENCES letter_keys (key_id),
        purpose TEXT NOT NULL,
        issued TEXT NOT NULL,
        expires TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        revoked_at BIGINT,
        used_at BIGINT
    );
    CREATE INDEX letters_kvnr ON letters (kvnr)",
    // 3: certificates. Kiosks sign the verification QR of what they print with their own
    // key (registered through the outbox, bound to the sending kiosk); each print's record
    // (no personal data) lets a verifier tell a printed document from a forged one.
    // University (M10) reports wait here for transmission.
    "CREATE TABLE document_keys (
        key_id TEXT PRIMARY KEY,
        kiosk_id TEXT NOT NULL,
        public_key TEXT NOT NULL,
        registered_at BIGINT NOT NULL
    );
    CREATE TABLE documents (
        document_id TEXT PRIMARY KEY,
        kiosk_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        key_id TEXT NOT NULL,
        content_digest TEXT NOT NULL,
        valid_from TEXT NOT NULL,
        valid_until TEXT NOT NULL,
        outcome TEXT NOT NULL,
        updated_at BIGINT NOT NULL,
        revoked_at BIGINT
    );
    CREATE TABLE university_reports (
        request_id TEXT PRIMARY KEY,
        kvnr TEXT NOT NULL,
        sender_number TEXT NOT NULL,
        kiosk_id TEXT NOT NULL,
        requested_at BIGINT NOT NULL,
        state TEXT NOT NULL
    )",
    // 4: a kiosk's renewed certificate, accepted beside the current one until first used.
    "ALTER TABLE kiosks ADD COLUMN next_cert_fingerprint TEXT",
    // 5: letters locked by wrong dates of birth at some kiosk, until staff unlock them.
    "ALTER TABLE letters ADD COLUMN locked_at BIGINT",
    // 6: a revoked kiosk's document keys stay revoked when its id is enrolled again (the kiosk
    // row is replaced then); the renewed-certificate lookup of every request uses an index; one
    // queued university report per member and university, also when two kiosks push at once.
    "ALTER TABLE document_keys ADD COLUMN revoked_at BIGINT;
    UPDATE document_keys SET revoked_at =
        (SELECT k.revoked_at FROM kiosks k WHERE k.kiosk_id = document_keys.kiosk_id);
    CREATE UNIQUE INDEX kiosks_next_cert_fingerprint ON kiosks (next_cert_fingerprint);
    CREATE UNIQUE INDEX university_reports_one_queued ON university_reports (kvnr, sender_number)
        WHERE state = 'queued'",
    // 7: the identifications member-bound events must rest on (db/identifications.rs), and
    // wrong dates of birth counted per letter across the fleet.
    "CREATE TABLE identifications (
        session_id TEXT PRIMARY KEY,
        kiosk_id TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        letter_id TEXT,
        kvnr TEXT NOT NULL,
        trust_level TEXT NOT NULL,
        identified_at BIGINT NOT NULL,
        ended_at BIGINT
    );
    ALTER TABLE letters ADD COLUMN birth_date_mismatches BIGINT NOT NULL DEFAULT 0",
    // 8: letter keys carry the letter root's endorsement (kiosks trust no key without it; keys
    // from before have none) and can be revoked.
    "ALTER TABLE letter_keys ADD COLUMN endorsement TEXT;
    ALTER TABLE letter_keys ADD COLUMN revoked_at BIGINT",
    // 9: SmartIdent (db/smartident.rs): registrations shown as QR codes (one open per member),
    // devices (keys bound by phones), and the notifications the insurer's mail system sends
    // when a device is added or removed, each with a one-use "not me" link.
    "CREATE TABLE smartident_registrations (
        registration_id TEXT PRIMARY KEY,
        kvnr TEXT NOT NULL,
        purpose TEXT NOT NULL,
        nonce_hash TEXT NOT NULL,
        state TEXT NOT NULL,
        expires_at BIGINT NOT NULL,
        tries_left BIGINT NOT NULL,
        kiosk_id TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        device_id TEXT,
        code_hash TEXT
    );
    CREATE UNIQUE INDEX smartident_one_open_registration ON smartident_registrations (kvnr)
        WHERE state IN ('pending', 'keyBound');
    CREATE TABLE smartident_devices (
        device_id TEXT PRIMARY KEY,
        kvnr TEXT NOT NULL,
        public_key TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        platform TEXT NOT NULL,
        push_handle TEXT,
        state TEXT NOT NULL,
        bound_at BIGINT NOT NULL,
        activated_at BIGINT,
        registered_branch TEXT NOT NULL,
        last_used_at BIGINT,
        removed_at BIGINT
    );
    CREATE INDEX smartident_devices_member ON smartident_devices (kvnr, state);
    CREATE TABLE member_notifications (
        notification_id TEXT PRIMARY KEY,
        kvnr TEXT NOT NULL,
        kind TEXT NOT NULL,
        device_label TEXT,
        block_token_hash TEXT NOT NULL UNIQUE,
        created_at BIGINT NOT NULL,
        used_at BIGINT
    )",
    // 10: SmartIdent approvals (db/approvals.rs): what a member's phone was asked to approve,
    // for which session and letter, and its answer, kept as the record of each approval; a
    // further device's registration names the approval it rests on; and the audit of each
    // SmartIdent step (random ids and outcomes, no personal data).
    "CREATE TABLE smartident_challenges (
        challenge_id TEXT PRIMARY KEY,
        kvnr TEXT NOT NULL,
        purpose TEXT NOT NULL,
        session_id TEXT NOT NULL,
        letter_id TEXT,
        kiosk_id TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        number BIGINT NOT NULL,
        context_hash TEXT NOT NULL,
        requested_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        state TEXT NOT NULL,
        device_id TEXT,
        answered_at BIGINT,
        used_at BIGINT
    );
    CREATE INDEX smartident_challenges_member ON smartident_challenges (kvnr, state);
    ALTER TABLE smartident_registrations ADD COLUMN approval_id TEXT;
    CREATE TABLE smartident_audit (
        at BIGINT NOT NULL,
        step TEXT NOT NULL,
        outcome TEXT NOT NULL,
        kiosk_id TEXT,
        subject_id TEXT NOT NULL
    )",
    // 11: letters members asked for at a kiosk ("Aktivierungsbrief per Post anfordern",
    // db/letter_requests.rs), queued for the insurer's letter run, and the audit of every
    // request (the kiosk and the outcome, no member data).
    "CREATE TABLE letter_requests (
        request_id TEXT PRIMARY KEY,
        kvnr TEXT NOT NULL,
        kiosk_id TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        requested_at BIGINT NOT NULL,
        issued_at BIGINT
    );
    CREATE INDEX letter_requests_member ON letter_requests (kvnr, requested_at);
    CREATE TABLE letter_request_audit (
        at BIGINT NOT NULL,
        kiosk_id TEXT NOT NULL,
        outcome TEXT NOT NULL
    );
    CREATE INDEX letter_request_audit_kiosk ON letter_request_audit (kiosk_id, at)",
    // 12: what the insurer's mail system takes to tell a member of a device change, with the
    // token of the notification's one-use "Das war ich nicht" link (member_notifications keeps
    // only its hash); the mail system deletes a row once the message is sent.
    "CREATE TABLE mail_outbox (
        notification_id TEXT PRIMARY KEY,
        kvnr TEXT NOT NULL,
        kind TEXT NOT NULL,
        not_me_token TEXT NOT NULL,
        created_at BIGINT NOT NULL
    )",
    // 13: each kiosk's audit trail (db/audit.rs), a hash chain checked as it arrives, and the
    // breaks found in it for IT.
    "CREATE TABLE kiosk_audit (
        kiosk_id TEXT NOT NULL,
        seq BIGINT NOT NULL,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        session_id TEXT,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        received_at BIGINT NOT NULL,
        PRIMARY KEY (kiosk_id, seq)
    );
    CREATE TABLE audit_chain_breaks (
        kiosk_id TEXT NOT NULL,
        seq BIGINT NOT NULL,
        problem TEXT NOT NULL,
        detected_at BIGINT NOT NULL
    );
    CREATE INDEX audit_chain_breaks_kiosk ON audit_chain_breaks (kiosk_id, detected_at)",
    // 14: staff accounts (db/staff.rs) with their PIN verifiers, the locks kiosks report, and
    // who checked the ID of a staff-assisted identification.
    "CREATE TABLE staff_accounts (
        staff_id TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        branches TEXT NOT NULL,
        pin_verifier TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        revoked_at BIGINT
    );
    CREATE TABLE staff_locks (
        staff_id TEXT NOT NULL,
        kiosk_id TEXT NOT NULL,
        until_text TEXT NOT NULL,
        until_millis BIGINT NOT NULL,
        reported_at BIGINT NOT NULL
    );
    CREATE INDEX staff_locks_staff ON staff_locks (staff_id, until_millis);
    ALTER TABLE identifications ADD COLUMN staff_id TEXT;
    ALTER TABLE identifications ADD COLUMN id_document TEXT",
];

/// The PostgreSQL advisory lock instances starting at once take turns on ("kiosk-migrate").
const MIGRATION_LOCK: i64 = 0x6b69_6f73_6b2d_6d69;

/// Brings the schema up to date. Instances starting at once on the same database each apply a
/// migration at most once between them (PostgreSQL: they take turns on an advisory lock;
/// SQLite: each migration claims its version first, under SQLite's write lock). A schema newer
/// than this build is refused.
pub(crate) async fn migrate(db: &Db) -> Result<(), DbError> {
    let mut conn = db.pool().acquire().await?;
    if db.is_postgres() {
        sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(MIGRATION_LOCK)
            .execute(&mut *conn)
            .await?;
    }
    let result = apply(&mut conn).await;
    if db.is_postgres() {
        // Also released when the connection closes, should this fail.
        sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(MIGRATION_LOCK)
            .execute(&mut *conn)
            .await?;
    }
    result
}

async fn apply(conn: &mut AnyConnection) -> Result<(), DbError> {
    sqlx::query("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)")
        .execute(&mut *conn)
        .await?;
    let applied: i64 = sqlx::query("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")
        .fetch_one(&mut *conn)
        .await?
        .try_get("v")?;
    let known = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
    if applied > known {
        return Err(DbError::NewerSchema {
            found: applied,
            known,
        });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let version = i64::try_from(index + 1).unwrap_or(i64::MAX);
        if version <= applied {
            continue;
        }
        let mut tx = conn.begin().await?;
        let claimed = sqlx::query("INSERT INTO schema_migrations (version) VALUES ($1)")
            .bind(version)
            .execute(&mut *tx)
            .await;
        match claimed {
            Ok(_) => {}
            // Another instance applied it meanwhile.
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                tx.rollback().await?;
                continue;
            }
            Err(e) => return Err(e.into()),
        }
        for statement in sql.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            sqlx::query(statement).execute(&mut *tx).await?;
        }
        tx.commit().await?;
    }
    Ok(())
}
