//! The kiosk's own credential: a private key that never leaves the kiosk and the client
//! certificate the central system signed for it at enrollment.

use std::{
    fs,
    io::Write,
    os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt},
    path::{Path, PathBuf},
};

use kiosk_protocol::{EnrollRequest, EnrollResponse, RenewRequest};
use rcgen::{CertificateParams, DistinguishedName, DnType, KeyPair};
use rustls::{
    pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject},
    sign::CertifiedKey,
};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use zeroize::Zeroizing;

use crate::{CentralClient, CredentialError, SyncError};

/// Where the credential lives: `kiosk.key` (mode 0600) and `kiosk.crt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialPaths {
    pub dir: PathBuf,
}

impl CredentialPaths {
    /// `<data_dir>/credential`.
    pub fn in_data_dir(data_dir: &Path) -> CredentialPaths {
        CredentialPaths {
            dir: data_dir.join("credential"),
        }
    }

    pub fn key(&self) -> PathBuf {
        self.dir.join("kiosk.key")
    }

    pub fn cert(&self) -> PathBuf {
        self.dir.join("kiosk.crt")
    }

    /// Where a renewed credential is written before it is swapped in.
    fn renewed(&self) -> CredentialPaths {
        CredentialPaths {
            dir: self.dir.with_file_name("credential.renewed"),
        }
    }

    /// Where the credential before the last renewal is kept (until the next one).
    fn previous(&self) -> PathBuf {
        self.dir.with_file_name("credential.previous")
    }

    /// Whether either file is there (a half-written credential counts: it is never replaced
    /// silently).
    pub fn exists(&self) -> bool {
        self.key().exists() || self.cert().exists()
    }
}

/// A loaded credential: the client certificate and its private key, checked to belong
/// together.
#[derive(Clone)]
pub struct Credential {
    cert_pem: String,
    key_pem: Zeroizing<String>,
    /// SHA-256 of the certificate's DER, hex.
    fingerprint: String,
    not_after: OffsetDateTime,
    cert_path: PathBuf,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credential")
            .field("fingerprint", &self.fingerprint())
            .finish_non_exhaustive()
    }
}

impl Credential {
    /// Reads the credential, refusing a key that group or others can read and a certificate
    /// that is not for that key.
    pub fn load(paths: &CredentialPaths) -> Result<Credential, CredentialError> {
        let key_path = paths.key();
        if !paths.exists() {
            return Err(CredentialError::NotEnrolled {
                dir: paths.dir.clone(),
            });
        }
        let io = |path: &Path, action| {
            let path = path.to_owned();
            move |source| CredentialError::Io {
                path,
                action,
                source,
            }
        };
        let mode = fs::metadata(&key_path)
            .map_err(io(&key_path, "cannot read the private key"))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(CredentialError::KeyTooOpen {
                path: key_path,
                mode: mode & 0o777,
            });
        }
        let key_pem = Zeroizing::new(
            fs::read_to_string(&key_path).map_err(io(&key_path, "cannot read the private key"))?,
        );
        let cert_path = paths.cert();
        let cert_pem = fs::read_to_string(&cert_path)
            .map_err(io(&cert_path, "cannot read the certificate"))?;
        let fingerprint = check_pair(&cert_pem, &key_pem, &cert_path)?;
        let not_after = expiry(&cert_pem, &cert_path)?;
        Ok(Credential {
            cert_pem,
            key_pem,
            fingerprint,
            not_after,
            cert_path,
        })
    }

    /// When the certificate expires: the kiosk renews it well before.
    pub fn not_after(&self) -> OffsetDateTime {
        self.not_after
    }

    /// The certificate and key as one PEM, as the TLS client takes them.
    pub(crate) fn identity_pem(&self) -> Zeroizing<Vec<u8>> {
        let mut pem = Zeroizing::new(Vec::with_capacity(
            self.cert_pem.len() + self.key_pem.len() + 1,
        ));
        pem.extend_from_slice(self.cert_pem.as_bytes());
        pem.push(b'\n');
        pem.extend_from_slice(self.key_pem.as_bytes());
        pem
    }

    pub fn cert_pem(&self) -> &str {
        &self.cert_pem
    }

    /// Where the certificate was read from, for messages.
    pub fn cert_path(&self) -> &Path {
        &self.cert_path
    }

    /// SHA-256 of the certificate (DER), hex, as the central system names kiosks: identifies
    /// this credential without revealing it (a revocation is recorded against it, so a new
    /// enrollment starts afresh).
    pub fn fingerprint(&self) -> String {
        self.fingerprint.clone()
    }
}

