//! The kiosk's audit trail: append-only (triggers refuse updates and deletes) and a hash
//! chain (kiosk-protocol's `link_hash`): each record names the hash of the one before. Each
//! record also goes into the outbox as an `audit.recorded` event in the same transaction, so
//! the central system holds the chain and checks it per kiosk.

use kiosk_protocol::{AuditRecorded, EventPayload, GENESIS_HASH};
use rusqlite::{OptionalExtension, params};

use crate::{NewOutboxEvent, Store, StoreError, StoreTx, store::now};

/// A line of the kiosk's own audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAuditRecord {
    pub kind: &'static str,
    /// The random session id, never a member identifier.
    pub session_id: Option<String>,
    /// JSON detail, free of personal data.
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub seq: i64,
    pub at: String,
    pub kind: String,
    pub session_id: Option<String>,
    pub detail: String,
    /// `None` for records written before the trail was chained.
    pub prev_hash: Option<String>,
    pub hash: Option<String>,
}

impl AuditRecord {
    /// The record as the chain and the central system see it; `None` before the chain.
    pub fn chained(&self) -> Option<AuditRecorded> {
        Some(AuditRecorded {
            seq: self.seq,
            at: self.at.clone(),
            kind: self.kind.clone(),
            session_id: self.session_id.clone(),
            detail: self.detail.clone(),
            prev_hash: self.prev_hash.clone()?,
            hash: self.hash.clone()?,
        })
    }
}

const COLUMNS: &str = "seq, at, kind, session_id, detail, prev_hash, hash";

fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRecord> {
    Ok(AuditRecord {
        seq: row.get(0)?,
        at: row.get(1)?,
        kind: row.get(2)?,
        session_id: row.get(3)?,
        detail: row.get(4)?,
        prev_hash: row.get(5)?,
        hash: row.get(6)?,
    })
}

impl Store {
    /// The newest `limit` records, newest first.
    pub fn audit_trail(&self, limit: u32) -> Result<Vec<AuditRecord>, StoreError> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM audit ORDER BY seq DESC LIMIT ?1"
        ))?;
        let rows = statement.query_map([limit], read)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The chained records in order (those from before the chain are left out), for
    /// `kiosk_protocol::verify_chain`.
    pub fn audit_chain(&self) -> Result<Vec<AuditRecorded>, StoreError> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM audit WHERE hash IS NOT NULL ORDER BY seq"
        ))?;
        let rows = statement.query_map([], read)?;
        let records: Vec<AuditRecord> = rows.collect::<Result<_, _>>()?;
        Ok(records.iter().filter_map(AuditRecord::chained).collect())
    }
}

impl StoreTx<'_> {
    /// Appends a record to the chain and queues it for the central system.
    pub fn audit(&self, record: &NewAuditRecord) -> Result<i64, StoreError> {
        let last: Option<(i64, Option<String>)> = self
            .tx
            .query_row(
                "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let (seq, prev_hash) = match last {
            Some((seq, Some(hash))) => (seq + 1, hash),
            // The chain starts here: the first record, or the first after unchained ones.
            Some((seq, None)) => (seq + 1, GENESIS_HASH.to_owned()),
            None => (1, GENESIS_HASH.to_owned()),
        };
        let record = AuditRecorded::link(
            seq,
            prev_hash,
            now(),
            record.kind.to_owned(),
            record.session_id.clone(),
            record.detail.clone(),
        );
        self.tx.execute(
            "INSERT INTO audit (seq, at, kind, session_id, detail, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                record.seq,
                record.at,
                record.kind,
                record.session_id,
                record.detail,
                record.prev_hash,
                record.hash
            ],
        )?;
        let event = EventPayload::AuditRecorded(record);
        self.enqueue(&NewOutboxEvent::new(event.kind(), &event)?)?;
        Ok(seq)
    }
}
