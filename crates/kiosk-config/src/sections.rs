//! The sections of `kiosk.toml` that need more than a key or two: each reads its keys,
//! records its problems in the reader and returns what it could make of them.

use std::{path::PathBuf, time::Duration};

use kiosk_domain::{Language, SessionPolicy};
use kiosk_letter::LetterRoot;
use toml::Table;

use crate::{
    reader::Reader,
    schema::{
        CameraSource, KeySource, is_ipp_uri, is_local_print_server, is_safe_name, is_user_name,
    },
};

/// `[store]`: the data folder and where the store key comes from.
pub(crate) fn store(r: &mut Reader<'_>, root: &Table) -> (Option<String>, Option<KeySource>) {
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
    (data_dir, store_key)
}

/// `[languages]`: those offered, in order, and the default.
pub(crate) fn languages(r: &mut Reader<'_>, root: &Table) -> (Vec<Language>, Language) {
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
    (offered, default_language)
}

/// `[session]`: the timeouts.
pub(crate) fn session(r: &mut Reader<'_>, root: &Table) -> SessionPolicy {
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
    SessionPolicy {
        idle_timeout: Duration::from_secs(idle),
        warning: Duration::from_secs(warning),
        max_length: Duration::from_secs(max_minutes * 60),
        attract_reset: Duration::from_secs(attract),
    }
}

/// `[camera]`: a device, or recorded frames.
pub(crate) fn camera(r: &mut Reader<'_>, root: &Table) -> Option<CameraSource> {
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
    camera_source
}

/// `[printer]`: the queue and the user the kiosk prints as.
pub(crate) fn printer(r: &mut Reader<'_>, root: &Table) -> (Option<String>, Option<String>) {
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
    (printer_uri, printer_user)
}

const ROOT_KEY_EXPECTED: &str = "the letter root's public key (base64 of 32 bytes), the key line of \
    letter-root.pub that `kiosk-central init-pki` or `init-letter-root` wrote";

/// `[letters]`: the pinned letter root, inline (`root_key`) or in a file (`root_key_file`,
/// e.g. the central system's `letter-root.pub`), read now so a wrong one stops the start.
pub(crate) fn letter_root(r: &mut Reader<'_>, root: &Table) -> Option<LetterRoot> {
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
