//! The lifelong health insurance number (Krankenversichertennummer, unveränderlicher Teil):
//! one capital letter, eight digits, one check digit.

use std::{fmt, str::FromStr};

use thiserror::Error;

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Kvnr(String);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KvnrError {
    #[error("a KVNR has 10 characters: one letter and nine digits (found {0})")]
    Length(usize),
    #[error("a KVNR starts with a capital letter A-Z")]
    FirstCharacter,
    #[error("a KVNR has nine digits after its letter")]
    Digits,
    #[error("the KVNR's check digit does not match: please check the number for typos")]
    CheckDigit,
}

impl Kvnr {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The KVNR with this letter and these eight digits, with its check digit computed (for
    /// issuing numbers, e.g. demo data). None if the letter is not A-Z or the number too big.
    pub fn with_check_digit(letter: u8, eight_digits: u32) -> Option<Kvnr> {
        if !letter.is_ascii_uppercase() || eight_digits > 99_999_999 {
            return None;
        }
        let body = format!("{eight_digits:08}");
        let digits: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
        let check = Kvnr::check_digit(letter, &digits);
        Some(Kvnr(format!("{}{body}{check}", char::from(letter))))
    }

    /// The check digit over the letter (as its two-digit alphabet position) and the eight
    /// following digits, with weights 1,2,1,2,… and cross sums of the products, modulo 10.
    fn check_digit(letter: u8, digits: &[u8]) -> u8 {
        let position = letter - b'A' + 1;
        let mut sum = 0u32;
        let all = [position / 10, position % 10]
            .into_iter()
            .chain(digits.iter().copied());
        for (i, digit) in all.enumerate() {
            let product = u32::from(digit) * if i % 2 == 0 { 1 } else { 2 };
            sum += product / 10 + product % 10;
        }
        // The sum is at most 10 * 9, so the remainder always fits.
        u8::try_from(sum % 10).unwrap_or(0)
    }
}

impl FromStr for Kvnr {
    type Err = KvnrError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let bytes = input.as_bytes();
        if bytes.len() != 10 {
            return Err(KvnrError::Length(input.chars().count()));
        }
        let letter = bytes[0];
        if !letter.is_ascii_uppercase() {
            return Err(KvnrError::FirstCharacter);
        }
        if !bytes[1..].iter().all(u8::is_ascii_digit) {
            return Err(KvnrError::Digits);
        }
        let digits: Vec<u8> = bytes[1..].iter().map(|b| b - b'0').collect();
        if Kvnr::check_digit(letter, &digits[..8]) != digits[8] {
            return Err(KvnrError::CheckDigit);
        }
        Ok(Kvnr(input.to_owned()))
    }
}

/// Redacted: a KVNR is personal data and must not reach a log line by accident.
impl fmt::Debug for Kvnr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Kvnr(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_numbers() {
        for valid in ["A123456780", "Z987654321", "M000000007"] {
            let parsed: Result<Kvnr, _> = valid.parse();
            assert!(parsed.is_ok(), "{valid} should be valid: {parsed:?}");
        }
    }

    #[test]
    fn rejects_wrong_check_digit_and_shape() {
        assert_eq!("A123456781".parse::<Kvnr>(), Err(KvnrError::CheckDigit));
        assert_eq!("B123456780".parse::<Kvnr>(), Err(KvnrError::CheckDigit));
        assert_eq!("A12345678".parse::<Kvnr>(), Err(KvnrError::Length(9)));
        assert_eq!("a123456780".parse::<Kvnr>(), Err(KvnrError::FirstCharacter));
        assert_eq!("A12345678X".parse::<Kvnr>(), Err(KvnrError::Digits));
        assert_eq!("Ä12345678".parse::<Kvnr>(), Err(KvnrError::FirstCharacter));
    }

    #[test]
    fn issued_numbers_validate() {
        let kvnr = Kvnr::with_check_digit(b'A', 12_345_678).expect("valid parts");
        assert_eq!(kvnr.as_str(), "A123456780");
        for n in [0, 1, 99_999_999, 31_415_926] {
            let issued = Kvnr::with_check_digit(b'Q', n).expect("valid parts");
            assert!(issued.as_str().parse::<Kvnr>().is_ok());
        }
        assert!(Kvnr::with_check_digit(b'a', 1).is_none());
        assert!(Kvnr::with_check_digit(b'A', 100_000_000).is_none());
    }

    #[test]
    fn every_single_digit_typo_is_caught() {
        let valid = "A123456780";
        for position in 1..10 {
            for replacement in b'0'..=b'9' {
                let mut bytes = valid.as_bytes().to_vec();
                if bytes[position] == replacement {
                    continue;
                }
                bytes[position] = replacement;
                let typo = String::from_utf8(bytes).expect("ascii");
                assert!(typo.parse::<Kvnr>().is_err(), "{typo} was accepted");
            }
        }
    }
}
