//! Printing beside the app: the job goes to the branch printer (kiosk-print) while kiosk-core
//! keeps the journal. Each change of a print is sent to the UI as `print-changed`.
//! A print whose answer from the printer was lost is in doubt and never sent again by itself.
//! Staff see the printer's problems and prints in doubt in the footer (`printer-changed`).
//! A job still waiting for the printer when its member has gone (session ended, or a restart)
//! is canceled: a certificate must not come out hours later for whoever stands there.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

use kiosk_config::KioskConfig;
use kiosk_core::{MaybePrinted, NotPrinted, PrintEnd, PrintTicket};
use kiosk_print::{
    Canceled, Following, JobId, JobProgress, JobUpdate, PrintError, PrintUser, Printer, SubmitError,
};
use tauri::{AppHandle, Emitter, Manager};

use crate::{
    ipc::{self, PrintState, PrintView, PrinterProblem, PrinterStatusView},
    state::KioskState,
    sync::SyncState,
};

const POLL: Duration = Duration::from_millis(500);
/// How often the staff's printer indicator asks the printer when nothing is printing.
const WATCH_EVERY: Duration = Duration::from_secs(15);
/// Following a job survives a print server that is away (crashed, restarting); after this long
/// without an answer the print is in doubt (it may still come out).
const FOLLOWING: Following = Following {
    poll: POLL,
    patience: Duration::from_secs(10 * 60),
};
/// A cancel the print server did not answer is asked again this often, this many times.
const CANCEL_RETRY: Duration = Duration::from_secs(5);
const CANCEL_ATTEMPTS: u32 = 12;

/// Why the printer takes no job now (in plain English, for staff and the log).
#[derive(Debug, thiserror::Error)]
pub(crate) enum NotReady {
    #[error("the configured printer cannot be used")]
    Unusable,
    #[error("the printer does not accept jobs (cupsreject); staff must enable it")]
    NotAccepting,
    #[error(transparent)]
    Unreachable(PrintError),
}

/// A print being sent or followed.
#[derive(Debug)]
struct Tracked {
    /// The job, once the printer has taken it.
    job: Option<JobId>,
    /// The member it was printed for is still at the kiosk (their session goes on).
    member_present: bool,
    /// Last seen waiting for the printer (a problem or held): not printing.
    waiting: bool,
    cancel_asked: bool,
}

pub(crate) struct PrintService {
    printer: Option<Arc<Printer>>,
    uri: String,
    views: Mutex<HashMap<String, PrintView>>,
    /// What the staff's footer indicator last showed.
    staff: Mutex<Option<PrinterStatusView>>,
    /// Shared with the cancel tasks, which hand a cancel back when it could not be done.
    tracked: Arc<Mutex<HashMap<i64, Tracked>>>,
}

