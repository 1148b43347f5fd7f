//! The letter signing key in `pki_dir/letter-signing.key` (mode 0600): its id, Ed25519 seed
//! and the letter root's endorsement of it (`root_file.rs`), without which no kiosk trusts
//! it. Like the CA key, in production it belongs in an HSM; this reference implementation
//! keeps it beside the CA. Only its public half and the endorsement go into the database.

use std::{
    fs,
    path::{Path, PathBuf},
};

use kiosk_letter::{KeyId, SigningKey, endorse, signing_key_public_base64};
use zeroize::Zeroizing;

use super::{
    key_error::{KeyFileError, KeyFileProblem},
    root_file, secret_file,
};

pub const KEY_FILE: &str = "letter-signing.key";

/// The key letters are signed with now.
pub struct LetterSigner {
    key_id: KeyId,
    key: SigningKey,
    endorsement: String,
}

impl std::fmt::Debug for LetterSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LetterSigner({}, <key redacted>)", self.key_id)
    }
}

impl LetterSigner {
    pub fn key_id(&self) -> KeyId {
        self.key_id
    }

    pub fn key(&self) -> &SigningKey {
        &self.key
    }

    /// Base64 of the public key, as the database and the pull hold it.
    pub fn public_key(&self) -> String {
        signing_key_public_base64(&self.key)
    }

