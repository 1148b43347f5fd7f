//! Whether the kiosk's wall clock can be trusted. The clock decides letter validity, how old
//! offline data is and the dates printed on certificates; a clock set back by days would
//! accept expired letters and call stale data current. The evidence is the central system's
//! time at the last pull and the latest time the kiosk has seen since (kept in the store, so
//! a restart does not forget it).

use serde::Serialize;
use time::{Duration, OffsetDateTime};

/// How far the clock may be from the central system's, or behind the latest time seen,
/// before the kiosk stops trusting it. Kiosks keep their time by NTP: ten minutes is far
/// beyond normal drift and far below a day, the unit letters and certificates count in.
pub const CLOCK_TOLERANCE: Duration = Duration::minutes(10);

/// What the kiosk knows about time, as stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClockEvidence {
    /// The central system's time at the last pull, and the kiosk's own at that moment.
    pub last_pull: Option<ServerTime>,
    /// The latest time the kiosk has seen since that pull (its own clock, or the server's).
    pub latest_seen: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerTime {
    pub server: OffsetDateTime,
    pub local: OffsetDateTime,
}

/// Why the clock is not trusted; the footer and `kioskctl status` say it in their words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "camelCase")]
pub enum ClockProblem {
    /// The kiosk has never had the central system's time.
    #[error("the kiosk has not had the central system's time yet")]
    NotSynchronized,
    /// The clock shows an earlier time than the kiosk has already seen.
    #[error("the kiosk's clock has gone back")]
    WentBack,
    /// At the last pull the clock was too far from the central system's.
    #[error("the kiosk's clock is off from the central system's")]
    Drifted,
}

impl ClockEvidence {
    /// Whether the clock reading `now` can be trusted.
    pub fn judge(&self, now: OffsetDateTime) -> Result<(), ClockProblem> {
        let Some(pull) = self.last_pull else {
            return Err(ClockProblem::NotSynchronized);
        };
        if (pull.local - pull.server).abs() > CLOCK_TOLERANCE {
            return Err(ClockProblem::Drifted);
        }
        let latest = self.latest_seen.unwrap_or(pull.local).max(pull.local);
        if now + CLOCK_TOLERANCE < latest {
            return Err(ClockProblem::WentBack);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    const PULLED: OffsetDateTime = datetime!(2026-12-02 12:00 UTC);

    fn pulled(local: OffsetDateTime) -> ClockEvidence {
        ClockEvidence {
            last_pull: Some(ServerTime {
                server: PULLED,
                local,
            }),
            latest_seen: Some(local),
        }
    }

    #[test]
    fn a_clock_that_agreed_with_the_server_and_runs_on_is_trusted() {
        let evidence = pulled(PULLED + Duration::seconds(3));
        assert_eq!(evidence.judge(PULLED + Duration::days(2)), Ok(()));
        // Small steps back (NTP corrections) are within the tolerance.
        assert_eq!(evidence.judge(PULLED - Duration::minutes(5)), Ok(()));
    }

    #[test]
    fn without_the_servers_time_the_clock_is_not_trusted() {
        let evidence = ClockEvidence::default();
        assert_eq!(evidence.judge(PULLED), Err(ClockProblem::NotSynchronized));
    }

    #[test]
    fn a_clock_set_back_is_caught_against_the_latest_time_seen() {
        let mut evidence = pulled(PULLED);
        evidence.latest_seen = Some(PULLED + Duration::days(3));
        assert_eq!(
            evidence.judge(PULLED + Duration::days(1)),
            Err(ClockProblem::WentBack)
        );
        // Behind the pull itself, with no later time seen, counts too.
        let evidence = ClockEvidence {
            latest_seen: None,
            ..pulled(PULLED)
        };
        assert_eq!(
            evidence.judge(PULLED - Duration::hours(1)),
            Err(ClockProblem::WentBack)
        );
    }

    #[test]
    fn a_clock_off_from_the_servers_either_way_is_not_trusted() {
        for off in [Duration::minutes(11), -Duration::days(5)] {
            let evidence = pulled(PULLED + off);
            assert_eq!(
                evidence.judge(PULLED + off),
                Err(ClockProblem::Drifted),
                "{off}"
            );
        }
        let evidence = pulled(PULLED + Duration::minutes(9));
        assert_eq!(evidence.judge(PULLED + Duration::minutes(9)), Ok(()));
    }
}
