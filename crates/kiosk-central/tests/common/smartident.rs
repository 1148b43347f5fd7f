//! SmartIdent for the central's tests: an identified member, the Service-App's stand-in (a
//! device key and signed calls) and the kiosk's SmartIdent calls.

use base64::Engine as _;
use kiosk_letter::SigningKey;
use kiosk_protocol::{
    ApiError, ApiErrorCode, BindRequest, BindResponse, ChangeItem, ConfirmOutcome, ConfirmRequest,
    DeviceList, RegistrationCreated, RegistrationRequest, RegistrationStatus,
};
use kiosk_smartident::{
    qr::RegistrationQr,
    request::{SignedRequest, Signer, headers, public_key_base64},
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{TestCentral, TestKiosk};

pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// A seeded member of DEMO-01 and a kiosk there, as the kiosk pulled it.
pub async fn seeded(backend: &str) -> (TestCentral, TestKiosk, kiosk_protocol::MemberSnapshot) {
    let central = TestCentral::start(backend).await;
    kiosk_central::seed::seed(&central.db, &["DEMO-01".to_string()], 1, 7)
        .await
        .expect("seed");
    let kiosk = central.enroll("K-A", "DEMO-01").await;
    let member = kiosk
        .pull(0, 100)
        .await
        .changes
        .into_iter()
        .find_map(|c| match c.item {
            ChangeItem::Member(m) => Some(m),
            _ => None,
        })
        .expect("a member");
    (central, kiosk, member)
}

/// A member of DEMO-01 identified at a kiosk there: the central, the kiosk, the KVNR and the
/// session.
pub async fn identified(backend: &str) -> (TestCentral, TestKiosk, String, Uuid) {
    let (central, kiosk, member) = seeded(backend).await;
    let kvnr = member.kvnr.clone();
    let session = kiosk.identify(&central, &kvnr).await;
    (central, kiosk, kvnr, session)
}

/// The Service-App's stand-in: a device key and signed calls.
pub struct Phone {
    pub key: SigningKey,
    client: reqwest::Client,
    url: String,
}

impl Phone {
    pub fn new(central: &TestCentral, seed: u8) -> Phone {
        Phone {
            key: SigningKey::from_bytes(&[seed; 32]),
            client: central.client(None),
            url: central.url(),
        }
    }

    pub async fn call(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        signer: Signer,
        key: &SigningKey,
    ) -> reqwest::Response {
        let time_ms = i64::try_from(OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000)
            .expect("ms");
        let signature = SignedRequest {
            method,
            path,
            time_ms,
            signer,
            body,
        }
        .sign(key);
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        self.client
            .request(method, format!("{}{path}", self.url))
            .header(headers::DEVICE, signer.header())
            .header(headers::TIME, time_ms.to_string())
            .header(headers::SIGNATURE, signature)
            .header("content-type", "application/json")
            .body(body.to_vec())
            .send()
            .await
            .expect("phone request")
    }

    pub fn bind_body(&self, qr: &RegistrationQr, nonce: Option<[u8; 16]>) -> Vec<u8> {
        serde_json::to_vec(&BindRequest {
            registration_id: qr.registration_id.to_string(),
            nonce: hex::encode(nonce.unwrap_or(qr.nonce)),
            public_key: public_key_base64(&self.key.verifying_key()),
            label: "Annas Pixel".into(),
            platform: "simulator".into(),
            push_handle: None,
        })
        .expect("json")
    }

    pub async fn bind(&self, qr: &RegistrationQr) -> reqwest::Response {
        self.call(
            "POST",
            "/phone/v1/bind",
            &self.bind_body(qr, None),
            Signer::Bind,
            &self.key,
        )
        .await
    }
}

pub fn pinned_key(central: &TestCentral) -> kiosk_letter::VerifyingKey {
    let text = std::fs::read_to_string(central.config.pki_dir.join("smartident.pub"))
        .expect("smartident.pub");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .expect("base64");
    kiosk_letter::VerifyingKey::from_bytes(&bytes.try_into().expect("32 bytes")).expect("key")
}

/// A registration QR for the session's member (a further device's with its approval).
pub async fn register(
    central: &TestCentral,
    kiosk: &TestKiosk,
    session: Uuid,
    approval: Option<&str>,
) -> (RegistrationCreated, RegistrationQr) {
    let response = kiosk
        .client
        .post(format!("{}/v1/smartident/registrations", kiosk.url))
        .json(&RegistrationRequest {
            session_id: session,
            approval_id: approval.map(str::to_owned),
        })
        .send()
        .await
        .expect("register");
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    let created: RegistrationCreated = response.json().await.expect("body");
    let qr = RegistrationQr::open(
        &created.qr_text,
        &[pinned_key(central)],
        OffsetDateTime::now_utc(),
    )
    .expect("the QR opens with the pinned key");
    (created, qr)
}

pub async fn confirm(
    kiosk: &TestKiosk,
    session: Uuid,
    registration: &str,
    code: &str,
) -> ConfirmOutcome {
    let response = kiosk
        .client
        .post(format!(
            "{}/v1/smartident/registrations/{registration}/confirm",
            kiosk.url
        ))
        .json(&ConfirmRequest {
            session_id: session,
            code: code.into(),
        })
        .send()
        .await
        .expect("confirm");
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    response.json().await.expect("outcome")
}

pub async fn status(kiosk: &TestKiosk, session: Uuid, registration: &str) -> RegistrationStatus {
    let response = kiosk
        .client
        .get(format!(
            "{}/v1/smartident/registrations/{registration}?sessionId={session}",
            kiosk.url
        ))
        .send()
        .await
        .expect("status");
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    response.json().await.expect("status body")
}

pub async fn devices(kiosk: &TestKiosk, session: Uuid) -> DeviceList {
    let response = kiosk
        .client
        .get(format!(
            "{}/v1/smartident/devices?sessionId={session}",
            kiosk.url
        ))
        .send()
        .await
        .expect("devices");
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    response.json().await.expect("devices body")
}

pub async fn error_code(response: reqwest::Response) -> (u16, ApiErrorCode) {
    let status = response.status().as_u16();
    let error: ApiError = response.json().await.expect("error body");
    (status, error.code)
}

/// A first device registered and activated for the session's member: its id.
pub async fn activated(
    central: &TestCentral,
    kiosk: &TestKiosk,
    session: Uuid,
    phone: &Phone,
    approval: Option<&str>,
) -> String {
    let (created, qr) = register(central, kiosk, session, approval).await;
    let response = phone.bind(&qr).await;
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    let bound: BindResponse = response.json().await.expect("bind body");
    assert_eq!(
        confirm(kiosk, session, &created.registration_id, &bound.bind_code).await,
        ConfirmOutcome::Activated
    );
    bound.device_id
}

impl Phone {
    fn signer(device_id: &str) -> Signer {
        Signer::Device(device_id.parse().expect("device id"))
    }

    /// What waits for this phone.
    pub async fn pending(&self, device_id: &str) -> Vec<kiosk_protocol::PendingApproval> {
        let response = self
            .call(
                "GET",
                "/phone/v1/approvals",
                b"",
                Self::signer(device_id),
                &self.key,
            )
            .await;
        assert_eq!(response.status(), 200, "{:?}", response.text().await);
        let pending: kiosk_protocol::PendingApprovals = response.json().await.expect("pending");
        pending.approvals
    }

    /// The hash of what the phone shows for `pending`, computed as the Service-App does.
    pub fn context_hash(pending: &kiosk_protocol::PendingApproval) -> String {
        let context = phone_sim::phone::context(pending).expect("a well-formed approval");
        hex::encode(context.hash())
    }

    /// Answers an approval; the raw response.
    pub async fn answer(
        &self,
        device_id: &str,
        challenge_id: &str,
        answer: &kiosk_protocol::ApprovalAnswer,
    ) -> reqwest::Response {
        self.call(
            "POST",
            &format!("/phone/v1/approvals/{challenge_id}"),
            &serde_json::to_vec(answer).expect("json"),
            Self::signer(device_id),
            &self.key,
        )
        .await
    }
}

/// The kiosk asks for an approval; the raw response.
pub async fn ask_approval(
    kiosk: &TestKiosk,
    request: &kiosk_protocol::ApprovalRequest,
) -> reqwest::Response {
    kiosk
        .client
        .post(format!("{}/v1/smartident/approvals", kiosk.url))
        .json(request)
        .send()
        .await
        .expect("approval")
}

pub async fn approval_state(
    kiosk: &TestKiosk,
    session: Uuid,
    challenge_id: &str,
) -> kiosk_protocol::ApprovalState {
    let response = kiosk
        .client
        .get(format!(
            "{}/v1/smartident/approvals/{challenge_id}?sessionId={session}",
            kiosk.url
        ))
        .send()
        .await
        .expect("approval status");
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    let status: kiosk_protocol::ApprovalStatus = response.json().await.expect("status");
    status.state
}
