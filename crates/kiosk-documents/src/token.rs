//! The verification token's bytes and text (`docs/document-token.md`): the claims, then an
//! Ed25519 signature over them, as base45 behind `KD1:` so that the QR code stays in its dense
//! alphanumeric mode.

use ed25519_dalek::{Signature, SigningKey};
use kiosk_domain::Kvnr;
use kiosk_token::{
    Base45Error, BodyWriter, Fields, Frame, FrameError, date_from_days, days_from_date,
};
use thiserror::Error;
use time::OffsetDateTime;

use crate::claims::{DocumentClaims, DocumentId, DocumentKind, KeyId};

/// The text starts with this ("kiosk document, format 1"); QR alphanumeric like base45.
pub const PREFIX: &str = "KD1:";
pub const FORMAT_VERSION: u8 = 1;
const KVNR_LEN: usize = 10;
/// version, document id, type, KVNR, issued at, valid from, valid until, key id, digest.
pub const BODY_LEN: usize = 1 + DocumentId::LEN + 1 + KVNR_LEN + 4 + 2 + 2 + KeyId::LEN + 32;
pub const TOKEN_BYTES: usize = Frame::<BODY_LEN>::BYTES;
/// Every token has exactly this many characters.
pub const TOKEN_LEN: usize = Frame::<BODY_LEN>::TEXT_LEN;

/// The document's frame. The signature covers the context and the body, so that a signature
/// the same key makes for anything else can never pass as a document's.
const FRAME: Frame<BODY_LEN> = Frame {
    family: *b"KD",
    version: FORMAT_VERSION,
    context: b"kiosk-document-v1\0",
};

/// Why a text or file is not a kiosk document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum NotADocument {
    #[error("no kiosk document token (it starts with KD1:)")]
    NoToken,
    #[error("a document token format this version does not read")]
    UnsupportedVersion,
    #[error("the token is not {TOKEN_LEN} characters long")]
    Length,
    #[error("the token is not base45: {0}")]
    Encoding(Base45Error),
    #[error("unknown document type in the token")]
    Kind,
    #[error("invalid insurance number in the token")]
    Kvnr,
    #[error("invalid validity or issue time in the token")]
    Validity,
    #[error("not a PDF file that can be read")]
    UnreadablePdf,
    #[error("a PDF without a kiosk document token in its metadata")]
    NoTokenInPdf,
}

impl NotADocument {
    /// A stable code for callers to branch on.
    pub fn code(self) -> &'static str {
        match self {
            NotADocument::NoToken => "noToken",
            NotADocument::UnsupportedVersion => "unsupportedVersion",
            NotADocument::Length => "length",
            NotADocument::Encoding(_) => "encoding",
            NotADocument::Kind => "kind",
            NotADocument::Kvnr => "kvnr",
            NotADocument::Validity => "validity",
            NotADocument::UnreadablePdf => "unreadablePdf",
            NotADocument::NoTokenInPdf => "noTokenInPdf",
        }
    }
}

pub(crate) fn body(claims: &DocumentClaims) -> [u8; BODY_LEN] {
    let mut body = BodyWriter::new(FORMAT_VERSION);
    body.put(claims.document_id().as_bytes());
    body.put(&[claims.kind().code()]);
    body.put(claims.kvnr().as_str().as_bytes());
    // `DocumentClaims::new` checked that the time and both dates fit.
    let issued = u32::try_from(claims.issued_at().unix_timestamp()).unwrap_or(0);
    body.put(&issued.to_be_bytes());
    body.put(
        &days_from_date(claims.valid_from())
            .unwrap_or(0)
            .to_be_bytes(),
    );
    body.put(
        &days_from_date(claims.valid_until())
            .unwrap_or(0)
            .to_be_bytes(),
    );
    body.put(claims.key_id().as_bytes());
    body.put(claims.content_digest());
    body.finish()
}

pub(crate) fn message(body: &[u8; BODY_LEN]) -> Vec<u8> {
    FRAME.message(body)
}

/// The token text: `KD1:` and the base45 of body and signature.
pub(crate) fn sign(claims: &DocumentClaims, key: &SigningKey) -> String {
    FRAME.seal(&body(claims), key)
}

impl From<FrameError> for NotADocument {
    fn from(error: FrameError) -> Self {
        match error {
            FrameError::OtherFamily => NotADocument::NoToken,
            FrameError::UnsupportedVersion => NotADocument::UnsupportedVersion,
            FrameError::Length => NotADocument::Length,
            FrameError::Encoding(e) => NotADocument::Encoding(e),
        }
    }
}

/// A token taken apart, signature not yet checked.
pub(crate) struct Parsed {
    pub(crate) body: [u8; BODY_LEN],
    pub(crate) signature: Signature,
    pub(crate) claims: DocumentClaims,
}

/// Reads a token strictly: prefix, exact length, canonical base45, known version and type,
/// valid KVNR (check digit), a validity the format allows. Never panics.
pub(crate) fn parse(text: &str) -> Result<Parsed, NotADocument> {
    let (body, signature) = FRAME.open(text)?;
    let mut fields = Fields::new(&body);
    // The version, checked by the frame.
    fields.take::<1>()?;
    let document_id = DocumentId::from_bytes(fields.take()?);
    let [kind] = fields.take()?;
    let kind = DocumentKind::from_code(kind).ok_or(NotADocument::Kind)?;
    let kvnr: [u8; KVNR_LEN] = fields.take()?;
    let kvnr: Kvnr = std::str::from_utf8(&kvnr)
        .ok()
        .and_then(|k| k.parse().ok())
        .ok_or(NotADocument::Kvnr)?;
    let issued = u32::from_be_bytes(fields.take()?);
    let issued_at = OffsetDateTime::from_unix_timestamp(i64::from(issued))
        .map_err(|_| NotADocument::Validity)?;
    let from = date_from_days(u16::from_be_bytes(fields.take()?)).ok_or(NotADocument::Validity)?;
    let until = date_from_days(u16::from_be_bytes(fields.take()?)).ok_or(NotADocument::Validity)?;
    let key_id = KeyId::from_bytes(fields.take()?);
    let digest: [u8; 32] = fields.take()?;
    let claims = DocumentClaims::new(
        document_id,
        kind,
        kvnr,
        issued_at,
        from,
        until,
        key_id,
        digest,
    )
    .map_err(|_| NotADocument::Validity)?;
    Ok(Parsed {
        body,
        signature,
        claims,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(BODY_LEN, 76);
        assert_eq!(TOKEN_BYTES, 140);
        assert_eq!(TOKEN_LEN, 214);
    }

    #[test]
    fn other_texts_are_not_documents() {
        for text in ["", "KD", "https://example.org", "KL1:ABC"] {
            assert!(matches!(parse(text), Err(NotADocument::NoToken)), "{text}");
        }
        assert!(matches!(
            parse("KD2:ABC"),
            Err(NotADocument::UnsupportedVersion)
        ));
        assert!(matches!(parse("KD1:ABC"), Err(NotADocument::Length)));
        let lower = format!("KD1:{}", "a".repeat(TOKEN_LEN - 4));
        assert!(matches!(parse(&lower), Err(NotADocument::Encoding(_))));
        // Multi-byte characters of the right byte length never panic on slicing.
        let wide = format!("KD1:{}", "ä".repeat((TOKEN_LEN - 4) / 2));
        assert!(parse(&wide).is_err());
    }
}
