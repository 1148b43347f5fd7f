use kiosk_core::{CoreError, DocumentRefusal, PrintRefusal, SmartIdentRefusal, StaffProblem};
use kiosk_domain::SessionError;
use serde::Serialize;
use ts_rs::TS;

/// What went wrong, for the UI to branch on and to translate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    NoActiveSession,
    SessionAlreadyActive,
    NotIdentifying,
    LanguageNotOffered,
    StoreUnavailable,
    /// The activation letter or date of birth was refused; `message` says why (for staff).
    LetterRefused,
    /// The service needs an identified member.
    NotIdentified,
    /// No certificate from the data here: too old (offline too long) or missing.
    MemberDataTooOld,
    MemberDataMissing,
    /// The university's sender number is not `H` and 7 digits.
    InvalidSenderNumber,
    UnknownCountry,
    /// The country needs no form from the kiosk (EHIC, counter, or no agreement).
    NoFormForCountry,
    InvalidDate,
    TravelStartsInPast,
    TravelEndsBeforeStart,
    TravelTooLong,
    TravelStartsTooLate,
    /// The document is gone (the session ended or it was discarded): prepare it again.
    DocumentUnknown,
    /// The document was printed or is being printed: not again by accident.
    AlreadyPrinted,
    /// The printer cannot take the job now; `message` says why. Nothing was printed.
    PrinterUnavailable,
    /// Staff assist needs a staff sign-in, which the kiosk does not offer yet.
    StaffSignInRequired,
    /// The member's identification is not strong enough for this service (level high).
    LevelTooLow,
    /// The kiosk's clock cannot be trusted, so no certificate is dated by it.
    ClockUntrusted,
    /// SmartIdent needs the central system, which cannot be reached now.
    SmartIdentOffline,
    /// The member has no registered SmartIdent device (the date of birth remains).
    NoDevice,
    /// The member has the most devices allowed: remove one first.
    DeviceLimit,
    /// Approvals on the phone are locked for now: date of birth, or staff.
    ApprovalsLocked,
    /// Too many requests from this kiosk: later, or at the counter.
    TooManyRequests,
    /// The QR or approval is no longer open (ended, expired or replaced): start again.
    NothingOpen,
    /// The code is the 6 digits the phone shows (no try used).
    CodeFormat,
    /// The KVNR's form or check digit is wrong.
    InvalidKvnr,
    InvalidBirthDate,
    /// The central system could not do the step (logged for IT).
    SmartIdentUnavailable,
    /// Staff assist (`count`: tries left, or minutes of a lock, where the code has one).
    StaffInvalidId,
    StaffInvalidPin,
    StaffUnknownAccount,
    StaffNotAllowed,
    StaffWrongPin,
    StaffLockedNow,
    StaffLocked,
    StaffNotSignedIn,
    StaffAlreadySignedIn,
    StaffMemberSessionActive,
    StaffNotLookedUp,
    DocumentExpired,
    DocumentExpiryTooFar,
    DocumentNumberLength,
    DocumentNumberGermanChars,
    DocumentNumberChars,
    DocumentCountry,
    StaffNotChecked,
    NoLockedLetter,
    /// Staff took the kiosk out of service.
    OutOfService,
    /// The print is not in doubt (any more) or unknown.
    PrintNotInDoubt,
    Internal,
}

/// Every failed command rejects with this shape. `message` is for logs and staff, in English;
/// members see the catalogue's text for `code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    /// A number the code's text needs: tries left, or minutes of a lock.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub count: Option<u32>,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        IpcError {
            code,
            message: message.into(),
            count: None,
        }
    }
}

impl From<CoreError> for IpcError {
    fn from(error: CoreError) -> Self {
        let code = match &error {
            CoreError::Session(SessionError::NoActiveSession) => ErrorCode::NoActiveSession,
            CoreError::Session(SessionError::SessionAlreadyActive) => {
                ErrorCode::SessionAlreadyActive
            }
            CoreError::Session(
                SessionError::NotIdentifying
                | SessionError::ProofDoesNotMatchMethod
                | SessionError::NoLetterRead,
            ) => ErrorCode::NotIdentifying,
            CoreError::Session(SessionError::NotIdentified) => ErrorCode::NotIdentified,
            CoreError::Session(SessionError::LevelTooLow { .. }) => ErrorCode::LevelTooLow,
            CoreError::StaffSignInRequired => ErrorCode::StaffSignInRequired,
            CoreError::LanguageNotOffered(_) => ErrorCode::LanguageNotOffered,
            CoreError::Letter(_) => ErrorCode::LetterRefused,
            CoreError::Document(why) => document_code(why),
            CoreError::Print(PrintRefusal::AlreadyPrinted { .. }) => ErrorCode::AlreadyPrinted,
            CoreError::Store(_) | CoreError::KeySource(_) => ErrorCode::StoreUnavailable,
            CoreError::Randomness(_) => ErrorCode::Internal,
            CoreError::SmartIdent(why) => smartident_code(*why),
            CoreError::Staff(why) => staff_code(why),
            CoreError::OutOfService => ErrorCode::OutOfService,
            CoreError::PrintDoubt(_) => ErrorCode::PrintNotInDoubt,
        };
        let count = match &error {
            CoreError::Staff(StaffProblem::WrongPin { tries_left }) => Some(*tries_left),
            CoreError::Staff(
                StaffProblem::LockedNow { minutes } | StaffProblem::Locked { minutes },
            ) => Some(*minutes),
            _ => None,
        };
        if code == ErrorCode::StoreUnavailable {
            tracing::error!(%error, "store access failed");
        }
        if code == ErrorCode::Internal {
            tracing::error!(%error, "a command failed");
        }
        IpcError {
            code,
            message: error.to_string(),
            count,
        }
    }
}

