use std::{path::PathBuf, time::Duration};

use kiosk_store::StoreError;
use thiserror::Error;

/// Why a sync step failed. The worker branches on the variant: `Revoked` stops syncing, every
/// other failure is retried later with backoff.
#[derive(Debug, Error)]
pub enum SyncError {
    /// The central system could not be reached (network, DNS, TLS handshake, timeout).
    #[error("the central system is unreachable: {0}")]
    Offline(String),
    /// The central system is overloaded or down; `retry_after` is its `Retry-After`.
    #[error("the central system is unavailable{}", retry_after.map(|d| format!(" (retry after {} s)", d.as_secs())).unwrap_or_default())]
    Unavailable { retry_after: Option<Duration> },
    /// This kiosk's credential was revoked: IT must enroll it again.
    #[error("the central system revoked this kiosk's credential; enroll it again")]
    Revoked,
    /// The central system does not know this kiosk's client certificate.
    #[error("the central system does not accept this kiosk's client certificate")]
    Unauthenticated,
    /// The enrollment code is unknown, used or expired.
    #[error("the central system refused the enrollment code (unknown, used or expired)")]
    EnrollmentRefused,
    /// The central system refused a request body: a bug on one side.
    #[error("the central system refused the request as invalid: {0}")]
    Invalid(String),
    /// The central system refused a step of a member's service (the session is not
    /// identified there, the device limit, a closed registration or approval, …): `code` says
    /// which, for the kiosk to explain.
    #[error("the central system refused the step ({code:?}): {message}")]
    Refused {
        code: kiosk_protocol::ApiErrorCode,
        message: String,
    },
    /// The answer broke the protocol (unexpected status or body).
    #[error("the central system's answer broke the protocol: {0}")]
    Protocol(String),
    /// The TLS setup (CA file, client identity) is unusable.
    #[error("{}: {message}", path.display())]
    Tls { path: PathBuf, message: String },
    #[error(transparent)]
    Credential(#[from] CredentialError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    /// The least time the central system asked the kiosk to wait.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            SyncError::Unavailable { retry_after } => *retry_after,
            _ => None,
        }
    }
}

/// The kiosk's credential files.
#[derive(Debug, Error)]
pub enum CredentialError {
    #[error(
        "{}: this kiosk is not enrolled (no credential); enroll it with a code from IT",
        dir.display()
    )]
    NotEnrolled { dir: PathBuf },
    #[error(
        "{}: a credential is already there and is never overwritten; to enroll again, move the \
         folder aside first",
        path.display()
    )]
    Exists { path: PathBuf },
    #[error("{}: {action}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
    #[error("{}: the private key is readable by group or others (mode {mode:o}); run `chmod 600` on it", path.display())]
    KeyTooOpen { path: PathBuf, mode: u32 },
    #[error("{}: {problem}", path.display())]
    Malformed { path: PathBuf, problem: String },
    #[error("cannot create the key pair or signing request: {0}")]
    Generate(String),
}
