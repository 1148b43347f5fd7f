//! What can be wrong with the letter root and signing key files; each says what to do.

use std::path::PathBuf;

use kiosk_letter::{InvalidKeyId, RootKeyError};

use crate::new_file::NewFileError;

/// A letter key file could not be made, read or used.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    #[error("no randomness for a new key: {0}")]
    Randomness(getrandom::Error),
    #[error(transparent)]
    Create(#[from] NewFileError),
    #[error("{}: {hint} ({source})", path.display())]
    Missing {
        path: PathBuf,
        hint: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: readable by group or others (mode {mode:o}); run `chmod 600` on it", path.display())]
    TooOpen { path: PathBuf, mode: u32 },
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {problem}", path.display())]
    Invalid {
        path: PathBuf,
        problem: KeyFileProblem,
    },
    #[error("the new root key: {0}")]
    NewRoot(RootKeyError),
    #[error("{} and {public} are not one key pair: restore the pair from the backup", path.display())]
    NotOnePair { path: PathBuf, public: &'static str },
    #[error(
        "{}: not endorsed by {root}: make a new key with `kiosk-central rotate-letter-key`",
        path.display()
    )]
    NotEndorsed { path: PathBuf, root: &'static str },
    #[error("no free letter key id left for {0}")]
    NoFreeKeyId(i32),
    #[error("{}: already there; it is never overwritten", path.display())]
    RetiredExists { path: PathBuf },
    #[error("{} to {}: {source}", from.display(), to.display())]
    Retire {
        from: PathBuf,
        to: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// What is wrong inside a key file.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileProblem {
    #[error("expected `name = \"value\"` lines")]
    NotEntries,
    #[error("seed: not hex")]
    SeedNotHex,
    #[error("seed: expected 32 bytes (64 hex digits)")]
    SeedLength,
    #[error("unknown entry {0:?}")]
    UnknownEntry(String),
    #[error("expected {0}")]
    Expected(&'static str),
    #[error("key_id: {0}")]
    KeyId(InvalidKeyId),
    #[error("no key_id")]
    NoKeyId,
    #[error(
        "no endorsement (the key was made before the letter root endorsed keys): make a new one \
         with `kiosk-central rotate-letter-key`"
    )]
    NoEndorsement,
    #[error("{0}")]
    Root(RootKeyError),
}
