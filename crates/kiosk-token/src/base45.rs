//! Base45 (RFC 9285): bytes as text in the 45 characters of the QR code's alphanumeric mode,
//! which packs 2 characters into 11 bits; so 2 bytes cost 3 characters, i.e. 16.5 bits, close
//! to the 16 they carry. Base64 would force the QR into byte mode at 8 bits a character.
//! Public: the document token (kiosk-documents) uses the same strict encoding.

use thiserror::Error;

/// The alphabet, in value order (RFC 9285, section 4.2).
const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum Base45Error {
    #[error("a character outside the base45 alphabet")]
    Character,
    /// 3n+1 characters cannot come from any bytes.
    #[error("a length that no encoding has")]
    Length,
    /// A group decodes to more than its bytes can hold (e.g. "GGW" > 65535); no encoder
    /// writes it, so accepting it would give one byte string several texts.
    #[error("a group that no encoding has")]
    Overflow,
}

pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(2) * 3);
    let mut push = |value: usize| out.push(char::from(ALPHABET[value % 45]));
    for pair in bytes.chunks(2) {
        match *pair {
            [a, b] => {
                let n = usize::from(a) * 256 + usize::from(b);
                push(n);
                push(n / 45);
                push(n / (45 * 45));
            }
            [a] => {
                let n = usize::from(a);
                push(n);
                push(n / 45);
            }
            _ => {}
        }
    }
    out
}

fn value(c: u8) -> Result<u32, Base45Error> {
    ALPHABET
        .iter()
        .position(|&a| a == c)
        .and_then(|v| u32::try_from(v).ok())
        .ok_or(Base45Error::Character)
}

/// Decodes strictly: only the canonical text of some bytes is accepted.
pub fn decode(text: &str) -> Result<Vec<u8>, Base45Error> {
    let chars = text.as_bytes();
    if chars.len() % 3 == 1 {
        return Err(Base45Error::Length);
    }
    let mut out = Vec::with_capacity(chars.len() / 3 * 2 + 1);
    for group in chars.chunks(3) {
        match *group {
            [c, d, e] => {
                let n = value(c)? + value(d)? * 45 + value(e)? * 45 * 45;
                let n = u16::try_from(n).map_err(|_| Base45Error::Overflow)?;
                out.extend_from_slice(&n.to_be_bytes());
            }
            [c, d] => {
                let n = value(c)? + value(d)? * 45;
                out.push(u8::try_from(n).map_err(|_| Base45Error::Overflow)?);
            }
            _ => return Err(Base45Error::Length),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_9285_examples() {
        for (bytes, text) in [
            (&b"AB"[..], "BB8"),
            (b"Hello!!", "%69 VD92EX0"),
            (b"base-45", "UJCLQE7W581"),
            (b"ietf!", "QED8WEX0"),
            (b"", ""),
        ] {
            assert_eq!(encode(bytes), text);
            assert_eq!(decode(text).as_deref(), Ok(bytes));
        }
    }

    #[test]
    fn every_byte_value_round_trips() {
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&encode(&all)), Ok(all.clone()));
        assert_eq!(decode(&encode(&all[1..])), Ok(all[1..].to_vec()));
    }

    #[test]
    fn strict_decoding() {
        assert_eq!(decode("GGW"), Err(Base45Error::Overflow));
        assert_eq!(decode("::"), Err(Base45Error::Overflow));
        assert_eq!(decode("A"), Err(Base45Error::Length));
        assert_eq!(decode("BB8A"), Err(Base45Error::Length));
        assert_eq!(decode("bb8"), Err(Base45Error::Character));
        assert_eq!(decode("B\u{e9}"), Err(Base45Error::Character));
        assert_eq!(decode("BB8\n"), Err(Base45Error::Length));
        assert_eq!(decode("BB8\n0"), Err(Base45Error::Character));
    }
}
