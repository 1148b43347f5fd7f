//! How a phone signs its calls. A phone is not a kiosk: it has no client certificate, so every
//! call carries the device's id, the phone's time and an Ed25519 signature by the device key
//! over the method, path, time, signer and a digest of the body. Binding signs with the new
//! key itself (signer `bind`), which proves the phone holds it.

use base64::Engine as _;
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::DeviceId;

/// The headers a signed call carries.
pub mod headers {
    /// The device id (32 hex digits), or `bind` while binding.
    pub const DEVICE: &str = "x-smartident-device";
    /// The phone's time, Unix milliseconds.
    pub const TIME: &str = "x-smartident-time";
    /// Base64 of the 64-byte signature.
    pub const SIGNATURE: &str = "x-smartident-signature";
}

/// How far the phone's clock may be from the central system's.
pub const CLOCK_WINDOW_MS: i64 = 5 * 60 * 1000;

/// Who signs: a registered device, or a new key binding itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signer {
    Device(DeviceId),
    Bind,
}

impl Signer {
    /// The header's value.
    pub fn header(&self) -> String {
        match self {
            Signer::Device(id) => id.to_string(),
            Signer::Bind => "bind".to_owned(),
        }
    }

    pub fn parse(header: &str) -> Result<Signer, RequestError> {
        if header == "bind" {
            return Ok(Signer::Bind);
        }
        header
            .parse()
            .map(Signer::Device)
            .map_err(|_| RequestError::Malformed)
    }
}

/// One call as it is signed.
#[derive(Debug, Clone, Copy)]
pub struct SignedRequest<'a> {
    /// Upper case, as on the wire.
    pub method: &'a str,
    /// With the query, as on the wire.
    pub path: &'a str,
    pub time_ms: i64,
    pub signer: Signer,
    pub body: &'a [u8],
}

/// Why a call's signature is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("the SmartIdent signature headers are missing or malformed")]
    Malformed,
    #[error("the phone's clock is more than 5 minutes off: set the time automatically")]
    ClockOff,
    #[error("the signature does not match the device key")]
    BadSignature,
}

impl SignedRequest<'_> {
    /// What the signature covers.
    pub fn message(&self) -> Vec<u8> {
        let digest = Sha256::digest(self.body);
        let mut message = b"kiosk-smartident-phone-request-v1\0".to_vec();
        for part in [
            self.method,
            self.path,
            &self.time_ms.to_string(),
            &self.signer.header(),
        ] {
            message.extend_from_slice(part.as_bytes());
            message.push(b'\n');
        }
        message.extend_from_slice(&digest);
        message
    }

    /// The signature header's value.
    pub fn sign(&self, key: &SigningKey) -> String {
        base64::engine::general_purpose::STANDARD.encode(key.sign(&self.message()).to_bytes())
    }

    /// Checks the time against `now_ms` and the signature against `key`.
    pub fn verify(
        &self,
        key: &VerifyingKey,
        signature: &str,
        now_ms: i64,
    ) -> Result<(), RequestError> {
        if self.time_ms.abs_diff(now_ms) > CLOCK_WINDOW_MS.unsigned_abs() {
            return Err(RequestError::ClockOff);
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(signature)
            .map_err(|_| RequestError::Malformed)?;
        let bytes: [u8; 64] = bytes.try_into().map_err(|_| RequestError::Malformed)?;
        key.verify(&self.message(), &Signature::from_bytes(&bytes))
            .map_err(|_| RequestError::BadSignature)
    }
}

/// A device's public key as the wire and the database carry it: base64 of 32 bytes.
pub fn public_key_base64(key: &VerifyingKey) -> String {
    base64::engine::general_purpose::STANDARD.encode(key.as_bytes())
}

/// Reads a device's public key; weak keys are refused.
pub fn public_key_from_base64(text: &str) -> Option<VerifyingKey> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .ok()?;
    let bytes: [u8; 32] = bytes.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes)
        .ok()
        .filter(|key| !key.is_weak())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: &[u8]) -> SignedRequest<'_> {
        SignedRequest {
            method: "POST",
            path: "/phone/v1/challenges/abc/answer",
            time_ms: 1_780_000_000_000,
            signer: Signer::Device(DeviceId::from_bytes([3; 16])),
            body,
        }
    }

    #[test]
    fn a_signed_call_verifies_only_as_signed() {
        let key = SigningKey::from_bytes(&[5; 32]);
        let public = key.verifying_key();
        let call = request(b"{\"decision\":\"approve\"}");
        let signature = call.sign(&key);
        let now = call.time_ms + 1000;
        assert_eq!(call.verify(&public, &signature, now), Ok(()));
        let other_body = request(b"{\"decision\":\"decline\"}");
        assert_eq!(
            other_body.verify(&public, &signature, now),
            Err(RequestError::BadSignature)
        );
        let other_path = SignedRequest {
            path: "/phone/v1/devices/me",
            ..call
        };
        assert_eq!(
            other_path.verify(&public, &signature, now),
            Err(RequestError::BadSignature)
        );
        let as_bind = SignedRequest {
            signer: Signer::Bind,
            ..call
        };
        assert_eq!(
            as_bind.verify(&public, &signature, now),
            Err(RequestError::BadSignature)
        );
        let foreign = SigningKey::from_bytes(&[6; 32]).verifying_key();
        assert_eq!(
            call.verify(&foreign, &signature, now),
            Err(RequestError::BadSignature)
        );
        assert_eq!(
            call.verify(&public, "not base64!", now),
            Err(RequestError::Malformed)
        );
        assert_eq!(
            call.verify(&public, "AAAA", now),
            Err(RequestError::Malformed)
        );
    }

    #[test]
    fn the_phone_clock_may_be_five_minutes_off_and_no_more() {
        let key = SigningKey::from_bytes(&[5; 32]);
        let call = request(b"");
        let signature = call.sign(&key);
        let public = key.verifying_key();
        assert_eq!(
            call.verify(&public, &signature, call.time_ms + CLOCK_WINDOW_MS),
            Ok(())
        );
        assert_eq!(
            call.verify(&public, &signature, call.time_ms - CLOCK_WINDOW_MS),
            Ok(())
        );
        assert_eq!(
            call.verify(&public, &signature, call.time_ms + CLOCK_WINDOW_MS + 1),
            Err(RequestError::ClockOff)
        );
    }

    #[test]
    fn signers_and_keys_read_back() {
        let device = Signer::Device(DeviceId::from_bytes([9; 16]));
        assert_eq!(Signer::parse(&device.header()), Ok(device));
        assert_eq!(Signer::parse("bind"), Ok(Signer::Bind));
        assert_eq!(Signer::parse("Bind"), Err(RequestError::Malformed));
        let key = SigningKey::from_bytes(&[5; 32]).verifying_key();
        assert_eq!(public_key_from_base64(&public_key_base64(&key)), Some(key));
        assert_eq!(
            public_key_from_base64(&base64::engine::general_purpose::STANDARD.encode([0u8; 32])),
            None
        );
        assert_eq!(public_key_from_base64("AAAA"), None);
    }
}
