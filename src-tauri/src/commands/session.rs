//! The session's commands: language, identification, activity, the end, the camera preview.

use std::time::Instant;

use kiosk_core::CoreError;
use tauri::{AppHandle, Emitter, State};

use crate::{
    ipc::{
        self, CameraPreview, IdentificationMethod, KioskInfo, Language, LetterRefusedView,
        SessionView,
    },
    scan::ScanState,
    session_end::SessionEnd,
    state::{CommandResult, KioskState},
    sync::SyncState,
};

#[tauri::command]
pub(super) fn kiosk_info(state: State<'_, KioskState>) -> KioskInfo {
    state.info.clone()
}

#[tauri::command]
pub(super) fn session_view(state: State<'_, KioskState>) -> SessionView {
    state.lock().snapshot(Instant::now()).into()
}

#[tauri::command]
pub(super) fn set_language(
    language: Language,
    state: State<'_, KioskState>,
) -> CommandResult<SessionView> {
    state
        .with(|kiosk, now| kiosk.set_language(language.into(), now))
        .map(Into::into)
}

/// Records `session.started`: the sync worker is woken to send it.
#[tauri::command]
pub(super) fn start_identification(
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
pub(super) fn submit_birth_date(
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
pub(super) fn report_activity(state: State<'_, KioskState>) -> SessionView {
    state.lock().note_activity(Instant::now()).into()
}

#[tauri::command]
pub(super) fn extend_session(state: State<'_, KioskState>) -> CommandResult<SessionView> {
    state.with(|kiosk, now| kiosk.extend(now)).map(Into::into)
}

#[tauri::command]
pub(super) fn end_session(
    state: State<'_, KioskState>,
    end: State<'_, SessionEnd>,
) -> CommandResult<()> {
    let ended = state.with(|kiosk, now| kiosk.end_session(now))?;
    end.after(&ended);
    Ok(())
}

/// The newest camera frame while a letter is being scanned (the UI polls it for the live
/// preview); null otherwise.
#[tauri::command]
pub(super) fn camera_preview(scan: State<'_, ScanState>) -> Option<CameraPreview> {
    scan.preview()
}
