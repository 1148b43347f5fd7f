//! German local time (Europe/Berlin): the calendar date letters, certificates and travel dates
//! are in, and dates and times as printed. Callers pass instants; the EU summer-time rule (since 1996: from the last Sunday in March
//! to the last Sunday in October, switching at 01:00 UTC) gives the offset without a time zone
//! database.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, Weekday};

fn last_sunday(year: i32, month: Month) -> Option<Date> {
    let mut day = Date::from_calendar_date(year, month, month.length(year)).ok()?;
    while day.weekday() != Weekday::Sunday {
        day = day.previous_day()?;
    }
    Some(day)
}

/// The Berlin offset at this instant: +02:00 in summer time, else +01:00.
pub fn offset_at(instant: OffsetDateTime) -> UtcOffset {
    let utc = instant.to_offset(UtcOffset::UTC);
    let switch = |month| {
        last_sunday(utc.year(), month)
            .map(|day| {
                PrimitiveDateTime::new(day, Time::from_hms(1, 0, 0).unwrap_or(Time::MIDNIGHT))
            })
            .map(PrimitiveDateTime::assume_utc)
    };
    let summer = match (switch(Month::March), switch(Month::October)) {
        (Some(start), Some(end)) => utc >= start && utc < end,
        _ => false,
    };
    let hours = if summer { 2 } else { 1 };
    UtcOffset::from_hms(hours, 0, 0).unwrap_or(UtcOffset::UTC)
}

/// The instant in Berlin local time.
pub fn local(instant: OffsetDateTime) -> OffsetDateTime {
    instant.to_offset(offset_at(instant))
}

/// The calendar date in Germany at this instant ("today" for letters and travel dates).
pub fn date(instant: OffsetDateTime) -> Date {
    local(instant).date()
}

/// DD.MM.YYYY, as German documents write dates.
pub fn german_date(date: Date) -> String {
    format!(
        "{:02}.{:02}.{:04}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

/// "02.11.2026, 14:05 (UTC+01:00)": Berlin local time with its offset, so the printed time is
/// unambiguous in the hour the clocks go back.
pub fn german_date_time(instant: OffsetDateTime) -> String {
    let local = local(instant);
    let offset = local.offset();
    format!(
        "{}, {:02}:{:02} (UTC+{:02}:{:02})",
        german_date(local.date()),
        local.hour(),
        local.minute(),
        offset.whole_hours(),
        offset.minutes_past_hour()
    )
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;

    #[test]
    fn summer_time_switches_at_one_utc() {
        // 2026: summer time from 29 March to 25 October.
        for (instant, hours) in [
            (datetime!(2026-03-29 00:59:59 UTC), 1),
            (datetime!(2026-03-29 01:00:00 UTC), 2),
            (datetime!(2026-07-01 12:00:00 UTC), 2),
            (datetime!(2026-10-25 00:59:59 UTC), 2),
            (datetime!(2026-10-25 01:00:00 UTC), 1),
            (datetime!(2026-12-31 23:30:00 UTC), 1),
        ] {
            assert_eq!(offset_at(instant).whole_hours(), hours, "{instant}");
        }
    }

    #[test]
    fn the_german_date_turns_at_local_midnight() {
        for (instant, expected) in [
            // Winter: 23:30 UTC is already the next day in Germany.
            (datetime!(2026-01-15 23:30 UTC), date!(2026 - 01 - 16)),
            (datetime!(2026-01-15 22:59 UTC), date!(2026 - 01 - 15)),
            // Summer: two hours ahead.
            (datetime!(2026-07-01 22:00 UTC), date!(2026 - 07 - 02)),
            (datetime!(2026-07-01 21:59 UTC), date!(2026 - 07 - 01)),
            (datetime!(2026-10-24 22:30 UTC), date!(2026 - 10 - 25)),
            (datetime!(2026-10-25 22:30 UTC), date!(2026 - 10 - 25)),
            (datetime!(2026-10-25 23:30 UTC), date!(2026 - 10 - 26)),
        ] {
            assert_eq!(date(instant), expected, "{instant}");
        }
    }

    #[test]
    fn times_are_printed_in_berlin() {
        assert_eq!(
            german_date_time(datetime!(2026-11-02 13:05:30 UTC)),
            "02.11.2026, 14:05 (UTC+01:00)"
        );
        assert_eq!(
            german_date_time(datetime!(2026-06-30 23:10:00 +00:00)),
            "01.07.2026, 01:10 (UTC+02:00)"
        );
        // An instant given in another offset is the same instant.
        assert_eq!(
            german_date_time(datetime!(2026-11-02 08:05:30 -05:00)),
            "02.11.2026, 14:05 (UTC+01:00)"
        );
        assert_eq!(german_date(date!(2026 - 03 - 07)), "07.03.2026");
    }
}
