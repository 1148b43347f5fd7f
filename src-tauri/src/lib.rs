//! The kiosk app: the window and its lockdown, and thin Tauri commands that convert IPC types,
//! call `kiosk-core` and convert back. No business rules live here.

mod commands;
// build.rs's reader of the commands, included here for its tests.
#[cfg(test)]
#[path = "../build/commands.rs"]
mod command_source;
pub mod ipc;
mod lockdown;
mod print;
mod scan;
mod session_end;
mod smartident;
mod staff;
mod startup;
mod state;
mod sync;
mod ticker;

use std::process::ExitCode;

use tauri::Manager;

/// Runs the kiosk until the process is stopped. Start-up problems (configuration, store key,
/// a second instance) are reported on stderr with what to do, and the exit code is 2.
pub fn run() -> ExitCode {
    startup::init_logging();
    let prepared = match startup::prepare(std::env::args_os().skip(1)) {
        Ok(prepared) => prepared,
        Err(error) => {
            tracing::error!(%error, "kiosk cannot start");
            eprintln!("kiosk: {error}");
            return ExitCode::from(2);
        }
    };
    let sync = prepared.sync.clone();
    let app = match build(prepared).build(tauri::generate_context!()) {
        Ok(app) => app,
        Err(error) => {
            tracing::error!(%error, "kiosk stopped");
            eprintln!("kiosk: {error}");
            return ExitCode::FAILURE;
        }
    };
    app.run(move |_, event| {
        if let tauri::RunEvent::Exit = event {
            sync.stop();
        }
    });
    ExitCode::SUCCESS
}

fn build(prepared: startup::Prepared) -> tauri::Builder<tauri::Wry> {
    let kiosk = prepared.state.kiosk.clone();
    let sync = prepared.sync.clone();
    let scan = prepared.scan.clone();
    let printer = prepared.printer;
    tauri::Builder::default()
        .manage(prepared.state)
        .manage(prepared.sync)
        .manage(prepared.scan)
        // Held, and so locked, for as long as the app runs.
        .manage(startup::InstanceLock(prepared.instance_lock))
        .invoke_handler(commands::handler())
        .setup(move |app| {
            let handle = app.handle().clone();
            let desk = print::desk(
                printer,
                kiosk.clone(),
                handle.clone(),
                sync.handle().cloned(),
            );
            desk.resume();
            print::watch(desk.clone());
            let end = session_end::SessionEnd {
                app: handle.clone(),
                scan,
                desk: desk.clone(),
                sync: sync.clone(),
            };
            // Managed before the ticker and the window start: no command finds them missing.
            app.manage(desk);
            app.manage(smartident::desk(kiosk.clone(), sync.handle().cloned()));
            app.manage(staff::desk(kiosk.clone(), sync.handle().cloned()));
            app.manage(end.clone());
            ticker::spawn(kiosk, end);
            sync::forward_changes(&handle, &sync);
            lockdown::open_main_window(app.handle(), prepared.webview_dir.clone())?;
            Ok(())
        })
}
