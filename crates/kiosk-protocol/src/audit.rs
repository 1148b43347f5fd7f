//! The kiosk's tamper-evident audit trail: each record carries its sequence number and the
//! hash of the one before, so a changed, removed, inserted or reordered record breaks the
//! chain. The kiosk's store makes the links (`kiosk-store`); the central system checks each
//! kiosk's chain as its records arrive (`audit.recorded` events). The rule lives here once.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::Invalid;

/// The `prev_hash` of a chain's first record (64 zeros): nothing came before it.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Longest audit detail a kiosk sends (JSON, no personal data).
pub const MAX_AUDIT_DETAIL: usize = 16 * 1024;

/// One record of a kiosk's audit trail, as the kiosk keeps it and sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditRecorded {
    /// 1, 2, 3, … without gaps on one kiosk.
    pub seq: i64,
    /// When the kiosk wrote it (RFC 3339, UTC).
    pub at: String,
    /// e.g. `session.started`, `staff.signedIn`.
    pub kind: String,
    /// The random session id, never a member identifier.
    pub session_id: Option<String>,
    /// JSON, free of personal data.
    pub detail: String,
    /// The previous record's `hash` ([`GENESIS_HASH`] for the first).
    pub prev_hash: String,
    /// [`link_hash`] of this record.
    pub hash: String,
}

/// SHA-256 (lowercase hex) over a record's fields and the previous hash, each field length
/// prefixed so no two different records encode alike.
pub fn link_hash(
    seq: i64,
    prev_hash: &str,
    at: &str,
    kind: &str,
    session_id: Option<&str>,
    detail: &str,
) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"kiosk-audit-v1");
    hasher.update(seq.to_be_bytes());
    for field in [prev_hash, at, kind, session_id.unwrap_or(""), detail] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hasher.update([u8::from(session_id.is_some())]);
    hex::encode(hasher.finalize())
}

impl AuditRecorded {
    /// The record numbered `seq` after the one whose hash is `prev_hash`, with its hash.
    pub fn link(
        seq: i64,
        prev_hash: String,
        at: String,
        kind: String,
        session_id: Option<String>,
        detail: String,
    ) -> AuditRecorded {
        let hash = link_hash(seq, &prev_hash, &at, &kind, session_id.as_deref(), &detail);
        AuditRecorded {
            seq,
            at,
            kind,
            session_id,
            detail,
            prev_hash,
            hash,
        }
    }

    /// The record after `self` in the same chain.
    pub fn next(
        &self,
        at: String,
        kind: String,
        session_id: Option<String>,
        detail: String,
    ) -> Self {
        AuditRecorded::link(
            self.seq + 1,
            self.hash.clone(),
            at,
            kind,
            session_id,
            detail,
        )
    }

    /// The hash this record's fields give; differs from `hash` when anything was changed.
    pub fn computed_hash(&self) -> String {
        link_hash(
            self.seq,
            &self.prev_hash,
            &self.at,
            &self.kind,
            self.session_id.as_deref(),
            &self.detail,
        )
    }

    pub fn validate(&self) -> Result<(), Invalid> {
        if self.seq < 1 {
            return Err(Invalid::new("payload.seq", "1 or more"));
        }
        if !crate::documents::is_hex(&self.prev_hash, 64) {
            return Err(Invalid::new("payload.prevHash", "64 lowercase hex digits"));
        }
        if !crate::documents::is_hex(&self.hash, 64) {
            return Err(Invalid::new("payload.hash", "64 lowercase hex digits"));
        }
        if self.kind.is_empty()
            || self.kind.len() > 64
            || !self
                .kind
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_')
        {
            return Err(Invalid::new(
                "payload.kind",
                "1 to 64 letters, digits, '.' or '_'",
            ));
        }
        if self.at.is_empty() || self.at.len() > 40 || !self.at.is_ascii() {
            return Err(Invalid::new("payload.at", "an RFC 3339 time"));
        }
        if self
            .session_id
            .as_ref()
            .is_some_and(|s| s.is_empty() || s.len() > 64)
        {
            return Err(Invalid::new("payload.sessionId", "1 to 64 characters"));
        }
        if self.detail.len() > MAX_AUDIT_DETAIL {
            return Err(Invalid::new(
                "payload.detail",
                format!("at most {MAX_AUDIT_DETAIL} bytes"),
            ));
        }
        Ok(())
    }
}

/// What breaks a chain at a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum ChainBreak {
    /// The record's fields do not give its hash: it was changed.
    Changed,
    /// Records are missing before this one (removed, or never delivered).
    Gap,
    /// The record does not name the hash of the one before it: one was inserted or replaced.
    BrokenLink,
    /// The record's number is not after the last one seen: reordered or replayed.
    OutOfOrder,
    /// A chain starts again (its first link) after records were seen: the trail was reset.
    Restarted,
}

impl ChainBreak {
    pub fn as_str(self) -> &'static str {
        match self {
            ChainBreak::Changed => "changed",
            ChainBreak::Gap => "gap",
            ChainBreak::BrokenLink => "brokenLink",
            ChainBreak::OutOfOrder => "outOfOrder",
            ChainBreak::Restarted => "restarted",
        }
    }
}

