use axum::{
    Json,
    extract::{Query, State, rejection::JsonRejection},
    http::StatusCode,
};
use kiosk_protocol::{
    ApiErrorCode, EnrollRequest, EnrollResponse, MAX_PULL_LIMIT, PullResponse, PushRequest,
    PushResponse, RenewRequest, RenewResponse,
};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{AppState, HttpError, auth::Kiosk};

pub(crate) fn body<T>(payload: Result<Json<T>, JsonRejection>) -> Result<T, HttpError> {
    payload.map(|Json(value)| value).map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            HttpError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ApiErrorCode::InvalidRequest,
                "the body is larger than this endpoint accepts",
            )
        } else {
            HttpError::invalid(e.body_text())
        }
    })
}

pub fn hash_code(code: &str) -> String {
    hex::encode(Sha256::digest(code.as_bytes()))
}

#[utoipa::path(get, path = "/v1/health", responses((status = 200, description = "The service and its database answer")))]
pub async fn health(State(state): State<AppState>) -> Result<&'static str, HttpError> {
    // Unauthenticated: the cheapest question the database can answer, nothing that scans.
    state.db.ping().await?;
    Ok("ok")
}

/// The kiosk's client certificate for the key in `csr_pem` and its fingerprint.
fn sign(state: &AppState, csr_pem: &str, kiosk_id: &str) -> Result<(String, String), HttpError> {
    state
        .pki
        .sign_kiosk_csr(csr_pem, kiosk_id)
        // A request rcgen cannot sign (an unsupported key, say) is the kiosk's to fix too.
        .map_err(|error| HttpError::invalid(format!("csrPem: {error}")))
}

/// Exchanges a one-time enrollment code and a CSR for the kiosk's client certificate.
#[utoipa::path(post, path = "/v1/enroll", request_body = EnrollRequest,
    responses((status = 200, body = EnrollResponse), (status = 403, body = kiosk_protocol::ApiError), (status = 400, body = kiosk_protocol::ApiError)))]
pub async fn enroll(
    State(state): State<AppState>,
    payload: Result<Json<EnrollRequest>, JsonRejection>,
) -> Result<Json<EnrollResponse>, HttpError> {
    let request = body(payload)?;
    request
        .validate()
        .map_err(|e| HttpError::invalid(e.to_string()))?;
    let code_hash = hash_code(&request.enrollment_code);
    // The code first: nothing is signed for a caller without one.
    let refused = || {
        tracing::warn!(kiosk = %request.kiosk_id, "enrollment refused");
        HttpError::new(
            StatusCode::FORBIDDEN,
            ApiErrorCode::EnrollmentRefused,
            "the enrollment code is unknown, used or expired: ask IT for a new one",
        )
    };
    if !state
        .db
        .enrollment_open(&request.kiosk_id, &code_hash)
        .await?
    {
        return Err(refused());
    }
    let (certificate_pem, fingerprint) = sign(&state, &request.csr_pem, &request.kiosk_id)?;
    let branch = state
        .db
        .complete_enrollment(&request.kiosk_id, &code_hash, &fingerprint)
        .await?;
    // Used or expired between the check and now: the certificate is never handed out.
    let Some(branch_id) = branch else {
        return Err(refused());
    };
    tracing::info!(kiosk = %request.kiosk_id, branch = %branch_id, "kiosk enrolled");
    Ok(Json(EnrollResponse {
        kiosk_id: request.kiosk_id,
        branch_id,
        certificate_pem,
    }))
}

/// Signs a new key for the kiosk presenting its current certificate. The current certificate
/// stays valid until the new one is first used.
#[utoipa::path(post, path = "/v1/renew", request_body = RenewRequest,
    responses((status = 200, body = RenewResponse), (status = 400, body = kiosk_protocol::ApiError),
        (status = 401, body = kiosk_protocol::ApiError), (status = 403, body = kiosk_protocol::ApiError)))]
pub async fn renew(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    payload: Result<Json<RenewRequest>, JsonRejection>,
) -> Result<Json<RenewResponse>, HttpError> {
    let request = body(payload)?;
    request
        .validate()
        .map_err(|e| HttpError::invalid(e.to_string()))?;
    let (certificate_pem, fingerprint) = sign(&state, &request.csr_pem, &kiosk.kiosk_id)?;
    if !state
        .db
        .stage_renewal(&kiosk.kiosk_id, &fingerprint)
        .await?
    {
        // Revoked between authentication and now.
        return Err(HttpError::new(
            StatusCode::FORBIDDEN,
            ApiErrorCode::KioskRevoked,
            "this kiosk's credential is revoked: IT must enroll it again",
        ));
    }
    tracing::info!(kiosk = %kiosk.kiosk_id, "kiosk certificate renewed");
    Ok(Json(RenewResponse { certificate_pem }))
}

/// Delivers outbox events; each idempotency key is applied exactly once.
#[utoipa::path(post, path = "/v1/events", request_body = PushRequest,
    responses((status = 200, body = PushResponse), (status = 400, body = kiosk_protocol::ApiError),
        (status = 401, body = kiosk_protocol::ApiError), (status = 403, body = kiosk_protocol::ApiError),
        (status = 503, body = kiosk_protocol::ApiError, description = "Overloaded or unavailable; see Retry-After")))]
pub async fn push(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    payload: Result<Json<PushRequest>, JsonRejection>,
) -> Result<Json<PushResponse>, HttpError> {
    let request = body(payload)?;
    request
        .validate(&kiosk.kiosk_id)
        .map_err(|e| HttpError::invalid(e.to_string()))?;
    let Ok(_permit) = state.push_slots.clone().try_acquire_owned() else {
        return Err(HttpError::overloaded(2));
    };
    let outcome = state.db.ingest(&kiosk, &request.events).await?;
    tracing::debug!(kiosk = %kiosk.kiosk_id, stored = outcome.stored, repeated = outcome.repeated, "push");
    Ok(Json(PushResponse {
        results: outcome.results,
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct PullParams {
    /// The `nextCursor` of the previous page; 0 for everything.
    #[serde(default)]
    cursor: i64,
    /// At most this many changes (1 to 5000, default 1000).
    limit: Option<u32>,
}

/// Changes since `cursor` that this kiosk's branch needs offline.
#[utoipa::path(get, path = "/v1/changes", params(PullParams),
    responses((status = 200, body = PullResponse), (status = 401, body = kiosk_protocol::ApiError), (status = 403, body = kiosk_protocol::ApiError)))]
pub async fn pull(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    Query(params): Query<PullParams>,
) -> Result<Json<PullResponse>, HttpError> {
    let limit = params.limit.unwrap_or(1000);
    if limit == 0 || limit > MAX_PULL_LIMIT || params.cursor < 0 {
        return Err(HttpError::invalid(format!(
            "limit: 1 to {MAX_PULL_LIMIT}; cursor: 0 or more"
        )));
    }
    let page = state
        .db
        .pull(&kiosk.branch_id, params.cursor, limit)
        .await?;
    Ok(Json(PullResponse {
        changes: page.changes,
        next_cursor: page.next_cursor,
        more: page.more,
        server_time: crate::db::now_rfc3339(),
    }))
}
