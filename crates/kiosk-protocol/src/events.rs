//! Push: the kiosk's outbox events, delivered at least once and applied exactly once.

use kiosk_domain::{EndReason, IdentificationMethod, Kvnr};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    AuditRecorded, DocumentKeyRegistered, DocumentPrinted, Invalid, MAX_PUSH_EVENTS,
    StaffAssistance, StaffLocked, UniversityReportRequested, is_valid_id,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PushRequest {
    pub events: Vec<OutboundEvent>,
}

/// One outbox event. The idempotency key makes redelivery harmless; reusing a key for a
/// different body is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OutboundEvent {
    pub idempotency_key: Uuid,
    /// When the kiosk committed it (RFC 3339, UTC).
    pub occurred_at: String,
    #[serde(flatten)]
    pub payload: EventPayload,
}

/// What happened, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", content = "payload")]
pub enum EventPayload {
    #[serde(rename = "session.started")]
    SessionStarted(SessionStarted),
    #[serde(rename = "session.ended")]
    SessionEnded(SessionEnded),
    #[serde(rename = "member.changed")]
    MemberDataChanged(MemberDataChange),
    #[serde(rename = "identification.succeeded")]
    IdentificationSucceeded(IdentificationSucceeded),
    #[serde(rename = "identification.refused")]
    IdentificationRefused(IdentificationRefused),
    #[serde(rename = "documentKey.registered")]
    DocumentKeyRegistered(DocumentKeyRegistered),
    #[serde(rename = "document.printed")]
    DocumentPrinted(DocumentPrinted),
    #[serde(rename = "universityReport.requested")]
    UniversityReportRequested(UniversityReportRequested),
    #[serde(rename = "letter.unlocked")]
    LetterUnlocked(LetterUnlocked),
    /// Five wrong PINs locked a staff account at the kiosk.
    #[serde(rename = "staff.locked")]
    StaffLocked(StaffLocked),
    /// A record of the kiosk's audit trail, with its chain link (`audit.rs`).
    #[serde(rename = "audit.recorded")]
    AuditRecorded(AuditRecorded),
}

impl EventPayload {
    pub fn kind(&self) -> &'static str {
        match self {
            EventPayload::SessionStarted(_) => "session.started",
            EventPayload::SessionEnded(_) => "session.ended",
            EventPayload::MemberDataChanged(_) => "member.changed",
            EventPayload::IdentificationSucceeded(_) => "identification.succeeded",
            EventPayload::IdentificationRefused(_) => "identification.refused",
            EventPayload::DocumentKeyRegistered(_) => "documentKey.registered",
            EventPayload::DocumentPrinted(_) => "document.printed",
            EventPayload::UniversityReportRequested(_) => "universityReport.requested",
            EventPayload::LetterUnlocked(_) => "letter.unlocked",
            EventPayload::StaffLocked(_) => "staff.locked",
            EventPayload::AuditRecorded(_) => "audit.recorded",
        }
    }

    /// SHA-256 over the event's canonical JSON: a redelivery has the same digest, a reused
    /// key with another body does not.
    pub fn digest(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        hex::encode(Sha256::digest(json))
    }
}

/// No personal data: a random session id and facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionStarted {
    pub session_id: Uuid,
    pub branch_id: String,
    pub kiosk_id: String,
    #[schema(value_type = String, example = "letter")]
    pub method: IdentificationMethod,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionEnded {
    pub session_id: Uuid,
    pub branch_id: String,
    pub kiosk_id: String,
    #[schema(value_type = String, example = "idleTimeout")]
    pub reason: EndReason,
    pub duration_seconds: u64,
}

/// A member identified at the kiosk. The letter id (random, not personal) lets the central
/// system mark the letter as used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentificationSucceeded {
    pub session_id: Uuid,
    pub branch_id: String,
    pub kiosk_id: String,
    #[schema(value_type = String, example = "letter")]
    pub method: IdentificationMethod,
    /// `substantial` or `high`.
    pub trust_level: String,
    pub letter_id: Option<String>,
    /// For a staff-assisted identification: who checked which member's ID document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<StaffAssistance>,
}

/// The refusal reason with which a kiosk reports that wrong dates of birth have just locked the
/// letter; the central system then locks it on every kiosk.
pub const REFUSED_LOCKED_NOW: &str = "lockedNow";

