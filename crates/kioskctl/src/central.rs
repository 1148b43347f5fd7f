//! `kioskctl central …`: enroll this kiosk with the central system, and show what the local
//! store holds for the sync (no network).

use std::{
    fs,
    path::{Path, PathBuf},
};

use anyhow::{Context, bail};
use kiosk_config::KioskConfig;
use kiosk_domain::ClockProblem;

use kiosk_sync::{CentralClient, Credential, CredentialError, CredentialPaths, SyncError};
use time::{OffsetDateTime, macros::format_description};

/// The enrollment code from the first line of `input` (`--code -`).
pub fn read_code(mut input: impl std::io::BufRead) -> anyhow::Result<String> {
    let mut line = String::new();
    input
        .read_line(&mut line)
        .context("reading the enrollment code from standard input")?;
    Ok(line.trim().to_owned())
}

/// Enrolls the kiosk named in the config with a one-time `code` and returns what to print.
/// An existing credential is refused unless `replace`; then the new one is enrolled beside it
/// and swapped in only once it is complete, so a failed attempt leaves the old one working.
pub fn enroll(config_file: &Path, code: &str, replace: bool) -> anyhow::Result<String> {
    let config = kiosk_config::load(config_file)?;
    let code = code.trim();
    if code.is_empty() {
        bail!("--code is empty: give the one-time enrollment code from the central system");
    }
    let paths = CredentialPaths::in_data_dir(&config.data_dir);
    let swap = paths.exists();
    if swap && !replace {
        bail!(
            "{}: this kiosk already has a credential; to enroll it again (e.g. after the central \
             system revoked it) add --replace, which keeps the old credential until the new one \
             is in place",
            paths.dir.display()
        );
    }
    let target = if swap {
        let staging = CredentialPaths {
            dir: config.data_dir.join("credential.new"),
        };
        remove_staging(&staging)?;
        staging
    } else {
        paths.clone()
    };

    let client = CentralClient::new(&config.central_url, &config.central_ca_file, None)
        .map_err(|e| explain(e, &config))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the network runtime")?;
    let enrolled = runtime.block_on(kiosk_sync::enroll(&client, &target, &config.kiosk_id, code));
    let response = match enrolled {
        Ok(response) => response,
        Err(error) => {
            if swap {
                // Never used by the app: only ever a half-made new credential.
                let _ = fs::remove_dir_all(&target.dir);
            }
            return Err(explain(error, &config));
        }
    };

    let mut out = format!(
        "kiosk {} enrolled with the central system {}: branch {}\ncredential: {}",
        config.kiosk_id,
        config.central_url,
        response.branch_id,
        paths.dir.display()
    );
    if swap {
        let old = swap_in(&paths, &target)?;
        out.push_str(&format!(
            "\nthe previous credential was moved to {}; delete it once the kiosk syncs",
            old.display()
        ));
    }
    if response.branch_id != config.branch_id {
        out.push_str(&format!(
            "\nwarning: {} says branch_id = {:?}, the central system has this kiosk in branch \
             {:?}: correct [kiosk] branch_id",
            config.file.display(),
            config.branch_id,
            response.branch_id
        ));
    }
    out.push_str("\nrestart the kiosk app (systemctl restart kiosk) to start syncing with it");
    Ok(out)
}

/// A leftover of an interrupted `--replace` was never in use.
fn remove_staging(staging: &CredentialPaths) -> anyhow::Result<()> {
    match fs::remove_dir_all(&staging.dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| {
            format!(
                "{}: cannot remove the leftover of an earlier attempt",
                staging.dir.display()
            )
        }),
    }
}

