//! The clock gate: letters, offline data and certificate dates all rest on the wall clock,
//! so each of them first asks whether it can be trusted (kiosk-domain's `ClockEvidence`).

use kiosk_domain::ClockProblem;
use time::OffsetDateTime;

use crate::{CoreError, Kiosk};

impl Kiosk {
    /// Whether the clock reading `now` can be trusted. A trusted reading is kept as the
    /// latest time seen, so that setting the clock back later is noticed, also offline and
    /// across restarts.
    pub fn check_clock(&self, now: OffsetDateTime) -> Result<Result<(), ClockProblem>, CoreError> {
        let verdict = self.store.clock()?.judge(now);
        match verdict {
            Ok(()) => self.store.note_time_seen(now)?,
            Err(problem) => tracing::warn!(?problem, "the kiosk's clock is not trusted"),
        }
        Ok(verdict)
    }
}
