//! The letter root in `pki_dir`: its seed in `letter-root.key` (mode 0600) and its public half
//! in `letter-root.pub`, which kiosks pin in `kiosk.toml`. The root signs nothing but the
//! endorsement of each new letter signing key, so in production it stays offline (an HSM or
//! an air-gapped machine) and the running service never needs it; this reference
//! implementation keeps it beside the CA.

use std::{fs, path::Path};

use kiosk_letter::{LetterRoot, SigningKey};

use super::{
    key_error::{KeyFileError, KeyFileProblem},
    secret_file,
};

pub const KEY_FILE: &str = "letter-root.key";
pub const PUBLIC_FILE: &str = "letter-root.pub";

/// Makes a new root; never overwrites one.
pub fn create(dir: &Path) -> Result<LetterRoot, KeyFileError> {
    let seed = secret_file::new_seed()?;
    let key = SigningKey::from_bytes(&seed);
    let root = LetterRoot::new(key.verifying_key()).map_err(KeyFileError::NewRoot)?;
    let text = zeroize::Zeroizing::new(format!(
        "# kiosk-central: the letter root, which endorses letter signing keys. Secret: keep \
         mode 0600, and offline in production.\nseed = \"{}\"\n",
        hex::encode(seed.as_slice())
    ));
    secret_file::create(&dir.join(KEY_FILE), &text)?;
    crate::new_file::write_new(&dir.join(PUBLIC_FILE), &root.to_public_file(), 0o644)?;
    Ok(root)
}

/// The root's signing key, to endorse a new letter key.
pub fn load(dir: &Path) -> Result<SigningKey, KeyFileError> {
    let path = dir.join(KEY_FILE);
    let text = secret_file::read(
        &path,
        "no letter root (create one with `kiosk-central init-letter-root --dir PKI_DIR`, then \
         pin letter-root.pub in every kiosk.toml)",
    )?;
    let parse = || match secret_file::entries(&text)?.as_slice() {
        [("seed", value)] => Ok(SigningKey::from_bytes(&*secret_file::seed(value)?)),
        _ => Err(KeyFileProblem::Expected("one entry, seed")),
    };
    let key = parse().map_err(secret_file::invalid(&path))?;
    let pair = LetterRoot::new(key.verifying_key())
        .map_err(|why| secret_file::invalid(&path)(KeyFileProblem::Root(why)))?;
    if load_public(dir)? != pair {
        return Err(KeyFileError::NotOnePair {
            path,
            public: PUBLIC_FILE,
        });
    }
    Ok(key)
}

/// The root's public half, as the kiosks pin it.
pub fn load_public(dir: &Path) -> Result<LetterRoot, KeyFileError> {
    let path = dir.join(PUBLIC_FILE);
    let text = fs::read_to_string(&path).map_err(|source| KeyFileError::Missing {
        path: path.clone(),
        hint: "no letter root (create one with `kiosk-central init-letter-root --dir PKI_DIR`)",
        source,
    })?;
    LetterRoot::from_public_file(&text)
        .map_err(|why| secret_file::invalid(&path)(KeyFileProblem::Root(why)))
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn a_root_is_made_once_private_and_its_public_half_beside_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = create(dir.path()).expect("created");
        let mode = |file: &str| {
            fs::metadata(dir.path().join(file))
                .expect("file")
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!((mode(KEY_FILE), mode(PUBLIC_FILE)), (0o600, 0o644));
        assert_eq!(load_public(dir.path()).expect("public"), root);
        let key = load(dir.path()).expect("loads");
        assert_eq!(LetterRoot::new(key.verifying_key()).expect("root"), root);
        assert!(create(dir.path()).is_err(), "never overwritten");

        // Another public half beside the key: refused, not silently used.
        let other =
            LetterRoot::new(SigningKey::from_bytes(&[9; 32]).verifying_key()).expect("root");
        fs::remove_file(dir.path().join(PUBLIC_FILE)).expect("rm");
        fs::write(dir.path().join(PUBLIC_FILE), other.to_public_file()).expect("write");
        assert!(
            format!("{:#}", load(dir.path()).expect_err("mismatch")).contains("not one key pair")
        );
    }
}
