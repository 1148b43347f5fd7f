//! SmartIdent's records (migrations 9 and 10): registrations (`registrations.rs`), devices
//! (`devices.rs`), approvals (`approvals.rs`), the member notifications and the audit of each
//! step. The rules are kiosk-smartident's (`rules.rs`); this applies them in transactions, so
//! two phones binding one code, or two kiosks of a fleet, cannot both win.

pub(crate) mod approvals;
mod devices;
mod registrations;

use kiosk_domain::TrustLevel;
use kiosk_smartident::rules::{AnswerRefusal, BindRefusal};
use sqlx::{Any, Row, Transaction};
use time::OffsetDateTime;

use super::{Db, DbError, EnrolledKiosk, identifications};

pub use approvals::{ApprovalRecord, NewChallenge, PendingChallenge};
pub use devices::DeviceRecord;
pub use registrations::{NewDevice, NewRegistration};

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
    #[error("the member has no SmartIdent device to approve with")]
    NoDevice,
    #[error(
        "approvals for this member are locked (repeated \"not me\", or too many asked for): \
         use the date of birth, or ask staff"
    )]
    ApprovalsLocked,
    #[error("no such approval for this session")]
    UnknownApproval,
    #[error(transparent)]
    Answer(AnswerRefusal),
    #[error("no such \"not me\" link, or it was used")]
    UnknownLink,
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

/// A notification to record: its one-use "Das war ich nicht" link's token goes to the mail
/// system only, its hash to the record.
#[derive(Clone)]
pub struct Notification {
    pub notification_id: String,
    pub block_token: String,
    pub block_token_hash: String,
}

impl std::fmt::Debug for Notification {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notification")
            .field("notification_id", &self.notification_id)
            .finish_non_exhaustive()
    }
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

/// Records a SmartIdent step for the audit: which step, its outcome, the kiosk (none for a
/// phone's call) and the registration's, device's or approval's random id. No member data.
async fn audit(
    tx: &mut Tx,
    step: &str,
    outcome: &str,
    kiosk_id: Option<&str>,
    subject_id: &str,
    now: OffsetDateTime,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO smartident_audit (at, step, outcome, kiosk_id, subject_id)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(millis(now))
    .bind(step)
    .bind(outcome)
    .bind(kiosk_id)
    .bind(subject_id)
    .execute(&mut **tx)
    .await?;
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
    sqlx::query(
        "INSERT INTO mail_outbox (notification_id, kvnr, kind, not_me_token, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&notification.notification_id)
    .bind(kvnr)
    .bind(kind.as_str())
    .bind(&notification.block_token)
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

    /// The notifications recorded for a member: (kind, device label), oldest first. For IT's
    /// tools and tests; the insurer's mail system sends them.
    /// What waits for the mail system for `kvnr`: each notification's kind and link token.
    pub async fn mail_outbox(&self, kvnr: &str) -> Result<Vec<(String, String)>, DbError> {
        let rows = sqlx::query(
            "SELECT kind, not_me_token FROM mail_outbox WHERE kvnr = $1
             ORDER BY created_at, notification_id",
        )
        .bind(kvnr)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|row| Ok((row.try_get("kind")?, row.try_get("not_me_token")?)))
            .collect()
    }

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
