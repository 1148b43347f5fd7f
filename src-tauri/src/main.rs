// No console window on Windows release builds; the kiosk runs on Linux but this keeps the
// binary well-behaved for developers elsewhere.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    kiosk_app::run()
}
