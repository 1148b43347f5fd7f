//! The change log kiosks pull from. Sequence numbers come from a counter row that is
//! incremented inside the writing transaction: its row lock orders writers, so a sequence
//! number becomes visible only after every smaller one, and a cursor never skips a change.

use kiosk_protocol::{Change, ChangeItem};
use sqlx::{Any, Row, Transaction};

use super::{Db, DbError, now_millis};

/// One page of changes for a kiosk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangePage {
    pub changes: Vec<Change>,
    pub next_cursor: i64,
    pub more: bool,
}

/// Appends items for one branch (or all, with None) and returns their sequence numbers.
pub(crate) async fn append(
    tx: &mut Transaction<'static, Any>,
    branch_id: Option<&str>,
    items: &[ChangeItem],
) -> Result<Vec<i64>, DbError> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let count = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let last: i64 = sqlx::query(
        "UPDATE counters SET value = value + $1 WHERE name = 'changes' RETURNING value",
    )
    .bind(count)
    .fetch_one(&mut **tx)
    .await?
    .try_get("value")?;
    let first = last - count + 1;
    let now = now_millis();
    let mut seqs = Vec::with_capacity(items.len());
    // Several rows per statement; 4 parameters each stays far below both databases' limits.
    for (chunk_index, chunk) in items.chunks(500).enumerate() {
        let mut sql =
            String::from("INSERT INTO changes (seq, branch_id, item, created_at) VALUES ");
        for i in 0..chunk.len() {
            if i > 0 {
                sql.push(',');
            }
            let p = i * 4;
            sql.push_str(&format!("(${}, ${}, ${}, ${})", p + 1, p + 2, p + 3, p + 4));
        }
        // Only placeholders are formatted in; every value is bound.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (i, item) in chunk.iter().enumerate() {
            let seq = first + i64::try_from(chunk_index * 500 + i).unwrap_or(0);
            seqs.push(seq);
            let json = serde_json::to_string(item).map_err(|e| DbError::Corrupt(e.to_string()))?;
            query = query
                .bind(seq)
                .bind(branch_id.map(str::to_owned))
                .bind(json)
                .bind(now);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(seqs)
}

impl Db {
    /// Changes after `cursor` that concern `branch_id` (its members, and fleet-wide items).
    pub async fn pull(
        &self,
        branch_id: &str,
        cursor: i64,
        limit: u32,
    ) -> Result<ChangePage, DbError> {
        let rows = sqlx::query(
            "SELECT seq, item FROM changes
             WHERE seq > $1 AND (branch_id = $2 OR branch_id IS NULL)
             ORDER BY seq LIMIT $3",
        )
        .bind(cursor)
        .bind(branch_id)
        .bind(i64::from(limit) + 1)
        .fetch_all(self.pool())
        .await?;
        let more = rows.len() > limit as usize;
        let mut changes = Vec::with_capacity(rows.len().min(limit as usize));
        for row in rows.into_iter().take(limit as usize) {
            let item: String = row.try_get("item")?;
            changes.push(Change {
                seq: row.try_get("seq")?,
                item: serde_json::from_str(&item).map_err(|e| DbError::Corrupt(e.to_string()))?,
            });
        }
        let next_cursor = changes.last().map_or(cursor, |c| c.seq);
        Ok(ChangePage {
            changes,
            next_cursor,
            more,
        })
    }
}
