//! Staff assist mode at the kiosk: sign-in with a staff number and PIN against the verifiers
//! synced from the central system (offline too; five wrong PINs lock the account here for 15
//! minutes and the central system hears of it), the in-person ID check that opens a member
//! session at level high, unlocking that member's locked letters, members calling for help,
//! taking the kiosk out of service, and every act audited under the staff number. The rules
//! are kiosk-domain's (`staff`); this applies them to the store and the session.

mod desk;
mod lookup;
#[cfg(test)]
mod tests;

use std::time::{Duration, Instant};

use kiosk_domain::staff::{IdDocumentError, StaffMachine, StaffRefusal as AccountRefusal};
use kiosk_protocol::MemberSnapshot;

pub use lookup::{LookupQuery, MemberFound, MemberLookup, StaffCentral, StaffDesk};

/// A member's call for help lasts this long unless staff answer it first.
pub const HELP_CALL_LASTS: Duration = Duration::from_secs(15 * 60);

/// Why staff could not do what they asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StaffProblem {
    #[error("a staff number has 2 to 32 letters, digits or '-'")]
    InvalidStaffId,
    #[error("a PIN has 6 to 8 digits")]
    InvalidPin,
    #[error(
        "this staff number is not known at this kiosk (new accounts arrive with the next sync)"
    )]
    UnknownAccount,
    #[error(transparent)]
    NotAllowed(#[from] AccountRefusal),
    #[error("wrong PIN; {tries_left} tries left before the account is locked here")]
    WrongPin { tries_left: u32 },
    #[error("wrong PIN: the account is now locked at this kiosk for {minutes} minutes")]
    LockedNow { minutes: u32 },
    #[error("the account is locked at this kiosk for {minutes} more minutes after wrong PINs")]
    Locked { minutes: u32 },
    #[error("no staff member is signed in")]
    NotSignedIn,
    #[error("a staff member is signed in already")]
    AlreadySignedIn,
    #[error("a member session is open: end it first")]
    MemberSessionActive,
    #[error("choose the member from the lookup's results")]
    NotLookedUp,
    #[error(transparent)]
    Document(#[from] IdDocumentError),
    #[error("the session was not opened by a staff ID check")]
    NotStaffChecked,
    #[error("no letter of this member is locked at this kiosk")]
    NoLockedLetter,
}

impl StaffProblem {
    /// For the UI's catalogue and the audit trail.
    pub fn code(&self) -> &'static str {
        match self {
            StaffProblem::InvalidStaffId => "invalidStaffId",
            StaffProblem::InvalidPin => "invalidPin",
            StaffProblem::UnknownAccount => "unknownAccount",
            StaffProblem::NotAllowed(AccountRefusal::UnknownAccount) => "unknownAccount",
            StaffProblem::NotAllowed(AccountRefusal::RoleMayNotAssist) => "roleMayNotAssist",
            StaffProblem::NotAllowed(AccountRefusal::OtherBranch) => "otherBranch",
            StaffProblem::WrongPin { .. } => "wrongPin",
            StaffProblem::LockedNow { .. } => "lockedNow",
            StaffProblem::Locked { .. } => "locked",
            StaffProblem::NotSignedIn => "notSignedIn",
            StaffProblem::AlreadySignedIn => "alreadySignedIn",
            StaffProblem::MemberSessionActive => "memberSessionActive",
            StaffProblem::NotLookedUp => "notLookedUp",
            StaffProblem::Document(IdDocumentError::Expired) => "documentExpired",
            StaffProblem::Document(IdDocumentError::ExpiryTooFar) => "documentExpiryTooFar",
            StaffProblem::Document(IdDocumentError::NumberEndLength) => "documentNumberLength",
            StaffProblem::Document(IdDocumentError::NumberEndGermanChars) => {
                "documentNumberGermanChars"
            }
            StaffProblem::Document(IdDocumentError::NumberEndChars) => "documentNumberChars",
            StaffProblem::Document(IdDocumentError::Country) => "documentCountry",
            StaffProblem::NotStaffChecked => "notStaffChecked",
            StaffProblem::NoLockedLetter => "noLockedLetter",
        }
    }
}

/// Why a member asks for staff (never anything about the member).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum HelpReason {
    LetterLocked,
    PrinterProblem,
    DataTooOld,
    Other,
}

/// A member waiting for staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelpCall {
    pub reason: HelpReason,
    pub since: Instant,
}

/// The signed-in staff member, as the panel shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffView {
    pub staff_id: String,
    pub role: kiosk_domain::staff::StaffRole,
    /// Seconds until the staff session ends without input.
    pub ends_in: u32,
    /// Whether the open member session was opened by this staff member's ID check and they
    /// stay with the member.
    pub with_member: bool,
}

/// What the kiosk holds of staff assist between calls.
#[derive(Debug, Default)]
pub(crate) struct StaffState {
    pub(crate) machine: StaffMachine,
    /// The last lookup's members: an ID check confirms one of them (wiped on sign-out).
    pub(crate) found: Vec<MemberSnapshot>,
    pub(crate) call: Option<HelpCall>,
    /// The member session the signed-in staff member opened by an ID check.
    pub(crate) checked_session: Option<kiosk_domain::SessionId>,
}
