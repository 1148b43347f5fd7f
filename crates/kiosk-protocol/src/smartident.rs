//! SmartIdent's wire types (`docs/smartident.md`): the kiosk's calls under `/v1/smartident`
//! (mutual TLS, for the member identified in a session of that kiosk) and the phone's under
//! `/phone/v1` (each call signed with the device key). No personal data goes to the phone.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::Invalid;

/// The kiosk asks for a registration QR for the member of `session_id`. A new one cancels the
/// member's open one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationRequest {
    pub session_id: uuid::Uuid,
    /// A further device's: the approval (`addDevice`, approved by a registered device) it
    /// rests on. None for the first device.
    #[serde(default)]
    pub approval_id: Option<String>,
}

/// What the kiosk shows: the QR's text, and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationCreated {
    pub registration_id: String,
    /// The QR's text (`KS1:… HTTPS://…`), in the QR alphanumeric set.
    pub qr_text: String,
    /// RFC 3339.
    pub expires_at: String,
}

/// The kiosk's calls about an existing registration or device name the session they serve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionRef {
    pub session_id: uuid::Uuid,
}

/// Where a registration is, for the kiosk that shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationStatus {
    pub state: RegistrationPhase,
    /// RFC 3339.
    pub expires_at: String,
    /// Tries left for the bind code.
    pub tries_left: u8,
}

/// Where a registration QR is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum RegistrationPhase {
    /// Shown; no phone has bound it.
    Pending,
    /// A phone bound its key; the member has not typed its code yet.
    KeyBound,
    Active,
    Expired,
    /// A newer QR, the member or the kiosk cancelled it.
    Cancelled,
    /// The code was typed wrong too often.
    Failed,
}

/// "Das war ich nicht": the token of a notification's one-use link, as the link carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotMeLink {
    /// 64 lowercase hex digits.
    pub token: String,
}

impl NotMeLink {
    pub fn validate(&self) -> Result<(), Invalid> {
        let hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
        if self.token.len() != 64 || !self.token.bytes().all(hex) {
            return Err(Invalid::new(
                "token",
                "64 lowercase hex digits, as in the link",
            ));
        }
        Ok(())
    }
}

/// The 6-digit code the phone shows, as the member typed it at the kiosk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConfirmRequest {
    pub session_id: uuid::Uuid,
    pub code: String,
}

impl ConfirmRequest {
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.code.len() > 16 {
            return Err(Invalid::new("code", "the 6 digits the phone shows"));
        }
        Ok(())
    }
}

/// What typing the code did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", tag = "outcome")]
pub enum ConfirmOutcome {
    /// The device is active.
    Activated,
    #[serde(rename_all = "camelCase")]
    Wrong {
        tries_left: u8,
    },
    /// Wrong for the last time: the kiosk offers a new QR.
    Failed,
    /// No phone has scanned the code yet.
    NotBoundYet,
    Expired,
    /// Active, cancelled or failed already.
    Closed,
}

/// One of the member's devices, as "Meine Geräte" lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeviceView {
    pub device_id: String,
    pub label: String,
    pub platform: String,
    /// RFC 3339.
    pub registered_at: String,
    /// The branch where it was registered.
    pub registered_branch: String,
    /// RFC 3339; none before its first use.
    pub last_used_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeviceList {
    pub devices: Vec<DeviceView>,
}

/// The phone binds its new key to a registration it scanned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BindRequest {
    pub registration_id: String,
    /// The QR's nonce, 32 hex digits.
    pub nonce: String,
    /// Base64 of the 32-byte Ed25519 device key; it signs this call.
    pub public_key: String,
    /// What the member calls the phone ("Annas Pixel").
    pub label: String,
    /// `android`, `ios` or `simulator`.
    pub platform: String,
    /// Where a push wakes the app (it carries only a challenge id); none: the app polls.
    pub push_handle: Option<String>,
}

/// Platforms a device may name.
pub const PLATFORMS: [&str; 3] = ["android", "ios", "simulator"];
/// A device's label: at most this many characters.
pub const MAX_LABEL_CHARS: usize = 40;

impl BindRequest {
    pub fn validate(&self) -> Result<(), Invalid> {
        let hex32 = |s: &str| s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit());
        if !hex32(&self.registration_id) {
            return Err(Invalid::new("registrationId", "32 hex digits, from the QR"));
        }
        if !hex32(&self.nonce) {
            return Err(Invalid::new("nonce", "32 hex digits, from the QR"));
        }
        if self.public_key.len() != 44 {
            return Err(Invalid::new("publicKey", "base64 of a 32-byte Ed25519 key"));
        }
        let chars = self.label.chars().count();
        if chars == 0
            || chars > MAX_LABEL_CHARS
            || self.label.trim() != self.label
            || self.label.chars().any(char::is_control)
        {
            return Err(Invalid::new(
                "label",
                format!("1 to {MAX_LABEL_CHARS} characters, no control characters"),
            ));
        }
        if !PLATFORMS.contains(&self.platform.as_str()) {
            return Err(Invalid::new("platform", "android, ios or simulator"));
        }
        if let Some(handle) = &self.push_handle
            && (handle.is_empty()
                || handle.len() > 512
                || !handle.bytes().all(|b| b.is_ascii_graphic()))
        {
            return Err(Invalid::new(
                "pushHandle",
                "1 to 512 printable ASCII characters",
            ));
        }
        Ok(())
    }
}

/// What the phone shows after binding: the code to type at the kiosk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BindResponse {
    pub device_id: String,
    /// Six digits.
    pub bind_code: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bind() -> BindRequest {
        BindRequest {
            registration_id: "0".repeat(32),
            nonce: "a".repeat(32),
            public_key: "A".repeat(43) + "=",
            label: "Annas Pixel".into(),
            platform: "android".into(),
            push_handle: None,
        }
    }

    #[test]
    fn a_bind_request_names_what_is_wrong() {
        assert_eq!(bind().validate(), Ok(()));
        let field = |r: BindRequest| r.validate().expect_err("refused").field;
        assert_eq!(
            field(BindRequest {
                registration_id: "0".repeat(31),
                ..bind()
            }),
            "registrationId"
        );
        assert_eq!(
            field(BindRequest {
                nonce: "g".repeat(32),
                ..bind()
            }),
            "nonce"
        );
        assert_eq!(
            field(BindRequest {
                public_key: "AA".into(),
                ..bind()
            }),
            "publicKey"
        );
        assert_eq!(
            field(BindRequest {
                label: String::new(),
                ..bind()
            }),
            "label"
        );
        assert_eq!(
            field(BindRequest {
                label: "x".repeat(41),
                ..bind()
            }),
            "label"
        );
        assert_eq!(
            field(BindRequest {
                label: "a\nb".into(),
                ..bind()
            }),
            "label"
        );
        assert_eq!(
            field(BindRequest {
                platform: "windows".into(),
                ..bind()
            }),
            "platform"
        );
        assert_eq!(
            field(BindRequest {
                push_handle: Some("a b".into()),
                ..bind()
            }),
            "pushHandle"
        );
        assert_eq!(
            BindRequest {
                label: "Ä".repeat(40),
                ..bind()
            }
            .validate(),
            Ok(())
        );
    }

    #[test]
    fn the_confirm_outcome_is_tagged() {
        let json = serde_json::to_string(&ConfirmOutcome::Wrong { tries_left: 2 }).expect("json");
        assert_eq!(json, r#"{"outcome":"wrong","triesLeft":2}"#);
    }
}
