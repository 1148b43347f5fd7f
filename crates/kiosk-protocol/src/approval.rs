//! SmartIdent approvals on the wire: the kiosk asks the member's phone to approve (instead of
//! the date of birth, or before a further device) and polls the result; the phone lists what
//! waits for it and answers with the number the kiosk shows and the hash of what it displayed.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::Invalid;

/// What the phone is asked to approve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum ApprovalFor {
    /// Signing in at the kiosk with the letter scanned in this session (level high).
    KioskLogin,
    /// Adding a further device for the member identified in this session.
    AddDevice,
}

/// The kiosk asks for an approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalRequest {
    pub session_id: uuid::Uuid,
    pub purpose: ApprovalFor,
    /// For `kioskLogin`: the letter scanned in this session (not identified yet). None for
    /// `addDevice`, whose member follows from the session's identification.
    pub letter_id: Option<String>,
}

impl ApprovalRequest {
    pub fn validate(&self) -> Result<(), Invalid> {
        match (self.purpose, &self.letter_id) {
            (ApprovalFor::KioskLogin, Some(letter)) if crate::documents::is_hex(letter, 32) => {
                Ok(())
            }
            (ApprovalFor::KioskLogin, _) => Err(Invalid::new(
                "letterId",
                "the scanned letter's id (32 hex digits)",
            )),
            (ApprovalFor::AddDevice, None) => Ok(()),
            (ApprovalFor::AddDevice, Some(_)) => Err(Invalid::new(
                "letterId",
                "none: the session's identification names the member",
            )),
        }
    }
}

/// What the kiosk shows while the phone is asked: the number to type there, and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalCreated {
    pub challenge_id: String,
    /// 10 to 99.
    pub number: u8,
    /// RFC 3339.
    pub expires_at: String,
}

/// Where an approval is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum ApprovalState {
    /// Waiting for the phone.
    Pending,
    Approved,
    /// Declined on the phone (or "not me").
    Declined,
    Expired,
    /// A wrong number, or a newer approval replaced it: over without approval.
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalStatus {
    pub state: ApprovalState,
    /// RFC 3339.
    pub expires_at: String,
}

/// An approval waiting for the phone, with what it shows before the member decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PendingApproval {
    pub challenge_id: String,
    pub purpose: ApprovalFor,
    pub kiosk_id: String,
    pub branch_id: String,
    /// RFC 3339, whole seconds: part of what the answer's hash covers.
    pub requested_at: String,
    /// RFC 3339.
    pub expires_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PendingApprovals {
    pub approvals: Vec<PendingApproval>,
}

/// The member's decision on the phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum Decision {
    Approve,
    Decline,
    /// Declined: the member did not start this (it counts toward locking approvals).
    NotMe,
}

/// The phone's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalAnswer {
    pub decision: Decision,
    /// The number the member typed; none when declining.
    pub number: Option<u8>,
    /// SHA-256 (64 hex digits) of the context the phone showed (`docs/smartident.md`).
    pub context_hash: String,
}

impl ApprovalAnswer {
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.context_hash.len() != 64
            || !self.context_hash.bytes().all(|b| b.is_ascii_hexdigit())
        {
            return Err(Invalid::new("contextHash", "64 hex digits"));
        }
        match (self.decision, self.number) {
            (Decision::Approve, Some(n)) if (10..=99).contains(&n) => Ok(()),
            (Decision::Approve, _) => {
                Err(Invalid::new("number", "the 2-digit number the kiosk shows"))
            }
            (_, None) => Ok(()),
            (_, Some(_)) => Err(Invalid::new("number", "none when declining")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_answers_are_checked() {
        let session_id = uuid::Uuid::nil();
        let login = ApprovalRequest {
            session_id,
            purpose: ApprovalFor::KioskLogin,
            letter_id: Some("0123456789abcdef0123456789abcdef".into()),
        };
        assert_eq!(login.validate(), Ok(()));
        for letter_id in [None, Some("xyz".to_owned())] {
            let bad = ApprovalRequest {
                letter_id,
                ..login.clone()
            };
            assert_eq!(
                bad.validate().map_err(|e| e.field),
                Err("letterId".to_owned())
            );
        }
        let add = ApprovalRequest {
            session_id,
            purpose: ApprovalFor::AddDevice,
            letter_id: None,
        };
        assert_eq!(add.validate(), Ok(()));
        let answer = ApprovalAnswer {
            decision: Decision::Approve,
            number: Some(42),
            context_hash: "ab".repeat(32),
        };
        assert_eq!(answer.validate(), Ok(()));
        let cases = [
            (Decision::Approve, None, "number"),
            (Decision::Approve, Some(9), "number"),
            (Decision::Decline, Some(42), "number"),
        ];
        for (decision, number, field) in cases {
            let bad = ApprovalAnswer {
                decision,
                number,
                ..answer.clone()
            };
            assert_eq!(bad.validate().map_err(|e| e.field), Err(field.to_owned()));
        }
        let short = ApprovalAnswer {
            context_hash: "ab".into(),
            ..answer
        };
        assert_eq!(
            short.validate().map_err(|e| e.field),
            Err("contextHash".to_owned())
        );
        let wire = serde_json::to_string(&ApprovalStatus {
            state: ApprovalState::Approved,
            expires_at: "2026-12-06T10:00:00Z".into(),
        })
        .expect("json");
        assert_eq!(
            wire,
            r#"{"state":"approved","expiresAt":"2026-12-06T10:00:00Z"}"#
        );
    }
}
