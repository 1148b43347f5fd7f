//! Verifying certificates printed at kiosks: by token (what a QR code says), and the key and
//! record lookups verifiers of whole files need.

use axum::{
    Json,
    extract::{Path, State, rejection::JsonRejection},
    http::StatusCode,
};
use base64::Engine;
use kiosk_documents::{KeyLookup, KeyStatus, Verdict, VerifyingKey};
use kiosk_protocol::{
    ApiErrorCode, DocumentInfo, DocumentKeyInfo, VerifyRequest, VerifyResponse, VerifyVerdict,
};

use super::{AppState, HttpError, auth::Kiosk};
use crate::db::{Db, DbError, DocumentKeyRecord};

fn not_found(what: &str) -> HttpError {
    HttpError::new(
        StatusCode::NOT_FOUND,
        ApiErrorCode::NotFound,
        format!("no such {what}"),
    )
}

fn hex_id(value: &str, digits: usize) -> Result<String, HttpError> {
    let value = value.to_ascii_lowercase();
    if value.len() == digits && value.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(value)
    } else {
        Err(HttpError::invalid(format!("expected {digits} hex digits")))
    }
}

/// One key, as the database has it; looked up before the (synchronous) verification.
struct OneKey {
    key_id: [u8; 8],
    status: KeyStatus,
}

impl KeyLookup for OneKey {
    fn lookup(&self, key_id: &[u8; 8]) -> KeyStatus {
        if *key_id == self.key_id {
            self.status.clone()
        } else {
            KeyStatus::Unknown
        }
    }
}

/// Records which key a verification asks for.
#[derive(Default)]
struct AskedKey(std::cell::Cell<Option<[u8; 8]>>);

impl KeyLookup for AskedKey {
    fn lookup(&self, key_id: &[u8; 8]) -> KeyStatus {
        self.0.set(Some(*key_id));
        KeyStatus::Unknown
    }
}

fn key_status(record: &DocumentKeyRecord) -> KeyStatus {
    if record.kiosk_revoked {
        return KeyStatus::Revoked;
    }
    base64::engine::general_purpose::STANDARD
        .decode(&record.public_key)
        .ok()
        .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
        .and_then(|bytes| VerifyingKey::from_bytes(&bytes).ok())
        .map_or(KeyStatus::Unknown, KeyStatus::Active)
}

async fn verify(db: &Db, token: &str) -> Result<VerifyResponse, DbError> {
    let mut response = VerifyResponse {
        verdict: VerifyVerdict::NotADocument,
        document_id: None,
        document_kind: None,
        valid_from: None,
        valid_until: None,
        kiosk_id: None,
        print_outcome: None,
    };
    // First pass: which key the token names (a malformed token stops here).
    let asked = AskedKey::default();
    if let Verdict::NotADocument(_) = kiosk_documents::verify_token(token, &asked) {
        return Ok(response);
    }
    let Some(key_id) = asked.0.get() else {
        return Ok(response);
    };
    let record = db.document_key(&hex::encode(key_id)).await?;
    let lookup = OneKey {
        key_id,
        status: record.as_ref().map_or(KeyStatus::Unknown, key_status),
    };
    response.kiosk_id = record.map(|r| r.kiosk_id);
    response.verdict = match kiosk_documents::verify_token(token, &lookup) {
        Verdict::Valid(claims) => {
            let document_id = claims.document_id().to_string();
            let printed = db.document(&document_id).await?;
            response.document_kind = Some(claims.kind().as_str().to_owned());
            response.valid_from = Some(claims.valid_from().to_string());
            response.valid_until = Some(claims.valid_until().to_string());
            response.document_id = Some(document_id);
            let verdict = match &printed {
                Some(record) if record.revoked => VerifyVerdict::Revoked,
                // Signed by the kiosk's key, but not what the kiosk reported printing.
                Some(record) if record.content_digest != hex::encode(claims.content_digest()) => {
                    VerifyVerdict::Tampered
                }
                _ => VerifyVerdict::Valid,
            };
            response.print_outcome = printed.map(|r| r.outcome);
            verdict
        }
        Verdict::Tampered => VerifyVerdict::Tampered,
        Verdict::UnknownKey => VerifyVerdict::UnknownKey,
        Verdict::Revoked => VerifyVerdict::Revoked,
        Verdict::NotADocument(_) => VerifyVerdict::NotADocument,
    };
    Ok(response)
}

/// Checks a certificate's verification token: valid, tampered, unknown key or revoked.
#[utoipa::path(post, path = "/v1/documents/verify", request_body = VerifyRequest,
    responses((status = 200, body = VerifyResponse), (status = 400, body = kiosk_protocol::ApiError),
        (status = 401, body = kiosk_protocol::ApiError)))]
pub async fn verify_document(
    State(state): State<AppState>,
    Kiosk(_kiosk): Kiosk,
    payload: Result<Json<VerifyRequest>, JsonRejection>,
) -> Result<Json<VerifyResponse>, HttpError> {
    let request = super::handlers::body(payload)?;
    request
        .validate()
        .map_err(|e| HttpError::invalid(e.to_string()))?;
    let response = verify(&state.db, request.token.trim()).await?;
    tracing::info!(verdict = ?response.verdict, "document verified");
    Ok(Json(response))
}

/// A kiosk's document-signing key (16 hex digits), for verifying whole files.
#[utoipa::path(get, path = "/v1/document-keys/{key_id}",
    params(("key_id" = String, Path, description = "16 hex digits")),
    responses((status = 200, body = DocumentKeyInfo), (status = 404, body = kiosk_protocol::ApiError)))]
pub async fn document_key(
    State(state): State<AppState>,
    Kiosk(_kiosk): Kiosk,
    Path(key_id): Path<String>,
) -> Result<Json<DocumentKeyInfo>, HttpError> {
    let key_id = hex_id(&key_id, 16)?;
    let record = state
        .db
        .document_key(&key_id)
        .await?
        .ok_or_else(|| not_found("document key"))?;
    Ok(Json(DocumentKeyInfo {
        key_id,
        kiosk_id: record.kiosk_id,
        public_key: record.public_key,
        revoked: record.kiosk_revoked,
    }))
}

/// The record of a printed document (32 hex digits): kind, kiosk, content digest, outcome,
/// whether it was withdrawn.
#[utoipa::path(get, path = "/v1/documents/{document_id}",
    params(("document_id" = String, Path, description = "32 hex digits")),
    responses((status = 200, body = DocumentInfo), (status = 404, body = kiosk_protocol::ApiError)))]
pub async fn document(
    State(state): State<AppState>,
    Kiosk(_kiosk): Kiosk,
    Path(document_id): Path<String>,
) -> Result<Json<DocumentInfo>, HttpError> {
    let document_id = hex_id(&document_id, 32)?;
    let record = state
        .db
        .document(&document_id)
        .await?
        .ok_or_else(|| not_found("document"))?;
    Ok(Json(DocumentInfo {
        document_id,
        document_kind: record.kind,
        kiosk_id: record.kiosk_id,
        content_digest: record.content_digest,
        print_outcome: record.outcome,
        revoked: record.revoked,
    }))
}
