//! The activation letter's QR token (`docs/letter-token.md`): a compact binary body (format
//! version, key id, letter id, KVNR, issue and expiry dates, purpose) and its Ed25519
//! signature by the central system, as base45 behind `KL1:`, so that the whole fits a QR code
//! in alphanumeric mode. The kiosk verifies it offline against the keys it trusts.
//!
//! No IO, no clock: the central system brings the letter id's randomness and the signing key,
//! the kiosk brings the trusted keys and today's date. Revocation and single use are checked
//! by the caller against its own lists, by [`VerifiedLetter::letter_id`].

mod claims;
mod keys;
mod root;
mod token;

pub use claims::{
    ClaimsError, InvalidKeyId, InvalidLetterId, KeyId, LetterClaims, LetterId, MAX_VALIDITY_DAYS,
    Purpose,
};
pub use ed25519_dalek::{SigningKey, VerifyingKey};
pub use keys::{KeyError, TrustedKeys, public_key_base64, signing_key_public_base64};
pub use kiosk_token::{Base45Error, base45};
pub use root::{LetterRoot, RootKeyError, endorse};
pub use token::{
    BODY_LEN, FORMAT_VERSION, LetterError, Malformed, PREFIX, TOKEN_BYTES, TOKEN_LEN,
    VerifiedLetter, sign, verify,
};

/// For the fuzz target (`fuzz/`) and its stand-in test: not part of the API.
#[doc(hidden)]
pub mod fuzzing {
    use time::macros::date;

    use crate::{LetterClaims, LetterId, LetterRoot, Purpose, SigningKey, TrustedKeys, base45};

    /// Feeds arbitrary bytes to every parser; panics only if an invariant breaks (which is
    /// what the fuzzer looks for).
    pub fn one_input(data: &[u8]) {
        let key = SigningKey::from_bytes(&[7; 32]);
        let mut keys = TrustedKeys::new();
        let Ok(id) = "F26A".parse() else {
            return;
        };
        if keys.insert(id, key.verifying_key()).is_err() {
            return;
        }
        let today = date!(2026 - 11 - 20);

        let text = String::from_utf8_lossy(data);
        let _ = crate::verify(&text, &keys, today);
        // The same bytes behind the prefix reach the decoder and the field parser.
        let _ = crate::verify(&format!("{}{text}", crate::PREFIX), &keys, today);
        if let Ok(bytes) = base45::decode(&text) {
            assert_eq!(base45::encode(&bytes), text, "base45 decoding is canonical");
        }
        let _ = base45::encode(data);
        let _ = text.parse::<LetterId>();
        let _ = TrustedKeys::from_base64([("F26A", text.as_ref())]);
        // Pulled keys and their endorsements come from the network.
        let _ = LetterRoot::from_base64(&text);
        if let Ok(root) = LetterRoot::new(key.verifying_key()) {
            let public = crate::public_key_base64(&key.verifying_key());
            let endorsed = TrustedKeys::new().insert_endorsed(&root, "F26A", &public, Some(&text));
            assert!(endorsed.is_err(), "arbitrary bytes are no endorsement");
        }

        // Arbitrary bytes as a token body: a correctly signed one must verify or be refused
        // as malformed, never panic; and only the signer's body passes the signature.
        if data.len() >= crate::BODY_LEN {
            let mut body = [0u8; crate::BODY_LEN];
            body.copy_from_slice(&data[..crate::BODY_LEN]);
            // Our key's id, so that the signature check passes and the fields are reached.
            body[1..5].copy_from_slice(b"F26A");
            let signature = ed25519_dalek::Signer::sign(&key, &crate::token::message(&body));
            let mut token = body.to_vec();
            token.extend_from_slice(&signature.to_bytes());
            let text = format!("{}{}", crate::PREFIX, base45::encode(&token));
            match crate::verify(&text, &keys, today) {
                Ok(letter) => {
                    let claims = letter.claims();
                    let again = crate::sign(claims, &key, &letter.key_id());
                    assert_eq!(again, text, "a verified token re-signs to itself");
                    let _ = LetterClaims::new(
                        *claims.letter_id(),
                        claims.kvnr().clone(),
                        claims.issued(),
                        claims.expires(),
                        Purpose::Activation,
                    );
                }
                Err(error) => {
                    let _ = error.code();
                }
            }
        }
    }
}
