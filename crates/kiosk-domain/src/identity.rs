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

/// The factors a member actually presented; the trust level follows from them, never from the
/// caller's say-so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityProof {
    /// Letter QR (possession) and date of birth (knowledge).
    LetterAndBirthDate,
    /// Letter QR and confirmation on an already registered SmartIdent phone.
    LetterAndSmartIdent,
    /// ID card, passport or eAT checked in person by staff.
    StaffIdCheck,
}

impl IdentityProof {
    pub fn trust_level(self) -> TrustLevel {
        match self {
            IdentityProof::LetterAndBirthDate => TrustLevel::Substantial,
            IdentityProof::LetterAndSmartIdent | IdentityProof::StaffIdCheck => TrustLevel::High,
        }
    }

    pub fn method(self) -> IdentificationMethod {
        match self {
            IdentityProof::LetterAndBirthDate | IdentityProof::LetterAndSmartIdent => {
                IdentificationMethod::Letter
            }
            IdentityProof::StaffIdCheck => IdentificationMethod::StaffAssist,
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
            IdentityProof::LetterAndBirthDate.trust_level(),
            TrustLevel::Substantial
        );
        assert_eq!(
            IdentityProof::LetterAndSmartIdent.trust_level(),
            TrustLevel::High
        );
        assert_eq!(IdentityProof::StaffIdCheck.trust_level(), TrustLevel::High);
        assert!(TrustLevel::High > TrustLevel::Substantial);
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
