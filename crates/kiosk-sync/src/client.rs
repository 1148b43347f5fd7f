//! HTTPS to the central system: the central's CA is the only trust anchor, the kiosk proves
//! itself with its client certificate, and every HTTP answer becomes a typed result.

use std::{path::Path, time::Duration};

use kiosk_protocol::{
    ApiError, ApiErrorCode, DocumentInfo, DocumentKeyInfo, EnrollRequest, EnrollResponse,
    LetterRequest, PullResponse, PushRequest, PushResponse, RenewRequest, RenewResponse,
    VerifyRequest, VerifyResponse,
};
use reqwest::{Certificate, Client, Identity, Response, StatusCode, header::RETRY_AFTER};
use serde::{Serialize, de::DeserializeOwned};

use crate::{Credential, SyncError};

/// Longer `Retry-After` values are taken as this: a broken header must not park a kiosk for
/// days.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// A whole request, body included: a full push or pull page is a few MB at most.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// A client for one central system.
#[derive(Debug, Clone)]
pub struct CentralClient {
    pub(crate) http: Client,
    pub(crate) base: String,
}

impl CentralClient {
    /// A client trusting only the CA certificate(s) in `ca_file` and, when given, presenting
    /// `credential` as its client certificate (every call except enrollment needs one).
    pub fn new(
        base_url: &str,
        ca_file: &Path,
        credential: Option<&Credential>,
    ) -> Result<CentralClient, SyncError> {
        let tls = |message: String| SyncError::Tls {
            path: ca_file.to_owned(),
            message,
        };
        let ca_pem = std::fs::read(ca_file)
            .map_err(|e| tls(format!("cannot read the central system's CA file: {e}")))?;
        let roots = Certificate::from_pem_bundle(&ca_pem)
            .map_err(|e| tls(format!("not a PEM certificate: {e}")))?;
        if roots.is_empty() {
            return Err(tls("no certificate in the CA file".into()));
        }
        let mut builder = Client::builder()
            .tls_certs_only(roots)
            .https_only(true)
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .pool_idle_timeout(Duration::from_secs(60))
            .user_agent(concat!("kiosk/", env!("CARGO_PKG_VERSION")));
        if let Some(credential) = credential {
            let identity =
                Identity::from_pem(&credential.identity_pem()).map_err(|e| SyncError::Tls {
                    path: credential.cert_path().to_owned(),
                    message: format!("the kiosk's credential is unusable: {e}"),
                })?;
            builder = builder.identity(identity);
        }
        let http = builder
            .build()
            .map_err(|e| tls(format!("cannot set up TLS: {}", chain(&e))))?;
        Ok(CentralClient {
            http,
            base: base_url.trim_end_matches('/').to_owned(),
        })
    }

    pub async fn enroll(&self, request: &EnrollRequest) -> Result<EnrollResponse, SyncError> {
        self.post("/v1/enroll", request).await
    }

    /// A new certificate for the key in the request (needs the current credential).
    pub async fn renew(&self, request: &RenewRequest) -> Result<RenewResponse, SyncError> {
        self.post("/v1/renew", request).await
    }

    /// Delivers events; the answer has one result per event, in order (checked).
    pub async fn push(&self, request: &PushRequest) -> Result<PushResponse, SyncError> {
        let response: PushResponse = self.post("/v1/events", request).await?;
        let matches = response.results.len() == request.events.len()
            && response
                .results
                .iter()
                .zip(&request.events)
                .all(|(r, e)| r.idempotency_key == e.idempotency_key);
        if !matches {
            return Err(SyncError::Protocol(
                "the push answer does not match the events sent, one result each in order".into(),
            ));
        }
        Ok(response)
    }

    pub async fn pull(&self, cursor: i64, limit: u32) -> Result<PullResponse, SyncError> {
        let url = format!("{}/v1/changes?cursor={cursor}&limit={limit}", self.base);
        let response = self.http.get(url).send().await.map_err(offline)?;
        decode(response).await
    }

    /// A kiosk's document-signing key by its id (16 hex digits); None if no kiosk has it.
    pub async fn document_key(&self, key_id: &str) -> Result<Option<DocumentKeyInfo>, SyncError> {
        self.get_optional(&format!("/v1/document-keys/{key_id}"))
            .await
    }

    /// The central record of a printed document (32 hex digits); None if none was reported.
    pub async fn document(&self, document_id: &str) -> Result<Option<DocumentInfo>, SyncError> {
        self.get_optional(&format!("/v1/documents/{document_id}"))
            .await
    }

