//! The fuzz target's function (`fuzz/fuzz_targets/smartident_inputs.rs`), here so that the
//! stand-in test runs it on stable Rust: whatever a phone scans or a caller sends, reading it
//! never panics, and a code that opens seals back to itself.

use ed25519_dalek::SigningKey;
use time::macros::datetime;

use crate::{
    PhoneApiOrigin, RegistrationId,
    codes::BindCode,
    qr::{RegistrationPurpose, RegistrationQr},
    request::{Signer, public_key_from_base64},
};

/// The key the target trusts.
pub const KEY: [u8; 32] = [7; 32];
/// The target's clock: before [`sample`] expires.
pub const NOW: time::OffsetDateTime = datetime!(2026-12-06 10:00:00 UTC);

/// A registration the target's key signs into a code that opens at [`NOW`].
pub fn sample() -> RegistrationQr {
    RegistrationQr {
        registration_id: RegistrationId::from_bytes([1; 16]),
        nonce: [2; 16],
        expires_at: datetime!(2026-12-06 10:02:00 UTC),
        purpose: RegistrationPurpose::FirstDevice,
        origin: PhoneApiOrigin::parse("https://central.example:8443")
            .unwrap_or_else(|_| unreachable!("a valid origin")),
    }
}

/// One input, read as each outside text SmartIdent takes.
pub fn one_input(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let key = SigningKey::from_bytes(&KEY);
    if let Ok(qr) = RegistrationQr::open(text, &[key.verifying_key()], NOW) {
        // Ed25519 signatures are deterministic: the same fields sign to the same text, once
        // the origin is written as the QR writes it.
        let token = &text[..crate::qr::TOKEN_LEN];
        let resealed = qr.seal(&key);
        assert!(
            resealed.starts_with(token),
            "a valid code seals back to itself"
        );
    }
    let _ = PhoneApiOrigin::parse(text);
    let _ = BindCode::parse(text);
    let _ = Signer::parse(text);
    let _ = public_key_from_base64(text);
}
