//! The phone API (`/phone/v1`): what the Service-App calls. A phone is not a kiosk: it has no
//! client certificate, and every call is signed with its device key (kiosk-smartident's
//! `request.rs`). A real deployment puts this router behind the insurer's gateway, so it is a
//! router of its own.

use axum::{
    Json, Router,
    body::Bytes,
    extract::{FromRequest, Request, State},
    http::{HeaderMap, Method, StatusCode, Uri},
    routing::{delete, get, post},
};
use kiosk_protocol::{
    ApiErrorCode, ApprovalAnswer, BindRequest, BindResponse, PendingApproval, PendingApprovals,
};
use kiosk_smartident::{
    ChallengeId, DeviceId, RegistrationId,
    challenge::Decision,
    codes::BindCode,
    request::{SignedRequest, Signer, headers, public_key_from_base64},
    rules::{Answer, Verdict},
};
use time::OffsetDateTime;

use super::{
    AppState, HttpError,
    approvals::wire_purpose,
    smartident::{no_randomness, refused, rfc3339},
};
use crate::{db::NewDevice, smartident};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/phone/v1/bind", post(bind))
        .route("/phone/v1/device", delete(remove_own_device))
        .route("/phone/v1/approvals", get(pending_approvals))
        .route("/phone/v1/approvals/{challenge_id}", post(answer_approval))
        .route("/phone/v1/not-me", post(not_me))
}

/// "Das war ich nicht": the member followed the link in a device notification (from a mail,
/// not the phone: no signature). Every device of theirs is blocked, once.
#[utoipa::path(post, path = "/phone/v1/not-me", request_body = kiosk_protocol::NotMeLink,
    responses((status = 204), (status = 400, body = kiosk_protocol::ApiError),
        (status = 404, body = kiosk_protocol::ApiError)))]
pub async fn not_me(
    State(state): State<AppState>,
    payload: Result<Json<kiosk_protocol::NotMeLink>, axum::extract::rejection::JsonRejection>,
) -> Result<StatusCode, HttpError> {
    let link = super::handlers::body(payload)?;
    link.validate()
        .map_err(|e| HttpError::invalid(e.to_string()))?;
    let notification = smartident::new_notification().map_err(no_randomness)?;
    state
        .db
        .block_by_link(
            &smartident::not_me_token_hash(&link.token),
            &notification,
            OffsetDateTime::now_utc(),
        )
        .await?
        .map_err(refused)?;
    tracing::info!("smartident devices blocked through a \"not me\" link");
    Ok(StatusCode::NO_CONTENT)
}

fn bad_signature(why: impl std::fmt::Display) -> HttpError {
    HttpError::new(
        StatusCode::UNAUTHORIZED,
        ApiErrorCode::BadSignature,
        why.to_string(),
    )
}

/// A phone's call as it arrived: what its signature covers.
pub struct PhoneCall {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
}

impl<S: Send + Sync> FromRequest<S> for PhoneCall {
    type Rejection = HttpError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = request.into_parts();
        let body = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(|e| HttpError::invalid(e.to_string()))?;
        Ok(PhoneCall {
            method: parts.method,
            uri: parts.uri,
            headers: parts.headers,
            body,
        })
    }
}

impl PhoneCall {
    /// The signer and the signature headers, checked against the key `key_for` names.
    fn verify(
        &self,
        key_for: impl FnOnce(Signer) -> Result<Option<kiosk_letter::VerifyingKey>, HttpError>,
    ) -> Result<Signer, HttpError> {
        let header = |name: &str| {
            self.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| bad_signature(format!("the {name} header is missing")))
        };
        let signer = Signer::parse(header(headers::DEVICE)?).map_err(bad_signature)?;
        let time_ms: i64 = header(headers::TIME)?
            .parse()
            .map_err(|_| bad_signature("x-smartident-time: Unix milliseconds"))?;
        let signature = header(headers::SIGNATURE)?;
        let path = self
            .uri
            .path_and_query()
            .map_or(self.uri.path(), |p| p.as_str());
        let request = SignedRequest {
            method: self.method.as_str(),
            path,
            time_ms,
            signer,
            body: &self.body,
        };
        let key = key_for(signer)?.ok_or_else(|| bad_signature("no such device"))?;
        let now_ms = i64::try_from(OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000)
            .unwrap_or(i64::MAX);
        request
            .verify(&key, signature, now_ms)
            .map_err(bad_signature)?;
        Ok(signer)
    }

    /// The device whose key signed the call (bound or active; each step checks which it
    /// needs).
    async fn device(&self, state: &AppState) -> Result<DeviceId, HttpError> {
        let named = self
            .headers
            .get(headers::DEVICE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| match Signer::parse(v) {
                Ok(Signer::Device(device)) => Some(device),
                _ => None,
            });
        let key = match named {
            Some(device) => state.db.device_key(&device.to_string()).await?,
            None => None,
        };
        let signer = self.verify(|_| {
            Ok(key
                .as_ref()
                .and_then(|(key, _)| public_key_from_base64(key)))
        })?;
        match signer {
            Signer::Device(device) => Ok(device),
            Signer::Bind => Err(bad_signature("signed by a device")),
        }
    }
}

/// The phone binds its new key to a scanned registration, signing with that key; it gets the
/// 6-digit code the member types at the kiosk.
#[utoipa::path(post, path = "/phone/v1/bind", request_body = BindRequest,
    responses((status = 200, body = BindResponse), (status = 401, body = kiosk_protocol::ApiError), (status = 409, body = kiosk_protocol::ApiError)))]
