//! Dates as two bytes: days since 1970-01-01, which covers 1970 to 2149.

use time::Date;

const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

/// The date `days` after 1970-01-01.
pub fn date_from_days(days: u16) -> Option<Date> {
    Date::from_julian_day(UNIX_EPOCH_JULIAN_DAY + i32::from(days)).ok()
}

/// Days since 1970-01-01, if the date is in 1970..=2149 (what two bytes hold).
pub fn days_from_date(date: Date) -> Option<u16> {
    u16::try_from(date.to_julian_day() - UNIX_EPOCH_JULIAN_DAY).ok()
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn two_bytes_hold_1970_to_2149() {
        assert_eq!(days_from_date(date!(1970 - 01 - 01)), Some(0));
        assert_eq!(days_from_date(date!(2026 - 11 - 02)), Some(20_759));
        assert_eq!(date_from_days(20_759), Some(date!(2026 - 11 - 02)));
        assert_eq!(date_from_days(u16::MAX), Some(date!(2149 - 06 - 06)));
        assert_eq!(days_from_date(date!(1969 - 12 - 31)), None);
        assert_eq!(days_from_date(date!(2149 - 06 - 07)), None);
    }
}
