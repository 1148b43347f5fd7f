//! The phone API's calls (`/phone/v1`), each signed with the device key as kiosk-smartident's
//! `request.rs` says. The phone trusts the central system's CA (a real app: the public web
//! PKI in front of the insurer's gateway) and talks to the origin the registration QR named.

use std::path::Path;

use kiosk_letter::SigningKey;
use kiosk_protocol::{
    ApiError, ApiErrorCode, ApprovalAnswer, ApprovalFor, BindRequest, BindResponse, Decision,
    PendingApproval, PendingApprovals,
};
use kiosk_smartident::{
    DeviceId,
    challenge::{ApprovalContext, ApprovalPurpose},
    qr::RegistrationQr,
    request::{SignedRequest, Signer, headers, public_key_base64},
};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

#[derive(Debug, thiserror::Error)]
pub enum PhoneError {
    #[error("{}: cannot use the CA file: {problem}", path.display())]
    Ca {
        path: std::path::PathBuf,
        problem: String,
    },
    #[error("the central system is unreachable: {0}")]
    Offline(String),
    #[error("refused ({code:?}): {message}")]
    Refused { code: ApiErrorCode, message: String },
    #[error("the central system's answer broke the protocol: {0}")]
    Protocol(String),
    #[error("this phone is not bound yet: bind it to a registration first")]
    NotBound,
}

/// The phone's side of the phone API, for one device key.
#[derive(Debug)]
pub struct Phone {
    http: reqwest::Client,
    origin: String,
    key: SigningKey,
    device: Option<DeviceId>,
}

/// What the phone shows for an approval, and the hash it answers with.
pub fn context(pending: &PendingApproval) -> Result<ApprovalContext, PhoneError> {
    let bad = |what: &str| PhoneError::Protocol(format!("pending approval: {what}"));
    Ok(ApprovalContext {
        challenge_id: pending
            .challenge_id
            .parse()
            .map_err(|_| bad("challengeId"))?,
        purpose: match pending.purpose {
            ApprovalFor::KioskLogin => ApprovalPurpose::KioskLogin,
            ApprovalFor::AddDevice => ApprovalPurpose::AddDevice,
        },
        kiosk_id: pending.kiosk_id.clone(),
        branch_id: pending.branch_id.clone(),
        requested_at: OffsetDateTime::parse(&pending.requested_at, &Rfc3339)
            .map_err(|_| bad("requestedAt"))?,
    })
}

impl Phone {
    /// A phone that trusts the CA in `ca_file` and calls `origin` with `key`.
    pub fn new(
        ca_file: &Path,
        origin: &str,
        key: SigningKey,
        device: Option<&str>,
    ) -> Result<Phone, PhoneError> {
        let ca = |problem: String| PhoneError::Ca {
            path: ca_file.to_owned(),
            problem,
        };
        let pem = std::fs::read(ca_file).map_err(|e| ca(e.to_string()))?;
        let roots = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| ca(e.to_string()))?;
        let http = reqwest::Client::builder()
            .tls_certs_only(roots)
            .https_only(true)
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .map_err(|e| ca(e.to_string()))?;
        let device = device
            .map(str::parse::<DeviceId>)
            .transpose()
            .map_err(|_| {
                PhoneError::Protocol("the stored device id is not 32 hex digits".into())
            })?;
        Ok(Phone {
            http,
            origin: origin.trim_end_matches('/').to_owned(),
            key,
            device,
        })
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Vec<u8>,
        signer: Signer,
    ) -> Result<reqwest::Response, PhoneError> {
        let time_ms = i64::try_from(OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000)
            .unwrap_or(i64::MAX);
        let signature = SignedRequest {
            method: method.as_str(),
            path,
            time_ms,
            signer,
            body: &body,
        }
        .sign(&self.key);
        let response = self
            .http
            .request(method, format!("{}{path}", self.origin))
            .header(headers::DEVICE, signer.header())
            .header(headers::TIME, time_ms.to_string())
            .header(headers::SIGNATURE, signature)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| PhoneError::Offline(e.to_string()))?;
        if response.status().is_success() {
            return Ok(response);
        }
        let status = response.status();
        let text = response.bytes().await.unwrap_or_default();
        Err(match serde_json::from_slice::<ApiError>(&text) {
            Ok(error) => PhoneError::Refused {
                code: error.code,
                message: error.message,
            },
            Err(_) => PhoneError::Protocol(format!("status {status}")),
        })
    }

    fn device(&self) -> Result<DeviceId, PhoneError> {
        self.device.ok_or(PhoneError::NotBound)
    }

    /// Binds this key to the scanned registration: the 6-digit code to type at the kiosk.
    pub async fn bind(
        &mut self,
        qr: &RegistrationQr,
        label: &str,
    ) -> Result<BindResponse, PhoneError> {
        let body = serde_json::to_vec(&BindRequest {
            registration_id: qr.registration_id.to_string(),
            nonce: hex::encode(qr.nonce),
            public_key: public_key_base64(&self.key.verifying_key()),
            label: label.to_owned(),
            platform: "simulator".into(),
            push_handle: None,
        })
        .map_err(|e| PhoneError::Protocol(e.to_string()))?;
        let response = self
            .call(reqwest::Method::POST, "/phone/v1/bind", body, Signer::Bind)
            .await?;
        let bound: BindResponse = response
            .json()
            .await
            .map_err(|e| PhoneError::Protocol(e.to_string()))?;
        self.device = Some(
            bound
                .device_id
                .parse()
                .map_err(|_| PhoneError::Protocol("deviceId".into()))?,
        );
        Ok(bound)
    }

    /// What waits for this phone.
    pub async fn pending(&self) -> Result<Vec<PendingApproval>, PhoneError> {
        let device = self.device()?;
        let response = self
            .call(
                reqwest::Method::GET,
                "/phone/v1/approvals",
                Vec::new(),
                Signer::Device(device),
            )
            .await?;
        let pending: PendingApprovals = response
            .json()
            .await
            .map_err(|e| PhoneError::Protocol(e.to_string()))?;
        Ok(pending.approvals)
    }

    /// Answers an approval the phone showed; `number` is what the member typed.
    pub async fn answer(
        &self,
        pending: &PendingApproval,
        decision: Decision,
        number: Option<u8>,
    ) -> Result<(), PhoneError> {
        let device = self.device()?;
        let body = serde_json::to_vec(&ApprovalAnswer {
            decision,
            number,
            context_hash: hex::encode(context(pending)?.hash()),
        })
        .map_err(|e| PhoneError::Protocol(e.to_string()))?;
        self.call(
            reqwest::Method::POST,
            &format!("/phone/v1/approvals/{}", pending.challenge_id),
            body,
            Signer::Device(device),
        )
        .await
        .map(drop)
    }

    /// "Registrierung aufheben": this device, and only this one.
    pub async fn remove(&self) -> Result<(), PhoneError> {
        let device = self.device()?;
        self.call(
            reqwest::Method::DELETE,
            "/phone/v1/device",
            Vec::new(),
            Signer::Device(device),
        )
        .await
        .map(drop)
    }
}