    /// Asks the central system to check a document token.
    pub async fn verify_document(&self, token: &str) -> Result<VerifyResponse, SyncError> {
        self.post(
            "/v1/documents/verify",
            &VerifyRequest {
                token: token.to_owned(),
            },
        )
        .await
    }

    pub(crate) async fn get_optional<T: DeserializeOwned>(
        &self,
        path: &str,
    ) -> Result<Option<T>, SyncError> {
        let url = format!("{}{path}", self.base);
        let response = self.http.get(url).send().await.map_err(offline)?;
        if response.status() == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        decode(response).await.map(Some)
    }

    pub async fn health(&self) -> Result<(), SyncError> {
        let url = format!("{}/v1/health", self.base);
        let response = self.http.get(url).send().await.map_err(offline)?;
        match response.status() {
            StatusCode::OK => Ok(()),
            status => Err(error_for(status, &response_retry_after(&response), b"")),
        }
    }

    pub(crate) async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, SyncError> {
        decode(self.send_post(path, body).await?).await
    }

    /// "Aktivierungsbrief per Post anfordern": accepted whether or not the data matched, so
    /// the kiosk learns nothing about the member.
    pub async fn request_letter(&self, request: &LetterRequest) -> Result<(), SyncError> {
        self.post_no_content("/v1/letter-requests", request).await
    }

    /// Signed-in staff look a member up for an ID check.
    pub async fn staff_member_lookup(
        &self,
        request: &kiosk_protocol::MemberLookupRequest,
    ) -> Result<kiosk_protocol::MemberLookupResponse, SyncError> {
        self.post("/v1/staff/member-lookup", request).await
    }

    /// A POST whose success (202 or 204) carries no body.
    pub(crate) async fn post_no_content<B: Serialize>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<(), SyncError> {
        let response = self.send_post(path, body).await?;
        let status = response.status();
        if status == StatusCode::NO_CONTENT || status == StatusCode::ACCEPTED {
            return Ok(());
        }
        let retry_after = response_retry_after(&response);
        let body = response.bytes().await.map_err(offline)?;
        Err(error_for(status, &retry_after, &body))
    }

    /// Sends a JSON body; the answer is the caller's to decode.
    pub(crate) async fn send_post<B: Serialize>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<Response, SyncError> {
        let url = format!("{}{path}", self.base);
        self.http.post(url).json(body).send().await.map_err(offline)
    }
}

pub(crate) async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, SyncError> {
    let status = response.status();
    let retry_after = response_retry_after(&response);
    let body = response.bytes().await.map_err(offline)?;
    if status == StatusCode::OK {
        serde_json::from_slice(&body)
            .map_err(|e| SyncError::Protocol(format!("undecodable answer: {e}")))
    } else {
        Err(error_for(status, &retry_after, &body))
    }
}

pub(crate) fn response_retry_after(response: &Response) -> Option<String> {
    response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// A request that got no complete answer (bodies are decoded here, not by reqwest).
pub(crate) fn offline(error: reqwest::Error) -> SyncError {
    SyncError::Offline(chain(&error))
}

/// The error and its causes on one line: reqwest's own message hides the TLS reason.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// `Retry-After` in seconds (the form the central system sends), at most [`MAX_RETRY_AFTER`].
/// The HTTP-date form is not used by the protocol and counts as absent.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let seconds: u64 = value.trim().parse().ok()?;
    Some(Duration::from_secs(seconds).min(MAX_RETRY_AFTER))
}

/// The codes that refuse one step of a service (the member's session, registration, device
/// or approval), as opposed to the kiosk's connection or credential.
fn is_refusal(code: ApiErrorCode) -> bool {
    matches!(
        code,
        ApiErrorCode::NotFound
            | ApiErrorCode::NotIdentified
            | ApiErrorCode::ApprovalRequired
            | ApiErrorCode::DeviceLimit
            | ApiErrorCode::RegistrationClosed
            | ApiErrorCode::NoDevice
            | ApiErrorCode::ApprovalClosed
            | ApiErrorCode::ApprovalsLocked
    )
}

