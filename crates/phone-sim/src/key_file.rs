//! The device key at rest: its seed sealed with XChaCha20-Poly1305 under a key that Argon2id
//! derives from the PIN and a random salt. A wrong PIN fails the seal; five in a row destroy
//! the key (the member registers again at a kiosk). The file is written whole (a temporary
//! file, then a rename) with mode 0600.
//!
//! A real app keeps the key in the phone's hardware key store, whose counter an attacker
//! cannot reset; this file's counter only stands in for it.

use std::{
    io::Write,
    os::unix::fs::{OpenOptionsExt, PermissionsExt},
    path::{Path, PathBuf},
};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::{
    XChaCha20Poly1305, XNonce,
    aead::{Aead, KeyInit, Payload},
};
use kiosk_letter::SigningKey;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::Pin;

/// Wrong PINs in a row after which the key is destroyed.
pub const MAX_WRONG_PINS: u32 = 5;
/// Argon2id's cost: OWASP's minimum (19 MiB, 2 passes, 1 lane).
const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;

#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    /// The cause is the source (shown after the message in an error chain).
    #[error("{}: {action}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
    #[error("{}: not a phone-sim key file ({problem})", path.display())]
    Malformed { path: PathBuf, problem: String },
    #[error("wrong PIN: {left} tries left before the key is destroyed")]
    WrongPin { left: u32 },
    #[error("wrong PIN too often: the key is destroyed; register this phone again at a kiosk")]
    Destroyed,
    #[error("{}: a key file is already there; remove the registration first", path.display())]
    Exists { path: PathBuf },
    #[error("no randomness for a new key: {0}")]
    Random(getrandom::Error),
}

/// What the file holds. Everything but the seed is in the clear: it names no person.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Stored {
    version: u8,
    /// The central system's id for this device, once bound.
    device_id: Option<String>,
    /// The phone API's origin from the registration QR.
    origin: String,
    label: String,
    salt: String,
    nonce: String,
    sealed: String,
    wrong_pins: u32,
}

/// An unlocked key file.
#[derive(Debug)]
pub struct KeyFile {
    path: PathBuf,
    stored: Stored,
    key: SigningKey,
}

fn cipher(pin: &Pin, salt: &[u8]) -> XChaCha20Poly1305 {
    let params = Params::new(MEMORY_KIB, PASSES, 1, Some(32)).unwrap_or_default();
    let mut key = Zeroizing::new([0u8; 32]);
    // Fails only for parameters out of range, which these constants are not.
    let _ = Argon2::new(Algorithm::Argon2id, Version::V0x13, params).hash_password_into(
        pin.as_bytes(),
        salt,
        key.as_mut(),
    );
    XChaCha20Poly1305::new(key.as_ref().into())
}

fn random<const N: usize>() -> Result<[u8; N], KeyFileError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(KeyFileError::Random)?;
    Ok(bytes)
}

