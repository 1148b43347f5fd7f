//! The wire protocol between kiosks and the central system, version 1 (paths under `/v1`).
//!
//! Only serialization lives here: no IO. Every request body is validated by `validate()`
//! before the central system acts on it, and every type carries its OpenAPI schema.

mod approval;
mod audit;
mod documents;
mod enroll;
mod error;
mod events;
#[doc(hidden)]
pub mod fuzzing;
mod letter_request;
mod pull;
mod redacted;
mod smartident;
mod staff;
mod verify;

pub use approval::{
    ApprovalAnswer, ApprovalCreated, ApprovalFor, ApprovalRequest, ApprovalState, ApprovalStatus,
    Decision, PendingApproval, PendingApprovals,
};
pub use audit::{
    AuditRecorded, ChainBreak, GENESIS_HASH, MAX_AUDIT_DETAIL, check_link, link_hash, verify_chain,
};
pub use documents::{
    DocumentKeyRegistered, DocumentPrinted, PrintOutcome, UniversityReportRequested,
    is_sender_number,
};
pub use enroll::{EnrollRequest, EnrollResponse, RenewRequest, RenewResponse};
pub use error::{ApiError, ApiErrorCode};
pub use events::{
    EventOutcome, EventPayload, EventResult, FieldChange, IdentificationRefused,
    IdentificationSucceeded, LetterUnlocked, MemberDataChange, MemberField, OutboundEvent,
    PushRequest, PushResponse, REFUSED_LOCKED_NOW, SessionEnded, SessionStarted, is_valid_staff_id,
};
pub use letter_request::LetterRequest;
pub use pull::{Change, ChangeItem, FamilyMember, InsuranceStatus, MemberSnapshot, PullResponse};
pub use smartident::{
    BindRequest, BindResponse, ConfirmOutcome, ConfirmRequest, DeviceList, DeviceView,
    MAX_LABEL_CHARS, NotMeLink, PLATFORMS, RegistrationCreated, RegistrationPhase,
    RegistrationRequest, RegistrationStatus, SessionRef,
};
pub use staff::{
    IdDocumentRecord, MAX_LOOKUP_RESULTS, MemberLookupRequest, MemberLookupResponse, MemberQuery,
    StaffAccountItem, StaffAssistance, StaffLocked,
};
pub use verify::{DocumentInfo, DocumentKeyInfo, VerifyRequest, VerifyResponse, VerifyVerdict};

/// The protocol version in every path (`/v1/...`).
pub const PROTOCOL_VERSION: u32 = 1;
/// At most this many events in one push.
pub const MAX_PUSH_EVENTS: usize = 1000;
/// At most this many changes in one pull page.
pub const MAX_PULL_LIMIT: u32 = 5000;

/// Why a request body was refused; the message names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct Invalid {
    pub field: String,
    pub problem: String,
}

impl Invalid {
    pub fn new(field: impl Into<String>, problem: impl Into<String>) -> Self {
        Invalid {
            field: field.into(),
            problem: problem.into(),
        }
    }
}

/// An id of a branch or kiosk: 2 to 32 characters, A-Z, 0-9 and '-' (as in kiosk.toml).
pub fn is_valid_id(value: &str) -> bool {
    (2..=32).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}
