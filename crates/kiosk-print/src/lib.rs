//! The kiosk's IPP client for the branch printer, a CUPS queue (`printer.uri` in kiosk.toml,
//! e.g. `ipp://localhost:631/printers/Kiosk`). No Tauri, no store: kiosk-core records what
//! happens to a print in the store's print journal.
//!
//! - [`Printer::status`] reads the queue's state and maps its `printer-state-reasons` to
//!   [`PrinterProblem`]s staff and members can act on.
//! - [`Printer::submit`] sends a PDF with Print-Job. Its error says whether the job certainly
//!   did not reach CUPS ([`SubmitError::NotSent`]: submit again), may have reached it
//!   ([`SubmitError::Uncertain`]: never submit again on its own; staff check the tray) or was
//!   refused by it ([`SubmitError::Refused`]). Every request goes over a connection of its own,
//!   so a failure before the connection (and, for `ipps`, its TLS handshake) stands is one
//!   before the first byte of the request was written.
//! - [`Printer::job`] reads a job's state; [`Printer::follow`] polls it until it is completed,
//!   canceled or aborted and reports each change, combined with the printer's problems (a job
//!   pending in a stopped queue is waiting with the problem `Stopped`, not fine).
//!
//! - [`Printer::cancel`] cancels a job; the kiosk cancels only a job that has not started
//!   printing when the member it was for has gone.
//!
//! - [`PrintDevice`] is what kiosk-core's print desk, which holds the kiosk's print rules, needs
//!   of a printer; [`Printer`] implements it.
//!
//! Every request names a [`PrintUser`] the print server's host knows (a current cupsd crashes
//! on a Cancel-Job from an unknown one).
//!
//! Nothing here cancels or resubmits a job by itself. Log lines carry job ids, states, reasons and
//! sizes, never the job title (the caller passes a neutral one anyway: cups-pdf and printer
//! logs show it).

mod codec;
mod device;
mod error;
mod follow;
mod job;
mod printer;
mod status;
mod target;
mod transport;
mod user;

pub use device::PrintDevice;
pub use error::{IppStatus, PrintError, Refusal, SubmitError, TransportError};
pub use follow::{Following, JobProgress, JobUpdate};
pub use job::{JobId, JobState, JobStatus};
pub use printer::{Canceled, Printer};
pub use status::{PrinterProblem, PrinterState, PrinterStatus};
pub use user::PrintUser;
