use std::{
    fs,
    path::{Path, PathBuf},
    sync::OnceLock,
    thread,
    time::Duration,
};

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, params};
use time::{OffsetDateTime, UtcOffset, macros::format_description};
use uuid::Uuid;

use crate::{NewOutboxEvent, OutboxEvent, StoreError, StoreKey, migrations};

/// The open store. The app's connection and the sync worker's are the only writers (the shell's
/// instance lock makes them one app per kiosk); SQLite serializes their transactions, each
/// waiting up to the busy timeout for the other.
#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
}

/// The writes allowed inside [`Store::transaction`].
#[derive(Debug)]
pub struct StoreTx<'a> {
    pub(crate) tx: &'a Transaction<'a>,
}

/// Whether SQLCipher has finished initializing in this process. SQLite marks itself initialized
/// before it runs SQLCipher's own initialization (`SQLITE_EXTRA_INIT`), outside its lock, so a
/// thread that opens its first connection meanwhile gets "An error occurred with PRAGMA key" (the
/// app's and the sync worker's first opens, or parallel tests, in CI). Every open waits here until
/// keying a scratch in-memory database works, whichever thread started the initialization.
fn sqlcipher_ready() -> bool {
    static READY: OnceLock<bool> = OnceLock::new();
    *READY.get_or_init(|| {
        // Initialization takes milliseconds; two seconds means it failed.
        for _ in 0..2000 {
            let keyed = Connection::open_in_memory()
                .and_then(|conn| conn.execute_batch("PRAGMA key = 'initialization check';"));
            if keyed.is_ok() {
                return true;
            }
            thread::sleep(Duration::from_millis(1));
        }
        false
    })
}

impl Store {
    /// The store file inside a data folder.
    pub fn file_in(data_dir: &Path) -> PathBuf {
        data_dir.join("kiosk.db")
    }

    /// Opens (or creates) the store at `path`. Refuses, without writing anything, a file that
    /// the key does not open, that fails its integrity check or that a newer version wrote.
    pub fn open(path: &Path, key: &StoreKey) -> Result<Store, StoreError> {
        if !sqlcipher_ready() {
            return Err(StoreError::NoEncryption);
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|source| StoreError::DataDir {
                path: dir.to_owned(),
                source,
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
        conn.execute_batch(key.pragma().as_str())?;
        let cipher: Option<String> = conn
            .query_row("PRAGMA cipher_version", [], |row| row.get(0))
            .ok();
        if cipher.is_none_or(|v| v.is_empty()) {
            return Err(StoreError::NoEncryption);
        }
        let wrong_key = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
                StoreError::WrongKeyOrDamaged {
                    path: path.to_owned(),
                }
            }
            _ => StoreError::Sqlite(e),
        };
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| {
            row.get::<_, i64>(0)
        })
        .map_err(wrong_key)?;
        let report: String = conn
            .query_row("PRAGMA quick_check", [], |row| row.get(0))
            .map_err(wrong_key)?;
        if report != "ok" {
            return Err(StoreError::Damaged {
                path: path.to_owned(),
                report,
            });
        }
        conn.busy_timeout(Duration::from_secs(5))?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        debug_assert_eq!(mode, "wal");
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")?;
        migrations::migrate(&mut conn, path)?;
        Ok(Store {
            conn,
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` in one transaction: everything it wrote commits together, or, if it
    /// returns an error, nothing does. The transaction takes the write lock when it begins
    /// (waiting up to the busy timeout for the other connection): a deferred one that read
    /// first would fail at its first write, at once, whenever the other connection had
    /// written meanwhile.
    pub fn transaction<T, E>(
        &mut self,
        work: impl FnOnce(&StoreTx<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let result = work(&StoreTx { tx: &tx })?;
        tx.commit().map_err(StoreError::from)?;
        Ok(result)
    }

    /// Events not yet acknowledged by the central system, oldest first.
    pub fn pending_events(&self, limit: u32) -> Result<Vec<OutboxEvent>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT seq, idempotency_key, kind, payload, created_at, attempts FROM outbox
             WHERE delivered_at IS NULL ORDER BY seq LIMIT ?1",
        )?;
        let rows = statement.query_map([limit], |row| {
            let key: String = row.get(1)?;
            Ok(OutboxEvent {
                seq: row.get(0)?,
                idempotency_key: Uuid::parse_str(&key).unwrap_or_default(),
                kind: row.get(2)?,
                payload: row.get(3)?,
                created_at: row.get(4)?,
                attempts: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn outbox_depth(&self) -> Result<u64, StoreError> {
        let depth: i64 = self.conn.query_row(
            "SELECT count(*) FROM outbox WHERE delivered_at IS NULL",
            [],
            |row| row.get(0),
        )?;
        Ok(u64::try_from(depth).unwrap_or(0))
    }

    /// `PRAGMA integrity_check`: "ok" or the problems found.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        let mut statement = self.conn.prepare("PRAGMA integrity_check")?;
        let lines: Vec<String> = statement
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(lines.join("\n"))
    }

    /// The schema version this build migrates to.
    pub fn latest_schema() -> i64 {
        migrations::latest_version()
    }

    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }
}

impl StoreTx<'_> {
    pub fn enqueue(&self, event: &NewOutboxEvent) -> Result<i64, StoreError> {
        self.tx.execute(
            "INSERT INTO outbox (idempotency_key, kind, payload, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![event.idempotency_key.to_string(), event.kind, event.payload, now()],
        )?;
        Ok(self.tx.last_insert_rowid())
    }
}

pub(crate) fn now() -> String {
    timestamp(OffsetDateTime::now_utc())
}

/// RFC 3339 in UTC with exactly three fraction digits: every stored time has the same width,
/// so SQL compares them as text in time order.
pub(crate) fn timestamp(at: OffsetDateTime) -> String {
    const FORMAT: &[time::format_description::FormatItem<'_>] =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    at.to_offset(UtcOffset::UTC)
        .format(FORMAT)
        .unwrap_or_default()
}