impl PrintService {
    pub(crate) fn new(config: &KioskConfig) -> PrintService {
        let printer = match PrintUser::from_config(config.printer_user.as_deref())
            .and_then(|user| Printer::new(&config.printer_uri, user))
        {
            Ok(printer) => Some(Arc::new(printer)),
            Err(error) => {
                tracing::error!(%error, "the configured printer cannot be used");
                None
            }
        };
        PrintService {
            printer,
            uri: config.printer_uri.clone(),
            views: Mutex::new(HashMap::new()),
            staff: Mutex::new(None),
            tracked: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    pub(crate) fn uri(&self) -> &str {
        &self.uri
    }

    /// A problem the printer reports now, if any (unreachable included).
    pub(crate) async fn problem_now(&self) -> Option<PrinterProblem> {
        let Some(printer) = &self.printer else {
            return Some(PrinterProblem::Other);
        };
        match printer.status().await {
            Ok(status) => status.problems.first().map(problem),
            Err(_) => Some(PrinterProblem::Unreachable),
        }
    }

    /// Whether the printer takes jobs now; `Err` says why not.
    pub(crate) async fn ready_for_jobs(&self) -> Result<(), NotReady> {
        let printer = self.printer.as_ref().ok_or(NotReady::Unusable)?;
        match printer.status().await {
            Ok(status) if status.accepting_jobs => Ok(()),
            Ok(_) => Err(NotReady::NotAccepting),
            Err(error) => Err(NotReady::Unreachable(error)),
        }
    }

    /// The printer's problem as last seen (asked every few seconds), without waiting for the
    /// printer: a menu must not hang on a print server that does not answer.
    pub(crate) async fn known_problem(&self) -> Option<PrinterProblem> {
        let last = *self.staff.lock().unwrap_or_else(PoisonError::into_inner);
        match last {
            Some(view) => view.problem,
            None => self.problem_now().await,
        }
    }

    pub(crate) fn view(&self, document_id: &str) -> Option<PrintView> {
        self.views
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(document_id)
            .cloned()
    }

    /// The session ended: the member's prints are forgotten (they are in the journal), and
    /// those waiting for the printer are canceled; the others print or end as they would.
    pub(crate) fn member_left(&self) {
        self.views
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        let waiting: Vec<(i64, JobId)> = {
            let mut tracked = self.tracked.lock().unwrap_or_else(PoisonError::into_inner);
            tracked
                .iter_mut()
                .filter_map(|(print_id, print)| {
                    print.member_present = false;
                    print.take_cancel().map(|job| (*print_id, job))
                })
                .collect()
        };
        for (print_id, job) in waiting {
            self.spawn_cancel(print_id, job);
        }
    }

    fn track(&self, print_id: i64, job: Option<JobId>, member_present: bool) {
        self.tracked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(
                print_id,
                Tracked {
                    job,
                    member_present,
                    waiting: false,
                    cancel_asked: false,
                },
            );
    }

    /// Records what the job does now; cancels it if it waits for a member who has gone.
    /// Returns whether the member is still there to be told.
    fn observe(&self, print_id: i64, progress: &JobProgress) -> bool {
        let (present, cancel) = {
            let mut tracked = self.tracked.lock().unwrap_or_else(PoisonError::into_inner);
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

    /// Forgets the print, returning how it stood.
    fn untrack(&self, print_id: i64) -> Option<Tracked> {
        self.tracked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&print_id)
    }

    fn set_job(&self, print_id: i64, job: JobId) {
        if let Some(print) = self
            .tracked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_mut(&print_id)
        {
            print.job = Some(job);
        }
    }

    fn spawn_cancel(&self, print_id: i64, job: JobId) {
        let Some(printer) = self.printer.clone() else {
            return;
        };
        let tracked = Arc::clone(&self.tracked);
        tauri::async_runtime::spawn(async move {
            for attempt in 1..=CANCEL_ATTEMPTS {
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
                        tokio::time::sleep(CANCEL_RETRY).await;
                    }
                }
            }
            // The print server is away: the follower asks again when it sees the job waiting.
            if let Some(print) = tracked
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get_mut(&print_id)
            {
                print.cancel_asked = false;
            }
            tracing::error!(
                print_id,
                "a print whose member had gone could not be canceled yet: it is canceled once the print server answers, or staff cancel it there"
            );
        });
    }

    /// Tells the UI (and staff) how a print of the member now at the kiosk stands.
    pub(crate) fn publish(&self, app: &AppHandle, view: PrintView) {
        // A print that waits or ended may mean the printer changed: staff see it at once.
        if view.state != PrintState::Sending && view.state != PrintState::Printing {
            let app = app.clone();
            tauri::async_runtime::spawn(async move { refresh_staff_view(&app).await });
        }
        self.views
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(view.document_id.clone(), view.clone());
        if let Err(error) = app.emit(ipc::PRINT_CHANGED, view) {
            tracing::error!(%error, "telling the UI about a print failed");
        }
    }
}

impl Tracked {
    /// The job to cancel now, once: it waits and the printer has it.
    fn take_cancel(&mut self) -> Option<JobId> {
        let job = self.job.filter(|_| self.waiting && !self.cancel_asked)?;
        self.cancel_asked = true;
        Some(job)
    }
}

fn problem(problem: &kiosk_print::PrinterProblem) -> PrinterProblem {
    use kiosk_print::PrinterProblem as P;
    match problem {
        P::Stopped => PrinterProblem::Stopped,
        P::NotAccepting => PrinterProblem::NotAccepting,
        P::MediaEmpty => PrinterProblem::MediaEmpty,
        P::MediaJam => PrinterProblem::MediaJam,
        P::DoorOpen => PrinterProblem::DoorOpen,
        P::TonerEmpty => PrinterProblem::TonerEmpty,
        P::Offline => PrinterProblem::Offline,
        P::Other(_) => PrinterProblem::Other,
    }
}

fn view_of(document_id: &str, progress: &JobProgress) -> PrintView {
    let (state, problem) = match progress {
        JobProgress::Queued | JobProgress::Printing => (PrintState::Printing, None),
        JobProgress::Waiting(problems) => (
            PrintState::Waiting,
            Some(problems.first().map_or(PrinterProblem::Other, problem)),
        ),
        JobProgress::Held => (PrintState::Waiting, Some(PrinterProblem::Other)),
        JobProgress::Completed => (PrintState::Completed, None),
        JobProgress::Canceled | JobProgress::Aborted => {
            (PrintState::Failed, Some(PrinterProblem::Other))
        }
        JobProgress::ServerAway => (PrintState::Waiting, Some(PrinterProblem::Unreachable)),
    };
    PrintView {
        document_id: document_id.to_owned(),
        state,
        problem,
    }
}

/// Records the end in the journal (audit + outbox) and wakes the sync.
fn finish(app: &AppHandle, print_id: i64, end: &PrintEnd) {
    let state = app.state::<KioskState>();
    if let Err(error) = state.lock().print_finished(print_id, end) {
        tracing::error!(print_id, %error, "the end of a print could not be recorded");
    }
    app.state::<SyncState>().wake();
}

/// Sends the job and follows it, in the background.
pub(crate) fn spawn(app: AppHandle, ticket: PrintTicket) {
    tauri::async_runtime::spawn(async move { send(&app, ticket).await });
}

async fn send(app: &AppHandle, ticket: PrintTicket) {
    let service = app.state::<PrintService>();
    let Some(printer) = service.printer.clone() else {
        return;
    };
    let document_id = ticket.document_id.clone();
    service.track(ticket.print_id, None, true);
    // The print ended before the printer had it: the member is told if still there.
    let ended = |end: PrintEnd, view: PrintView| {
        finish(app, ticket.print_id, &end);
        if service
            .untrack(ticket.print_id)
            .is_some_and(|print| print.member_present)
        {
            service.publish(app, view);
        }
    };
    let failed = |problem: PrinterProblem, why: NotPrinted| {
        ended(
            PrintEnd::Failed(why),
            PrintView {
                document_id: document_id.clone(),
                state: PrintState::Failed,
                problem: Some(problem),
            },
        );
    };
    match printer.submit(&ticket.pdf, &ticket.title).await {
        Ok(job) => {
            let recorded = app
                .state::<KioskState>()
                .lock()
                .print_submitted(ticket.print_id, i64::from(job.0));
            if let Err(error) = recorded {
                tracing::error!(print_id = ticket.print_id, %error, "recording the job failed");
            }
            service.set_job(ticket.print_id, job);
            follow(app, ticket.print_id, &document_id, job).await;
        }
        Err(SubmitError::NotSent(error)) => {
            tracing::warn!(print_id = ticket.print_id, %error, "the printer could not be reached; nothing was sent");
            failed(PrinterProblem::Unreachable, NotPrinted::Unreachable);
        }
        Err(SubmitError::Refused(refusal)) => {
            tracing::warn!(print_id = ticket.print_id, %refusal, "the printer refused the job");
            failed(PrinterProblem::NotAccepting, NotPrinted::Refused);
        }
        Err(SubmitError::Uncertain(error)) => {
            tracing::error!(print_id = ticket.print_id, %error, "the printer's answer was lost: the print is in doubt");
            ended(
                PrintEnd::InDoubt(MaybePrinted::AnswerLost),
                PrintView {
                    document_id: document_id.clone(),
                    state: PrintState::InDoubt,
                    problem: None,
                },
            );
        }
    }
}

/// Follows a job the printer has to its end (also after a restart, for jobs taken before;
/// the caller tracks it first).
async fn follow(app: &AppHandle, print_id: i64, document_id: &str, job: JobId) {
    let service = app.state::<PrintService>();
    let Some(printer) = service.printer.clone() else {
        return;
    };
    let publish = |update: &JobUpdate| {
        if service.observe(print_id, &update.progress) {
            service.publish(app, view_of(document_id, &update.progress));
        }
    };
    match printer.follow(job, FOLLOWING, publish).await {
        Ok(last) => {
            let canceled_by_us = service
                .untrack(print_id)
                .is_some_and(|print| print.cancel_asked);
            let end = match last.progress {
                JobProgress::Completed => PrintEnd::Completed,
                JobProgress::Canceled if canceled_by_us => {
                    PrintEnd::Failed(NotPrinted::CanceledAfterSession)
                }
                JobProgress::Canceled => PrintEnd::Failed(NotPrinted::Canceled),
                _ => PrintEnd::Failed(NotPrinted::Aborted),
            };
            finish(app, print_id, &end);
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
    finish(app, print_id, &PrintEnd::InDoubt(MaybePrinted::JobLost));
    if service
        .untrack(print_id)
        .is_some_and(|print| print.member_present)
    {
        service.publish(
            app,
            PrintView {
                document_id: document_id.to_owned(),
                state: PrintState::InDoubt,
                problem: None,
            },
        );
    }
}

/// At start-up: prints the printer had taken before a restart are followed to their end.
pub(crate) fn resume(app: &AppHandle) {
    let rows = match app.state::<KioskState>().lock().recover_prints() {
        Ok(rows) => rows,
        Err(error) => {
            tracing::error!(%error, "the print journal could not be recovered");
            return;
        }
    };
    app.state::<SyncState>().wake();
    for row in rows {
        let Some(job) = row.cups_job_id.and_then(|id| i32::try_from(id).ok()) else {
            continue;
        };
        // Whoever it was printed for has gone: it is canceled if it waits.
        app.state::<PrintService>()
            .track(row.print_id, Some(JobId(job)), false);
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            follow(&app, row.print_id, &row.document_id, JobId(job)).await;
        });
    }
}

/// Asks the printer and the journal, and tells the UI when what staff should see changed.
pub(crate) async fn refresh_staff_view(app: &AppHandle) -> PrinterStatusView {
    let service = app.state::<PrintService>();
    let problem = service.problem_now().await;
    let prints_in_doubt = match app.state::<KioskState>().lock().prints_in_doubt() {
        Ok(rows) => u32::try_from(rows.len()).unwrap_or(u32::MAX),
        Err(error) => {
            tracing::error!(%error, "the print journal could not be read");
            0
        }
    };
    let view = PrinterStatusView {
        problem,
        prints_in_doubt,
    };
    let changed = {
        let mut last = service.staff.lock().unwrap_or_else(PoisonError::into_inner);
        let changed = *last != Some(view);
        *last = Some(view);
        changed
    };
    if changed {
        if view.problem.is_some() || view.prints_in_doubt > 0 {
            tracing::warn!(problem = ?view.problem, prints_in_doubt, "the printer needs staff");
        }
        if let Err(error) = app.emit(ipc::PRINTER_CHANGED, view) {
            tracing::error!(%error, "telling the UI about the printer failed");
        }
    }
    view
}

/// Keeps the staff's printer indicator current while the app runs.
pub(crate) fn watch(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            refresh_staff_view(&app).await;
            tokio::time::sleep(WATCH_EVERY).await;
        }
    });
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
