//! The printer queue and its three operations.

use std::time::Duration;

use ipp::model::DelimiterTag;
use tracing::{info, warn};

use crate::{
    IppStatus, JobId, JobState, JobStatus, PrintError, PrintUser, PrinterState, PrinterStatus,
    Refusal, SubmitError, TransportError,
    codec::{self, Answer},
    target::Target,
    transport::{self, Timeouts},
};

/// IPP names are at most 255 octets.
const MAX_TITLE: usize = 255;

/// A CUPS queue, addressed by its IPP URI. Cheap to clone; holds no connection.
#[derive(Debug, Clone)]
pub struct Printer {
    target: Target,
    /// The `requesting-user-name` of every request: the kiosk's, never a member's.
    user: PrintUser,
    timeouts: Timeouts,
}

impl Printer {
    /// The queue at `uri` (`printer.uri` in kiosk.toml), e.g.
    /// `ipp://localhost:631/printers/Kiosk`, used as `user`. Contacts nothing.
    pub fn new(uri: &str, user: PrintUser) -> Result<Printer, PrintError> {
        Ok(Printer {
            target: Target::parse(uri)?,
            user,
            timeouts: Timeouts {
                connect: Duration::from_secs(5),
                answer: Duration::from_secs(60),
            },
        })
    }

    /// How long to wait for a connection (resolution, TCP, TLS; default 5 s) and, once the
    /// request is on its way, for the whole answer (default 60 s). A submit that runs into
    /// the second is [`SubmitError::Uncertain`].
    pub fn with_timeouts(mut self, connect: Duration, answer: Duration) -> Printer {
        self.timeouts = Timeouts { connect, answer };
        self
    }

    pub fn uri(&self) -> &str {
        &self.target.uri
    }

    /// Who the requests are sent as.
    pub fn user(&self) -> &PrintUser {
        &self.user
    }

    /// The queue's name (the last part of the URI).
    pub fn queue(&self) -> &str {
        self.target.queue()
    }

    /// One request whose failures are errors, not doubts (a query changes nothing).
    async fn query(
        &self,
        body: Result<bytes::Bytes, TransportError>,
    ) -> Result<Answer, PrintError> {
        let failed = |source: TransportError| {
            if source.request_sent() {
                PrintError::Transport {
                    uri: self.target.uri.clone(),
                    source,
                }
            } else {
                PrintError::Unreachable {
                    uri: self.target.uri.clone(),
                    source,
                }
            }
        };
        let body = body.map_err(failed)?;
        let answer = transport::exchange(&self.target, body, self.timeouts)
            .await
            .map_err(failed)?;
        Answer::parse(answer).map_err(failed)
    }

    /// The printer's state, whether it accepts jobs and its problems.
    pub async fn status(&self) -> Result<PrinterStatus, PrintError> {
        let answer = self
            .query(codec::get_printer_attributes(
                &self.target,
                self.user.name(),
            ))
            .await?;
        if answer.status == IppStatus::NOT_FOUND {
            return Err(PrintError::NoSuchQueue {
                uri: self.target.uri.clone(),
            });
        }
        if !answer.status.is_success() {
            return Err(PrintError::Ipp(answer.status));
        }
        let group = DelimiterTag::PrinterAttributes;
        let state = answer
            .integer(group, "printer-state")
            .and_then(PrinterState::from_ipp)
            .ok_or(PrintError::MissingAttribute("printer-state"))?;
        let accepting = answer
            .boolean(group, "printer-is-accepting-jobs")
            .ok_or(PrintError::MissingAttribute("printer-is-accepting-jobs"))?;
        let reasons = answer.keywords(group, "printer-state-reasons");
        Ok(PrinterStatus::new(state, accepting, reasons))
    }

