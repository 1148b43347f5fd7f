//! The staff's printer indicator's command.

use tauri::AppHandle;

use crate::ipc::PrinterStatusView;

/// The printer as staff see it in the footer (asked now).
#[tauri::command]
pub(super) async fn printer_status(app: AppHandle) -> PrinterStatusView {
    crate::print::refresh_staff_view(&app).await
}
