//! Certificates printed at kiosks: the kiosks' document-signing keys, one record per
//! document (its latest print outcome), and the university (M10) reports waiting to go out.

use base64::Engine;
use kiosk_protocol::{
    DocumentKeyRegistered, DocumentPrinted, EventOutcome, UniversityReportRequested,
};
use sha2::{Digest, Sha256};
use sqlx::Row;

use super::{Db, DbError, now_millis};

type Tx = sqlx::Transaction<'static, sqlx::Any>;

fn rejected(reason: &str) -> EventOutcome {
    EventOutcome::Rejected {
        reason: reason.to_owned(),
    }
}

/// The key id a public key must have: hex of the first 8 bytes of its SHA-256.
pub fn document_key_id(public_key: &[u8]) -> String {
    hex::encode(&Sha256::digest(public_key)[..8])
}

pub(crate) async fn register_key(
    tx: &mut Tx,
    kiosk_id: &str,
    event: &DocumentKeyRegistered,
) -> Result<EventOutcome, DbError> {
    let Ok(public_key) = base64::engine::general_purpose::STANDARD.decode(&event.public_key) else {
        return Ok(rejected("publicKey is not base64"));
    };
    if public_key.len() != 32 {
        return Ok(rejected("publicKey is not 32 bytes"));
    }
    if document_key_id(&public_key) != event.key_id {
        return Ok(rejected("keyId does not match publicKey"));
    }
    let existing = sqlx::query("SELECT kiosk_id FROM document_keys WHERE key_id = $1")
        .bind(&event.key_id)
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(row) = existing {
        let owner: String = row.try_get("kiosk_id")?;
        return Ok(if owner == kiosk_id {
            EventOutcome::Applied
        } else {
            rejected("keyId belongs to another kiosk")
        });
    }
    sqlx::query(
        "INSERT INTO document_keys (key_id, kiosk_id, public_key, registered_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(&event.key_id)
    .bind(kiosk_id)
    .bind(&event.public_key)
    .bind(now_millis())
    .execute(&mut **tx)
    .await?;
    Ok(EventOutcome::Applied)
}

pub(crate) async fn record_print(
    tx: &mut Tx,
    kiosk_id: &str,
    event: &DocumentPrinted,
) -> Result<EventOutcome, DbError> {
    let key_owner = sqlx::query("SELECT kiosk_id FROM document_keys WHERE key_id = $1")
        .bind(&event.key_id)
        .fetch_optional(&mut **tx)
        .await?
        .map(|row| row.try_get::<String, _>("kiosk_id"))
        .transpose()?;
    if key_owner.as_deref() != Some(kiosk_id) {
        return Ok(rejected("keyId is not a key of this kiosk"));
    }
    let existing =
        sqlx::query("SELECT kiosk_id, content_digest FROM documents WHERE document_id = $1")
            .bind(&event.document_id)
            .fetch_optional(&mut **tx)
            .await?;
    if let Some(row) = existing {
        let owner: String = row.try_get("kiosk_id")?;
        let digest: String = row.try_get("content_digest")?;
        if owner != kiosk_id || digest != event.content_digest {
            return Ok(rejected("documentId names another document"));
        }
    }
    let outcome = serde_json::to_value(event.outcome)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    sqlx::query(
        "INSERT INTO documents (document_id, kiosk_id, kind, key_id, content_digest, valid_from,
                                valid_until, outcome, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (document_id) DO UPDATE SET outcome = excluded.outcome,
                                                 updated_at = excluded.updated_at",
    )
    .bind(&event.document_id)
    .bind(kiosk_id)
    .bind(&event.document_kind)
    .bind(&event.key_id)
    .bind(&event.content_digest)
    .bind(&event.valid_from)
    .bind(&event.valid_until)
    .bind(outcome)
    .bind(now_millis())
    .execute(&mut **tx)
    .await?;
    Ok(EventOutcome::Applied)
}

pub(crate) async fn queue_university_report(
    tx: &mut Tx,
    kiosk_id: &str,
    event: &UniversityReportRequested,
) -> Result<EventOutcome, DbError> {
    let member = sqlx::query("SELECT kvnr FROM members WHERE kvnr = $1")
        .bind(&event.kvnr)
        .fetch_optional(&mut **tx)
        .await?;
    if member.is_none() {
        return Ok(rejected("unknown member"));
    }
    // The same report asked for again (the member went back and sent it anew, or at another
    // kiosk) while the first still waits: one report reaches the university. The unique index
    // of queued reports decides, also between two kiosks pushing at the same moment.
    sqlx::query(
        "INSERT INTO university_reports (request_id, kvnr, sender_number, kiosk_id, requested_at, state)
         VALUES ($1, $2, $3, $4, $5, 'queued')
         ON CONFLICT DO NOTHING",
    )
    .bind(event.request_id.to_string())
    .bind(&event.kvnr)
    .bind(&event.sender_number)
    .bind(kiosk_id)
    .bind(now_millis())
    .execute(&mut **tx)
    .await?;
    Ok(EventOutcome::Applied)
}

/// A document-signing key as a verifier needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentKeyRecord {
    pub kiosk_id: String,
    /// Base64 of the Ed25519 public key.
    pub public_key: String,
    /// The kiosk that holds the key is revoked: what it signs is no longer trusted.
    pub kiosk_revoked: bool,
}

