//! The travel period the member picks for a treaty form: it is printed as the form's validity
//! and signed into its token, so the kiosk refuses periods no counter would issue.

use thiserror::Error;
use time::{Date, Duration};

/// The longest period one form covers, first and last day included.
pub const MAX_TRAVEL_DAYS: i64 = 365;
/// How far ahead a journey may start.
pub const MAX_DAYS_AHEAD: i64 = 365;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TravelDates {
    from: Date,
    until: Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TravelDatesError {
    #[error("the journey starts on {from}, before today ({today})")]
    StartsInThePast { from: Date, today: Date },
    #[error("the journey ends on {until}, before it starts ({from})")]
    EndsBeforeStart { from: Date, until: Date },
    #[error("the journey lasts {days} days; a form covers at most {MAX_TRAVEL_DAYS}")]
    TooLong { days: i64 },
    #[error("the journey starts on {from}, more than {MAX_DAYS_AHEAD} days after today ({today})")]
    StartsTooFarAhead { from: Date, today: Date },
}

impl TravelDatesError {
    pub fn code(&self) -> &'static str {
        match self {
            TravelDatesError::StartsInThePast { .. } => "startsInThePast",
            TravelDatesError::EndsBeforeStart { .. } => "endsBeforeStart",
            TravelDatesError::TooLong { .. } => "tooLong",
            TravelDatesError::StartsTooFarAhead { .. } => "startsTooFarAhead",
        }
    }
}

impl TravelDates {
    /// `today` is the kiosk's local (Berlin) date.
    pub fn new(from: Date, until: Date, today: Date) -> Result<TravelDates, TravelDatesError> {
        if from < today {
            return Err(TravelDatesError::StartsInThePast { from, today });
        }
        if from - today > Duration::days(MAX_DAYS_AHEAD) {
            return Err(TravelDatesError::StartsTooFarAhead { from, today });
        }
        if until < from {
            return Err(TravelDatesError::EndsBeforeStart { from, until });
        }
        let days = (until - from).whole_days() + 1;
        if days > MAX_TRAVEL_DAYS {
            return Err(TravelDatesError::TooLong { days });
        }
        Ok(TravelDates { from, until })
    }

    pub fn from(&self) -> Date {
        self.from
    }

    pub fn until(&self) -> Date {
        self.until
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    const TODAY: Date = date!(2026 - 11 - 02);

    #[test]
    fn periods_within_the_limits_are_accepted() {
        for (from, until) in [
            (TODAY, TODAY),
            (date!(2026 - 12 - 20), date!(2027 - 01 - 10)),
            // 365 days, first and last included.
            (TODAY, date!(2027 - 11 - 01)),
            // Starts exactly 365 days ahead.
            (date!(2027 - 11 - 02), date!(2027 - 11 - 20)),
        ] {
            let dates = TravelDates::new(from, until, TODAY).expect("valid period");
            assert_eq!((dates.from(), dates.until()), (from, until));
        }
    }

    #[test]
    fn each_bad_period_has_its_own_error() {
        assert_eq!(
            TravelDates::new(date!(2026 - 11 - 01), date!(2026 - 11 - 20), TODAY),
            Err(TravelDatesError::StartsInThePast {
                from: date!(2026 - 11 - 01),
                today: TODAY
            })
        );
        assert_eq!(
            TravelDates::new(date!(2026 - 11 - 20), date!(2026 - 11 - 19), TODAY),
            Err(TravelDatesError::EndsBeforeStart {
                from: date!(2026 - 11 - 20),
                until: date!(2026 - 11 - 19)
            })
        );
        assert_eq!(
            TravelDates::new(TODAY, date!(2027 - 11 - 02), TODAY),
            Err(TravelDatesError::TooLong { days: 366 })
        );
        assert_eq!(
            TravelDates::new(date!(2027 - 11 - 03), date!(2027 - 11 - 10), TODAY),
            Err(TravelDatesError::StartsTooFarAhead {
                from: date!(2027 - 11 - 03),
                today: TODAY
            })
        );
        let codes: Vec<_> = [
            TravelDatesError::StartsInThePast {
                from: TODAY,
                today: TODAY,
            },
            TravelDatesError::EndsBeforeStart {
                from: TODAY,
                until: TODAY,
            },
            TravelDatesError::TooLong { days: 400 },
            TravelDatesError::StartsTooFarAhead {
                from: TODAY,
                today: TODAY,
            },
        ]
        .iter()
        .map(TravelDatesError::code)
        .collect();
        assert_eq!(codes.len(), 4);
        assert!(
            codes
                .iter()
                .all(|c| codes.iter().filter(|d| d == &c).count() == 1)
        );
    }
}
