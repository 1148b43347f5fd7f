use std::path::PathBuf;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{}: cannot read the store key: {source}", path.display())]
    KeyUnreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: the store key must be 64 hex digits (32 bytes); create one with `kioskctl store new-key`", path.display())]
    KeyFormat { path: PathBuf },
    #[error("{}: the store key is readable by group or others (mode {mode:o}); run `chmod 600` on it", path.display())]
    KeyTooOpen { path: PathBuf, mode: u32 },
    #[error("{}: a file is already there; a store key is never overwritten", path.display())]
    KeyExists { path: PathBuf },
    #[error("{}: cannot write the new store key: {source}", path.display())]
    KeyWrite {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}: cannot be opened with the configured key: either the key is wrong or the file is damaged. \
         Nothing was changed. Configure the key this store was created with, or move the file aside \
         to start an empty store (events not yet sent to the central system would be lost)",
        path.display()
    )]
    WrongKeyOrDamaged { path: PathBuf },
    #[error("{}: the store's integrity check failed ({report}); nothing was changed: move the file aside and restore it from the central system", path.display())]
    Damaged { path: PathBuf, report: String },
    #[error(
        "the SQLite library in use has no SQLCipher encryption; this build cannot keep data safe"
    )]
    NoEncryption,
    #[error("{}: written by a newer kiosk version (schema {found}, this version knows up to {supported}); update the kiosk software", path.display())]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{}: cannot create the data folder: {source}", path.display())]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "print {print_id} of this document is {state}: a document is printed again only after its \
         print failed or staff found it was not printed (`kioskctl print doubts`)"
    )]
    PrintExists {
        print_id: i64,
        state: crate::PrintState,
    },
    #[error("print {0} is not in the print journal")]
    UnknownPrint(i64),
    #[error("print {print_id} is {from} and cannot become {to}")]
    PrintTransition {
        print_id: i64,
        from: crate::PrintState,
        to: crate::PrintState,
    },
    #[error("store content: {0}")]
    Corrupt(String),
    #[error("store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("store: cannot encode a record: {0}")]
    Encode(#[from] serde_json::Error),
}
