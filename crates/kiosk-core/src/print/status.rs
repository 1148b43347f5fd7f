//! How a print stands and what keeps the printer from printing, in the words the member's
//! screen and staff use; and how the printer's answers become them and a print's end.

use kiosk_print::{JobProgress, PrinterProblem};

use super::{MaybePrinted, NotPrinted, PrintEnd};

/// Where a print of the member at the kiosk stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintStage {
    /// Being handed to the printer.
    Sending,
    /// The printer has it and is printing or about to.
    Printing,
    /// The printer has it but cannot go on (the trouble says why); it goes on by itself once
    /// the trouble is fixed.
    Waiting,
    Completed,
    /// Certainly not printed; the member may try again.
    Failed,
    /// The kiosk cannot tell whether it printed: staff check; never repeated by itself.
    InDoubt,
}

/// What keeps the printer from printing, as the member and staff are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintTrouble {
    Stopped,
    NotAccepting,
    MediaEmpty,
    MediaJam,
    DoorOpen,
    TonerEmpty,
    Offline,
    /// The print server does not answer.
    Unreachable,
    Other,
}

/// A print of the member at the kiosk, as their screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintStatus {
    pub document_id: String,
    pub stage: PrintStage,
    pub trouble: Option<PrintTrouble>,
}

/// The printer as staff see it: a trouble it reports, and prints that may or may not have
/// happened. No member data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrinterForStaff {
    pub trouble: Option<PrintTrouble>,
    pub prints_in_doubt: u32,
}

impl PrintTrouble {
    pub fn of(problem: &PrinterProblem) -> PrintTrouble {
        match problem {
            PrinterProblem::Stopped => PrintTrouble::Stopped,
            PrinterProblem::NotAccepting => PrintTrouble::NotAccepting,
            PrinterProblem::MediaEmpty => PrintTrouble::MediaEmpty,
            PrinterProblem::MediaJam => PrintTrouble::MediaJam,
            PrinterProblem::DoorOpen => PrintTrouble::DoorOpen,
            PrinterProblem::TonerEmpty => PrintTrouble::TonerEmpty,
            PrinterProblem::Offline => PrintTrouble::Offline,
            PrinterProblem::Other(_) => PrintTrouble::Other,
        }
    }
}

impl PrintStatus {
    pub(crate) fn new(document_id: &str, stage: PrintStage, trouble: Option<PrintTrouble>) -> Self {
        PrintStatus {
            document_id: document_id.to_owned(),
            stage,
            trouble,
        }
    }

    /// A job the printer has, as it progresses.
    pub(crate) fn of_progress(document_id: &str, progress: &JobProgress) -> PrintStatus {
        let (stage, trouble) = match progress {
            JobProgress::Queued | JobProgress::Printing => (PrintStage::Printing, None),
            JobProgress::Waiting(problems) => (
                PrintStage::Waiting,
                Some(
                    problems
                        .first()
                        .map_or(PrintTrouble::Other, PrintTrouble::of),
                ),
            ),
            JobProgress::Held => (PrintStage::Waiting, Some(PrintTrouble::Other)),
            JobProgress::Completed => (PrintStage::Completed, None),
            JobProgress::Canceled | JobProgress::Aborted => {
                (PrintStage::Failed, Some(PrintTrouble::Other))
            }
            JobProgress::ServerAway => (PrintStage::Waiting, Some(PrintTrouble::Unreachable)),
        };
        PrintStatus::new(document_id, stage, trouble)
    }

    /// A print that ended without the printer's last word on its job.
    pub(crate) fn of_end(document_id: &str, end: PrintEnd) -> PrintStatus {
        let (stage, trouble) = match end {
            PrintEnd::Completed => (PrintStage::Completed, None),
            PrintEnd::Failed(NotPrinted::Unreachable) => {
                (PrintStage::Failed, Some(PrintTrouble::Unreachable))
            }
            PrintEnd::Failed(NotPrinted::Refused) => {
                (PrintStage::Failed, Some(PrintTrouble::NotAccepting))
            }
            PrintEnd::Failed(_) => (PrintStage::Failed, Some(PrintTrouble::Other)),
            PrintEnd::InDoubt(_) => (PrintStage::InDoubt, None),
        };
        PrintStatus::new(document_id, stage, trouble)
    }
}

impl PrintEnd {
    /// How a followed job's last state ends its print; `canceled_by_kiosk`: the kiosk asked
    /// to cancel it because its member had gone.
    pub(crate) fn of_final(progress: &JobProgress, canceled_by_kiosk: bool) -> PrintEnd {
        match progress {
            JobProgress::Completed => PrintEnd::Completed,
            JobProgress::Canceled if canceled_by_kiosk => {
                PrintEnd::Failed(NotPrinted::CanceledAfterSession)
            }
            JobProgress::Canceled => PrintEnd::Failed(NotPrinted::Canceled),
            _ => PrintEnd::Failed(NotPrinted::Aborted),
        }
    }

    /// A job the kiosk could not follow to its end may still come out.
    pub(crate) const LOST: PrintEnd = PrintEnd::InDoubt(MaybePrinted::JobLost);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_waiting_job_shows_the_printers_first_problem() {
        let waiting =
            JobProgress::Waiting(vec![PrinterProblem::MediaEmpty, PrinterProblem::DoorOpen]);
        assert_eq!(
            PrintStatus::of_progress("d", &waiting),
            PrintStatus::new("d", PrintStage::Waiting, Some(PrintTrouble::MediaEmpty))
        );
        assert_eq!(
            PrintStatus::of_progress("d", &JobProgress::ServerAway).trouble,
            Some(PrintTrouble::Unreachable)
        );
        assert_eq!(
            PrintStatus::of_progress("d", &JobProgress::Queued).stage,
            PrintStage::Printing
        );
    }

    #[test]
    fn only_a_cancel_the_kiosk_asked_for_counts_as_after_the_session() {
        assert_eq!(
            PrintEnd::of_final(&JobProgress::Canceled, true),
            PrintEnd::Failed(NotPrinted::CanceledAfterSession)
        );
        assert_eq!(
            PrintEnd::of_final(&JobProgress::Canceled, false),
            PrintEnd::Failed(NotPrinted::Canceled)
        );
        assert_eq!(
            PrintEnd::of_final(&JobProgress::Aborted, false),
            PrintEnd::Failed(NotPrinted::Aborted)
        );
        assert_eq!(
            PrintEnd::of_final(&JobProgress::Completed, true),
            PrintEnd::Completed
        );
    }

    #[test]
    fn an_end_without_the_printers_word_says_what_the_member_can_do() {
        assert_eq!(
            PrintStatus::of_end("d", PrintEnd::Failed(NotPrinted::Unreachable)).trouble,
            Some(PrintTrouble::Unreachable)
        );
        assert_eq!(
            PrintStatus::of_end("d", PrintEnd::Failed(NotPrinted::Refused)).trouble,
            Some(PrintTrouble::NotAccepting)
        );
        assert_eq!(
            PrintStatus::of_end("d", PrintEnd::InDoubt(MaybePrinted::AnswerLost)),
            PrintStatus::new("d", PrintStage::InDoubt, None)
        );
    }
}