/// What the central system knows of one document id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRecord {
    pub kiosk_id: String,
    pub kind: String,
    pub content_digest: String,
    pub outcome: String,
    pub revoked: bool,
}

/// A queued university report, for the transmission job and for tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UniversityReport {
    pub request_id: String,
    pub kvnr: String,
    pub sender_number: String,
    pub kiosk_id: String,
    pub state: String,
}

impl Db {
    pub async fn document_key(&self, key_id: &str) -> Result<Option<DocumentKeyRecord>, DbError> {
        let row = sqlx::query(
            "SELECT d.kiosk_id, d.public_key, d.revoked_at AS key_revoked_at,
                    k.revoked_at AS kiosk_revoked_at
             FROM document_keys d LEFT JOIN kiosks k ON k.kiosk_id = d.kiosk_id
             WHERE d.key_id = $1",
        )
        .bind(key_id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok(DocumentKeyRecord {
                kiosk_id: row.try_get("kiosk_id")?,
                public_key: row.try_get("public_key")?,
                kiosk_revoked: row.try_get::<Option<i64>, _>("key_revoked_at")?.is_some()
                    || row.try_get::<Option<i64>, _>("kiosk_revoked_at")?.is_some(),
            })
        })
        .transpose()
    }

    pub async fn document(&self, document_id: &str) -> Result<Option<DocumentRecord>, DbError> {
        let row = sqlx::query(
            "SELECT kiosk_id, kind, content_digest, outcome, revoked_at
             FROM documents WHERE document_id = $1",
        )
        .bind(document_id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok(DocumentRecord {
                kiosk_id: row.try_get("kiosk_id")?,
                kind: row.try_get("kind")?,
                content_digest: row.try_get("content_digest")?,
                outcome: row.try_get("outcome")?,
                revoked: row.try_get::<Option<i64>, _>("revoked_at")?.is_some(),
            })
        })
        .transpose()
    }

    /// Withdraws a document (e.g. issued in error): verifiers are told it is revoked.
    pub async fn revoke_document(&self, document_id: &str) -> Result<bool, DbError> {
        let changed = sqlx::query(
            "UPDATE documents SET revoked_at = $1 WHERE document_id = $2 AND revoked_at IS NULL",
        )
        .bind(now_millis())
        .bind(document_id)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(changed == 1)
    }

    pub async fn university_reports(&self) -> Result<Vec<UniversityReport>, DbError> {
        let rows = sqlx::query(
            "SELECT request_id, kvnr, sender_number, kiosk_id, state
             FROM university_reports ORDER BY requested_at, request_id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(UniversityReport {
                    request_id: row.try_get("request_id")?,
                    kvnr: row.try_get("kvnr")?,
                    sender_number: row.try_get("sender_number")?,
                    kiosk_id: row.try_get("kiosk_id")?,
                    state: row.try_get("state")?,
                })
            })
            .collect()
    }
}
