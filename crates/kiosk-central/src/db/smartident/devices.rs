//! "Meine Geräte": the member's active devices, removing one or all at the kiosk, and a phone
//! removing itself.

use kiosk_domain::TrustLevel;
use sqlx::Row;
use time::OffsetDateTime;

use super::{
    Db, DbError, EnrolledKiosk, Notification, NotificationKind, SmartIdentRefusal, Tx, audit,
    millis, notify,
};

/// A device as "Meine Geräte" lists it (times in Unix milliseconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRecord {
    pub device_id: String,
    pub label: String,
    pub platform: String,
    pub activated_at: i64,
    pub registered_branch: String,
    pub last_used_at: Option<i64>,
}

impl Db {
    /// The member's active devices, oldest first.
    pub async fn devices(
        &self,
        kiosk: &EnrolledKiosk,
        session_id: &uuid::Uuid,
    ) -> Result<Result<Vec<DeviceRecord>, SmartIdentRefusal>, DbError> {
        let (mut tx, kvnr) = match self
            .as_member(kiosk, session_id, TrustLevel::Substantial)
            .await?
        {
            Ok(found) => found,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let rows = sqlx::query(
            "SELECT device_id, label, platform, activated_at, registered_branch, last_used_at
             FROM smartident_devices WHERE kvnr = $1 AND state = 'active'
             ORDER BY activated_at, device_id",
        )
        .bind(&kvnr)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let devices = rows
            .into_iter()
            .map(|row| {
                Ok(DeviceRecord {
                    device_id: row.try_get("device_id")?,
                    label: row.try_get("label")?,
                    platform: row.try_get("platform")?,
                    activated_at: row.try_get::<Option<i64>, _>("activated_at")?.unwrap_or(0),
                    registered_branch: row.try_get("registered_branch")?,
                    last_used_at: row.try_get("last_used_at")?,
                })
            })
            .collect::<Result<Vec<_>, DbError>>()?;
        Ok(Ok(devices))
    }

    /// Removes one of the member's devices (the kiosk confirmed with the member), and
    /// notifies. Exactly that device: no other is touched.
    pub async fn remove_device(
        &self,
        kiosk: &EnrolledKiosk,
        session_id: &uuid::Uuid,
        device_id: &str,
        notification: &Notification,
        now: OffsetDateTime,
    ) -> Result<Result<(), SmartIdentRefusal>, DbError> {
        let (mut tx, kvnr) = match self
            .as_member(kiosk, session_id, TrustLevel::Substantial)
            .await?
        {
            Ok(found) => found,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let result = remove(&mut tx, &kvnr, Some(device_id), notification, now).await?;
        tx.commit().await?;
        Ok(result)
    }

    /// "Lost my phone": every device of the member, at level high.
    pub async fn remove_all_devices(
        &self,
        kiosk: &EnrolledKiosk,
        session_id: &uuid::Uuid,
        notification: &Notification,
        now: OffsetDateTime,
    ) -> Result<Result<(), SmartIdentRefusal>, DbError> {
        let (mut tx, kvnr) = match self.as_member(kiosk, session_id, TrustLevel::High).await? {
            Ok(found) => found,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let result = remove(&mut tx, &kvnr, None, notification, now).await?;
        tx.commit().await?;
        Ok(result)
    }

    /// A phone's device key, if the device is bound or active (base64, state).
    pub async fn device_key(&self, device_id: &str) -> Result<Option<(String, String)>, DbError> {
        let row = sqlx::query(
            "SELECT public_key, state FROM smartident_devices
             WHERE device_id = $1 AND state IN ('bound', 'active')",
        )
        .bind(device_id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| Ok((row.try_get("public_key")?, row.try_get("state")?)))
            .transpose()
    }

    /// "Registrierung aufheben" on the phone: its own device, and only that one.
    pub async fn remove_own_device(
        &self,
        device_id: &str,
        notification: &Notification,
        now: OffsetDateTime,
    ) -> Result<Result<(), SmartIdentRefusal>, DbError> {
        let mut tx = self.pool().begin().await?;
        let kvnr = sqlx::query(
            "SELECT kvnr FROM smartident_devices WHERE device_id = $1 AND state = 'active'",
        )
        .bind(device_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(kvnr) = kvnr else {
            return Ok(Err(SmartIdentRefusal::UnknownDevice));
        };
        let kvnr: String = kvnr.try_get("kvnr")?;
        let result = remove(&mut tx, &kvnr, Some(device_id), notification, now).await?;
        tx.commit().await?;
        Ok(result)
    }
}

impl Db {
    /// "Das war ich nicht": the member followed the one-use link of a notification. Every
    /// device of theirs is removed, open registrations and approvals are cancelled, and the
    /// link is used up; a new notification says so. `token_hash` is the link token's hash.
    pub async fn block_by_link(
        &self,
        token_hash: &str,
        notification: &Notification,
        now: OffsetDateTime,
    ) -> Result<Result<(), SmartIdentRefusal>, DbError> {
        let mut tx = self.pool().begin().await?;
        let row = sqlx::query(
            "SELECT notification_id, kvnr FROM member_notifications
             WHERE block_token_hash = $1 AND used_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(Err(SmartIdentRefusal::UnknownLink));
        };
        let used: String = row.try_get("notification_id")?;
        let kvnr: String = row.try_get("kvnr")?;
        // Used once: a second click (or a mail scanner replaying it) finds nothing.
        let claimed = sqlx::query(
            "UPDATE member_notifications SET used_at = $1
             WHERE notification_id = $2 AND used_at IS NULL",
        )
        .bind(millis(now))
        .bind(&used)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() != 1 {
            return Ok(Err(SmartIdentRefusal::UnknownLink));
        }
        super::registrations::cancel_open_registrations(&mut tx, &kvnr, now).await?;
        super::approvals::cancel_pending_approvals(&mut tx, &kvnr).await?;
        let removed = remove(&mut tx, &kvnr, None, notification, now).await?;
        audit(&mut tx, "notMeLink", "blocked", None, &used, now).await?;
        tx.commit().await?;
        Ok(removed)
    }
}

/// Removes one active device of `kvnr` (or all with `None`) and records the notification.
async fn remove(
    tx: &mut Tx,
    kvnr: &str,
    device_id: Option<&str>,
    notification: &Notification,
    now: OffsetDateTime,
) -> Result<Result<(), SmartIdentRefusal>, DbError> {
    let (label, kind) = match device_id {
        Some(device_id) => {
            let row = sqlx::query(
                "SELECT label FROM smartident_devices
                 WHERE device_id = $1 AND kvnr = $2 AND state = 'active'",
            )
            .bind(device_id)
            .bind(kvnr)
            .fetch_optional(&mut **tx)
            .await?;
            let Some(row) = row else {
                return Ok(Err(SmartIdentRefusal::UnknownDevice));
            };
            (
                Some(row.try_get::<String, _>("label")?),
                NotificationKind::DeviceRemoved,
            )
        }
        None => (None, NotificationKind::AllDevicesRemoved),
    };
    // One device, or all: `<> ''` matches every id.
    let (sql, id) = match device_id {
        Some(device_id) => (
            "UPDATE smartident_devices SET state = 'removed', removed_at = $1
             WHERE kvnr = $2 AND state = 'active' AND device_id = $3",
            device_id,
        ),
        None => (
            "UPDATE smartident_devices SET state = 'removed', removed_at = $1
             WHERE kvnr = $2 AND state = 'active' AND device_id <> $3",
            "",
        ),
    };
    sqlx::query(sql)
        .bind(millis(now))
        .bind(kvnr)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    notify(tx, kvnr, kind, label.as_deref(), notification, now).await?;
    audit(
        tx,
        "devicesRemoved",
        kind.as_str(),
        None,
        device_id.unwrap_or("all"),
        now,
    )
    .await?;
    Ok(Ok(()))
}
