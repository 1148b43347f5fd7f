use kiosk_config::KioskConfig;
use kiosk_domain as domain;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    De,
    En,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SessionPhase {
    Idle,
    Identifying,
    Identified,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum IdentificationMethod {
    Letter,
    StaffAssist,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TrustLevel {
    Substantial,
    High,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum EndReason {
    Member,
    /// Staff ended it from their panel.
    Staff,
    IdleTimeout,
    MaxLength,
}

impl EndReason {
    /// As serialized (the UI's `EndReason`), for the clean page's URL.
    pub fn wire_name(self) -> &'static str {
        match self {
            EndReason::Member => "member",
            EndReason::Staff => "staff",
            EndReason::IdleTimeout => "idleTimeout",
            EndReason::MaxLength => "maxLength",
        }
    }
}

/// The countdown before the session ends on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IdleWarning {
    pub seconds_left: u32,
    /// False when the maximum session length ends it: extending does not help then.
    pub can_extend: bool,
}

/// What the screen shows; sent with every change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    pub phase: SessionPhase,
    pub language: Language,
    pub method: Option<IdentificationMethod>,
    pub trust_level: Option<TrustLevel>,
    /// A valid letter was read: the date of birth is asked.
    pub awaiting_birth_date: bool,
    pub warning: Option<IdleWarning>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionEnded {
    pub reason: EndReason,
}

/// Facts about this kiosk the UI shows or needs; nothing secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KioskInfo {
    pub branch_id: String,
    pub kiosk_id: String,
    pub languages: Vec<Language>,
    pub default_language: Language,
    pub app_version: String,
}

impl From<domain::Language> for Language {
    fn from(language: domain::Language) -> Self {
        match language {
            domain::Language::De => Language::De,
            domain::Language::En => Language::En,
        }
    }
}

impl From<Language> for domain::Language {
    fn from(language: Language) -> Self {
        match language {
            Language::De => domain::Language::De,
            Language::En => domain::Language::En,
        }
    }
}

impl From<domain::IdentificationMethod> for IdentificationMethod {
    fn from(method: domain::IdentificationMethod) -> Self {
        match method {
            domain::IdentificationMethod::Letter => IdentificationMethod::Letter,
            domain::IdentificationMethod::StaffAssist => IdentificationMethod::StaffAssist,
        }
    }
}

impl From<IdentificationMethod> for domain::IdentificationMethod {
    fn from(method: IdentificationMethod) -> Self {
        match method {
            IdentificationMethod::Letter => domain::IdentificationMethod::Letter,
            IdentificationMethod::StaffAssist => domain::IdentificationMethod::StaffAssist,
        }
    }
}

impl From<domain::TrustLevel> for TrustLevel {
    fn from(trust: domain::TrustLevel) -> Self {
        match trust {
            domain::TrustLevel::Substantial => TrustLevel::Substantial,
            domain::TrustLevel::High => TrustLevel::High,
        }
    }
}

impl From<domain::EndReason> for EndReason {
    fn from(reason: domain::EndReason) -> Self {
        match reason {
            domain::EndReason::Member => EndReason::Member,
            domain::EndReason::Staff => EndReason::Staff,
            domain::EndReason::IdleTimeout => EndReason::IdleTimeout,
            domain::EndReason::MaxLength => EndReason::MaxLength,
        }
    }
}

impl From<domain::SessionSnapshot> for SessionView {
    fn from(snapshot: domain::SessionSnapshot) -> Self {
        let mut awaiting_birth_date = false;
        let (phase, method, trust_level) = match snapshot.phase {
            domain::SessionPhase::Idle => (SessionPhase::Idle, None, None),
            domain::SessionPhase::Identifying {
                method,
                awaiting_birth_date: awaiting,
            } => {
                awaiting_birth_date = awaiting;
                (SessionPhase::Identifying, Some(method.into()), None)
            }
            domain::SessionPhase::Identified { method, trust } => (
                SessionPhase::Identified,
                Some(method.into()),
                Some(trust.into()),
            ),
        };
        SessionView {
            phase,
            language: snapshot.language.into(),
            method,
            trust_level,
            awaiting_birth_date,
            warning: snapshot.warning.map(|w| IdleWarning {
                seconds_left: w.seconds_left,
                can_extend: w.can_extend,
            }),
        }
    }
}

