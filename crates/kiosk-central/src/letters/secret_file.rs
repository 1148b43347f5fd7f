//! The secret key files in `pki_dir` (the letter signing key, the letter root): `name =
//! "value"` lines, mode 0600, never overwritten, refused when others may read them.

use std::{fs, os::unix::fs::PermissionsExt, path::Path};

use anyhow::{Context, bail};
use zeroize::Zeroizing;

/// A new 32-byte Ed25519 seed.
pub fn new_seed() -> anyhow::Result<Zeroizing<[u8; 32]>> {
    let mut seed = Zeroizing::new([0u8; 32]);
    getrandom::fill(seed.as_mut_slice()).map_err(|e| anyhow::anyhow!("randomness: {e}"))?;
    Ok(seed)
}

pub fn create(path: &Path, text: &str) -> anyhow::Result<()> {
    crate::pki::write_new(path, text, 0o600)
}

/// The file's text; `missing` says how to make it.
pub fn read(path: &Path, missing: &str) -> anyhow::Result<Zeroizing<String>> {
    let metadata = fs::metadata(path).with_context(|| format!("{}: {missing}", path.display()))?;
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        bail!(
            "{}: readable by group or others (mode {mode:o}); run `chmod 600` on it",
            path.display()
        );
    }
    Ok(Zeroizing::new(
        fs::read_to_string(path).with_context(|| format!("{}", path.display()))?,
    ))
}

/// The `name = "value"` entries, without comments and blank lines.
pub fn entries(text: &str) -> anyhow::Result<Vec<(&str, &str)>> {
    let mut entries = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            bail!("expected `name = \"value\"` lines");
        };
        entries.push((name.trim(), value.trim().trim_matches('"')));
    }
    Ok(entries)
}

/// A seed entry: 64 hex digits.
pub fn seed(value: &str) -> anyhow::Result<Zeroizing<[u8; 32]>> {
    let bytes = Zeroizing::new(hex::decode(value).context("seed: not hex")?);
    let seed: [u8; 32] = bytes
        .as_slice()
        .try_into()
        .context("seed: expected 32 bytes (64 hex digits)")?;
    Ok(Zeroizing::new(seed))
}
