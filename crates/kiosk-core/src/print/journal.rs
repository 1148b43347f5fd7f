//! The print journal's side of printing: a print is written down before its job goes to the
//! printer, each step after it is recorded, and every outcome is an audit record with its
//! outbox event. The print desk (`desk.rs`) talks to the printer between these calls.

use kiosk_protocol::{DocumentPrinted, EventPayload, PrintOutcome};
use kiosk_store::{NewPrint, PrintRow, PrintState, StoreError};
use zeroize::Zeroizing;

use crate::{CoreError, Kiosk};

/// A print about to be sent: the journal row exists (`submitting`).
pub struct PrintTicket {
    pub print_id: i64,
    pub document_id: String,
    pub pdf: Zeroizing<Vec<u8>>,
    /// A neutral job title (no personal data: printer logs and cups-pdf show it).
    pub title: String,
    /// A university report went into the outbox with this print: the sync should be woken.
    pub report_queued: bool,
}

impl std::fmt::Debug for PrintTicket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrintTicket")
            .field("print_id", &self.print_id)
            .field("document_id", &self.document_id)
            .field("pdf", &format_args!("<{} bytes>", self.pdf.len()))
            .finish_non_exhaustive()
    }
}

/// How a print ended, as far as the kiosk can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintEnd {
    Completed,
    /// Certainly not printed.
    Failed(NotPrinted),
    /// It may or may not have printed: staff check.
    InDoubt(MaybePrinted),
}

/// Why a print certainly did not happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotPrinted {
    /// The print server could not be reached: nothing was sent.
    Unreachable,
    /// The printer refused the job.
    Refused,
    /// Canceled at the printer (by staff).
    Canceled,
    /// Canceled by the kiosk: it still waited for the printer when its member had gone.
    CanceledAfterSession,
    /// The printer aborted the job.
    Aborted,
}

/// Why a print may or may not have happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaybePrinted {
    /// The printer's answer to the job was lost.
    AnswerLost,
    /// The print server no longer knows the job (restarted), or stopped answering about it.
    JobLost,
    /// The kiosk stopped between sending the job and the printer's answer.
    Interrupted,
}

impl NotPrinted {
    /// The code the journal and the central system's record keep.
    pub fn code(self) -> &'static str {
        match self {
            NotPrinted::Unreachable => "unreachable",
            NotPrinted::Refused => "refused",
            NotPrinted::Canceled => "canceled",
            NotPrinted::CanceledAfterSession => "canceledAfterSession",
            NotPrinted::Aborted => "aborted",
        }
    }
}

impl MaybePrinted {
    pub fn code(self) -> &'static str {
        match self {
            MaybePrinted::AnswerLost => "answerLost",
            MaybePrinted::JobLost => "jobLost",
            MaybePrinted::Interrupted => "interrupted",
        }
    }
}

/// Why a print cannot start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrintRefusal {
    #[error("the document was printed or is being printed (print {print_id}, {state})")]
    AlreadyPrinted { print_id: i64, state: PrintState },
}

