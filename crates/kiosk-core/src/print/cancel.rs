//! Canceling a job whose member has gone: once per wait, asked again while the print server
//! does not answer, handed back to the follower when it stays away.

use std::sync::Arc;

use kiosk_print::{Canceled, JobId, PrintDevice, PrintError};

use super::desk::Shared;

/// A print being sent or followed.
#[derive(Debug)]
pub(super) struct Tracked {
    /// The job, once the printer has taken it.
    pub(super) job: Option<JobId>,
    /// The member it was printed for is still at the kiosk (their session goes on).
    pub(super) member_present: bool,
    /// Last seen waiting for the printer (a problem or held): not printing.
    pub(super) waiting: bool,
    pub(super) cancel_asked: bool,
}

impl<P: PrintDevice> Shared<P> {
    pub(super) fn spawn_cancel(self: &Arc<Self>, print_id: i64, job: JobId) {
        let shared = Arc::clone(self);
        self.runtime
            .spawn(async move { shared.cancel(print_id, job).await });
    }

    async fn cancel(&self, print_id: i64, job: JobId) {
        let Some(printer) = &self.printer else {
            return;
        };
        for attempt in 1..=self.rules.cancel_attempts {
            match printer.cancel(job).await {
                Ok(Canceled::Now) => {
                    tracing::info!(
                        print_id,
                        "a print waiting for the printer was canceled: its member had gone"
                    );
                    return;
                }
                Ok(Canceled::AlreadyEnded) | Err(PrintError::JobNotFound(_)) => return,
                Err(error) => {
                    tracing::warn!(print_id, attempt, %error, "canceling a print whose member had gone failed");
                    tokio::time::sleep(self.rules.cancel_retry).await;
                }
            }
        }
        // The print server is away: the follower asks again when it sees the job waiting.
        if let Some(print) = self.tracked().get_mut(&print_id) {
            print.cancel_asked = false;
        }
        tracing::error!(
            print_id,
            "a print whose member had gone could not be canceled yet: it is canceled once the print server answers, or staff cancel it there"
        );
    }
}

impl Tracked {
    /// The job to cancel now, once: it waits and the printer has it.
    pub(super) fn take_cancel(&mut self) -> Option<JobId> {
        let job = self.job.filter(|_| self.waiting && !self.cancel_asked)?;
        self.cancel_asked = true;
        Some(job)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tracked(job: Option<JobId>, waiting: bool) -> Tracked {
        Tracked {
            job,
            member_present: false,
            waiting,
            cancel_asked: false,
        }
    }

    #[test]
    fn only_a_waiting_job_the_printer_has_is_canceled_and_only_once() {
        let mut waiting = tracked(Some(JobId(4)), true);
        assert_eq!(waiting.take_cancel(), Some(JobId(4)));
        assert_eq!(waiting.take_cancel(), None, "asked once");
        assert!(waiting.cancel_asked);
        assert_eq!(
            tracked(Some(JobId(4)), false).take_cancel(),
            None,
            "printing or queued"
        );
        assert_eq!(tracked(None, true).take_cancel(), None, "not sent yet");
    }
}
