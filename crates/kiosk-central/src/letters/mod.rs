//! Issuing activation letters: a signed token (`kiosk-letter`) for a member, recorded in the
//! database and printed as a PDF letter to post. The signing key's public half is announced to
//! every kiosk before the first letter signed with it is recorded.

mod key_error;
pub mod key_file;
pub mod pdf;
pub mod root_file;
pub(crate) mod secret_file;
mod winansi;

use kiosk_domain::Kvnr;
use kiosk_letter::{ClaimsError, LetterClaims, LetterId, MAX_VALIDITY_DAYS, Purpose, sign};
use thiserror::Error;
use time::{Date, Duration};

pub use key_error::{KeyFileError, KeyFileProblem};
pub use key_file::LetterSigner;

use crate::db::{Db, DbError, KeyRegistration, LetterRecord};

#[derive(Debug, Error)]
pub enum IssueError {
    #[error("no member with this insurance number")]
    UnknownMember,
    #[error("the member has no postal address on record")]
    NoAddress,
    #[error("validity: 1 to {MAX_VALIDITY_DAYS} days")]
    Days,
    #[error("{0}")]
    Claims(#[from] ClaimsError),
    #[error("letter key {0} names another key in the database: a key id is never reused")]
    KeyConflict(String),
    #[error("letter key {0} is revoked: make a new one with `kiosk-central rotate-letter-key`")]
    KeyRevoked(String),
    #[error("randomness: {0}")]
    Random(String),
    #[error("letter PDF: {0}")]
    Pdf(#[from] pdf::PdfError),
    #[error("database: {0}")]
    Db(#[from] DbError),
}

/// A letter made and recorded. Holds the token: Debug is redacted.
pub struct IssuedLetter {
    pub letter_id: LetterId,
    pub key_id: String,
    pub issued: Date,
    pub expires: Date,
    /// The QR code's content.
    pub token: String,
    pub pdf: pdf::RenderedLetter,
}

impl std::fmt::Debug for IssuedLetter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedLetter")
            .field("letter_id", &self.letter_id)
            .field("key_id", &self.key_id)
            .field("issued", &self.issued)
            .field("expires", &self.expires)
            .finish_non_exhaustive()
    }
}

/// Announces the signer's public key to the fleet (once; repeating is harmless).
pub async fn register_key(db: &Db, signer: &LetterSigner) -> Result<(), IssueError> {
    let key_id = signer.key_id().to_string();
    match db
        .register_letter_key(&key_id, &signer.public_key(), signer.endorsement())
        .await?
    {
        KeyRegistration::New => {
            tracing::info!(key_id, "letter key announced to the kiosks");
            Ok(())
        }
        KeyRegistration::Known => Ok(()),
        KeyRegistration::Conflict => Err(IssueError::KeyConflict(key_id)),
        KeyRegistration::Revoked => Err(IssueError::KeyRevoked(key_id)),
    }
}

/// Makes a letter for the member, valid `days` days from `today` (the insurer's date), and
/// records it. Nothing is recorded when the member is unknown or the PDF cannot be made.
pub async fn issue(
    db: &Db,
    signer: &LetterSigner,
    kvnr: &Kvnr,
    days: u16,
    today: Date,
) -> Result<IssuedLetter, IssueError> {
    if !(1..=MAX_VALIDITY_DAYS).contains(&days) {
        return Err(IssueError::Days);
    }
    let recipient = db
        .letter_recipient(kvnr.as_str())
        .await?
        .ok_or(IssueError::UnknownMember)?;
    let address = recipient
        .postal_address
        .as_deref()
        .filter(|a| !a.trim().is_empty())
        .ok_or(IssueError::NoAddress)?;
    let mut random = [0u8; 16];
    getrandom::fill(&mut random).map_err(|e| IssueError::Random(e.to_string()))?;
    let letter_id = LetterId::from_bytes(random);
    let expires = today + Duration::days(i64::from(days));
    let claims = LetterClaims::new(letter_id, kvnr.clone(), today, expires, Purpose::Activation)?;
    let token = sign(&claims, signer.key(), &signer.key_id());
    let rendered = pdf::render(&pdf::LetterDocument {
        insurer: &recipient.snapshot.insurer,
        first_name: &recipient.snapshot.first_name,
        last_name: &recipient.snapshot.last_name,
        address_lines: address.split(',').map(str::trim).collect(),
        issued: today,
        expires,
        letter_id: &letter_id,
        token: &token,
    })?;
    if rendered.replaced_characters > 0 {
        tracing::warn!(
            count = rendered.replaced_characters,
            "characters of the address outside the letter's font were replaced"
        );
    }
    register_key(db, signer).await?;
    db.insert_letter(&LetterRecord {
        letter_id: letter_id.to_string(),
        kvnr: kvnr.as_str().to_owned(),
        key_id: signer.key_id().to_string(),
        purpose: Purpose::Activation.as_str().to_owned(),
        issued: today.to_string(),
        expires: expires.to_string(),
        revoked_at: None,
        used_at: None,
    })
    .await?;
    tracing::info!(letter_id = %letter_id, key_id = %signer.key_id(), "letter issued");
    Ok(IssuedLetter {
        letter_id,
        key_id: signer.key_id().to_string(),
        issued: today,
        expires,
        token,
        pdf: rendered,
    })
}
