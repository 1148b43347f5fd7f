//! kiosk-print against a real cupsd with a cups-pdf queue (scripts/with-cups). Skipped, with a
//! message, without one; failed with KIOSK_REQUIRE_CUPS=1.
//!
//! The tests share the one queue and change its state, so they take turns (`QUEUE`), and each
//! leaves it enabled and accepting however it ends (`Restore`).

mod common;

use std::time::Duration;

use common::{TestQueue, TestServer, marker, pdf_text, pdf_with, printer, queue};
use kiosk_print::{
    Canceled, Following, IppStatus, JobId, JobProgress, JobState, JobUpdate, PrintError,
    PrinterProblem, PrinterState, Refusal, SubmitError, TransportError,
};
use tokio::sync::{Mutex, MutexGuard, mpsc};

static QUEUE: Mutex<()> = Mutex::const_new(());

const POLL: Duration = Duration::from_millis(100);
const PATIENCE: Duration = Duration::from_secs(60);
const FOLLOWING: Following = Following {
    poll: POLL,
    patience: PATIENCE,
};

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
    let printer = printer(&queue.uri);
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
        printer.follow(job, FOLLOWING, |u| updates.push(u.clone())),
    )
    .await
    .expect("completes in time")
    .expect("followed");
    assert_eq!(last.progress, JobProgress::Completed);
    assert_eq!(
        last.job.as_ref().map(|j| j.state),
        Some(JobState::Completed)
    );
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
            (pair[0].job.as_ref().map(|j| j.state), &pair[0].progress),
            (pair[1].job.as_ref().map(|j| j.state), &pair[1].progress)
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
    let printer = printer(&queue.uri);
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

    let (follower, mut rx) = spawn_follower(&printer, job);
    let first = tokio::time::timeout(PATIENCE, rx.recv())
        .await
        .expect("an update in time")
        .expect("an update");
    assert_eq!(
        first.progress,
        JobProgress::Waiting(vec![PrinterProblem::Stopped]),
        "{first:?}"
    );
    assert_eq!(first.job.as_ref().map(|j| j.state), Some(JobState::Pending));
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
    let printer = printer(&queue.uri);
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
    let last = tokio::time::timeout(PATIENCE, printer.follow(job, FOLLOWING, |_| {}))
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
    let printer = printer(&queue.uri);
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
    let printer = printer(&turn.queue.uri);
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
    let err = common::printer(&missing)
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
    let printer = printer(&ipps);
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

#[tokio::test]
async fn the_kiosk_cancels_as_a_user_cupsd_knows_and_cupsd_survives_it() {
    // Debian 12's cupsd (2.4.2-3+deb12u10) segfaults on a Cancel-Job from a user its host does
    // not know; the kiosk used to send "kiosk", which most hosts do not have.
    let Some(turn) = take("the_kiosk_cancels_as_a_user_cupsd_knows").await else {
        return;
    };
    let queue = &turn.queue;
    let printer = printer(&queue.uri);
    assert!(
        printer.user().exists_on_this_machine(),
        "{}",
        printer.user()
    );
    queue.admin("cupsdisable");
    let job = printer
        .submit(&pdf_with(&marker("OWNER")), "Mitgliedsbescheinigung 5e0f")
        .await
        .expect("submitted");
    assert_eq!(printer.cancel(job).await.expect("cancel"), Canceled::Now);
    // Still there: the next request is answered.
    let status = printer.status().await.expect("cupsd still answers");
    assert_eq!(status.state, PrinterState::Stopped);
    assert_eq!(
        printer.job(job).await.expect("job").state,
        JobState::Canceled
    );
}

/// Follows the job in a task of its own; each reported update arrives on the channel.
fn spawn_follower(
    printer: &kiosk_print::Printer,
    job: JobId,
) -> (
    tokio::task::JoinHandle<Result<JobUpdate, PrintError>>,
    mpsc::UnboundedReceiver<JobUpdate>,
) {
    let (tx, rx) = mpsc::unbounded_channel();
    let printer = printer.clone();
    let follower = tokio::spawn(async move {
        printer
            .follow(job, FOLLOWING, move |u| {
                let _ = tx.send(u.clone());
            })
            .await
    });
    (follower, rx)
}

