//! What this kiosk knows of activation letters: wrong dates of birth, lock and use. A letter
//! id is random, not personal data.

use rusqlite::{OptionalExtension, params};

use crate::{Store, StoreError, StoreTx, store::now};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LetterAttempts {
    pub failures: u32,
    pub locked_at: Option<String>,
    pub used_at: Option<String>,
}

impl Store {
    pub fn letter_attempts(&self, letter_id: &str) -> Result<LetterAttempts, StoreError> {
        let found = self
            .conn
            .query_row(
                "SELECT failures, locked_at, used_at FROM letter_attempts WHERE letter_id = ?1",
                [letter_id],
                |row| {
                    Ok(LetterAttempts {
                        failures: row.get(0)?,
                        locked_at: row.get(1)?,
                        used_at: row.get(2)?,
                    })
                },
            )
            .optional()?;
        Ok(found.unwrap_or_default())
    }
}

impl Store {
    /// The letters locked at this kiosk, or found locked here, that belong to `kvnr`.
    pub fn locked_letters_of(&self, kvnr: &str) -> Result<Vec<String>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT letter_id FROM letter_attempts
             WHERE member_kvnr = ?1 AND locked_at IS NOT NULL ORDER BY letter_id",
        )?;
        let rows = statement.query_map([kvnr], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl StoreTx<'_> {
    /// Counts a wrong date of birth; returns the failures so far.
    pub fn record_birth_date_failure(&self, letter_id: &str) -> Result<u32, StoreError> {
        self.tx.execute(
            "INSERT INTO letter_attempts (letter_id, failures) VALUES (?1, 1)
             ON CONFLICT (letter_id) DO UPDATE SET failures = failures + 1",
            [letter_id],
        )?;
        Ok(self.tx.query_row(
            "SELECT failures FROM letter_attempts WHERE letter_id = ?1",
            [letter_id],
            |row| row.get(0),
        )?)
    }

    pub fn lock_letter(&self, letter_id: &str) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO letter_attempts (letter_id, locked_at) VALUES (?1, ?2)
             ON CONFLICT (letter_id) DO UPDATE SET locked_at = ?2",
            params![letter_id, now()],
        )?;
        Ok(())
    }

    /// Staff checked the member: the letter may be tried again from zero.
    pub fn unlock_letter(&self, letter_id: &str) -> Result<bool, StoreError> {
        Ok(self.tx.execute(
            "UPDATE letter_attempts SET locked_at = NULL, failures = 0, member_kvnr = NULL
             WHERE letter_id = ?1",
            [letter_id],
        )? > 0)
    }

    /// The member of a letter that is locked, so that staff who checked their ID can find it;
    /// kept only while it stays locked.
    pub fn note_locked_letter_member(&self, letter_id: &str, kvnr: &str) -> Result<(), StoreError> {
        self.tx.execute(
            "UPDATE letter_attempts SET member_kvnr = ?2 WHERE letter_id = ?1 AND locked_at IS NOT NULL",
            params![letter_id, kvnr],
        )?;
        Ok(())
    }

    pub fn mark_letter_used(&self, letter_id: &str) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO letter_attempts (letter_id, used_at) VALUES (?1, ?2)
             ON CONFLICT (letter_id) DO UPDATE SET used_at = ?2",
            params![letter_id, now()],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StoreKey;

    #[test]
    fn failures_lock_unlock_and_use_are_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        StoreKey::create_file(&dir.path().join("k")).expect("key");
        let key = StoreKey::from_file(&dir.path().join("k")).expect("key");
        let mut store = Store::open(&Store::file_in(dir.path()), &key).expect("store");
        assert_eq!(
            store.letter_attempts("L1").expect("read"),
            LetterAttempts::default()
        );
        let counts: Vec<u32> = (0..3)
            .map(|_| {
                store
                    .transaction(|tx| tx.record_birth_date_failure("L1"))
                    .expect("count")
            })
            .collect();
        assert_eq!(counts, [1, 2, 3]);
        store.transaction(|tx| tx.lock_letter("L1")).expect("lock");
        assert!(
            store
                .letter_attempts("L1")
                .expect("read")
                .locked_at
                .is_some()
        );
        assert!(
            store
                .transaction(|tx| tx.unlock_letter("L1"))
                .expect("unlock")
        );
        let after = store.letter_attempts("L1").expect("read");
        assert_eq!((after.failures, after.locked_at), (0, None));
        store
            .transaction(|tx| tx.mark_letter_used("L1"))
            .expect("use");
        assert!(store.letter_attempts("L1").expect("read").used_at.is_some());
        assert!(
            !store
                .transaction(|tx| tx.unlock_letter("L2"))
                .expect("unknown")
        );
    }
}
