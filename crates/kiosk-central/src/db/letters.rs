//! Activation letters: the letters issued, with their revocation, locks and unlocks (their
//! keys: `letter_keys.rs`).

use kiosk_protocol::{ChangeItem, MemberSnapshot};
use sqlx::Row;

use super::{Db, DbError, changes, now_millis};

/// A letter as the central system records it. Holds a KVNR: Debug is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct LetterRecord {
    pub letter_id: String,
    pub kvnr: String,
    pub key_id: String,
    pub purpose: String,
    /// YYYY-MM-DD
    pub issued: String,
    /// YYYY-MM-DD, the last valid day.
    pub expires: String,
    pub revoked_at: Option<i64>,
    pub used_at: Option<i64>,
}

impl std::fmt::Debug for LetterRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LetterRecord")
            .field("letter_id", &self.letter_id)
            .field("kvnr", &"<redacted>")
            .field("key_id", &self.key_id)
            .field("issued", &self.issued)
            .field("expires", &self.expires)
            .field("revoked_at", &self.revoked_at)
            .finish_non_exhaustive()
    }
}

/// What revoking a letter did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revocation {
    /// Revoked now and announced to the fleet.
    Revoked,
    AlreadyRevoked,
    Unknown,
}

/// What a letter to a member needs from the records. Personal data: Debug is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct LetterRecipient {
    pub snapshot: MemberSnapshot,
    /// "Street 12, 20095 City", as stored.
    pub postal_address: Option<String>,
}

impl std::fmt::Debug for LetterRecipient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LetterRecipient(<redacted>)")
    }
}

impl Db {
    /// The member's certificate data and postal address, if the member exists.
    pub async fn letter_recipient(&self, kvnr: &str) -> Result<Option<LetterRecipient>, DbError> {
        let row = sqlx::query("SELECT snapshot, postal_address FROM members WHERE kvnr = $1")
            .bind(kvnr)
            .fetch_optional(self.pool())
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let snapshot: String = row.try_get("snapshot")?;
        Ok(Some(LetterRecipient {
            snapshot: serde_json::from_str(&snapshot)
                .map_err(|e| DbError::Corrupt(e.to_string()))?,
            postal_address: row.try_get("postal_address")?,
        }))
    }

    pub async fn insert_letter(&self, letter: &LetterRecord) -> Result<(), DbError> {
        sqlx::query(
            "INSERT INTO letters (letter_id, kvnr, key_id, purpose, issued, expires, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&letter.letter_id)
        .bind(&letter.kvnr)
        .bind(&letter.key_id)
        .bind(&letter.purpose)
        .bind(&letter.issued)
        .bind(&letter.expires)
        .bind(now_millis())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn letter(&self, letter_id: &str) -> Result<Option<LetterRecord>, DbError> {
        let row = sqlx::query(
            "SELECT letter_id, kvnr, key_id, purpose, issued, expires, revoked_at, used_at
             FROM letters WHERE letter_id = $1",
        )
        .bind(letter_id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok(LetterRecord {
                letter_id: row.try_get("letter_id")?,
                kvnr: row.try_get("kvnr")?,
                key_id: row.try_get("key_id")?,
                purpose: row.try_get("purpose")?,
                issued: row.try_get("issued")?,
                expires: row.try_get("expires")?,
                revoked_at: row.try_get("revoked_at")?,
                used_at: row.try_get("used_at")?,
            })
        })
        .transpose()
    }

    /// Revokes a letter and tells every kiosk (a letter works at any branch), in one
    /// transaction.
    pub async fn revoke_letter(&self, letter_id: &str) -> Result<Revocation, DbError> {
        let announce = ChangeItem::LetterRevoked {
            letter_id: letter_id.to_owned(),
        };
        self.revoke(Revocable::Letter, letter_id, announce).await
    }

    /// Sets `revoked_at` on one row and appends `announce` to the change log, in one
    /// transaction.
    pub(super) async fn revoke(
        &self,
        what: Revocable,
        id: &str,
        announce: ChangeItem,
    ) -> Result<Revocation, DbError> {
        let (update, exists) = what.statements();
        let mut tx = self.pool().begin().await?;
        let revoked = sqlx::query(update)
            .bind(now_millis())
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
        let outcome = if revoked {
            changes::append(&mut tx, None, &[announce]).await?;
            Revocation::Revoked
        } else if sqlx::query(exists)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .is_some()
        {
            Revocation::AlreadyRevoked
        } else {
            Revocation::Unknown
        };
        tx.commit().await?;
        Ok(outcome)
    }
}

/// What can be revoked, with its row's statements.
#[derive(Debug, Clone, Copy)]
pub(super) enum Revocable {
    Letter,
    LetterKey,
}

impl Revocable {
    /// Revoke the row with id $2 at $1 unless revoked; whether the row with id $1 exists.
    fn statements(self) -> (&'static str, &'static str) {
        match self {
            Revocable::Letter => (
                "UPDATE letters SET revoked_at = $1 WHERE letter_id = $2 AND revoked_at IS NULL",
                "SELECT 1 AS found FROM letters WHERE letter_id = $1",
            ),
            Revocable::LetterKey => (
                "UPDATE letter_keys SET revoked_at = $1 WHERE key_id = $2 AND revoked_at IS NULL",
                "SELECT 1 AS found FROM letter_keys WHERE key_id = $1",
            ),
        }
    }
}

/// What unlocking a letter did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unlock {
    /// Unlocked now (its wrong dates forgotten) and announced to the fleet.
    Unlocked,
    WasNotLocked,
    Unknown,
}

