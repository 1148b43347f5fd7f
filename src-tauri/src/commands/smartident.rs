//! The SmartIdent commands: the registration QR and its code, approvals on the member's
//! phone, "Meine Geräte", the letter by post. kiosk-core's desk does each step.

use tauri::{AppHandle, Emitter, State};

use crate::{
    ipc::{
        self, ApprovalProgressView, ApprovalView, CodeOutcomeView, DeviceView,
        RegistrationProgressView, RegistrationView,
    },
    smartident::SmartIdent,
    state::CommandResult,
    sync::SyncState,
};

#[tauri::command]
pub(super) async fn smartident_show_registration(
    desk: State<'_, SmartIdent>,
) -> CommandResult<RegistrationView> {
    Ok(desk.show_registration().await?.into())
}

#[tauri::command]
pub(super) async fn smartident_registration_progress(
    desk: State<'_, SmartIdent>,
) -> CommandResult<RegistrationProgressView> {
    Ok(desk.registration_progress().await?.into())
}

#[tauri::command]
pub(super) async fn smartident_enter_code(
    code: String,
    desk: State<'_, SmartIdent>,
) -> CommandResult<CodeOutcomeView> {
    Ok(desk.enter_code(&code).await?.into())
}

#[tauri::command]
pub(super) async fn smartident_devices(
    desk: State<'_, SmartIdent>,
) -> CommandResult<Vec<DeviceView>> {
    Ok(desk.devices().await?.into_iter().map(Into::into).collect())
}

#[tauri::command]
pub(super) async fn smartident_remove_device(
    device_id: String,
    desk: State<'_, SmartIdent>,
) -> CommandResult<()> {
    Ok(desk.remove_device(&device_id).await?)
}

#[tauri::command]
pub(super) async fn smartident_remove_all_devices(
    desk: State<'_, SmartIdent>,
) -> CommandResult<()> {
    Ok(desk.remove_all_devices().await?)
}

#[tauri::command]
pub(super) async fn smartident_ask_login_approval(
    desk: State<'_, SmartIdent>,
) -> CommandResult<ApprovalView> {
    Ok(desk.ask_login_approval().await?.into())
}

#[tauri::command]
pub(super) async fn smartident_ask_device_approval(
    desk: State<'_, SmartIdent>,
) -> CommandResult<ApprovalView> {
    Ok(desk.ask_device_approval().await?.into())
}

/// An approved login identifies the session: recorded, so the sync worker is woken, and the
/// UI told as for a date of birth.
#[tauri::command]
pub(super) async fn smartident_approval_progress(
    app: AppHandle,
    desk: State<'_, SmartIdent>,
    sync: State<'_, SyncState>,
) -> CommandResult<ApprovalProgressView> {
    let progress: ApprovalProgressView = desk.approval_progress().await?.into();
    if let ApprovalProgressView::Identified { session } = &progress {
        sync.wake();
        let _ = app.emit(ipc::SESSION_CHANGED, *session);
    }
    Ok(progress)
}

/// The member left a SmartIdent screen.
#[tauri::command]
pub(super) fn smartident_leave(desk: State<'_, SmartIdent>) {
    desk.leave();
}

/// "Aktivierungsbrief per Post anfordern" (`birthDate` as typed: TTMMJJJJ).
#[tauri::command]
pub(super) async fn request_letter_by_post(
    kvnr: String,
    birth_date: String,
    desk: State<'_, SmartIdent>,
) -> CommandResult<()> {
    Ok(desk.request_letter(&kvnr, &birth_date).await?)
}
