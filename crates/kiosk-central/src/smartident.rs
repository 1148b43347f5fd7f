//! SmartIdent at the central system: its signing key in `pki_dir` (`smartident.key`, 0600,
//! and `smartident.pub`, which the Service-App pins), and the randomness each step needs.
//! The rules are kiosk-smartident's; the records are `db/smartident.rs`; the routes are
//! `server/smartident.rs` (kiosks) and `server/phone.rs` (phones).

use std::path::Path;

use base64::Engine as _;
use kiosk_letter::SigningKey;
use kiosk_smartident::{
    ChallengeId, PhoneApiOrigin, RegistrationId,
    challenge::{ApprovalContext, ApprovalPurpose},
    codes::MatchNumber,
    qr::{RegistrationPurpose, RegistrationQr},
    rules::CHALLENGE_LIFETIME,
};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::{
    db::{EnrolledKiosk, NewChallenge, NewRegistration, Notification},
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

/// Whole seconds: QR codes and approval contexts carry seconds.
fn whole_seconds(at: OffsetDateTime) -> OffsetDateTime {
    at.replace_nanosecond(0).unwrap_or(at)
}

/// A new registration: its record and the QR's text. A further device's names the approval
/// it rests on.
pub fn new_registration(
    key: &SigningKey,
    origin: &PhoneApiOrigin,
    approval_id: Option<ChallengeId>,
    now: OffsetDateTime,
) -> Result<(NewRegistration, String), getrandom::Error> {
    let registration_id = RegistrationId::from_bytes(random()?);
    let nonce: [u8; 16] = random()?;
    let purpose = match approval_id {
        Some(_) => RegistrationPurpose::FurtherDevice,
        None => RegistrationPurpose::FirstDevice,
    };
    let expires_at = whole_seconds(now) + purpose.lifetime();
    let qr = RegistrationQr {
        registration_id,
        nonce,
        expires_at,
        purpose,
        origin: origin.clone(),
    };
    let record = NewRegistration {
        registration_id: registration_id.to_string(),
        nonce_hash: sha256_hex(&nonce),
        expires_at,
        approval_id: approval_id.map(|id| id.to_string()),
    };
    Ok((record, qr.seal(key)))
}

/// A new approval for this kiosk: its id, number and the hash of what the phone will show.
pub fn new_challenge(
    purpose: ApprovalPurpose,
    kiosk: &EnrolledKiosk,
    now: OffsetDateTime,
) -> Result<NewChallenge, getrandom::Error> {
    let challenge_id = ChallengeId::from_bytes(random()?);
    let requested_at = whole_seconds(now);
    let context = ApprovalContext {
        challenge_id,
        purpose,
        kiosk_id: kiosk.kiosk_id.clone(),
        branch_id: kiosk.branch_id.clone(),
        requested_at,
    };
    Ok(NewChallenge {
        challenge_id: challenge_id.to_string(),
        purpose,
        number: MatchNumber::from_random(random()?),
        context_hash: hex::encode(context.hash()),
        requested_at,
        expires_at: requested_at + CHALLENGE_LIFETIME,
    })
}

/// A notification with a fresh one-use "not me" token (only its hash is kept).
pub fn new_notification() -> Result<Notification, getrandom::Error> {
    let id: [u8; 16] = random()?;
    let token: [u8; 32] = random()?;
    Ok(Notification {
        notification_id: hex::encode(id),
        block_token: hex::encode(token),
        block_token_hash: not_me_token_hash(&hex::encode(token)),
    })
}

/// How a "not me" link's token (64 hex digits, as the link carries it) is looked up.
pub fn not_me_token_hash(token: &str) -> String {
    sha256_hex(token.as_bytes())
}
