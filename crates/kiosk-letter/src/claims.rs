//! What a letter says: which key signed it, its id, whose it is, when it is valid, what for.

use std::{fmt, str::FromStr};

use kiosk_domain::Kvnr;
use kiosk_token::days_from_date;
use thiserror::Error;
use time::Date;

/// A letter is valid at most this many days after its issue date.
pub const MAX_VALIDITY_DAYS: u16 = 60;

/// The id of a signing key: exactly 4 characters A-Z, 0-9 (e.g. `L26A`), so that a token
/// has one fixed length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId([u8; 4]);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("a letter key id has exactly 4 characters A-Z or 0-9")]
pub struct InvalidKeyId;

impl KeyId {
    pub const LEN: usize = 4;

    pub fn from_bytes(bytes: [u8; 4]) -> Result<KeyId, InvalidKeyId> {
        if bytes
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            Ok(KeyId(bytes))
        } else {
            Err(InvalidKeyId)
        }
    }

    pub fn as_bytes(&self) -> &[u8; 4] {
        &self.0
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII is ever stored (checked in `from_bytes`).
        std::str::from_utf8(&self.0).unwrap_or("????")
    }
}

impl FromStr for KeyId {
    type Err = InvalidKeyId;

    fn from_str(s: &str) -> Result<KeyId, InvalidKeyId> {
        let bytes: [u8; 4] = s.as_bytes().try_into().map_err(|_| InvalidKeyId)?;
        KeyId::from_bytes(bytes)
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

kiosk_token::random_id!(
    /// A letter's id: 16 random bytes chosen by the central system (this crate does no IO).
    /// Printed as 32 lowercase hex digits; that text is what revocation lists and "already
    /// used" records hold.
    LetterId,
    InvalidLetterId,
    "a letter id has 32 hexadecimal digits (spaces and '-' between them are ignored)"
);

/// What the letter may be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Purpose {
    /// Identification at a kiosk (with the date of birth): trust level "substantial".
    Activation,
}

impl Purpose {
    pub(crate) fn code(self) -> u8 {
        match self {
            Purpose::Activation => 1,
        }
    }

    pub(crate) fn from_code(code: u8) -> Option<Purpose> {
        match code {
            1 => Some(Purpose::Activation),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Activation => "activation",
        }
    }
}

/// Why claims cannot be put in a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ClaimsError {
    #[error("the expiry date is before the issue date")]
    ExpiresBeforeIssue,
    #[error("a letter is valid at most {MAX_VALIDITY_DAYS} days")]
    ValidityTooLong,
    #[error("dates must lie between 1970 and 2149")]
    DateOutOfRange,
}

/// The signed content of a letter. Its dates are calendar dates of the insurer (German local
/// time); a letter is valid from `issued` through `expires`, both included.
#[derive(Clone, PartialEq, Eq)]
pub struct LetterClaims {
    letter_id: LetterId,
    kvnr: Kvnr,
    issued: Date,
    expires: Date,
    purpose: Purpose,
}

impl LetterClaims {
    /// Checks what every letter must satisfy: issued ≤ expires ≤ issued + 60 days.
    pub fn new(
        letter_id: LetterId,
        kvnr: Kvnr,
        issued: Date,
        expires: Date,
        purpose: Purpose,
    ) -> Result<LetterClaims, ClaimsError> {
        let (Some(from), Some(to)) = (days_from_date(issued), days_from_date(expires)) else {
            return Err(ClaimsError::DateOutOfRange);
        };
        if to < from {
            return Err(ClaimsError::ExpiresBeforeIssue);
        }
        if to - from > MAX_VALIDITY_DAYS {
            return Err(ClaimsError::ValidityTooLong);
        }
        Ok(LetterClaims {
            letter_id,
            kvnr,
            issued,
            expires,
            purpose,
        })
    }

    pub fn letter_id(&self) -> &LetterId {
        &self.letter_id
    }

    pub fn kvnr(&self) -> &Kvnr {
        &self.kvnr
    }

    pub fn issued(&self) -> Date {
        self.issued
    }

    /// The last day on which the letter is valid.
    pub fn expires(&self) -> Date {
        self.expires
    }

    pub fn purpose(&self) -> Purpose {
        self.purpose
    }
}

/// Redacted: the KVNR is personal data.
impl fmt::Debug for LetterClaims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LetterClaims")
            .field("letter_id", &self.letter_id)
            .field("kvnr", &"<redacted>")
            .field("issued", &self.issued)
            .field("expires", &self.expires)
            .field("purpose", &self.purpose)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn kvnr() -> Kvnr {
        "A123456780".parse().expect("valid")
    }

    #[test]
    fn key_ids() {
        assert_eq!(
            "L26A".parse::<KeyId>().map(|k| k.to_string()).as_deref(),
            Ok("L26A")
        );
        for bad in ["", "L26", "L26AB", "l26a", "L-26", "L2\u{e9}"] {
            assert_eq!(bad.parse::<KeyId>(), Err(InvalidKeyId), "{bad:?}");
        }
    }

    #[test]
    fn letter_ids_print_and_parse() {
        let id = LetterId::from_bytes([
            0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd,
            0xee, 0xff,
        ]);
        assert_eq!(id.to_string(), "00112233445566778899aabbccddeeff");
        assert_eq!(id.grouped(), "0011 2233 4455 6677 8899 aabb ccdd eeff");
        assert_eq!(id.grouped().parse(), Ok(id));
        assert_eq!("00112233-44556677-8899AABB-CCDDEEFF".parse(), Ok(id));
        for bad in [
            "",
            "0011",
            "00112233445566778899aabbccddeeff00",
            "00112233445566778899aabbccddeefg",
            "0011223344556677 8899aabbccddeef\u{e9}",
        ] {
            assert_eq!(bad.parse::<LetterId>(), Err(InvalidLetterId), "{bad:?}");
        }
    }

    #[test]
    fn validity_is_checked() {
        let id = LetterId::from_bytes([7; 16]);
        let new = |issued, expires| {
            LetterClaims::new(id, kvnr(), issued, expires, Purpose::Activation).map(drop)
        };
        assert_eq!(new(date!(2026 - 11 - 02), date!(2026 - 11 - 02)), Ok(()));
        assert_eq!(new(date!(2026 - 11 - 02), date!(2027 - 01 - 01)), Ok(()));
        assert_eq!(
            new(date!(2026 - 11 - 02), date!(2027 - 01 - 02)),
            Err(ClaimsError::ValidityTooLong)
        );
        assert_eq!(
            new(date!(2026 - 11 - 02), date!(2026 - 11 - 01)),
            Err(ClaimsError::ExpiresBeforeIssue)
        );
        assert_eq!(
            new(date!(1969 - 12 - 31), date!(1970 - 01 - 01)),
            Err(ClaimsError::DateOutOfRange)
        );
    }

    #[test]
    fn debug_hides_the_kvnr() {
        let claims = LetterClaims::new(
            LetterId::from_bytes([7; 16]),
            kvnr(),
            date!(2026 - 11 - 02),
            date!(2026 - 12 - 02),
            Purpose::Activation,
        )
        .expect("valid");
        let debug = format!("{claims:?}");
        assert!(!debug.contains("A123456780"), "{debug}");
        assert!(debug.contains("0707"), "{debug}");
    }
}
