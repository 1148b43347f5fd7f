use serde::{Deserialize, Serialize};

/// A language the kiosk can speak. German is the default; the set grows with the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    De,
    En,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::De, Language::En];

    /// The BCP 47 tag, as used in `kiosk.toml`, the catalogue file names and `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::De => "de",
            Language::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.tag() == tag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for language in Language::ALL {
            assert_eq!(Language::from_tag(language.tag()), Some(language));
        }
        assert_eq!(Language::from_tag("tr"), None);
        assert_eq!(Language::from_tag("DE"), None);
    }
}
