//! Members: their certificate snapshot (pulled by kiosks) and their contact fields, changed
//! from kiosks with per-field versions so that concurrent changes are detected.

use kiosk_protocol::{ChangeItem, EventOutcome, MemberDataChange, MemberField, MemberSnapshot};
use sqlx::{Any, Row, Transaction};
use uuid::Uuid;

use super::{Db, DbError, changes, now_millis};

/// A member as the seed (or the insurer's core system) provides them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMember {
    pub branch_id: String,
    pub snapshot: MemberSnapshot,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub postal_address: Option<String>,
}

/// A field change that collided with a central change: staff decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewItem {
    pub kvnr: String,
    pub field: MemberField,
    pub proposed_value: String,
    pub current_value: Option<String>,
    pub kiosk_id: String,
}

impl Db {
    /// Inserts members and their snapshots into the change log, in one transaction.
    pub async fn insert_members(&self, members: &[NewMember]) -> Result<(), DbError> {
        let mut tx = self.pool().begin().await?;
        for member in members {
            let json = serde_json::to_string(&member.snapshot)
                .map_err(|e| DbError::Corrupt(e.to_string()))?;
            sqlx::query(
                "INSERT INTO members (kvnr, branch_id, snapshot, version, phone, email, postal_address)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&member.snapshot.kvnr)
            .bind(&member.branch_id)
            .bind(json)
            .bind(member.snapshot.version)
            .bind(member.phone.clone())
            .bind(member.email.clone())
            .bind(member.postal_address.clone())
            .execute(&mut *tx)
            .await?;
        }
        // One change-log batch per branch keeps the counter lock short.
        let mut branches: Vec<&str> = members.iter().map(|m| m.branch_id.as_str()).collect();
        branches.sort_unstable();
        branches.dedup();
        for branch in branches {
            let items: Vec<ChangeItem> = members
                .iter()
                .filter(|m| m.branch_id == branch)
                .map(|m| ChangeItem::Member(m.snapshot.clone()))
                .collect();
            changes::append(&mut tx, Some(branch), &items).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A field as the central system has it now (for staff and tests).
    pub async fn member_field(
        &self,
        kvnr: &str,
        field: MemberField,
    ) -> Result<Option<String>, DbError> {
        let sql = format!(
            "SELECT {} AS value FROM members WHERE kvnr = $1",
            field.column()
        );
        // The column comes from the closed MemberField set, never from input.
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(kvnr)
            .fetch_optional(self.pool())
            .await?;
        Ok(row
            .map(|r| r.try_get::<Option<String>, _>("value"))
            .transpose()?
            .flatten())
    }

    pub async fn member_version(&self, kvnr: &str) -> Result<Option<i64>, DbError> {
        let row = sqlx::query("SELECT version FROM members WHERE kvnr = $1")
            .bind(kvnr)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| r.try_get("version")).transpose()?)
    }

    pub async fn review_items(&self) -> Result<Vec<ReviewItem>, DbError> {
        let rows = sqlx::query(
            "SELECT kvnr, field, proposed_value, current_value, kiosk_id FROM review_items
             ORDER BY created_at, id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|row| {
                let field: String = row.try_get("field")?;
                Ok(ReviewItem {
                    kvnr: row.try_get("kvnr")?,
                    field: MemberField::from_column(&field)
                        .ok_or_else(|| DbError::Corrupt(format!("review field {field}")))?,
                    proposed_value: row.try_get("proposed_value")?,
                    current_value: row.try_get("current_value")?,
                    kiosk_id: row.try_get("kiosk_id")?,
                })
            })
            .collect()
    }
}

/// Applies a kiosk's change: each field that nobody changed since the kiosk's version is
/// written; each that changed goes to the review list. A new version is published to the
/// member's branch so kiosks base their next change on it.
pub(crate) async fn apply_change(
    tx: &mut Transaction<'static, Any>,
    kiosk_id: &str,
    idempotency_key: &str,
    change: &MemberDataChange,
) -> Result<EventOutcome, DbError> {
    let row = sqlx::query(
        "SELECT branch_id, snapshot, version, phone, email, postal_address,
                phone_version, email_version, postal_address_version
         FROM members WHERE kvnr = $1",
    )
    .bind(&change.kvnr)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else {
        return Ok(EventOutcome::Rejected {
            reason: "unknown member".into(),
        });
    };
    let branch_id: String = row.try_get("branch_id")?;
    let version: i64 = row.try_get("version")?;
    let new_version = version + 1;
    let mut conflicts = Vec::new();
    let mut applied = false;
    for field_change in &change.changes {
        let column = field_change.field.column();
        let field_version: i64 = row.try_get(format!("{column}_version").as_str())?;
        if field_version > change.base_version {
            let current: Option<String> = row.try_get(column)?;
            sqlx::query(
                "INSERT INTO review_items (id, kvnr, field, proposed_value, current_value, kiosk_id, idempotency_key, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(Uuid::new_v4().to_string())
            .bind(&change.kvnr)
            .bind(column)
            .bind(&field_change.value)
            .bind(current)
            .bind(kiosk_id)
            .bind(idempotency_key)
            .bind(now_millis())
            .execute(&mut **tx)
            .await?;
            conflicts.push(field_change.field);
        } else {
            let sql =
                format!("UPDATE members SET {column} = $1, {column}_version = $2 WHERE kvnr = $3");
            // The column comes from the closed MemberField set, never from input.
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(&field_change.value)
                .bind(new_version)
                .bind(&change.kvnr)
                .execute(&mut **tx)
                .await?;
            applied = true;
        }
    }
    if applied {
        let snapshot: String = row.try_get("snapshot")?;
        let mut snapshot: MemberSnapshot =
            serde_json::from_str(&snapshot).map_err(|e| DbError::Corrupt(e.to_string()))?;
        snapshot.version = new_version;
        let json = serde_json::to_string(&snapshot).map_err(|e| DbError::Corrupt(e.to_string()))?;
        sqlx::query("UPDATE members SET version = $1, snapshot = $2 WHERE kvnr = $3")
            .bind(new_version)
            .bind(json)
            .bind(&change.kvnr)
            .execute(&mut **tx)
            .await?;
        changes::append(tx, Some(&branch_id), &[ChangeItem::Member(snapshot)]).await?;
    }
    Ok(if conflicts.is_empty() {
        EventOutcome::Applied
    } else {
        EventOutcome::Conflict { fields: conflicts }
    })
}

impl Db {
    /// Sickness and hospital periods: held centrally for the online overview, never synced.
    pub async fn insert_health_periods(
        &self,
        periods: &[(String, &str, String, Option<String>)],
    ) -> Result<(), DbError> {
        let mut tx = self.pool().begin().await?;
        for (kvnr, kind, start, end) in periods {
            sqlx::query(
                "INSERT INTO health_periods (id, kvnr, kind, start_date, end_date) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(Uuid::new_v4().to_string())
            .bind(kvnr.as_str())
            .bind(*kind)
            .bind(start.as_str())
            .bind(end.clone())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
