//! SmartIdent's kiosk routes (`/v1/smartident`, mutual TLS): a registration QR for the member
//! of a session, its status, the typed bind code, and "Meine Geräte". Every call names the
//! session, and the member follows from the identification the central system recorded.

use axum::{
    Json,
    extract::{Path, Query, State, rejection::JsonRejection},
    http::StatusCode,
};
use kiosk_protocol::{
    ApiErrorCode, ConfirmOutcome, ConfirmRequest, DeviceList, DeviceView, RegistrationCreated,
    RegistrationRequest, RegistrationStatus, SessionRef,
};
use kiosk_smartident::{
    RegistrationId,
    codes::BindCode,
    rules::{BindRefusal, Confirmation},
};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

use super::{AppState, HttpError, auth::Kiosk, handlers::body};
use crate::{db::SmartIdentRefusal, smartident};

pub(crate) fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

pub(crate) fn rfc3339_millis(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .map(rfc3339)
        .unwrap_or_default()
}

pub(crate) fn no_randomness(error: getrandom::Error) -> HttpError {
    tracing::error!(%error, "no randomness for SmartIdent");
    HttpError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        ApiErrorCode::Unavailable,
        "the central system cannot make codes right now: retry later",
    )
}

/// The HTTP answer to a refused step; the kiosk branches on the code.
pub(crate) fn refused(refusal: SmartIdentRefusal) -> HttpError {
    let (status, code) = match refusal {
        SmartIdentRefusal::NotIdentified(_) => (StatusCode::FORBIDDEN, ApiErrorCode::NotIdentified),
        SmartIdentRefusal::ApprovalRequired => {
            (StatusCode::CONFLICT, ApiErrorCode::ApprovalRequired)
        }
        SmartIdentRefusal::UnknownRegistration | SmartIdentRefusal::UnknownDevice => {
            (StatusCode::NOT_FOUND, ApiErrorCode::NotFound)
        }
        SmartIdentRefusal::Bind(BindRefusal::DeviceLimit) => {
            (StatusCode::CONFLICT, ApiErrorCode::DeviceLimit)
        }
        SmartIdentRefusal::Bind(_) => (StatusCode::CONFLICT, ApiErrorCode::RegistrationClosed),
        SmartIdentRefusal::NoDevice => (StatusCode::CONFLICT, ApiErrorCode::NoDevice),
        SmartIdentRefusal::ApprovalsLocked => {
            (StatusCode::TOO_MANY_REQUESTS, ApiErrorCode::ApprovalsLocked)
        }
        SmartIdentRefusal::UnknownApproval => (StatusCode::NOT_FOUND, ApiErrorCode::NotFound),
        SmartIdentRefusal::Answer(_) => (StatusCode::CONFLICT, ApiErrorCode::ApprovalClosed),
        SmartIdentRefusal::UnknownLink => (StatusCode::NOT_FOUND, ApiErrorCode::NotFound),
    };
    HttpError::new(status, code, refusal.to_string())
}

fn registration_id(text: &str) -> Result<RegistrationId, HttpError> {
    text.parse()
        .map_err(|_| HttpError::invalid("registrationId: 32 hex digits"))
}

/// A registration QR for the member of the session; the member's open one is cancelled.
#[utoipa::path(post, path = "/v1/smartident/registrations", request_body = RegistrationRequest,
    responses((status = 200, body = RegistrationCreated), (status = 403, body = kiosk_protocol::ApiError), (status = 409, body = kiosk_protocol::ApiError)))]
pub async fn create_registration(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    payload: Result<Json<RegistrationRequest>, JsonRejection>,
) -> Result<Json<RegistrationCreated>, HttpError> {
    let request = body(payload)?;
    let approval = request
        .approval_id
        .as_deref()
        .map(str::parse::<kiosk_smartident::ChallengeId>)
        .transpose()
        .map_err(|_| HttpError::invalid("approvalId: 32 hex digits"))?;
    let now = OffsetDateTime::now_utc();
    let (record, qr_text) = smartident::new_registration(
        &state.smartident.key,
        &state.smartident.origin,
        approval,
        now,
    )
    .map_err(no_randomness)?;
    state
        .db
        .create_registration(&kiosk, &request.session_id, &record, now)
        .await?
        .map_err(refused)?;
    tracing::info!(kiosk = %kiosk.kiosk_id, "smartident registration created");
    Ok(Json(RegistrationCreated {
        registration_id: record.registration_id,
        qr_text,
        expires_at: rfc3339(record.expires_at),
    }))
}

/// Where the registration is: the kiosk polls it while the QR shows.
#[utoipa::path(get, path = "/v1/smartident/registrations/{registration_id}",
    params(("registration_id" = String, Path), ("sessionId" = String, Query)),
    responses((status = 200, body = RegistrationStatus), (status = 404, body = kiosk_protocol::ApiError)))]
pub async fn registration_status(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    Path(id): Path<String>,
    Query(session): Query<SessionRef>,
) -> Result<Json<RegistrationStatus>, HttpError> {
    let id = registration_id(&id)?;
    let registration = state
        .db
        .registration_status(
            &kiosk,
            &session.session_id,
            &id.to_string(),
            OffsetDateTime::now_utc(),
        )
        .await?
        .map_err(refused)?;
    Ok(Json(RegistrationStatus {
        state: wire_phase(registration.state),
        expires_at: rfc3339(registration.expires_at),
        tries_left: registration.tries_left,
    }))
}

