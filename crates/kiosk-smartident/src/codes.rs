//! The short codes people read and type: the 6-digit bind code the phone shows after it bound
//! its key (typed at the kiosk, so the binding belongs to the person standing there), and the
//! 2-digit number the kiosk shows for an approval (typed on the phone, never picked from a
//! list). The caller brings the randomness; the central system stores a bind code only as a
//! hash tied to its registration.

use std::fmt;

use sha2::{Digest, Sha256};

use crate::RegistrationId;

/// Six digits, as the phone shows them.
#[derive(Clone, PartialEq, Eq)]
pub struct BindCode(String);

/// Not six digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the code has 6 digits")]
pub struct InvalidBindCode;

impl BindCode {
    /// From 8 random bytes: uniform over 000000-999999 but for 1 in 10^13.
    pub fn from_random(random: [u8; 8]) -> BindCode {
        BindCode(format!("{:06}", u64::from_be_bytes(random) % 1_000_000))
    }

    /// As typed: digits, with spaces ignored ("123 456").
    pub fn parse(typed: &str) -> Result<BindCode, InvalidBindCode> {
        let digits: String = typed.chars().filter(|c| *c != ' ').collect();
        if digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(BindCode(digits))
        } else {
            Err(InvalidBindCode)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the central system stores: SHA-256 over a context, the registration and the code,
    /// so one registration's hash says nothing about another's.
    pub fn hash(&self, registration: &RegistrationId) -> [u8; 32] {
        let mut hash = Sha256::new();
        hash.update(b"kiosk-smartident-bind-code-v1\0");
        hash.update(registration.as_bytes());
        hash.update(self.0.as_bytes());
        hash.finalize().into()
    }
}

/// The code is a secret while it lives: never in a log.
impl fmt::Debug for BindCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BindCode(<redacted>)")
    }
}

/// The two digits an approval is matched by: 10 to 99, so it never starts with a zero that
/// a member might drop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchNumber(u8);

/// Not 10 to 99.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the number has 2 digits, 10 to 99")]
pub struct InvalidMatchNumber;

impl MatchNumber {
    /// From 2 random bytes (bias below 1 in 700).
    pub fn from_random(random: [u8; 2]) -> MatchNumber {
        let n = u16::from_be_bytes(random) % 90;
        MatchNumber(10 + u8::try_from(n).unwrap_or(0))
    }

    pub fn new(n: u8) -> Result<MatchNumber, InvalidMatchNumber> {
        (10..=99)
            .contains(&n)
            .then_some(MatchNumber(n))
            .ok_or(InvalidMatchNumber)
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bind_codes_are_six_digits_and_hashed_per_registration() {
        assert_eq!(BindCode::from_random([0; 8]).as_str(), "000000");
        assert_eq!(BindCode::from_random([0xff; 8]).as_str(), "551615");
        let code = BindCode::parse("123 456").expect("typed with a space");
        assert_eq!(code.as_str(), "123456");
        for bad in ["", "12345", "1234567", "12345a", "١٢٣٤٥٦"] {
            assert_eq!(BindCode::parse(bad), Err(InvalidBindCode), "{bad}");
        }
        let one = RegistrationId::from_bytes([1; 16]);
        let two = RegistrationId::from_bytes([2; 16]);
        assert_eq!(
            code.hash(&one),
            BindCode::parse("123456").expect("code").hash(&one)
        );
        assert_ne!(code.hash(&one), code.hash(&two));
        assert_eq!(format!("{code:?}"), "BindCode(<redacted>)");
    }

    #[test]
    fn match_numbers_are_ten_to_ninety_nine() {
        let mut seen = [false; 100];
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let n = MatchNumber::from_random([a, b]).get();
                assert!((10..=99).contains(&n));
                seen[usize::from(n)] = true;
            }
        }
        assert!(seen[10..].iter().all(|s| *s), "every number occurs");
        assert_eq!(MatchNumber::new(9), Err(InvalidMatchNumber));
        assert_eq!(MatchNumber::new(100), Err(InvalidMatchNumber));
        assert_eq!(MatchNumber::new(42).map(MatchNumber::get), Ok(42));
    }
}
