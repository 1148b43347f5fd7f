//! The desk's rules against a scripted printer: the test says what the print server answers
//! and when; kiosk-print's own tests meet a real CUPS, and the app's end-to-end tests both.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use kiosk_print::{
    Canceled, Following, IppStatus, JobId, JobProgress, JobUpdate, PrintDevice, PrintError,
    PrinterProblem, PrinterState, PrinterStatus, Refusal, SubmitError,
};
use kiosk_store::{PrintRow, PrintState};
use tokio::sync::mpsc;

use crate::{
    BranchPrinter, Kiosk, PrintDesk, PrintEvents, PrintRules, PrintStage, PrintStatus,
    PrintTrouble, PrinterForStaff, SharedKiosk,
    documents_tests::{identified, membership},
};

/// What the scripted print server says to a job: its next state, or that it lost the job.
type Answer = Result<JobProgress, ()>;

struct ScriptedPrinter {
    submit: Mutex<Option<SubmitError>>,
    answers: tokio::sync::Mutex<mpsc::UnboundedReceiver<Answer>>,
    /// Also the channel a cancel answers on: CUPS reports the job canceled next.
    script: mpsc::UnboundedSender<Answer>,
    cancels: Arc<Mutex<Vec<JobId>>>,
}

impl PrintDevice for ScriptedPrinter {
    async fn status(&self) -> Result<PrinterStatus, PrintError> {
        Ok(PrinterStatus {
            state: PrinterState::Idle,
            accepting_jobs: true,
            reasons: Vec::new(),
            problems: Vec::new(),
        })
    }

    async fn submit(&self, _pdf: &[u8], _title: &str) -> Result<JobId, SubmitError> {
        match self.submit.lock().expect("lock").take() {
            Some(error) => Err(error),
            None => Ok(JobId(7)),
        }
    }

    async fn follow(
        &self,
        job: JobId,
        _following: Following,
        mut on_update: impl FnMut(&JobUpdate) + Send,
    ) -> Result<JobUpdate, PrintError> {
        let mut answers = self.answers.lock().await;
        loop {
            let Some(Ok(progress)) = answers.recv().await else {
                return Err(PrintError::JobNotFound(job));
            };
            let update = JobUpdate {
                job: None,
                printer: None,
                progress,
            };
            on_update(&update);
            if update.progress.is_final() {
                return Ok(update);
            }
        }
    }

    async fn cancel(&self, job: JobId) -> Result<Canceled, PrintError> {
        self.cancels.lock().expect("lock").push(job);
        self.script.send(Ok(JobProgress::Canceled)).expect("script");
        Ok(Canceled::Now)
    }
}

#[derive(Default)]
struct Seen {
    prints: Mutex<Vec<PrintStatus>>,
    staff: Mutex<Vec<PrinterForStaff>>,
}

impl PrintEvents for Seen {
    fn print_changed(&self, status: &PrintStatus) {
        self.prints.lock().expect("lock").push(status.clone());
    }
    fn printer_changed(&self, printer: &PrinterForStaff) {
        self.staff.lock().expect("lock").push(*printer);
    }
    fn journal_changed(&self) {}
}

struct Branch {
    desk: PrintDesk<ScriptedPrinter>,
    kiosk: SharedKiosk,
    seen: Arc<Seen>,
    script: mpsc::UnboundedSender<Answer>,
    /// The jobs the desk canceled.
    cancels: Arc<Mutex<Vec<JobId>>>,
    _dir: tempfile::TempDir,
}

fn branch(kiosk: Kiosk, dir: tempfile::TempDir, submit: Option<SubmitError>) -> Branch {
    let (script, answers) = mpsc::unbounded_channel();
    let cancels = Arc::new(Mutex::new(Vec::new()));
    let printer = ScriptedPrinter {
        submit: Mutex::new(submit),
        answers: tokio::sync::Mutex::new(answers),
        script: script.clone(),
        cancels: Arc::clone(&cancels),
    };
    let kiosk = SharedKiosk::new(kiosk);
    let seen = Arc::new(Seen::default());
    let desk = PrintDesk::new(
        BranchPrinter {
            device: Some(printer),
            uri: "ipp://localhost:631/printers/Test".into(),
            rules: PrintRules::BRANCH,
        },
        kiosk.clone(),
        Arc::clone(&seen) as Arc<dyn PrintEvents>,
        tokio::runtime::Handle::current(),
    );
    Branch {
        desk,
        kiosk,
        seen,
        script,
        cancels,
        _dir: dir,
    }
}

fn journal_row(kiosk: &SharedKiosk, print_id: i64) -> PrintRow {
    kiosk
        .lock()
        .store()
        .print(print_id)
        .expect("read")
        .expect("row")
}

