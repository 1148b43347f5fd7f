use std::{path::Path, time::Duration};

use kiosk_domain::Language;

use crate::{CameraSource, ConfigError, KeySource, SyncPolicy, parse};

const FILE: &str = "/etc/kiosk/kiosk.toml";

fn example() -> String {
    std::fs::read_to_string(
        Path::new(
            std::env::var("CARGO_MANIFEST_DIR")
                .as_deref()
                .unwrap_or(env!("CARGO_MANIFEST_DIR")),
        )
        .join("../../kiosk-config/kiosk.example.toml"),
    )
    .expect("the example config ships with the repository")
}

/// The example with `key = old` in `[section]` replaced by `line` (or removed when empty).
fn with(section: &str, key: &str, line: &str) -> String {
    let mut out = String::new();
    let mut current = String::new();
    for l in example().lines() {
        if l.starts_with('[') {
            current = l.trim_matches(['[', ']']).to_owned();
        }
        let is_target = current == section && l.split('=').next().map(str::trim) == Some(key);
        if is_target {
            if !line.is_empty() {
                out.push_str(line);
                out.push('\n');
            }
        } else {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

fn problems(text: &str) -> Vec<String> {
    match parse(text, Path::new(FILE)) {
        Ok(_) => Vec::new(),
        Err(err @ ConfigError::Invalid { .. }) => {
            err.to_string().lines().map(str::to_owned).collect()
        }
        Err(other) => vec![other.to_string()],
    }
}

fn single_problem(text: &str) -> String {
    let found = problems(text);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one problem, got {found:#?}"
    );
    found.into_iter().next().unwrap_or_default()
}

#[test]
fn the_shipped_example_is_valid() {
    let config = parse(&example(), Path::new(FILE)).expect("example is valid");
    assert_eq!(config.branch_id, "GS-0401");
    assert_eq!(config.kiosk_id, "GS-0401-K1");
    assert_eq!(
        config.store_key,
        KeySource::File("/etc/kiosk/store.key".into())
    );
    assert_eq!(config.languages, vec![Language::De, Language::En]);
    assert_eq!(config.default_language, Language::De);
    assert_eq!(config.session.idle_timeout, Duration::from_secs(120));
    assert_eq!(config.session.max_length, Duration::from_secs(30 * 60));
    assert_eq!(config.camera, CameraSource::Device("/dev/video0".into()));
    assert_eq!(
        config.central_ca_file,
        Path::new("/etc/kiosk/central-ca.pem")
    );
    assert_eq!(
        config.sync,
        SyncPolicy {
            interval: Duration::from_secs(30),
            snapshot_max_age: Duration::from_secs(72 * 3600),
        }
    );
}

#[test]
fn the_sync_section_is_optional_and_defaults_apply() {
    let text: String = example()
        .lines()
        .filter(|l| !l.starts_with("[sync]") && !l.starts_with("interval_seconds"))
        .filter(|l| !l.starts_with("snapshot_max_age_hours"))
        .map(|l| format!("{l}\n"))
        .collect();
    let config = parse(&text, Path::new(FILE)).expect("valid without [sync]");
    assert_eq!(config.sync.interval, Duration::from_secs(30));
    assert_eq!(config.sync.snapshot_max_age, Duration::from_secs(72 * 3600));
}

#[test]
fn the_demo_config_is_valid() {
    let path = Path::new(
        std::env::var("CARGO_MANIFEST_DIR")
            .as_deref()
            .unwrap_or(env!("CARGO_MANIFEST_DIR")),
    )
    .join("../../kiosk-config/demo/kiosk.toml");
    // It pins the demo central system's letter root, which scripts/demo makes on its first
    // run: before that, the file it names is the one problem.
    let root_file = path.with_file_name("../../demo-data/central/pki/letter-root.pub");
    let config = if root_file.exists() {
        crate::load(&path).expect("demo config is valid")
    } else {
        let text = std::fs::read_to_string(&path).expect("demo config");
        let found = problems_at(&text, &path);
        assert!(
            found.len() == 1 && found[0].contains("letters.root_key_file"),
            "{found:?}"
        );
        let example_root = parse(&example(), Path::new(FILE))
            .expect("valid")
            .letter_root;
        let pinned = text.replace(
            "root_key_file = \"../../demo-data/central/pki/letter-root.pub\"",
            &format!("root_key = \"{}\"", example_root.to_base64()),
        );
        parse(&pinned, &path).expect("otherwise valid")
    };
    assert!(matches!(config.camera, CameraSource::Recorded(_)));
    // The demo's CA lives with the demo central system's data, beside the config's folder.
    assert!(
        config
            .central_ca_file
            .starts_with(path.with_file_name("../../demo-data/central"))
            && config
                .central_ca_file
                .extension()
                .is_some_and(|e| e == "pem"),
        "{:?}",
        config.central_ca_file
    );
}

#[test]
fn the_message_names_file_key_value_and_expectation() {
    let message = single_problem(&with("session", "idle_seconds", "idle_seconds = -5"));
    assert_eq!(
        message,
        "/etc/kiosk/kiosk.toml: session.idle_seconds = -5: expected a whole number of seconds \
         from 15 to 600"
    );
}

#[test]
fn each_invalid_value_names_its_key() {
    let cases = [
        (
            "kiosk",
            "branch_id",
            "branch_id = \"gs 0401\"",
            "kiosk.branch_id",
        ),
        ("kiosk", "kiosk_id", "", "kiosk.kiosk_id is missing"),
        ("store", "data_dir", "data_dir = 7", "store.data_dir = 7"),
        ("store", "key_file", "", "store.key_file is missing"),
        (
            "store",
            "key_file",
            "key_file = \"k\"\nkey_credential = \"c\"",
            "not both",
        ),
        (
            "store",
            "key_file",
            "key_credential = \"../x\"",
            "store.key_credential",
        ),
        (
            "languages",
            "offered",
            "offered = [\"de\", \"xx\"]",
            "languages.offered",
        ),
        ("languages", "offered", "offered = []", "languages.offered"),
        (
            "languages",
            "default",
            "default = \"tr\"",
            "languages.default",
        ),
        (
            "session",
            "idle_seconds",
            "idle_seconds = \"120\"",
            "session.idle_seconds = \"120\"",
        ),
        (
            "session",
            "idle_seconds",
            "idle_seconds = 601",
            "session.idle_seconds = 601",
        ),
        (
            "session",
            "idle_seconds",
            "idle_seconds = 1.5",
            "session.idle_seconds = 1.5",
        ),
        (
            "session",
            "warning_seconds",
            "warning_seconds = 4",
            "session.warning_seconds = 4",
        ),
        (
            "session",
            "max_minutes",
            "max_minutes = 0",
            "session.max_minutes = 0",
        ),
        (
            "session",
            "attract_reset_seconds",
            "attract_reset_seconds = 9999",
            "attract_reset",
        ),
        (
            "central",
            "url",
            "url = \"http://central.example.de\"",
            "central.url",
        ),
        ("central", "url", "url = \"https://\"", "central.url"),
        ("central", "ca_file", "", "central.ca_file is missing"),
        (
            "central",
            "ca_file",
            "ca_file = \"\"",
            "central.ca_file = \"\"",
        ),
        (
            "sync",
            "interval_seconds",
            "interval_seconds = 4",
            "sync.interval_seconds = 4: expected a whole number of seconds from 5 to 3600",
        ),
        (
            "sync",
            "interval_seconds",
            "interval_seconds = 3601",
            "sync.interval_seconds = 3601",
        ),
        (
            "sync",
            "snapshot_max_age_hours",
            "snapshot_max_age_hours = 0",
            "sync.snapshot_max_age_hours = 0: expected a whole number of hours from 1 to 720",
        ),
        (
            "sync",
            "snapshot_max_age_hours",
            "snapshot_max_age_hours = 721",
            "sync.snapshot_max_age_hours = 721",
        ),
        (
            "sync",
            "interval_seconds",
            "interval = 30",
            "sync.interval = (unknown key)",
        ),
        (
            "camera",
            "source",
            "source = \"usb\"",
            "camera.source = \"usb\"",
        ),
        ("camera", "path", "", "camera.path is missing"),
        ("printer", "uri", "uri = \"lpd://x\"", "printer.uri"),
        (
            "session",
            "idle_seconds",
            "idle_secs = 120",
            "session.idle_secs = (unknown key)",
        ),
    ];
    for (section, key, line, needle) in cases {
        let message = single_problem(&with(section, key, line));
        assert!(message.starts_with(FILE), "{message}");
        assert!(
            message.contains(needle),
            "{line:?}: {message:?} lacks {needle:?}"
        );
    }
}

#[test]
fn warning_must_be_shorter_than_idle() {
    let text = with("session", "warning_seconds", "warning_seconds = 40")
        .replace("idle_seconds = 120", "idle_seconds = 30");
    assert!(single_problem(&text).contains("fewer seconds than session.idle_seconds (30)"));
}

#[test]
fn all_problems_are_reported_together() {
    let text = with("kiosk", "branch_id", "branch_id = \"\"")
        .replace("idle_seconds = 120", "idle_seconds = 0")
        .replace("[printer]", "[printers]");
    let found = problems(&text);
    assert!(found.len() >= 3, "{found:#?}");
    assert!(
        found.iter().any(|p| p.contains("[printer] is missing")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains("printers = (unknown section)")),
        "{found:#?}"
    );
}

#[test]
fn syntax_errors_name_the_file() {
    let message = problems("[kiosk\nbranch_id = 1").join("\n");
    assert!(
        message.starts_with("/etc/kiosk/kiosk.toml: not valid TOML"),
        "{message}"
    );
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let err = crate::load(Path::new("/nonexistent/kiosk.toml")).expect_err("no such file");
    assert!(
        err.to_string()
            .contains("/nonexistent/kiosk.toml: cannot read"),
        "{err}"
    );
}

#[test]
fn relative_paths_are_taken_from_the_config_folder() {
    let text = with("store", "data_dir", "data_dir = \"data\"");
    let text = text.replace(
        "ca_file = \"/etc/kiosk/central-ca.pem\"",
        "ca_file = \"central/ca.pem\"",
    );
    let config = parse(&text, Path::new("/srv/kiosk/kiosk.toml")).expect("valid");
    assert_eq!(config.data_dir, Path::new("/srv/kiosk/data"));
    assert_eq!(
        config.central_ca_file,
        Path::new("/srv/kiosk/central/ca.pem")
    );
}

#[test]
fn credential_keys_resolve_through_the_credentials_directory() {
    let source = KeySource::Credential("kiosk-store-key".into());
    // The variable is only set by systemd; without it the message says what to do.
    if std::env::var_os("CREDENTIALS_DIRECTORY").is_none() {
        let err = source.path().expect_err("no credentials directory");
        assert!(err.to_string().contains("LoadCredential"), "{err}");
    }
}

#[test]
fn a_print_server_elsewhere_needs_a_user_it_knows() {
    // On this machine the kiosk's own OS user is the default.
    for local in [
        "ipp://localhost:631/printers/Kiosk",
        "ipp://127.0.0.1:631/printers/Kiosk",
        "ipps://[::1]/printers/Kiosk",
    ] {
        let config = parse(
            &with("printer", "uri", &format!("uri = {local:?}")),
            Path::new(FILE),
        )
        .unwrap_or_else(|e| panic!("{local}: {e}"));
        assert_eq!(config.printer_user, None, "{local}");
    }
    let remote = with(
        "printer",
        "uri",
        "uri = \"ipps://print.gs-0401.example/printers/Kiosk\"",
    );
    let message = single_problem(&remote);
    assert!(
        message.contains("printer.user is missing")
            && message.contains("exists on the print server's host"),
        "{message}"
    );
    let named = remote.replace("[printer]\n", "[printer]\nuser = \"kiosk-gs0401\"\n");
    let config = parse(&named, Path::new(FILE)).expect("a named user");
    assert_eq!(config.printer_user.as_deref(), Some("kiosk-gs0401"));
    for bad in ["", "-kiosk", "kiosk user", "a;b", &"k".repeat(33)] {
        let text = remote.replace("[printer]\n", &format!("[printer]\nuser = {bad:?}\n"));
        let message = single_problem(&text);
        assert!(message.contains("printer.user = "), "{bad:?}: {message}");
    }
}

#[test]
fn a_print_server_elsewhere_is_reached_encrypted_only() {
    let text = with(
        "printer",
        "uri",
        "uri = \"ipp://print.gs-0401.example/printers/Kiosk\"",
    )
    .replace("[printer]\n", "[printer]\nuser = \"kiosk\"\n");
    let message = single_problem(&text);
    assert!(
        message.contains("printer.uri = \"ipp://print.gs-0401.example/printers/Kiosk\"")
            && message.contains("ipps://"),
        "{message}"
    );
    let encrypted = text.replace("ipp://print", "ipps://print");
    assert!(parse(&encrypted, Path::new(FILE)).is_ok());
}

#[test]
fn the_letter_root_is_pinned_inline_or_from_its_file() {
    let example_root = parse(&example(), Path::new(FILE))
        .expect("valid")
        .letter_root;

    let missing = single_problem(&with("letters", "root_key", ""));
    assert!(missing.contains("letters.root_key is missing"), "{missing}");
    assert!(missing.contains("letter-root.pub"), "{missing}");
    let section = example().replace("[letters]", "[unused]");
    assert!(
        problems(&section)
            .iter()
            .any(|p| p.contains("[letters] is missing")),
        "{:?}",
        problems(&section)
    );
    let bad = single_problem(&with("letters", "root_key", "root_key = \"AAAA\""));
    assert!(bad.contains("letters.root_key = \"AAAA\""), "{bad}");

    // From a file, relative to the config's folder, as kiosk-central writes it.
    let dir = tempfile::tempdir().expect("tempdir");
    let file_text = with(
        "letters",
        "root_key",
        "root_key_file = \"pki/letter-root.pub\"",
    );
    let config_file = dir.path().join("kiosk.toml");
    let absent = problems_at(&file_text, &config_file);
    assert!(
        absent.len() == 1
            && absent[0].contains("letters.root_key_file = \"pki/letter-root.pub\" (cannot read"),
        "{absent:?}"
    );
    std::fs::create_dir(dir.path().join("pki")).expect("mkdir");
    std::fs::write(
        dir.path().join("pki/letter-root.pub"),
        example_root.to_public_file(),
    )
    .expect("write");
    let config = parse(&file_text, &config_file).expect("valid");
    assert_eq!(config.letter_root, example_root);
    std::fs::write(dir.path().join("pki/letter-root.pub"), "# nothing\n").expect("write");
    let empty = problems_at(&file_text, &config_file);
    assert!(
        empty.len() == 1 && empty[0].contains("base64 Ed25519"),
        "{empty:?}"
    );

    let both = file_text.replace(
        "root_key_file = \"pki",
        &format!(
            "root_key = \"{}\"\nroot_key_file = \"pki",
            example_root.to_base64()
        ),
    );
    let both = single_problem(&both);
    assert!(both.contains("not both"), "{both}");
}

fn problems_at(text: &str, file: &Path) -> Vec<String> {
    match parse(text, file) {
        Ok(_) => Vec::new(),
        Err(err) => err.to_string().lines().map(str::to_owned).collect(),
    }
}
