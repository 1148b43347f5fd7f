//! SmartIdent at the central system: its signing key in `pki_dir` (`smartident.key`, 0600,
//! and `smartident.pub`, which the Service-App pins), and the randomness each step needs.
//! The rules are kiosk-smartident's; the records are `db/smartident.rs`; the routes are
//! `server/smartident.rs` (kiosks) and `server/phone.rs` (phones).

use std::path::Path;

use base64::Engine as _;
use kiosk_letter::SigningKey;
use kiosk_smartident::{
    PhoneApiOrigin, RegistrationId,
    qr::{RegistrationPurpose, RegistrationQr},
    rules::REGISTRATION_LIFETIME,
};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::{
    db::{NewRegistration, Notification},
    letters::{KeyFileError, KeyFileProblem, secret_file},
};

pub const KEY_FILE: &str = "smartident.key";
pub const PUBLIC_FILE: &str = "smartident.pub";

/// Makes the SmartIdent key; never overwrites one.
pub fn create_key(dir: &Path) -> Result<SigningKey, KeyFileError> {
    let seed = secret_file::new_seed()?;
    let key = SigningKey::from_bytes(&seed);
    let text = zeroize::Zeroizing::new(format!(
        "# kiosk-central: the SmartIdent key, which signs registration QR codes. Secret: keep \
         mode 0600.\nseed = \"{}\"\n",
        hex::encode(seed.as_slice())
    ));
    secret_file::create(&dir.join(KEY_FILE), &text)?;
    let public = base64::engine::general_purpose::STANDARD.encode(key.verifying_key().as_bytes());
    crate::new_file::write_new(&dir.join(PUBLIC_FILE), &format!("{public}\n"), 0o644)?;
    Ok(key)
}

/// The SmartIdent key.
pub fn load_key(dir: &Path) -> Result<SigningKey, KeyFileError> {
    let path = dir.join(KEY_FILE);
    let text = secret_file::read(
        &path,
        "no SmartIdent key (create one with `kiosk-central init-smartident-key --dir PKI_DIR`)",
    )?;
    let parse = || match secret_file::entries(&text)?.as_slice() {
        [("seed", value)] => Ok(SigningKey::from_bytes(&*secret_file::seed(value)?)),
        _ => Err(KeyFileProblem::Expected("one entry, seed")),
    };
    parse().map_err(secret_file::invalid(&path))
}

/// Random bytes from the operating system; a failure is the caller's to report.
pub fn random<const N: usize>() -> Result<[u8; N], getrandom::Error> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)?;
    Ok(bytes)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A new registration: its record and the QR's text.
pub fn new_registration(
    key: &SigningKey,
    origin: &PhoneApiOrigin,
    now: OffsetDateTime,
) -> Result<(NewRegistration, String), getrandom::Error> {
    let registration_id = RegistrationId::from_bytes(random()?);
    let nonce: [u8; 16] = random()?;
    // Whole seconds: the QR carries seconds.
    let expires_at = now.replace_nanosecond(0).unwrap_or(now) + REGISTRATION_LIFETIME;
    let qr = RegistrationQr {
        registration_id,
        nonce,
        expires_at,
        purpose: RegistrationPurpose::FirstDevice,
        origin: origin.clone(),
    };
    let record = NewRegistration {
        registration_id: registration_id.to_string(),
        nonce_hash: sha256_hex(&nonce),
        expires_at,
    };
    Ok((record, qr.seal(key)))
}

/// A notification with a fresh one-use "not me" token (only its hash is kept).
pub fn new_notification() -> Result<Notification, getrandom::Error> {
    let id: [u8; 16] = random()?;
    let token: [u8; 32] = random()?;
    Ok(Notification {
        notification_id: hex::encode(id),
        block_token_hash: sha256_hex(&token),
    })
}
