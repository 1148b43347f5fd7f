//! What the kiosk knows about time: the central system's time at the last pull (with the
//! kiosk's own at that moment) and the latest time seen since. kiosk-domain's `clock` judges
//! it; the store only keeps it, across restarts.

use kiosk_domain::{ClockEvidence, ServerTime};
use rusqlite::OptionalExtension;
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

use crate::{Store, StoreError, StoreTx, store::timestamp, sync::set_value};

const SERVER_TIME: &str = "clock_server_time";
const LOCAL_AT_SERVER_TIME: &str = "clock_local_at_server_time";
const LATEST_SEEN: &str = "clock_latest_seen";

fn read(conn: &rusqlite::Connection, name: &str) -> Result<Option<OffsetDateTime>, StoreError> {
    let value: Option<String> = conn
        .query_row(
            "SELECT value FROM sync_state WHERE name = ?1",
            [name],
            |row| row.get(0),
        )
        .optional()?;
    value
        .map(|v| {
            OffsetDateTime::parse(&v, &Rfc3339)
                .map_err(|_| StoreError::Corrupt(format!("sync value {name}")))
        })
        .transpose()
}

impl Store {
    /// What the kiosk knows about time, for `ClockEvidence::judge`.
    pub fn clock(&self) -> Result<ClockEvidence, StoreError> {
        let server = read(&self.conn, SERVER_TIME)?;
        let local = read(&self.conn, LOCAL_AT_SERVER_TIME)?;
        Ok(ClockEvidence {
            last_pull: server
                .zip(local)
                .map(|(server, local)| ServerTime { server, local }),
            latest_seen: read(&self.conn, LATEST_SEEN)?,
        })
    }

    /// The clock read `now`: kept if it is later than any time seen before.
    pub fn note_time_seen(&self, now: OffsetDateTime) -> Result<(), StoreError> {
        if read(&self.conn, LATEST_SEEN)?.is_none_or(|latest| now > latest) {
            set_value(&self.conn, LATEST_SEEN, &timestamp(now))?;
        }
        Ok(())
    }
}

impl StoreTx<'_> {
    /// A pull brought the central system's time `server`, received at the kiosk's `local`.
    /// The latest time seen starts again from the later of the two: the server's time is the
    /// authority, so a clock once set ahead and then corrected is not held against the kiosk
    /// forever (a clock still off shows in the difference of the two).
    pub fn record_server_time(
        &self,
        server: OffsetDateTime,
        local: OffsetDateTime,
    ) -> Result<(), StoreError> {
        set_value(self.tx, SERVER_TIME, &timestamp(server))?;
        set_value(self.tx, LOCAL_AT_SERVER_TIME, &timestamp(local))?;
        set_value(self.tx, LATEST_SEEN, &timestamp(server.max(local)))
    }
}

#[cfg(test)]
mod tests {
    use time::{Duration, macros::datetime};

    use crate::{Store, StoreKey};

    #[test]
    fn the_latest_time_seen_only_moves_forward_until_a_pull_resets_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let key = dir.path().join("k");
        StoreKey::create_file(&key).expect("key");
        let mut store = Store::open(
            &Store::file_in(dir.path()),
            &StoreKey::from_file(&key).expect("key"),
        )
        .expect("store");
        let t = datetime!(2026-12-02 12:00 UTC);
        assert_eq!(
            store.clock().expect("clock"),
            kiosk_domain::ClockEvidence::default()
        );

        store.note_time_seen(t + Duration::days(7)).expect("note");
        store.note_time_seen(t).expect("note");
        assert_eq!(
            store.clock().expect("clock").latest_seen,
            Some(t + Duration::days(7))
        );

        store
            .transaction(|tx| tx.record_server_time(t, t + Duration::seconds(2)))
            .expect("pull");
        let clock = store.clock().expect("clock");
        assert_eq!(
            clock.last_pull,
            Some(kiosk_domain::ServerTime {
                server: t,
                local: t + Duration::seconds(2)
            })
        );
        assert_eq!(clock.latest_seen, Some(t + Duration::seconds(2)));
    }
}
