use axum::{
    Json,
    http::{HeaderValue, StatusCode, header::RETRY_AFTER},
    response::{IntoResponse, Response},
};
use kiosk_protocol::{ApiError, ApiErrorCode};

use crate::db::DbError;

/// An error response: the protocol's `ApiError` body, its status, and `Retry-After` where
/// the kiosk should wait.
#[derive(Debug)]
pub struct HttpError {
    status: StatusCode,
    body: ApiError,
    retry_after_seconds: Option<u32>,
}

impl HttpError {
    pub fn new(status: StatusCode, code: ApiErrorCode, message: impl Into<String>) -> Self {
        HttpError {
            status,
            body: ApiError {
                code,
                message: message.into(),
            },
            retry_after_seconds: None,
        }
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ApiErrorCode::Unauthenticated,
            "a client certificate of an enrolled kiosk is required",
        )
    }

    pub fn revoked() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            ApiErrorCode::KioskRevoked,
            "this kiosk's credential was revoked; IT must enroll it again",
        )
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ApiErrorCode::InvalidRequest,
            message,
        )
    }

    pub fn too_many_requests(retry_after_seconds: u32) -> Self {
        HttpError {
            retry_after_seconds: Some(retry_after_seconds),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                ApiErrorCode::RateLimited,
                "too many requests from this caller: retry later",
            )
        }
    }

    pub fn overloaded(retry_after_seconds: u32) -> Self {
        HttpError {
            retry_after_seconds: Some(retry_after_seconds),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ApiErrorCode::Overloaded,
                "busy: retry later",
            )
        }
    }
}

impl From<DbError> for HttpError {
    fn from(error: DbError) -> Self {
        tracing::error!(%error, "database error");
        HttpError {
            retry_after_seconds: Some(5),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ApiErrorCode::Unavailable,
                "the central database is unavailable: retry later",
            )
        }
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body)).into_response();
        if let Some(seconds) = self.retry_after_seconds
            && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(RETRY_AFTER, value);
        }
        response
    }
}
