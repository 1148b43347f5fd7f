//! The Tauri commands, one file per area: convert the IPC types, call kiosk-core (or a
//! service of the shell), convert back. The list here is what the page may call; the
//! bindings (`ipc/bindings.rs`), `build.rs` and the capability name the same commands.

mod documents;
mod print;
mod session;
mod smartident;
mod staff;
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
        smartident::smartident_show_registration,
        smartident::smartident_registration_progress,
        smartident::smartident_enter_code,
        smartident::smartident_devices,
        smartident::smartident_remove_device,
        smartident::smartident_remove_all_devices,
        smartident::smartident_ask_login_approval,
        smartident::smartident_ask_device_approval,
        smartident::smartident_approval_progress,
        smartident::smartident_leave,
        smartident::request_letter_by_post,
        staff::kiosk_notice,
        staff::staff_sign_in,
        staff::staff_sign_out,
        staff::staff_activity,
        staff::staff_lookup,
        staff::staff_confirm_id_check,
        staff::staff_unlock_letters,
        staff::call_staff,
        staff::staff_answer_call,
        staff::staff_set_out_of_service,
        staff::staff_end_member_session,
        staff::staff_resolve_print,
        staff::staff_sync_now,
        staff::staff_panel,
    ]
}
