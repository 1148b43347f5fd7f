use serde::Serialize;
use uuid::Uuid;

/// An event for the central system, written in the same transaction as the action it reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOutboxEvent {
    /// Lets the central system apply the event exactly once however often it is delivered.
    pub idempotency_key: Uuid,
    /// e.g. `session.started`; the protocol crate owns the vocabulary.
    pub kind: &'static str,
    /// JSON, with no more personal data than the central system needs.
    pub payload: String,
}

impl NewOutboxEvent {
    pub fn new(kind: &'static str, payload: &impl Serialize) -> Result<Self, serde_json::Error> {
        Ok(NewOutboxEvent {
            idempotency_key: Uuid::new_v4(),
            kind,
            payload: serde_json::to_string(payload)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEvent {
    pub seq: i64,
    pub idempotency_key: Uuid,
    pub kind: String,
    pub payload: String,
    pub created_at: String,
    pub attempts: i64,
}
