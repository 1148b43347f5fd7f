//! Each kiosk's audit trail as it arrives (`audit.recorded` events, migration 13), checked
//! link by link with kiosk-protocol's chain rule. A break (a changed, missing, inserted or
//! reordered record, or a trail that starts again) is kept in `audit_chain_breaks` for IT
//! (`kiosk-central audit-breaks`); the record itself is kept too, unless its number is taken.

use kiosk_protocol::{AuditRecorded, ChainBreak, check_link};
use sqlx::Row;

use super::{Db, DbError, now_millis};

/// A break in a kiosk's chain, as IT sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditChainBreak {
    pub kiosk_id: String,
    pub seq: i64,
    /// `ChainBreak::as_str`.
    pub problem: String,
    pub detected_at: i64,
}

/// Appends `record` to `kiosk_id`'s chain, recording what breaks.
pub(crate) async fn append(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    kiosk_id: &str,
    record: &AuditRecorded,
) -> Result<Vec<ChainBreak>, DbError> {
    let last = sqlx::query(
        "SELECT seq, hash FROM kiosk_audit WHERE kiosk_id = $1 ORDER BY seq DESC LIMIT 1",
    )
    .bind(kiosk_id)
    .fetch_optional(&mut **tx)
    .await?
    .map(|row| -> Result<(i64, String), sqlx::Error> {
        Ok((row.try_get("seq")?, row.try_get("hash")?))
    })
    .transpose()?;
    let breaks = check_link(
        last.as_ref().map(|(seq, hash)| (*seq, hash.as_str())),
        record,
    );
    let now = now_millis();
    for problem in &breaks {
        sqlx::query(
            "INSERT INTO audit_chain_breaks (kiosk_id, seq, problem, detected_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(kiosk_id)
        .bind(record.seq)
        .bind(problem.as_str())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    if !breaks.contains(&ChainBreak::OutOfOrder) {
        sqlx::query(
            "INSERT INTO kiosk_audit (kiosk_id, seq, at, kind, session_id, detail, prev_hash, hash, received_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(kiosk_id)
        .bind(record.seq)
        .bind(&record.at)
        .bind(&record.kind)
        .bind(record.session_id.as_deref())
        .bind(&record.detail)
        .bind(&record.prev_hash)
        .bind(&record.hash)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    if !breaks.is_empty() {
        tracing::warn!(
            kiosk = kiosk_id,
            seq = record.seq,
            ?breaks,
            "audit chain broken"
        );
    }
    Ok(breaks)
}

impl Db {
    /// Every break found, oldest first; for one kiosk when named.
    pub async fn audit_chain_breaks(
        &self,
        kiosk_id: Option<&str>,
    ) -> Result<Vec<AuditChainBreak>, DbError> {
        let rows = sqlx::query(
            "SELECT kiosk_id, seq, problem, detected_at FROM audit_chain_breaks
             WHERE $1 = '' OR kiosk_id = $1 ORDER BY detected_at, kiosk_id, seq",
        )
        .bind(kiosk_id.unwrap_or(""))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AuditChainBreak {
                    kiosk_id: row.try_get("kiosk_id")?,
                    seq: row.try_get("seq")?,
                    problem: row.try_get("problem")?,
                    detected_at: row.try_get("detected_at")?,
                })
            })
            .collect()
    }

    /// How many records of `kiosk_id`'s trail the central system holds, and the newest number.
    pub async fn audit_chain_head(&self, kiosk_id: &str) -> Result<(i64, Option<i64>), DbError> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, MAX(seq) AS last FROM kiosk_audit WHERE kiosk_id = $1",
        )
        .bind(kiosk_id)
        .fetch_one(self.pool())
        .await?;
        Ok((row.try_get("n")?, row.try_get("last")?))
    }
}
