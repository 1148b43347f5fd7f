//! The kiosk's document-signing key (Ed25519 seed, in the encrypted store only) and each
//! print's report for the central system.

use rusqlite::{OptionalExtension, params};
use zeroize::Zeroizing;

use crate::{Store, StoreError, StoreTx, store::now};

/// The signing key's seed; wiped from memory when dropped.
pub struct StoredDocumentKey {
    pub key_id: String,
    pub secret: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for StoredDocumentKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StoredDocumentKey({})", self.key_id)
    }
}

impl Store {
    /// The newest document-signing key, if the kiosk has made one.
    pub fn document_key(&self) -> Result<Option<StoredDocumentKey>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT key_id, secret FROM document_keys ORDER BY created_at DESC, key_id LIMIT 1",
                [],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        Zeroizing::new(row.get::<_, Vec<u8>>(1)?),
                    ))
                },
            )
            .optional()?;
        let Some((key_id, secret)) = row else {
            return Ok(None);
        };
        let secret: [u8; 32] = secret
            .as_slice()
            .try_into()
            .map_err(|_| StoreError::Corrupt(format!("document key {key_id} is not 32 bytes")))?;
        Ok(Some(StoredDocumentKey {
            key_id,
            secret: Zeroizing::new(secret),
        }))
    }

    /// The report stored with a print, if any.
    pub fn print_record(&self, print_id: i64) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT record FROM print_jobs WHERE print_id = ?1",
                [print_id],
                |row| row.get::<_, Option<String>>(0),
            )
            .optional()?
            .flatten())
    }
}

impl StoreTx<'_> {
    pub fn put_document_key(&self, key_id: &str, secret: &[u8; 32]) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO document_keys (key_id, secret, created_at) VALUES (?1, ?2, ?3)",
            params![key_id, secret.as_slice(), now()],
        )?;
        Ok(())
    }

    /// Keeps the print's report (JSON without personal data) with its journal row.
    pub fn set_print_record(&self, print_id: i64, record: &str) -> Result<(), StoreError> {
        let changed = self.tx.execute(
            "UPDATE print_jobs SET record = ?2 WHERE print_id = ?1",
            params![print_id, record],
        )?;
        if changed == 1 {
            Ok(())
        } else {
            Err(StoreError::UnknownPrint(print_id))
        }
    }
}
