//! Checking a certificate's verification QR: the central system knows every kiosk's document
//! keys (registered through the outbox) and every printed document's record, so it can say
//! valid, tampered, unknown key or revoked for documents from any kiosk.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::Invalid;

/// A token as read from a document's QR code (`KD1:…`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct VerifyRequest {
    pub token: String,
}

impl VerifyRequest {
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.token.is_empty() || self.token.len() > 1024 {
            return Err(Invalid::new(
                "token",
                "the text of a document's QR code (KD1:…)",
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum VerifyVerdict {
    /// Signed by a registered, unrevoked kiosk key; not withdrawn.
    Valid,
    /// The signature does not match the content: changed or forged.
    Tampered,
    /// No kiosk registered the signing key.
    UnknownKey,
    /// The key's kiosk or the document itself was withdrawn.
    Revoked,
    /// Not a document token at all.
    NotADocument,
}

/// What a verifier may learn: the facts the QR states, masked; no name, no full KVNR.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VerifyResponse {
    pub verdict: VerifyVerdict,
    pub document_id: Option<String>,
    pub document_kind: Option<String>,
    /// YYYY-MM-DD
    pub valid_from: Option<String>,
    /// YYYY-MM-DD
    pub valid_until: Option<String>,
    /// The kiosk whose key signed it.
    pub kiosk_id: Option<String>,
    /// The kiosk reported printing it (its last print outcome, e.g. `completed`), if it did yet.
    pub print_outcome: Option<String>,
}

/// A kiosk's document-signing key, for verifiers that check files themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DocumentKeyInfo {
    pub key_id: String,
    pub kiosk_id: String,
    /// Base64 of the 32-byte Ed25519 public key.
    pub public_key: String,
    /// The kiosk was revoked: nothing this key signed is trusted.
    pub revoked: bool,
}

/// What the central system records of a printed document (no personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DocumentInfo {
    pub document_id: String,
    pub document_kind: String,
    pub kiosk_id: String,
    /// Hex SHA-256 of the content, as in its QR code.
    pub content_digest: String,
    pub print_outcome: String,
    pub revoked: bool,
}
