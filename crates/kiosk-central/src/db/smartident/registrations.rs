//! Registrations: the QR a kiosk shows, the key a phone binds to it, and the code typed at
//! the kiosk that activates the device.

use kiosk_domain::TrustLevel;
use kiosk_smartident::rules::{
    BindRefusal, Confirmation, MAX_ACTIVE_DEVICES, Registration, RegistrationState,
};
use sqlx::Row;
use time::OffsetDateTime;

use super::{
    Db, DbError, EnrolledKiosk, Notification, NotificationKind, SmartIdentRefusal, Tx,
    active_devices, approvals, audit, from_millis, millis, notify,
};

/// A registration the kiosk asks for; the caller brings the randomness.
#[derive(Debug, Clone)]
pub struct NewRegistration {
    pub registration_id: String,
    /// SHA-256 (hex) of the QR's nonce.
    pub nonce_hash: String,
    pub expires_at: OffsetDateTime,
    /// A further device's: the approval it rests on.
    pub approval_id: Option<String>,
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

/// Cancels the member's open registrations, and drops a key bound to one but never confirmed.
pub(super) async fn cancel_open_registrations(
    tx: &mut Tx,
    kvnr: &str,
    now: OffsetDateTime,
) -> Result<(), DbError> {
    let open = sqlx::query(
        "SELECT registration_id, device_id FROM smartident_registrations
         WHERE kvnr = $1 AND state IN ('pending', 'keyBound')",
    )
    .bind(kvnr)
    .fetch_all(&mut **tx)
    .await?;
    for row in open {
        let id: String = row.try_get("registration_id")?;
        set_state(tx, &id, RegistrationState::Cancelled).await?;
        drop_bound_device(
            tx,
            row.try_get::<Option<String>, _>("device_id")?.as_deref(),
            now,
        )
        .await?;
    }
    Ok(())
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

impl Db {
    /// A registration for the member of `session_id`: the first device at level substantial,
    /// a further one only with the approval (by a registered device) `new.approval_id` names,
    /// which it uses up. The member's open registration is cancelled, and its bound key dropped.
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
        let allowed = match &new.approval_id {
            None => active_devices(&mut tx, &kvnr).await? == 0,
            Some(approval) => {
                approvals::take_device_approval(&mut tx, kiosk, session_id, &kvnr, approval).await?
            }
        };
        if !allowed {
            return Ok(Err(SmartIdentRefusal::ApprovalRequired));
        }
        cancel_open_registrations(&mut tx, &kvnr, now).await?;
        sqlx::query(
            "INSERT INTO smartident_registrations
                 (registration_id, kvnr, purpose, nonce_hash, state, expires_at, tries_left,
                  kiosk_id, branch_id, created_at, approval_id)
             VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9, $10)",
        )
        .bind(&new.registration_id)
        .bind(&kvnr)
        .bind(if new.approval_id.is_some() {
            "furtherDevice"
        } else {
            "firstDevice"
        })
        .bind(&new.nonce_hash)
        .bind(millis(new.expires_at))
        .bind(i64::from(kiosk_smartident::rules::BIND_CODE_TRIES))
        .bind(&kiosk.kiosk_id)
        .bind(&kiosk.branch_id)
        .bind(millis(now))
        .bind(&new.approval_id)
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            "registrationCreated",
            if new.approval_id.is_some() {
                "furtherDevice"
            } else {
                "firstDevice"
            },
            Some(&kiosk.kiosk_id),
            &new.registration_id,
            now,
        )
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
            let outcome = format!("{refusal:?}");
            audit(&mut tx, "keyBound", &outcome, None, registration_id, now).await?;
            tx.commit().await?;
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
        audit(&mut tx, "keyBound", "bound", None, registration_id, now).await?;
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
        let step = format!("{outcome:?}");
        audit(
            &mut tx,
            "codeTyped",
            &step,
            Some(&kiosk.kiosk_id),
            registration_id,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(outcome))
    }
}
