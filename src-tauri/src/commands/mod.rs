//! The Tauri commands, one file per area: convert the IPC types, call kiosk-core (or a
//! service of the shell), convert back. The list here is what the page may call; the
//! bindings (`ipc/bindings.rs`), `build.rs` and the capability name the same commands.

mod documents;
mod print;
mod session;
mod sync;

pub(crate) fn handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        session::kiosk_info,
        session::session_view,
        session::set_language,
        session::start_identification,
        session::report_activity,
        session::extend_session,
        session::end_session,
        session::submit_birth_date,
        session::camera_preview,
        sync::sync_status,
        documents::documents_view,
        documents::prepare_document,
        documents::discard_document,
        documents::print_document,
        documents::print_view,
        print::printer_status,
    ]
}
