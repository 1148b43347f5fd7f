//! Drives the session clock: the domain decides, this only asks it four times a second and
//! passes the answer on to the UI.

use std::{
    thread,
    time::{Duration, Instant},
};

use kiosk_core::{SharedKiosk, TickOutcome};
use tauri::Emitter;

use crate::{
    ipc::{self, SessionView},
    session_end::SessionEnd,
};

const PERIOD: Duration = Duration::from_millis(250);

pub(crate) fn spawn(kiosk: SharedKiosk, end: SessionEnd) {
    let spawned = thread::Builder::new()
        .name("session-ticker".into())
        .spawn(move || {
            loop {
                thread::sleep(PERIOD);
                let (outcome, staff_ended) = {
                    let mut kiosk = kiosk.lock();
                    let now = Instant::now();
                    (kiosk.tick(now), kiosk.staff_tick(now))
                };
                if staff_ended.is_some() {
                    // The screens learn it from the notice, which names no one (staff: none now).
                    let notice = ipc::KioskNoticeView::of(&kiosk.lock(), Instant::now());
                    if let Ok(notice) = notice {
                        let _ = end.app.emit(ipc::KIOSK_NOTICE_CHANGED, notice);
                    }
                }
                match outcome {
                    TickOutcome::Unchanged => {}
                    TickOutcome::Changed(snapshot) => {
                        let view = SessionView::from(snapshot);
                        if let Err(error) = end.app.emit(ipc::SESSION_CHANGED, view) {
                            tracing::warn!(%error, "sending the session state to the UI failed");
                        }
                    }
                    TickOutcome::Ended(ended) => end.after(&ended),
                }
            }
        });
    if let Err(error) = spawned {
        // Without the ticker no session would ever time out: refuse to run like that.
        tracing::error!(%error, "cannot start the session ticker");
        std::process::exit(2);
    }
}
