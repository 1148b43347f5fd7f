//! `kioskctl print status` against the throwaway cupsd of scripts/with-cups: the printer's
//! state and who the kiosk prints as. A user the print server's host does not know is not
//! ready: Debian 12's cupsd crashes on a Cancel-Job from such a user.

use std::{fs, path::Path, process::Command};

fn example() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../kiosk-config/kiosk.example.toml");
    fs::read_to_string(path).expect("example config")
}

/// The throwaway queue's URI, or `None` (after saying so) outside scripts/with-cups.
fn queue_uri(test: &str) -> Option<String> {
    match std::env::var("KIOSK_TEST_PRINTER_URI") {
        Ok(uri) => Some(uri),
        Err(_) if std::env::var("KIOSK_REQUIRE_CUPS").as_deref() == Ok("1") => {
            panic!(
                "{test}: KIOSK_REQUIRE_CUPS=1 but KIOSK_TEST_PRINTER_URI is unset: run under scripts/with-cups"
            )
        }
        Err(_) => {
            eprintln!("{test}: skipped: no CUPS queue (run under scripts/with-cups)");
            None
        }
    }
}

fn print_status(dir: &Path, uri: &str, user: Option<&str>) -> (bool, String) {
    let mut text = example().replace("ipp://localhost:631/printers/Kiosk", uri);
    if let Some(user) = user {
        text = text.replace("# user = \"kiosk\"", &format!("user = {user:?}"));
    }
    let config = dir.join("kiosk.toml");
    fs::write(&config, text).expect("write config");
    let output = Command::new(env!("CARGO_BIN_EXE_kioskctl"))
        .args(["print", "status", "--config"])
        .arg(&config)
        .output()
        .expect("kioskctl runs");
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), out)
}

#[test]
fn print_status_names_the_user_and_refuses_one_this_print_server_does_not_know() {
    let Some(uri) = queue_uri("print_status_names_the_user") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let (ok, out) = print_status(dir.path(), &uri, None);
    assert!(ok, "{out}");
    assert!(out.contains("ready to print"), "{out}");
    assert!(
        out.contains("(the OS user the kiosk runs as)"),
        "the default user is named: {out}"
    );

    let (ok, out) = print_status(dir.path(), &uri, Some("kiosk-nobody-here-7x"));
    assert!(!ok, "{out}");
    assert!(
        out.contains(
            "prints as kiosk-nobody-here-7x (printer.user), but this machine has no such user"
        ),
        "{out}"
    );
    assert!(
        out.contains("adduser --system kiosk-nobody-here-7x"),
        "{out}"
    );
}
