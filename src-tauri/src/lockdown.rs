//! The kiosk window: fullscreen, undecorated, not closable, navigation locked to the app's
//! own origin, webview storage in a folder of its own that is wiped at start and cleared at
//! the end of every session.

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Url, WebviewUrl, WebviewWindowBuilder, WindowEvent};

pub(crate) const MAIN_WINDOW: &str = "main";

/// Runs in every page before the app's scripts: no context menu, no drag and drop of files
/// or links, no text selection outside inputs.
const LOCKDOWN_SCRIPT: &str = r#"
  window.addEventListener('contextmenu', (e) => e.preventDefault(), { capture: true });
  window.addEventListener('dragstart', (e) => e.preventDefault(), { capture: true });
  window.addEventListener('drop', (e) => e.preventDefault(), { capture: true });
  window.addEventListener('dragover', (e) => e.preventDefault(), { capture: true });
"#;

/// The app's own origin: `tauri://localhost` on Linux and macOS; `http(s)://tauri.localhost`
/// only on Windows, where it is the app's (on Linux it would be a real host name).
pub(crate) fn is_app_origin(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => cfg!(windows) && url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

pub(crate) fn open_main_window(app: &AppHandle, webview_dir: PathBuf) -> tauri::Result<()> {
    let window = WebviewWindowBuilder::new(app, MAIN_WINDOW, WebviewUrl::App("index.html".into()))
        .title("Kiosk")
        .fullscreen(true)
        .decorations(false)
        .resizable(false)
        .closable(false)
        .minimizable(false)
        .maximizable(false)
        .focused(true)
        // Not `incognito`: WebKitGTK's ephemeral mode makes a context of its own that cannot
        // be automated, so the end-to-end tests could not drive the configuration that runs.
        .data_directory(webview_dir)
        .devtools(cfg!(debug_assertions))
        .initialization_script(LOCKDOWN_SCRIPT)
        .on_navigation(|url| {
            let allowed = is_app_origin(url);
            if !allowed {
                tracing::warn!(scheme = url.scheme(), "navigation outside the app blocked");
            }
            allowed
        })
        // A kiosk has one window: `window.open`, `target=_blank` and the like open nothing.
        .on_new_window(|url, _| {
            tracing::warn!(
                scheme = url.scheme(),
                "a new window was asked for and refused"
            );
            tauri::webview::NewWindowResponse::Deny
        })
        .build()?;
    // Without a window manager (a bare X server) fullscreen is only a hint: cover the monitor
    // explicitly. Under cage or another compositor this changes nothing.
    if let Ok(Some(monitor)) = window.current_monitor().or_else(|_| app.primary_monitor()) {
        let _ = window.set_position(*monitor.position());
        let _ = window.set_size(*monitor.size());
    }
    // A window manager or a stray shortcut must not close the kiosk; systemd stops it.
    let handle = window.clone();
    window.on_window_event(move |event| {
        if let WindowEvent::CloseRequested { api, .. } = event {
            api.prevent_close();
            let _ = handle.set_focus();
        }
    });
    debug_assert!(app.get_webview_window(MAIN_WINDOW).is_some());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("valid url")
    }

    #[test]
    fn only_the_app_origin_may_be_navigated_to() {
        assert!(is_app_origin(&url("tauri://localhost/index.html")));
        assert_eq!(
            is_app_origin(&url("http://tauri.localhost/?ended=member")),
            cfg!(windows),
            "the Windows origin is a host name elsewhere"
        );
        for outside in [
            "https://example.org/",
            "http://localhost:1420/",
            "file:///etc/passwd",
            "tauri://evil.example/",
            "http://tauri.localhost.evil.example/",
            "data:text/html,hi",
        ] {
            assert!(!is_app_origin(&url(outside)), "{outside} must be blocked");
        }
    }
}
