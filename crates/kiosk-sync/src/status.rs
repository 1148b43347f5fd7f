//! What the kiosk shows about its sync (and IT reads from the logs).

use kiosk_domain::ClockProblem;
use kiosk_store::{Store, StoreError};
use serde::Serialize;
use time::OffsetDateTime;

/// `sync_state` names the worker keeps.
pub(crate) const LAST_SUCCESS: &str = "last_success";
/// The fingerprint of the credential the central system revoked: a new enrollment (a new
/// certificate) is not revoked.
pub(crate) const REVOKED_CREDENTIAL: &str = "revoked_credential";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    /// The last cycle reached the central system and completed.
    pub online: bool,
    /// When a cycle last completed (RFC 3339, UTC), across restarts.
    pub last_success: Option<String>,
    /// Events waiting for delivery.
    pub outbox_depth: u64,
    /// When the oldest waiting event was written (RFC 3339, UTC).
    pub oldest_pending: Option<String>,
    /// The central system revoked this kiosk's credential: sync has stopped until IT enrolls
    /// it again.
    pub revoked: bool,
    /// The kiosk's certificate expires soon (`SyncConfig::warn_before`) although it is renewed
    /// well before: renewing keeps failing and IT must look before the kiosk is locked out.
    pub credential_expiring: bool,
    /// Why the kiosk's clock is not trusted, if it is not: letters and certificates wait
    /// until it is right again.
    pub clock_problem: Option<ClockProblem>,
}

/// The status as the store has it after a cycle that did (`online`) or did not complete.
pub fn read_status(
    store: &Store,
    online: bool,
    credential_fingerprint: &str,
) -> Result<SyncStatus, StoreError> {
    let revoked = is_revoked(store, credential_fingerprint)?;
    Ok(SyncStatus {
        online: online && !revoked,
        last_success: store.sync_value(LAST_SUCCESS)?,
        outbox_depth: store.outbox_depth()?,
        oldest_pending: store.oldest_pending()?,
        revoked,
        credential_expiring: false,
        clock_problem: store.clock()?.judge(OffsetDateTime::now_utc()).err(),
    })
}

pub(crate) fn is_revoked(store: &Store, credential_fingerprint: &str) -> Result<bool, StoreError> {
    Ok(store.sync_value(REVOKED_CREDENTIAL)?.as_deref() == Some(credential_fingerprint))
}

#[cfg(test)]
mod tests {
    use kiosk_store::{NewOutboxEvent, StoreKey};

    use super::*;

    #[test]
    fn status_reflects_the_queue_the_last_success_and_revocation() {
        let dir = tempfile::tempdir().expect("tempdir");
        let key = dir.path().join("k");
        StoreKey::create_file(&key).expect("key");
        let mut store = Store::open(
            &Store::file_in(dir.path()),
            &StoreKey::from_file(&key).expect("key"),
        )
        .expect("store");

        assert_eq!(
            read_status(&store, false, "fp").expect("status"),
            SyncStatus {
                clock_problem: Some(ClockProblem::NotSynchronized),
                ..SyncStatus::default()
            }
        );

        for n in 0..3 {
            let event = NewOutboxEvent::new("test", &n).expect("json");
            store
                .transaction(|tx| tx.enqueue(&event).map(drop))
                .expect("write");
        }
        store
            .set_sync_value(LAST_SUCCESS, "2026-11-29T08:15:00.000Z")
            .expect("write");
        let status = read_status(&store, true, "fp").expect("status");
        assert!(status.online && !status.revoked);
        assert_eq!(status.outbox_depth, 3);
        assert_eq!(
            status.oldest_pending,
            Some(
                store.pending_events(1).expect("pending")[0]
                    .created_at
                    .clone()
            )
        );
        assert_eq!(
            status.last_success.as_deref(),
            Some("2026-11-29T08:15:00.000Z")
        );

        store
            .set_sync_value(REVOKED_CREDENTIAL, "fp")
            .expect("write");
        let status = read_status(&store, true, "fp").expect("status");
        assert!(status.revoked && !status.online, "revoked is never online");
        // A new credential (new enrollment) is not revoked.
        assert!(!read_status(&store, true, "new").expect("status").revoked);
    }
}
