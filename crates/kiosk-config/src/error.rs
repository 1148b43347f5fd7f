use std::{fmt, path::PathBuf};

use thiserror::Error;

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("{}: cannot read the configuration: {source}", file.display())]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not valid TOML: {message}", file.display())]
    Syntax { file: PathBuf, message: String },
    #[error("{}", render(file, problems))]
    Invalid {
        file: PathBuf,
        problems: Vec<ConfigProblem>,
    },
}

/// One key that is wrong, missing or unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// Dotted path, e.g. `session.idle_seconds`.
    pub key: String,
    /// The value as written, or `None` when the key is missing.
    pub found: Option<String>,
    pub expected: String,
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.found {
            Some(found) => write!(f, "{} = {}: expected {}", self.key, found, self.expected),
            None => write!(f, "{} is missing: expected {}", self.key, self.expected),
        }
    }
}

fn render(file: &std::path::Path, problems: &[ConfigProblem]) -> String {
    let lines: Vec<String> = problems
        .iter()
        .map(|p| format!("{}: {p}", file.display()))
        .collect();
    lines.join("\n")
}

impl ConfigError {
    pub fn problems(&self) -> &[ConfigProblem] {
        match self {
            ConfigError::Invalid { problems, .. } => problems,
            _ => &[],
        }
    }
}
