//! The verification token's bytes and text (`docs/document-token.md`): the claims, then an
//! Ed25519 signature over them, as base45 behind `KD1:` so that the QR code stays in its dense
//! alphanumeric mode.

use ed25519_dalek::{Signature, Signer, SigningKey};
use kiosk_domain::Kvnr;
use kiosk_letter::base45;
use thiserror::Error;
use time::OffsetDateTime;

use crate::claims::{
    DocumentClaims, DocumentId, DocumentKind, KeyId, date_from_days, days_from_date,
};

/// The text starts with this ("kiosk document, format 1"); QR alphanumeric like base45.
pub const PREFIX: &str = "KD1:";
pub const FORMAT_VERSION: u8 = 1;
/// The signature covers this context string and the body, so that a signature the same key
/// makes for anything else can never pass as a document's.
const SIGNING_CONTEXT: &[u8] = b"kiosk-document-v1\0";
const KVNR_LEN: usize = 10;
/// version, document id, type, KVNR, issued at, valid from, valid until, key id, digest.
pub const BODY_LEN: usize = 1 + DocumentId::LEN + 1 + KVNR_LEN + 4 + 2 + 2 + KeyId::LEN + 32;
const SIGNATURE_LEN: usize = 64;
pub const TOKEN_BYTES: usize = BODY_LEN + SIGNATURE_LEN;
/// Every token has exactly this many characters.
pub const TOKEN_LEN: usize = PREFIX.len() + TOKEN_BYTES / 2 * 3 + TOKEN_BYTES % 2 * 2;

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
    Encoding(base45::Base45Error),
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
    let mut body = [0u8; BODY_LEN];
    let mut at = 0;
    let mut put = |bytes: &[u8]| {
        body[at..at + bytes.len()].copy_from_slice(bytes);
        at += bytes.len();
    };
    put(&[FORMAT_VERSION]);
    put(claims.document_id().as_bytes());
    put(&[claims.kind().code()]);
    put(claims.kvnr().as_str().as_bytes());
    // `DocumentClaims::new` checked that the time and both dates fit.
    let issued = u32::try_from(claims.issued_at().unix_timestamp()).unwrap_or(0);
    put(&issued.to_be_bytes());
    put(&days_from_date(claims.valid_from())
        .unwrap_or(0)
        .to_be_bytes());
    put(&days_from_date(claims.valid_until())
        .unwrap_or(0)
        .to_be_bytes());
    put(claims.key_id().as_bytes());
    put(claims.content_digest());
    body
}

pub(crate) fn message(body: &[u8]) -> Vec<u8> {
    [SIGNING_CONTEXT, body].concat()
}

/// The token text: `KD1:` and the base45 of body and signature.
pub(crate) fn sign(claims: &DocumentClaims, key: &SigningKey) -> String {
    let body = body(claims);
    let signature = key.sign(&message(&body));
    let mut bytes = Vec::with_capacity(TOKEN_BYTES);
    bytes.extend_from_slice(&body);
    bytes.extend_from_slice(&signature.to_bytes());
    format!("{PREFIX}{}", base45::encode(&bytes))
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
    let Some(encoded) = text.strip_prefix(PREFIX) else {
        // "KD" and a digit is this family in another version: say so rather than "not ours".
        let family = text.as_bytes();
        if family.len() >= 4
            && family.starts_with(b"KD")
            && family[2].is_ascii_digit()
            && family[3] == b':'
        {
            return Err(NotADocument::UnsupportedVersion);
        }
        return Err(NotADocument::NoToken);
    };
    // Checked before decoding, so huge input costs nothing.
    if text.len() != TOKEN_LEN {
        return Err(NotADocument::Length);
    }
    let bytes = base45::decode(encoded).map_err(NotADocument::Encoding)?;
    let mut all = Fields { rest: &bytes };
    let (body, signature): ([u8; BODY_LEN], [u8; SIGNATURE_LEN]) = (all.take()?, all.take()?);
    let mut fields = Fields { rest: &body };
    if fields.take::<1>()? != [FORMAT_VERSION] {
        return Err(NotADocument::UnsupportedVersion);
    }
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
        signature: Signature::from_bytes(&signature),
        claims,
    })
}

/// Takes fixed-size fields off the front.
struct Fields<'a> {
    rest: &'a [u8],
}

impl Fields<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], NotADocument> {
        let (head, tail) = self.rest.split_at_checked(N).ok_or(NotADocument::Length)?;
        self.rest = tail;
        head.try_into().map_err(|_| NotADocument::Length)
    }
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
