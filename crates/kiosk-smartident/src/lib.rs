//! SmartIdent, the insurer's two-factor login with the member's phone, as the kiosk, the central
//! system and the phone share it (the design: `../shared/SMARTIDENT.md`; the formats:
//! `docs/smartident.md`). No IO: the central system stores and the kiosk shows; the rules and
//! the bytes that are signed live here once.
//!
//! - [`qr`]: the registration QR (`KS1:`), signed by the central system, no personal data.
//! - [`request`]: how a phone signs each call with its device key (a phone has no client
//!   certificate).
//! - [`codes`]: the 6-digit bind code the phone shows and the member types at the kiosk, and
//!   the 2-digit number an approval is matched by.
//! - [`challenge`]: what an approval is for, the hash of what the phone showed, the answer.
//! - [`rules`]: lifetimes, tries, the device limit, and the registration's states.

pub mod challenge;
pub mod codes;
#[doc(hidden)]
pub mod fuzzing;
mod ids;
mod origin;
pub mod qr;
pub mod request;
pub mod rules;

pub use ids::{
    ChallengeId, DeviceId, InvalidChallengeId, InvalidDeviceId, InvalidRegistrationId,
    RegistrationId,
};
pub use origin::{InvalidOrigin, PhoneApiOrigin};
