//! Staff accounts as the kiosk knows them (pulled from the central system: only those of this
//! kiosk's branch) and each account's wrong PINs here. The lockout rule itself is
//! kiosk-domain's `pin_attempt`; this keeps its state across restarts.

use kiosk_domain::staff::{PinState, PinVerifier, StaffAccount, StaffId, StaffRole};
use rusqlite::{OptionalExtension, params};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

use crate::{Store, StoreError, StoreTx, store::now, store::timestamp};

/// A staff account with its PIN verifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredStaffAccount {
    pub account: StaffAccount,
    pub verifier: PinVerifier,
}

impl Store {
    /// The account, if it is known here.
    pub fn staff_account(
        &self,
        staff_id: &StaffId,
    ) -> Result<Option<StoredStaffAccount>, StoreError> {
        let row: Option<(String, String, String)> = self
            .conn
            .query_row(
                "SELECT role, branches, pin_verifier FROM staff_accounts WHERE staff_id = ?1",
                [staff_id.as_str()],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        let Some((role, branches, verifier)) = row else {
            return Ok(None);
        };
        let (Some(role), Ok(verifier)) = (StaffRole::parse(&role), PinVerifier::parse(&verifier))
        else {
            return Err(StoreError::Corrupt(format!(
                "staff account {staff_id}: role or PIN verifier unreadable"
            )));
        };
        Ok(Some(StoredStaffAccount {
            account: StaffAccount {
                staff_id: staff_id.clone(),
                role,
                branches: branches.split(',').map(str::to_owned).collect(),
            },
            verifier,
        }))
    }

    pub fn staff_account_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM staff_accounts", [], |row| row.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The account's wrong PINs on this kiosk (none: a fresh state).
    pub fn pin_state(&self, staff_id: &StaffId) -> Result<PinState, StoreError> {
        let row: Option<(u32, Option<String>)> = self
            .conn
            .query_row(
                "SELECT failures, locked_until FROM staff_pin_failures WHERE staff_id = ?1",
                [staff_id.as_str()],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        Ok(match row {
            None => PinState::default(),
            Some((failures, locked_until)) => PinState {
                failures,
                // An unreadable time keeps the account locked for a full lockout from now,
                // never unlocked.
                locked_until: locked_until.map(|text| {
                    OffsetDateTime::parse(&text, &Rfc3339).unwrap_or_else(|_| {
                        OffsetDateTime::now_utc() + kiosk_domain::staff::PIN_LOCKOUT
                    })
                }),
            },
        })
    }
}

impl StoreTx<'_> {
    /// Adds or replaces an account as pulled.
    pub fn put_staff_account(
        &self,
        account: &StaffAccount,
        verifier: &PinVerifier,
    ) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO staff_accounts (staff_id, role, branches, pin_verifier, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (staff_id) DO UPDATE SET role = ?2, branches = ?3, pin_verifier = ?4, received_at = ?5",
            params![
                account.staff_id.as_str(),
                account.role.as_str(),
                account.branches.join(","),
                verifier.as_str(),
                now()
            ],
        )?;
        Ok(())
    }

    /// Forgets an account (revoked, or no longer in this branch) and its PIN state.
    pub fn remove_staff_account(&self, staff_id: &StaffId) -> Result<bool, StoreError> {
        self.tx.execute(
            "DELETE FROM staff_pin_failures WHERE staff_id = ?1",
            [staff_id.as_str()],
        )?;
        Ok(self.tx.execute(
            "DELETE FROM staff_accounts WHERE staff_id = ?1",
            [staff_id.as_str()],
        )? > 0)
    }

    pub fn set_pin_state(&self, staff_id: &StaffId, state: &PinState) -> Result<(), StoreError> {
        if *state == PinState::default() {
            self.tx.execute(
                "DELETE FROM staff_pin_failures WHERE staff_id = ?1",
                [staff_id.as_str()],
            )?;
            return Ok(());
        }
        self.tx.execute(
            "INSERT INTO staff_pin_failures (staff_id, failures, locked_until) VALUES (?1, ?2, ?3)
             ON CONFLICT (staff_id) DO UPDATE SET failures = ?2, locked_until = ?3",
            params![
                staff_id.as_str(),
                state.failures,
                state.locked_until.map(timestamp)
            ],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use kiosk_domain::staff::{Pin, pin_attempt};

    use super::*;
    use crate::StoreKey;

    #[test]
    fn accounts_and_pin_failures_are_kept_and_forgotten_together() {
        let dir = tempfile::tempdir().expect("tempdir");
        StoreKey::create_file(&dir.path().join("k")).expect("key");
        let key = StoreKey::from_file(&dir.path().join("k")).expect("key");
        let mut store = Store::open(&Store::file_in(dir.path()), &key).expect("store");
        let id: StaffId = "S-1001".parse().expect("id");
        let account = StaffAccount {
            staff_id: id.clone(),
            role: StaffRole::BranchLead,
            branches: vec!["DEMO-01".into(), "DEMO-02".into()],
        };
        let pin = Pin::entered("482913").expect("pin");
        let verifier = PinVerifier::create(&pin, &[3; 16]).expect("hash");
        assert_eq!(store.staff_account(&id).expect("read"), None);
        store
            .transaction(|tx| tx.put_staff_account(&account, &verifier))
            .expect("put");
        let stored = store.staff_account(&id).expect("read").expect("known");
        assert_eq!(stored.account, account);
        assert!(stored.verifier.matches(&pin));

        let now = OffsetDateTime::now_utc();
        let mut state = store.pin_state(&id).expect("state");
        for _ in 0..5 {
            state = pin_attempt(state, now, || false).1;
            store
                .transaction(|tx| tx.set_pin_state(&id, &state))
                .expect("kept");
        }
        let kept = store.pin_state(&id).expect("state");
        assert_eq!(kept.failures, 5);
        assert!(kept.locked_until.expect("locked") > now);

        assert!(
            store
                .transaction(|tx| tx.remove_staff_account(&id))
                .expect("removed")
        );
        assert_eq!(store.staff_account(&id).expect("read"), None);
        assert_eq!(store.pin_state(&id).expect("state"), PinState::default());
    }
}
