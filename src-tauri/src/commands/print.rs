//! The staff's printer indicator's command.

use tauri::{AppHandle, Manager};

use crate::{ipc::PrinterStatusView, print::Desk};

/// The printer as staff see it in the footer (asked now).
#[tauri::command]
pub(super) async fn printer_status(app: AppHandle) -> PrinterStatusView {
    let desk = app.state::<Desk>().inner().clone();
    desk.check_for_staff().await.into()
}
