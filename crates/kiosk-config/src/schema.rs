use std::{
    path::{Path, PathBuf},
    time::Duration,
};

use kiosk_domain::{Language, SessionPolicy};
use kiosk_letter::LetterRoot;
use toml::Table;

use crate::{ConfigError, reader::Reader, sections};

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

pub(crate) fn is_safe_name(value: &str) -> bool {
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
pub(crate) fn is_local_print_server(uri: &str) -> bool {
    ipp_host(uri).is_some_and(|host| {
        host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    })
}

/// A portable POSIX user name: letters, digits, '.', '_' and '-', not starting with '-', at
/// most 32 characters.
pub(crate) fn is_user_name(value: &str) -> bool {
    (1..=32).contains(&value.len())
        && !value.starts_with('-')
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

pub(crate) fn is_ipp_uri(value: &str) -> bool {
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

    let (data_dir, store_key) = sections::store(&mut r, root);
    let (offered, default_language) = sections::languages(&mut r, root);
    let session = sections::session(&mut r, root);
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

    let letter_root = sections::letter_root(&mut r, root);

    let mut sync = r.section(root, "sync", false);
    let interval = r.integer(&mut sync, "interval_seconds", 5..=3600, "seconds", 30);
    let max_age = r.integer(&mut sync, "snapshot_max_age_hours", 1..=720, "hours", 72);
    r.finish(sync);

    let camera_source = sections::camera(&mut r, root);
    let (printer_uri, printer_user) = sections::printer(&mut r, root);

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
            session,
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
