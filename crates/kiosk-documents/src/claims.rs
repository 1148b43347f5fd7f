//! What a document's token states: which document, of which kind, for whom, when issued, for
//! which days valid, signed by which key, over which content.

use std::fmt;

use ed25519_dalek::VerifyingKey;
use kiosk_domain::Kvnr;
use kiosk_token::days_from_date;
use sha2::{Digest, Sha256};
use thiserror::Error;
use time::{Date, OffsetDateTime};

use crate::input::destination::TreatyCountry;

kiosk_token::random_id!(
    /// 16 random bytes chosen by the issuer; printed as 32 lowercase hex digits, on the
    /// document in groups of four.
    DocumentId,
    InvalidDocumentId,
    "a document id is 32 hex digits"
);

/// The signer's key id: the first 8 bytes of SHA-256 over the 32-byte Ed25519 public key, so a
/// verifier finds the key without a registry of names.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId([u8; 8]);

impl KeyId {
    pub const LEN: usize = 8;

    pub fn of(key: &VerifyingKey) -> KeyId {
        let hash = Sha256::digest(key.as_bytes());
        let mut id = [0u8; 8];
        id.copy_from_slice(&hash[..8]);
        KeyId(id)
    }

    pub fn from_bytes(bytes: [u8; 8]) -> KeyId {
        KeyId(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 8] {
        &self.0
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({self})")
    }
}

/// The kind of document, as the token's type byte records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    /// Mitgliedsbescheinigung (§ 175 SGB V).
    Membership,
    /// Eingangsbestätigung for the electronic M10 report to a university.
    UniversityReceipt,
    /// Versicherungsbescheinigung for the member's own records.
    StudentCertificate,
    /// Anspruchsbescheinigung (treaty form) for a journey.
    TravelCertificate(TreatyCountry),
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 6] = [
        DocumentKind::Membership,
        DocumentKind::UniversityReceipt,
        DocumentKind::StudentCertificate,
        DocumentKind::TravelCertificate(TreatyCountry::Turkey),
        DocumentKind::TravelCertificate(TreatyCountry::Tunisia),
        DocumentKind::TravelCertificate(TreatyCountry::BosniaHerzegovina),
    ];

    /// The token's type byte (`docs/document-token.md`).
    pub fn code(self) -> u8 {
        match self {
            DocumentKind::Membership => 1,
            DocumentKind::UniversityReceipt => 2,
            DocumentKind::StudentCertificate => 3,
            DocumentKind::TravelCertificate(TreatyCountry::Turkey) => 4,
            DocumentKind::TravelCertificate(TreatyCountry::Tunisia) => 5,
            DocumentKind::TravelCertificate(TreatyCountry::BosniaHerzegovina) => 6,
        }
    }

    pub fn from_code(code: u8) -> Option<DocumentKind> {
        DocumentKind::ALL
            .into_iter()
            .find(|kind| kind.code() == code)
    }

    /// The kind's one stable code: in logs, audit records, `document.printed` reports, the
    /// central system's answers and `kioskctl verify` (letters only, as the protocol wants).
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Membership => "membership",
            DocumentKind::UniversityReceipt => "universityReceipt",
            DocumentKind::StudentCertificate => "studentCertificate",
            DocumentKind::TravelCertificate(TreatyCountry::Turkey) => "travelTurkey",
            DocumentKind::TravelCertificate(TreatyCountry::Tunisia) => "travelTunisia",
            DocumentKind::TravelCertificate(TreatyCountry::BosniaHerzegovina) => "travelBosnia",
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The longest validity a token may state, first and last day included (a treaty form's
/// journey; every other document is valid on its day of issue).
pub const MAX_VALIDITY_DAYS: i64 = 365;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ClaimsError {
    #[error("the validity ends before it starts")]
    ValidityReversed,
    #[error("the validity is longer than {MAX_VALIDITY_DAYS} days")]
    ValidityTooLong,
    #[error("a date outside the token's range (1970-01-01 to 2149-06-06)")]
    DateOutOfRange,
    #[error("an issue time outside the token's range (1970 to 2106)")]
    IssuedOutOfRange,
}

/// The claims of a document, signed into its token.
#[derive(Clone, PartialEq, Eq)]
pub struct DocumentClaims {
    document_id: DocumentId,
    kind: DocumentKind,
    kvnr: Kvnr,
    issued_at: OffsetDateTime,
    valid_from: Date,
    valid_until: Date,
    key_id: KeyId,
    content_digest: [u8; 32],
}

impl DocumentClaims {
    /// Checks what the token format can hold; the issue time is kept to the second, in UTC.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        document_id: DocumentId,
        kind: DocumentKind,
        kvnr: Kvnr,
        issued_at: OffsetDateTime,
        valid_from: Date,
        valid_until: Date,
        key_id: KeyId,
        content_digest: [u8; 32],
    ) -> Result<DocumentClaims, ClaimsError> {
        if valid_until < valid_from {
            return Err(ClaimsError::ValidityReversed);
        }
        if (valid_until - valid_from).whole_days() + 1 > MAX_VALIDITY_DAYS {
            return Err(ClaimsError::ValidityTooLong);
        }
        days_from_date(valid_from).ok_or(ClaimsError::DateOutOfRange)?;
        days_from_date(valid_until).ok_or(ClaimsError::DateOutOfRange)?;
        let seconds =
            u32::try_from(issued_at.unix_timestamp()).map_err(|_| ClaimsError::IssuedOutOfRange)?;
        let issued_at = OffsetDateTime::from_unix_timestamp(i64::from(seconds))
            .map_err(|_| ClaimsError::IssuedOutOfRange)?;
        Ok(DocumentClaims {
            document_id,
            kind,
            kvnr,
            issued_at,
            valid_from,
            valid_until,
            key_id,
            content_digest,
        })
    }

    pub fn document_id(&self) -> &DocumentId {
        &self.document_id
    }

    pub fn kind(&self) -> DocumentKind {
        self.kind
    }

    pub fn kvnr(&self) -> &Kvnr {
        &self.kvnr
    }

    /// The KVNR as a log or a console may show it: letter and five digits, the rest hidden
    /// (`A12345****`).
    pub fn masked_kvnr(&self) -> String {
        let shown: String = self.kvnr.as_str().chars().take(6).collect();
        format!("{shown}****")
    }

    /// In UTC, to the second.
    pub fn issued_at(&self) -> OffsetDateTime {
        self.issued_at
    }

    pub fn valid_from(&self) -> Date {
        self.valid_from
    }

    pub fn valid_until(&self) -> Date {
        self.valid_until
    }

    /// Whether the document is valid on this (German local) date. The verdict itself does not
    /// judge time: a receiving party asks about the day it cares about.
    pub fn is_valid_on(&self, date: Date) -> bool {
        self.valid_from <= date && date <= self.valid_until
    }

    pub fn key_id(&self) -> &KeyId {
        &self.key_id
    }

    pub fn content_digest(&self) -> &[u8; 32] {
        &self.content_digest
    }
}

/// Redacted: the KVNR (through its own Debug) never reaches a log line.
impl fmt::Debug for DocumentClaims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DocumentClaims")
            .field("document_id", &self.document_id)
            .field("kind", &self.kind)
            .field("kvnr", &self.kvnr)
            .field("issued_at", &self.issued_at)
            .field("valid_from", &self.valid_from)
            .field("valid_until", &self.valid_until)
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}
