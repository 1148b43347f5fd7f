//! Typed access to a TOML table that records a [`ConfigProblem`] for every bad key instead of
//! stopping at the first.

use std::path::{Path, PathBuf};

use toml::{Table, Value};

use crate::ConfigProblem;

pub(crate) struct Reader<'a> {
    base_dir: &'a Path,
    pub(crate) problems: Vec<ConfigProblem>,
}

/// One `[section]` of the file, remembering which keys were read so that the rest are
/// reported as unknown.
pub(crate) struct Section<'t> {
    name: &'static str,
    table: Option<&'t Table>,
    known: Vec<&'static str>,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(base_dir: &'a Path) -> Self {
        Reader {
            base_dir,
            problems: Vec::new(),
        }
    }

    pub(crate) fn problem(&mut self, key: String, found: Option<String>, expected: &str) {
        self.problems.push(ConfigProblem {
            key,
            found,
            expected: expected.to_owned(),
        });
    }

    pub(crate) fn section<'t>(
        &mut self,
        root: &'t Table,
        name: &'static str,
        required: bool,
    ) -> Section<'t> {
        let table = match root.get(name) {
            Some(Value::Table(table)) => Some(table),
            Some(other) => {
                self.problem(name.to_owned(), Some(shown(other)), "a [section] table");
                None
            }
            None => {
                if required {
                    self.problem(
                        format!("[{name}]"),
                        None,
                        "this section (see kiosk.example.toml)",
                    );
                }
                None
            }
        };
        Section {
            name,
            table,
            known: Vec::new(),
        }
    }

    fn raw<'t>(&mut self, section: &mut Section<'t>, key: &'static str) -> Option<&'t Value> {
        section.known.push(key);
        section.table.and_then(|t| t.get(key))
    }

    pub(crate) fn string(
        &mut self,
        section: &mut Section<'_>,
        key: &'static str,
        expected: &str,
        valid: impl Fn(&str) -> bool,
    ) -> Option<String> {
        let path = section.path(key);
        match self.raw(section, key) {
            Some(Value::String(s)) if valid(s) => Some(s.clone()),
            Some(other) => {
                self.problem(path, Some(shown(other)), expected);
                None
            }
            None => {
                if section.table.is_some() {
                    self.problem(path, None, expected);
                }
                None
            }
        }
    }

    pub(crate) fn optional_string(
        &mut self,
        section: &mut Section<'_>,
        key: &'static str,
        expected: &str,
        valid: impl Fn(&str) -> bool,
    ) -> Option<String> {
        let path = section.path(key);
        match self.raw(section, key) {
            Some(Value::String(s)) if valid(s) => Some(s.clone()),
            Some(other) => {
                self.problem(path, Some(shown(other)), expected);
                None
            }
            None => None,
        }
    }

    /// A whole number within `range`, or `default` when the key is absent.
    pub(crate) fn integer(
        &mut self,
        section: &mut Section<'_>,
        key: &'static str,
        range: std::ops::RangeInclusive<u64>,
        unit: &str,
        default: u64,
    ) -> u64 {
        let path = section.path(key);
        let expected = format!(
            "a whole number of {unit} from {} to {}",
            range.start(),
            range.end()
        );
        match self.raw(section, key) {
            None => default,
            Some(Value::Integer(n)) if u64::try_from(*n).is_ok_and(|n| range.contains(&n)) => {
                u64::try_from(*n).unwrap_or(default)
            }
            Some(other) => {
                self.problem(path, Some(shown(other)), &expected);
                default
            }
        }
    }

    pub(crate) fn string_list(
        &mut self,
        section: &mut Section<'_>,
        key: &'static str,
        expected: &str,
    ) -> Option<Vec<String>> {
        let path = section.path(key);
        match self.raw(section, key) {
            Some(Value::Array(items)) => {
                let strings: Option<Vec<String>> = items
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect();
                if strings.is_none() {
                    self.problem(path, Some(shown(&Value::Array(items.clone()))), expected);
                }
                strings
            }
            Some(other) => {
                self.problem(path, Some(shown(other)), expected);
                None
            }
            None => None,
        }
    }

    /// A path; relative paths are taken from the configuration file's folder.
    pub(crate) fn path(&self, value: &str) -> PathBuf {
        self.base_dir.join(value)
    }

    /// Reports every key of the section that nothing read.
    pub(crate) fn finish(&mut self, section: Section<'_>) {
        let Some(table) = section.table else { return };
        for key in table.keys() {
            if !section.known.contains(&key.as_str()) {
                let expected = format!(
                    "one of the keys of [{}]: {}",
                    section.name,
                    section.known.join(", ")
                );
                self.problems.push(ConfigProblem {
                    key: section.path(key),
                    found: Some("(unknown key)".to_owned()),
                    expected,
                });
            }
        }
    }
}

impl Section<'_> {
    pub(crate) fn is_present(&self) -> bool {
        self.table.is_some()
    }

    fn path(&self, key: &str) -> String {
        format!("{}.{key}", self.name)
    }
}

/// A value as it appears in the file, for error messages.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}
