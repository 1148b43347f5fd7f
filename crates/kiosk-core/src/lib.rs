//! The kiosk's application services: the session lifecycle, identification, certificates
//! and the print journal over the encrypted store. Every
//! session start and end is an audit record with its outbox event, committed in one
//! transaction. The Tauri shell calls these and only converts types.

mod clock;
mod documents;
#[cfg(test)]
mod documents_tests;
mod identify;
#[cfg(test)]
mod identify_tests;
mod kiosk;
mod print;
#[cfg(test)]
mod tests;

pub use documents::{
    DataProblem, DocumentRefusal, DocumentsOffer, OFFLINE_AFTER, PreparedDocument, ServiceRequest,
    offline_after,
};
pub use identify::LetterRefusal;
pub use kiosk::{CoreError, Kiosk, TickOutcome, open_store};
pub use print::{MaybePrinted, NotPrinted, PrintEnd, PrintRefusal, PrintTicket};
