//! What the sync worker keeps: delivery outcomes of outbox events, member snapshots for offline
//! certificates, revocations and small sync values such as the pull cursor.
//!
//! The store stays protocol-agnostic: snapshots and outcomes are JSON written by the sync
//! crate, which owns their shape.

use std::time::Duration;

use rusqlite::{OptionalExtension, params};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{
    Store, StoreError, StoreTx,
    store::{now, timestamp},
};

/// The `sync_state` name of the pull cursor.
const PULL_CURSOR: &str = "pull_cursor";

/// The kinds of id in the revocations table; the sync writes them, identification reads them.
pub const REVOKED_LETTER: &str = "letter";
pub const REVOKED_DEVICE: &str = "device";
pub const REVOKED_KIOSK: &str = "kiosk";
/// A letter signing key: letters it signed identify no one.
pub const REVOKED_LETTER_KEY: &str = "letterKey";

/// The sync value naming when the last complete pull started (fixed-width UTC).
const DATA_CURRENT_AS_OF: &str = "data_current_as_of";

/// A member's certificate data as last received from the central system.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredSnapshot {
    pub kvnr: String,
    /// The snapshot as JSON (the protocol's `MemberSnapshot`).
    pub snapshot: String,
    pub version: i64,
    /// RFC 3339, UTC.
    pub received_at: String,
    /// Up to when the data is known to be current (RFC 3339, UTC): the later of its
    /// arrival and the last complete pull, which would have brought any change since.
    pub current_as_of: String,
}

// Personal data: only the version and age are shown.
impl std::fmt::Debug for StoredSnapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredSnapshot")
            .field("kvnr", &"<redacted>")
            .field("version", &self.version)
            .field("received_at", &self.received_at)
            .field("current_as_of", &self.current_as_of)
            .finish_non_exhaustive()
    }
}

/// How the central system answered an event, once it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub delivered_at: String,
    /// The outcome as JSON (the protocol's `EventOutcome`).
    pub outcome: Option<String>,
    pub attempts: i64,
}

/// The time `age` before now, as stored text; `None` when that is before the calendar starts
/// (then nothing is that old).
fn cutoff(age: Duration) -> Option<String> {
    let age = time::Duration::try_from(age).ok()?;
    OffsetDateTime::now_utc().checked_sub(age).map(timestamp)
}

fn count(changed: usize) -> u64 {
    u64::try_from(changed).unwrap_or(u64::MAX)
}

