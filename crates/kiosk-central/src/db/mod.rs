//! The central database through sqlx's `Any` driver: the same migrations and queries run on
//! PostgreSQL and SQLite (numbered `$n` parameters, portable types, no serial columns).

mod audit;
mod changes;
mod documents;
mod events;
mod identifications;
mod kiosks;
mod letter_keys;
mod letter_requests;
mod letters;
mod members;
mod migrations;
mod smartident;
mod staff;
mod staff_assist;

use std::{str::FromStr, time::Duration};

use sqlx::{
    AnyPool, Connection,
    any::{AnyConnectOptions, AnyPoolOptions},
};

pub use audit::AuditChainBreak;
pub use changes::ChangePage;
pub use documents::{DocumentKeyRecord, DocumentRecord, UniversityReport, document_key_id};
pub use events::IngestOutcome;
pub use identifications::{IDENTIFICATION_VALID_FOR_MILLIS, MISMATCHES_TO_LOCK, Refusal};
pub use kiosks::{EnrolledKiosk, KioskLookup};
pub use letter_keys::KeyRegistration;
pub use letter_requests::{LetterRequestOutcome, ONE_LETTER_PER_DAYS, REQUESTS_PER_KIOSK_PER_HOUR};
pub use letters::{LetterRecipient, LetterRecord, Revocation, Unlock};
pub use members::{NewMember, ReviewItem};
pub use smartident::{
    ApprovalRecord, DeviceRecord, NewChallenge, NewDevice, NewRegistration, Notification,
    NotificationKind, PendingChallenge, SmartIdentRefusal,
};
pub use staff::{StaffChange, StaffRecord, StaffRefusal};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// Not marked as the source: sqlx's message already includes its cause, and a chain
    /// would repeat it.
    #[error("{0}")]
    Sqlx(sqlx::Error),
    #[error("database content: {0}")]
    Corrupt(String),
    #[error(
        "the database has schema version {found}, newer than this kiosk-central knows ({known}): \
         run the version that migrated it, or restore a backup made with this one"
    )]
    NewerSchema { found: i64, known: i64 },
}

impl From<sqlx::Error> for DbError {
    fn from(error: sqlx::Error) -> Self {
        DbError::Sqlx(error)
    }
}

/// The database handle; cheap to clone.
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    postgres: bool,
}

impl Db {
    /// Connects and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let postgres = url.starts_with("postgres");
        let url = if postgres || url.contains('?') {
            url.to_owned()
        } else {
            format!("{url}?mode=rwc")
        };
        let options = AnyConnectOptions::from_str(&url)?;
        // One direct connection first: its error says why (refused, unknown host, bad
        // password), where the pool would only report a timeout.
        let probe = sqlx::AnyConnection::connect_with(&options).await?;
        probe.close().await?;
        let pool = AnyPoolOptions::new()
            .max_connections(if postgres { 16 } else { 1 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if !postgres {
                        // WAL and FULL sync: an acknowledged push survives a crash.
                        sqlx::query("PRAGMA journal_mode = WAL")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA synchronous = FULL")
                            .execute(&mut *conn)
                            .await?;
                        sqlx::query("PRAGMA busy_timeout = 5000")
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let db = Db { pool, postgres };
        migrations::migrate(&db).await?;
        Ok(db)
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

impl Db {
    /// Whether the database answers at all (the health check).
    pub async fn ping(&self) -> Result<(), DbError> {
        sqlx::query("SELECT 1 AS one")
            .fetch_one(self.pool())
            .await?;
        Ok(())
    }
}

/// Now as RFC 3339 in UTC (the time kiosks check their clocks against).
pub(crate) fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

pub(crate) fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
