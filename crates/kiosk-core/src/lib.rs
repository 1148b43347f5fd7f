//! The kiosk's application services: the session lifecycle, identification, certificates,
//! the print journal and the print desk's rules over the encrypted store. Every
//! session start and end is an audit record with its outbox event, committed in one
//! transaction. The Tauri shell calls these and only converts types.

mod clock;
mod documents;
#[cfg(test)]
mod documents_tests;
mod identify;
#[cfg(test)]
pub(crate) mod identify_tests;
mod kiosk;
mod print;
mod shared;
mod smartident;
mod staff;
#[cfg(test)]
mod tests;

pub use documents::{
    DataProblem, DocumentRefusal, DocumentsOffer, OFFLINE_AFTER, PreparedDocument, ServiceRequest,
    offline_after,
};
pub use identify::LetterRefusal;
pub use kiosk::{CoreError, Kiosk, TickOutcome, open_store};
pub use print::{
    BranchPrinter, DoubtError, MaybePrinted, NotPrinted, NotReady, PrintDesk, PrintEnd,
    PrintEvents, PrintRefusal, PrintRules, PrintStage, PrintStartError, PrintStatus, PrintTicket,
    PrintTrouble, PrinterForStaff, Resolver, resolve_print_doubt,
};
pub use shared::SharedKiosk;
pub use smartident::{
    ApprovalProgress, ApprovalShown, CentralProblem, CodeOutcome, DELIVERY_WAIT,
    RegistrationProgress, RegistrationShown, SmartIdentCentral, SmartIdentDesk, SmartIdentDevice,
    SmartIdentRefusal,
};
pub use staff::{
    HELP_CALL_LASTS, HelpCall, HelpReason, LookupQuery, MemberFound, MemberLookup, StaffCentral,
    StaffDesk, StaffProblem, StaffView,
};
