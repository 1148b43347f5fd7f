//! The central system's letter keys a kiosk trusts, by key id. Old keys stay trusted after a
//! rotation, so letters already posted keep working until they expire.

use std::collections::BTreeMap;

use base64::{Engine, engine::general_purpose::STANDARD};
use ed25519_dalek::{SigningKey, VerifyingKey};
use thiserror::Error;

use crate::{KeyId, LetterRoot};

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyError {
    #[error("letter key id {0:?}: expected exactly 4 characters A-Z or 0-9")]
    KeyId(String),
    #[error("letter key {key_id}: expected a base64 Ed25519 public key (32 bytes)")]
    Encoding { key_id: KeyId },
    /// Not a point on the curve, or one of small order: nothing verifies sensibly against it.
    #[error("letter key {key_id}: not a usable Ed25519 public key")]
    Invalid { key_id: KeyId },
    #[error("letter key {key_id}: listed twice with different keys")]
    Conflict { key_id: KeyId },
    #[error("letter key {key_id}: not endorsed by the letter root key in kiosk.toml")]
    NotEndorsed { key_id: KeyId },
}

/// Public keys by key id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedKeys {
    keys: BTreeMap<KeyId, VerifyingKey>,
}

impl TrustedKeys {
    pub fn new() -> TrustedKeys {
        TrustedKeys::default()
    }

    /// Keys as configured or pulled: (key id, base64 of the 32-byte public key).
    pub fn from_base64<I, S, T>(entries: I) -> Result<TrustedKeys, KeyError>
    where
        I: IntoIterator<Item = (S, T)>,
        S: AsRef<str>,
        T: AsRef<str>,
    {
        let mut keys = TrustedKeys::new();
        for (key_id, public_key) in entries {
            keys.insert_base64(key_id.as_ref(), public_key.as_ref())?;
        }
        Ok(keys)
    }

    /// Adds a key; the same key twice is harmless, another key under a known id is refused.
    pub fn insert(&mut self, key_id: KeyId, key: VerifyingKey) -> Result<(), KeyError> {
        if key.is_weak() {
            return Err(KeyError::Invalid { key_id });
        }
        match self.keys.get(&key_id) {
            Some(known) if *known != key => Err(KeyError::Conflict { key_id }),
            _ => {
                self.keys.insert(key_id, key);
                Ok(())
            }
        }
    }

    pub fn insert_base64(&mut self, key_id: &str, public_key: &str) -> Result<(), KeyError> {
        let (id, key) = parse_key(key_id, public_key)?;
        self.insert(id, key)
    }

    /// Adds a pulled key only if the pinned root endorsed it (`endorsement`: base64, as the
    /// change feed carries it; none is refused like a wrong one).
    pub fn insert_endorsed(
        &mut self,
        root: &LetterRoot,
        key_id: &str,
        public_key: &str,
        endorsement: Option<&str>,
    ) -> Result<(), KeyError> {
        let (id, key) = parse_key(key_id, public_key)?;
        root.check_endorsement(id, &key, endorsement.unwrap_or_default())?;
        self.insert(id, key)
    }

    pub fn get(&self, key_id: &KeyId) -> Option<&VerifyingKey> {
        self.keys.get(key_id)
    }

    pub fn key_ids(&self) -> impl Iterator<Item = &KeyId> {
        self.keys.keys()
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

fn parse_key(key_id: &str, public_key: &str) -> Result<(KeyId, VerifyingKey), KeyError> {
    let id: KeyId = key_id
        .parse()
        .map_err(|_| KeyError::KeyId(key_id.chars().take(16).collect()))?;
    let key = decode_public_key(public_key).ok_or(KeyError::Encoding { key_id: id })?;
    let key = VerifyingKey::from_bytes(&key).map_err(|_| KeyError::Invalid { key_id: id })?;
    Ok((id, key))
}

pub(crate) fn decode_public_key(text: &str) -> Option<[u8; 32]> {
    // 32 bytes are 44 base64 characters; refuse long input before decoding it.
    if text.len() > 64 {
        return None;
    }
    STANDARD.decode(text.trim()).ok()?.try_into().ok()
}

/// The text form of a public key used in `kiosk.toml`, the central database and the pull.
pub fn public_key_base64(key: &VerifyingKey) -> String {
    STANDARD.encode(key.as_bytes())
}

/// The public half of a signing key, as text.
pub fn signing_key_public_base64(key: &SigningKey) -> String {
    public_key_base64(&key.verifying_key())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    #[test]
    fn keys_from_text() {
        let a = signing_key_public_base64(&key(1));
        let b = signing_key_public_base64(&key(2));
        let keys =
            TrustedKeys::from_base64([("L26A", a.as_str()), ("L26B", b.as_str())]).expect("valid");
        assert_eq!(keys.len(), 2);
        let id: KeyId = "L26B".parse().expect("id");
        assert_eq!(keys.get(&id), Some(&key(2).verifying_key()));

        assert_eq!(
            TrustedKeys::from_base64([("L26A", a.as_str()), ("L26A", a.as_str())]).map(|k| k.len()),
            Ok(1)
        );
        assert!(matches!(
            TrustedKeys::from_base64([("L26A", a.as_str()), ("L26A", b.as_str())]),
            Err(KeyError::Conflict { .. })
        ));
        assert!(matches!(
            TrustedKeys::from_base64([("l26a", a.as_str())]),
            Err(KeyError::KeyId(_))
        ));
        for bad in ["", "AAAA", "not base64 at all!", &"A".repeat(10_000)] {
            assert!(
                matches!(
                    TrustedKeys::from_base64([("L26A", bad)]),
                    Err(KeyError::Encoding { .. })
                ),
                "{bad:.20}"
            );
        }
    }

    #[test]
    fn small_order_keys_are_refused() {
        // The identity point (y = 1): every signature with s = 0 would "verify" against it.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let text = STANDARD.encode(identity);
        assert!(matches!(
            TrustedKeys::from_base64([("L26A", text.as_str())]),
            Err(KeyError::Invalid { .. })
        ));
    }
}
