//! The printer's state and what in it needs someone to act.

use std::fmt;

/// `printer-state` (RFC 8011 5.4.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrinterState {
    Idle,
    Processing,
    /// Stopped or paused (CUPS: `cupsdisable`, or a backend error with the stop policy).
    Stopped,
}

impl PrinterState {
    pub(crate) fn from_ipp(value: i32) -> Option<PrinterState> {
        match value {
            3 => Some(PrinterState::Idle),
            4 => Some(PrinterState::Processing),
            5 => Some(PrinterState::Stopped),
            _ => None,
        }
    }
}

/// Something that keeps the printer from printing, for the member's screen and for staff.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PrinterProblem {
    /// The queue is stopped or paused: staff restart it (`cupsenable QUEUE`).
    Stopped,
    /// The queue takes no new jobs (`cupsaccept QUEUE`); queued jobs still print.
    NotAccepting,
    MediaEmpty,
    MediaJam,
    DoorOpen,
    TonerEmpty,
    Offline,
    /// Any other error reason, as its IPP keyword (without `-error`).
    Other(String),
}

impl fmt::Display for PrinterProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PrinterProblem::Stopped => "the printer queue is stopped",
            PrinterProblem::NotAccepting => "the printer queue accepts no jobs",
            PrinterProblem::MediaEmpty => "out of paper",
            PrinterProblem::MediaJam => "paper jam",
            PrinterProblem::DoorOpen => "a door or cover is open",
            PrinterProblem::TonerEmpty => "out of toner",
            PrinterProblem::Offline => "the printer is offline",
            PrinterProblem::Other(reason) => reason,
        })
    }
}

/// Reasons that only say what the printer is doing.
const INFORMATIONAL: &[&str] = &[
    "none",
    "connecting-to-device",
    "cups-waiting-for-job-completed",
    "cups-remote-pending",
    "cups-remote-pending-held",
    "cups-remote-processing",
    "cups-remote-stopped",
    "cups-remote-canceled",
    "cups-remote-aborted",
    "cups-remote-completed",
];

/// The problem a `printer-state-reasons` keyword names, if any: `-report` and `-warning`
/// reasons are none, nor is `none`; `-error` and unsuffixed ones are (RFC 8011 5.4.12).
pub(crate) fn problem_of(reason: &str) -> Option<PrinterProblem> {
    if reason.ends_with("-report") || reason.ends_with("-warning") {
        return None;
    }
    let keyword = reason.strip_suffix("-error").unwrap_or(reason);
    if INFORMATIONAL.contains(&keyword) {
        return None;
    }
    Some(match keyword {
        "paused" | "moving-to-paused" | "stopped" | "stopping" => PrinterProblem::Stopped,
        "media-empty" | "media-needed" | "input-tray-missing" => PrinterProblem::MediaEmpty,
        "media-jam" => PrinterProblem::MediaJam,
        "door-open" | "cover-open" | "interlock-open" => PrinterProblem::DoorOpen,
        "toner-empty" | "marker-supply-empty" => PrinterProblem::TonerEmpty,
        "offline" | "shutdown" | "timed-out" => PrinterProblem::Offline,
        other => PrinterProblem::Other(other.to_owned()),
    })
}

/// The printer as Get-Printer-Attributes reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrinterStatus {
    pub state: PrinterState,
    pub accepting_jobs: bool,
    /// `printer-state-reasons` as received (IPP keywords, no personal data).
    pub reasons: Vec<String>,
    /// What needs someone to act, without duplicates; empty when the printer can print.
    pub problems: Vec<PrinterProblem>,
}

impl PrinterStatus {
    pub(crate) fn new(state: PrinterState, accepting_jobs: bool, reasons: Vec<String>) -> Self {
        let mut problems = Vec::new();
        let mut add = |p: PrinterProblem| {
            if !problems.contains(&p) {
                problems.push(p);
            }
        };
        if state == PrinterState::Stopped {
            add(PrinterProblem::Stopped);
        }
        if !accepting_jobs {
            add(PrinterProblem::NotAccepting);
        }
        reasons.iter().filter_map(|r| problem_of(r)).for_each(add);
        PrinterStatus {
            state,
            accepting_jobs,
            reasons,
            problems,
        }
    }

    /// True when a job submitted now would print without anyone's help.
    pub fn is_ready(&self) -> bool {
        self.problems.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(state: PrinterState, accepting: bool, reasons: &[&str]) -> PrinterStatus {
        PrinterStatus::new(
            state,
            accepting,
            reasons.iter().map(|r| (*r).to_owned()).collect(),
        )
    }

    #[test]
    fn reasons_map_to_problems() {
        assert_eq!(problem_of("none"), None);
        assert_eq!(problem_of("media-empty-report"), None);
        assert_eq!(problem_of("toner-low-warning"), None);
        assert_eq!(problem_of("cups-missing-filter-warning"), None);
        assert_eq!(problem_of("connecting-to-device"), None);
        assert_eq!(
            problem_of("media-empty-error"),
            Some(PrinterProblem::MediaEmpty)
        );
        assert_eq!(problem_of("media-empty"), Some(PrinterProblem::MediaEmpty));
        assert_eq!(problem_of("media-jam"), Some(PrinterProblem::MediaJam));
        assert_eq!(
            problem_of("cover-open-error"),
            Some(PrinterProblem::DoorOpen)
        );
        assert_eq!(problem_of("door-open"), Some(PrinterProblem::DoorOpen));
        assert_eq!(
            problem_of("toner-empty-error"),
            Some(PrinterProblem::TonerEmpty)
        );
        assert_eq!(
            problem_of("marker-supply-empty-error"),
            Some(PrinterProblem::TonerEmpty)
        );
        assert_eq!(problem_of("offline"), Some(PrinterProblem::Offline));
        assert_eq!(problem_of("paused"), Some(PrinterProblem::Stopped));
        assert_eq!(
            problem_of("spool-area-full-error"),
            Some(PrinterProblem::Other("spool-area-full".into()))
        );
    }

    #[test]
    fn state_and_acceptance_are_problems_too_without_duplicates() {
        let idle = status(PrinterState::Idle, true, &["none"]);
        assert!(idle.is_ready() && idle.problems.is_empty());
        let paused = status(PrinterState::Stopped, true, &["paused"]);
        assert_eq!(paused.problems, [PrinterProblem::Stopped]);
        let rejecting = status(PrinterState::Idle, false, &["none"]);
        assert_eq!(rejecting.problems, [PrinterProblem::NotAccepting]);
        let jammed = status(
            PrinterState::Processing,
            true,
            &["media-jam-error", "toner-low-warning", "media-jam"],
        );
        assert_eq!(jammed.problems, [PrinterProblem::MediaJam]);
        assert!(!jammed.is_ready());
    }
}