impl KeyFile {
    /// A new device key for `origin`, sealed under `pin`; never overwrites a file.
    pub fn create(
        path: &Path,
        pin: &Pin,
        origin: &str,
        label: &str,
    ) -> Result<KeyFile, KeyFileError> {
        if path.exists() {
            return Err(KeyFileError::Exists {
                path: path.to_owned(),
            });
        }
        let seed = Zeroizing::new(random::<32>()?);
        let salt: [u8; 16] = random()?;
        let nonce: [u8; 24] = random()?;
        let sealed = cipher(pin, &salt)
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: seed.as_ref(),
                    aad: origin.as_bytes(),
                },
            )
            .map_err(|_| KeyFileError::Malformed {
                path: path.to_owned(),
                problem: "sealing failed".into(),
            })?;
        let file = KeyFile {
            path: path.to_owned(),
            stored: Stored {
                version: 1,
                device_id: None,
                origin: origin.to_owned(),
                label: label.to_owned(),
                salt: hex::encode(salt),
                nonce: hex::encode(nonce),
                sealed: hex::encode(sealed),
                wrong_pins: 0,
            },
            key: SigningKey::from_bytes(&seed),
        };
        file.write()?;
        Ok(file)
    }

    /// Unlocks the key with `pin`. A wrong PIN is counted in the file before the answer.
    pub fn unlock(path: &Path, pin: &Pin) -> Result<KeyFile, KeyFileError> {
        let io = |action| {
            let path = path.to_owned();
            move |source| KeyFileError::Io {
                path,
                action,
                source,
            }
        };
        let text = std::fs::read_to_string(path).map_err(io("cannot read the key file"))?;
        let malformed = |problem: &str| KeyFileError::Malformed {
            path: path.to_owned(),
            problem: problem.to_owned(),
        };
        let stored: Stored = serde_json::from_str(&text).map_err(|e| malformed(&e.to_string()))?;
        if stored.version != 1 {
            return Err(malformed("unknown version"));
        }
        let bytes = |hex_text: &str, what: &str| hex::decode(hex_text).map_err(|_| malformed(what));
        let salt = bytes(&stored.salt, "salt")?;
        let nonce = bytes(&stored.nonce, "nonce")?;
        let sealed = bytes(&stored.sealed, "sealed key")?;
        if nonce.len() != 24 {
            return Err(malformed("nonce"));
        }
        let opened = cipher(pin, &salt).decrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &sealed,
                aad: stored.origin.as_bytes(),
            },
        );
        let mut file = KeyFile {
            path: path.to_owned(),
            stored,
            key: SigningKey::from_bytes(&[0; 32]),
        };
        match opened {
            Ok(seed) => {
                let seed = Zeroizing::new(seed);
                let seed: [u8; 32] = seed.as_slice().try_into().map_err(|_| malformed("seed"))?;
                file.key = SigningKey::from_bytes(&seed);
                if file.stored.wrong_pins != 0 {
                    file.stored.wrong_pins = 0;
                    file.write()?;
                }
                Ok(file)
            }
            Err(_) => {
                file.stored.wrong_pins += 1;
                if file.stored.wrong_pins >= MAX_WRONG_PINS {
                    std::fs::remove_file(path).map_err(io("cannot destroy the key file"))?;
                    return Err(KeyFileError::Destroyed);
                }
                file.write()?;
                Err(KeyFileError::WrongPin {
                    left: MAX_WRONG_PINS - file.stored.wrong_pins,
                })
            }
        }
    }

    pub fn key(&self) -> &SigningKey {
        &self.key
    }

    pub fn origin(&self) -> &str {
        &self.stored.origin
    }

    pub fn label(&self) -> &str {
        &self.stored.label
    }

    pub fn device_id(&self) -> Option<&str> {
        self.stored.device_id.as_deref()
    }

    /// Records the central system's id for the bound device.
    pub fn set_device_id(&mut self, device_id: &str) -> Result<(), KeyFileError> {
        self.stored.device_id = Some(device_id.to_owned());
        self.write()
    }

    /// "Registrierung aufheben": the key is gone.
    pub fn destroy(self) -> Result<(), KeyFileError> {
        std::fs::remove_file(&self.path).map_err(|source| KeyFileError::Io {
            path: self.path.clone(),
            action: "cannot remove the key file",
            source,
        })
    }

    fn write(&self) -> Result<(), KeyFileError> {
        let io = |action| {
            let path = self.path.clone();
            move |source| KeyFileError::Io {
                path,
                action,
                source,
            }
        };
        let text =
            serde_json::to_string_pretty(&self.stored).map_err(|e| KeyFileError::Malformed {
                path: self.path.clone(),
                problem: e.to_string(),
            })?;
        let temporary = self.path.with_extension("tmp");
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&temporary)
            .map_err(io("cannot write the key file"))?;
        std::fs::set_permissions(&temporary, std::fs::Permissions::from_mode(0o600))
            .map_err(io("cannot restrict the key file"))?;
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(io("cannot write the key file"))?;
        std::fs::rename(&temporary, &self.path).map_err(io("cannot replace the key file"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_opens_with_its_pin_and_five_wrong_ones_destroy_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("phone.key");
        let pin = Pin::choose("482915").expect("pin");
        let created =
            KeyFile::create(&path, &pin, "HTTPS://CENTRAL.EXAMPLE", "Pixel").expect("key");
        let mode = std::fs::metadata(&path).expect("file").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let text = std::fs::read_to_string(&path).expect("file");
        assert!(
            !text.contains(&hex::encode(created.key().to_bytes())),
            "the seed is sealed"
        );
        assert!(matches!(
            KeyFile::create(&path, &pin, "x", "y"),
            Err(KeyFileError::Exists { .. })
        ));

        let unlocked = KeyFile::unlock(&path, &pin).expect("unlocks");
        assert_eq!(unlocked.key().to_bytes(), created.key().to_bytes());
        let wrong = Pin::typed("000000").expect("form");
        for left in (1..MAX_WRONG_PINS).rev() {
            match KeyFile::unlock(&path, &wrong) {
                Err(KeyFileError::WrongPin { left: l }) => assert_eq!(l, left),
                other => panic!("{other:?}"),
            }
        }
        // The right PIN resets the count.
        KeyFile::unlock(&path, &pin).expect("unlocks");
        for _ in 1..MAX_WRONG_PINS {
            assert!(KeyFile::unlock(&path, &wrong).is_err());
        }
        assert!(matches!(
            KeyFile::unlock(&path, &wrong),
            Err(KeyFileError::Destroyed)
        ));
        assert!(!path.exists());
    }
}
