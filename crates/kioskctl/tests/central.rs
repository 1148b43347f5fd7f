//! `kioskctl central enroll|status` on the real binary: argument handling and the error texts
//! IT sees. No central system runs here: "unreachable" is a closed loopback port.

use std::{
    fs,
    net::TcpListener,
    path::{Path, PathBuf},
    process::Command,
};

fn example() -> String {
    let path = Path::new(
        std::env::var("CARGO_MANIFEST_DIR")
            .as_deref()
            .unwrap_or(env!("CARGO_MANIFEST_DIR")),
    )
    .join("../../kiosk-config/kiosk.example.toml");
    fs::read_to_string(path).expect("example config")
}

/// A config in `dir` with data, key and CA inside `dir`, the central system at `url`.
fn config_in(dir: &Path, url: &str) -> PathBuf {
    let text = example()
        .replace("data_dir = \"/var/lib/kiosk\"", "data_dir = \"data\"")
        .replace(
            "key_file = \"/etc/kiosk/store.key\"",
            "key_file = \"store.key\"",
        )
        .replace("https://kiosk-central.example.de:8443", url)
        .replace("/etc/kiosk/central-ca.pem", "ca.pem");
    let path = dir.join("kiosk.toml");
    fs::write(&path, text).expect("write config");
    path
}

fn write_ca(dir: &Path) {
    let key = rcgen::KeyPair::generate().expect("key");
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let cert = params.self_signed(&key).expect("self-signed");
    fs::write(dir.join("ca.pem"), cert.pem()).expect("write ca");
}

/// A loopback URL nothing listens on.
fn closed_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    format!("https://127.0.0.1:{port}")
}

fn kioskctl(args: &[&str], config: &Path) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_kioskctl"))
        .args(args)
        .arg("--config")
        .arg(config)
        .output()
        .expect("kioskctl runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn fake_credential(dir: &Path) -> PathBuf {
    let credential = dir.join("data/credential");
    fs::create_dir_all(&credential).expect("mkdir");
    fs::write(credential.join("kiosk.key"), "old key").expect("write");
    fs::write(credential.join("kiosk.crt"), "old cert").expect("write");
    credential
}

#[test]
fn an_unreachable_central_system_is_named_with_its_url() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_ca(dir.path());
    let url = closed_url();
    let config = config_in(dir.path(), &url);
    let (ok, _, stderr) = kioskctl(&["central", "enroll", "--code", "C-1"], &config);
    assert!(!ok);
    assert!(
        stderr.contains(&format!("cannot reach the central system at {url}")),
        "{stderr}"
    );
    assert!(
        !dir.path().join("data/credential").exists(),
        "nothing written"
    );
}

#[test]
fn an_existing_credential_is_kept_unless_replace() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_ca(dir.path());
    let config = config_in(dir.path(), &closed_url());
    let credential = fake_credential(dir.path());

    let (ok, _, stderr) = kioskctl(&["central", "enroll", "--code", "C-1"], &config);
    assert!(!ok);
    assert!(stderr.contains("already has a credential"), "{stderr}");
    assert!(stderr.contains("--replace"), "{stderr}");

    // With --replace a failed attempt leaves the old credential as it was, and no leftovers.
    let (ok, _, stderr) = kioskctl(
        &["central", "enroll", "--code", "C-1", "--replace"],
        &config,
    );
    assert!(!ok);
    assert!(
        stderr.contains("cannot reach the central system"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(credential.join("kiosk.key")).expect("key"),
        "old key"
    );
    assert!(!dir.path().join("data/credential.new").exists());
}

#[test]
fn a_missing_ca_file_or_an_empty_code_is_refused_before_any_request() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = config_in(dir.path(), &closed_url());
    let (ok, _, stderr) = kioskctl(&["central", "enroll", "--code", "C-1"], &config);
    assert!(!ok);
    assert!(stderr.contains("ca.pem"), "{stderr}");
    assert!(stderr.contains("[central] ca_file"), "{stderr}");

    let (ok, _, stderr) = kioskctl(&["central", "enroll", "--code", "  "], &config);
    assert!(!ok);
    assert!(stderr.contains("--code is empty"), "{stderr}");
}

#[test]
fn status_reads_the_store_without_the_network() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = config_in(dir.path(), &closed_url());
    let (ok, _, stderr) = kioskctl(&["central", "status"], &config);
    assert!(!ok);
    assert!(stderr.contains("there is no store yet"), "{stderr}");

    let key = dir.path().join("store.key");
    let made = Command::new(env!("CARGO_BIN_EXE_kioskctl"))
        .args(["store", "new-key"])
        .arg(&key)
        .output()
        .expect("kioskctl runs");
    assert!(made.status.success());
    // `store check` creates nothing either; the kiosk app makes the store.
    let checked = Command::new(env!("CARGO_BIN_EXE_kioskctl"))
        .args(["store", "check"])
        .arg(&config)
        .output()
        .expect("kioskctl runs");
    assert!(!checked.status.success());
    assert!(String::from_utf8_lossy(&checked.stderr).contains("there is no store yet"));
    let store_key = kiosk_store::StoreKey::from_file(&key).expect("key");
    kiosk_store::Store::open(
        &kiosk_store::Store::file_in(&dir.path().join("data")),
        &store_key,
    )
    .expect("the store is made");

    let (ok, stdout, stderr) = kioskctl(&["central", "status"], &config);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("(not contacted)"), "{stdout}");
    assert!(stdout.contains("credential: not enrolled"), "{stdout}");
    assert!(stdout.contains("outbox: empty"), "{stdout}");
    assert!(
        stdout.contains("last pull cursor: 0 (never pulled)"),
        "{stdout}"
    );
    assert!(stdout.contains("last successful sync: never"), "{stdout}");
    assert!(stdout.contains("clock: not trusted yet"), "{stdout}");
}
