//! `POST /v1/letter-requests` ("Aktivierungsbrief per Post anfordern"): the same answer
//! whether or not the KVNR and date of birth matched a member (`db/letter_requests.rs`).

use axum::{
    Json,
    extract::{State, rejection::JsonRejection},
    http::StatusCode,
};
use kiosk_protocol::LetterRequest;

use super::{AppState, HttpError, auth::Kiosk, handlers::body, smartident::no_randomness};
use crate::db::LetterRequestOutcome;

/// Seconds a kiosk over its hourly limit is asked to wait.
const LIMITED_RETRY_AFTER: u32 = 3600;

/// Queues a letter to the address on record when the data match; 202 either way.
#[utoipa::path(post, path = "/v1/letter-requests", request_body = LetterRequest,
    responses((status = 202, description = "Accepted; says nothing about whether a letter was queued"),
        (status = 400, body = kiosk_protocol::ApiError), (status = 429, body = kiosk_protocol::ApiError)))]
pub async fn request_letter(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    payload: Result<Json<LetterRequest>, JsonRejection>,
) -> Result<StatusCode, HttpError> {
    let request = body(payload)?;
    request
        .validate()
        .map_err(|e| HttpError::invalid(e.to_string()))?;
    let request_id = hex::encode(crate::smartident::random::<16>().map_err(no_randomness)?);
    let outcome = state
        .db
        .request_letter(&kiosk, &request.kvnr, &request.birth_date, &request_id)
        .await?;
    // The outcome is in the audit table, not in the log: a log line must not tell whether
    // someone is insured.
    tracing::info!(kiosk = %kiosk.kiosk_id, "letter request handled");
    match outcome {
        LetterRequestOutcome::Limited => Err(HttpError::too_many_requests(LIMITED_RETRY_AFTER)),
        _ => Ok(StatusCode::ACCEPTED),
    }
}
