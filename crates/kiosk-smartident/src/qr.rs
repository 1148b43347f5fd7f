//! The registration QR the kiosk shows (`docs/smartident.md`): `KS1:` and base45 of a signed
//! body, a space, and the phone API's origin in capitals, all in the QR alphanumeric set. The
//! token has a fixed length, since base45 has spaces of its own. The body holds no personal
//! data: the registration id, a nonce, the expiry, what the
//! registration is for, the central key's id and a digest of the origin, so the signature
//! covers the origin too. A photographed code binds nothing by itself: the bind code
//! (`codes.rs`) must be typed at the kiosk.

use ed25519_dalek::{SigningKey, Verifier, VerifyingKey};
use kiosk_token::{Base45Error, BodyWriter, Fields, Frame, FrameError};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::{PhoneApiOrigin, RegistrationId};

pub const FORMAT_VERSION: u8 = 1;
/// version, registration id, nonce, expires at, purpose, key id, origin digest.
pub const BODY_LEN: usize = 1 + 16 + 16 + 4 + 1 + 8 + 16;
/// The token's characters before the space and the origin.
pub const TOKEN_LEN: usize = Frame::<BODY_LEN>::TEXT_LEN;

const FRAME: Frame<BODY_LEN> = Frame {
    family: *b"KS",
    version: FORMAT_VERSION,
    context: b"kiosk-smartident-registration-v1\0",
};

/// What a registration adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationPurpose {
    /// The member's first device (the letter identified them).
    FirstDevice,
    /// A further device, after a registered one approved.
    FurtherDevice,
}

impl RegistrationPurpose {
    fn code(self) -> u8 {
        match self {
            RegistrationPurpose::FirstDevice => 1,
            RegistrationPurpose::FurtherDevice => 2,
        }
    }

    fn from_code(code: u8) -> Option<Self> {
        match code {
            1 => Some(RegistrationPurpose::FirstDevice),
            2 => Some(RegistrationPurpose::FurtherDevice),
            _ => None,
        }
    }
}

/// The central system's signing key's id: the first 8 bytes of SHA-256 over the public key.
pub fn key_id(key: &VerifyingKey) -> [u8; 8] {
    let hash = Sha256::digest(key.as_bytes());
    let mut id = [0u8; 8];
    id.copy_from_slice(&hash[..8]);
    id
}

fn origin_digest(origin: &PhoneApiOrigin) -> [u8; 16] {
    let hash = Sha256::digest(origin.as_str().as_bytes());
    let mut digest = [0u8; 16];
    digest.copy_from_slice(&hash[..16]);
    digest
}

/// What the QR says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationQr {
    pub registration_id: RegistrationId,
    /// 128 random bits the phone sends back when it binds.
    pub nonce: [u8; 16],
    /// Whole seconds; the central system enforces it too.
    pub expires_at: OffsetDateTime,
    pub purpose: RegistrationPurpose,
    pub origin: PhoneApiOrigin,
}

/// Why a QR text is not a registration this phone may bind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    #[error("not a SmartIdent registration code")]
    NotARegistration,
    #[error("a registration format this app does not read: update the app")]
    UnsupportedVersion,
    #[error("the code is damaged: {0}")]
    Damaged(&'static str),
    #[error("the code is not base45: {0}")]
    Encoding(Base45Error),
    #[error("not signed by a key this app trusts")]
    UnknownKey,
    #[error("the signature does not match: the code was changed")]
    BadSignature,
    #[error("the code has expired: ask the kiosk for a new one")]
    Expired,
}

impl From<FrameError> for QrError {
    fn from(error: FrameError) -> Self {
        match error {
            FrameError::OtherFamily => QrError::NotARegistration,
            FrameError::UnsupportedVersion => QrError::UnsupportedVersion,
            FrameError::Length => QrError::Damaged("length"),
            FrameError::Encoding(e) => QrError::Encoding(e),
        }
    }
}

impl RegistrationQr {
    fn body(&self, key_id: [u8; 8]) -> [u8; BODY_LEN] {
        let mut body = BodyWriter::new(FORMAT_VERSION);
        body.put(self.registration_id.as_bytes());
        body.put(&self.nonce);
        // Before 2106 a time fits; `seal`'s caller makes expiries from now.
        let expires = u32::try_from(self.expires_at.unix_timestamp()).unwrap_or(0);
        body.put(&expires.to_be_bytes());
        body.put(&[self.purpose.code()]);
        body.put(&key_id);
        body.put(&origin_digest(&self.origin));
        body.finish()
    }

