//! The central system's small PKI: a CA that signs the server's certificate and every
//! kiosk's client certificate. In production the CA key belongs in an HSM; this reference
//! implementation keeps it in `pki_dir` (mode 0600).

use std::{
    fs,
    path::{Path, PathBuf},
};

use rcgen::{
    BasicConstraints, CertificateParams, CertificateSigningRequestParams, DistinguishedName,
    DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use crate::{
    letters::KeyFileError,
    new_file::{NewFileError, write_new},
};

/// A kiosk certificate is valid this long; re-enrollment renews it.
pub const KIOSK_CERT_DAYS: i64 = 397;

pub struct Pki {
    ca_pem: String,
    issuer: Issuer<'static, KeyPair>,
    server_chain: Vec<CertificateDer<'static>>,
    server_key_pem: String,
}

impl std::fmt::Debug for Pki {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pki(<keys redacted>)")
    }
}

fn paths(dir: &Path) -> [PathBuf; 4] {
    ["ca.pem", "ca.key", "server.pem", "server.key"].map(|name| dir.join(name))
}

/// The PKI could not be made or loaded; each says what to do.
#[derive(Debug, thiserror::Error)]
pub enum PkiError {
    #[error("{}: a PKI is already there; it is never overwritten", .0.display())]
    AlreadyThere(PathBuf),
    #[error("{}: cannot create the folder: {source}", path.display())]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("making a key or certificate: {0}")]
    Make(#[from] rcgen::Error),
    #[error(transparent)]
    Write(#[from] NewFileError),
    #[error(transparent)]
    LetterKeys(#[from] KeyFileError),
    #[error("{}: cannot read (create the PKI with `kiosk-central init-pki`): {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: {source}")]
    Invalid {
        file: &'static str,
        #[source]
        source: rcgen::Error,
    },
    #[error("{file}: {source}")]
    Pem {
        file: &'static str,
        #[source]
        source: rustls::pki_types::pem::Error,
    },
}

/// A kiosk's certificate signing request could not be signed.
#[derive(Debug, thiserror::Error)]
pub enum CsrError {
    #[error("not a valid certificate signing request")]
    NotACsr(#[source] rcgen::Error),
    #[error("cannot sign the request: {0}")]
    Signing(#[source] rcgen::Error),
}

/// The SHA-256 fingerprint a kiosk is known by.
pub fn fingerprint(der: &[u8]) -> String {
    hex::encode(Sha256::digest(der))
}

/// Creates a CA, a server certificate for `hosts` (names or IP addresses) and the letter
/// signing key in `dir`.
pub fn init(dir: &Path, hosts: &[String]) -> Result<(), PkiError> {
    let [ca_pem, ca_key, server_pem, server_key] = paths(dir);
    if ca_pem.exists() {
        return Err(PkiError::AlreadyThere(dir.to_owned()));
    }
    fs::create_dir_all(dir).map_err(|source| PkiError::Folder {
        path: dir.to_owned(),
        source,
    })?;

    let ca_keys = KeyPair::generate()?;
    let mut ca = CertificateParams::default();
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, "Kiosk Central CA");
    name.push(DnType::OrganizationName, "Kiosk Central");
    ca.distinguished_name = name;
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    ca.not_before = OffsetDateTime::now_utc() - Duration::hours(1);
    ca.not_after = OffsetDateTime::now_utc() + Duration::days(3650);
    let ca_cert = ca.self_signed(&ca_keys)?;
    let issuer = Issuer::new(ca, &ca_keys);

    let server_keys = KeyPair::generate()?;
    let mut server = CertificateParams::new(hosts.to_vec())?;
    server
        .distinguished_name
        .push(DnType::CommonName, "kiosk-central");
    server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    server.not_before = OffsetDateTime::now_utc() - Duration::hours(1);
    server.not_after = OffsetDateTime::now_utc() + Duration::days(825);
    let server_cert = server.signed_by(&server_keys, &issuer)?;

    write_new(&ca_pem, &ca_cert.pem(), 0o644)?;
    write_new(&ca_key, &ca_keys.serialize_pem(), 0o600)?;
    write_new(
        &server_pem,
        &format!("{}{}", server_cert.pem(), ca_cert.pem()),
        0o644,
    )?;
    write_new(&server_key, &server_keys.serialize_pem(), 0o600)?;
    // The letter root, which kiosks pin, and the first activation letter signing key,
    // endorsed by it (announced to the kiosks with the first letter).
    use crate::letters::{key_file, root_file};
    root_file::create(dir)?;
    crate::smartident::create_key(dir)?;
    let year = OffsetDateTime::now_utc().year();
    key_file::create(
        dir,
        key_file::next_key_id(year, &[])?,
        &root_file::load(dir)?,
    )?;
    Ok(())
}

impl Pki {
    pub fn load(dir: &Path) -> Result<Pki, PkiError> {
        let [ca_pem, ca_key, server_pem, server_key] = paths(dir);
        let read = |path: &Path| {
            fs::read_to_string(path).map_err(|source| PkiError::Read {
                path: path.to_owned(),
                source,
            })
        };
        let invalid = |file| move |source| PkiError::Invalid { file, source };
        let ca_pem_text = read(&ca_pem)?;
        let ca_keys = KeyPair::from_pem(&read(&ca_key)?).map_err(invalid("ca.key"))?;
        let issuer = Issuer::from_ca_cert_pem(&ca_pem_text, ca_keys).map_err(invalid("ca.pem"))?;
        let server_chain = CertificateDer::pem_slice_iter(read(&server_pem)?.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|source| PkiError::Pem {
                file: "server.pem",
                source,
            })?;
        Ok(Pki {
            ca_pem: ca_pem_text,
            issuer,
            server_chain,
            server_key_pem: read(&server_key)?,
        })
    }

    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    pub fn ca_der(&self) -> Result<CertificateDer<'static>, PkiError> {
        CertificateDer::from_pem_slice(self.ca_pem.as_bytes()).map_err(|source| PkiError::Pem {
            file: "ca.pem",
            source,
        })
    }

    pub fn server_chain(&self) -> Vec<CertificateDer<'static>> {
        self.server_chain.clone()
    }

    pub fn server_key(&self) -> Result<PrivateKeyDer<'static>, PkiError> {
        PrivateKeyDer::from_pem_slice(self.server_key_pem.as_bytes()).map_err(|source| {
            PkiError::Pem {
                file: "server.key",
                source,
            }
        })
    }

    /// Signs a kiosk's CSR: only its public key is taken from the request; the subject,
    /// usage and validity are the central system's.
    pub fn sign_kiosk_csr(
        &self,
        csr_pem: &str,
        kiosk_id: &str,
    ) -> Result<(String, String), CsrError> {
        let mut csr =
            CertificateSigningRequestParams::from_pem(csr_pem).map_err(CsrError::NotACsr)?;
        let mut params = CertificateParams::default();
        params.distinguished_name.push(DnType::CommonName, kiosk_id);
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.not_before = OffsetDateTime::now_utc() - Duration::hours(1);
        params.not_after = OffsetDateTime::now_utc() + Duration::days(KIOSK_CERT_DAYS);
        csr.params = params;
        let cert = csr.signed_by(&self.issuer).map_err(CsrError::Signing)?;
        Ok((cert.pem(), fingerprint(cert.der())))
    }
}
