// The app's commands, shared with build.rs (which declares them so that capabilities govern
// them) and checked against the handler and the bindings by tests.
pub const COMMAND_NAMES: [&str; 16] = [
    "kiosk_info",
    "session_view",
    "set_language",
    "start_identification",
    "report_activity",
    "extend_session",
    "end_session",
    "submit_birth_date",
    "camera_preview",
    "sync_status",
    "documents_view",
    "prepare_document",
    "discard_document",
    "print_document",
    "print_view",
    "printer_status",
];
