//! Following a job to its end: each change of its state, read together with the printer's
//! problems, is reported once.

use std::time::Duration;

use tracing::info;

use crate::{
    JobId, JobState, JobStatus, PrintError, Printer, PrinterProblem, PrinterStatus,
    status::problem_of,
};

/// Where a job stands, as the member and staff should understand it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobProgress {
    /// Waiting its turn; nothing is wrong.
    Queued,
    Printing,
    /// It cannot go on until someone fixes these (a stopped queue, no paper, a jam, …).
    Waiting(Vec<PrinterProblem>),
    /// Held on the print server until someone releases it.
    Held,
    Completed,
    Canceled,
    Aborted,
}

impl JobProgress {
    /// The job's progress given the printer's status (`None` once the job has ended).
    /// Not accepting new jobs does not hold up a queued one, so it is no problem here.
    pub fn of(job: &JobStatus, printer: Option<&PrinterStatus>) -> JobProgress {
        match job.state {
            JobState::Completed => return JobProgress::Completed,
            JobState::Canceled => return JobProgress::Canceled,
            JobState::Aborted => return JobProgress::Aborted,
            JobState::Held => return JobProgress::Held,
            JobState::Pending | JobState::Processing | JobState::Stopped => {}
        }
        let mut problems: Vec<PrinterProblem> = printer
            .map(|p| p.problems.clone())
            .unwrap_or_default()
            .into_iter()
            .filter(|p| *p != PrinterProblem::NotAccepting)
            .collect();
        for reason in &job.reasons {
            let problem = match reason.as_str() {
                "printer-stopped" | "printer-stopped-partly" => Some(PrinterProblem::Stopped),
                "job-printing"
                | "job-queued"
                | "job-incoming"
                | "job-data-insufficient"
                | "job-transforming"
                | "job-outgoing"
                | "processing-to-stop-point"
                | "job-fetchable"
                | "queued-in-device" => None,
                other if other.starts_with("job-") || other.starts_with("cups-") => None,
                other => problem_of(other),
            };
            if let Some(problem) = problem.filter(|p| !problems.contains(p)) {
                problems.push(problem);
            }
        }
        if job.state == JobState::Stopped && problems.is_empty() {
            problems.push(PrinterProblem::Other("job-stopped".into()));
        }
        if !problems.is_empty() {
            JobProgress::Waiting(problems)
        } else if job.state == JobState::Processing {
            JobProgress::Printing
        } else {
            JobProgress::Queued
        }
    }

    /// Completed, canceled or aborted.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            JobProgress::Completed | JobProgress::Canceled | JobProgress::Aborted
        )
    }
}

/// One observation of a followed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobUpdate {
    pub job: JobStatus,
    /// The printer when the job had not ended yet.
    pub printer: Option<PrinterStatus>,
    pub progress: JobProgress,
}

impl Printer {
    /// Polls the job every `poll` until it is completed, canceled or aborted; calls
    /// `on_update` with the first observation and with each one whose job state or progress
    /// differs from the one before, and returns the last.
    ///
    /// Never cancels or resubmits anything. It waits as long as the job does (a stopped queue
    /// can hold a job for hours): bound it with `tokio::time::timeout` if needed. A failed
    /// query ends it with that error; the job is unaffected and may be followed again.
    pub async fn follow(
        &self,
        id: JobId,
        poll: Duration,
        mut on_update: impl FnMut(&JobUpdate),
    ) -> Result<JobUpdate, PrintError> {
        let mut last: Option<(JobState, JobProgress)> = None;
        loop {
            let job = self.job(id).await?;
            let printer = if job.state.is_terminal() {
                None
            } else {
                Some(self.status().await?)
            };
            let progress = JobProgress::of(&job, printer.as_ref());
            let update = JobUpdate {
                job,
                printer,
                progress,
            };
            let seen = (update.job.state, update.progress.clone());
            if last.as_ref() != Some(&seen) {
                info!(
                    queue = self.queue(),
                    job = id.0,
                    state = ?update.job.state,
                    progress = ?update.progress,
                    "print job"
                );
                on_update(&update);
                last = Some(seen);
            }
            if update.job.state.is_terminal() {
                return Ok(update);
            }
            tokio::time::sleep(poll).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PrinterState;

    fn job(state: JobState, reasons: &[&str]) -> JobStatus {
        JobStatus {
            id: JobId(7),
            state,
            reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
        }
    }

    fn printer(state: PrinterState, accepting: bool, reasons: &[&str]) -> PrinterStatus {
        PrinterStatus::new(
            state,
            accepting,
            reasons.iter().map(|r| (*r).to_owned()).collect(),
        )
    }

    #[test]
    fn a_job_pending_in_a_stopped_queue_waits_with_that_problem() {
        let stopped = printer(PrinterState::Stopped, true, &["paused"]);
        assert_eq!(
            JobProgress::of(
                &job(JobState::Pending, &["printer-stopped"]),
                Some(&stopped)
            ),
            JobProgress::Waiting(vec![PrinterProblem::Stopped])
        );
        // The job's own reason alone is enough.
        assert_eq!(
            JobProgress::of(&job(JobState::Pending, &["printer-stopped"]), None),
            JobProgress::Waiting(vec![PrinterProblem::Stopped])
        );
    }

    #[test]
    fn progress_follows_state_and_problems() {
        let idle = printer(PrinterState::Idle, true, &["none"]);
        let busy = printer(PrinterState::Processing, true, &["none"]);
        let rejecting = printer(PrinterState::Processing, false, &["none"]);
        let empty = printer(PrinterState::Processing, true, &["media-empty-error"]);
        let pending = job(JobState::Pending, &["job-queued"]);
        let printing = job(JobState::Processing, &["job-printing"]);
        assert_eq!(JobProgress::of(&pending, Some(&idle)), JobProgress::Queued);
        assert_eq!(
            JobProgress::of(&printing, Some(&busy)),
            JobProgress::Printing
        );
        assert_eq!(
            JobProgress::of(&printing, Some(&rejecting)),
            JobProgress::Printing
        );
        assert_eq!(
            JobProgress::of(&printing, Some(&empty)),
            JobProgress::Waiting(vec![PrinterProblem::MediaEmpty])
        );
        assert_eq!(
            JobProgress::of(&job(JobState::Stopped, &[]), Some(&idle)),
            JobProgress::Waiting(vec![PrinterProblem::Other("job-stopped".into())])
        );
        assert_eq!(
            JobProgress::of(
                &job(JobState::Held, &["job-hold-until-specified"]),
                Some(&idle)
            ),
            JobProgress::Held
        );
        for (state, progress) in [
            (JobState::Completed, JobProgress::Completed),
            (JobState::Canceled, JobProgress::Canceled),
            (JobState::Aborted, JobProgress::Aborted),
        ] {
            let end = JobProgress::of(&job(state, &["job-completed-successfully"]), None);
            assert!(end.is_final());
            assert_eq!(end, progress);
        }
    }
}
