//! The kiosk's certificates (DESIGN.md, "Documents and printing"): rendered as PDF/A-2b with
//! embedded subset fonts and the wording of the Fluent catalogue, signed with a verification
//! token (`docs/document-token.md`) shown as a QR code, previewed as PNG, and verified.
//!
//! - `documents`: [`DocumentRequest`] and what each document type says.
//! - `render`: [`render`]: lay out (`layout`, `fonts`, `catalogue`), digest (`digest`), sign
//!   (`token`, `keys`), then the QR code and the file (`pdf`).
//! - `verify`: [`verify_token`], [`verify_pdf`] against a [`KeyLookup`].
//! - `preview`: [`preview_png`] (hayro).
//! - `input`: what the member enters: [`SenderNumber`], [`TravelDestination`], [`TravelDates`].
//!
//! No IO, no clock, no randomness: the caller brings the time, the document id and the key.

mod berlin;
mod catalogue;
mod claims;
mod digest;
mod documents;
mod error;
mod fonts;
mod input;
mod keys;
mod layout;
mod member;
mod pdf;
mod preview;
mod render;
mod token;
mod verify;

pub use berlin::{german_date, german_date_time};
pub use claims::{
    ClaimsError, DocumentClaims, DocumentId, DocumentKind, InvalidDocumentId, KeyId,
    MAX_VALIDITY_DAYS,
};
pub use documents::DocumentRequest;
pub use ed25519_dalek::{SigningKey, VerifyingKey};
pub use error::DocumentError;
pub use input::{
    destination::{
        ASK_STAFF_COUNTRIES, Advice, CountryGroup, DestinationError, EHIC_COUNTRIES,
        OFFERED_COUNTRIES, TREATY_FORM_COUNTRIES, TravelDestination, TreatyCountry,
    },
    sender::{SenderNumber, SenderNumberError},
    travel_dates::{MAX_DAYS_AHEAD, MAX_TRAVEL_DAYS, TravelDates, TravelDatesError},
};
pub use keys::{DocumentKeys, DocumentSigner, KeyLookup, KeyStatus};
pub use preview::{MAX_WIDTH_PX, preview_png};
pub use render::{IssueContext, RenderedDocument, render};
pub use token::{BODY_LEN, FORMAT_VERSION, NotADocument, PREFIX, TOKEN_BYTES, TOKEN_LEN};
pub use verify::{Verdict, verify_pdf, verify_token};