impl Kiosk {
    /// Writes the print down (`submitting`) with its report, before anything goes to the
    /// printer. A document prints again only after a print of it certainly failed. Printing a
    /// university report's receipt is the member's confirmation: the report is queued for the
    /// central system in the same transaction, once.
    pub fn begin_print(
        &mut self,
        document_id: &str,
        printer_uri: &str,
    ) -> Result<PrintTicket, CoreError> {
        let document = self
            .documents
            .get(document_id)
            .ok_or(CoreError::Document(crate::DocumentRefusal::UnknownDocument))?;
        let claims = &document.rendered.claims;
        let kind = document.rendered.kind.as_str();
        let session_id = self.machine.active_session_id();
        let record = DocumentPrinted {
            session_id: session_id.map(|s| s.as_uuid()),
            branch_id: self.branch_id.clone(),
            kiosk_id: self.kiosk_id.clone(),
            document_id: document_id.to_owned(),
            document_kind: kind.to_owned(),
            key_id: claims.key_id().to_string(),
            content_digest: hex::encode(claims.content_digest()),
            valid_from: claims.valid_from().to_string(),
            valid_until: claims.valid_until().to_string(),
            // Replaced by the real outcome when it is known.
            outcome: PrintOutcome::InDoubt,
            problem: None,
        };
        let record_json = serde_json::to_string(&record).map_err(StoreError::from)?;
        let new = NewPrint {
            document_id: document_id.to_owned(),
            document_kind: kind.to_owned(),
            session_id: session_id.map(|s| s.to_string()),
            printer_uri: printer_uri.to_owned(),
        };
        let pdf = Zeroizing::new(document.rendered.pdf.clone());
        let title = format!("{kind} {}", document_id.chars().take(8).collect::<String>());
        let write = |tx: &kiosk_store::StoreTx<'_>| {
            let id = tx.begin_print(&new)?;
            tx.set_print_record(id, &record_json)?;
            Ok::<_, StoreError>(id)
        };
        let report = self.report_to_queue(document_id)?;
        let print_id = match &report {
            None => self.store.transaction(write).map_err(CoreError::Store),
            Some((session_id, event)) => self.record_with(*session_id, event, write),
        }
        .map_err(|error| match error {
            CoreError::Store(StoreError::PrintExists { print_id, state }) => {
                CoreError::Print(PrintRefusal::AlreadyPrinted { print_id, state })
            }
            other => other,
        })?;
        if let Some(pending) = self
            .documents
            .get_mut(document_id)
            .and_then(|d| d.report.as_mut())
            && report.is_some()
        {
            pending.queued = true;
            tracing::info!(
                print_id,
                "university report queued with its receipt's print"
            );
        }
        tracing::info!(print_id, kind, "print written down, sending it");
        Ok(PrintTicket {
            print_id,
            document_id: document_id.to_owned(),
            pdf,
            title,
            report_queued: report.is_some(),
        })
    }

    /// Prints that may or may not have happened, for staff to check.
    pub fn prints_in_doubt(&self) -> Result<Vec<PrintRow>, CoreError> {
        Ok(self.store.prints_in_doubt()?)
    }

    /// The printer took the job.
    pub fn print_submitted(&mut self, print_id: i64, cups_job_id: i64) -> Result<(), CoreError> {
        self.store
            .transaction(|tx| tx.print_submitted(print_id, cups_job_id))?;
        tracing::info!(print_id, cups_job_id, "print job accepted by the printer");
        Ok(())
    }

    /// Records how the print ended: journal, audit record and outbox event together.
    pub fn print_finished(&mut self, print_id: i64, end: &PrintEnd) -> Result<(), CoreError> {
        let row = self
            .store
            .print(print_id)?
            .ok_or(StoreError::UnknownPrint(print_id))?;
        let (outcome, problem) = match end {
            PrintEnd::Completed => (PrintOutcome::Completed, None),
            PrintEnd::Failed(why) => (PrintOutcome::Failed, Some(why.code())),
            PrintEnd::InDoubt(why) => (PrintOutcome::InDoubt, Some(why.code())),
        };
        let event = self.print_event(&row, outcome, problem)?;
        self.record_event(row.session_id.clone(), &event, |tx| match end {
            PrintEnd::Completed => {
                tx.finish_print(print_id, kiosk_store::PrintOutcome::Completed, None)
            }
            PrintEnd::Failed(why) => tx.finish_print(
                print_id,
                kiosk_store::PrintOutcome::Failed,
                Some(why.code()),
            ),
            PrintEnd::InDoubt(why) => tx.print_in_doubt(print_id, why.code()),
        })?;
        tracing::info!(print_id, outcome = ?outcome, problem, "print ended");
        Ok(())
    }

    /// At start-up: a print interrupted between sending and confirmation goes in doubt
    /// (reported in the same transaction, never resent); prints whose job the printer had
    /// are returned to be followed to their end.
    pub fn recover_prints(&mut self) -> Result<Vec<PrintRow>, CoreError> {
        for row in self.store.prints_in(PrintState::Submitting)? {
            let event = self.print_event(
                &row,
                PrintOutcome::InDoubt,
                Some(MaybePrinted::Interrupted.code()),
            )?;
            self.record_event(row.session_id.clone(), &event, |tx| {
                tx.print_in_doubt(row.print_id, MaybePrinted::Interrupted.code())
            })?;
            tracing::warn!(
                print_id = row.print_id,
                "a print was interrupted: in doubt, staff must check"
            );
        }
        Ok(self.store.prints_in(PrintState::Submitted)?)
    }

    fn print_event(
        &self,
        row: &PrintRow,
        outcome: PrintOutcome,
        problem: Option<&str>,
    ) -> Result<EventPayload, CoreError> {
        let record = self
            .store
            .print_record(row.print_id)?
            .ok_or_else(|| StoreError::Corrupt(format!("print {} has no report", row.print_id)))?;
        let mut printed: DocumentPrinted = serde_json::from_str(&record)
            .map_err(|_| StoreError::Corrupt(format!("print {} report", row.print_id)))?;
        printed.outcome = outcome;
        printed.problem = problem.map(str::to_owned);
        Ok(EventPayload::DocumentPrinted(printed))
    }
}
