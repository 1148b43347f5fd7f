//! SmartIdent approvals at the kiosk (`/v1/smartident/approvals`, mutual TLS): ask the
//! member's phone to approve a login or a further device, and poll the answer. The phone's
//! side is in `phone.rs`.

use axum::{
    Json,
    extract::{Path, Query, State, rejection::JsonRejection},
};
use kiosk_protocol::{
    ApprovalCreated, ApprovalFor, ApprovalRequest, ApprovalState, ApprovalStatus, SessionRef,
};
use kiosk_smartident::{ChallengeId, challenge::ApprovalPurpose, rules::ChallengeState};
use time::OffsetDateTime;

use super::{
    AppState, HttpError,
    auth::Kiosk,
    handlers::body,
    smartident::{no_randomness, refused, rfc3339},
};
use crate::smartident;

pub(crate) fn purpose(wire: ApprovalFor) -> ApprovalPurpose {
    match wire {
        ApprovalFor::KioskLogin => ApprovalPurpose::KioskLogin,
        ApprovalFor::AddDevice => ApprovalPurpose::AddDevice,
    }
}

pub(crate) fn wire_purpose(purpose: ApprovalPurpose) -> ApprovalFor {
    match purpose {
        ApprovalPurpose::KioskLogin => ApprovalFor::KioskLogin,
        ApprovalPurpose::AddDevice => ApprovalFor::AddDevice,
    }
}

fn wire_state(state: ChallengeState) -> ApprovalState {
    match state {
        ChallengeState::Pending => ApprovalState::Pending,
        ChallengeState::Approved => ApprovalState::Approved,
        ChallengeState::Declined | ChallengeState::NotMe => ApprovalState::Declined,
        ChallengeState::WrongNumber | ChallengeState::Cancelled => ApprovalState::Cancelled,
        ChallengeState::Expired => ApprovalState::Expired,
    }
}

/// Asks the member's phone to approve: the kiosk shows the number it answers.
#[utoipa::path(post, path = "/v1/smartident/approvals", request_body = ApprovalRequest,
    responses((status = 200, body = ApprovalCreated), (status = 403, body = kiosk_protocol::ApiError),
        (status = 409, body = kiosk_protocol::ApiError), (status = 429, body = kiosk_protocol::ApiError)))]
pub async fn create_approval(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    payload: Result<Json<ApprovalRequest>, JsonRejection>,
) -> Result<Json<ApprovalCreated>, HttpError> {
    let request = body(payload)?;
    request
        .validate()
        .map_err(|e| HttpError::invalid(e.to_string()))?;
    let now = OffsetDateTime::now_utc();
    let challenge =
        smartident::new_challenge(purpose(request.purpose), &kiosk, now).map_err(no_randomness)?;
    state
        .db
        .create_approval(
            &kiosk,
            &request.session_id,
            request.letter_id.as_deref(),
            &challenge,
            &now.date().to_string(),
        )
        .await?
        .map_err(refused)?;
    tracing::info!(kiosk = %kiosk.kiosk_id, purpose = challenge.purpose.as_str(), "smartident approval asked");
    Ok(Json(ApprovalCreated {
        challenge_id: challenge.challenge_id,
        number: challenge.number.get(),
        expires_at: rfc3339(challenge.expires_at),
    }))
}

/// Where the approval is: the kiosk polls it while it shows the number.
#[utoipa::path(get, path = "/v1/smartident/approvals/{challenge_id}",
    params(("challenge_id" = String, Path), ("sessionId" = String, Query)),
    responses((status = 200, body = ApprovalStatus), (status = 404, body = kiosk_protocol::ApiError)))]
pub async fn approval_status(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    Path(id): Path<String>,
    Query(session): Query<SessionRef>,
) -> Result<Json<ApprovalStatus>, HttpError> {
    let id: ChallengeId = id
        .parse()
        .map_err(|_| HttpError::invalid("challengeId: 32 hex digits"))?;
    let record = state
        .db
        .approval_status(
            &kiosk,
            &session.session_id,
            &id.to_string(),
            OffsetDateTime::now_utc(),
        )
        .await?
        .map_err(refused)?;
    Ok(Json(ApprovalStatus {
        state: wire_state(record.state),
        expires_at: rfc3339(record.expires_at),
    }))
}
