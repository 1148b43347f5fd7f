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
    /// Too busy: retry after the `Retry-After` header's seconds.
    Overloaded,
    /// This caller (a kiosk, or an address without a certificate) sent more requests than its
    /// limit: retry after the `Retry-After` header's seconds.
    RateLimited,
    /// The central system's database is unavailable: retry later.
    Unavailable,
    /// No such document key or document.
    NotFound,
}

/// Every error response has this body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ApiError {
    pub code: ApiErrorCode,
    pub message: String,
}