    /// The QR's text, signed with the central system's key.
    pub fn seal(&self, key: &SigningKey) -> String {
        let token = FRAME.seal(&self.body(key_id(&key.verifying_key())), key);
        format!("{token} {}", self.origin.for_qr())
    }

    /// Reads and checks a scanned text: the format, a key in `trusted`, the signature over
    /// body and origin, and the expiry against `now`. Never panics.
    pub fn open(
        text: &str,
        trusted: &[VerifyingKey],
        now: OffsetDateTime,
    ) -> Result<RegistrationQr, QrError> {
        // The token has a fixed length (and may hold spaces): the origin follows it.
        let (token, origin) = match (text.get(..TOKEN_LEN), text.get(TOKEN_LEN..)) {
            (Some(token), Some(rest)) => (
                token,
                rest.strip_prefix(' ').ok_or(QrError::Damaged("origin"))?,
            ),
            _ => (text, ""),
        };
        let (body, signature) = FRAME.open(token)?;
        let origin = PhoneApiOrigin::parse(origin).map_err(|_| QrError::Damaged("origin"))?;
        let mut fields = Fields::new(&body);
        fields.take::<1>()?;
        let registration_id = RegistrationId::from_bytes(fields.take()?);
        let nonce: [u8; 16] = fields.take()?;
        let expires = u32::from_be_bytes(fields.take()?);
        let [purpose] = fields.take()?;
        let purpose = RegistrationPurpose::from_code(purpose).ok_or(QrError::Damaged("purpose"))?;
        let signer: [u8; 8] = fields.take()?;
        let digest: [u8; 16] = fields.take()?;
        let key = trusted
            .iter()
            .find(|key| key_id(key) == signer)
            .ok_or(QrError::UnknownKey)?;
        key.verify(&FRAME.message(&body), &signature)
            .map_err(|_| QrError::BadSignature)?;
        if digest != origin_digest(&origin) {
            return Err(QrError::BadSignature);
        }
        let expires_at = OffsetDateTime::from_unix_timestamp(i64::from(expires))
            .map_err(|_| QrError::Damaged("expiry"))?;
        if now >= expires_at {
            return Err(QrError::Expired);
        }
        Ok(RegistrationQr {
            registration_id,
            nonce,
            expires_at,
            purpose,
            origin,
        })
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    fn qr() -> RegistrationQr {
        crate::fuzzing::sample()
    }

    #[test]
    fn a_sealed_code_opens_with_the_pinned_key_until_it_expires() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let text = qr().seal(&key);
        assert!(text.starts_with("KS1:"));
        assert!(text.ends_with(" HTTPS://CENTRAL.EXAMPLE:8443"));
        const ALPHANUMERIC: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
        assert!(text.chars().all(|c| ALPHANUMERIC.contains(c)), "{text}");
        let trusted = [key.verifying_key()];
        let now = datetime!(2026-12-06 10:00:00 UTC);
        assert_eq!(RegistrationQr::open(&text, &trusted, now), Ok(qr()));
        assert_eq!(
            RegistrationQr::open(&text, &trusted, datetime!(2026-12-06 10:02:00 UTC)),
            Err(QrError::Expired)
        );
        let other = [SigningKey::from_bytes(&[8; 32]).verifying_key()];
        assert_eq!(
            RegistrationQr::open(&text, &other, now),
            Err(QrError::UnknownKey)
        );
    }

    #[test]
    fn another_origin_or_a_changed_byte_is_refused() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let trusted = [key.verifying_key()];
        let now = datetime!(2026-12-06 10:00:00 UTC);
        let text = qr().seal(&key);
        let moved = text.replace("CENTRAL.EXAMPLE", "EVIL.EXAMPLE");
        assert_eq!(
            RegistrationQr::open(&moved, &trusted, now),
            Err(QrError::BadSignature)
        );
        let (token, origin) = text.split_at(TOKEN_LEN);
        let origin = origin.trim_start();
        let mut bytes = kiosk_token::base45::decode(&token[4..]).expect("base45");
        bytes[20] ^= 1;
        let changed = format!("KS1:{} {origin}", kiosk_token::base45::encode(&bytes));
        assert_eq!(
            RegistrationQr::open(&changed, &trusted, now),
            Err(QrError::BadSignature)
        );
        assert_eq!(
            RegistrationQr::open(token, &trusted, now),
            Err(QrError::Damaged("origin")),
            "the token without its origin"
        );
        assert_eq!(
            RegistrationQr::open("KL1:ABC HTTPS://X", &trusted, now),
            Err(QrError::NotARegistration)
        );
        assert_eq!(
            RegistrationQr::open(&text.replacen("KS1:", "KS2:", 1), &trusted, now),
            Err(QrError::UnsupportedVersion)
        );
    }
}
