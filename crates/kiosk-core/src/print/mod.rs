//! Printing: the journal's side (a print is written down before its job goes to the printer,
//! each step after it is recorded, every outcome is an audit record with its outbox event),
//! and the print desk, which holds the rules for sending and following a job.

mod cancel;
mod desk;
#[cfg(test)]
mod desk_tests;
mod doubts;
mod journal;
mod status;

pub use desk::{BranchPrinter, NotReady, PrintDesk, PrintEvents, PrintRules, PrintStartError};
pub use doubts::{DoubtError, Resolver, resolve_print_doubt};
pub use journal::{MaybePrinted, NotPrinted, PrintEnd, PrintRefusal, PrintTicket};
pub use status::{PrintStage, PrintStatus, PrintTrouble, PrinterForStaff};