/// Fails unless the first certificate in `cert_pem` is for the private key in `key_pem`;
/// returns that certificate's fingerprint.
fn check_pair(cert_pem: &str, key_pem: &str, cert_path: &Path) -> Result<String, CredentialError> {
    let malformed = |problem: String| CredentialError::Malformed {
        path: cert_path.to_owned(),
        problem,
    };
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert_pem.as_bytes())
        .collect::<Result<_, _>>()
        .map_err(|e| malformed(format!("not a PEM certificate ({e})")))?;
    let Some(first) = certs.first() else {
        return Err(malformed("no certificate in the file".into()));
    };
    let fingerprint = hex::encode(Sha256::digest(first.as_ref()));
    let key = PrivateKeyDer::from_pem_slice(key_pem.as_bytes())
        .map_err(|_| malformed("the private key beside it is not a PEM private key".into()))?;
    let provider = rustls::crypto::aws_lc_rs::default_provider();
    let certified = CertifiedKey::from_der(certs, key, &provider).map_err(|e| {
        malformed(format!(
            "the certificate does not fit the private key ({e})"
        ))
    })?;
    certified
        .keys_match()
        .map_err(|e| malformed(format!("the certificate is not for this kiosk's key ({e})")))?;
    Ok(fingerprint)
}

/// The first certificate's end of validity (`check_pair` has read it as PEM already).
fn expiry(cert_pem: &str, cert_path: &Path) -> Result<OffsetDateTime, CredentialError> {
    let malformed = |problem: String| CredentialError::Malformed {
        path: cert_path.to_owned(),
        problem: format!("cannot read the certificate's validity ({problem})"),
    };
    let der = CertificateDer::pem_slice_iter(cert_pem.as_bytes())
        .next()
        .ok_or_else(|| malformed("no certificate".into()))?
        .map_err(|e| malformed(e.to_string()))?;
    let (_, cert) =
        x509_parser::parse_x509_certificate(der.as_ref()).map_err(|e| malformed(e.to_string()))?;
    Ok(cert.validity().not_after.to_datetime())
}

/// A new key pair and a certificate signing request for it, with the kiosk id as the CN.
/// Returns (private key PEM, CSR PEM).
pub fn new_key_and_csr(kiosk_id: &str) -> Result<(Zeroizing<String>, String), CredentialError> {
    let generate = |e: rcgen::Error| CredentialError::Generate(e.to_string());
    let key = KeyPair::generate().map_err(generate)?;
    let mut params = CertificateParams::new(Vec::<String>::new()).map_err(generate)?;
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, kiosk_id);
    params.distinguished_name = name;
    let csr = params.serialize_request(&key).map_err(generate)?;
    let csr_pem = csr.pem().map_err(generate)?;
    Ok((Zeroizing::new(key.serialize_pem()), csr_pem))
}

/// Enrolls this kiosk: makes a key pair, has the central system sign it with the one-time
/// `enrollment_code` and writes `kiosk.key` and `kiosk.crt`. Refuses, before contacting the
/// central system, when a credential is already there.
pub async fn enroll(
    client: &CentralClient,
    paths: &CredentialPaths,
    kiosk_id: &str,
    enrollment_code: &str,
) -> Result<EnrollResponse, SyncError> {
    refuse_existing(paths)?;
    let (key_pem, csr_pem) = new_key_and_csr(kiosk_id)?;
    let request = EnrollRequest {
        kiosk_id: kiosk_id.to_owned(),
        enrollment_code: enrollment_code.to_owned(),
        csr_pem,
    };
    let response = client.enroll(&request).await?;
    if response.kiosk_id != kiosk_id {
        return Err(SyncError::Protocol(
            "the enrollment answer is for another kiosk id".into(),
        ));
    }
    check_pair(&response.certificate_pem, &key_pem, &paths.cert())
        .map_err(|e| SyncError::Protocol(format!("the enrolled certificate is unusable: {e}")))?;
    write_credential(paths, &key_pem, &response.certificate_pem)?;
    tracing::info!(branch = %response.branch_id, "kiosk enrolled");
    Ok(response)
}