/// Waits (without a deadline the test asserts on) until the journal shows the print ended.
async fn journal_state(kiosk: &SharedKiosk, print_id: i64, until: PrintState) -> PrintState {
    for _ in 0..2000 {
        let state = journal_row(kiosk, print_id).state;
        if state == until {
            return state;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    journal_row(kiosk, print_id).state
}

fn stages(seen: &Seen) -> Vec<PrintStage> {
    seen.prints
        .lock()
        .expect("lock")
        .iter()
        .map(|s| s.stage)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_print_is_written_down_sent_followed_and_recorded() {
    let (mut kiosk, t0, dir) = identified(Some(time::Duration::minutes(1)));
    let document_id = membership(&mut kiosk, t0);
    let branch = branch(kiosk, dir, None);
    let sending = branch.desk.print(&document_id).await.expect("starts");
    assert_eq!(sending.stage, PrintStage::Sending);
    branch
        .script
        .send(Ok(JobProgress::Printing))
        .expect("script");
    branch
        .script
        .send(Ok(JobProgress::Completed))
        .expect("script");
    assert_eq!(
        journal_state(&branch.kiosk, 1, PrintState::Completed).await,
        PrintState::Completed
    );
    assert_eq!(
        stages(&branch.seen),
        [
            PrintStage::Sending,
            PrintStage::Printing,
            PrintStage::Completed
        ]
    );
    assert_eq!(
        branch.desk.status_of(&document_id).map(|s| s.stage),
        Some(PrintStage::Completed)
    );
    assert!(
        branch.desk.print(&document_id).await.is_err(),
        "a printed document does not print again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_waiting_when_its_member_leaves_is_canceled_and_recorded_so() {
    let (mut kiosk, t0, dir) = identified(Some(time::Duration::minutes(1)));
    let document_id = membership(&mut kiosk, t0);
    let branch = branch(kiosk, dir, None);
    branch.desk.print(&document_id).await.expect("starts");
    let no_paper = JobProgress::Waiting(vec![PrinterProblem::MediaEmpty]);
    branch.script.send(Ok(no_paper)).expect("script");
    while stages(&branch.seen).last() != Some(&PrintStage::Waiting) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(
        branch.desk.status_of(&document_id).and_then(|s| s.trouble),
        Some(PrintTrouble::MediaEmpty)
    );
    branch.desk.member_left();
    assert_eq!(
        journal_state(&branch.kiosk, 1, PrintState::Failed).await,
        PrintState::Failed
    );
    assert_eq!(
        journal_row(&branch.kiosk, 1).problem.as_deref(),
        Some("canceledAfterSession")
    );
    assert_eq!(branch.desk.status_of(&document_id), None, "forgotten");
    assert_eq!(
        stages(&branch.seen).last(),
        Some(&PrintStage::Waiting),
        "whoever stands there now is not told"
    );
    assert_eq!(*branch.cancels.lock().expect("lock"), [JobId(7)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_the_print_server_lost_is_in_doubt_and_staff_see_it() {
    let (mut kiosk, t0, dir) = identified(Some(time::Duration::minutes(1)));
    let document_id = membership(&mut kiosk, t0);
    let branch = branch(kiosk, dir, None);
    branch.desk.print(&document_id).await.expect("starts");
    branch.script.send(Err(())).expect("script");
    assert_eq!(
        journal_state(&branch.kiosk, 1, PrintState::InDoubt).await,
        PrintState::InDoubt
    );
    assert_eq!(
        journal_row(&branch.kiosk, 1).problem.as_deref(),
        Some("jobLost")
    );
    assert_eq!(
        branch.desk.check_for_staff().await,
        PrinterForStaff {
            trouble: None,
            prints_in_doubt: 1
        }
    );
    assert!(
        branch.desk.print(&document_id).await.is_err(),
        "a print in doubt is never sent again by itself"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_job_fails_and_the_member_may_try_again() {
    let (mut kiosk, t0, dir) = identified(Some(time::Duration::minutes(1)));
    let document_id = membership(&mut kiosk, t0);
    let refused = SubmitError::Refused(Refusal::Ipp(IppStatus(0x0506)));
    let branch = branch(kiosk, dir, Some(refused));
    branch.desk.print(&document_id).await.expect("starts");
    assert_eq!(
        journal_state(&branch.kiosk, 1, PrintState::Failed).await,
        PrintState::Failed
    );
    while stages(&branch.seen).last() != Some(&PrintStage::Failed) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(
        branch.desk.status_of(&document_id).and_then(|s| s.trouble),
        Some(PrintTrouble::NotAccepting)
    );
    branch.desk.print(&document_id).await.expect("tried again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_restart_a_taken_job_is_followed_and_canceled_if_it_waits() {
    let (mut kiosk, t0, dir) = identified(Some(time::Duration::minutes(1)));
    let document_id = membership(&mut kiosk, t0);
    let ticket = kiosk
        .begin_print(&document_id, "ipp://localhost:631/printers/Test")
        .expect("ticket");
    kiosk
        .print_submitted(ticket.print_id, 7)
        .expect("submitted");
    drop(kiosk); // the restart
    let (restarted, _) = crate::tests::kiosk_in(dir.path());
    let branch = branch(restarted, dir, None);
    branch.desk.resume();
    branch
        .script
        .send(Ok(JobProgress::Waiting(vec![PrinterProblem::Stopped])))
        .expect("script");
    assert_eq!(
        journal_state(&branch.kiosk, ticket.print_id, PrintState::Failed).await,
        PrintState::Failed
    );
    assert_eq!(
        journal_row(&branch.kiosk, ticket.print_id)
            .problem
            .as_deref(),
        Some("canceledAfterSession")
    );
    assert!(stages(&branch.seen).is_empty(), "no member to tell");
    assert_eq!(*branch.cancels.lock().expect("lock"), [JobId(7)]);
}
