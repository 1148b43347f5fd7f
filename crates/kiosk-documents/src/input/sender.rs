//! The university's sender number (Absendernummer) for the electronic M10 report: the
//! member types it from the university's letter, so the kiosk forgives spaces and case.

use std::{fmt, str::FromStr};

use thiserror::Error;

/// "H" and 7 digits, e.g. `H0000719`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SenderNumber(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum SenderNumberError {
    #[error("no sender number given: expected H and 7 digits, e.g. H0000719")]
    Empty,
    #[error("not a sender number: expected H and 7 digits, e.g. H0000719")]
    Format,
}

impl SenderNumberError {
    /// A stable code for the UI to pick its message by.
    pub fn code(self) -> &'static str {
        match self {
            SenderNumberError::Empty => "empty",
            SenderNumberError::Format => "format",
        }
    }
}

impl SenderNumber {
    /// Trims and uppercases, then checks the shape.
    pub fn parse(input: &str) -> Result<SenderNumber, SenderNumberError> {
        let text = input.trim().to_ascii_uppercase();
        if text.is_empty() {
            return Err(SenderNumberError::Empty);
        }
        let bytes = text.as_bytes();
        if bytes.len() != 8 || bytes[0] != b'H' || !bytes[1..].iter().all(u8::is_ascii_digit) {
            return Err(SenderNumberError::Format);
        }
        Ok(SenderNumber(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for SenderNumber {
    type Err = SenderNumberError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        SenderNumber::parse(input)
    }
}

impl fmt::Display for SenderNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A university's number is no personal data; shown as is.
impl fmt::Debug for SenderNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SenderNumber({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_numbers_are_normalised() {
        for input in ["H0000719", " h0000719 ", "\th0000719\n"] {
            assert_eq!(
                SenderNumber::parse(input).map(|s| s.to_string()),
                Ok("H0000719".to_owned()),
                "{input:?}"
            );
        }
    }

    #[test]
    fn bad_numbers_are_refused_with_the_expected_format() {
        for input in [
            "H000071",
            "X0000719",
            "H00007190",
            "H000071A",
            "HH000071",
            "H 0000719",
        ] {
            assert_eq!(
                SenderNumber::parse(input),
                Err(SenderNumberError::Format),
                "{input:?}"
            );
        }
        assert_eq!(SenderNumber::parse(""), Err(SenderNumberError::Empty));
        assert_eq!(SenderNumber::parse("   "), Err(SenderNumberError::Empty));
        let message = SenderNumberError::Format.to_string();
        assert!(
            message.contains("H0000719") && message.contains("7 digits"),
            "{message}"
        );
    }
}
