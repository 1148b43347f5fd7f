//! The frame that the kiosk's signed tokens share (the activation letter's `KL1:`, the
//! certificate's `KD1:`; next the SmartIdent registration and the staff badge): a prefix
//! naming family and version, then base45 of a fixed-size body and its Ed25519 signature over
//! a context string and the body. The body's first byte repeats the format version. What the
//! body holds is each token's own (`docs/letter-token.md`, `docs/document-token.md`); this
//! crate only frames, reads fixed-size fields and counts days.

pub mod base45;
mod days;
mod frame;
pub mod random_id;

pub use base45::Base45Error;
pub use days::{date_from_days, days_from_date};
pub use frame::{BodyWriter, Fields, Frame, FrameError, SIGNATURE_LEN};