/// An identification attempt that was refused, with the reason's code (e.g. `expired`,
/// `revoked`, `alreadyUsed`, `birthDateMismatch`, `locked`). No personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentificationRefused {
    pub session_id: Uuid,
    pub branch_id: String,
    pub kiosk_id: String,
    pub reason: String,
    pub letter_id: Option<String>,
    /// For `birthDateMismatch`: tries left before the letter locks (0: it is locked now).
    pub attempts_left: Option<u32>,
}

/// Signed-in staff checked the member's ID and unlocked a letter that wrong dates of birth had
/// locked. The central system accepts it when the staff-assisted identification of
/// `session_id` (same kiosk, a valid staff account of the branch) was of the letter's member,
/// and then tells every kiosk; without a session it is refused (`staffAuthenticationRequired`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LetterUnlocked {
    pub branch_id: String,
    pub kiosk_id: String,
    /// 32 lowercase hex digits, as letters name their id.
    pub letter_id: String,
    /// Who checked the ID (a staff number, not a name).
    pub staff_id: String,
    /// The staff-assisted session in which the ID was checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<Uuid>,
}

impl LetterUnlocked {
    pub fn validate(&self) -> Result<(), Invalid> {
        if !crate::documents::is_hex(&self.letter_id, 32) {
            return Err(Invalid::new("payload.letterId", "32 lowercase hex digits"));
        }
        if !is_valid_staff_id(&self.staff_id) {
            return Err(Invalid::new(
                "payload.staffId",
                "2 to 32 letters, digits or '-'",
            ));
        }
        Ok(())
    }
}

/// A staff number: 2 to 32 letters, digits or '-' (never a name): the domain's rule.
pub fn is_valid_staff_id(value: &str) -> bool {
    kiosk_domain::staff::StaffId::is_valid(value)
}

/// Fields a member may change at the kiosk.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum MemberField {
    Phone,
    Email,
    PostalAddress,
}

impl MemberField {
    pub const ALL: [MemberField; 3] = [
        MemberField::Phone,
        MemberField::Email,
        MemberField::PostalAddress,
    ];

    pub fn column(self) -> &'static str {
        match self {
            MemberField::Phone => "phone",
            MemberField::Email => "email",
            MemberField::PostalAddress => "postal_address",
        }
    }

    pub fn from_column(column: &str) -> Option<MemberField> {
        MemberField::ALL.into_iter().find(|f| f.column() == column)
    }
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    pub field: MemberField,
    pub value: String,
}

/// A member changed their data at a kiosk, which had seen `base_version` of the record.
/// The central system applies each field unless it changed since that version; then the
/// field goes to staff review instead (never silently overwritten).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MemberDataChange {
    /// The session whose identification this change rests on: the central system applies it
    /// only for the member identified in it, at this kiosk, while it lasts.
    pub session_id: Uuid,
    pub kvnr: String,
    pub base_version: i64,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PushResponse {
    /// One result per event, in the order sent.
    pub results: Vec<EventResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventResult {
    pub idempotency_key: Uuid,
    pub outcome: EventOutcome,
    /// True when the key was seen before: `outcome` is the stored result of the first time.
    pub repeated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "status", rename_all = "camelCase")]
pub enum EventOutcome {
    /// Stored (and applied, for data changes).
    Applied,
    /// Some fields changed centrally since the kiosk's version: those await staff review,
    /// the others were applied.
    Conflict { fields: Vec<MemberField> },
    /// The key was used before with a different body: refused, nothing stored. The kiosk
    /// must not retry it.
    KeyReused,
    /// The event refers to something the central system does not know (e.g. a member).
    Rejected { reason: String },
}

impl PushRequest {
    pub fn validate(&self, kiosk_id: &str) -> Result<(), Invalid> {
        if self.events.is_empty() || self.events.len() > MAX_PUSH_EVENTS {
            return Err(Invalid::new(
                "events",
                format!("1 to {MAX_PUSH_EVENTS} events"),
            ));
        }
        for (i, event) in self.events.iter().enumerate() {
            event
                .validate(kiosk_id)
                .map_err(|e| Invalid::new(format!("events[{i}].{}", e.field), e.problem))?;
        }
        Ok(())
    }
}

