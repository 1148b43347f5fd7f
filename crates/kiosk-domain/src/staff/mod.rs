//! Branch staff at the kiosk (assist mode): who they are (`StaffId`, `StaffRole`), their PIN
//! and its lockout (`pin.rs`), the ID documents they check in person (`id_document.rs`), and
//! the staff session, which ends on its own sooner than a member's (`StaffMachine`).

mod id_document;
mod pin;

use std::{fmt, str::FromStr, time::Duration};

use serde::{Deserialize, Serialize};
use std::time::Instant;
use thiserror::Error;

pub use id_document::{
    CheckedDocument, EU_ID_COUNTRIES, IdDocumentError, IdDocumentKind, MAX_DOCUMENT_YEARS,
};
pub use pin::{
    MAX_PIN_FAILURES, PIN_LOCKOUT, Pin, PinError, PinOutcome, PinState, PinVerifier,
    PinVerifierError, pin_attempt,
};

/// A staff session ends after this long without input (a member session: 2 minutes by
/// default, but a staff session may be left open at an unattended kiosk).
pub const STAFF_IDLE_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// A staff number: 2 to 32 letters, digits or '-' (never a name). Upper case at the kiosk's
/// keyboard; compared as written.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StaffId(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("a staff number has 2 to 32 letters, digits or '-'")]
pub struct StaffIdError;

impl StaffId {
    pub fn is_valid(value: &str) -> bool {
        (2..=32).contains(&value.len())
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for StaffId {
    type Err = StaffIdError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        if StaffId::is_valid(value) {
            Ok(StaffId(value.to_owned()))
        } else {
            Err(StaffIdError)
        }
    }
}

impl TryFrom<String> for StaffId {
    type Error = StaffIdError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<StaffId> for String {
    fn from(id: StaffId) -> String {
        id.0
    }
}

/// A staff number is not personal data in the sense of a member's, and it is what the audit
/// trail names; it shows in full.
impl fmt::Debug for StaffId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StaffId({})", self.0)
    }
}

impl fmt::Display for StaffId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a staff account may do, as the central system manages it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StaffRole {
    /// Helps members: ID checks, letter unlocks, the kiosk's panel.
    Assist,
    /// As assist; the branch's lead.
    BranchLead,
}

impl StaffRole {
    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Assist => "assist",
            StaffRole::BranchLead => "branchLead",
        }
    }

    pub fn parse(value: &str) -> Option<StaffRole> {
        match value {
            "assist" => Some(StaffRole::Assist),
            "branchLead" => Some(StaffRole::BranchLead),
            _ => None,
        }
    }

    /// Whether the role may open assist mode (both do today; a role without it, such as a
    /// read-only auditor, would not).
    pub fn may_assist(self) -> bool {
        matches!(self, StaffRole::Assist | StaffRole::BranchLead)
    }
}

/// A staff account as the kiosk knows it from the central system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffAccount {
    pub staff_id: StaffId,
    pub role: StaffRole,
    /// The branches the account may work in.
    pub branches: Vec<String>,
}

/// Why staff cannot open assist mode at this kiosk (besides a wrong PIN or a lock).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum StaffRefusal {
    #[error("no staff account with this number is known at this kiosk")]
    UnknownAccount,
    #[error("this staff account may not open assist mode")]
    RoleMayNotAssist,
    #[error("this staff account does not work in this kiosk's branch")]
    OtherBranch,
}

impl StaffAccount {
    /// Whether the account may open assist mode at a kiosk of `branch_id`.
    pub fn may_assist_in(&self, branch_id: &str) -> Result<(), StaffRefusal> {
        if !self.role.may_assist() {
            return Err(StaffRefusal::RoleMayNotAssist);
        }
        if !self.branches.iter().any(|b| b == branch_id) {
            return Err(StaffRefusal::OtherBranch);
        }
        Ok(())
    }
}

/// A signed-in staff member. Made only by [`StaffMachine::sign_in`], with a PIN that matched;
/// a member session at level high (`SessionMachine::complete_staff_id_check`) needs one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffSession {
    staff_id: StaffId,
    role: StaffRole,
    started_at: Instant,
    last_activity: Instant,
}

impl StaffSession {
    pub fn staff_id(&self) -> &StaffId {
        &self.staff_id
    }

    pub fn role(&self) -> StaffRole {
        self.role
    }

    pub fn started_at(&self) -> Instant {
        self.started_at
    }

    /// When it ends without further input.
    pub fn ends_at(&self) -> Instant {
        self.last_activity + STAFF_IDLE_TIMEOUT
    }
}

/// Why a staff session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StaffEndReason {
    SignedOut,
    IdleTimeout,
    /// Staff handed the kiosk to the member they checked.
    HandedToMember,
    /// The account was revoked or changed at the central system.
    AccountWithdrawn,
}

impl StaffEndReason {
    pub fn as_str(self) -> &'static str {
        match self {
            StaffEndReason::SignedOut => "signedOut",
            StaffEndReason::IdleTimeout => "idleTimeout",
            StaffEndReason::HandedToMember => "handedToMember",
            StaffEndReason::AccountWithdrawn => "accountWithdrawn",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum StaffSessionError {
    #[error("no staff member is signed in")]
    NotSignedIn,
    #[error("a staff member is signed in already: sign out first")]
    AlreadySignedIn,
    #[error("the PIN did not match")]
    PinDidNotMatch,
}

/// At most one staff session per kiosk.
#[derive(Debug, Default)]
pub struct StaffMachine {
    session: Option<StaffSession>,
}

impl StaffMachine {
    pub fn current(&self) -> Option<&StaffSession> {
        self.session.as_ref()
    }

    /// Opens a staff session for `account`, when its PIN attempt signed in
    /// ([`pin_attempt`] gave [`PinOutcome::SignedIn`]) and it may assist in `branch_id`.
    pub fn sign_in(
        &mut self,
        account: &StaffAccount,
        pin: PinOutcome,
        branch_id: &str,
        now: Instant,
    ) -> Result<&StaffSession, StaffSignInError> {
        if self.session.is_some() {
            return Err(StaffSessionError::AlreadySignedIn.into());
        }
        account.may_assist_in(branch_id)?;
        if pin != PinOutcome::SignedIn {
            return Err(StaffSessionError::PinDidNotMatch.into());
        }
        Ok(self.session.insert(StaffSession {
            staff_id: account.staff_id.clone(),
            role: account.role,
            started_at: now,
            last_activity: now,
        }))
    }

    /// Input from the signed-in staff member.
    pub fn note_activity(&mut self, now: Instant) {
        if let Some(session) = &mut self.session {
            session.last_activity = now;
        }
    }

    pub fn end(&mut self, reason: StaffEndReason) -> Result<EndedStaffSession, StaffSessionError> {
        let session = self.session.take().ok_or(StaffSessionError::NotSignedIn)?;
        Ok(EndedStaffSession {
            staff_id: session.staff_id,
            reason,
        })
    }

    /// Ends the session once it has been idle for [`STAFF_IDLE_TIMEOUT`].
    pub fn tick(&mut self, now: Instant) -> Option<EndedStaffSession> {
        let due = self.session.as_ref()?.ends_at() <= now;
        if due {
            self.end(StaffEndReason::IdleTimeout).ok()
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndedStaffSession {
    pub staff_id: StaffId,
    pub reason: StaffEndReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum StaffSignInError {
    #[error(transparent)]
    Refused(#[from] StaffRefusal),
    #[error(transparent)]
    Session(#[from] StaffSessionError),
}

#[cfg(test)]
mod tests;
