//! The public letter keys, each with the letter root's endorsement, announced to every kiosk
//! through the change log; and their revocation, which kiosks and the central system honour
//! at once (letters signed with a revoked key identify no one).

use kiosk_protocol::ChangeItem;
use sqlx::Row;

use super::{Db, DbError, Revocation, changes, letters::Revocable, now_millis};

/// What registering a letter key did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRegistration {
    /// Stored and announced to the fleet.
    New,
    /// Already there with this public key.
    Known,
    /// The id names another key: a key id must never be reused.
    Conflict,
    /// The key was revoked: nothing may be signed with it any more.
    Revoked,
}

impl Db {
    /// Stores a letter key with its endorsement and, the first time, announces it to every
    /// kiosk in the same transaction. Safe to call again and from several instances at once.
    pub async fn register_letter_key(
        &self,
        key_id: &str,
        public_key: &str,
        endorsement: &str,
    ) -> Result<KeyRegistration, DbError> {
        let mut tx = self.pool().begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO letter_keys (key_id, public_key, endorsement, created_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (key_id) DO NOTHING",
        )
        .bind(key_id)
        .bind(public_key)
        .bind(endorsement)
        .bind(now_millis())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        let outcome = if inserted {
            let item = ChangeItem::LetterKey {
                key_id: key_id.to_owned(),
                public_key: public_key.to_owned(),
                endorsement: Some(endorsement.to_owned()),
            };
            changes::append(&mut tx, None, &[item]).await?;
            KeyRegistration::New
        } else {
            let known =
                sqlx::query("SELECT public_key, revoked_at FROM letter_keys WHERE key_id = $1")
                    .bind(key_id)
                    .fetch_one(&mut *tx)
                    .await?;
            if known.try_get::<String, _>("public_key")? != public_key {
                KeyRegistration::Conflict
            } else if known.try_get::<Option<i64>, _>("revoked_at")?.is_some() {
                KeyRegistration::Revoked
            } else {
                KeyRegistration::Known
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

    /// (key id, public key) of every letter key, by key id, revoked ones too (their ids are
    /// never used again).
    pub async fn letter_keys(&self) -> Result<Vec<(String, String)>, DbError> {
        let rows = sqlx::query("SELECT key_id, public_key FROM letter_keys ORDER BY key_id")
            .fetch_all(self.pool())
            .await?;
        rows.into_iter()
            .map(|row| Ok((row.try_get("key_id")?, row.try_get("public_key")?)))
            .collect()
    }

    /// Revokes a letter key (compromised, or retired early) and tells every kiosk, in one
    /// transaction. Every letter it signed stops identifying anyone, here and at the kiosks.
    pub async fn revoke_letter_key(&self, key_id: &str) -> Result<Revocation, DbError> {
        let announce = ChangeItem::LetterKeyRevoked {
            key_id: key_id.to_owned(),
        };
        self.revoke(Revocable::LetterKey, key_id, announce).await
    }
}
