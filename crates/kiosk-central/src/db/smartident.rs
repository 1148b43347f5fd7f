//! SmartIdent's records: registrations, devices and the member notifications (migration 9).
//! The rules are kiosk-smartident's (`rules.rs`); this applies them in transactions, so two
//! phones binding one code, or two kiosks of a fleet, cannot both win.

use kiosk_domain::TrustLevel;
use kiosk_smartident::rules::{
    BindRefusal, Confirmation, MAX_ACTIVE_DEVICES, Registration, RegistrationState,
};
use sqlx::{Any, Row, Transaction};
use time::OffsetDateTime;

use super::{Db, DbError, EnrolledKiosk, identifications};

type Tx = Transaction<'static, Any>;

/// Why a SmartIdent step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SmartIdentRefusal {
    #[error("the session is no identification this kiosk may act on ({})", .0.code())]
    NotIdentified(identifications::Refusal),
    #[error("the member has a device already: a registered device must approve a further one")]
    ApprovalRequired,
    #[error("no such registration for this member")]
    UnknownRegistration,
    #[error("no such device for this member")]
    UnknownDevice,
    #[error(transparent)]
    Bind(BindRefusal),
}

/// A registration the kiosk asks for; the caller brings the randomness.
#[derive(Debug, Clone)]
pub struct NewRegistration {
    pub registration_id: String,
    /// SHA-256 (hex) of the QR's nonce.
    pub nonce_hash: String,
    pub expires_at: OffsetDateTime,
}

/// A phone's key, bound to a registration.
#[derive(Debug, Clone)]
pub struct NewDevice {
    pub device_id: String,
    pub public_key: String,
    pub label: String,
    pub platform: String,
    pub push_handle: Option<String>,
}

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

/// What a member notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationKind {
    DeviceAdded,
    DeviceRemoved,
    AllDevicesRemoved,
}

impl NotificationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::DeviceAdded => "deviceAdded",
            NotificationKind::DeviceRemoved => "deviceRemoved",
            NotificationKind::AllDevicesRemoved => "allDevicesRemoved",
        }
    }
}

/// A notification to record, with the hash of its one-use "not me" link's token.
#[derive(Debug, Clone)]
pub struct Notification {
    pub notification_id: String,
    pub block_token_hash: String,
}

fn millis(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

fn from_millis(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

async fn active_devices(tx: &mut Tx, kvnr: &str) -> Result<usize, DbError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM smartident_devices WHERE kvnr = $1 AND state = 'active'",
    )
    .bind(kvnr)
    .fetch_one(&mut **tx)
    .await?;
    Ok(usize::try_from(row.try_get::<i64, _>("n")?).unwrap_or(usize::MAX))
}

/// A registration row: the member, the rules' view, the bound device and code hash.
struct RegistrationRow {
    kvnr: String,
    registration: Registration,
    nonce_hash: String,
    device_id: Option<String>,
    code_hash: Option<String>,
}

async fn registration(tx: &mut Tx, id: &str) -> Result<Option<RegistrationRow>, DbError> {
    let Some(row) = sqlx::query(
        "SELECT kvnr, state, expires_at, tries_left, nonce_hash, device_id, code_hash
         FROM smartident_registrations WHERE registration_id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(None);
    };
    let state: String = row.try_get("state")?;
    let state = RegistrationState::parse(&state)
        .ok_or_else(|| DbError::Corrupt(format!("registration state {state:?}")))?;
    Ok(Some(RegistrationRow {
        kvnr: row.try_get("kvnr")?,
        registration: Registration {
            state,
            expires_at: from_millis(row.try_get("expires_at")?),
            tries_left: u8::try_from(row.try_get::<i64, _>("tries_left")?).unwrap_or(0),
        },
        nonce_hash: row.try_get("nonce_hash")?,
        device_id: row.try_get("device_id")?,
        code_hash: row.try_get("code_hash")?,
    }))
}

