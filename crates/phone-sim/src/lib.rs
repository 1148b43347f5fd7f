//! The Service-App's stand-in (`phone-sim`), for tests and demos. It does what the app does,
//! through the same formats and calls, with a file where the app has a hardware key store:
//!
//! - `pin`: the PIN the user sets, with the app's rules (6 digits; no dates of birth, years,
//!   repeats or runs).
//! - `key_file`: the device key sealed under the PIN (Argon2id, XChaCha20-Poly1305); five
//!   wrong PINs in a row destroy it.
//! - `scan`: the registration QR read from an image (a screenshot of the kiosk) through the
//!   kiosk's own scan pipeline, and opened with the central system's pinned key.
//! - `phone`: the signed calls of the phone API (`/phone/v1`).

pub mod key_file;
pub mod phone;
pub mod pin;
pub mod scan;

pub use key_file::{KeyFile, KeyFileError, MAX_WRONG_PINS};
pub use phone::{Phone, PhoneError};
pub use pin::{Pin, PinRefusal};
pub use scan::{ScanError, read_registration};
