use std::{
    path::{Path, PathBuf},
    time::Duration,
};

use kiosk_domain::{Language, SessionPolicy};
use kiosk_letter::LetterRoot;
use toml::Table;

use crate::{ConfigError, reader::Reader};

/// A validated `kiosk.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct KioskConfig {
    /// The file this came from, for messages.
    pub file: PathBuf,
    pub branch_id: String,
    pub kiosk_id: String,
    pub data_dir: PathBuf,
    pub store_key: KeySource,
    /// Offered on the attract screen, in this order; the first is not necessarily the default.
    pub languages: Vec<Language>,
    pub default_language: Language,
    pub session: SessionPolicy,
    /// The central system's base URL (HTTPS).
    pub central_url: String,
    /// PEM file with the CA certificate(s) the central system's TLS certificate must chain to:
    /// the only trust anchors for that connection (no system roots).
    pub central_ca_file: PathBuf,
    /// The letter root's public key: the kiosk trusts a letter signing key only with its
    /// endorsement (`docs/letter-token.md`).
    pub letter_root: LetterRoot,
    pub sync: SyncPolicy,
    pub camera: CameraSource,
    /// The CUPS queue's IPP URI, e.g. `ipp://localhost:631/printers/Kiosk`.
    pub printer_uri: String,
    /// The user name jobs are printed and canceled as; `None`: the OS user the kiosk runs as
    /// (which a print server on this machine knows). Required for a print server elsewhere.
    pub printer_user: Option<String>,
}

impl KioskConfig {
    /// Whether `printer.uri` names a print server on this machine (which knows this machine's
    /// users).
    pub fn print_server_is_local(&self) -> bool {
        is_local_print_server(&self.printer_uri)
    }
}

/// Where the local store's key comes from. The key itself never appears in the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// A file holding 64 hex digits (32 bytes), readable by the kiosk's user only.
    File(PathBuf),
    /// A systemd credential (`LoadCredential=NAME:…`), read from `$CREDENTIALS_DIRECTORY/NAME`.
    Credential(String),
}

/// Why the store key's file cannot be named.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeySourceError {
    #[error(
        "store.key_credential = {name:?} needs $CREDENTIALS_DIRECTORY: start the kiosk from its \
         systemd unit with LoadCredential={name}:/path/to/key, or use store.key_file instead"
    )]
    NoCredentialsDirectory { name: String },
}

impl KeySource {
    /// The file to read the key from.
    pub fn path(&self) -> Result<PathBuf, KeySourceError> {
        match self {
            KeySource::File(path) => Ok(path.clone()),
            KeySource::Credential(name) => match std::env::var_os("CREDENTIALS_DIRECTORY") {
                Some(dir) => Ok(Path::new(&dir).join(name)),
                None => Err(KeySourceError::NoCredentialsDirectory { name: name.clone() }),
            },
        }
    }
}

/// How often the kiosk syncs with the central system, and how long member data may serve offline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncPolicy {
    /// The pause between sync cycles while the central system answers.
    pub interval: Duration,
    /// Member snapshots older than this are dropped: offline certificates stop then.
    pub snapshot_max_age: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CameraSource {
    /// A V4L2 device such as `/dev/video0`.
    Device(PathBuf),
    /// A folder of recorded frames, for the demo, tests and machines without a camera.
    Recorded(PathBuf),
}

const ID_EXPECTED: &str = "2 to 32 characters: capital letters A-Z, digits and '-'";

fn is_id(value: &str) -> bool {
    (2..=32).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

fn is_safe_name(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
        && !value.starts_with('.')
}

fn is_https_url(value: &str) -> bool {
    value
        .strip_prefix("https://")
        .and_then(|rest| rest.split('/').next())
        .is_some_and(|host| !host.is_empty() && !host.contains(char::is_whitespace))
}

/// The host of an `ipp://` or `ipps://` URI as written (an IPv6 literal with its brackets).
fn ipp_host(uri: &str) -> Option<&str> {
    let rest = uri
        .strip_prefix("ipp://")
        .or_else(|| uri.strip_prefix("ipps://"))?;
    let authority = rest.split('/').next()?;
    match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next(),
        None => authority.split(':').next(),
    }
}

/// A print server on this machine, which knows the users of this machine.
fn is_local_print_server(uri: &str) -> bool {
    ipp_host(uri).is_some_and(|host| {
        host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    })
}

