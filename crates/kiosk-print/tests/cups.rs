//! kiosk-print against a real cupsd with a cups-pdf queue (scripts/with-cups). Skipped, with a
//! message, without one; failed with KIOSK_REQUIRE_CUPS=1.
//!
//! The tests share the one queue and change its state, so they take turns (`QUEUE`), and each
//! leaves it enabled and accepting however it ends (`Restore`).

mod common;

use std::time::Duration;

use common::{TestQueue, marker, pdf_text, pdf_with, queue};
use kiosk_print::{
    Canceled, IppStatus, JobId, JobProgress, JobState, JobUpdate, PrintError, Printer,
    PrinterProblem, PrinterState, Refusal, SubmitError, TransportError,
};
use tokio::sync::{Mutex, MutexGuard, mpsc};

static QUEUE: Mutex<()> = Mutex::const_new(());

const POLL: Duration = Duration::from_millis(100);
const PATIENCE: Duration = Duration::from_secs(60);

/// Holds the queue for one test and re-enables it afterwards, also after a failure.
struct Restore<'a> {
    queue: TestQueue,
    _turn: MutexGuard<'a, ()>,
}

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        for command in ["cupsenable", "cupsaccept"] {
            let _ = std::process::Command::new(command)
                .arg(&self.queue.name)
                .status();
        }
    }
}

async fn take(test: &str) -> Option<Restore<'static>> {
    let queue = queue(test)?;
    let turn = QUEUE.lock().await;
    Some(Restore { queue, _turn: turn })
}

