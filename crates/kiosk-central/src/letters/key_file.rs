//! The letter signing key in `pki_dir/letter-signing.key` (mode 0600): its id and Ed25519
//! seed. Like the CA key, in production it belongs in an HSM; this reference implementation
//! keeps it beside the CA. Only its public half goes into the database.

use std::{
    fs,
    io::Write,
    os::unix::fs::{OpenOptionsExt, PermissionsExt},
    path::{Path, PathBuf},
};

use anyhow::{Context, bail};
use kiosk_letter::{KeyId, SigningKey, signing_key_public_base64};
use zeroize::Zeroizing;

pub const KEY_FILE: &str = "letter-signing.key";

/// The key letters are signed with now.
pub struct LetterSigner {
    key_id: KeyId,
    key: SigningKey,
}

impl std::fmt::Debug for LetterSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LetterSigner({}, <key redacted>)", self.key_id)
    }
}

impl LetterSigner {
    pub fn new(key_id: KeyId, key: SigningKey) -> LetterSigner {
        LetterSigner { key_id, key }
    }

    pub fn key_id(&self) -> KeyId {
        self.key_id
    }

    pub fn key(&self) -> &SigningKey {
        &self.key
    }

    /// Base64 of the public key, as the database, the pull and `kiosk.toml` hold it.
    pub fn public_key(&self) -> String {
        signing_key_public_base64(&self.key)
    }
}

pub fn path(dir: &Path) -> PathBuf {
    dir.join(KEY_FILE)
}

/// Where a key goes when a rotation replaces it.
pub fn retired_path(dir: &Path, key_id: KeyId) -> PathBuf {
    dir.join(format!("letter-signing-{key_id}.key"))
}

/// The first free id for `year`: `L26A`, `L26B`, … `L26Z`, then `M26A` … (ids are 4
/// characters A-Z, 0-9; more than 26 rotations a year would be remarkable).
pub fn next_key_id(year: i32, taken: &[String]) -> anyhow::Result<KeyId> {
    let yy = year.rem_euclid(100);
    for series in b'L'..=b'Z' {
        for letter in b'A'..=b'Z' {
            let id = format!("{}{yy:02}{}", char::from(series), char::from(letter));
            if !taken.contains(&id) {
                return id.parse().context("letter key id");
            }
        }
    }
    bail!("no free letter key id left for {year}")
}

/// Creates a new key file; never overwrites one.
pub fn create(dir: &Path, key_id: KeyId) -> anyhow::Result<LetterSigner> {
    let mut seed = Zeroizing::new([0u8; 32]);
    getrandom::fill(seed.as_mut_slice()).map_err(|e| anyhow::anyhow!("randomness: {e}"))?;
    let text = Zeroizing::new(format!(
        "# kiosk-central: the activation letters' Ed25519 signing key. Secret: keep mode 0600.\n\
         key_id = \"{key_id}\"\nseed = \"{}\"\n",
        hex::encode(seed.as_slice())
    ));
    let file_path = path(dir);
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&file_path)
        .with_context(|| {
            format!(
                "{}: cannot create (it is never overwritten)",
                file_path.display()
            )
        })?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(LetterSigner::new(key_id, SigningKey::from_bytes(&seed)))
}

pub fn load(dir: &Path) -> anyhow::Result<LetterSigner> {
    let file_path = path(dir);
    let metadata = fs::metadata(&file_path).with_context(|| {
        format!(
            "{}: no letter signing key (create one with `kiosk-central rotate-letter-key`)",
            file_path.display()
        )
    })?;
    let mode = metadata.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        bail!(
            "{}: readable by group or others (mode {mode:o}); run `chmod 600` on it",
            file_path.display()
        );
    }
    let text = Zeroizing::new(
        fs::read_to_string(&file_path).with_context(|| format!("{}", file_path.display()))?,
    );
    parse(&text).with_context(|| format!("{}", file_path.display()))
}

fn parse(text: &str) -> anyhow::Result<LetterSigner> {
    let mut key_id = None;
    let mut seed = None;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            bail!("expected `name = \"value\"` lines");
        };
        let value = value.trim().trim_matches('"');
        match name.trim() {
            "key_id" => key_id = Some(value.parse::<KeyId>().context("key_id")?),
            "seed" => {
                let bytes = Zeroizing::new(hex::decode(value).context("seed: not hex")?);
                let seed_bytes: [u8; 32] = bytes
                    .as_slice()
                    .try_into()
                    .context("seed: expected 32 bytes (64 hex digits)")?;
                seed = Some(Zeroizing::new(seed_bytes));
            }
            other => bail!("unknown entry {other:?}"),
        }
    }
    let (Some(key_id), Some(seed)) = (key_id, seed) else {
        bail!("expected key_id and seed");
    };
    Ok(LetterSigner::new(key_id, SigningKey::from_bytes(&seed)))
}

/// Moves the current key file aside as `letter-signing-<id>.key` (kept for the record;
/// nothing signs with it any more). Returns its id, or None if there was none.
pub fn retire(dir: &Path) -> anyhow::Result<Option<KeyId>> {
    let current = path(dir);
    if !current.exists() {
        return Ok(None);
    }
    let old = load(dir)?;
    let retired = retired_path(dir, old.key_id());
    if retired.exists() {
        bail!(
            "{}: already there; it is never overwritten",
            retired.display()
        );
    }
    fs::rename(&current, &retired)
        .with_context(|| format!("{} to {}", current.display(), retired.display()))?;
    Ok(Some(old.key_id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_is_created_private_and_loads_again() {
        let dir = tempfile::tempdir().expect("tempdir");
        let id: KeyId = "L26A".parse().expect("id");
        let created = create(dir.path(), id).expect("created");
        let mode = fs::metadata(path(dir.path()))
            .expect("file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let loaded = load(dir.path()).expect("loads");
        assert_eq!(loaded.key_id(), id);
        assert_eq!(loaded.public_key(), created.public_key());
        assert!(!format!("{loaded:?}").contains(&hex::encode(loaded.key().to_bytes())));
        assert!(create(dir.path(), id).is_err(), "never overwritten");

        fs::set_permissions(path(dir.path()), fs::Permissions::from_mode(0o644)).expect("chmod");
        assert!(load(dir.path()).is_err(), "a readable key is refused");
        fs::set_permissions(path(dir.path()), fs::Permissions::from_mode(0o600)).expect("chmod");

        assert_eq!(retire(dir.path()).expect("retired"), Some(id));
        assert!(retired_path(dir.path(), id).exists());
        assert_eq!(retire(dir.path()).expect("nothing to retire"), None);
    }

    #[test]
    fn broken_files_are_refused() {
        for text in [
            "",
            "key_id = \"L26A\"",
            "key_id = \"L26A\"\nseed = \"00\"",
            "key_id = \"l26a\"\nseed = \"0000000000000000000000000000000000000000000000000000000000000000\"",
            "key_id = \"L26A\"\nseed = \"zz\"",
            "nonsense",
            "other = 1",
        ] {
            assert!(parse(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn key_ids_follow_the_year() {
        assert_eq!(next_key_id(2026, &[]).expect("id").as_str(), "L26A");
        let taken = vec!["L26A".to_owned(), "L26B".to_owned()];
        assert_eq!(next_key_id(2026, &taken).expect("id").as_str(), "L26C");
        let full: Vec<String> = (b'A'..=b'Z')
            .map(|c| format!("L27{}", char::from(c)))
            .collect();
        assert_eq!(next_key_id(2027, &full).expect("id").as_str(), "M27A");
        assert_eq!(next_key_id(2100, &[]).expect("id").as_str(), "L00A");
    }
}
