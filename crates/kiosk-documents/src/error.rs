use thiserror::Error;

use crate::{claims::ClaimsError, input::travel_dates::TravelDatesError};

/// Why a document could not be rendered or previewed. Messages name fields, never values: they
/// reach logs.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DocumentError {
    #[error("the member data has an invalid {field}")]
    Snapshot { field: &'static str },
    #[error("invalid travel dates: {0}")]
    TravelDates(#[from] TravelDatesError),
    #[error("the token cannot state this: {0}")]
    Claims(#[from] ClaimsError),
    #[error("document catalogue: {0}")]
    Catalogue(#[from] CatalogueError),
    #[error("font: {0}")]
    Font(&'static str),
    #[error("QR code: {0}")]
    Qr(String),
    #[error("not a PDF that can be previewed")]
    UnreadablePdf,
    #[error("page {page} does not exist (the document has {pages})")]
    NoSuchPage { page: usize, pages: usize },
    #[error("a preview is 16 to {max} pixels wide", max = crate::preview::MAX_WIDTH_PX)]
    PreviewWidth,
    #[error("the preview could not be encoded as PNG")]
    PreviewEncoding,
}

/// What is wrong with the documents' wording in the Fluent catalogue (a build fault, since the
/// catalogue is compiled in).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CatalogueError {
    #[error("{language}.ftl does not parse: {detail}")]
    Parse {
        language: &'static str,
        detail: String,
    },
    #[error("message {id} is missing")]
    Missing { id: String },
    #[error("message {id}: {detail}")]
    Format { id: String, detail: String },
}

impl DocumentError {
    /// A stable code for callers to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            DocumentError::Snapshot { .. } => "snapshot",
            DocumentError::TravelDates(error) => error.code(),
            DocumentError::Claims(_) => "claims",
            DocumentError::Catalogue(_) => "catalogue",
            DocumentError::Font(_) => "font",
            DocumentError::Qr(_) => "qr",
            DocumentError::UnreadablePdf => "unreadablePdf",
            DocumentError::NoSuchPage { .. } => "noSuchPage",
            DocumentError::PreviewWidth => "previewWidth",
            DocumentError::PreviewEncoding => "previewEncoding",
        }
    }
}
