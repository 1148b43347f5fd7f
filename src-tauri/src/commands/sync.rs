//! The connection indicator's command.

use kiosk_core::CoreError;
use tauri::State;

use crate::{
    ipc::{IpcError, SyncStatusView},
    state::{CommandResult, KioskState},
    sync::SyncState,
};

/// The sync worker's status, or, when no worker runs, the queue as the store has it.
#[tauri::command]
pub(super) fn sync_status(
    state: State<'_, KioskState>,
    sync: State<'_, SyncState>,
) -> CommandResult<SyncStatusView> {
    if let Some(handle) = sync.handle() {
        return Ok(SyncStatusView::enrolled(handle.status()));
    }
    // No credential: no fingerprint that could be revoked.
    let status = kiosk_sync::read_status(state.lock().store(), false, "")
        .map_err(|e| IpcError::from(CoreError::from(e)))?;
    Ok(SyncStatusView::not_enrolled(status))
}