pub async fn bind(
    State(state): State<AppState>,
    call: PhoneCall,
) -> Result<Json<BindResponse>, HttpError> {
    let request: BindRequest =
        serde_json::from_slice(&call.body).map_err(|e| HttpError::invalid(e.to_string()))?;
    request
        .validate()
        .map_err(|e| HttpError::invalid(e.to_string()))?;
    let key = public_key_from_base64(&request.public_key)
        .ok_or_else(|| HttpError::invalid("publicKey: not a usable Ed25519 key"))?;
    call.verify(|signer| match signer {
        Signer::Bind => Ok(Some(key)),
        Signer::Device(_) => Err(bad_signature(
            "binding is signed by the new key (signer bind)",
        )),
    })?;
    let registration: RegistrationId = request
        .registration_id
        .parse()
        .map_err(|_| HttpError::invalid("registrationId: 32 hex digits"))?;
    let nonce = hex::decode(&request.nonce).map_err(|_| HttpError::invalid("nonce: hex"))?;
    let device_id = DeviceId::from_bytes(smartident::random().map_err(no_randomness)?);
    let code = BindCode::from_random(smartident::random().map_err(no_randomness)?);
    let device = NewDevice {
        device_id: device_id.to_string(),
        public_key: request.public_key.clone(),
        label: request.label.clone(),
        platform: request.platform.clone(),
        push_handle: request.push_handle.clone(),
    };
    state
        .db
        .bind_device(
            &registration.to_string(),
            &smartident::sha256_hex(&nonce),
            &device,
            &hex::encode(code.hash(&registration)),
            OffsetDateTime::now_utc(),
        )
        .await?
        .map_err(refused)?;
    tracing::info!(platform = %request.platform, "smartident key bound");
    Ok(Json(BindResponse {
        device_id: device.device_id,
        bind_code: code.as_str().to_owned(),
    }))
}

/// "Registrierung aufheben": the phone removes its own device, and only that one.
#[utoipa::path(delete, path = "/phone/v1/device",
    responses((status = 204), (status = 401, body = kiosk_protocol::ApiError), (status = 404, body = kiosk_protocol::ApiError)))]
pub async fn remove_own_device(
    State(state): State<AppState>,
    call: PhoneCall,
) -> Result<StatusCode, HttpError> {
    let device = call.device(&state).await?;
    let notification = smartident::new_notification().map_err(no_randomness)?;
    state
        .db
        .remove_own_device(
            &device.to_string(),
            &notification,
            OffsetDateTime::now_utc(),
        )
        .await?
        .map_err(refused)?;
    tracing::info!("smartident device removed by its phone");
    Ok(StatusCode::NO_CONTENT)
}

/// What waits for the phone: the member's pending approvals, with what each shows.
#[utoipa::path(get, path = "/phone/v1/approvals",
    responses((status = 200, body = PendingApprovals), (status = 401, body = kiosk_protocol::ApiError)))]
pub async fn pending_approvals(
    State(state): State<AppState>,
    call: PhoneCall,
) -> Result<Json<PendingApprovals>, HttpError> {
    let device = call.device(&state).await?;
    let pending = state
        .db
        .pending_approvals(&device.to_string(), OffsetDateTime::now_utc())
        .await?
        .map_err(refused)?;
    Ok(Json(PendingApprovals {
        approvals: pending
            .into_iter()
            .map(|p| PendingApproval {
                challenge_id: p.challenge_id,
                purpose: wire_purpose(p.purpose),
                kiosk_id: p.kiosk_id,
                branch_id: p.branch_id,
                requested_at: rfc3339(p.requested_at),
                expires_at: rfc3339(p.expires_at),
            })
            .collect(),
    }))
}

/// The member's answer: the number the kiosk shows and the hash of what the phone showed.
#[utoipa::path(post, path = "/phone/v1/approvals/{challenge_id}",
    params(("challenge_id" = String, Path)), request_body = ApprovalAnswer,
    responses((status = 204), (status = 401, body = kiosk_protocol::ApiError),
        (status = 404, body = kiosk_protocol::ApiError), (status = 409, body = kiosk_protocol::ApiError)))]
pub async fn answer_approval(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<String>,
    call: PhoneCall,
) -> Result<StatusCode, HttpError> {
    let device = call.device(&state).await?;
    let id: ChallengeId = id
        .parse()
        .map_err(|_| HttpError::invalid("challengeId: 32 hex digits"))?;
    let answer: ApprovalAnswer =
        serde_json::from_slice(&call.body).map_err(|e| HttpError::invalid(e.to_string()))?;
    answer
        .validate()
        .map_err(|e| HttpError::invalid(e.to_string()))?;
    let mut context_hash = [0u8; 32];
    hex::decode_to_slice(&answer.context_hash, &mut context_hash)
        .map_err(|_| HttpError::invalid("contextHash: 64 hex digits"))?;
    let answer = Answer {
        decision: match answer.decision {
            kiosk_protocol::Decision::Approve => Decision::Approve,
            kiosk_protocol::Decision::Decline => Decision::Decline { not_me: false },
            kiosk_protocol::Decision::NotMe => Decision::Decline { not_me: true },
        },
        number: answer.number,
        context_hash,
    };
    let verdict = state
        .db
        .answer_approval(
            &device.to_string(),
            &id.to_string(),
            &answer,
            OffsetDateTime::now_utc(),
        )
        .await?
        .map_err(refused)?;
    let verdict = match verdict {
        Verdict::Approved => "approved",
        Verdict::Declined { not_me: false } => "declined",
        Verdict::Declined { not_me: true } => "notMe",
    };
    tracing::info!(verdict, "smartident approval answered");
    Ok(StatusCode::NO_CONTENT)
}
