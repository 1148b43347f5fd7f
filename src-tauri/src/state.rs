//! The kiosk as the shell holds it: kiosk-core's `Kiosk` behind one lock, with what the
//! configuration fixed at start. Commands and services reach it as Tauri state.

use std::{sync::MutexGuard, time::Instant};

use kiosk_core::{CoreError, Kiosk, SharedKiosk};

use crate::ipc::{IpcError, KioskInfo};

/// Every command answers with this.
pub(crate) type CommandResult<T> = Result<T, IpcError>;

pub(crate) struct KioskState {
    pub kiosk: SharedKiosk,
    pub info: KioskInfo,
    /// Member data older than this is not used (`sync.snapshot_max_age_hours`).
    pub snapshot_max_age: std::time::Duration,
    /// For the staff panel.
    pub config_file: std::path::PathBuf,
    pub data_dir: std::path::PathBuf,
    pub printer_uri: String,
}

impl KioskState {
    /// The kiosk, locked (see [`SharedKiosk::lock`]).
    pub(crate) fn lock(&self) -> MutexGuard<'_, Kiosk> {
        self.kiosk.lock()
    }

    pub(crate) fn with<T>(
        &self,
        work: impl FnOnce(&mut Kiosk, Instant) -> Result<T, CoreError>,
    ) -> Result<T, IpcError> {
        work(&mut self.lock(), Instant::now()).map_err(IpcError::from)
    }
}