impl Db {
    /// IT unlocks a letter after staff checked the member's ID: its count of wrong dates of
    /// birth starts again and every kiosk is told, in one transaction.
    pub async fn unlock_letter(&self, letter_id: &str) -> Result<Unlock, DbError> {
        let mut tx = self.pool().begin().await?;
        let outcome = unlock(&mut tx, letter_id).await?;
        tx.commit().await?;
        Ok(outcome)
    }
}

/// Resets a letter's wrong dates of birth and, if it was locked, unlocks it on every kiosk:
/// for IT (`kiosk-central unlock-letter`) and for staff at a kiosk (`db/staff_assist.rs`).
pub(crate) async fn unlock(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    letter_id: &str,
) -> Result<Unlock, DbError> {
    let Some(row) = sqlx::query("SELECT locked_at FROM letters WHERE letter_id = $1")
        .bind(letter_id)
        .fetch_optional(&mut **tx)
        .await?
    else {
        return Ok(Unlock::Unknown);
    };
    let was_locked = row.try_get::<Option<i64>, _>("locked_at")?.is_some();
    sqlx::query("UPDATE letters SET birth_date_mismatches = 0 WHERE letter_id = $1")
        .bind(letter_id)
        .execute(&mut **tx)
        .await?;
    if was_locked {
        set_locked(tx, letter_id, false).await?;
    }
    Ok(if was_locked {
        Unlock::Unlocked
    } else {
        Unlock::WasNotLocked
    })
}

/// A kiosk reports the letter used: the first report marks it and tells every kiosk, so the
/// letter works once across the fleet. Unknown letter ids (issued elsewhere) are ignored.
pub(crate) async fn mark_used(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    letter_id: &str,
) -> Result<(), DbError> {
    let first =
        sqlx::query("UPDATE letters SET used_at = $1 WHERE letter_id = $2 AND used_at IS NULL")
            .bind(now_millis())
            .bind(letter_id)
            .execute(&mut **tx)
            .await?
            .rows_affected()
            == 1;
    if first {
        let item = ChangeItem::LetterUsed {
            letter_id: letter_id.to_owned(),
        };
        changes::append(tx, None, &[item]).await?;
    }
    Ok(())
}

/// A kiosk reports the letter locked (wrong dates of birth) or unlocked (staff checked the ID):
/// a change of state is recorded and told to every kiosk. Unknown letter ids are ignored.
pub(crate) async fn set_locked(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    letter_id: &str,
    locked: bool,
) -> Result<(), DbError> {
    let query = if locked {
        sqlx::query("UPDATE letters SET locked_at = $1 WHERE letter_id = $2 AND locked_at IS NULL")
            .bind(now_millis())
    } else {
        sqlx::query(
            "UPDATE letters SET locked_at = NULL WHERE letter_id = $1 AND locked_at IS NOT NULL",
        )
    };
    let changed = query
        .bind(letter_id)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        == 1;
    if changed {
        let letter_id = letter_id.to_owned();
        let item = if locked {
            ChangeItem::LetterLocked { letter_id }
        } else {
            ChangeItem::LetterUnlocked { letter_id }
        };
        changes::append(tx, None, &[item]).await?;
    }
    Ok(())
}
