use kiosk_core::CoreError;
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
    Internal,
}

/// Every failed command rejects with this shape. `message` is for logs and staff, in English;
/// members see the catalogue's text for `code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
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
            CoreError::LanguageNotOffered(_) => ErrorCode::LanguageNotOffered,
            CoreError::Letter(_) => ErrorCode::LetterRefused,
            CoreError::Store(_) | CoreError::KeySource(_) => ErrorCode::StoreUnavailable,
        };
        if code == ErrorCode::StoreUnavailable {
            tracing::error!(%error, "store access failed");
        }
        IpcError {
            code,
            message: error.to_string(),
        }
    }
}
