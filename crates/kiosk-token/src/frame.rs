//! One token family's frame: `PREFIX` + base45(body || signature), the signature over
//! `context || body`, the body's first byte the format version.

use ed25519_dalek::{Signature, Signer, SigningKey};
use thiserror::Error;

use crate::{Base45Error, base45};

pub const SIGNATURE_LEN: usize = 64;

/// Why a text is not a token of this family and version. Callers map it to their own error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum FrameError {
    /// Not this family at all (some other QR code, another token family).
    #[error("not a token of this family")]
    OtherFamily,
    /// This family in a version this build does not read.
    #[error("a format version this build does not read")]
    UnsupportedVersion,
    #[error("not the token's length")]
    Length,
    #[error("not base45: {0}")]
    Encoding(Base45Error),
}

/// A token family, e.g. letters: family `KL`, version 1, body 40 bytes.
#[derive(Debug, Clone, Copy)]
pub struct Frame<const BODY: usize> {
    /// Two capital letters; the prefix is these, the version digit and `:`.
    pub family: [u8; 2],
    /// 1 to 9: the prefix's digit and the body's first byte.
    pub version: u8,
    /// What the signature covers before the body, so that a signature by the same key over
    /// another kind of message never passes as this token's.
    pub context: &'static [u8],
}

impl<const BODY: usize> Frame<BODY> {
    pub const PREFIX_LEN: usize = 4;
    pub const BYTES: usize = BODY + SIGNATURE_LEN;
    /// Every token of the family has exactly this many characters.
    pub const TEXT_LEN: usize = Self::PREFIX_LEN + Self::BYTES / 2 * 3 + Self::BYTES % 2 * 2;

    pub fn prefix(&self) -> String {
        format!(
            "{}{}{}:",
            char::from(self.family[0]),
            char::from(self.family[1]),
            self.version
        )
    }

    /// What the signature covers.
    pub fn message(&self, body: &[u8; BODY]) -> Vec<u8> {
        [self.context, body.as_slice()].concat()
    }

    /// The token text for a body (whose first byte is the version).
    pub fn seal(&self, body: &[u8; BODY], key: &SigningKey) -> String {
        let signature = key.sign(&self.message(body));
        let mut bytes = Vec::with_capacity(Self::BYTES);
        bytes.extend_from_slice(body);
        bytes.extend_from_slice(&signature.to_bytes());
        format!("{}{}", self.prefix(), base45::encode(&bytes))
    }

    /// Takes a text apart strictly: prefix, exact length (checked before decoding, so huge
    /// input costs nothing), canonical base45, the body's version. The signature is not
    /// checked here: the caller knows the key. Never panics.
    pub fn open(&self, text: &str) -> Result<([u8; BODY], Signature), FrameError> {
        let Some(encoded) = text.strip_prefix(self.prefix().as_str()) else {
            // The family in another version: say so rather than "not ours".
            let head = text.as_bytes();
            if head.len() >= Self::PREFIX_LEN
                && head[..2] == self.family
                && head[2].is_ascii_digit()
                && head[3] == b':'
            {
                return Err(FrameError::UnsupportedVersion);
            }
            return Err(FrameError::OtherFamily);
        };
        if text.len() != Self::TEXT_LEN {
            return Err(FrameError::Length);
        }
        let bytes = base45::decode(encoded).map_err(FrameError::Encoding)?;
        let mut all = Fields::new(&bytes);
        let body: [u8; BODY] = all.take()?;
        let signature: [u8; SIGNATURE_LEN] = all.take()?;
        if body.first() != Some(&self.version) {
            return Err(FrameError::UnsupportedVersion);
        }
        Ok((body, Signature::from_bytes(&signature)))
    }
}

/// Takes fixed-size fields off the front of a body.
#[derive(Debug)]
pub struct Fields<'a> {
    rest: &'a [u8],
}