/// What a non-200 answer means for the kiosk.
pub(crate) fn error_for(
    status: StatusCode,
    retry_after: &Option<String>,
    body: &[u8],
) -> SyncError {
    let api_error: Option<ApiError> = serde_json::from_slice(body).ok();
    let code = api_error.as_ref().map(|e| e.code);
    // A refusal of a member's service step: the kiosk tells the member what it means.
    if let Some(error) = api_error.as_ref().filter(|e| is_refusal(e.code)) {
        return SyncError::Refused {
            code: error.code,
            message: error.message.clone(),
        };
    }
    match status {
        StatusCode::UNAUTHORIZED => SyncError::Unauthenticated,
        StatusCode::FORBIDDEN => match code {
            Some(ApiErrorCode::KioskRevoked) => SyncError::Revoked,
            Some(ApiErrorCode::EnrollmentRefused) => SyncError::EnrollmentRefused,
            // Without the protocol's body this is some proxy's answer, not a revocation.
            _ => SyncError::Protocol(format!("status {status} without a known error code")),
        },
        StatusCode::BAD_REQUEST => SyncError::Invalid(
            api_error
                .map(|e| e.message)
                .unwrap_or_else(|| format!("status {status}")),
        ),
        StatusCode::TOO_MANY_REQUESTS => SyncError::Unavailable {
            retry_after: retry_after.as_deref().and_then(parse_retry_after),
        },
        s if s.is_server_error() => SyncError::Unavailable {
            retry_after: retry_after.as_deref().and_then(parse_retry_after),
        },
        _ => SyncError::Protocol(format!("unexpected status {status}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(code: &str) -> Vec<u8> {
        format!(r#"{{"code":"{code}","message":"events[0].occurredAt: bad"}}"#).into_bytes()
    }

    #[test]
    fn statuses_map_to_what_the_worker_does() {
        let none = None;
        assert!(matches!(
            error_for(StatusCode::UNAUTHORIZED, &none, &body("unauthenticated")),
            SyncError::Unauthenticated
        ));
        assert!(matches!(
            error_for(StatusCode::FORBIDDEN, &none, &body("kioskRevoked")),
            SyncError::Revoked
        ));
        assert!(matches!(
            error_for(StatusCode::FORBIDDEN, &none, &body("enrollmentRefused")),
            SyncError::EnrollmentRefused
        ));
        assert!(matches!(
            error_for(StatusCode::FORBIDDEN, &none, b"<html>proxy</html>"),
            SyncError::Protocol(_)
        ));
        match error_for(StatusCode::BAD_REQUEST, &none, &body("invalidRequest")) {
            SyncError::Invalid(message) => assert_eq!(message, "events[0].occurredAt: bad"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            error_for(StatusCode::NOT_FOUND, &none, b""),
            SyncError::Protocol(_)
        ));
        assert!(matches!(
            error_for(
                StatusCode::TOO_MANY_REQUESTS,
                &none,
                &body("approvalsLocked")
            ),
            SyncError::Refused {
                code: ApiErrorCode::ApprovalsLocked,
                ..
            }
        ));
        assert!(matches!(
            error_for(StatusCode::CONFLICT, &none, &body("deviceLimit")),
            SyncError::Refused {
                code: ApiErrorCode::DeviceLimit,
                ..
            }
        ));
    }

    #[test]
    fn overload_carries_retry_after() {
        let after = |v: &str| Some(v.to_owned());
        let err = error_for(
            StatusCode::TOO_MANY_REQUESTS,
            &after("17"),
            &body("overloaded"),
        );
        assert_eq!(err.retry_after(), Some(Duration::from_secs(17)));
        let err = error_for(StatusCode::SERVICE_UNAVAILABLE, &after(" 5 "), b"");
        assert_eq!(err.retry_after(), Some(Duration::from_secs(5)));
        let err = error_for(StatusCode::SERVICE_UNAVAILABLE, &None, b"");
        assert!(matches!(err, SyncError::Unavailable { retry_after: None }));
        let err = error_for(
            StatusCode::BAD_GATEWAY,
            &after("Wed, 21 Oct 2026 07:28:00 GMT"),
            b"",
        );
        assert!(matches!(err, SyncError::Unavailable { retry_after: None }));
        let err = error_for(StatusCode::SERVICE_UNAVAILABLE, &after("999999999"), b"");
        assert_eq!(err.retry_after(), Some(MAX_RETRY_AFTER));
        assert_eq!(parse_retry_after("-3"), None);
    }

    #[test]
    fn a_missing_or_empty_ca_file_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("ca.pem");
        let err = CentralClient::new("https://127.0.0.1:1", &missing, None).expect_err("missing");
        assert!(err.to_string().contains("ca.pem"), "{err}");
        std::fs::write(&missing, "no pem here").expect("write");
        let err = CentralClient::new("https://127.0.0.1:1", &missing, None).expect_err("empty");
        assert!(matches!(err, SyncError::Tls { .. }), "{err}");
    }
}
