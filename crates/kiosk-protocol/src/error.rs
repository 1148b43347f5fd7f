use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What went wrong, for the kiosk to branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum ApiErrorCode {
    /// No client certificate, or one the central system does not know.
    Unauthenticated,
    /// The kiosk's credential was revoked: it must be enrolled again by IT.
    KioskRevoked,
    /// The enrollment code is unknown, used or expired.
    EnrollmentRefused,
    /// The body failed validation; `message` names the field.
    InvalidRequest,
    /// The staff account named may not act at this kiosk (unknown, revoked, its role, or
    /// another branch).
    StaffNotAllowed,
    /// Too busy: retry after the `Retry-After` header's seconds.
    Overloaded,
    /// This caller (a kiosk, or an address without a certificate) sent more requests than its
    /// limit: retry after the `Retry-After` header's seconds.
    RateLimited,
    /// The central system's database is unavailable: retry later.
    Unavailable,
    /// No such document key, document, registration or device.
    NotFound,
    /// The session named is not an identification this kiosk may act on (none, ended, another
    /// kiosk's, or below the level the call needs).
    NotIdentified,
    /// SmartIdent: the member has a device already; a registered device must approve first.
    ApprovalRequired,
    /// SmartIdent: the member has the most devices allowed; one must be removed first.
    DeviceLimit,
    /// SmartIdent: the registration was bound by another phone, expired or was replaced.
    RegistrationClosed,
    /// SmartIdent: the phone's call is not signed by the key of the device it names, or its
    /// clock is off.
    BadSignature,
    /// SmartIdent: the member has no active device to approve with (the date of birth, or a
    /// first registration, remains).
    NoDevice,
    /// SmartIdent: the approval was answered already, expired, cancelled or is for something
    /// else than the phone showed.
    ApprovalClosed,
    /// SmartIdent: approvals for this member are locked after repeated "not me" answers, or
    /// too many were asked for: the member uses the date of birth, or staff help.
    ApprovalsLocked,
}

/// Every error response has this body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ApiError {
    pub code: ApiErrorCode,
    pub message: String,
}
