//! The kiosk's certificates (DESIGN.md, "Documents and printing"): rendered as PDF/A-2b with
//! embedded subset fonts and the wording of the Fluent catalogue, signed with a verification
//! token (`docs/document-token.md`) shown as a QR code, previewed as PNG, and verified.
//!
//! - `documents`: [`DocumentRequest`] and what each document type says.
//! - `render`: [`render`]: lay out (`layout`, `fonts`, `catalogue`), digest (`digest`), sign
//!   (`token`, `keys`), then the QR code and the file (`pdf`).
//! - `verify`: [`verify_token`], [`verify_pdf`] against a [`KeyLookup`].
//! - `preview`: [`preview_png`] and [`preview_pngs`] (hayro).
//! - `input`: what the member enters: [`SenderNumber`], [`TravelDestination`], [`TravelDates`].
//!
//! No IO, no clock, no randomness: the caller brings the time, the document id and the key.

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

// Berlin time lives in kiosk-domain (letters and travel dates use it too).
pub use claims::{
    ClaimsError, DocumentClaims, DocumentId, DocumentKind, InvalidDocumentId, KeyId,
    MAX_VALIDITY_DAYS,
};
pub use documents::DocumentRequest;
pub use ed25519_dalek::{SigningKey, VerifyingKey};
pub use error::{CatalogueError, DocumentError};
pub use input::{
    destination::{
        ASK_STAFF_COUNTRIES, Advice, CountryGroup, DestinationError, EHIC_COUNTRIES,
        OFFERED_COUNTRIES, TREATY_FORM_COUNTRIES, TravelDestination, TreatyCountry,
    },
    sender::{SenderNumber, SenderNumberError},
    travel_dates::{MAX_DAYS_AHEAD, MAX_TRAVEL_DAYS, TravelDates, TravelDatesError},
};
pub use keys::{DocumentKeys, DocumentSigner, KeyLookup, KeyStatus};
pub(crate) use kiosk_domain::berlin;
pub use pdf::qr::{dark_runs, single_segment_symbol};
pub use preview::{MAX_WIDTH_PX, preview_png, preview_pngs};
pub use render::{IssueContext, RenderedDocument, render};
pub use token::{BODY_LEN, FORMAT_VERSION, NotADocument, PREFIX, TOKEN_BYTES, TOKEN_LEN};
pub use verify::{Verdict, verify_pdf, verify_token};

/// For the fuzz target (`fuzz/fuzz_targets/document_token.rs`) and its stand-in test: not part
/// of the API.
#[doc(hidden)]
pub mod fuzzing {
    use ed25519_dalek::Signer;
    use kiosk_token::base45;

    use crate::{DocumentKeys, DocumentSigner, SigningKey, Verdict, token};

    /// Feeds arbitrary bytes to the token parser and the PDF verifier; panics only if an
    /// invariant breaks (which is what the fuzzer looks for).
    pub fn one_input(data: &[u8]) {
        let signer = DocumentSigner::new(SigningKey::from_bytes(&[7; 32]));
        let mut keys = DocumentKeys::new();
        keys.insert(signer.verifying_key());

        let text = String::from_utf8_lossy(data);
        let _ = crate::verify_token(&text, &keys);
        // The same bytes behind the prefix reach the decoder and the field parser.
        let _ = crate::verify_token(&format!("{}{text}", token::PREFIX), &keys);
        let _ = crate::verify_pdf(data, &keys);

        // Arbitrary bytes as a token body, correctly signed: they verify or are refused as not
        // a document, never panic; a verified one re-signs to itself.
        if data.len() >= token::BODY_LEN {
            let mut body = [0u8; token::BODY_LEN];
            body.copy_from_slice(&data[..token::BODY_LEN]);
            // Our key's id, so that the signature check is reached.
            body[36..44].copy_from_slice(signer.key_id().as_bytes());
            let signature = signer.signing_key().sign(&token::message(&body));
            let mut bytes = body.to_vec();
            bytes.extend_from_slice(&signature.to_bytes());
            let text = format!("{}{}", token::PREFIX, base45::encode(&bytes));
            match crate::verify_token(&text, &keys) {
                Verdict::Valid(claims) => {
                    assert_eq!(signer.sign_claims(&claims), text, "re-signs to itself");
                }
                Verdict::NotADocument(reason) => {
                    let _ = reason.code();
                }
                other => panic!("a correctly signed body gave {other:?}"),
            }
        }
    }
}
