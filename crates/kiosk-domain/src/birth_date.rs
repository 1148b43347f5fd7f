//! The date-of-birth factor of a letter identification: a validated date, and the rule that
//! a letter is locked after three wrong dates until staff unlock it.

use std::{fmt, str::FromStr};

use thiserror::Error;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::IdentityProof;

/// Wrong dates of birth allowed per letter before it is locked.
pub const MAX_BIRTH_DATE_FAILURES: u32 = 3;

/// A calendar date of birth. Debug output is redacted: it is personal data.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Zeroize, ZeroizeOnDrop)]
pub struct BirthDate {
    year: u16,
    month: u8,
    day: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum BirthDateError {
    #[error("a date of birth has 8 digits: day, month, year (TTMMJJJJ)")]
    Shape,
    #[error("this day does not exist in the calendar")]
    NoSuchDay,
    #[error("the year must be between 1900 and this year")]
    Year,
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

impl BirthDate {
    pub fn new(
        year: u16,
        month: u8,
        day: u8,
        current_year: u16,
    ) -> Result<BirthDate, BirthDateError> {
        if !(1900..=current_year).contains(&year) {
            return Err(BirthDateError::Year);
        }
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(BirthDateError::NoSuchDay);
        }
        Ok(BirthDate { year, month, day })
    }

    /// The member's keypad entry: eight digits, day first (TTMMJJJJ), as Germans write it.
    pub fn from_keypad(digits: &str, current_year: u16) -> Result<BirthDate, BirthDateError> {
        let bytes = digits.as_bytes();
        if bytes.len() != 8 || !bytes.iter().all(u8::is_ascii_digit) {
            return Err(BirthDateError::Shape);
        }
        let number = |range: std::ops::Range<usize>| {
            digits[range]
                .parse::<u16>()
                .map_err(|_| BirthDateError::Shape)
        };
        let day = u8::try_from(number(0..2)?).map_err(|_| BirthDateError::Shape)?;
        let month = u8::try_from(number(2..4)?).map_err(|_| BirthDateError::Shape)?;
        BirthDate::new(number(4..8)?, month, day, current_year)
    }

    /// ISO form, as member snapshots carry it (YYYY-MM-DD).
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Parses the ISO form (YYYY-MM-DD) of member snapshots.
impl FromStr for BirthDate {
    type Err = BirthDateError;

    fn from_str(iso: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = iso.split('-').collect();
        let [year, month, day] = parts.as_slice() else {
            return Err(BirthDateError::Shape);
        };
        if year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return Err(BirthDateError::Shape);
        }
        let year: u16 = year.parse().map_err(|_| BirthDateError::Shape)?;
        let month: u8 = month.parse().map_err(|_| BirthDateError::Shape)?;
        let day: u8 = day.parse().map_err(|_| BirthDateError::Shape)?;
        BirthDate::new(year, month, day, 9999)
    }
}

impl fmt::Debug for BirthDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BirthDate(<redacted>)")
    }
}

/// What a date-of-birth attempt on a letter led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BirthDateOutcome {
    /// Right: the proof to complete the identification with (made only here).
    Match(IdentityProof),
    /// Wrong; this many tries are left before the letter locks.
    Mismatch { attempts_left: u32 },
    /// Wrong for the last allowed time: the letter is now locked until staff unlock it.
    LockedNow,
}

/// Compares an entry with the date on record, given the letter's earlier failures. Crate
/// private: the session machine compares with the date of its verified letter
/// (`SessionMachine::check_birth_date`), so a proof cannot be made from two dates of one's
/// choosing.
pub(crate) fn check_birth_date(
    expected: &BirthDate,
    entered: &BirthDate,
    failures_before: u32,
) -> BirthDateOutcome {
    if expected == entered {
        return BirthDateOutcome::Match(IdentityProof::LETTER_AND_BIRTH_DATE);
    }
    let failures = failures_before.saturating_add(1);
    if failures >= MAX_BIRTH_DATE_FAILURES {
        BirthDateOutcome::LockedNow
    } else {
        BirthDateOutcome::Mismatch {
            attempts_left: MAX_BIRTH_DATE_FAILURES - failures,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keypad_entries_are_day_month_year() {
        let date = BirthDate::from_keypad("29021984", 2026).expect("a leap day");
        assert_eq!(date.iso(), "1984-02-29");
        assert_eq!("1984-02-29".parse::<BirthDate>(), Ok(date));
        assert_eq!(
            BirthDate::from_keypad("29021985", 2026),
            Err(BirthDateError::NoSuchDay)
        );
        assert_eq!(
            BirthDate::from_keypad("31041990", 2026),
            Err(BirthDateError::NoSuchDay)
        );
        assert_eq!(
            BirthDate::from_keypad("01131990", 2026),
            Err(BirthDateError::NoSuchDay)
        );
        assert_eq!(
            BirthDate::from_keypad("01011899", 2026),
            Err(BirthDateError::Year)
        );
        assert_eq!(
            BirthDate::from_keypad("01012027", 2026),
            Err(BirthDateError::Year)
        );
        assert_eq!(
            BirthDate::from_keypad("1.1.1990", 2026),
            Err(BirthDateError::Shape)
        );
        assert_eq!(
            BirthDate::from_keypad("0101199", 2026),
            Err(BirthDateError::Shape)
        );
        assert_eq!(BirthDate::from_keypad("", 2026), Err(BirthDateError::Shape));
        assert!("2000-1-01".parse::<BirthDate>().is_err());
        assert!("29.02.1984".parse::<BirthDate>().is_err());
        assert_eq!(
            BirthDate::from_keypad("29022000", 2026).map(|d| d.iso()),
            Ok("2000-02-29".into())
        );
        assert_eq!(
            BirthDate::from_keypad("29021900", 2026),
            Err(BirthDateError::NoSuchDay)
        );
    }

    #[test]
    fn three_wrong_dates_lock_the_letter() {
        let expected: BirthDate = "1970-05-17".parse().expect("valid");
        let wrong: BirthDate = "1970-05-18".parse().expect("valid");
        assert_eq!(
            check_birth_date(&expected, &expected, 2),
            BirthDateOutcome::Match(IdentityProof::LETTER_AND_BIRTH_DATE)
        );
        assert_eq!(
            check_birth_date(&expected, &wrong, 0),
            BirthDateOutcome::Mismatch { attempts_left: 2 }
        );
        assert_eq!(
            check_birth_date(&expected, &wrong, 1),
            BirthDateOutcome::Mismatch { attempts_left: 1 }
        );
        assert_eq!(
            check_birth_date(&expected, &wrong, 2),
            BirthDateOutcome::LockedNow
        );
        assert_eq!(
            check_birth_date(&expected, &wrong, 7),
            BirthDateOutcome::LockedNow
        );
    }

    #[test]
    fn debug_reveals_nothing() {
        let date: BirthDate = "1970-05-17".parse().expect("valid");
        assert!(!format!("{date:?}").contains("1970"));
    }
}
