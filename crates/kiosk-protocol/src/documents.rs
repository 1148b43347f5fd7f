//! Events about certificates: the kiosk's document-signing key, each print, and the
//! university (M10) reports members request at the kiosk.

use kiosk_domain::Kvnr;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::Invalid;

/// The kiosk announces the Ed25519 public key it signs certificates' verification QR codes
/// with. The central system binds it to the kiosk that sent it (the mTLS identity), so a
/// kiosk can only ever register keys for itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DocumentKeyRegistered {
    pub branch_id: String,
    pub kiosk_id: String,
    /// 16 hex digits: the first 8 bytes of SHA-256 of the public key.
    pub key_id: String,
    /// Base64 of the 32-byte Ed25519 public key.
    pub public_key: String,
}

/// What became of one print of a certificate. No personal data: the document id is random,
/// the digest covers the content without revealing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DocumentPrinted {
    pub session_id: Option<Uuid>,
    pub branch_id: String,
    pub kiosk_id: String,
    /// 32 hex digits, the id in the document's verification QR.
    pub document_id: String,
    /// e.g. `membership`, `universityReceipt`, `studentCertificate`, `travelTurkey`.
    pub document_kind: String,
    /// The signing key's id (16 hex digits).
    pub key_id: String,
    /// Hex SHA-256 of the document's content, as in its verification QR.
    pub content_digest: String,
    /// YYYY-MM-DD
    pub valid_from: String,
    /// YYYY-MM-DD
    pub valid_until: String,
    pub outcome: PrintOutcome,
    /// A printer problem code when the print failed or waited (e.g. `mediaEmpty`).
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum PrintOutcome {
    /// The spooler reported the job completed.
    Completed,
    /// The job was certainly not printed (refused, not sent, aborted, canceled).
    Failed,
    /// The kiosk stopped between submitting and confirming: staff must check the tray.
    InDoubt,
    /// Staff checked an in-doubt print: it was printed.
    ResolvedPrinted,
    /// Staff checked an in-doubt print: it was not printed.
    ResolvedNotPrinted,
}

/// A member asked at the kiosk for the electronic membership report to their university
/// (M10, § 199a SGB V). The central system queues it for transmission.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UniversityReportRequested {
    pub session_id: Uuid,
    pub branch_id: String,
    pub kiosk_id: String,
    /// Random; also printed on the member's receipt.
    pub request_id: Uuid,
    pub kvnr: String,
    /// The university's sender number, `H` and 7 digits (e.g. `H0000719`).
    pub sender_number: String,
}

/// Lowercase only: ids and digests are stored and compared as sent, and the kiosk and the
/// central system write them in lowercase (an uppercase digest would never match).
pub(crate) fn is_hex(value: &str, len: usize) -> bool {
    value.len() == len
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

pub(crate) fn is_date(value: &str) -> bool {
    let b = value.as_bytes();
    value.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn is_code(value: &str) -> bool {
    (1..=40).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `H` and 7 digits.
pub fn is_sender_number(value: &str) -> bool {
    value.len() == 8 && value.starts_with('H') && value.bytes().skip(1).all(|b| b.is_ascii_digit())
}

impl DocumentKeyRegistered {
    pub fn validate(&self) -> Result<(), Invalid> {
        if !is_hex(&self.key_id, 16) {
            return Err(Invalid::new("payload.keyId", "16 lowercase hex digits"));
        }
        if self.public_key.len() != 44 {
            return Err(Invalid::new(
                "payload.publicKey",
                "base64 of a 32-byte Ed25519 public key",
            ));
        }
        Ok(())
    }
}

impl DocumentPrinted {
    pub fn validate(&self) -> Result<(), Invalid> {
        if !is_hex(&self.document_id, 32) {
            return Err(Invalid::new(
                "payload.documentId",
                "32 lowercase hex digits",
            ));
        }
        if !is_code(&self.document_kind) {
            return Err(Invalid::new(
                "payload.documentKind",
                "a kind code of 1 to 40 letters",
            ));
        }
        if !is_hex(&self.key_id, 16) {
            return Err(Invalid::new("payload.keyId", "16 lowercase hex digits"));
        }
        if !is_hex(&self.content_digest, 64) {
            return Err(Invalid::new(
                "payload.contentDigest",
                "64 lowercase hex digits",
            ));
        }
        if !is_date(&self.valid_from) || !is_date(&self.valid_until) {
            return Err(Invalid::new("payload.validFrom", "dates as YYYY-MM-DD"));
        }
        if self.problem.as_deref().is_some_and(|p| !is_code(p)) {
            return Err(Invalid::new(
                "payload.problem",
                "a problem code of 1 to 40 letters",
            ));
        }
        Ok(())
    }
}

impl UniversityReportRequested {
    pub fn validate(&self) -> Result<(), Invalid> {
        self.kvnr
            .parse::<Kvnr>()
            .map_err(|e| Invalid::new("payload.kvnr", e.to_string()))?;
        if !is_sender_number(&self.sender_number) {
            return Err(Invalid::new(
                "payload.senderNumber",
                "H and 7 digits, e.g. H0000719",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed() -> DocumentPrinted {
        DocumentPrinted {
            session_id: Some(Uuid::nil()),
            branch_id: "B-01".into(),
            kiosk_id: "B-01-K1".into(),
            document_id: "0".repeat(32),
            document_kind: "membership".into(),
            key_id: "a".repeat(16),
            content_digest: "f".repeat(64),
            valid_from: "2026-11-29".into(),
            valid_until: "2026-11-29".into(),
            outcome: PrintOutcome::Completed,
            problem: None,
        }
    }

    #[test]
    fn a_print_record_is_checked_field_by_field() {
        assert_eq!(printed().validate(), Ok(()));
        let bad = [
            DocumentPrinted {
                document_id: "xyz".into(),
                ..printed()
            },
            DocumentPrinted {
                document_kind: "membership; drop".into(),
                ..printed()
            },
            DocumentPrinted {
                content_digest: "f".repeat(63),
                ..printed()
            },
            // Stored and compared as sent: uppercase would never match the signed digest.
            DocumentPrinted {
                content_digest: "F".repeat(64),
                ..printed()
            },
            DocumentPrinted {
                valid_until: "29.11.2026".into(),
                ..printed()
            },
            DocumentPrinted {
                problem: Some(String::new()),
                ..printed()
            },
        ];
        for event in bad {
            assert!(event.validate().is_err(), "{event:?}");
        }
    }

    #[test]
    fn sender_numbers_are_h_and_seven_digits() {
        assert!(is_sender_number("H0000719"));
        for bad in [
            "h0000719",
            "H000071",
            "H00007190",
            "X0000719",
            "H00007a9",
            "",
        ] {
            assert!(!is_sender_number(bad), "{bad}");
        }
    }

    #[test]
    fn a_report_needs_a_valid_kvnr() {
        let mut report = UniversityReportRequested {
            session_id: Uuid::nil(),
            branch_id: "B-01".into(),
            kiosk_id: "B-01-K1".into(),
            request_id: Uuid::nil(),
            kvnr: "A123456780".into(),
            sender_number: "H0000719".into(),
        };
        assert_eq!(report.validate(), Ok(()));
        report.kvnr = "A123456781".into();
        assert_eq!(
            report.validate().map_err(|e| e.field),
            Err("payload.kvnr".to_string())
        );
    }
}