    /// The letter root's signature over the key id and public key (base64).
    pub fn endorsement(&self) -> &str {
        &self.endorsement
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
pub fn next_key_id(year: i32, taken: &[String]) -> Result<KeyId, KeyFileError> {
    let yy = year.rem_euclid(100);
    for series in b'L'..=b'Z' {
        for letter in b'A'..=b'Z' {
            let id = format!("{}{yy:02}{}", char::from(series), char::from(letter));
            // Always 4 characters A-Z, 0-9; a year that does not fit has no free id.
            if let (false, Ok(key_id)) = (taken.contains(&id), id.parse()) {
                return Ok(key_id);
            }
        }
    }
    Err(KeyFileError::NoFreeKeyId(year))
}

/// Creates a new key file, endorsed by `root`; never overwrites one.
pub fn create(dir: &Path, key_id: KeyId, root: &SigningKey) -> Result<LetterSigner, KeyFileError> {
    let seed = secret_file::new_seed()?;
    let key = SigningKey::from_bytes(&seed);
    let endorsement = endorse(root, key_id, &key.verifying_key());
    let text = Zeroizing::new(format!(
        "# kiosk-central: the activation letters' Ed25519 signing key. Secret: keep mode 0600.\n\
         key_id = \"{key_id}\"\nseed = \"{}\"\nendorsement = \"{endorsement}\"\n",
        hex::encode(seed.as_slice())
    ));
    secret_file::create(&path(dir), &text)?;
    Ok(LetterSigner {
        key_id,
        key,
        endorsement,
    })
}

/// The current signing key, checked against the letter root's public half beside it.
pub fn load(dir: &Path) -> Result<LetterSigner, KeyFileError> {
    let file_path = path(dir);
    let text = secret_file::read(
        &file_path,
        "no letter signing key (create one with `kiosk-central rotate-letter-key`)",
    )?;
    let signer = parse(&text).map_err(secret_file::invalid(&file_path))?;
    let root = root_file::load_public(dir)?;
    if root
        .check_endorsement(
            signer.key_id,
            &signer.key.verifying_key(),
            &signer.endorsement,
        )
        .is_err()
    {
        return Err(KeyFileError::NotEndorsed {
            path: file_path,
            root: root_file::PUBLIC_FILE,
        });
    }
    Ok(signer)
}

fn parse(text: &str) -> Result<LetterSigner, KeyFileProblem> {
    let mut key_id = None;
    let mut seed = None;
    let mut endorsement = None;
    for (name, value) in secret_file::entries(text)? {
        match name {
            "key_id" => key_id = Some(value.parse::<KeyId>().map_err(KeyFileProblem::KeyId)?),
            "seed" => seed = Some(secret_file::seed(value)?),
            "endorsement" => endorsement = Some(value.to_owned()),
            other => return Err(KeyFileProblem::UnknownEntry(other.to_owned())),
        }
    }
    match (key_id, seed, endorsement) {
        (Some(key_id), Some(seed), Some(endorsement)) => Ok(LetterSigner {
            key_id,
            key: SigningKey::from_bytes(&seed),
            endorsement,
        }),
        (Some(_), Some(_), None) => Err(KeyFileProblem::NoEndorsement),
        _ => Err(KeyFileProblem::Expected("key_id, seed and endorsement")),
    }
}

/// Moves the current key file aside as `letter-signing-<id>.key` (kept for the record;
/// nothing signs with it any more). Returns its id, or None if there was none.
pub fn retire(dir: &Path) -> Result<Option<KeyId>, KeyFileError> {
    let Some(old) = current_key_id(dir)? else {
        return Ok(None);
    };
    let current = path(dir);
    let retired = retired_path(dir, old);
    if retired.exists() {
        return Err(KeyFileError::RetiredExists { path: retired });
    }
    fs::rename(&current, &retired).map_err(|source| KeyFileError::Retire {
        from: current,
        to: retired.clone(),
        source,
    })?;
    Ok(Some(old))
}

/// The current key's id, if there is a key file; also for a key that is not (or no longer)
/// usable, so that it can be retired.
pub fn current_key_id(dir: &Path) -> Result<Option<KeyId>, KeyFileError> {
    let file_path = path(dir);
    if !file_path.exists() {
        return Ok(None);
    }
    let text = secret_file::read(&file_path, "cannot read")?;
    let key_id = || -> Result<KeyId, KeyFileProblem> {
        let (_, value) = secret_file::entries(&text)?
            .into_iter()
            .find(|(name, _)| *name == "key_id")
            .ok_or(KeyFileProblem::NoKeyId)?;
        value.parse().map_err(KeyFileProblem::KeyId)
    };
    key_id().map(Some).map_err(secret_file::invalid(&file_path))
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn a_key_file_is_created_private_and_loads_again() {
        let dir = tempfile::tempdir().expect("tempdir");
        let id: KeyId = "L26A".parse().expect("id");
        root_file::create(dir.path()).expect("root");
        let root = root_file::load(dir.path()).expect("root");
        let created = create(dir.path(), id, &root).expect("created");
        let mode = fs::metadata(path(dir.path()))
            .expect("file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let loaded = load(dir.path()).expect("loads");
        assert_eq!(loaded.key_id(), id);
        assert_eq!(loaded.public_key(), created.public_key());
        assert!(!format!("{loaded:?}").contains(&hex::encode(loaded.key().to_bytes())));
        assert_eq!(loaded.endorsement(), created.endorsement());
        assert!(create(dir.path(), id, &root).is_err(), "never overwritten");

        fs::set_permissions(path(dir.path()), fs::Permissions::from_mode(0o644)).expect("chmod");
        let open = load(dir.path()).expect_err("a readable key is refused");
        assert!(
            matches!(open, KeyFileError::TooOpen { mode: 0o644, .. })
                && open.to_string().contains("run `chmod 600`"),
            "{open}"
        );
        fs::set_permissions(path(dir.path()), fs::Permissions::from_mode(0o600)).expect("chmod");

        // Endorsed by another root: refused, since no kiosk would trust it.
        fs::rename(path(dir.path()), dir.path().join("kept")).expect("mv");
        let other_root = SigningKey::from_bytes(&[9; 32]);
        create(dir.path(), id, &other_root).expect("created");
        let refused = load(dir.path()).expect_err("another root's key");
        assert!(
            format!("{refused:#}").contains("not endorsed"),
            "{refused:#}"
        );
        fs::rename(dir.path().join("kept"), path(dir.path())).expect("mv");

        assert_eq!(retire(dir.path()).expect("retired"), Some(id));
        assert!(retired_path(dir.path(), id).exists());
        assert_eq!(retire(dir.path()).expect("nothing to retire"), None);
    }

    #[test]
    fn broken_files_are_refused_with_what_is_wrong() {
        let zero_seed = "0".repeat(64);
        for (text, expected) in [
            ("".to_owned(), "expected key_id, seed and endorsement"),
            ("key_id = \"L26A\"".to_owned(), "expected key_id"),
            (
                "key_id = \"L26A\"\nseed = \"00\"".to_owned(),
                "seed: expected 32 bytes",
            ),
            (
                format!("key_id = \"l26a\"\nseed = \"{zero_seed}\""),
                "key_id: a letter key id",
            ),
            (
                "key_id = \"L26A\"\nseed = \"zz\"".to_owned(),
                "seed: not hex",
            ),
            // Made before the root endorsed keys.
            (
                format!("key_id = \"L26A\"\nseed = \"{zero_seed}\""),
                "no endorsement",
            ),
            ("nonsense".to_owned(), "expected `name = \"value\"` lines"),
            ("other = 1".to_owned(), "unknown entry \"other\""),
        ] {
            let problem = parse(&text).expect_err(&text).to_string();
            assert!(problem.starts_with(expected), "{text:?}: {problem}");
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