/// The link between the last record seen (seq and hash) and the next: what breaks, if
/// anything. The first record of a chain names [`GENESIS_HASH`]; it may have any number
/// (a kiosk's records from before the chain existed carry no hash).
pub fn check_link(last: Option<(i64, &str)>, next: &AuditRecorded) -> Vec<ChainBreak> {
    let mut breaks = Vec::new();
    if next.computed_hash() != next.hash {
        breaks.push(ChainBreak::Changed);
    }
    match last {
        None => {
            if next.prev_hash != GENESIS_HASH {
                breaks.push(ChainBreak::BrokenLink);
            }
        }
        Some((seq, hash)) => {
            if next.seq <= seq {
                breaks.push(ChainBreak::OutOfOrder);
            } else if next.prev_hash == GENESIS_HASH {
                breaks.push(ChainBreak::Restarted);
            } else if next.seq > seq + 1 {
                breaks.push(ChainBreak::Gap);
            } else if next.prev_hash != hash {
                breaks.push(ChainBreak::BrokenLink);
            }
        }
    }
    breaks
}

/// Every break in a chain, in the order given, as `(seq, break)`.
pub fn verify_chain(records: &[AuditRecorded]) -> Vec<(i64, ChainBreak)> {
    let mut found = Vec::new();
    let mut last: Option<(i64, &str)> = None;
    for record in records {
        for problem in check_link(last, record) {
            found.push((record.seq, problem));
        }
        // A record out of order does not move the chain's end back.
        if last.is_none_or(|(seq, _)| record.seq > seq) {
            last = Some((record.seq, record.hash.as_str()));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditRecorded> {
        let record = |seq: i64| {
            (
                format!("2026-12-06T10:00:{seq:02}.000Z"),
                "test.event".to_owned(),
                Some("s-1".to_owned()),
                format!("{{\"n\":{seq}}}"),
            )
        };
        let (at, kind, session, detail) = record(1);
        let mut records = vec![AuditRecorded::link(
            1,
            GENESIS_HASH.into(),
            at,
            kind,
            session,
            detail,
        )];
        for seq in 2..=n {
            let (at, kind, session, detail) = record(seq);
            let next = records[records.len() - 1].next(at, kind, session, detail);
            records.push(next);
        }
        records
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert!(verify_chain(&chain(5)).is_empty());
        for record in chain(5) {
            assert_eq!(record.validate(), Ok(()));
        }
    }

    #[test]
    fn a_changed_record_is_found() {
        let mut records = chain(5);
        records[2].detail = "{\"n\":99}".into();
        assert_eq!(verify_chain(&records), vec![(3, ChainBreak::Changed)]);
    }

    #[test]
    fn a_changed_record_with_its_hash_recomputed_breaks_the_next_link() {
        let mut records = chain(5);
        records[2].detail = "{\"n\":99}".into();
        records[2].hash = records[2].computed_hash();
        assert_eq!(verify_chain(&records), vec![(4, ChainBreak::BrokenLink)]);
    }

    #[test]
    fn a_removed_record_is_a_gap() {
        let mut records = chain(5);
        records.remove(2);
        assert_eq!(verify_chain(&records), vec![(4, ChainBreak::Gap)]);
    }

    #[test]
    fn an_inserted_record_is_found() {
        let mut records = chain(5);
        // A forged record that takes number 3's place, renumbering nothing after it.
        let mut forged = records[2].clone();
        forged.detail = "{\"forged\":true}".into();
        forged.hash = forged.computed_hash();
        records.insert(3, forged);
        let found = verify_chain(&records);
        assert_eq!(found, vec![(3, ChainBreak::OutOfOrder)]);
    }

    #[test]
    fn reordered_records_are_found() {
        let mut records = chain(5);
        records.swap(1, 2);
        let found = verify_chain(&records);
        assert!(found.contains(&(3, ChainBreak::Gap)), "{found:?}");
        assert!(found.contains(&(2, ChainBreak::OutOfOrder)), "{found:?}");
    }

    #[test]
    fn a_chain_that_starts_again_is_found() {
        let mut records = chain(3);
        let mut again = chain(1);
        again[0].seq = 4;
        again[0].hash = again[0].computed_hash();
        records.push(again.remove(0));
        assert_eq!(verify_chain(&records), vec![(4, ChainBreak::Restarted)]);
    }

    #[test]
    fn a_chain_may_begin_after_records_without_hashes() {
        // A kiosk's records from before the chain existed are not sent; its first chained
        // record names the genesis hash whatever its number.
        let mut records = chain(1);
        records[0].seq = 40;
        records[0].hash = records[0].computed_hash();
        assert!(verify_chain(&records).is_empty());
    }

    #[test]
    fn the_encoding_is_unambiguous() {
        let a = link_hash(1, GENESIS_HASH, "t", "ab", Some("c"), "d");
        let b = link_hash(1, GENESIS_HASH, "t", "a", Some("bc"), "d");
        let c = link_hash(1, GENESIS_HASH, "t", "ab", None, "cd");
        let d = link_hash(1, GENESIS_HASH, "t", "ab", Some(""), "cd");
        assert_ne!(a, b);
        assert_ne!(c, d);
    }

    #[test]
    fn bad_records_are_refused_with_the_field() {
        let good = chain(1).remove(0);
        let mut r = good.clone();
        r.seq = 0;
        assert_eq!(r.validate().map_err(|e| e.field), Err("payload.seq".into()));
        let mut r = good.clone();
        r.prev_hash = "xyz".into();
        assert_eq!(
            r.validate().map_err(|e| e.field),
            Err("payload.prevHash".into())
        );
        let mut r = good.clone();
        r.kind = "bad kind".into();
        assert_eq!(
            r.validate().map_err(|e| e.field),
            Err("payload.kind".into())
        );
        let mut r = good;
        r.detail = "x".repeat(MAX_AUDIT_DETAIL + 1);
        assert_eq!(
            r.validate().map_err(|e| e.field),
            Err("payload.detail".into())
        );
    }
}
