//! The letter root: a key that IT keeps offline and that endorses every letter signing key.
//! Kiosks pin its public half in `kiosk.toml` and trust a pulled letter key only with its
//! endorsement, so whoever can write to the change feed (a compromised central service, a
//! stolen database) still cannot make kiosks accept letters of their own.

use base64::{Engine, engine::general_purpose::STANDARD};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use thiserror::Error;

use crate::{KeyError, KeyId, keys::decode_public_key};

/// The endorsement covers this context, the key id and the public key, so that no other
/// signature by the root (nor a letter's) can pass as an endorsement.
const ENDORSEMENT_CONTEXT: &[u8] = b"kiosk-letter-key-endorsement-v1\0";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum RootKeyError {
    #[error("expected a base64 Ed25519 public key (32 bytes), as in letter-root.pub")]
    Encoding,
    /// Not a point on the curve, or one of small order.
    #[error("not a usable Ed25519 public key")]
    Invalid,
}

/// The pinned public half of the letter root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LetterRoot(VerifyingKey);

impl LetterRoot {
    pub fn new(key: VerifyingKey) -> Result<LetterRoot, RootKeyError> {
        if key.is_weak() {
            return Err(RootKeyError::Invalid);
        }
        Ok(LetterRoot(key))
    }

    /// As `kiosk.toml` and `letter-root.pub` hold it.
    pub fn from_base64(text: &str) -> Result<LetterRoot, RootKeyError> {
        let bytes = decode_public_key(text).ok_or(RootKeyError::Encoding)?;
        let key = VerifyingKey::from_bytes(&bytes).map_err(|_| RootKeyError::Invalid)?;
        LetterRoot::new(key)
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0.as_bytes())
    }

    /// `letter-root.pub` as `kiosk-central` writes it: `#` comment lines and the key's line.
    pub fn from_public_file(text: &str) -> Result<LetterRoot, RootKeyError> {
        let mut lines = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'));
        match (lines.next(), lines.next()) {
            (Some(key), None) => LetterRoot::from_base64(key),
            _ => Err(RootKeyError::Encoding),
        }
    }

    pub fn to_public_file(&self) -> String {
        format!(
            "# The letter root's public key: pin it in kiosk.toml ([letters] root_key, or \
             root_key_file naming this file).\n{}\n",
            self.to_base64()
        )
    }

    /// Whether `endorsement` (base64) is the root's signature over this key id and key.
    pub fn check_endorsement(
        &self,
        key_id: KeyId,
        key: &VerifyingKey,
        endorsement: &str,
    ) -> Result<(), KeyError> {
        let not_endorsed = KeyError::NotEndorsed { key_id };
        // 64 bytes are 88 base64 characters; refuse long input before decoding it.
        if endorsement.len() > 128 {
            return Err(not_endorsed);
        }
        let bytes: [u8; 64] = STANDARD
            .decode(endorsement.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or(not_endorsed.clone())?;
        self.0
            .verify_strict(&message(key_id, key), &Signature::from_bytes(&bytes))
            .map_err(|_| not_endorsed)
    }
}

/// The root's endorsement of a letter signing key, base64 (made by `kiosk-central` when it
/// rotates letter keys).
pub fn endorse(root: &SigningKey, key_id: KeyId, key: &VerifyingKey) -> String {
    STANDARD.encode(root.sign(&message(key_id, key)).to_bytes())
}

fn message(key_id: KeyId, key: &VerifyingKey) -> Vec<u8> {
    let mut message = Vec::with_capacity(ENDORSEMENT_CONTEXT.len() + KeyId::LEN + 32);
    message.extend_from_slice(ENDORSEMENT_CONTEXT);
    message.extend_from_slice(key_id.as_bytes());
    message.extend_from_slice(key.as_bytes());
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn id(text: &str) -> KeyId {
        text.parse().expect("key id")
    }

    #[test]
    fn only_the_roots_endorsement_of_this_very_key_and_id_passes() {
        let root = key(1);
        let pinned = LetterRoot::new(root.verifying_key()).expect("root");
        let letter_key = key(2).verifying_key();
        let endorsement = endorse(&root, id("L26A"), &letter_key);
        assert_eq!(
            pinned.check_endorsement(id("L26A"), &letter_key, &endorsement),
            Ok(())
        );

        let not_endorsed = |key_id: &str| Err(KeyError::NotEndorsed { key_id: id(key_id) });
        // Another id, another key, another root, or garbage: refused.
        assert_eq!(
            pinned.check_endorsement(id("L26B"), &letter_key, &endorsement),
            not_endorsed("L26B")
        );
        assert_eq!(
            pinned.check_endorsement(id("L26A"), &key(3).verifying_key(), &endorsement),
            not_endorsed("L26A")
        );
        let by_another_root = endorse(&key(4), id("L26A"), &letter_key);
        assert_eq!(
            pinned.check_endorsement(id("L26A"), &letter_key, &by_another_root),
            not_endorsed("L26A")
        );
        for bad in ["", "AAAA", "not base64!", &"A".repeat(10_000)] {
            assert_eq!(
                pinned.check_endorsement(id("L26A"), &letter_key, bad),
                not_endorsed("L26A"),
                "{bad:.20}"
            );
        }
    }

    #[test]
    fn a_root_key_round_trips_as_text_and_a_weak_one_is_refused() {
        let root = LetterRoot::new(key(1).verifying_key()).expect("root");
        assert_eq!(LetterRoot::from_base64(&root.to_base64()), Ok(root));
        assert_eq!(
            LetterRoot::from_public_file(&root.to_public_file()),
            Ok(root)
        );
        let twice = format!("{0}\n{0}\n", root.to_base64());
        assert_eq!(
            LetterRoot::from_public_file(&twice),
            Err(RootKeyError::Encoding)
        );
        assert_eq!(
            LetterRoot::from_public_file("# only a comment\n"),
            Err(RootKeyError::Encoding)
        );
        assert_eq!(
            LetterRoot::from_base64("not a key"),
            Err(RootKeyError::Encoding)
        );
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert_eq!(
            LetterRoot::from_base64(&STANDARD.encode(identity)),
            Err(RootKeyError::Invalid)
        );
    }
}