impl Store {
    /// When the oldest undelivered event was written (RFC 3339), if any is waiting.
    pub fn oldest_pending(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT created_at FROM outbox WHERE delivered_at IS NULL ORDER BY seq LIMIT 1",
                [],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// The delivery of the event with this key, or `None` while it is pending (or unknown).
    pub fn delivery(&self, idempotency_key: Uuid) -> Result<Option<Delivery>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT delivered_at, outcome, attempts FROM outbox
                 WHERE idempotency_key = ?1 AND delivered_at IS NOT NULL",
                [idempotency_key.to_string()],
                |row| {
                    Ok(Delivery {
                        delivered_at: row.get(0)?,
                        outcome: row.get(1)?,
                        attempts: row.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    /// Deletes events delivered more than `age` ago; returns how many. Pending events are
    /// never deleted.
    pub fn purge_delivered(&self, age: Duration) -> Result<u64, StoreError> {
        let Some(cutoff) = cutoff(age) else {
            return Ok(0);
        };
        let deleted = self.conn.execute(
            "DELETE FROM outbox WHERE delivered_at IS NOT NULL AND delivered_at < ?1",
            [cutoff],
        )?;
        Ok(count(deleted))
    }

    /// The member's snapshot if one was received within `max_age`: an older one must not be
    /// used even before [`Store::prune_snapshots`] has removed it.
    pub fn member_snapshot(
        &self,
        kvnr: &str,
        max_age: Duration,
    ) -> Result<Option<StoredSnapshot>, StoreError> {
        let Some(cutoff) = cutoff(max_age) else {
            return Ok(None);
        };
        Ok(self
            .conn
            .query_row(
                "SELECT kvnr, snapshot, version, received_at,
                        max(received_at, COALESCE((SELECT value FROM sync_state WHERE name = ?3), ''))
                 FROM member_snapshots
                 WHERE kvnr = ?1
                   AND max(received_at, COALESCE((SELECT value FROM sync_state WHERE name = ?3), '')) >= ?2",
                params![kvnr, cutoff, DATA_CURRENT_AS_OF],
                |row| {
                    Ok(StoredSnapshot {
                        kvnr: row.get(0)?,
                        snapshot: row.get(1)?,
                        version: row.get(2)?,
                        received_at: row.get(3)?,
                        current_as_of: row.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    /// The snapshots current within `max_age` of members born on `birth_date` (YYYY-MM-DD),
    /// for a staff lookup by name and date of birth while offline.
    pub fn member_snapshots_born(
        &self,
        birth_date: &str,
        max_age: Duration,
    ) -> Result<Vec<StoredSnapshot>, StoreError> {
        let Some(cutoff) = cutoff(max_age) else {
            return Ok(Vec::new());
        };
        let mut statement = self.conn.prepare_cached(
            "SELECT kvnr, snapshot, version, received_at,
                    max(received_at, COALESCE((SELECT value FROM sync_state WHERE name = ?3), ''))
             FROM member_snapshots
             WHERE instr(snapshot, ?1) > 0
               AND max(received_at, COALESCE((SELECT value FROM sync_state WHERE name = ?3), '')) >= ?2
             ORDER BY kvnr",
        )?;
        let needle = format!("\"birthDate\":\"{birth_date}\"");
        let rows = statement.query_map(params![needle, cutoff, DATA_CURRENT_AS_OF], |row| {
            Ok(StoredSnapshot {
                kvnr: row.get(0)?,
                snapshot: row.get(1)?,
                version: row.get(2)?,
                received_at: row.get(3)?,
                current_as_of: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether the kiosk holds the member's snapshot at all, whatever its age (to tell "too
    /// old" from "not here").
    pub fn has_member_snapshot(&self, kvnr: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM member_snapshots WHERE kvnr = ?1",
                [kvnr],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    pub fn snapshot_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM member_snapshots", [], |row| {
                row.get(0)
            })?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Drops snapshots not known to be current within `max_age` (neither received nor
    /// confirmed by a complete pull since); returns how many.
    pub fn prune_snapshots(&self, max_age: Duration) -> Result<u64, StoreError> {
        let Some(cutoff) = cutoff(max_age) else {
            return Ok(0);
        };
        let deleted = self.conn.execute(
            "DELETE FROM member_snapshots
             WHERE max(received_at, COALESCE((SELECT value FROM sync_state WHERE name = ?2), '')) < ?1",
            params![cutoff, DATA_CURRENT_AS_OF],
        )?;
        Ok(count(deleted))
    }

    /// A pull that started at `started` brought every change up to the central system's
    /// end: every snapshot held is current as of then.
    pub fn set_data_current_as_of(&self, started: OffsetDateTime) -> Result<(), StoreError> {
        set_value(&self.conn, DATA_CURRENT_AS_OF, &timestamp(started))
    }

    /// When a pull last brought everything up to the central system's end (`None`: never).
    pub fn data_current_as_of(&self) -> Result<Option<OffsetDateTime>, StoreError> {
        let Some(text) = self.sync_value(DATA_CURRENT_AS_OF)? else {
            return Ok(None);
        };
        OffsetDateTime::parse(&text, &time::format_description::well_known::Rfc3339)
            .map(Some)
            .map_err(|_| StoreError::Corrupt(format!("{DATA_CURRENT_AS_OF} = {text:?}")))
    }

    /// Whether the central system revoked this letter, device or kiosk.
    pub fn is_revoked(&self, kind: &str, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM revocations WHERE kind = ?1 AND id = ?2",
                params![kind, id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    pub fn sync_value(&self, name: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM sync_state WHERE name = ?1",
                [name],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Writes one sync value on its own (for values that need no companion write).
    pub fn set_sync_value(&self, name: &str, value: &str) -> Result<(), StoreError> {
        set_value(&self.conn, name, value)
    }

    /// Where the next pull starts: 0 before the first.
    pub fn pull_cursor(&self) -> Result<i64, StoreError> {
        Ok(self
            .sync_value(PULL_CURSOR)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }
}

pub(crate) fn set_value(
    conn: &rusqlite::Connection,
    name: &str,
    value: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO sync_state (name, value) VALUES (?1, ?2)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        params![name, value],
    )?;
    Ok(())
}

impl StoreTx<'_> {
    /// Records the final answer for the event `seq` (the central system's, or the kiosk's own
    /// when it cannot be sent at all). Returns false when the event is unknown or already
    /// delivered (a redelivery's answer changes nothing).
    pub fn mark_delivered(&self, seq: i64, outcome_json: &str) -> Result<bool, StoreError> {
        let changed = self.tx.execute(
            "UPDATE outbox SET delivered_at = ?2, outcome = ?3
             WHERE seq = ?1 AND delivered_at IS NULL",
            params![seq, now(), outcome_json],
        )?;
        Ok(changed > 0)
    }

    /// Counts a delivery attempt of the event `seq` (for diagnosis).
    pub fn count_attempt(&self, seq: i64) -> Result<(), StoreError> {
        self.tx.execute(
            "UPDATE outbox SET attempts = attempts + 1 WHERE seq = ?1",
            [seq],
        )?;
        Ok(())
    }

    /// Replaces the member's snapshot with the one received at `received_at`.
    pub fn put_snapshot(
        &self,
        kvnr: &str,
        version: i64,
        snapshot_json: &str,
        received_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO member_snapshots (kvnr, snapshot, version, received_at)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (kvnr) DO UPDATE SET snapshot = excluded.snapshot,
                 version = excluded.version, received_at = excluded.received_at",
            params![kvnr, snapshot_json, version, timestamp(received_at)],
        )?;
        Ok(())
    }

    /// Returns whether there was one.
    pub fn remove_snapshot(&self, kvnr: &str) -> Result<bool, StoreError> {
        Ok(self
            .tx
            .execute("DELETE FROM member_snapshots WHERE kvnr = ?1", [kvnr])?
            > 0)
    }

    /// Records a revocation (`kind` e.g. "letter", "device", "kiosk"); repeating one is harmless.
    pub fn add_revocation(&self, kind: &str, id: &str) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO revocations (kind, id, revoked_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (kind, id) DO NOTHING",
            params![kind, id, now()],
        )?;
        Ok(())
    }

    pub fn set_sync_value(&self, name: &str, value: &str) -> Result<(), StoreError> {
        set_value(self.tx, name, value)
    }

    /// Stores the cursor the next pull starts from; write it in the transaction that applies
    /// the page it came with, so a crash cannot skip or half-apply a page.
    pub fn set_pull_cursor(&self, cursor: i64) -> Result<(), StoreError> {
        self.set_sync_value(PULL_CURSOR, &cursor.to_string())
    }
}