/// Moves the old credential folder aside and the new one into its place; returns where the
/// old one went.
fn swap_in(paths: &CredentialPaths, new: &CredentialPaths) -> anyhow::Result<PathBuf> {
    let stamp = OffsetDateTime::now_utc()
        .format(format_description!(
            "[year][month][day]T[hour][minute][second]Z"
        ))
        .unwrap_or_else(|_| "old".into());
    let old = paths
        .dir
        .with_file_name(format!("credential.replaced-{stamp}"));
    fs::rename(&paths.dir, &old).with_context(|| {
        format!(
            "enrolled, but cannot move the old credential {} aside; the new one is in {}: \
             swap the folders by hand",
            paths.dir.display(),
            new.dir.display()
        )
    })?;
    fs::rename(&new.dir, &paths.dir).with_context(|| {
        format!(
            "enrolled, but cannot move the new credential {} into place ({}); the old one is \
             in {}",
            new.dir.display(),
            paths.dir.display(),
            old.display()
        )
    })?;
    Ok(old)
}

/// What an enrollment failure means for IT, and where to look.
fn explain(error: SyncError, config: &KioskConfig) -> anyhow::Error {
    let url = &config.central_url;
    let file = config.file.display();
    match error {
        SyncError::EnrollmentRefused => anyhow::anyhow!(
            "the central system refused the enrollment code: it is unknown, already used or \
             expired (or not for kiosk {}); ask for a new code",
            config.kiosk_id
        ),
        SyncError::Offline(detail) => anyhow::anyhow!(
            "cannot reach the central system at {url}: {detail}; check the network, that the \
             central system runs, and [central] url and ca_file in {file}"
        ),
        SyncError::Unavailable { .. } => anyhow::anyhow!(
            "the central system at {url} is unavailable or overloaded ({error}); try again later"
        ),
        SyncError::Tls { .. } => {
            anyhow::anyhow!("{error}; check [central] ca_file in {file}")
        }
        SyncError::Credential(CredentialError::Exists { .. }) => {
            anyhow::anyhow!("{error}; add --replace to enroll again")
        }
        other => anyhow::anyhow!("enrollment failed: {other}"),
    }
}

/// The local view of the sync: credential, outbox, last pull cursor. Opens the store, never the
/// network.
pub fn status(config_file: &Path) -> anyhow::Result<String> {
    let config = kiosk_config::load(config_file)?;
    let store = crate::store::open_existing(&config)?;

    let paths = CredentialPaths::in_data_dir(&config.data_dir);
    let (credential, fingerprint) = match Credential::load(&paths) {
        Ok(credential) => (
            validity(&credential, OffsetDateTime::now_utc()),
            credential.fingerprint(),
        ),
        Err(CredentialError::NotEnrolled { .. }) => (
            "not enrolled: kioskctl central enroll --config FILE --code CODE".to_owned(),
            String::new(),
        ),
        Err(e) => (format!("unusable: {e}"), String::new()),
    };
    let status = kiosk_sync::read_status(&store, false, &fingerprint)?;
    let cursor = store.pull_cursor()?;

    let outbox = match (status.outbox_depth, &status.oldest_pending) {
        (0, _) => "empty".to_owned(),
        (n, Some(oldest)) => format!("{n} events waiting, the oldest written {oldest}"),
        (n, None) => format!("{n} events waiting"),
    };
    let mut out = format!(
        "central system: {} (not contacted)\ncredential: {credential}\noutbox: {outbox}\n\
         last pull cursor: {cursor}{}\nlast successful sync: {}",
        config.central_url,
        if cursor == 0 { " (never pulled)" } else { "" },
        status.last_success.as_deref().unwrap_or("never"),
    );
    if status.revoked {
        out.push_str(
            "\nrevoked: the central system revoked this credential; sync has stopped until the \
             kiosk is enrolled again (kioskctl central enroll --replace …)",
        );
    }
    out.push_str("\nclock: ");
    out.push_str(match status.clock_problem {
        None => "trusted (agreed with the central system's at the last pull)",
        Some(ClockProblem::NotSynchronized) => {
            "not trusted yet: the kiosk has not had the central system's time; it accepts no \
             letter until its first pull"
        }
        Some(ClockProblem::WentBack) => {
            "not trusted: it shows an earlier time than the kiosk has already seen; set it right \
             (NTP), then let the kiosk pull"
        }
        Some(ClockProblem::Drifted) => {
            "not trusted: at the last pull it was more than 10 minutes off the central system's; \
             set it right (NTP), then let the kiosk pull"
        }
    });
    Ok(out)
}