/// Renews the credential before it expires: a new key pair, signed by the central system over
/// mutual TLS with the current credential (`client`), written beside it and then swapped in.
/// The one before is kept as `credential.previous` until the next renewal. The central system
/// accepts the current certificate until the new one is first used, so a failure anywhere
/// leaves the kiosk working; it simply renews again.
pub async fn renew(
    client: &CentralClient,
    paths: &CredentialPaths,
    kiosk_id: &str,
) -> Result<Credential, SyncError> {
    let (key_pem, csr_pem) = new_key_and_csr(kiosk_id)?;
    let response = client.renew(&RenewRequest { csr_pem }).await?;
    let renewed = paths.renewed();
    check_pair(&response.certificate_pem, &key_pem, &renewed.cert())
        .map_err(|e| SyncError::Protocol(format!("the renewed certificate is unusable: {e}")))?;
    remove_dir_if_there(&renewed.dir)?;
    write_credential(&renewed, &key_pem, &response.certificate_pem)?;
    let previous = paths.previous();
    remove_dir_if_there(&previous)?;
    rename(&paths.dir, &previous)?;
    // A stop here is finished when the worker next starts (`finish_interrupted_renewal`).
    rename(&renewed.dir, &paths.dir)?;
    sync_parent(&paths.dir);
    let credential = Credential::load(paths)?;
    tracing::info!(valid_until = %credential.not_after().date(), "kiosk certificate renewed");
    Ok(credential)
}

/// A renewal stopped between moving the old credential aside and moving the new one in leaves
/// no `credential` folder: the renewed one (complete, or it would not have been moved) goes in,
/// else the previous one goes back. Only the sync worker calls this, before it loads the
/// credential (it alone renews); everything else only reads.
pub fn finish_interrupted_renewal(paths: &CredentialPaths) -> Result<(), CredentialError> {
    if paths.dir.exists() {
        return Ok(());
    }
    let renewed = paths.renewed();
    let previous = paths.previous();
    let source = if renewed.key().exists() && renewed.cert().exists() {
        renewed.dir
    } else if previous.exists() {
        previous
    } else {
        return Ok(());
    };
    tracing::warn!("finishing a credential renewal that was interrupted");
    rename(&source, &paths.dir)?;
    sync_parent(&paths.dir);
    Ok(())
}

fn rename(from: &Path, to: &Path) -> Result<(), CredentialError> {
    fs::rename(from, to).map_err(|source| CredentialError::Io {
        path: from.to_owned(),
        action: "cannot move the credential folder",
        source,
    })
}

fn remove_dir_if_there(dir: &Path) -> Result<(), CredentialError> {
    match fs::remove_dir_all(dir) {
        Err(source) if source.kind() != std::io::ErrorKind::NotFound => Err(CredentialError::Io {
            path: dir.to_owned(),
            action: "cannot remove the old credential folder",
            source,
        }),
        _ => Ok(()),
    }
}

/// Makes the folder renames survive a power cut.
fn sync_parent(dir: &Path) {
    if let Some(parent) = dir.parent()
        && let Ok(parent) = fs::File::open(parent)
    {
        let _ = parent.sync_all();
    }
}

fn refuse_existing(paths: &CredentialPaths) -> Result<(), CredentialError> {
    for path in [paths.key(), paths.cert()] {
        if path.exists() {
            return Err(CredentialError::Exists { path });
        }
    }
    Ok(())
}

