//! What follows the end of a session in the shell: the member data in Rust is already wiped
//! (kiosk-core); now the camera stops, waiting prints are canceled, and the webview is wiped:
//! its storage cleared and the window navigated by Rust to a clean page (`/?ended=<reason>`,
//! which the UI reads to show its notice). Rust navigates itself rather than trusting the page
//! to reload, so that a page that hangs or misbehaves cannot keep a member's data on screen.

use kiosk_domain::EndedSession;
use tauri::{AppHandle, Emitter, Manager, Url};

use crate::{
    ipc::{self, EndReason, SessionEnded},
    lockdown::MAIN_WINDOW,
    print::Desk,
    scan::ScanState,
    sync::SyncState,
};

/// What a session end reaches: the camera, the print desk, the sync worker and the window.
/// Made once the desk exists; the ticker and the end command each hold one.
#[derive(Clone)]
pub(crate) struct SessionEnd {
    pub app: AppHandle,
    pub scan: ScanState,
    pub desk: Desk,
    pub sync: SyncState,
}

impl SessionEnd {
    /// After the session `ended`: stop what served it, wipe the webview, send `session.ended`.
    pub(crate) fn after(&self, ended: &EndedSession) {
        self.scan.stop();
        self.desk.member_left();
        let reason = EndReason::from(ended.reason);
        // The page blanks itself at once; the navigation below replaces it.
        if let Err(error) = self.app.emit(ipc::SESSION_ENDED, SessionEnded { reason }) {
            tracing::error!(session = %ended.id, %error, "telling the UI about the end failed");
        }
        wipe_window(&self.app, ended, reason);
        self.sync.wake();
    }
}

/// Clears the webview's storage and navigates it to a clean page.
fn wipe_window(app: &AppHandle, ended: &EndedSession, reason: EndReason) {
    match app.get_webview_window(MAIN_WINDOW) {
        Some(window) => {
            if let Err(error) = window.clear_all_browsing_data() {
                tracing::error!(session = %ended.id, %error, "clearing webview storage failed");
            }
            let page = window.url().map(|current| ended_page(&current, reason));
            if let Err(error) = page.and_then(|page| window.navigate(page)) {
                tracing::error!(session = %ended.id, %error, "navigating to a clean page failed");
            }
        }
        None => tracing::error!(session = %ended.id, "no main window to wipe"),
    }
}

/// The app's start page on its own origin, with the end's reason for the notice.
fn ended_page(current: &Url, reason: EndReason) -> Url {
    let mut page = current.clone();
    page.set_path("/");
    page.set_query(Some(&format!("ended={}", reason.wire_name())));
    page.set_fragment(None);
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clean_page_is_the_start_page_of_the_same_origin_with_the_reason() {
        let current: Url = "tauri://localhost/some/where?x=1#frag"
            .parse()
            .expect("url");
        assert_eq!(
            ended_page(&current, EndReason::IdleTimeout).as_str(),
            "tauri://localhost/?ended=idleTimeout"
        );
        let dev: Url = "http://localhost:1420/".parse().expect("url");
        assert_eq!(
            ended_page(&dev, EndReason::Member).as_str(),
            "http://localhost:1420/?ended=member"
        );
    }

    #[test]
    fn the_reason_in_the_url_is_the_one_the_ui_knows() {
        for reason in [
            EndReason::Member,
            EndReason::IdleTimeout,
            EndReason::MaxLength,
        ] {
            assert_eq!(
                serde_json::to_value(reason).expect("json"),
                serde_json::Value::from(reason.wire_name())
            );
        }
    }
}
