//! SmartIdent as the UI sees it: the registration QR, the code, the approval number,
//! "Meine Geräte".

use base64::Engine;
use kiosk_core::{
    ApprovalProgress, ApprovalShown, CodeOutcome, RegistrationProgress, RegistrationShown,
};
use serde::Serialize;
use ts_rs::TS;

use super::SessionView;

/// A registration QR on screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationView {
    /// The QR code as an `data:image/svg+xml` URL (the page's CSP allows `data:` images).
    pub qr_image: String,
    pub expires_in_seconds: u32,
    /// A further device's code ("Registrierungscode"), valid 10 minutes.
    pub further_device: bool,
}

impl From<RegistrationShown> for RegistrationView {
    fn from(shown: RegistrationShown) -> Self {
        let svg = base64::engine::general_purpose::STANDARD.encode(shown.qr_svg);
        RegistrationView {
            qr_image: format!("data:image/svg+xml;base64,{svg}"),
            expires_in_seconds: shown.expires_in,
            further_device: shown.further_device,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "state")]
pub enum RegistrationProgressView {
    #[serde(rename_all = "camelCase")]
    WaitingForPhone {
        expires_in_seconds: u32,
    },
    #[serde(rename_all = "camelCase")]
    WaitingForCode {
        tries_left: u8,
        expires_in_seconds: u32,
    },
    Active,
    Expired,
    Failed,
    Cancelled,
}

impl From<RegistrationProgress> for RegistrationProgressView {
    fn from(progress: RegistrationProgress) -> Self {
        use RegistrationProgressView as View;
        match progress {
            RegistrationProgress::WaitingForPhone { expires_in } => View::WaitingForPhone {
                expires_in_seconds: expires_in,
            },
            RegistrationProgress::WaitingForCode {
                tries_left,
                expires_in,
            } => View::WaitingForCode {
                tries_left,
                expires_in_seconds: expires_in,
            },
            RegistrationProgress::Active => View::Active,
            RegistrationProgress::Expired => View::Expired,
            RegistrationProgress::Failed => View::Failed,
            RegistrationProgress::Cancelled => View::Cancelled,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "outcome")]
pub enum CodeOutcomeView {
    Active,
    #[serde(rename_all = "camelCase")]
    Wrong {
        tries_left: u8,
    },
    Failed,
    NotScannedYet,
    Expired,
}

impl From<CodeOutcome> for CodeOutcomeView {
    fn from(outcome: CodeOutcome) -> Self {
        match outcome {
            CodeOutcome::Active => CodeOutcomeView::Active,
            CodeOutcome::Wrong { tries_left } => CodeOutcomeView::Wrong { tries_left },
            CodeOutcome::Failed => CodeOutcomeView::Failed,
            CodeOutcome::NotScannedYet => CodeOutcomeView::NotScannedYet,
            CodeOutcome::Expired => CodeOutcomeView::Expired,
        }
    }
}

/// The number the member finds on the phone and answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalView {
    pub number: u8,
    pub expires_in_seconds: u32,
}

impl From<ApprovalShown> for ApprovalView {
    fn from(shown: ApprovalShown) -> Self {
        ApprovalView {
            number: shown.number,
            expires_in_seconds: shown.expires_in,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "state")]
pub enum ApprovalProgressView {
    #[serde(rename_all = "camelCase")]
    Waiting {
        expires_in_seconds: u32,
    },
    /// A login approved: the session, now at level high.
    Identified {
        session: SessionView,
    },
    /// A further device approved: its QR.
    Registration {
        registration: RegistrationView,
    },
    Declined,
    Expired,
    Cancelled,
}

impl From<ApprovalProgress> for ApprovalProgressView {
    fn from(progress: ApprovalProgress) -> Self {
        use ApprovalProgressView as View;
        match progress {
            ApprovalProgress::Waiting { expires_in } => View::Waiting {
                expires_in_seconds: expires_in,
            },
            ApprovalProgress::Identified(snapshot) => View::Identified {
                session: snapshot.into(),
            },
            ApprovalProgress::Registration(shown) => View::Registration {
                registration: shown.into(),
            },
            ApprovalProgress::Declined => View::Declined,
            ApprovalProgress::Expired => View::Expired,
            ApprovalProgress::Cancelled => View::Cancelled,
        }
    }
}

/// One of the member's devices in "Meine Geräte".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeviceView {
    pub device_id: String,
    pub label: String,
    /// `android`, `ios` or `simulator` (phone-sim).
    pub platform: String,
    /// RFC 3339.
    pub registered_at: String,
    /// The branch it was registered in.
    pub registered_branch: String,
    pub last_used_at: Option<String>,
}

impl From<kiosk_core::SmartIdentDevice> for DeviceView {
    fn from(device: kiosk_core::SmartIdentDevice) -> Self {
        DeviceView {
            device_id: device.device_id,
            label: device.label,
            platform: device.platform,
            registered_at: device.registered_at,
            registered_branch: device.registered_branch,
            last_used_at: device.last_used_at,
        }
    }
}
