//! `POST /v1/staff/member-lookup`: signed-in staff at a kiosk look a member up for an ID check.
//! The kiosk checked the PIN; the central system checks that the account may assist at the
//! kiosk's branch. Each lookup is logged with the kiosk and staff number, never the query.

use axum::{
    Json,
    extract::{State, rejection::JsonRejection},
    http::StatusCode,
};
use kiosk_protocol::{ApiErrorCode, MemberLookupRequest, MemberLookupResponse};

use super::{AppState, HttpError, auth::Kiosk, handlers::body};

#[utoipa::path(post, path = "/v1/staff/member-lookup", request_body = MemberLookupRequest,
    responses((status = 200, body = MemberLookupResponse),
        (status = 400, body = kiosk_protocol::ApiError),
        (status = 403, description = "The staff account may not assist at this kiosk", body = kiosk_protocol::ApiError)))]
pub async fn member_lookup(
    State(state): State<AppState>,
    Kiosk(kiosk): Kiosk,
    payload: Result<Json<MemberLookupRequest>, JsonRejection>,
) -> Result<Json<MemberLookupResponse>, HttpError> {
    let request = body(payload)?;
    request
        .validate()
        .map_err(|e| HttpError::invalid(e.to_string()))?;
    match state.db.staff_member_lookup(&kiosk, &request).await? {
        Ok(members) => {
            tracing::info!(kiosk = %kiosk.kiosk_id, staff = %request.staff_id, found = members.len(), "staff member lookup");
            Ok(Json(MemberLookupResponse { members }))
        }
        Err(refusal) => {
            tracing::warn!(kiosk = %kiosk.kiosk_id, staff = %request.staff_id, reason = refusal.code(), "staff member lookup refused");
            Err(HttpError::new(
                StatusCode::FORBIDDEN,
                ApiErrorCode::StaffNotAllowed,
                format!(
                    "the staff account may not assist at this kiosk ({})",
                    refusal.code()
                ),
            ))
        }
    }
}
