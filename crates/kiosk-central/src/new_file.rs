//! Writing a key or certificate file that must not exist yet: the PKI and the letter keys are
//! never overwritten, so a second `init` cannot replace what kiosks already trust.

use std::{fs, io::Write, os::unix::fs::OpenOptionsExt, path::Path, path::PathBuf};

/// A new file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot create (it is never overwritten): {source}", path.display())]
pub struct NewFileError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Creates `path` with `mode` and writes `content` to disk; fails if it is already there.
pub(crate) fn write_new(path: &Path, content: &str, mode: u32) -> Result<(), NewFileError> {
    let write = || -> std::io::Result<()> {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(path)?;
        file.write_all(content.as_bytes())?;
        file.sync_all()
    };
    write().map_err(|source| NewFileError {
        path: path.to_owned(),
        source,
    })
}
