use std::{
    fs,
    io::Write,
    os::unix::fs::{OpenOptionsExt, PermissionsExt},
    path::Path,
};

use zeroize::Zeroizing;

use crate::StoreError;

/// The 32-byte SQLCipher key. Never logged, never hard-coded, zeroized when dropped.
pub struct StoreKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoreKey(<redacted>)")
    }
}

impl StoreKey {
    /// Reads a key file (or systemd credential) of 64 hex digits; surrounding whitespace is
    /// ignored. Refuses files that group or others can read.
    pub fn from_file(path: &Path) -> Result<StoreKey, StoreError> {
        let unreadable = |source| StoreError::KeyUnreadable {
            path: path.to_owned(),
            source,
        };
        let mode = fs::metadata(path).map_err(unreadable)?.permissions().mode();
        if mode & 0o077 != 0 {
            return Err(StoreError::KeyTooOpen {
                path: path.to_owned(),
                mode: mode & 0o777,
            });
        }
        let text = Zeroizing::new(fs::read_to_string(path).map_err(unreadable)?);
        let mut key = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(text.trim(), key.as_mut_slice()).map_err(|_| {
            StoreError::KeyFormat {
                path: path.to_owned(),
            }
        })?;
        Ok(StoreKey(key))
    }

    /// Writes a new random key to `path` (mode 0600). Never replaces an existing file.
    pub fn create_file(path: &Path) -> Result<(), StoreError> {
        let mut key = Zeroizing::new([0u8; 32]);
        getrandom::fill(key.as_mut_slice()).map_err(|e| StoreError::KeyWrite {
            path: path.to_owned(),
            source: std::io::Error::other(e.to_string()),
        })?;
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map_err(|source| match source.kind() {
                std::io::ErrorKind::AlreadyExists => StoreError::KeyExists {
                    path: path.to_owned(),
                },
                _ => StoreError::KeyWrite {
                    path: path.to_owned(),
                    source,
                },
            })?;
        let text = Zeroizing::new(hex::encode(key.as_slice()));
        file.write_all(text.as_bytes())
            .and_then(|()| file.write_all(b"\n"))
            .and_then(|()| file.sync_all())
            .map_err(|source| StoreError::KeyWrite {
                path: path.to_owned(),
                source,
            })
    }

    /// The `PRAGMA key` statement for this key, as a raw key (no passphrase derivation).
    pub(crate) fn pragma(&self) -> Zeroizing<String> {
        let hex = Zeroizing::new(hex::encode(self.0.as_slice()));
        Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", hex.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_keys_are_private_and_read_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("store.key");
        StoreKey::create_file(&path).expect("create");
        let mode = fs::metadata(&path).expect("exists").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        StoreKey::from_file(&path).expect("read back");
        assert!(matches!(
            StoreKey::create_file(&path),
            Err(StoreError::KeyExists { .. })
        ));
    }

    #[test]
    fn open_or_malformed_keys_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("store.key");
        fs::write(&path, "00".repeat(32)).expect("write");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
        assert!(matches!(
            StoreKey::from_file(&path),
            Err(StoreError::KeyTooOpen { .. })
        ));
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
        fs::write(&path, "not hex").expect("write");
        assert!(matches!(
            StoreKey::from_file(&path),
            Err(StoreError::KeyFormat { .. })
        ));
        fs::write(&path, "ab".repeat(31)).expect("write");
        assert!(matches!(
            StoreKey::from_file(&path),
            Err(StoreError::KeyFormat { .. })
        ));
        let missing = dir.path().join("missing.key");
        assert!(matches!(
            StoreKey::from_file(&missing),
            Err(StoreError::KeyUnreadable { .. })
        ));
    }

    #[test]
    fn debug_never_shows_the_key() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("store.key");
        fs::write(&path, "ab".repeat(32)).expect("write");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).expect("chmod");
        let key = StoreKey::from_file(&path).expect("valid");
        assert!(!format!("{key:?}").contains("ab"));
    }
}
