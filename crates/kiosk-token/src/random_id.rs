//! The 16-byte random ids tokens carry (a letter's, a certificate's): printed as 32 lowercase
//! hex digits, read back from any case with spaces or '-' between them (as typed from paper),
//! shown to people in groups of four. [`random_id!`](crate::random_id) makes one distinct
//! type per use, so that a letter id is never taken for a document id.

use std::fmt;

/// The 32 hex digits of `bytes`, lowercase.
pub fn hex(bytes: &[u8; 16], f: &mut fmt::Formatter<'_>) -> fmt::Result {
    bytes.iter().try_for_each(|b| write!(f, "{b:02x}"))
}

/// Reads 32 hex digits, ignoring spaces and '-'; `None` for anything else.
pub fn parse_hex(text: &str) -> Option<[u8; 16]> {
    let mut digits = text
        .chars()
        .filter(|c| *c != ' ' && *c != '-')
        .map(|c| c.to_digit(16).and_then(|d| u8::try_from(d).ok()));
    let mut bytes = [0u8; 16];
    for byte in &mut bytes {
        let high = digits.next()??;
        let low = digits.next()??;
        *byte = high << 4 | low;
    }
    digits.next().is_none().then_some(bytes)
}

/// The digits in groups of four, as printed for people (`1a2b 3c4d …`).
pub fn grouped(hex: &str) -> String {
    hex.as_bytes()
        .chunks(4)
        .filter_map(|group| std::str::from_utf8(group).ok())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A distinct 16-byte random id type with its parse error:
/// `random_id!(LetterId, InvalidLetterId, "a letter id has 32 hexadecimal digits");`
#[macro_export]
macro_rules! random_id {
    ($(#[$meta:meta])* $name:ident, $error:ident, $message:literal) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name([u8; 16]);

        #[doc = $message]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $error;

        impl ::std::fmt::Display for $error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str($message)
            }
        }

        impl ::std::error::Error for $error {}

        impl $name {
            pub const LEN: usize = 16;

            /// The caller brings the randomness.
            pub fn from_bytes(bytes: [u8; 16]) -> $name {
                $name(bytes)
            }

            pub fn as_bytes(&self) -> &[u8; 16] {
                &self.0
            }

            /// The id in groups of four for people to read off paper; `FromStr` reads it back.
            pub fn grouped(&self) -> String {
                $crate::random_id::grouped(&self.to_string())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::random_id::hex(&self.0, f)
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}({self})", stringify!($name))
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $error;

            /// Accepts upper or lower case and ignores spaces and '-'.
            fn from_str(text: &str) -> Result<$name, $error> {
                $crate::random_id::parse_hex(text).map($name).ok_or($error)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::random_id!(
        /// A test id.
        TestId,
        InvalidTestId,
        "a test id has 32 hex digits"
    );

    #[test]
    fn ids_print_as_hex_and_read_back_as_typed_from_paper() {
        let id = TestId::from_bytes([0xab; 16]);
        assert_eq!(id.to_string(), "ab".repeat(16));
        assert_eq!(id.grouped(), ["abab"; 8].join(" "));
        assert_eq!(id.grouped().parse::<TestId>(), Ok(id));
        assert_eq!("AB".repeat(16).parse::<TestId>(), Ok(id));
        assert_eq!(format!("{id:?}"), format!("TestId({})", "ab".repeat(16)));
        for bad in [
            "",
            "ab",
            &"ab".repeat(17),
            &"zz".repeat(16),
            &"ä".repeat(32),
        ] {
            assert_eq!(bad.parse::<TestId>(), Err(InvalidTestId), "{bad}");
        }
        assert_eq!(InvalidTestId.to_string(), "a test id has 32 hex digits");
        assert_eq!(id.as_bytes().len(), TestId::LEN);
    }
}