impl<'a> Fields<'a> {
    pub fn new(bytes: &'a [u8]) -> Fields<'a> {
        Fields { rest: bytes }
    }

    pub fn take<const N: usize>(&mut self) -> Result<[u8; N], FrameError> {
        let (head, tail) = self.rest.split_at_checked(N).ok_or(FrameError::Length)?;
        self.rest = tail;
        head.try_into().map_err(|_| FrameError::Length)
    }
}

/// Writes fields into a body, front to back.
#[derive(Debug)]
pub struct BodyWriter<const BODY: usize> {
    body: [u8; BODY],
    at: usize,
}

impl<const BODY: usize> BodyWriter<BODY> {
    /// A body that starts with the format version.
    pub fn new(version: u8) -> BodyWriter<BODY> {
        let mut writer = BodyWriter {
            body: [0; BODY],
            at: 0,
        };
        writer.put(&[version]);
        writer
    }

    /// Appends `bytes`. Layouts are fixed in code, so a field past the end is a bug in the
    /// caller: it is dropped (never a panic in a release build), and debug builds (the
    /// tests) stop at `finish`.
    pub fn put(&mut self, bytes: &[u8]) {
        let end = self.at + bytes.len();
        if let Some(slot) = self.body.get_mut(self.at..end) {
            slot.copy_from_slice(bytes);
        }
        self.at = end;
    }

    pub fn finish(self) -> [u8; BODY] {
        debug_assert_eq!(self.at, BODY, "the fields must fill the body exactly");
        self.body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEST: Frame<5> = Frame {
        family: *b"KT",
        version: 1,
        context: b"kiosk-test-v1\0",
    };

    fn body() -> [u8; 5] {
        let mut writer = BodyWriter::<5>::new(1);
        writer.put(&[2, 3]);
        writer.put(&[4, 5]);
        writer.finish()
    }

    #[test]
    fn a_sealed_body_opens_again_and_its_signature_covers_context_and_body() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let text = TEST.seal(&body(), &key);
        assert!(text.starts_with("KT1:"));
        assert_eq!(text.len(), Frame::<5>::TEXT_LEN);
        let (opened, signature) = TEST.open(&text).expect("opens");
        assert_eq!(opened, body());
        let public = key.verifying_key();
        assert!(
            public
                .verify_strict(&TEST.message(&opened), &signature)
                .is_ok()
        );
        assert!(
            public.verify_strict(&opened, &signature).is_err(),
            "the context counts"
        );
    }

    #[test]
    fn other_texts_are_refused_for_what_they_are() {
        assert_eq!(TEST.open("").map(drop), Err(FrameError::OtherFamily));
        assert_eq!(TEST.open("KD1:ABC").map(drop), Err(FrameError::OtherFamily));
        assert_eq!(
            TEST.open("KT2:ABC").map(drop),
            Err(FrameError::UnsupportedVersion)
        );
        assert_eq!(TEST.open("KT1:ABC").map(drop), Err(FrameError::Length));
        let lower = format!("KT1:{}", "a".repeat(Frame::<5>::TEXT_LEN - 4));
        assert!(matches!(TEST.open(&lower), Err(FrameError::Encoding(_))));
        let wide = format!("KT1:{}", "ä".repeat((Frame::<5>::TEXT_LEN - 4) / 2));
        assert!(TEST.open(&wide).is_err());
        // A body claiming another version inside a current prefix.
        let key = SigningKey::from_bytes(&[7; 32]);
        let mut other = body();
        other[0] = 2;
        let text = TEST.seal(&other, &key);
        assert_eq!(
            TEST.open(&text).map(drop),
            Err(FrameError::UnsupportedVersion)
        );
    }

    #[test]
    #[should_panic(expected = "fill the body exactly")]
    fn a_body_not_filled_exactly_is_a_caller_bug() {
        let mut short = BodyWriter::<5>::new(1);
        short.put(&[2]);
        let _ = short.finish();
    }
}