async fn set_state(tx: &mut Tx, id: &str, state: RegistrationState) -> Result<(), DbError> {
    sqlx::query("UPDATE smartident_registrations SET state = $1 WHERE registration_id = $2")
        .bind(state.as_str())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Drops a bound key whose registration did not complete.
async fn drop_bound_device(
    tx: &mut Tx,
    device_id: Option<&str>,
    now: OffsetDateTime,
) -> Result<(), DbError> {
    if let Some(device_id) = device_id {
        sqlx::query(
            "UPDATE smartident_devices SET state = 'dropped', removed_at = $1
             WHERE device_id = $2 AND state = 'bound'",
        )
        .bind(millis(now))
        .bind(device_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn notify(
    tx: &mut Tx,
    kvnr: &str,
    kind: NotificationKind,
    label: Option<&str>,
    notification: &Notification,
    now: OffsetDateTime,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO member_notifications
             (notification_id, kvnr, kind, device_label, block_token_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&notification.notification_id)
    .bind(kvnr)
    .bind(kind.as_str())
    .bind(label)
    .bind(&notification.block_token_hash)
    .bind(millis(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Db {
    /// A transaction for the member identified in `session_id` at this kiosk at `needs`.
    async fn as_member(
        &self,
        kiosk: &EnrolledKiosk,
        session_id: &uuid::Uuid,
        needs: TrustLevel,
    ) -> Result<Result<(Tx, String), SmartIdentRefusal>, DbError> {
        let mut tx = self.pool().begin().await?;
        let member = identifications::identified_member(&mut tx, kiosk, session_id, needs).await?;
        Ok(member
            .map(|kvnr| (tx, kvnr))
            .map_err(SmartIdentRefusal::NotIdentified))
    }

    /// A registration for the member of `session_id` (substantial suffices for the first
    /// device); the member's open one is cancelled, and its bound key dropped.
    pub async fn create_registration(
        &self,
        kiosk: &EnrolledKiosk,
        session_id: &uuid::Uuid,
        new: &NewRegistration,
        now: OffsetDateTime,
    ) -> Result<Result<(), SmartIdentRefusal>, DbError> {
        let (mut tx, kvnr) = match self
            .as_member(kiosk, session_id, TrustLevel::Substantial)
            .await?
        {
            Ok(found) => found,
            Err(refusal) => return Ok(Err(refusal)),
        };
        if active_devices(&mut tx, &kvnr).await? > 0 {
            return Ok(Err(SmartIdentRefusal::ApprovalRequired));
        }
        let open = sqlx::query(
            "SELECT registration_id, device_id FROM smartident_registrations
             WHERE kvnr = $1 AND state IN ('pending', 'keyBound')",
        )
        .bind(&kvnr)
        .fetch_all(&mut *tx)
        .await?;
        for row in open {
            let id: String = row.try_get("registration_id")?;
            set_state(&mut tx, &id, RegistrationState::Cancelled).await?;
            drop_bound_device(
                &mut tx,
                row.try_get::<Option<String>, _>("device_id")?.as_deref(),
                now,
            )
            .await?;
        }
        sqlx::query(
            "INSERT INTO smartident_registrations
                 (registration_id, kvnr, purpose, nonce_hash, state, expires_at, tries_left,
                  kiosk_id, branch_id, created_at)
             VALUES ($1, $2, 'firstDevice', $3, 'pending', $4, $5, $6, $7, $8)",
        )
        .bind(&new.registration_id)
        .bind(&kvnr)
        .bind(&new.nonce_hash)
        .bind(millis(new.expires_at))
        .bind(i64::from(kiosk_smartident::rules::BIND_CODE_TRIES))
        .bind(&kiosk.kiosk_id)
        .bind(&kiosk.branch_id)
        .bind(millis(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// The registration as of `now`, for the kiosk of the member's session.
    pub async fn registration_status(
        &self,
        kiosk: &EnrolledKiosk,
        session_id: &uuid::Uuid,
        registration_id: &str,
        now: OffsetDateTime,
    ) -> Result<Result<Registration, SmartIdentRefusal>, DbError> {
        let (mut tx, kvnr) = match self
            .as_member(kiosk, session_id, TrustLevel::Substantial)
            .await?
        {
            Ok(found) => found,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let found = registration(&mut tx, registration_id).await?;
        tx.commit().await?;
        Ok(match found {
            Some(row) if row.kvnr == kvnr => Ok(Registration {
                state: row.registration.state_at(now),
                ..row.registration
            }),
            _ => Err(SmartIdentRefusal::UnknownRegistration),
        })
    }

    /// A phone binds its key: the first phone with the QR's nonce wins, within the lifetime
    /// and under the device limit. `code_hash` is the bind code it will show.
    pub async fn bind_device(
        &self,
        registration_id: &str,
        nonce_hash: &str,
        device: &NewDevice,
        code_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Result<(), SmartIdentRefusal>, DbError> {
        let mut tx = self.pool().begin().await?;
        let Some(row) = registration(&mut tx, registration_id).await? else {
            return Ok(Err(SmartIdentRefusal::UnknownRegistration));
        };
        let devices = active_devices(&mut tx, &row.kvnr).await?;
        if let Err(refusal) = row
            .registration
            .bind(now, row.nonce_hash == nonce_hash, devices)
        {
            return Ok(Err(SmartIdentRefusal::Bind(refusal)));
        }
        let branch = sqlx::query(
            "SELECT branch_id FROM smartident_registrations WHERE registration_id = $1",
        )
        .bind(registration_id)
        .fetch_one(&mut *tx)
        .await?
        .try_get::<String, _>("branch_id")?;
        // The guard makes the first of two phones binding at once the only one.
        let bound = sqlx::query(
            "UPDATE smartident_registrations SET state = 'keyBound', device_id = $1, code_hash = $2
             WHERE registration_id = $3 AND state = 'pending'",
        )
        .bind(&device.device_id)
        .bind(code_hash)
        .bind(registration_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if bound != 1 {
            return Ok(Err(SmartIdentRefusal::Bind(BindRefusal::AlreadyBound)));
        }
        let inserted = sqlx::query(
            "INSERT INTO smartident_devices
                 (device_id, kvnr, public_key, label, platform, push_handle, state, bound_at,
                  registered_branch)
             VALUES ($1, $2, $3, $4, $5, $6, 'bound', $7, $8)
             ON CONFLICT (public_key) DO NOTHING",
        )
        .bind(&device.device_id)
        .bind(&row.kvnr)
        .bind(&device.public_key)
        .bind(&device.label)
        .bind(&device.platform)
        .bind(&device.push_handle)
        .bind(millis(now))
        .bind(branch)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted != 1 {
            // A key is bound once: another registration cannot take it over.
            return Ok(Err(SmartIdentRefusal::Bind(BindRefusal::AlreadyBound)));
        }
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// The member typed the bind code at the kiosk. On success the device is active and the
    /// member notified; the last wrong try fails the registration and drops the key.
    pub async fn confirm_registration(
        &self,
        kiosk: &EnrolledKiosk,
        session_id: &uuid::Uuid,
        registration_id: &str,
        code_hash: &str,
        notification: &Notification,
        now: OffsetDateTime,
    ) -> Result<Result<Confirmation, SmartIdentRefusal>, DbError> {
        let (mut tx, kvnr) = match self
            .as_member(kiosk, session_id, TrustLevel::Substantial)
            .await?
        {
            Ok(found) => found,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let row = match registration(&mut tx, registration_id).await? {
            Some(row) if row.kvnr == kvnr => row,
            _ => return Ok(Err(SmartIdentRefusal::UnknownRegistration)),
        };
        let matches = row.code_hash.as_deref() == Some(code_hash);
        let mut outcome = row.registration.confirm(now, matches);
        let device = row.device_id.as_deref();
        match outcome {
            Confirmation::Activated
                if active_devices(&mut tx, &kvnr).await? >= MAX_ACTIVE_DEVICES =>
            {
                set_state(&mut tx, registration_id, RegistrationState::Cancelled).await?;
                drop_bound_device(&mut tx, device, now).await?;
                outcome = Confirmation::Closed;
            }
            Confirmation::Activated => {
                set_state(&mut tx, registration_id, RegistrationState::Active).await?;
                sqlx::query(
                    "UPDATE smartident_devices SET state = 'active', activated_at = $1
                     WHERE device_id = $2 AND state = 'bound'",
                )
                .bind(millis(now))
                .bind(device)
                .execute(&mut *tx)
                .await?;
                let label =
                    sqlx::query("SELECT label FROM smartident_devices WHERE device_id = $1")
                        .bind(device)
                        .fetch_one(&mut *tx)
                        .await?
                        .try_get::<String, _>("label")?;
                notify(
                    &mut tx,
                    &kvnr,
                    NotificationKind::DeviceAdded,
                    Some(&label),
                    notification,
                    now,
                )
                .await?;
            }
            Confirmation::Wrong { tries_left } => {
                sqlx::query(
                    "UPDATE smartident_registrations SET tries_left = $1 WHERE registration_id = $2",
                )
                .bind(i64::from(tries_left))
                .bind(registration_id)
                .execute(&mut *tx)
                .await?;
            }
            Confirmation::Failed => {
                sqlx::query(
                    "UPDATE smartident_registrations SET state = 'failed', tries_left = 0
                     WHERE registration_id = $1",
                )
                .bind(registration_id)
                .execute(&mut *tx)
                .await?;
                drop_bound_device(&mut tx, device, now).await?;
            }
            Confirmation::Expired => {
                set_state(&mut tx, registration_id, RegistrationState::Expired).await?;
                drop_bound_device(&mut tx, device, now).await?;
            }
            Confirmation::NotBoundYet | Confirmation::Closed => {}
        }
        tx.commit().await?;
        Ok(Ok(outcome))
    }

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

    /// The notifications recorded for a member: (kind, device label), oldest first. For IT's
    /// tools and tests; the insurer's mail system sends them.
    pub async fn member_notifications(
        &self,
        kvnr: &str,
    ) -> Result<Vec<(String, Option<String>)>, DbError> {
        let rows = sqlx::query(
            "SELECT kind, device_label FROM member_notifications WHERE kvnr = $1
             ORDER BY created_at, notification_id",
        )
        .bind(kvnr)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|row| Ok((row.try_get("kind")?, row.try_get("device_label")?)))
            .collect()
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
    Ok(Ok(()))
}