impl OutboundEvent {
    fn validate(&self, kiosk_id: &str) -> Result<(), Invalid> {
        if !looks_like_rfc3339(&self.occurred_at) {
            return Err(Invalid::new(
                "occurredAt",
                "an RFC 3339 time such as 2026-11-29T08:15:00Z",
            ));
        }
        let own_kiosk = |branch: &str, kiosk: &str| {
            if !is_valid_id(branch) {
                return Err(Invalid::new(
                    "payload.branchId",
                    "2 to 32 characters: A-Z, 0-9 and '-'",
                ));
            }
            if kiosk != kiosk_id {
                return Err(Invalid::new(
                    "payload.kioskId",
                    "must be the sending kiosk's own id",
                ));
            }
            Ok(())
        };
        match &self.payload {
            EventPayload::SessionStarted(e) => own_kiosk(&e.branch_id, &e.kiosk_id),
            EventPayload::SessionEnded(e) => own_kiosk(&e.branch_id, &e.kiosk_id),
            EventPayload::MemberDataChanged(change) => change.validate(),
            EventPayload::IdentificationSucceeded(e) => {
                if let Some(staff) = &e.staff {
                    staff.validate()?;
                }
                own_kiosk(&e.branch_id, &e.kiosk_id)
            }
            EventPayload::IdentificationRefused(e) => {
                if e.reason.is_empty()
                    || e.reason.len() > 40
                    || !e.reason.bytes().all(|b| b.is_ascii_alphanumeric())
                {
                    return Err(Invalid::new(
                        "payload.reason",
                        "a reason code of 1 to 40 letters",
                    ));
                }
                own_kiosk(&e.branch_id, &e.kiosk_id)
            }
            EventPayload::DocumentKeyRegistered(e) => {
                e.validate()?;
                own_kiosk(&e.branch_id, &e.kiosk_id)
            }
            EventPayload::DocumentPrinted(e) => {
                e.validate()?;
                own_kiosk(&e.branch_id, &e.kiosk_id)
            }
            EventPayload::UniversityReportRequested(e) => {
                e.validate()?;
                own_kiosk(&e.branch_id, &e.kiosk_id)
            }
            EventPayload::LetterUnlocked(e) => {
                e.validate()?;
                own_kiosk(&e.branch_id, &e.kiosk_id)
            }
            EventPayload::StaffLocked(e) => {
                if !looks_like_rfc3339(&e.until) {
                    return Err(Invalid::new("payload.until", "an RFC 3339 time"));
                }
                own_kiosk(&e.branch_id, &e.kiosk_id)
            }
            // The sending kiosk's own trail: its id comes from its certificate.
            EventPayload::AuditRecorded(record) => record.validate(),
        }
    }
}

impl MemberDataChange {
    pub fn validate(&self) -> Result<(), Invalid> {
        self.kvnr
            .parse::<Kvnr>()
            .map_err(|e| Invalid::new("payload.kvnr", e.to_string()))?;
        if self.base_version < 0 {
            return Err(Invalid::new("payload.baseVersion", "0 or more"));
        }
        if self.changes.is_empty() || self.changes.len() > MemberField::ALL.len() {
            return Err(Invalid::new("payload.changes", "1 to 3 field changes"));
        }
        let mut seen = Vec::new();
        for change in &self.changes {
            if seen.contains(&change.field) {
                return Err(Invalid::new("payload.changes", "each field at most once"));
            }
            seen.push(change.field);
            let max = if change.field == MemberField::PostalAddress {
                300
            } else {
                120
            };
            if change.value.trim().is_empty()
                || change.value.chars().count() > max
                || change.value.chars().any(char::is_control)
            {
                return Err(Invalid::new(
                    format!("payload.changes.{}", change.field.column()),
                    format!("1 to {max} printable characters"),
                ));
            }
        }
        Ok(())
    }
}

/// A cheap shape check; the exact time is not interpreted by the central system.
fn looks_like_rfc3339(value: &str) -> bool {
    let b = value.as_bytes();
    value.len() >= 20
        && value.len() <= 40
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b't')
        && b[..4].iter().all(u8::is_ascii_digit)
        && value.is_ascii()
}
