//! The print desk: the kiosk's rules for printing, in one place for every caller (the app
//! today; the staff panel and kioskctl next).
//!
//! - A print is written down before its job goes to the printer, and every step after it.
//! - A job still waiting for the printer when its member has gone (session ended, or a
//!   restart) is canceled: a certificate must not come out hours later for whoever stands
//!   there. A job that is printing is left alone.
//! - A print server that does not answer is waited for; after [`PrintRules::following`]'s
//!   patience the print is in doubt. A print in doubt is never sent again by itself.
//! - At start-up, jobs the printer had taken before a restart are followed to their end.
//!
//! The desk talks to the printer through [`PrintDevice`] and tells its caller what changed
//! through [`PrintEvents`]; the caller only starts the work and forwards the events.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
    time::{Duration, Instant},
};

use kiosk_config::KioskConfig;
use kiosk_print::{
    Following, JobId, JobProgress, JobUpdate, PrintDevice, PrintError, PrintUser, Printer,
    SubmitError,
};

use super::{
    MaybePrinted, NotPrinted, PrintEnd, PrintStage, PrintStatus, PrintTicket, PrintTrouble,
    PrinterForStaff, cancel::Tracked,
};
use crate::{CoreError, SharedKiosk};

/// How long the desk waits, and how often it asks again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrintRules {
    /// Following a job survives a print server that is away (crashed, restarting); after its
    /// patience without an answer the print is in doubt (it may still come out).
    pub following: Following,
    /// A cancel the print server did not answer is asked again this often, this many times.
    pub cancel_retry: Duration,
    pub cancel_attempts: u32,
}

impl PrintRules {
    /// A branch's: ten minutes of patience, a minute of cancel attempts.
    pub const BRANCH: PrintRules = PrintRules {
        following: Following {
            poll: Duration::from_millis(500),
            patience: Duration::from_secs(10 * 60),
        },
        cancel_retry: Duration::from_secs(5),
        cancel_attempts: 12,
    };
}

/// What the desk tells its caller. Called from the desk's tasks: keep them short.
pub trait PrintEvents: Send + Sync + 'static {
    /// A print of the member now at the kiosk changed.
    fn print_changed(&self, status: &PrintStatus);
    /// What staff should see of the printer changed.
    fn printer_changed(&self, printer: &PrinterForStaff);
    /// The journal has new outbox events: they can be sent.
    fn journal_changed(&self);
}

/// Why the printer takes no job now (in plain English, for staff and the log).
#[derive(Debug, thiserror::Error)]
pub enum NotReady {
    #[error("the configured printer cannot be used")]
    Unusable,
    #[error("the printer does not accept jobs (cupsreject); staff must enable it")]
    NotAccepting,
    #[error(transparent)]
    Unreachable(PrintError),
}

/// Why a print did not start.
#[derive(Debug, thiserror::Error)]
pub enum PrintStartError {
    #[error(transparent)]
    NotReady(#[from] NotReady),
    /// The kiosk refused it (unknown document, printed already, the store).
    #[error(transparent)]
    Refused(#[from] CoreError),
}

/// The desk. Clones share it.
pub struct PrintDesk<P> {
    shared: Arc<Shared<P>>,
}

impl<P> std::fmt::Debug for PrintDesk<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrintDesk")
            .field("uri", &self.shared.uri)
            .field("rules", &self.shared.rules)
            .finish_non_exhaustive()
    }
}

impl<P> Clone for PrintDesk<P> {
    fn clone(&self) -> Self {
        PrintDesk {
            shared: Arc::clone(&self.shared),
        }
    }
}

pub(super) struct Shared<P> {
    pub(super) printer: Option<P>,
    uri: String,
    pub(super) rules: PrintRules,
    kiosk: SharedKiosk,
    events: Arc<dyn PrintEvents>,
    pub(super) runtime: tokio::runtime::Handle,
    /// How the prints of the member now at the kiosk stand.
    statuses: Mutex<HashMap<String, PrintStatus>>,
    /// What staff last saw.
    staff: Mutex<Option<PrinterForStaff>>,
    tracked: Mutex<HashMap<i64, Tracked>>,
}

