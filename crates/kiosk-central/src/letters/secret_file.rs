//! The secret key files in `pki_dir` (the letter signing key, the letter root): `name =
//! "value"` lines, mode 0600, never overwritten, refused when others may read them.

use std::{fs, os::unix::fs::PermissionsExt, path::Path};

use zeroize::Zeroizing;

use super::key_error::{KeyFileError, KeyFileProblem};

/// A new 32-byte Ed25519 seed.
pub fn new_seed() -> Result<Zeroizing<[u8; 32]>, KeyFileError> {
    let mut seed = Zeroizing::new([0u8; 32]);
    getrandom::fill(seed.as_mut_slice()).map_err(KeyFileError::Randomness)?;
    Ok(seed)
}

pub fn create(path: &Path, text: &str) -> Result<(), KeyFileError> {
    Ok(crate::new_file::write_new(path, text, 0o600)?)
}

/// The file's text; `missing` says how to make it.
pub fn read(path: &Path, missing: &'static str) -> Result<Zeroizing<String>, KeyFileError> {
    let metadata = fs::metadata(path).map_err(|source| KeyFileError::Missing {
        path: path.to_owned(),
        hint: missing,
        source,
    })?;
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(KeyFileError::TooOpen {
            path: path.to_owned(),
            mode,
        });
    }
    let text = fs::read_to_string(path).map_err(|source| KeyFileError::Read {
        path: path.to_owned(),
        source,
    })?;
    Ok(Zeroizing::new(text))
}

/// The `name = "value"` entries, without comments and blank lines.
pub fn entries(text: &str) -> Result<Vec<(&str, &str)>, KeyFileProblem> {
    let mut entries = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, value) = line.split_once('=').ok_or(KeyFileProblem::NotEntries)?;
        entries.push((name.trim(), value.trim().trim_matches('"')));
    }
    Ok(entries)
}

/// A seed entry: 64 hex digits.
pub fn seed(value: &str) -> Result<Zeroizing<[u8; 32]>, KeyFileProblem> {
    let bytes = Zeroizing::new(hex::decode(value).map_err(|_| KeyFileProblem::SeedNotHex)?);
    let seed: [u8; 32] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| KeyFileProblem::SeedLength)?;
    Ok(Zeroizing::new(seed))
}

/// The error for a problem inside the file at `path`.
pub fn invalid(path: &Path) -> impl FnOnce(KeyFileProblem) -> KeyFileError {
    let path = path.to_owned();
    move |problem| KeyFileError::Invalid { path, problem }
}
