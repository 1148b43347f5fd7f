//! The Tauri commands: convert, call `kiosk-core`, convert back.

use std::{
    sync::{Mutex, MutexGuard},
    time::Instant,
};

use kiosk_core::{CoreError, Kiosk};
use tauri::{AppHandle, Emitter, State};

use crate::{
    ipc::{
        self, CameraPreview, IdentificationMethod, IpcError, KioskInfo, Language,
        LetterRefusedView, SessionView, SyncStatusView,
    },
    scan::ScanState,
    sync::SyncState,
};

pub(crate) struct KioskState {
    pub kiosk: Mutex<Kiosk>,
    pub info: KioskInfo,
    /// Member data older than this is not used (`sync.snapshot_max_age_hours`).
    pub snapshot_max_age: std::time::Duration,
}

impl KioskState {
    /// A panic elsewhere must not lock the kiosk up: the session machine stays consistent
    /// between calls, so a poisoned lock is taken over.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Kiosk> {
        self.kiosk
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn with<T>(
        &self,
        work: impl FnOnce(&mut Kiosk, Instant) -> Result<T, CoreError>,
    ) -> Result<T, IpcError> {
        work(&mut self.lock(), Instant::now()).map_err(IpcError::from)
    }
}

type CommandResult<T> = Result<T, IpcError>;

pub(crate) fn handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        kiosk_info,
        session_view,
        set_language,
        start_identification,
        report_activity,
        extend_session,
        end_session,
        submit_birth_date,
        camera_preview,
        sync_status,
        crate::documents::documents_view,
        crate::documents::prepare_document,
        crate::documents::discard_document,
        crate::documents::print_document,
        crate::documents::print_view,
        crate::print::printer_status,
    ]
}

#[tauri::command]
fn kiosk_info(state: State<'_, KioskState>) -> KioskInfo {
    state.info.clone()
}

#[tauri::command]
fn session_view(state: State<'_, KioskState>) -> SessionView {
    state.lock().snapshot(Instant::now()).into()
}

#[tauri::command]
fn set_language(language: Language, state: State<'_, KioskState>) -> CommandResult<SessionView> {
    state
        .with(|kiosk, now| kiosk.set_language(language.into(), now))
        .map(Into::into)
}

/// Records `session.started`: the sync worker is woken to send it.
#[tauri::command]
fn start_identification(
    method: IdentificationMethod,
    app: AppHandle,
    state: State<'_, KioskState>,
    sync: State<'_, SyncState>,
    scan: State<'_, ScanState>,
) -> CommandResult<SessionView> {
    let view = state.with(|kiosk, now| kiosk.start_identification(method.into(), now))?;
    sync.wake();
    if method == IdentificationMethod::Letter {
        scan.start(&app);
    }
    Ok(view.into())
}

/// The date of birth for the letter read; a refusal is also sent as `letter-refused`, with
/// the attempts left.
#[tauri::command]
fn submit_birth_date(
    digits: String,
    app: AppHandle,
    state: State<'_, KioskState>,
    sync: State<'_, SyncState>,
    scan: State<'_, ScanState>,
) -> CommandResult<SessionView> {
    let result =
        state
            .lock()
            .birth_date_entered(&digits, time::OffsetDateTime::now_utc(), Instant::now());
    sync.wake();
    match result {
        Ok(snapshot) => Ok(snapshot.into()),
        Err(CoreError::Letter(why)) => {
            let _ = app.emit(ipc::LETTER_REFUSED, LetterRefusedView::from(why));
            let snapshot = state.lock().snapshot(Instant::now());
            let awaiting = matches!(
                snapshot.phase,
                kiosk_domain::SessionPhase::Identifying {
                    awaiting_birth_date: true,
                    ..
                }
            );
            if !awaiting {
                // The letter is gone from the session (locked, revoked or used meanwhile, or its
                // offline try used): back to the camera for another one.
                let _ = app.emit(ipc::SESSION_CHANGED, SessionView::from(snapshot));
                scan.start(&app);
            }
            Err(CoreError::Letter(why).into())
        }
        Err(error) => Err(error.into()),
    }
}

#[tauri::command]
fn report_activity(state: State<'_, KioskState>) -> SessionView {
    state.lock().note_activity(Instant::now()).into()
}

#[tauri::command]
fn extend_session(state: State<'_, KioskState>) -> CommandResult<SessionView> {
    state.with(|kiosk, now| kiosk.extend(now)).map(Into::into)
}

#[tauri::command]
fn end_session(app: AppHandle, state: State<'_, KioskState>) -> CommandResult<()> {
    let ended = state.with(|kiosk, now| kiosk.end_session(now))?;
    crate::session_end::after_session_end(&app, &ended);
    Ok(())
}

/// The newest camera frame while a letter is being scanned (the UI polls it for the live
/// preview); null otherwise.
#[tauri::command]
fn camera_preview(scan: State<'_, ScanState>) -> Option<CameraPreview> {
    scan.preview()
}

/// The sync worker's status, or, when no worker runs, the queue as the store has it.
#[tauri::command]
fn sync_status(
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