impl From<&KioskConfig> for KioskInfo {
    fn from(config: &KioskConfig) -> Self {
        KioskInfo {
            branch_id: config.branch_id.clone(),
            kiosk_id: config.kiosk_id.clone(),
            languages: config.languages.iter().map(|&l| l.into()).collect(),
            default_language: config.default_language.into(),
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }
}

/// Why a letter or date of birth was refused; the UI shows each in its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum LetterRefusal {
    NotALetter,
    Invalid,
    Expired,
    NotYetValid,
    Revoked,
    AlreadyUsed,
    Locked,
    MemberNotAvailable,
    WrongBirthDate,
    LockedNow,
    InvalidBirthDate,
    OfflineTryUsed,
    /// The kiosk's clock cannot be trusted: no letter is checked against it.
    ClockUntrusted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LetterRefusedView {
    pub reason: LetterRefusal,
    /// For a wrong date of birth: tries left before the letter locks.
    pub attempts_left: Option<u32>,
}

impl From<kiosk_core::LetterRefusal> for LetterRefusedView {
    fn from(why: kiosk_core::LetterRefusal) -> Self {
        use kiosk_core::LetterRefusal as Core;
        let (reason, attempts_left) = match why {
            Core::NotALetter => (LetterRefusal::NotALetter, None),
            Core::Invalid => (LetterRefusal::Invalid, None),
            Core::Expired => (LetterRefusal::Expired, None),
            Core::NotYetValid => (LetterRefusal::NotYetValid, None),
            Core::Revoked => (LetterRefusal::Revoked, None),
            Core::AlreadyUsed => (LetterRefusal::AlreadyUsed, None),
            Core::Locked => (LetterRefusal::Locked, None),
            Core::MemberNotAvailable => (LetterRefusal::MemberNotAvailable, None),
            Core::WrongBirthDate { attempts_left } => {
                (LetterRefusal::WrongBirthDate, Some(attempts_left))
            }
            Core::LockedNow => (LetterRefusal::LockedNow, Some(0)),
            Core::InvalidBirthDate => (LetterRefusal::InvalidBirthDate, None),
            Core::OfflineTryUsed => (LetterRefusal::OfflineTryUsed, None),
            Core::ClockUntrusted(_) => (LetterRefusal::ClockUntrusted, None),
        };
        LetterRefusedView {
            reason,
            attempts_left,
        }
    }
}

/// A hint for holding the letter, while the camera looks for its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ScanGuidance {
    Read,
    HoldSteady,
    NoCode,
    TooDark,
    TooBright,
    LowContrast,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct ScanGuidanceView {
    pub guidance: ScanGuidance,
}

impl From<kiosk_scan::Guidance> for ScanGuidanceView {
    fn from(guidance: kiosk_scan::Guidance) -> Self {
        use kiosk_scan::Guidance as Scan;
        let guidance = match guidance {
            Scan::Read => ScanGuidance::Read,
            Scan::HoldSteady => ScanGuidance::HoldSteady,
            Scan::NoCode => ScanGuidance::NoCode,
            Scan::TooDark => ScanGuidance::TooDark,
            Scan::TooBright => ScanGuidance::TooBright,
            Scan::LowContrast => ScanGuidance::LowContrast,
        };
        ScanGuidanceView { guidance }
    }
}

/// The newest camera frame (grayscale JPEG, base64), for the live preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CameraPreview {
    pub jpeg_base64: String,
    pub width: u32,
    pub height: u32,
}
