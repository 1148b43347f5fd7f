//! Approvals: what the phone is asked to approve, shown to the member with the kiosk, branch
//! and time, and matched by the number the kiosk shows. The phone answers with a hash of the
//! context it displayed, so an answer to one context never approves another.

use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::ChallengeId;

/// What an approval is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalPurpose {
    /// Signing in at a kiosk instead of typing the date of birth.
    KioskLogin,
    /// Adding a further device.
    AddDevice,
}

impl ApprovalPurpose {
    pub const ALL: [ApprovalPurpose; 2] = [ApprovalPurpose::KioskLogin, ApprovalPurpose::AddDevice];

    /// The wire and database name.
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalPurpose::KioskLogin => "kioskLogin",
            ApprovalPurpose::AddDevice => "addDevice",
        }
    }

    pub fn parse(text: &str) -> Option<ApprovalPurpose> {
        Self::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

/// What the phone shows before the member approves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalContext {
    pub challenge_id: ChallengeId,
    pub purpose: ApprovalPurpose,
    pub kiosk_id: String,
    pub branch_id: String,
    /// Whole seconds.
    pub requested_at: OffsetDateTime,
}

impl ApprovalContext {
    /// SHA-256 over every field, each with its length, under a context string.
    pub fn hash(&self) -> [u8; 32] {
        let mut hash = Sha256::new();
        hash.update(b"kiosk-smartident-approval-v1\0");
        hash.update(self.challenge_id.as_bytes());
        for part in [self.purpose.as_str(), &self.kiosk_id, &self.branch_id] {
            hash.update(u32::try_from(part.len()).unwrap_or(u32::MAX).to_be_bytes());
            hash.update(part.as_bytes());
        }
        hash.update(self.requested_at.unix_timestamp().to_be_bytes());
        hash.finalize().into()
    }
}

/// The member's answer on the phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    /// "Not me" marks an approval the member did not start: audited, and it counts toward
    /// blocking further approvals.
    Decline {
        not_me: bool,
    },
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn every_field_is_in_the_hash() {
        let context = ApprovalContext {
            challenge_id: ChallengeId::from_bytes([1; 16]),
            purpose: ApprovalPurpose::KioskLogin,
            kiosk_id: "K-1".into(),
            branch_id: "B-1".into(),
            requested_at: datetime!(2026-12-06 10:00:00 UTC),
        };
        let hash = context.hash();
        let changed = [
            ApprovalContext {
                challenge_id: ChallengeId::from_bytes([2; 16]),
                ..context.clone()
            },
            ApprovalContext {
                purpose: ApprovalPurpose::AddDevice,
                ..context.clone()
            },
            ApprovalContext {
                kiosk_id: "K-2".into(),
                ..context.clone()
            },
            ApprovalContext {
                branch_id: "B-2".into(),
                ..context.clone()
            },
            ApprovalContext {
                requested_at: datetime!(2026-12-06 10:00:01 UTC),
                ..context.clone()
            },
            // The lengths keep "K-1" + "B-1" apart from "K-1B" + "-1".
            ApprovalContext {
                kiosk_id: "K-1B".into(),
                branch_id: "-1".into(),
                ..context.clone()
            },
        ];
        for other in changed {
            assert_ne!(other.hash(), hash, "{other:?}");
        }
        for purpose in ApprovalPurpose::ALL {
            assert_eq!(ApprovalPurpose::parse(purpose.as_str()), Some(purpose));
        }
        assert_eq!(ApprovalPurpose::parse("login"), None);
    }
}
