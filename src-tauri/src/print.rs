//! Printing beside the app: kiosk-core's print desk holds the rules and kiosk-print talks to
//! CUPS; the shell only creates the desk, forwards its events to the UI (`print-changed`,
//! `printer-changed`) and to the sync worker, and keeps the staff's printer indicator current.

use std::{sync::Arc, time::Duration};

use kiosk_core::{
    BranchPrinter, PrintDesk, PrintEvents, PrintStatus, PrinterForStaff, SharedKiosk,
};
use kiosk_print::Printer;
use kiosk_sync::SyncHandle;
use tauri::{AppHandle, Emitter};

use crate::ipc::{self, PrintView, PrinterStatusView};

/// The app's print desk, on the branch's CUPS queue.
pub(crate) type Desk = PrintDesk<Printer>;

/// How often the staff's printer indicator asks the printer when nothing is printing.
const WATCH_EVERY: Duration = Duration::from_secs(15);

/// The desk on Tauri's runtime, telling this app what changed.
pub(crate) fn desk(
    printer: BranchPrinter<Printer>,
    kiosk: SharedKiosk,
    app: AppHandle,
    sync: Option<SyncHandle>,
) -> Desk {
    let events = Arc::new(UiEvents { app, sync });
    let runtime = tauri::async_runtime::handle().inner().clone();
    PrintDesk::new(printer, kiosk, events, runtime)
}

/// The desk's events, as the UI and the sync worker take them.
struct UiEvents {
    app: AppHandle,
    sync: Option<SyncHandle>,
}

impl PrintEvents for UiEvents {
    fn print_changed(&self, status: &PrintStatus) {
        if let Err(error) = self.app.emit(ipc::PRINT_CHANGED, PrintView::from(status)) {
            tracing::error!(%error, "telling the UI about a print failed");
        }
    }

    fn printer_changed(&self, printer: &PrinterForStaff) {
        let view = PrinterStatusView::from(*printer);
        if let Err(error) = self.app.emit(ipc::PRINTER_CHANGED, view) {
            tracing::error!(%error, "telling the UI about the printer failed");
        }
    }

    fn journal_changed(&self) {
        if let Some(sync) = &self.sync {
            sync.wake();
        }
    }
}

/// Keeps the staff's printer indicator current while the app runs.
pub(crate) fn watch(desk: Desk) {
    tauri::async_runtime::spawn(async move {
        loop {
            desk.check_for_staff().await;
            tokio::time::sleep(WATCH_EVERY).await;
        }
    });
}