/// The queue, stopped, on the cupsd of scripts/with-cups (which the test may crash), and a
/// printer that gives up on a dead server quickly.
async fn stopped_queue_on_a_crashable_server(
    test: &str,
) -> Option<(TestServer, Restore<'static>, kiosk_print::Printer)> {
    let server = TestServer::of_with_cups(test)?;
    let turn = take(test).await?;
    let printer =
        printer(&turn.queue.uri).with_timeouts(Duration::from_secs(2), Duration::from_secs(5));
    turn.queue.admin("cupsdisable");
    Some((server, turn, printer))
}

#[tokio::test]
async fn a_job_followed_through_a_print_server_crash_prints_once_it_is_back() {
    let Some((server, turn, printer)) =
        stopped_queue_on_a_crashable_server("a_job_followed_through_a_print_server_crash").await
    else {
        return;
    };
    let queue = &turn.queue;
    let text = marker("CRASH");
    let before = queue.outputs();
    let job = printer
        .submit(&pdf_with(&text), "Mitgliedsbescheinigung c4a5")
        .await
        .expect("a stopped queue takes the job");
    let (follower, mut rx) = spawn_follower(&printer, job);
    let next = async |rx: &mut mpsc::UnboundedReceiver<JobUpdate>| {
        tokio::time::timeout(PATIENCE, rx.recv())
            .await
            .expect("an update in time")
            .expect("an update")
            .progress
    };
    assert_eq!(
        next(&mut rx).await,
        JobProgress::Waiting(vec![PrinterProblem::Stopped])
    );

    server.crash();
    assert_eq!(next(&mut rx).await, JobProgress::ServerAway);
    let err = printer.status().await.expect_err("no server");
    assert!(err.is_server_away(), "{err:?}");
    let err = printer
        .submit(&pdf_with("never printed"), "Mitgliedsbescheinigung 0000")
        .await
        .expect_err("no server");
    assert!(err.nothing_printed(), "{err:?}");

    server.start();
    // The queue and the job are there again, still waiting for the stopped queue.
    assert_eq!(
        next(&mut rx).await,
        JobProgress::Waiting(vec![PrinterProblem::Stopped])
    );
    queue.admin("cupsenable");
    let last = tokio::time::timeout(PATIENCE, follower)
        .await
        .expect("completes in time")
        .expect("task")
        .expect("followed");
    assert_eq!(last.progress, JobProgress::Completed);
    let new = finished_output(queue, &before).await;
    assert_eq!(new.len(), 1, "printed exactly once: {new:?}");
    assert!(pdf_text(&new[0]).contains(&text));
}

#[tokio::test]
async fn following_gives_up_when_the_print_server_stays_away() {
    let Some((server, _turn, printer)) =
        stopped_queue_on_a_crashable_server("following_gives_up_when_the_print_server_stays_away")
            .await
    else {
        return;
    };
    let job = printer
        .submit(&pdf_with(&marker("AWAY")), "Mitgliedsbescheinigung a3a3")
        .await
        .expect("submitted");
    server.crash();
    let mut seen = Vec::new();
    let following = Following {
        poll: POLL,
        patience: Duration::from_secs(2),
    };
    let result = tokio::time::timeout(
        PATIENCE,
        printer.follow(job, following, |u| seen.push(u.progress.clone())),
    )
    .await
    .expect("gives up in time");
    server.start();
    let err = result.expect_err("the server stayed away");
    assert!(err.is_server_away(), "{err:?}");
    assert_eq!(
        seen,
        [JobProgress::ServerAway],
        "said once, and nothing else"
    );
    // The job itself survived; it is canceled so that it never prints.
    assert_eq!(printer.cancel(job).await.expect("cancel"), Canceled::Now);
}
