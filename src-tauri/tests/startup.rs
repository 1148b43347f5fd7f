//! The kiosk binary refuses to start on bad configuration or a bad store, with a message that
//! names the problem, exit code 2 and no panic. None of these cases gets as far as a window.

use std::{
    fs,
    os::unix::fs::PermissionsExt,
    path::{Path, PathBuf},
    process::Command,
};

fn example() -> String {
    let path = Path::new(
        std::env::var("CARGO_MANIFEST_DIR")
            .as_deref()
            .unwrap_or(env!("CARGO_MANIFEST_DIR")),
    )
    .join("../kiosk-config/kiosk.example.toml");
    fs::read_to_string(path).expect("example config")
}

/// A config in `dir` whose data folder and key file are inside `dir`.
fn config_in(dir: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let text = example()
        .replace("data_dir = \"/var/lib/kiosk\"", "data_dir = \"data\"")
        .replace(
            "key_file = \"/etc/kiosk/store.key\"",
            "key_file = \"store.key\"",
        );
    let path = dir.join("kiosk.toml");
    fs::write(&path, edit(text)).expect("write config");
    path
}

fn write_key(dir: &Path, hex: &str) {
    let path = dir.join("store.key");
    fs::write(&path, hex).expect("write key");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
}

/// Starts the kiosk with a display that does not exist: everything before the window runs.
fn start(config: &Path) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .arg("--config")
        .arg(config)
        .env("DISPLAY", ":4242")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("kiosk runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "no panic: {stderr}");
    (output.status.code().unwrap_or(-1), stderr)
}

#[test]
fn an_invalid_config_names_the_file_and_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = config_in(dir.path(), |t| {
        t.replace("idle_seconds = 120", "idle_seconds = -5")
    });
    let (code, stderr) = start(&config);
    assert_eq!(code, 2, "{stderr}");
    let expected = format!(
        "{}: session.idle_seconds = -5: expected a whole number of seconds from 15 to 600",
        config.display()
    );
    assert!(stderr.contains(&expected), "{stderr}");
}

#[test]
fn without_a_display_it_says_so_instead_of_panicking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = config_in(dir.path(), |t| t);
    let output = Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .arg("--config")
        .arg(&config)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("kiosk runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no display"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_missing_config_file_says_which() {
    let (code, stderr) = start(Path::new("/nonexistent/kiosk.toml"));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("/nonexistent/kiosk.toml: cannot read"),
        "{stderr}"
    );
}

#[test]
fn a_missing_or_open_key_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = config_in(dir.path(), |t| t);
    let (code, stderr) = start(&config);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("store.key: cannot read the store key"),
        "{stderr}"
    );

    write_key(dir.path(), &"11".repeat(32));
    fs::set_permissions(
        dir.path().join("store.key"),
        fs::Permissions::from_mode(0o644),
    )
    .expect("chmod");
    let (code, stderr) = start(&config);
    assert_eq!(code, 2);
    assert!(stderr.contains("chmod 600"), "{stderr}");
}

#[test]
fn a_store_made_with_another_key_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = config_in(dir.path(), |t| t);
    // A store written with one key...
    write_key(dir.path(), &"22".repeat(32));
    let data = dir.path().join("data");
    let key = kiosk_store::StoreKey::from_file(&dir.path().join("store.key")).expect("key");
    drop(kiosk_store::Store::open(&kiosk_store::Store::file_in(&data), &key).expect("store"));
    let before = fs::read(data.join("kiosk.db")).expect("store");

    // ...and then the key is replaced.
    write_key(dir.path(), &"33".repeat(32));
    let (code, stderr) = start(&config);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("cannot be opened with the configured key"),
        "{stderr}"
    );
    assert_eq!(
        fs::read(data.join("kiosk.db")).expect("store"),
        before,
        "the store is untouched"
    );
}
