//! The phone API (`/phone/v1`): what the Service-App calls. A phone is not a kiosk: it has no
//! client certificate, and every call is signed with its device key (kiosk-smartident's
//! `request.rs`). A real deployment puts this router behind the insurer's gateway, so it is a
//! router of its own.

use axum::{
    Json, Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, Method, StatusCode, Uri},
    routing::{delete, post},
};
use kiosk_protocol::{ApiErrorCode, BindRequest, BindResponse};
use kiosk_smartident::{
    DeviceId, RegistrationId,
    codes::BindCode,
    request::{SignedRequest, Signer, headers, public_key_from_base64},
};
use time::OffsetDateTime;

use super::{
    AppState, HttpError,
    smartident::{no_randomness, refused},
};
use crate::{db::NewDevice, smartident};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/phone/v1/bind", post(bind))
        .route("/phone/v1/device", delete(remove_own_device))
}

fn bad_signature(why: impl std::fmt::Display) -> HttpError {
    HttpError::new(
        StatusCode::UNAUTHORIZED,
        ApiErrorCode::BadSignature,
        why.to_string(),
    )
}

/// The signer and the signature headers, checked against `key`.
fn verify(
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    key_for: impl FnOnce(Signer) -> Result<Option<kiosk_letter::VerifyingKey>, HttpError>,
) -> Result<Signer, HttpError> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| bad_signature(format!("the {name} header is missing")))
    };
    let signer = Signer::parse(header(headers::DEVICE)?).map_err(bad_signature)?;
    let time_ms: i64 = header(headers::TIME)?
        .parse()
        .map_err(|_| bad_signature("x-smartident-time: Unix milliseconds"))?;
    let signature = header(headers::SIGNATURE)?;
    let path = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    let request = SignedRequest {
        method: method.as_str(),
        path,
        time_ms,
        signer,
        body,
    };
    let key = key_for(signer)?.ok_or_else(|| bad_signature("no such device"))?;
    let now_ms = i64::try_from(OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000)
        .unwrap_or(i64::MAX);
    request
        .verify(&key, signature, now_ms)
        .map_err(bad_signature)?;
    Ok(signer)
}

/// The phone binds its new key to a scanned registration, signing with that key; it gets the
/// 6-digit code the member types at the kiosk.
#[utoipa::path(post, path = "/phone/v1/bind", request_body = BindRequest,
    responses((status = 200, body = BindResponse), (status = 401, body = kiosk_protocol::ApiError), (status = 409, body = kiosk_protocol::ApiError)))]
pub async fn bind(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<BindResponse>, HttpError> {
    let request: BindRequest =
        serde_json::from_slice(&body).map_err(|e| HttpError::invalid(e.to_string()))?;
    request
        .validate()
        .map_err(|e| HttpError::invalid(e.to_string()))?;
    let key = public_key_from_base64(&request.public_key)
        .ok_or_else(|| HttpError::invalid("publicKey: not a usable Ed25519 key"))?;
    verify(&method, &uri, &headers, &body, |signer| match signer {
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
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, HttpError> {
    let mut found = None;
    let signer = {
        let db = state.db.clone();
        let header = headers
            .get(headers::DEVICE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<DeviceId>().ok());
        if let Some(device) = header {
            found = db.device_key(&device.to_string()).await?;
        }
        verify(&method, &uri, &headers, &body, |_| {
            Ok(found
                .as_ref()
                .and_then(|(key, _)| public_key_from_base64(key)))
        })?
    };
    let Signer::Device(device) = signer else {
        return Err(bad_signature("signed by a device"));
    };
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
