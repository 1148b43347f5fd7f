use std::fmt;

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::Kvnr;

/// How a member started to identify at the kiosk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum IdentificationMethod {
    /// Webcam scan of the activation letter's QR code.
    Letter,
    /// Branch staff check an ID document in person (assist mode).
    StaffAssist,
}

/// Authentication level per § 217f Abs. 4b SGB V; services state the level they need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TrustLevel {
    Substantial,
    High,
}

impl TrustLevel {
    /// As the protocol and the audit trail write it.
    pub fn as_str(self) -> &'static str {
        match self {
            TrustLevel::Substantial => "substantial",
            TrustLevel::High => "high",
        }
    }
}

/// The factors a member actually presented; the trust level follows from them, never from the
/// caller's say-so. Made only by the domain code that checked them (a matching date of birth
/// for the session's verified letter: `SessionMachine::check_birth_date`), so no caller can
/// claim a level it did not prove.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdentityProof(Factors);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Factors {
    /// Letter QR (possession) and date of birth (knowledge).
    LetterAndBirthDate,
    /// Letter QR and confirmation on an already registered SmartIdent phone.
    LetterAndSmartIdent,
    /// ID card, passport or eAT checked in person by signed-in staff.
    StaffIdCheck,
}

impl IdentityProof {
    pub(crate) const LETTER_AND_BIRTH_DATE: IdentityProof =
        IdentityProof(Factors::LetterAndBirthDate);
    pub(crate) const LETTER_AND_SMART_IDENT: IdentityProof =
        IdentityProof(Factors::LetterAndSmartIdent);
    pub(crate) const STAFF_ID_CHECK: IdentityProof = IdentityProof(Factors::StaffIdCheck);

    pub fn trust_level(self) -> TrustLevel {
        match self.0 {
            Factors::LetterAndBirthDate => TrustLevel::Substantial,
            Factors::LetterAndSmartIdent | Factors::StaffIdCheck => TrustLevel::High,
        }
    }

    pub fn method(self) -> IdentificationMethod {
        match self.0 {
            Factors::LetterAndBirthDate | Factors::LetterAndSmartIdent => {
                IdentificationMethod::Letter
            }
            Factors::StaffIdCheck => IdentificationMethod::StaffAssist,
        }
    }
}

/// What a member can do at the kiosk; each states the level it needs (DESIGN.md, § 217f
/// Abs. 4b SGB V). `SessionMachine::authorize` is the one check every service goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    MembershipCertificate,
    UniversityReport,
    TravelCertificate,
    UpdateContactData,
    RegisterSmartIdent,
    RemoveSmartIdentDevice,
    /// "Handy verloren": every device at once.
    RemoveAllSmartIdentDevices,
    ChangePostalAddress,
    HealthPeriods,
    PowerOfAttorney,
    FileApplication,
}

impl Service {
    pub fn needs(self) -> TrustLevel {
        match self {
            Service::MembershipCertificate
            | Service::UniversityReport
            | Service::TravelCertificate
            | Service::UpdateContactData
            | Service::RegisterSmartIdent
            | Service::RemoveSmartIdentDevice
            | Service::FileApplication => TrustLevel::Substantial,
            Service::RemoveAllSmartIdentDevices
            | Service::ChangePostalAddress
            | Service::HealthPeriods
            | Service::PowerOfAttorney => TrustLevel::High,
        }
    }
}

/// Who is at the kiosk. Held only for the session and wiped (zeroized) when it ends; its Debug
/// output is redacted so it can never end up in a log line.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct MemberIdentity {
    kvnr: String,
    display_name: String,
}

impl MemberIdentity {
    pub fn new(kvnr: &Kvnr, display_name: impl Into<String>) -> Self {
        MemberIdentity {
            kvnr: kvnr.as_str().to_owned(),
            display_name: display_name.into(),
        }
    }

    pub fn kvnr(&self) -> &str {
        &self.kvnr
    }

    pub fn display_name(&self) -> &str {
        &self.display_name
    }
}

impl fmt::Debug for MemberIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MemberIdentity(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_follows_from_the_factors() {
        assert_eq!(
            IdentityProof::LETTER_AND_BIRTH_DATE.trust_level(),
            TrustLevel::Substantial
        );
        assert_eq!(
            IdentityProof::LETTER_AND_SMART_IDENT.trust_level(),
            TrustLevel::High
        );
        assert_eq!(
            IdentityProof::STAFF_ID_CHECK.trust_level(),
            TrustLevel::High
        );
        assert!(TrustLevel::High > TrustLevel::Substantial);
    }

    #[test]
    fn services_need_the_levels_of_the_design() {
        assert_eq!(
            Service::MembershipCertificate.needs(),
            TrustLevel::Substantial
        );
        assert_eq!(Service::UpdateContactData.needs(), TrustLevel::Substantial);
        assert_eq!(Service::RegisterSmartIdent.needs(), TrustLevel::Substantial);
        assert_eq!(Service::ChangePostalAddress.needs(), TrustLevel::High);
        assert_eq!(Service::HealthPeriods.needs(), TrustLevel::High);
        assert_eq!(Service::PowerOfAttorney.needs(), TrustLevel::High);
    }

    #[test]
    fn debug_output_reveals_nothing() {
        let kvnr: Kvnr = "A123456780".parse().expect("valid example");
        let member = MemberIdentity::new(&kvnr, "Erika Mustermann");
        let shown = format!("{member:?}");
        assert!(!shown.contains("A123456780"));
        assert!(!shown.contains("Erika"));
    }
}