/// The member typed the code the phone shows: only that activates the device.
#[utoipa::path(post, path = "/v1/smartident/registrations/{registration_id}/confirm",
    params(("registration_id" = String, Path)), request_body = ConfirmRequest,
    responses((status = 200, body = ConfirmOutcome), (status = 404, body = kiosk_protocol::ApiError)))]
pub async fn confirm_registration(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    Path(id): Path<String>,
    payload: Result<Json<ConfirmRequest>, JsonRejection>,
) -> Result<Json<ConfirmOutcome>, HttpError> {
    let id = registration_id(&id)?;
    let request = body(payload)?;
    request
        .validate()
        .map_err(|e| HttpError::invalid(e.to_string()))?;
    // Not six digits: a wrong try like any other, so the count cannot be dodged.
    let code_hash = BindCode::parse(&request.code)
        .map(|code| hex::encode(code.hash(&id)))
        .unwrap_or_default();
    let notification = smartident::new_notification().map_err(no_randomness)?;
    let outcome = state
        .db
        .confirm_registration(
            &kiosk,
            &request.session_id,
            &id.to_string(),
            &code_hash,
            &notification,
            OffsetDateTime::now_utc(),
        )
        .await?
        .map_err(refused)?;
    tracing::info!(kiosk = %kiosk.kiosk_id, outcome = ?outcome, "smartident code typed");
    Ok(Json(match outcome {
        Confirmation::Activated => ConfirmOutcome::Activated,
        Confirmation::Wrong { tries_left } => ConfirmOutcome::Wrong { tries_left },
        Confirmation::Failed => ConfirmOutcome::Failed,
        Confirmation::NotBoundYet => ConfirmOutcome::NotBoundYet,
        Confirmation::Expired => ConfirmOutcome::Expired,
        Confirmation::Closed => ConfirmOutcome::Closed,
    }))
}

/// "Meine Geräte": the member's active devices.
#[utoipa::path(get, path = "/v1/smartident/devices", params(("sessionId" = String, Query)),
    responses((status = 200, body = DeviceList), (status = 403, body = kiosk_protocol::ApiError)))]
pub async fn devices(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    Query(session): Query<SessionRef>,
) -> Result<Json<DeviceList>, HttpError> {
    let devices = state
        .db
        .devices(&kiosk, &session.session_id)
        .await?
        .map_err(refused)?;
    Ok(Json(DeviceList {
        devices: devices
            .into_iter()
            .map(|d| DeviceView {
                device_id: d.device_id,
                label: d.label,
                platform: d.platform,
                registered_at: rfc3339_millis(d.activated_at),
                registered_branch: d.registered_branch,
                last_used_at: d.last_used_at.map(rfc3339_millis),
            })
            .collect(),
    }))
}

/// Removes one device, after the member confirmed at the kiosk.
#[utoipa::path(post, path = "/v1/smartident/devices/{device_id}/remove",
    params(("device_id" = String, Path)), request_body = SessionRef,
    responses((status = 204), (status = 404, body = kiosk_protocol::ApiError)))]
pub async fn remove_device(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    Path(device_id): Path<String>,
    payload: Result<Json<SessionRef>, JsonRejection>,
) -> Result<StatusCode, HttpError> {
    let request = body(payload)?;
    let device_id: kiosk_smartident::DeviceId = device_id
        .parse()
        .map_err(|_| HttpError::invalid("deviceId: 32 hex digits"))?;
    let notification = smartident::new_notification().map_err(no_randomness)?;
    state
        .db
        .remove_device(
            &kiosk,
            &request.session_id,
            &device_id.to_string(),
            &notification,
            OffsetDateTime::now_utc(),
        )
        .await?
        .map_err(refused)?;
    tracing::info!(kiosk = %kiosk.kiosk_id, "smartident device removed");
    Ok(StatusCode::NO_CONTENT)
}

/// "Handy verloren": every device at once, at level high.
#[utoipa::path(post, path = "/v1/smartident/devices/remove-all", request_body = SessionRef,
    responses((status = 204), (status = 403, body = kiosk_protocol::ApiError)))]
pub async fn remove_all_devices(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    payload: Result<Json<SessionRef>, JsonRejection>,
) -> Result<StatusCode, HttpError> {
    let request = body(payload)?;
    let notification = smartident::new_notification().map_err(no_randomness)?;
    state
        .db
        .remove_all_devices(
            &kiosk,
            &request.session_id,
            &notification,
            OffsetDateTime::now_utc(),
        )
        .await?
        .map_err(refused)?;
    tracing::info!(kiosk = %kiosk.kiosk_id, "smartident: all devices removed");
    Ok(StatusCode::NO_CONTENT)
}

fn wire_phase(
    state: kiosk_smartident::rules::RegistrationState,
) -> kiosk_protocol::RegistrationPhase {
    use kiosk_protocol::RegistrationPhase as Phase;
    use kiosk_smartident::rules::RegistrationState as State;
    match state {
        State::Pending => Phase::Pending,
        State::KeyBound => Phase::KeyBound,
        State::Active => Phase::Active,
        State::Expired => Phase::Expired,
        State::Cancelled => Phase::Cancelled,
        State::Failed => Phase::Failed,
    }
}
