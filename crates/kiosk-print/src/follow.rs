//! Following a job to its end: each change of its state, read together with the printer's
//! problems, is reported once. A print server that goes away (crashed, restarting, stopped)
//! is waited for: the job may still be there when it is back.

use std::time::{Duration, Instant};

use tracing::{info, warn};

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
    /// The print server does not answer (crashed, restarting, stopped, unreachable): the job's
    /// state is unknown. It may be printing, or be gone when the server is back.
    ServerAway,
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

/// How [`Printer::follow`] asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Following {
    /// How often the job is asked about.
    pub poll: Duration,
    /// How long the print server may go without answering before following gives up with its
    /// error; meanwhile each update says [`JobProgress::ServerAway`].
    pub patience: Duration,
}

/// One observation of a followed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobUpdate {
    /// The job as last read (`None`: the server was away before it was first read).
    pub job: Option<JobStatus>,
    /// The printer when the job had not ended yet.
    pub printer: Option<PrinterStatus>,
    pub progress: JobProgress,
}

impl Printer {
    /// Polls the job until it is completed, canceled or aborted; calls `on_update` with the
    /// first observation and with each one whose job state or progress differs from the one
    /// before, and returns the last.
    ///
    /// Never cancels or resubmits anything. It waits as long as the job does (a stopped queue
    /// can hold a job for hours): bound it with `tokio::time::timeout` if needed. A print
    /// server that does not answer is asked again for up to `patience`; any other failed
    /// query ends it with that error, as does a job the server no longer knows
    /// ([`PrintError::JobNotFound`]: a restarted server may have lost it).
    pub async fn follow(
        &self,
        id: JobId,
        following: Following,
        mut on_update: impl FnMut(&JobUpdate),
    ) -> Result<JobUpdate, PrintError> {
        let mut last: Option<(Option<JobState>, JobProgress)> = None;
        let mut last_job: Option<JobStatus> = None;
        let mut away_since: Option<Instant> = None;
        loop {
            let update = match self.observe(id).await {
                Ok(update) => {
                    if away_since.take().is_some() {
                        info!(
                            queue = self.queue(),
                            job = id.0,
                            "the print server answers again"
                        );
                    }
                    last_job.clone_from(&update.job);
                    update
                }
                Err(error) if error.is_server_away() => {
                    let since = *away_since.get_or_insert_with(|| {
                        warn!(queue = self.queue(), job = id.0, %error, "the print server does not answer; waiting for it");
                        Instant::now()
                    });
                    if since.elapsed() >= following.patience {
                        return Err(error);
                    }
                    JobUpdate {
                        job: last_job.clone(),
                        printer: None,
                        progress: JobProgress::ServerAway,
                    }
                }
                Err(error) => return Err(error),
            };
            let seen = (
                update.job.as_ref().map(|j| j.state),
                update.progress.clone(),
            );
            if last.as_ref() != Some(&seen) {
                info!(
                    queue = self.queue(),
                    job = id.0,
                    state = ?seen.0,
                    progress = ?update.progress,
                    "print job"
                );
                on_update(&update);
                last = Some(seen);
            }
            if update.progress.is_final() {
                return Ok(update);
            }
            tokio::time::sleep(following.poll).await;
        }
    }

    /// The job, and the printer while the job has not ended.
    async fn observe(&self, id: JobId) -> Result<JobUpdate, PrintError> {
        let job = self.job(id).await?;
        let printer = if job.state.is_terminal() {
            None
        } else {
            Some(self.status().await?)
        };
        let progress = JobProgress::of(&job, printer.as_ref());
        Ok(JobUpdate {
            job: Some(job),
            printer,
            progress,
        })
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