/// Writes the key (0600) and then the certificate, each created new: an existing file is an
/// error, never replaced.
fn write_credential(
    paths: &CredentialPaths,
    key_pem: &str,
    cert_pem: &str,
) -> Result<(), CredentialError> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&paths.dir)
        .map_err(|source| CredentialError::Io {
            path: paths.dir.clone(),
            action: "cannot create the credential folder",
            source,
        })?;
    write_new(&paths.key(), key_pem, 0o600)?;
    write_new(&paths.cert(), cert_pem, 0o644)?;
    // The directory entries themselves must survive a power cut too.
    if let Ok(dir) = fs::File::open(&paths.dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

fn write_new(path: &Path, text: &str, mode: u32) -> Result<(), CredentialError> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::AlreadyExists => CredentialError::Exists {
                path: path.to_owned(),
            },
            _ => CredentialError::Io {
                path: path.to_owned(),
                action: "cannot create the file",
                source,
            },
        })?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|source| CredentialError::Io {
            path: path.to_owned(),
            action: "cannot write the file",
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CA and a certificate it signed for `key_pem`, as the central system would issue.
    fn sign(csr_pem: &str) -> String {
        let ca_key = KeyPair::generate().expect("ca key");
        let mut ca = CertificateParams::new(Vec::<String>::new()).expect("params");
        ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let issuer = rcgen::Issuer::new(ca, ca_key);
        let csr = rcgen::CertificateSigningRequestParams::from_pem(csr_pem).expect("csr");
        csr.signed_by(&issuer).expect("signed").pem()
    }

    #[test]
    fn the_csr_names_the_kiosk_and_the_key_is_pkcs8() {
        let (key, csr) = new_key_and_csr("GS-0401-K1").expect("generated");
        assert!(key.contains("BEGIN PRIVATE KEY"));
        let request = EnrollRequest {
            kiosk_id: "GS-0401-K1".into(),
            enrollment_code: "code-1234".into(),
            csr_pem: csr.clone(),
        };
        request
            .validate()
            .expect("the central system accepts the shape");
        let parsed = rcgen::CertificateSigningRequestParams::from_pem(&csr).expect("parses");
        let cn = parsed
            .params
            .distinguished_name
            .get(&DnType::CommonName)
            .cloned();
        assert_eq!(
            cn,
            Some(rcgen::DnValue::Utf8String("GS-0401-K1".into())),
            "{cn:?}"
        );
    }

    #[test]
    fn a_written_credential_loads_and_is_never_overwritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let paths = CredentialPaths::in_data_dir(dir.path());
        assert!(matches!(
            Credential::load(&paths),
            Err(CredentialError::NotEnrolled { .. })
        ));
        let (key, csr) = new_key_and_csr("K-1").expect("generated");
        let cert = sign(&csr);
        write_credential(&paths, &key, &cert).expect("written");
        let mode = fs::metadata(paths.key()).expect("key").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let loaded = Credential::load(&paths).expect("loads");
        assert_eq!(loaded.cert_pem(), cert);
        assert_eq!(loaded.fingerprint().len(), 64);
        assert!(!format!("{loaded:?}").contains("PRIVATE"));

        assert!(matches!(
            write_credential(&paths, &key, &cert),
            Err(CredentialError::Exists { .. })
        ));
        assert!(matches!(
            refuse_existing(&paths),
            Err(CredentialError::Exists { .. })
        ));
    }

    #[test]
    fn a_renewal_stopped_between_its_two_moves_is_finished_at_the_next_load() {
        let dir = tempfile::tempdir().expect("tempdir");
        let paths = CredentialPaths::in_data_dir(dir.path());
        let (old_key, old_csr) = new_key_and_csr("K-1").expect("generated");
        let (new_key, new_csr) = new_key_and_csr("K-1").expect("generated");
        // Stopped after the old credential went aside: the renewed one is complete.
        write_credential(&paths.renewed(), &new_key, &sign(&new_csr)).expect("written");
        fs::create_dir_all(paths.previous()).expect("previous");
        finish_interrupted_renewal(&paths).expect("finished");
        let renewed = Credential::load(&paths).expect("the renewed one is moved in");
        assert_eq!(
            renewed.fingerprint(),
            check_pair(&sign_again(&paths), &new_key, &paths.cert()).expect("pair")
        );
        assert!(!paths.renewed().dir.exists());

        // Stopped with only the old one aside (no complete renewed one): it goes back.
        fs::remove_dir_all(&paths.dir).expect("remove");
        fs::remove_dir_all(paths.previous()).expect("remove");
        write_credential(
            &CredentialPaths {
                dir: paths.previous(),
            },
            &old_key,
            &sign(&old_csr),
        )
        .expect("written");
        finish_interrupted_renewal(&paths).expect("finished");
        Credential::load(&paths).expect("the previous one is moved back");
        assert!(!paths.previous().exists());
    }

    /// The certificate now in place.
    fn sign_again(paths: &CredentialPaths) -> String {
        fs::read_to_string(paths.cert()).expect("cert")
    }

    #[test]
    fn a_certificate_for_another_key_or_an_open_key_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let paths = CredentialPaths::in_data_dir(dir.path());
        let (key, _) = new_key_and_csr("K-1").expect("generated");
        let (_, other_csr) = new_key_and_csr("K-1").expect("generated");
        write_credential(&paths, &key, &sign(&other_csr)).expect("written");
        let err = Credential::load(&paths).expect_err("mismatch");
        assert!(matches!(err, CredentialError::Malformed { .. }), "{err}");

        fs::set_permissions(paths.key(), fs::Permissions::from_mode(0o644)).expect("chmod");
        assert!(matches!(
            Credential::load(&paths),
            Err(CredentialError::KeyTooOpen { .. })
        ));
    }
}
