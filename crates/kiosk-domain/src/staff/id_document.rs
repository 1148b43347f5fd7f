//! The ID document staff check in person before a member session opens at level high: its
//! kind, its expiry (an expired document is refused) and the last 4 characters of its number,
//! which are all the kiosk records: never the full number, never a photo.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use time::Date;

/// No ID document accepted here is valid for longer (Personalausweis and Reisepass: 10 years
/// from 24; eAT at most 10): a later expiry is a typing error.
pub const MAX_DOCUMENT_YEARS: i32 = 10;

/// The characters of German ID document numbers (Personalausweis since 2010, Reisepass,
/// eAT): digits and consonants that cannot be mistaken for digits.
const GERMAN_NUMBER_CHARS: &str = "0123456789CFGHJKLMNPRTVWXYZ";

/// EU and EEA states (and Switzerland) whose national ID card serves as an ID document
/// in Germany, without Germany itself (a German citizen shows a Personalausweis).
pub const EU_ID_COUNTRIES: &[&str] = &[
    "AT", "BE", "BG", "CH", "CY", "CZ", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS",
    "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum IdDocumentKind {
    Personalausweis,
    Reisepass,
    /// Elektronischer Aufenthaltstitel.
    Aufenthaltstitel,
    /// An EU, EEA or Swiss citizen's national ID card.
    EuNationalId,
}

impl IdDocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            IdDocumentKind::Personalausweis => "personalausweis",
            IdDocumentKind::Reisepass => "reisepass",
            IdDocumentKind::Aufenthaltstitel => "aufenthaltstitel",
            IdDocumentKind::EuNationalId => "euNationalId",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum IdDocumentError {
    #[error("the document has expired: an expired document cannot identify the member")]
    Expired,
    #[error(
        "no ID document is valid for more than {MAX_DOCUMENT_YEARS} years: check the expiry date"
    )]
    ExpiryTooFar,
    #[error("enter the last 4 characters of the document number")]
    NumberEndLength,
    #[error(
        "German ID document numbers hold only digits and the letters C F G H J K L M N P R T V W X Y Z"
    )]
    NumberEndGermanChars,
    #[error("the last 4 characters are letters A-Z or digits")]
    NumberEndChars,
    #[error("choose the country that issued the national ID card (EU, EEA or Switzerland)")]
    Country,
}

/// A document staff checked: made only by [`CheckedDocument::check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedDocument {
    kind: IdDocumentKind,
    expires_on: Date,
    number_end: String,
    country: Option<String>,
}

impl CheckedDocument {
    /// Checks what staff entered against `today` (the German calendar date). The number's
    /// end is compared in upper case; `country` is asked for an EU national ID only.
    pub fn check(
        kind: IdDocumentKind,
        expires_on: Date,
        number_end: &str,
        country: Option<&str>,
        today: Date,
    ) -> Result<CheckedDocument, IdDocumentError> {
        if expires_on < today {
            return Err(IdDocumentError::Expired);
        }
        let latest = today
            .replace_year(today.year() + MAX_DOCUMENT_YEARS)
            .unwrap_or(Date::MAX);
        if expires_on > latest {
            return Err(IdDocumentError::ExpiryTooFar);
        }
        let number_end = number_end.trim().to_ascii_uppercase();
        if number_end.chars().count() != 4 {
            return Err(IdDocumentError::NumberEndLength);
        }
        let country = match kind {
            IdDocumentKind::EuNationalId => {
                if !number_end.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return Err(IdDocumentError::NumberEndChars);
                }
                let code = country.map(str::to_ascii_uppercase).unwrap_or_default();
                if !EU_ID_COUNTRIES.contains(&code.as_str()) {
                    return Err(IdDocumentError::Country);
                }
                Some(code)
            }
            _ => {
                if !number_end.chars().all(|c| GERMAN_NUMBER_CHARS.contains(c)) {
                    return Err(IdDocumentError::NumberEndGermanChars);
                }
                None
            }
        };
        Ok(CheckedDocument {
            kind,
            expires_on,
            number_end,
            country,
        })
    }

    pub fn kind(&self) -> IdDocumentKind {
        self.kind
    }

    pub fn expires_on(&self) -> Date {
        self.expires_on
    }

    /// The last 4 characters of its number, upper case.
    pub fn number_end(&self) -> &str {
        &self.number_end
    }

    pub fn country(&self) -> Option<&str> {
        self.country.as_deref()
    }
}
