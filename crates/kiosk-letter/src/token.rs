//! The token's bytes and text: sign, parse, verify. See `docs/letter-token.md`.

use std::fmt;

use ed25519_dalek::{Signature, SigningKey};
use kiosk_domain::Kvnr;
use kiosk_token::{BodyWriter, Fields, Frame, FrameError, date_from_days, days_from_date};
use thiserror::Error;
use time::Date;

use crate::{KeyId, LetterClaims, LetterId, Purpose, TrustedKeys, base45};

/// The text starts with this. It is in the QR alphanumeric set, like base45 itself.
pub const PREFIX: &str = "KL1:";
/// The body's format version (its first byte).
pub const FORMAT_VERSION: u8 = 1;

const KVNR_LEN: usize = 10;
/// version, key id, letter id, KVNR, issued, expires, purpose.
pub const BODY_LEN: usize = 1 + KeyId::LEN + LetterId::LEN + KVNR_LEN + 2 + 2 + 1;
pub const TOKEN_BYTES: usize = Frame::<BODY_LEN>::BYTES;
/// Every token has exactly this many characters (prefix and base45 of the bytes).
pub const TOKEN_LEN: usize = Frame::<BODY_LEN>::TEXT_LEN;

/// The letter's frame. The signature covers the context and then the body, so a signature
/// made by the same key for some other kind of message can never pass as a letter's.
const FRAME: Frame<BODY_LEN> = Frame {
    family: *b"KL",
    version: FORMAT_VERSION,
    context: b"kiosk-letter-v1\0",
};

/// Why a scanned text is not a valid letter. `Malformed` and `BadSignature` both mean "not a
/// genuine letter" to the member; they differ for diagnosis.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LetterError {
    /// Some other QR code (a URL, a staff badge, …).
    #[error("not an activation letter code")]
    NotALetter,
    #[error("malformed letter code: {0}")]
    Malformed(Malformed),
    /// Possibly a letter signed after a key rotation the kiosk has not pulled yet.
    #[error("letter signed with key {key_id}, which this kiosk does not know")]
    UnknownKey { key_id: KeyId },
    #[error("the letter's signature does not verify")]
    BadSignature,
    #[error("letter {letter_id} expired on {expires}")]
    Expired { letter_id: LetterId, expires: Date },
    #[error("letter {letter_id} is valid only from {issued}")]
    NotYetValid { letter_id: LetterId, issued: Date },
}

impl LetterError {
    /// A stable code for callers to branch on and to record in audit logs.
    pub fn code(&self) -> &'static str {
        match self {
            LetterError::NotALetter => "notALetter",
            LetterError::Malformed(_) => "malformed",
            LetterError::UnknownKey { .. } => "unknownKey",
            LetterError::BadSignature => "badSignature",
            LetterError::Expired { .. } => "expired",
            LetterError::NotYetValid { .. } => "notYetValid",
        }
    }
}

/// What exactly is wrong with a malformed token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum Malformed {
    #[error("a letter format this kiosk does not read")]
    UnsupportedVersion,
    #[error("not {TOKEN_LEN} characters long")]
    Length,
    #[error("not base45: {0}")]
    Encoding(base45::Base45Error),
    #[error("invalid key id")]
    KeyId,
    #[error("invalid insurance number")]
    Kvnr,
    #[error("invalid validity period")]
    Validity,
    #[error("unknown purpose")]
    Purpose,
}

impl From<Malformed> for LetterError {
    fn from(reason: Malformed) -> Self {
        LetterError::Malformed(reason)
    }
}

/// A letter whose signature verified and which is valid today. Whether it was revoked or
/// already used is for the caller to check, by [`VerifiedLetter::letter_id`].
#[derive(Clone, PartialEq, Eq)]
pub struct VerifiedLetter {
    key_id: KeyId,
    claims: LetterClaims,
}

impl VerifiedLetter {
    pub fn key_id(&self) -> KeyId {
        self.key_id
    }

    pub fn letter_id(&self) -> &LetterId {
        self.claims.letter_id()
    }

    pub fn kvnr(&self) -> &Kvnr {
        self.claims.kvnr()
    }

    pub fn issued(&self) -> Date {
        self.claims.issued()
    }

    pub fn expires(&self) -> Date {
        self.claims.expires()
    }

    pub fn purpose(&self) -> Purpose {
        self.claims.purpose()
    }

    pub fn claims(&self) -> &LetterClaims {
        &self.claims
    }
}

