//! The staff's printer indicator's command.

use tauri::{AppHandle, Manager};

use crate::{ipc::PrinterStatusView, print::Desk};

/// The printer as staff see it in the footer (asked now). Tauri lets an async command borrow
/// its state only when it answers with a `Result`; this one cannot fail, so it takes the
/// (cheaply cloned) desk from the app.
#[tauri::command]
pub(super) async fn printer_status(app: AppHandle) -> PrinterStatusView {
    let desk = app.state::<Desk>().inner().clone();
    desk.check_for_staff().await.into()
}
