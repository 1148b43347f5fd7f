//! The public keys the central system signs activation letters with, as pulled, with the
//! letter root's endorsement. The store keeps them as text; the sync checks them before
//! storing, and kiosk-core checks them again (endorsement, revocation) when it turns them
//! into `kiosk_letter::TrustedKeys`.

use rusqlite::{OptionalExtension, params};

use crate::{Store, StoreError, StoreTx, store::now};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLetterKey {
    pub key_id: String,
    /// Base64 of the 32-byte Ed25519 public key.
    pub public_key: String,
    /// The letter root's signature over id and key (base64); none for a key pulled before
    /// endorsements existed.
    pub endorsement: Option<String>,
    /// RFC 3339, UTC.
    pub received_at: String,
}

/// What storing a key did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterKeyAdded {
    New,
    /// The same key again (a repeated page): nothing changed.
    Known,
    /// Another key under a known id: refused, the first one stays. The central system never
    /// reuses an id, so this is a fault (or an attack) to report, not to follow.
    Conflict,
}

impl Store {
    /// Every letter key received, by key id.
    pub fn letter_keys(&self) -> Result<Vec<StoredLetterKey>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT key_id, public_key, endorsement, received_at FROM letter_keys
                 ORDER BY key_id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(StoredLetterKey {
                key_id: row.get(0)?,
                public_key: row.get(1)?,
                endorsement: row.get(2)?,
                received_at: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl StoreTx<'_> {
    pub fn add_letter_key(
        &self,
        key_id: &str,
        public_key: &str,
        endorsement: &str,
    ) -> Result<LetterKeyAdded, StoreError> {
        let known: Option<String> = self
            .tx
            .query_row(
                "SELECT public_key FROM letter_keys WHERE key_id = ?1",
                [key_id],
                |row| row.get(0),
            )
            .optional()?;
        Ok(match known {
            Some(known) if known == public_key => {
                // A key pulled before endorsements existed gets its endorsement now.
                self.tx.execute(
                    "UPDATE letter_keys SET endorsement = ?2 WHERE key_id = ?1 AND endorsement IS NULL",
                    params![key_id, endorsement],
                )?;
                LetterKeyAdded::Known
            }
            Some(_) => LetterKeyAdded::Conflict,
            None => {
                self.tx.execute(
                    "INSERT INTO letter_keys (key_id, public_key, endorsement, received_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![key_id, public_key, endorsement, now()],
                )?;
                LetterKeyAdded::New
            }
        })
    }
}
