use kiosk_domain::ClockProblem;
use kiosk_sync::SyncStatus;
use serde::Serialize;
use ts_rs::TS;

/// The kiosk's connection to the central system, for the staff's indicator in the footer.
/// Counts and times only, never member data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatusView {
    /// The last sync cycle reached the central system and completed.
    pub online: bool,
    /// When a cycle last completed (RFC 3339, UTC).
    pub last_success: Option<String>,
    /// Events waiting for delivery.
    #[ts(type = "number")]
    pub outbox_depth: u64,
    /// When the oldest waiting event was written (RFC 3339, UTC).
    pub oldest_pending: Option<String>,
    /// The central system revoked this kiosk's credential: IT must enroll it again.
    pub revoked: bool,
    /// False when no sync runs: the kiosk is not enrolled (or its sync could not start, see
    /// the log). Events stay queued until IT enrolls it and restarts the app.
    pub enrolled: bool,
    /// The kiosk's certificate expires within two weeks: renewing it keeps failing, IT must
    /// look before the kiosk is locked out.
    pub credential_expiring: bool,
    /// The kiosk's clock is not trusted: it refuses letters and certificates until IT sets
    /// it right and the kiosk has pulled the central system's time.
    pub clock_problem: Option<ClockProblemView>,
}

/// Why the clock is not trusted, for the staff's indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ClockProblemView {
    NotSynchronized,
    WentBack,
    Drifted,
}

impl From<ClockProblem> for ClockProblemView {
    fn from(problem: ClockProblem) -> Self {
        match problem {
            ClockProblem::NotSynchronized => ClockProblemView::NotSynchronized,
            ClockProblem::WentBack => ClockProblemView::WentBack,
            ClockProblem::Drifted => ClockProblemView::Drifted,
        }
    }
}

impl SyncStatusView {
    /// As the running sync worker reports it.
    pub fn enrolled(status: SyncStatus) -> Self {
        SyncStatusView {
            online: status.online,
            last_success: status.last_success,
            outbox_depth: status.outbox_depth,
            oldest_pending: status.oldest_pending,
            revoked: status.revoked,
            enrolled: true,
            credential_expiring: status.credential_expiring,
            clock_problem: status.clock_problem.map(ClockProblemView::from),
        }
    }

    /// No sync runs: the queue as the store has it, never online.
    pub fn not_enrolled(status: SyncStatus) -> Self {
        SyncStatusView {
            online: false,
            revoked: false,
            enrolled: false,
            credential_expiring: false,
            ..SyncStatusView::enrolled(status)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status() -> SyncStatus {
        SyncStatus {
            online: true,
            last_success: Some("2026-11-29T08:15:00Z".into()),
            outbox_depth: 3,
            oldest_pending: Some("2026-11-29T08:00:00Z".into()),
            revoked: false,
            credential_expiring: true,
            clock_problem: Some(ClockProblem::WentBack),
        }
    }

    #[test]
    fn the_view_carries_the_worker_status() {
        let view = SyncStatusView::enrolled(status());
        assert!(view.online && view.enrolled && !view.revoked);
        assert_eq!(view.outbox_depth, 3);
        let json = serde_json::to_value(&view).expect("json");
        assert_eq!(
            json,
            serde_json::json!({
                "online": true,
                "lastSuccess": "2026-11-29T08:15:00Z",
                "outboxDepth": 3,
                "oldestPending": "2026-11-29T08:00:00Z",
                "revoked": false,
                "enrolled": true,
                "credentialExpiring": true,
                "clockProblem": "wentBack",
            })
        );
    }

    #[test]
    fn without_a_worker_it_is_never_online() {
        let view = SyncStatusView::not_enrolled(status());
        assert!(!view.online && !view.enrolled && !view.revoked && !view.credential_expiring);
        assert_eq!(view.outbox_depth, 3, "the queue is still shown");
        assert_eq!(
            view.clock_problem,
            Some(ClockProblemView::WentBack),
            "an unenrolled kiosk's clock is judged too"
        );
    }
}