/// The printer a desk sends to, and its rules.
#[derive(Debug)]
pub struct BranchPrinter<P> {
    /// `None`: the configured printer cannot be used.
    pub device: Option<P>,
    /// The printer's address, as the journal records it.
    pub uri: String,
    pub rules: PrintRules,
}

impl BranchPrinter<Printer> {
    /// The configured branch printer, on a branch's rules. A printer that cannot be used is
    /// logged, and a desk on it refuses every print with [`NotReady::Unusable`].
    pub fn for_config(config: &KioskConfig) -> BranchPrinter<Printer> {
        let device = PrintUser::from_config(config.printer_user.as_deref())
            .and_then(|user| Printer::new(&config.printer_uri, user))
            .inspect_err(|error| tracing::error!(%error, "the configured printer cannot be used"))
            .ok();
        BranchPrinter {
            device,
            uri: config.printer_uri.clone(),
            rules: PrintRules::BRANCH,
        }
    }
}

impl<P: PrintDevice> PrintDesk<P> {
    pub fn new(
        printer: BranchPrinter<P>,
        kiosk: SharedKiosk,
        events: Arc<dyn PrintEvents>,
        runtime: tokio::runtime::Handle,
    ) -> PrintDesk<P> {
        PrintDesk {
            shared: Arc::new(Shared {
                printer: printer.device,
                uri: printer.uri,
                rules: printer.rules,
                kiosk,
                events,
                runtime,
                statuses: Mutex::new(HashMap::new()),
                staff: Mutex::new(None),
                tracked: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// Writes the print down, sends it in the background and answers at once (`Sending`);
    /// the rest comes as [`PrintEvents::print_changed`]. An unknown document is refused
    /// first, then a printer that takes no jobs now, before anything is written down.
    pub async fn print(&self, document_id: &str) -> Result<PrintStatus, PrintStartError> {
        self.shared.kiosk.lock().document_pdf(document_id)?;
        self.ready_for_jobs().await?;
        let ticket = {
            let mut kiosk = self.shared.kiosk.lock();
            kiosk.note_activity(Instant::now());
            kiosk.begin_print(document_id, &self.shared.uri)?
        };
        if ticket.report_queued {
            self.shared.events.journal_changed();
        }
        let status = PrintStatus::new(document_id, PrintStage::Sending, None);
        self.shared.publish(status.clone());
        let shared = Arc::clone(&self.shared);
        self.shared
            .runtime
            .spawn(async move { shared.send(ticket).await });
        Ok(status)
    }

    /// Whether the printer takes jobs now; `Err` says why not.
    pub async fn ready_for_jobs(&self) -> Result<(), NotReady> {
        let printer = self.shared.printer.as_ref().ok_or(NotReady::Unusable)?;
        match printer.status().await {
            Ok(status) if status.accepting_jobs => Ok(()),
            Ok(_) => Err(NotReady::NotAccepting),
            Err(error) => Err(NotReady::Unreachable(error)),
        }
    }

    /// The printer's trouble as last seen (asked every few seconds), without waiting for the
    /// printer: a menu must not hang on a print server that does not answer.
    pub async fn known_trouble(&self) -> Option<PrintTrouble> {
        let last = *self
            .shared
            .staff
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match last {
            Some(staff) => staff.trouble,
            None => self.shared.trouble_now().await,
        }
    }

    /// How a print of the member now at the kiosk stands.
    pub fn status_of(&self, document_id: &str) -> Option<PrintStatus> {
        self.shared
            .statuses
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(document_id)
            .cloned()
    }

    /// The session ended: the member's prints are forgotten (they are in the journal), and
    /// those waiting for the printer are canceled; the others print or end as they would.
    pub fn member_left(&self) {
        self.shared
            .statuses
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        let waiting: Vec<(i64, JobId)> = {
            let mut tracked = self.shared.tracked();
            tracked
                .iter_mut()
                .filter_map(|(print_id, print)| {
                    print.member_present = false;
                    print.take_cancel().map(|job| (*print_id, job))
                })
                .collect()
        };
        for (print_id, job) in waiting {
            self.shared.spawn_cancel(print_id, job);
        }
    }

    /// At start-up: a print interrupted before the printer's answer goes in doubt; prints the
    /// printer had taken are followed to their end (canceled if they wait: their member has
    /// gone).
    pub fn resume(&self) {
        let rows = match self.shared.kiosk.lock().recover_prints() {
            Ok(rows) => rows,
            Err(error) => {
                tracing::error!(%error, "the print journal could not be recovered");
                return;
            }
        };
        self.shared.events.journal_changed();
        for row in rows {
            let Some(job) = row.cups_job_id.and_then(|id| i32::try_from(id).ok()) else {
                continue;
            };
            self.shared.track(row.print_id, Some(JobId(job)), false);
            let shared = Arc::clone(&self.shared);
            self.shared.runtime.spawn(async move {
                shared
                    .follow(row.print_id, &row.document_id, JobId(job))
                    .await;
            });
        }
    }

    /// Asks the printer and the journal; tells the caller when what staff see changed.
    pub async fn check_for_staff(&self) -> PrinterForStaff {
        self.shared.check_for_staff().await
    }
}

impl<P: PrintDevice> Shared<P> {
    pub(super) fn tracked(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Tracked>> {
        self.tracked.lock().unwrap_or_else(PoisonError::into_inner)
    }

    async fn send(self: &Arc<Self>, ticket: PrintTicket) {
        let Some(printer) = &self.printer else {
            return;
        };
        let print_id = ticket.print_id;
        self.track(print_id, None, true);
        let end = match printer.submit(&ticket.pdf, &ticket.title).await {
            Ok(job) => {
                let recorded = self
                    .kiosk
                    .lock()
                    .print_submitted(print_id, i64::from(job.0));
                if let Err(error) = recorded {
                    tracing::error!(print_id, %error, "recording the job failed");
                }
                if let Some(print) = self.tracked().get_mut(&print_id) {
                    print.job = Some(job);
                }
                self.follow(print_id, &ticket.document_id, job).await;
                return;
            }
            Err(SubmitError::NotSent(error)) => {
                tracing::warn!(print_id, %error, "the printer could not be reached; nothing was sent");
                PrintEnd::Failed(NotPrinted::Unreachable)
            }
            Err(SubmitError::Refused(refusal)) => {
                tracing::warn!(print_id, %refusal, "the printer refused the job");
                PrintEnd::Failed(NotPrinted::Refused)
            }
            Err(SubmitError::Uncertain(error)) => {
                tracing::error!(print_id, %error, "the printer's answer was lost: the print is in doubt");
                PrintEnd::InDoubt(MaybePrinted::AnswerLost)
            }
        };
        self.ended(print_id, &ticket.document_id, end);
    }

    /// Follows a job the printer has to its end (the caller tracks it first).
    async fn follow(self: &Arc<Self>, print_id: i64, document_id: &str, job: JobId) {
        let Some(printer) = &self.printer else {
            return;
        };
        let on_update = |update: &JobUpdate| {
            if self.observe(print_id, &update.progress) {
                self.publish(PrintStatus::of_progress(document_id, &update.progress));
            }
        };
        match printer.follow(job, self.rules.following, on_update).await {
            Ok(last) => {
                // The member saw the last state already (an update).
                let canceled_by_kiosk = self
                    .untrack(print_id)
                    .is_some_and(|print| print.cancel_asked);
                self.finish(
                    print_id,
                    PrintEnd::of_final(&last.progress, canceled_by_kiosk),
                );
                return;
            }
            // A restarted print server may have lost the job: whether it printed, staff find out.
            Err(error @ PrintError::JobNotFound(_)) => {
                tracing::error!(print_id, %error, "the print server no longer knows the job");
            }
            Err(error) => {
                tracing::error!(print_id, %error, "the print job cannot be followed any more");
            }
        }
        self.ended(print_id, document_id, PrintEnd::LOST);
    }

    /// The print ended without the printer's last word: recorded, and the member told if
    /// still there.
    fn ended(self: &Arc<Self>, print_id: i64, document_id: &str, end: PrintEnd) {
        self.finish(print_id, end);
        if self
            .untrack(print_id)
            .is_some_and(|print| print.member_present)
        {
            self.publish(PrintStatus::of_end(document_id, end));
        }
    }

    /// Records the end in the journal (audit + outbox).
    fn finish(&self, print_id: i64, end: PrintEnd) {
        if let Err(error) = self.kiosk.lock().print_finished(print_id, &end) {
            tracing::error!(print_id, %error, "the end of a print could not be recorded");
        }
        self.events.journal_changed();
    }

    fn track(&self, print_id: i64, job: Option<JobId>, member_present: bool) {
        self.tracked().insert(
            print_id,
            Tracked {
                job,
                member_present,
                waiting: false,
                cancel_asked: false,
            },
        );
    }

    fn untrack(&self, print_id: i64) -> Option<Tracked> {
        self.tracked().remove(&print_id)
    }

    /// Records what the job does now; cancels it if it waits for a member who has gone.
    /// Returns whether the member is still there to be told.
    fn observe(self: &Arc<Self>, print_id: i64, progress: &JobProgress) -> bool {
        let (present, cancel) = {
            let mut tracked = self.tracked();
            let Some(print) = tracked.get_mut(&print_id) else {
                return false;
            };
            print.waiting = matches!(progress, JobProgress::Waiting(_) | JobProgress::Held);
            let cancel = if print.member_present {
                None
            } else {
                print.take_cancel()
            };
            (print.member_present, cancel)
        };
        if let Some(job) = cancel {
            self.spawn_cancel(print_id, job);
        }
        present
    }

    /// Tells the caller how a print of the member now at the kiosk stands.
    fn publish(self: &Arc<Self>, status: PrintStatus) {
        // A print that waits or ended may mean the printer changed: staff see it at once.
        if !matches!(status.stage, PrintStage::Sending | PrintStage::Printing) {
            let shared = Arc::clone(self);
            self.runtime
                .spawn(async move { shared.check_for_staff().await });
        }
        self.statuses
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(status.document_id.clone(), status.clone());
        self.events.print_changed(&status);
    }

    /// A trouble the printer reports now, if any (unreachable included).
    async fn trouble_now(&self) -> Option<PrintTrouble> {
        let Some(printer) = &self.printer else {
            return Some(PrintTrouble::Other);
        };
        match printer.status().await {
            Ok(status) => status.problems.first().map(PrintTrouble::of),
            Err(_) => Some(PrintTrouble::Unreachable),
        }
    }

    async fn check_for_staff(&self) -> PrinterForStaff {
        let trouble = self.trouble_now().await;
        let prints_in_doubt = match self.kiosk.lock().prints_in_doubt() {
            Ok(rows) => u32::try_from(rows.len()).unwrap_or(u32::MAX),
            Err(error) => {
                tracing::error!(%error, "the print journal could not be read");
                0
            }
        };
        let now = PrinterForStaff {
            trouble,
            prints_in_doubt,
        };
        let changed = self
            .staff
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .replace(now)
            != Some(now);
        if changed {
            if now.trouble.is_some() || now.prints_in_doubt > 0 {
                tracing::warn!(trouble = ?now.trouble, prints_in_doubt, "the printer needs staff");
            }
            self.events.printer_changed(&now);
        }
        now
    }
}