/// Waits until the job has ended and its output file is there; returns the new files.
async fn finished_output(
    queue: &TestQueue,
    before: &std::collections::BTreeSet<std::path::PathBuf>,
) -> Vec<std::path::PathBuf> {
    // cups-pdf has written the file when the job completes; give the file system a moment.
    for _ in 0..50 {
        let new: Vec<_> = queue.outputs().difference(before).cloned().collect();
        if !new.is_empty() {
            // Settle: a second file would show now if the job printed twice.
            tokio::time::sleep(Duration::from_millis(500)).await;
            return queue.outputs().difference(before).cloned().collect();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Vec::new()
}

#[tokio::test]
async fn a_pdf_is_printed_once_and_followed_to_completed() {
    let Some(turn) = take("a_pdf_is_printed_once_and_followed_to_completed").await else {
        return;
    };
    let queue = &turn.queue;
    let printer = Printer::new(&queue.uri).expect("uri");
    let status = printer.status().await.expect("status");
    assert!(status.is_ready(), "{status:?}");
    assert_ne!(status.state, PrinterState::Stopped);

    let text = marker("ONCE");
    let before = queue.outputs();
    let job = printer
        .submit(&pdf_with(&text), "Mitgliedsbescheinigung 3f2a")
        .await
        .expect("submitted");
    assert!(job.0 > 0);
    let mut updates: Vec<JobUpdate> = Vec::new();
    let last = tokio::time::timeout(
        PATIENCE,
        printer.follow(job, POLL, |u| updates.push(u.clone())),
    )
    .await
    .expect("completes in time")
    .expect("followed");
    assert_eq!(last.progress, JobProgress::Completed);
    assert_eq!(last.job.state, JobState::Completed);
    assert_eq!(updates.last(), Some(&last));
    assert!(
        updates
            .iter()
            .all(|u| !matches!(u.progress, JobProgress::Waiting(_))),
        "nothing was wrong: {updates:?}"
    );
    // Each reported update differs from the one before.
    for pair in updates.windows(2) {
        assert_ne!(
            (pair[0].job.state, &pair[0].progress),
            (pair[1].job.state, &pair[1].progress)
        );
    }

    let new = finished_output(queue, &before).await;
    assert_eq!(new.len(), 1, "exactly one new PDF: {new:?}");
    assert!(
        pdf_text(&new[0]).contains(&text),
        "the marker is in {new:?}"
    );
    assert_eq!(
        printer.job(job).await.expect("job").state,
        JobState::Completed,
        "a completed job stays readable"
    );
}

#[tokio::test]
async fn a_job_in_a_stopped_queue_waits_with_that_problem_and_prints_once_enabled() {
    let Some(turn) = take("a_job_in_a_stopped_queue_waits_with_that_problem").await else {
        return;
    };
    let queue = &turn.queue;
    let printer = Printer::new(&queue.uri).expect("uri");
    queue.admin("cupsdisable");
    let status = printer.status().await.expect("status");
    assert_eq!(status.state, PrinterState::Stopped);
    assert!(
        status.problems.contains(&PrinterProblem::Stopped),
        "{status:?}"
    );
    assert!(status.accepting_jobs, "a stopped queue still takes jobs");
    assert!(!status.is_ready());

    let text = marker("STOPPED");
    let before = queue.outputs();
    let job = printer
        .submit(&pdf_with(&text), "Mitgliedsbescheinigung 77c1")
        .await
        .expect("a stopped queue takes the job");

    let (tx, mut rx) = mpsc::unbounded_channel();
    let follower = {
        let printer = printer.clone();
        tokio::spawn(async move {
            printer
                .follow(job, POLL, move |u| {
                    let _ = tx.send(u.clone());
                })
                .await
        })
    };
    let first = tokio::time::timeout(PATIENCE, rx.recv())
        .await
        .expect("an update in time")
        .expect("an update");
    assert_eq!(
        first.progress,
        JobProgress::Waiting(vec![PrinterProblem::Stopped]),
        "{first:?}"
    );
    assert_eq!(first.job.state, JobState::Pending);
    // Still waiting a while later, and nothing printed.
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        printer.job(job).await.expect("job").state,
        JobState::Pending
    );
    assert!(queue.outputs().difference(&before).next().is_none());

    queue.admin("cupsenable");
    let last = tokio::time::timeout(PATIENCE, follower)
        .await
        .expect("completes in time")
        .expect("task")
        .expect("followed");
    assert_eq!(last.progress, JobProgress::Completed);
    let mut seen = vec![first];
    while let Ok(update) = rx.try_recv() {
        seen.push(update);
    }
    assert_eq!(
        seen.last().map(|u| &u.progress),
        Some(&JobProgress::Completed)
    );

    let new = finished_output(queue, &before).await;
    assert_eq!(new.len(), 1, "the job printed exactly once: {new:?}");
    assert!(pdf_text(&new[0]).contains(&text));
}

#[tokio::test]
async fn a_job_waiting_in_a_stopped_queue_is_canceled_and_never_prints() {
    let Some(turn) = take("a_job_waiting_in_a_stopped_queue_is_canceled").await else {
        return;
    };
    let queue = &turn.queue;
    let printer = Printer::new(&queue.uri).expect("uri");
    queue.admin("cupsdisable");
    let before = queue.outputs();
    let job = printer
        .submit(&pdf_with(&marker("CANCELED")), "Reisebescheinigung 0c1d")
        .await
        .expect("a stopped queue takes the job");
    assert_eq!(
        printer.job(job).await.expect("job").state,
        JobState::Pending
    );

    assert_eq!(printer.cancel(job).await.expect("cancel"), Canceled::Now);
    assert_eq!(
        printer.job(job).await.expect("job").state,
        JobState::Canceled
    );
    let last = tokio::time::timeout(PATIENCE, printer.follow(job, POLL, |_| {}))
        .await
        .expect("ends in time")
        .expect("followed");
    assert_eq!(last.progress, JobProgress::Canceled);
    // Asking again changes nothing.
    assert_eq!(
        printer.cancel(job).await.expect("cancel again"),
        Canceled::AlreadyEnded
    );

    queue.admin("cupsenable");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(
        queue.outputs().difference(&before).next().is_none(),
        "a canceled job never prints"
    );
    assert!(matches!(
        printer.cancel(JobId(i32::MAX)).await,
        Err(PrintError::JobNotFound(_))
    ));
}

#[tokio::test]
async fn a_queue_that_rejects_jobs_says_so_and_refuses_a_submit() {
    let Some(turn) = take("a_queue_that_rejects_jobs_says_so_and_refuses_a_submit").await else {
        return;
    };
    let queue = &turn.queue;
    let printer = Printer::new(&queue.uri).expect("uri");
    let before = queue.outputs();
    queue.admin("cupsreject");
    let status = printer.status().await.expect("status");
    assert!(!status.accepting_jobs);
    assert_eq!(
        status.problems,
        [PrinterProblem::NotAccepting],
        "{status:?}"
    );

    let err = printer
        .submit(&pdf_with("never printed"), "Mitgliedsbescheinigung 0000")
        .await
        .expect_err("refused");
    assert!(
        matches!(
            err,
            SubmitError::Refused(Refusal::Ipp(IppStatus::NOT_ACCEPTING_JOBS))
        ),
        "{err:?}"
    );
    assert!(err.nothing_printed());
    assert!(err.to_string().contains("cupsaccept"), "{err}");

    queue.admin("cupsaccept");
    assert!(printer.status().await.expect("status").is_ready());
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(queue.outputs(), before, "nothing was printed");
}

#[tokio::test]
async fn an_unknown_job_and_an_unknown_queue_are_clear_errors() {
    let Some(turn) = take("an_unknown_job_and_an_unknown_queue_are_clear_errors").await else {
        return;
    };
    let printer = Printer::new(&turn.queue.uri).expect("uri");
    let err = printer.job(JobId(i32::MAX - 7)).await.expect_err("unknown");
    assert!(
        matches!(err, PrintError::JobNotFound(JobId(id)) if id == i32::MAX - 7),
        "{err:?}"
    );
    assert!(err.to_string().contains("not known"), "{err}");

    let missing = turn
        .queue
        .uri
        .replace(&turn.queue.name, "NoSuchQueue_kiosk");
    let err = Printer::new(&missing)
        .expect("uri")
        .status()
        .await
        .expect_err("no such queue");
    assert!(matches!(err, PrintError::NoSuchQueue { .. }), "{err:?}");
    assert!(err.to_string().contains("lpstat -p"), "{err}");
}

#[tokio::test]
async fn a_failed_tls_handshake_with_cupsd_is_not_sent() {
    // cupsd answers TLS on its port with a self-signed certificate that no trust store knows:
    // the handshake fails before a byte of the request is written.
    let Some(turn) = take("a_failed_tls_handshake_with_cupsd_is_not_sent").await else {
        return;
    };
    let queue = &turn.queue;
    let before = queue.outputs();
    let ipps = queue.uri.replacen("ipp://", "ipps://", 1);
    let printer = Printer::new(&ipps).expect("uri");
    let err = printer
        .submit(&pdf_with("never printed"), "Mitgliedsbescheinigung tls")
        .await
        .expect_err("untrusted certificate");
    assert!(
        matches!(err, SubmitError::NotSent(TransportError::Tls { .. })),
        "{err:?}"
    );
    assert!(err.nothing_printed());
    let err = printer.status().await.expect_err("untrusted");
    assert!(matches!(err, PrintError::Unreachable { .. }), "{err:?}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(queue.outputs(), before);
}
