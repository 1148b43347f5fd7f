//! A job on the print server, by its CUPS job id.

use std::fmt;

/// The print server's id of a job (`job-id`), e.g. 42 for `Kiosk-42`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JobId(pub i32);

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// `job-state` (RFC 8011 5.3.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobState {
    Pending,
    /// Held until someone releases it (`job-hold-until`, or CUPS holding it for an error).
    Held,
    Processing,
    /// Its processing stopped, e.g. because the printer stopped.
    Stopped,
    Canceled,
    Aborted,
    Completed,
}

impl JobState {
    pub(crate) fn from_ipp(value: i32) -> Option<JobState> {
        Some(match value {
            3 => JobState::Pending,
            4 => JobState::Held,
            5 => JobState::Processing,
            6 => JobState::Stopped,
            7 => JobState::Canceled,
            8 => JobState::Aborted,
            9 => JobState::Completed,
            _ => return None,
        })
    }

    /// Completed, canceled or aborted: nothing more will happen to the job.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            JobState::Completed | JobState::Canceled | JobState::Aborted
        )
    }
}

/// A job as Get-Job-Attributes reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobStatus {
    pub id: JobId,
    pub state: JobState,
    /// `job-state-reasons` as received (IPP keywords).
    pub reasons: Vec<String>,
}
