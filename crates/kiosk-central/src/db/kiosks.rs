//! Kiosk enrollment and authentication state.

use kiosk_protocol::ChangeItem;
use sqlx::Row;

use super::{Db, DbError, changes, now_millis};

/// A kiosk whose client certificate the central system accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolledKiosk {
    pub kiosk_id: String,
    pub branch_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KioskLookup {
    Unknown,
    Revoked,
    Active(EnrolledKiosk),
}

impl Db {
    /// Registers (or re-registers) a kiosk with a one-time enrollment code (stored hashed).
    /// A new code replaces any earlier credential of that kiosk.
    pub async fn create_enrollment(
        &self,
        kiosk_id: &str,
        branch_id: &str,
        code_hash: &str,
        valid_for_ms: i64,
    ) -> Result<(), DbError> {
        let expires = now_millis() + valid_for_ms;
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM kiosks WHERE kiosk_id = $1")
            .bind(kiosk_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO kiosks (kiosk_id, branch_id, enrollment_code_hash, enrollment_expires_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(kiosk_id)
        .bind(branch_id)
        .bind(code_hash)
        .bind(expires)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Uses the code (once) and binds the certificate's fingerprint to the kiosk. Returns the
    /// kiosk's branch, or None when the code is wrong, used or expired.
    /// Whether `code_hash` is the kiosk's open, unexpired one-time code (nothing changes):
    /// checked before anything is signed for an unauthenticated caller.
    pub async fn enrollment_open(&self, kiosk_id: &str, code_hash: &str) -> Result<bool, DbError> {
        Ok(sqlx::query(
            "SELECT 1 AS open FROM kiosks
             WHERE kiosk_id = $1 AND enrollment_code_hash = $2 AND enrollment_expires_at > $3
               AND revoked_at IS NULL",
        )
        .bind(kiosk_id)
        .bind(code_hash)
        .bind(now_millis())
        .fetch_optional(self.pool())
        .await?
        .is_some())
    }

    pub async fn complete_enrollment(
        &self,
        kiosk_id: &str,
        code_hash: &str,
        fingerprint: &str,
    ) -> Result<Option<String>, DbError> {
        let now = now_millis();
        let row = sqlx::query(
            "UPDATE kiosks SET cert_fingerprint = $1, enrolled_at = $2, enrollment_code_hash = NULL
             WHERE kiosk_id = $3 AND enrollment_code_hash = $4 AND enrollment_expires_at > $2
               AND revoked_at IS NULL
             RETURNING branch_id",
        )
        .bind(fingerprint)
        .bind(now)
        .bind(kiosk_id)
        .bind(code_hash)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| r.try_get("branch_id")).transpose()?)
    }

    /// The kiosk a client certificate belongs to. A renewed certificate's first use makes it
    /// the kiosk's only one: the certificate before it is refused from then on.
    pub async fn kiosk_by_fingerprint(&self, fingerprint: &str) -> Result<KioskLookup, DbError> {
        let row = sqlx::query(
            "SELECT kiosk_id, branch_id, revoked_at, cert_fingerprint FROM kiosks
             WHERE cert_fingerprint = $1 OR next_cert_fingerprint = $1",
        )
        .bind(fingerprint)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else {
            return Ok(KioskLookup::Unknown);
        };
        if row.try_get::<Option<i64>, _>("revoked_at")?.is_some() {
            return Ok(KioskLookup::Revoked);
        }
        if row
            .try_get::<Option<String>, _>("cert_fingerprint")?
            .as_deref()
            != Some(fingerprint)
        {
            let promoted = sqlx::query(
                "UPDATE kiosks SET cert_fingerprint = next_cert_fingerprint,
                                   next_cert_fingerprint = NULL
                 WHERE next_cert_fingerprint = $1 AND revoked_at IS NULL",
            )
            .bind(fingerprint)
            .execute(self.pool())
            .await?
            .rows_affected();
            // Revoked (or renewed again) since the lookup.
            if promoted == 0 {
                return Ok(KioskLookup::Unknown);
            }
            tracing::info!(kiosk = %row.try_get::<String, _>("kiosk_id")?, "renewed kiosk certificate in use");
        }
        Ok(KioskLookup::Active(EnrolledKiosk {
            kiosk_id: row.try_get("kiosk_id")?,
            branch_id: row.try_get("branch_id")?,
        }))
    }

    /// Records the certificate issued to renew `kiosk_id`'s: accepted beside the current one
    /// until first used (a later renewal replaces an unused one). False if the kiosk is
    /// unknown or revoked.
    pub async fn stage_renewal(&self, kiosk_id: &str, fingerprint: &str) -> Result<bool, DbError> {
        let staged = sqlx::query(
            "UPDATE kiosks SET next_cert_fingerprint = $1
             WHERE kiosk_id = $2 AND revoked_at IS NULL AND cert_fingerprint IS NOT NULL",
        )
        .bind(fingerprint)
        .bind(kiosk_id)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(staged > 0)
    }

    /// Revokes a kiosk's credential at once and tells the fleet. Returns false if unknown.
    pub async fn revoke_kiosk(&self, kiosk_id: &str) -> Result<bool, DbError> {
        let mut tx = self.pool().begin().await?;
        let now = now_millis();
        let done = sqlx::query("UPDATE kiosks SET revoked_at = $1 WHERE kiosk_id = $2")
            .bind(now)
            .bind(kiosk_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        if done {
            // Recorded on the keys themselves: enrolling the id again must not trust them.
            sqlx::query(
                "UPDATE document_keys SET revoked_at = $1 WHERE kiosk_id = $2 AND revoked_at IS NULL",
            )
            .bind(now)
            .bind(kiosk_id)
            .execute(&mut *tx)
            .await?;
            let item = ChangeItem::KioskRevoked {
                kiosk_id: kiosk_id.to_owned(),
            };
            changes::append(&mut tx, None, &[item]).await?;
        }
        tx.commit().await?;
        Ok(done)
    }
}