/// Redacted: holds a KVNR (through its claims' own redacted Debug).
impl fmt::Debug for VerifiedLetter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifiedLetter")
            .field("key_id", &self.key_id)
            .field("claims", &self.claims)
            .finish()
    }
}

fn body(claims: &LetterClaims, key_id: &KeyId) -> [u8; BODY_LEN] {
    let mut body = BodyWriter::new(FORMAT_VERSION);
    body.put(key_id.as_bytes());
    body.put(claims.letter_id().as_bytes());
    body.put(claims.kvnr().as_str().as_bytes());
    // `LetterClaims::new` checked that both dates fit.
    body.put(&days_from_date(claims.issued()).unwrap_or(0).to_be_bytes());
    body.put(&days_from_date(claims.expires()).unwrap_or(0).to_be_bytes());
    body.put(&[claims.purpose().code()]);
    body.finish()
}

/// What the signature covers (for the fuzz target, which signs bodies of its own).
pub(crate) fn message(body: &[u8; BODY_LEN]) -> Vec<u8> {
    FRAME.message(body)
}

/// The token text for the QR code: `KL1:` and the base45 of body and signature.
pub fn sign(claims: &LetterClaims, key: &SigningKey, key_id: &KeyId) -> String {
    FRAME.seal(&body(claims, key_id), key)
}

impl From<FrameError> for LetterError {
    fn from(error: FrameError) -> Self {
        match error {
            FrameError::OtherFamily => LetterError::NotALetter,
            FrameError::UnsupportedVersion => Malformed::UnsupportedVersion.into(),
            FrameError::Length => Malformed::Length.into(),
            FrameError::Encoding(e) => Malformed::Encoding(e).into(),
        }
    }
}

/// A token taken apart, not yet verified.
struct Parsed {
    body: [u8; BODY_LEN],
    signature: Signature,
    key_id: KeyId,
    claims: LetterClaims,
}

/// Reads a token's structure strictly: exact length, known version, valid key id and KVNR
/// (check digit), issued ≤ expires ≤ issued + 60 days, known purpose.
fn parse(text: &str) -> Result<Parsed, LetterError> {
    let (body, signature) = FRAME.open(text)?;
    let mut fields = Fields::new(&body);
    // The version, checked by the frame.
    fields.take::<1>()?;
    let key_id = KeyId::from_bytes(fields.take()?).map_err(|_| Malformed::KeyId)?;
    let letter_id = LetterId::from_bytes(fields.take()?);
    let kvnr: [u8; KVNR_LEN] = fields.take()?;
    let kvnr: Kvnr = std::str::from_utf8(&kvnr)
        .ok()
        .and_then(|k| k.parse().ok())
        .ok_or(Malformed::Kvnr)?;
    let issued = date_from_days(u16::from_be_bytes(fields.take()?)).ok_or(Malformed::Validity)?;
    let expires = date_from_days(u16::from_be_bytes(fields.take()?)).ok_or(Malformed::Validity)?;
    let [purpose] = fields.take()?;
    let purpose = Purpose::from_code(purpose).ok_or(Malformed::Purpose)?;
    let claims = LetterClaims::new(letter_id, kvnr, issued, expires, purpose)
        .map_err(|_| Malformed::Validity)?;
    Ok(Parsed {
        body,
        signature,
        key_id,
        claims,
    })
}

/// Verifies a scanned text offline: format, key, signature, then the validity on `today`
/// (the kiosk's local calendar date). Never panics, whatever the input.
pub fn verify(text: &str, keys: &TrustedKeys, today: Date) -> Result<VerifiedLetter, LetterError> {
    let parsed = parse(text)?;
    let key = keys.get(&parsed.key_id).ok_or(LetterError::UnknownKey {
        key_id: parsed.key_id,
    })?;
    // Strict: refuses non-canonical signatures and small-order components, so one letter
    // has exactly one valid token.
    key.verify_strict(&message(&parsed.body), &parsed.signature)
        .map_err(|_| LetterError::BadSignature)?;
    let claims = parsed.claims;
    if today < claims.issued() {
        return Err(LetterError::NotYetValid {
            letter_id: *claims.letter_id(),
            issued: claims.issued(),
        });
    }
    if today > claims.expires() {
        return Err(LetterError::Expired {
            letter_id: *claims.letter_id(),
            expires: claims.expires(),
        });
    }
    Ok(VerifiedLetter {
        key_id: parsed.key_id,
        claims,
    })
}