    /// Sends `pdf` as a new job (Print-Job, `application/pdf`, as the printer's user) titled `title`.
    ///
    /// `title` shows in the queue, in printer logs and (with cups-pdf) in the output file's
    /// name, so it must hold no personal data: a document kind and a random id, e.g.
    /// "Mitgliedsbescheinigung 3f2a…". Control characters become spaces; it is cut to 255
    /// bytes.
    ///
    /// Never retried here: on [`SubmitError::Uncertain`] the job may exist.
    pub async fn submit(&self, pdf: &[u8], title: &str) -> Result<JobId, SubmitError> {
        let queue = self.queue();
        let title = clean_title(title);
        let body = codec::print_job(&self.target, self.user.name(), &title, pdf)
            .map_err(SubmitError::NotSent)?;
        let result = match transport::exchange(&self.target, body, self.timeouts).await {
            Err(e) if !e.request_sent() => Err(SubmitError::NotSent(e)),
            Err(TransportError::HttpStatus(code)) if (400..500).contains(&code) => {
                Err(SubmitError::Refused(Refusal::Http(code)))
            }
            Err(e) => Err(SubmitError::Uncertain(e)),
            Ok(body) => match Answer::parse(body) {
                Err(e) => Err(SubmitError::Uncertain(e)),
                Ok(answer) if !answer.status.is_success() => {
                    Err(SubmitError::Refused(Refusal::Ipp(answer.status)))
                }
                Ok(answer) => answer
                    .integer(DelimiterTag::JobAttributes, "job-id")
                    .map(JobId)
                    .ok_or_else(|| {
                        SubmitError::Uncertain(TransportError::BadAnswer(
                            "the print server accepted the job but named no job-id".into(),
                        ))
                    }),
            },
        };
        match &result {
            Ok(job) => info!(queue, job = job.0, bytes = pdf.len(), "print job submitted"),
            Err(error) => warn!(queue, bytes = pdf.len(), %error, "print job not submitted"),
        }
        result
    }

    /// The job's state and reasons (Get-Job-Attributes).
    pub async fn job(&self, id: JobId) -> Result<JobStatus, PrintError> {
        let answer = self
            .query(codec::get_job_attributes(
                &self.target,
                self.user.name(),
                id.0,
            ))
            .await?;
        if answer.status == IppStatus::NOT_FOUND {
            return Err(PrintError::JobNotFound(id));
        }
        if !answer.status.is_success() {
            return Err(PrintError::Ipp(answer.status));
        }
        let group = DelimiterTag::JobAttributes;
        let state = answer
            .integer(group, "job-state")
            .and_then(JobState::from_ipp)
            .ok_or(PrintError::MissingAttribute("job-state"))?;
        Ok(JobStatus {
            id,
            state,
            reasons: answer.keywords(group, "job-state-reasons"),
        })
    }

    /// Cancels the job (Cancel-Job as the printer's user, who submitted it). A job that is printing
    /// may already have put paper in the tray; the caller decides when cancelling is right.
    /// An error leaves the job as it was or canceled: ask [`Printer::job`].
    pub async fn cancel(&self, id: JobId) -> Result<Canceled, PrintError> {
        let answer = self
            .query(codec::cancel_job(&self.target, self.user.name(), id.0))
            .await?;
        let canceled = match answer.status {
            status if status.is_success() => Canceled::Now,
            IppStatus::NOT_POSSIBLE => Canceled::AlreadyEnded,
            IppStatus::NOT_FOUND => return Err(PrintError::JobNotFound(id)),
            status => return Err(PrintError::Ipp(status)),
        };
        info!(
            queue = self.queue(),
            job = id.0,
            ?canceled,
            "print job cancel"
        );
        Ok(canceled)
    }
}

/// What became of a cancel request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Canceled {
    /// The job is canceled: it will not print.
    Now,
    /// The job had already ended (completed, canceled or aborted); nothing changed.
    AlreadyEnded,
}

fn clean_title(title: &str) -> String {
    let mut clean = String::with_capacity(title.len().min(MAX_TITLE));
    for c in title.chars().map(|c| if c.is_control() { ' ' } else { c }) {
        if clean.len() + c.len_utf8() > MAX_TITLE {
            break;
        }
        clean.push(c);
    }
    clean
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lose_control_characters_and_fit_an_ipp_name() {
        assert_eq!(clean_title("Beschei\nnigung\t1"), "Beschei nigung 1");
        let long = "ä".repeat(200);
        let cut = clean_title(&long);
        assert!(cut.len() <= MAX_TITLE && cut.chars().all(|c| c == 'ä'));
        assert_eq!(cut.chars().count(), 127);
    }

    #[test]
    fn a_printer_is_made_from_a_queue_uri_only() {
        let user = PrintUser::from_config(Some("kiosk")).expect("configured");
        let printer =
            Printer::new("ipp://localhost:631/printers/KioskPDF", user.clone()).expect("valid");
        assert_eq!(printer.queue(), "KioskPDF");
        assert_eq!(printer.uri(), "ipp://localhost:631/printers/KioskPDF");
        let err = Printer::new("lpd://x/printers/y", user).expect_err("invalid");
        assert!(err.to_string().contains("ipp://"), "{err}");
    }
}
