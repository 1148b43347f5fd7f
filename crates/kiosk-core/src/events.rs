//! What the kiosk records about sessions: no names, no KVNR, only random ids and facts.

use kiosk_domain::{EndReason, IdentificationMethod, SessionId};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionStartedEvent {
    pub session_id: SessionId,
    pub branch_id: String,
    pub kiosk_id: String,
    pub method: IdentificationMethod,
}

impl SessionStartedEvent {
    pub const KIND: &'static str = "session.started";
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionEndedEvent {
    pub session_id: SessionId,
    pub branch_id: String,
    pub kiosk_id: String,
    pub reason: EndReason,
    pub duration_seconds: u64,
}

impl SessionEndedEvent {
    pub const KIND: &'static str = "session.ended";
}