/// A portable POSIX user name: letters, digits, '.', '_' and '-', not starting with '-', at
/// most 32 characters.
fn is_user_name(value: &str) -> bool {
    (1..=32).contains(&value.len())
        && !value.starts_with('-')
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

fn is_ipp_uri(value: &str) -> bool {
    ["ipp://", "ipps://"].iter().any(|scheme| {
        value
            .strip_prefix(scheme)
            .is_some_and(|rest| rest.contains("/printers/") && !rest.contains(char::is_whitespace))
    })
}

pub(crate) fn from_table(root: &Table, file: &Path) -> Result<KioskConfig, ConfigError> {
    let base_dir = file.parent().unwrap_or(Path::new("."));
    let mut r = Reader::new(base_dir);

    for key in root.keys() {
        if ![
            "kiosk",
            "store",
            "languages",
            "session",
            "central",
            "letters",
            "sync",
            "camera",
            "printer",
        ]
        .contains(&key.as_str())
        {
            r.problem(
                key.clone(),
                Some("(unknown section)".to_owned()),
                "one of [kiosk], [store], [languages], [session], [central], [letters], [sync], \
                 [camera], [printer]",
            );
        }
    }

    let mut kiosk = r.section(root, "kiosk", true);
    let branch_id = r.string(&mut kiosk, "branch_id", ID_EXPECTED, is_id);
    let kiosk_id = r.string(&mut kiosk, "kiosk_id", ID_EXPECTED, is_id);
    r.finish(kiosk);

    let mut store = r.section(root, "store", true);
    let data_dir = r.string(&mut store, "data_dir", "a folder path", |s| !s.is_empty());
    let key_file = r.optional_string(&mut store, "key_file", "a file path", |s| !s.is_empty());
    let key_credential = r.optional_string(
        &mut store,
        "key_credential",
        "a systemd credential name (letters, digits, '-', '_', '.')",
        is_safe_name,
    );
    let store_key = match (key_file, key_credential) {
        (Some(path), None) => Some(KeySource::File(r.path(&path))),
        (None, Some(name)) => Some(KeySource::Credential(name)),
        (Some(_), Some(_)) => {
            r.problem(
                "store.key_file".into(),
                Some("(set together with store.key_credential)".into()),
                "either store.key_file or store.key_credential, not both",
            );
            None
        }
        (None, None) => {
            let already_reported = r.problems.iter().any(|p| p.key.starts_with("store.key_"));
            if store.is_present() && !already_reported {
                r.problem(
                    "store.key_file".into(),
                    None,
                    "the key file's path (or store.key_credential for a systemd credential)",
                );
            }
            None
        }
    };
    r.finish(store);

    let mut languages = r.section(root, "languages", false);
    let offered_expected = "a list of language tags, each one of: de, en";
    let offered: Vec<Language> = match r.string_list(&mut languages, "offered", offered_expected) {
        None => vec![Language::De, Language::En],
        Some(tags) => {
            let parsed: Option<Vec<Language>> =
                tags.iter().map(|t| Language::from_tag(t)).collect();
            match parsed {
                Some(list) if !list.is_empty() => list,
                _ => {
                    r.problem(
                        "languages.offered".into(),
                        Some(format!("{tags:?}")),
                        offered_expected,
                    );
                    vec![Language::De]
                }
            }
        }
    };
    let default_language = r
        .optional_string(
            &mut languages,
            "default",
            "one of the offered languages",
            |t| Language::from_tag(t).is_some_and(|l| offered.contains(&l)),
        )
        .and_then(|t| Language::from_tag(&t))
        .unwrap_or(if offered.contains(&Language::De) {
            Language::De
        } else {
            offered[0]
        });
    r.finish(languages);

    let mut session = r.section(root, "session", false);
    let idle = r.integer(&mut session, "idle_seconds", 15..=600, "seconds", 120);
    let warning = r.integer(&mut session, "warning_seconds", 5..=60, "seconds", 30);
    let max_minutes = r.integer(&mut session, "max_minutes", 5..=120, "minutes", 30);
    let attract = r.integer(
        &mut session,
        "attract_reset_seconds",
        15..=600,
        "seconds",
        60,
    );
    if warning >= idle {
        r.problem(
            "session.warning_seconds".into(),
            Some(warning.to_string()),
            &format!("fewer seconds than session.idle_seconds ({idle})"),
        );
    }
    r.finish(session);

    let mut central = r.section(root, "central", true);
    let central_url = r.string(
        &mut central,
        "url",
        "an https:// URL of the central system (all traffic is TLS, also on loopback)",
        is_https_url,
    );
    let ca_file = r.string(
        &mut central,
        "ca_file",
        "the path of a PEM file with the CA certificate that signed the central system's \
         TLS certificate",
        |s| !s.is_empty(),
    );
    r.finish(central);

    let letter_root = letter_root(&mut r, root);

    let mut sync = r.section(root, "sync", false);
    let interval = r.integer(&mut sync, "interval_seconds", 5..=3600, "seconds", 30);
    let max_age = r.integer(&mut sync, "snapshot_max_age_hours", 1..=720, "hours", 72);
    r.finish(sync);

    let mut camera = r.section(root, "camera", true);
    let source = r.string(&mut camera, "source", "\"device\" or \"recorded\"", |s| {
        s == "device" || s == "recorded"
    });
    let camera_path = r.string(
        &mut camera,
        "path",
        "a device path such as /dev/video0, or a folder",
        |s| !s.is_empty(),
    );
    let camera_source = match (source.as_deref(), camera_path) {
        (Some("device"), Some(path)) => Some(CameraSource::Device(PathBuf::from(path))),
        (Some(_), Some(path)) => Some(CameraSource::Recorded(r.path(&path))),
        _ => None,
    };
    r.finish(camera);

    let mut printer = r.section(root, "printer", true);
    let printer_uri = r.string(
        &mut printer,
        "uri",
        "the CUPS queue's IPP URI, e.g. ipp://localhost:631/printers/Kiosk",
        is_ipp_uri,
    );
    let printer_user = r.optional_string(
        &mut printer,
        "user",
        "a user name that exists on the print server's host (letters, digits, '.', '_', '-')",
        is_user_name,
    );
    // Certificates carry health data: to another machine only encrypted.
    if let Some(uri) = printer_uri.as_deref()
        && uri.starts_with("ipp://")
        && !is_local_print_server(uri)
    {
        r.problem(
            "printer.uri".to_owned(),
            Some(format!("{uri:?}")),
            "ipps:// for a print server on another machine (ipp:// would send the certificates, \
             health data, unencrypted)",
        );
    }
    if let Some(uri) = printer_uri.as_deref()
        && printer_user.is_none()
        && !is_local_print_server(uri)
        && r.problems.iter().all(|p| p.key != "printer.user")
    {
        // cupsd 2.4.2-3+deb12u10 crashes on a Cancel-Job from a user its host does not know;
        // this machine's user name means nothing to another machine.
        r.problem(
            "printer.user".to_owned(),
            None,
            "a user name that exists on the print server's host: required when printer.uri \
             names another machine (CUPS crashes on requests from a user it does not know)",
        );
    }
    r.finish(printer);

    match (
        branch_id,
        kiosk_id,
        data_dir,
        store_key,
        central_url,
        ca_file,
        letter_root,
        camera_source,
        printer_uri,
    ) {
        (
            Some(branch_id),
            Some(kiosk_id),
            Some(data_dir),
            Some(store_key),
            Some(central_url),
            Some(ca_file),
            Some(letter_root),
            Some(camera),
            Some(printer_uri),
        ) if r.problems.is_empty() => Ok(KioskConfig {
            file: file.to_owned(),
            branch_id,
            kiosk_id,
            data_dir: r.path(&data_dir),
            store_key,
            languages: offered,
            default_language,
            session: SessionPolicy {
                idle_timeout: Duration::from_secs(idle),
                warning: Duration::from_secs(warning),
                max_length: Duration::from_secs(max_minutes * 60),
                attract_reset: Duration::from_secs(attract),
            },
            central_url,
            central_ca_file: r.path(&ca_file),
            letter_root,
            sync: SyncPolicy {
                interval: Duration::from_secs(interval),
                snapshot_max_age: Duration::from_secs(max_age * 3600),
            },
            camera,
            printer_uri,
            printer_user,
        }),
        _ => Err(ConfigError::Invalid {
            file: file.to_owned(),
            problems: r.problems,
        }),
    }
}

const ROOT_KEY_EXPECTED: &str = "the letter root's public key (base64 of 32 bytes), the key line of \
    letter-root.pub that `kiosk-central init-pki` or `init-letter-root` wrote";

/// `[letters]`: the pinned letter root, inline (`root_key`) or in a file (`root_key_file`,
/// e.g. the central system's `letter-root.pub`), read now so a wrong one stops the start.
fn letter_root(r: &mut Reader<'_>, root: &Table) -> Option<LetterRoot> {
    let mut letters = r.section(root, "letters", true);
    let inline = r.optional_string(&mut letters, "root_key", ROOT_KEY_EXPECTED, |s| {
        LetterRoot::from_base64(s).is_ok()
    });
    let file = r.optional_string(&mut letters, "root_key_file", "a file path", |s| {
        !s.is_empty()
    });
    let present = letters.is_present();
    r.finish(letters);
    match (inline, file) {
        (Some(key), None) => LetterRoot::from_base64(&key).ok(),
        (None, Some(file)) => {
            let path = r.path(&file);
            let read = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))
                .and_then(|text| {
                    LetterRoot::from_public_file(&text)
                        .map_err(|e| format!("{}: {e}", path.display()))
                });
            match read {
                Ok(root) => Some(root),
                Err(why) => {
                    r.problem(
                        "letters.root_key_file".into(),
                        Some(format!("{file:?} ({why})")),
                        "a readable file holding the letter root's public key, as \
                         letter-root.pub",
                    );
                    None
                }
            }
        }
        (Some(_), Some(_)) => {
            r.problem(
                "letters.root_key".into(),
                Some("(set together with letters.root_key_file)".into()),
                "either letters.root_key or letters.root_key_file, not both",
            );
            None
        }
        (None, None) => {
            let already_reported = r.problems.iter().any(|p| p.key.starts_with("letters."));
            if present && !already_reported {
                r.problem("letters.root_key".into(), None, ROOT_KEY_EXPECTED);
            }
            None
        }
    }
}
