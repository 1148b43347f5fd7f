//! `kiosk.toml`: one kiosk's configuration, loaded and validated at start.
//!
//! Every problem is reported with the file, the key, what was found and what is expected, and
//! all problems of a file are reported together so that IT fixes them in one pass.

mod error;
mod reader;
mod schema;
mod sections;
#[cfg(test)]
mod tests;

pub use error::{ConfigError, ConfigProblem};
pub use schema::{CameraSource, KeySource, KeySourceError, KioskConfig, SyncPolicy};

use std::path::Path;

/// Reads and validates the file at `path`.
pub fn load(path: &Path) -> Result<KioskConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        file: path.to_owned(),
        source,
    })?;
    parse(&text, path)
}

/// Validates `text` as if read from `path` (relative paths in it are taken from its folder).
pub fn parse(text: &str, path: &Path) -> Result<KioskConfig, ConfigError> {
    let table: toml::Table =
        text.parse()
            .map_err(|error: toml::de::Error| ConfigError::Syntax {
                file: path.to_owned(),
                message: error.to_string(),
            })?;
    schema::from_table(&table, path)
}