fn staff_code(why: &StaffProblem) -> ErrorCode {
    use kiosk_domain::staff::IdDocumentError as Doc;
    match why {
        StaffProblem::InvalidStaffId => ErrorCode::StaffInvalidId,
        StaffProblem::InvalidPin => ErrorCode::StaffInvalidPin,
        StaffProblem::UnknownAccount => ErrorCode::StaffUnknownAccount,
        StaffProblem::NotAllowed(_) => ErrorCode::StaffNotAllowed,
        StaffProblem::WrongPin { .. } => ErrorCode::StaffWrongPin,
        StaffProblem::LockedNow { .. } => ErrorCode::StaffLockedNow,
        StaffProblem::Locked { .. } => ErrorCode::StaffLocked,
        StaffProblem::NotSignedIn => ErrorCode::StaffNotSignedIn,
        StaffProblem::AlreadySignedIn => ErrorCode::StaffAlreadySignedIn,
        StaffProblem::MemberSessionActive => ErrorCode::StaffMemberSessionActive,
        StaffProblem::NotLookedUp => ErrorCode::StaffNotLookedUp,
        StaffProblem::Document(Doc::Expired) => ErrorCode::DocumentExpired,
        StaffProblem::Document(Doc::ExpiryTooFar) => ErrorCode::DocumentExpiryTooFar,
        StaffProblem::Document(Doc::NumberEndLength) => ErrorCode::DocumentNumberLength,
        StaffProblem::Document(Doc::NumberEndGermanChars) => ErrorCode::DocumentNumberGermanChars,
        StaffProblem::Document(Doc::NumberEndChars) => ErrorCode::DocumentNumberChars,
        StaffProblem::Document(Doc::Country) => ErrorCode::DocumentCountry,
        StaffProblem::NotStaffChecked => ErrorCode::StaffNotChecked,
        StaffProblem::NoLockedLetter => ErrorCode::NoLockedLetter,
    }
}

fn smartident_code(why: SmartIdentRefusal) -> ErrorCode {
    match why {
        SmartIdentRefusal::Offline => ErrorCode::SmartIdentOffline,
        SmartIdentRefusal::NoDevice => ErrorCode::NoDevice,
        SmartIdentRefusal::DeviceLimit => ErrorCode::DeviceLimit,
        SmartIdentRefusal::ApprovalsLocked => ErrorCode::ApprovalsLocked,
        SmartIdentRefusal::TooManyRequests => ErrorCode::TooManyRequests,
        SmartIdentRefusal::NothingOpen => ErrorCode::NothingOpen,
        SmartIdentRefusal::CodeFormat => ErrorCode::CodeFormat,
        SmartIdentRefusal::InvalidKvnr => ErrorCode::InvalidKvnr,
        SmartIdentRefusal::InvalidBirthDate => ErrorCode::InvalidBirthDate,
        SmartIdentRefusal::Unavailable => ErrorCode::SmartIdentUnavailable,
    }
}

/// Each reason a certificate cannot be made has its own code; the UI has a text for each.
fn document_code(why: &DocumentRefusal) -> ErrorCode {
    use kiosk_documents::TravelDatesError as Dates;
    match why {
        DocumentRefusal::DataTooOld => ErrorCode::MemberDataTooOld,
        DocumentRefusal::DataMissing => ErrorCode::MemberDataMissing,
        DocumentRefusal::SenderNumber(_) => ErrorCode::InvalidSenderNumber,
        DocumentRefusal::Destination(_) => ErrorCode::UnknownCountry,
        DocumentRefusal::NoFormForCountry => ErrorCode::NoFormForCountry,
        DocumentRefusal::InvalidDate => ErrorCode::InvalidDate,
        DocumentRefusal::TravelDates(Dates::StartsInThePast { .. }) => {
            ErrorCode::TravelStartsInPast
        }
        DocumentRefusal::TravelDates(Dates::EndsBeforeStart { .. }) => {
            ErrorCode::TravelEndsBeforeStart
        }
        DocumentRefusal::TravelDates(Dates::TooLong { .. }) => ErrorCode::TravelTooLong,
        DocumentRefusal::TravelDates(Dates::StartsTooFarAhead { .. }) => {
            ErrorCode::TravelStartsTooLate
        }
        DocumentRefusal::UnknownDocument => ErrorCode::DocumentUnknown,
        DocumentRefusal::ClockUntrusted(_) => ErrorCode::ClockUntrusted,
        DocumentRefusal::Render(_) => ErrorCode::Internal,
    }
}
