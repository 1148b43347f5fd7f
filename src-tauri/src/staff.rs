//! Staff assist beside the app: kiosk-core's staff desk, with the central system reached
//! through the sync worker's client (the same `Central` as SmartIdent's). The panel's view of
//! the kiosk's health is gathered here from the parts the shell runs.

use std::sync::Arc;

use kiosk_core::{CentralProblem, SharedKiosk, StaffCentral, StaffDesk};
use kiosk_protocol::{MemberLookupRequest, MemberSnapshot};
use kiosk_sync::SyncHandle;

use crate::smartident::{Central, problem};

/// The app's staff desk; clones share it.
pub(crate) type Staff = Arc<StaffDesk<Central>>;

pub(crate) fn desk(kiosk: SharedKiosk, sync: Option<SyncHandle>) -> Staff {
    Arc::new(StaffDesk::new(kiosk, Central::new(sync)))
}

impl StaffCentral for Central {
    async fn member_lookup(
        &self,
        request: &MemberLookupRequest,
    ) -> Result<Vec<MemberSnapshot>, CentralProblem> {
        let client = self.client()?;
        client
            .staff_member_lookup(request)
            .await
            .map(|answer| answer.members)
            .map_err(problem)
    }
}

/// Free space on the file system of `dir`, in MiB.
pub(crate) fn free_mib(dir: &std::path::Path) -> Option<u64> {
    let stat = rustix::fs::statvfs(dir).ok()?;
    Some(stat.f_bavail.saturating_mul(stat.f_frsize) / (1024 * 1024))
}