/// The credential line: until when it is valid, or that it has expired and what to do.
fn validity(credential: &Credential, now: OffsetDateTime) -> String {
    let until = credential.not_after();
    if until <= now {
        format!(
            "expired on {} (certificate SHA-256 {}): the kiosk could not renew it in time (was it \
             offline?); enroll it again with a new code (kioskctl central enroll --replace …)",
            until.date(),
            credential.fingerprint()
        )
    } else {
        format!(
            "enrolled (certificate SHA-256 {}, valid until {}; the kiosk renews it in its last \
             30 days)",
            credential.fingerprint(),
            until.date()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> KioskConfig {
        let text = include_str!("../../../kiosk-config/kiosk.example.toml");
        kiosk_config::parse(text, Path::new("/etc/kiosk/kiosk.toml")).expect("example parses")
    }

    #[test]
    fn a_code_from_standard_input_is_its_first_line_trimmed() {
        let code = read_code("  AB12-CD34 \nignored\n".as_bytes()).expect("reads");
        assert_eq!(code, "AB12-CD34");
        assert_eq!(read_code("".as_bytes()).expect("reads"), "");
    }

    #[test]
    fn the_credential_line_says_until_when_or_that_it_expired() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let paths = CredentialPaths::in_data_dir(dir.path());
        let (key, csr) = kiosk_sync::new_key_and_csr("K-1").expect("generated");
        let ca_key = rcgen::KeyPair::generate().expect("ca key");
        let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
        ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let issuer = rcgen::Issuer::new(ca, ca_key);
        let mut request = rcgen::CertificateSigningRequestParams::from_pem(&csr).expect("csr");
        let now = OffsetDateTime::now_utc();
        request.params.not_after = now + time::Duration::days(10);
        let cert = request.signed_by(&issuer).expect("signed").pem();
        fs::create_dir_all(&paths.dir).expect("dir");
        fs::write(paths.key(), key.as_str()).expect("key");
        fs::set_permissions(paths.key(), fs::Permissions::from_mode(0o600)).expect("chmod");
        fs::write(paths.cert(), cert).expect("cert");
        let credential = Credential::load(&paths).expect("loads");

        let line = validity(&credential, now);
        assert!(
            line.starts_with("enrolled") && line.contains("valid until"),
            "{line}"
        );
        let line = validity(&credential, now + time::Duration::days(11));
        assert!(
            line.starts_with("expired on") && line.contains("--replace"),
            "{line}"
        );
    }

    #[test]
    fn failures_say_what_to_do() {
        let config = config();
        let refused = explain(SyncError::EnrollmentRefused, &config).to_string();
        assert!(refused.contains("refused the enrollment code"), "{refused}");
        assert!(refused.contains("ask for a new code"), "{refused}");

        let offline = explain(SyncError::Offline("connection refused".into()), &config);
        let offline = offline.to_string();
        assert!(
            offline.starts_with(
                "cannot reach the central system at https://kiosk-central.example.de:8443: \
                 connection refused"
            ),
            "{offline}"
        );
        assert!(offline.contains("/etc/kiosk/kiosk.toml"), "{offline}");

        let busy = explain(SyncError::Unavailable { retry_after: None }, &config).to_string();
        assert!(busy.contains("try again later"), "{busy}");

        let exists = SyncError::Credential(CredentialError::Exists {
            path: "/var/lib/kiosk/credential/kiosk.key".into(),
        });
        assert!(explain(exists, &config).to_string().contains("--replace"));
    }
}
