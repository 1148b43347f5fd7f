//! What the kiosk's print rules (kiosk-core's print desk) need of a printer. [`Printer`] is the
//! branch's CUPS queue; the desk's tests script one, so the rules are tested without a spooler
//! and the real one is tested against CUPS here.

use std::future::Future;

use crate::{
    Canceled, Following, JobId, JobUpdate, PrintError, Printer, PrinterStatus, SubmitError,
};

/// A printer the kiosk sends jobs to and follows them on. Each call is one question to the
/// print server; none cancels or resubmits by itself.
pub trait PrintDevice: Send + Sync + 'static {
    /// The queue's state and its problems.
    fn status(&self) -> impl Future<Output = Result<PrinterStatus, PrintError>> + Send;
    /// Sends a PDF; the error says whether it certainly did not reach the printer.
    fn submit(
        &self,
        pdf: &[u8],
        title: &str,
    ) -> impl Future<Output = Result<JobId, SubmitError>> + Send;
    /// Follows the job to its end, reporting each change (see [`Printer::follow`]).
    fn follow(
        &self,
        job: JobId,
        following: Following,
        on_update: impl FnMut(&JobUpdate) + Send,
    ) -> impl Future<Output = Result<JobUpdate, PrintError>> + Send;
    /// Cancels the job.
    fn cancel(&self, job: JobId) -> impl Future<Output = Result<Canceled, PrintError>> + Send;
}

impl PrintDevice for Printer {
    fn status(&self) -> impl Future<Output = Result<PrinterStatus, PrintError>> + Send {
        Printer::status(self)
    }

    fn submit(
        &self,
        pdf: &[u8],
        title: &str,
    ) -> impl Future<Output = Result<JobId, SubmitError>> + Send {
        Printer::submit(self, pdf, title)
    }

    fn follow(
        &self,
        job: JobId,
        following: Following,
        on_update: impl FnMut(&JobUpdate) + Send,
    ) -> impl Future<Output = Result<JobUpdate, PrintError>> + Send {
        Printer::follow(self, job, following, on_update)
    }

    fn cancel(&self, job: JobId) -> impl Future<Output = Result<Canceled, PrintError>> + Send {
        Printer::cancel(self, job)
    }
}
