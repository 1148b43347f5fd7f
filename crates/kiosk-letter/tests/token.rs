//! Signing and verifying letter tokens through the public API.

mod common;

use common::{decode, encode, resign};

use kiosk_domain::Kvnr;
use kiosk_letter::{
    ClaimsError, KeyId, LetterClaims, LetterError, LetterId, Malformed, PREFIX, Purpose,
    SigningKey, TOKEN_LEN, TrustedKeys, sign, verify,
};
use time::{Date, macros::date};

const ISSUED: Date = date!(2026 - 11 - 02);
const EXPIRES: Date = date!(2026 - 12 - 31);

fn key_id(text: &str) -> KeyId {
    text.parse().expect("key id")
}

fn signing_key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

fn trusted(entries: &[(&str, &SigningKey)]) -> TrustedKeys {
    let mut keys = TrustedKeys::new();
    for (id, key) in entries {
        keys.insert(key_id(id), key.verifying_key()).expect("key");
    }
    keys
}

fn claims(kvnr: &str, issued: Date, expires: Date) -> LetterClaims {
    let kvnr: Kvnr = kvnr.parse().expect("kvnr");
    LetterClaims::new(
        LetterId::from_bytes(*b"0123456789abcdef"),
        kvnr,
        issued,
        expires,
        Purpose::Activation,
    )
    .expect("claims")
}

fn token() -> (String, TrustedKeys) {
    let key = signing_key(1);
    let text = sign(
        &claims("A123456780", ISSUED, EXPIRES),
        &key,
        &key_id("L26A"),
    );
    (text, trusted(&[("L26A", &key)]))
}

#[test]
fn a_signed_letter_verifies_with_its_claims() {
    let (text, keys) = token();
    assert!(text.starts_with(PREFIX));
    assert_eq!(text.len(), TOKEN_LEN);
    assert_eq!(TOKEN_LEN, 154);
    // Only QR alphanumeric characters: the code stays in the dense mode.
    assert!(
        text.bytes()
            .all(|b| b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".contains(&b))
    );

    for today in [ISSUED, date!(2026 - 12 - 01), EXPIRES] {
        let letter = verify(&text, &keys, today).expect("verifies");
        assert_eq!(letter.kvnr().as_str(), "A123456780");
        assert_eq!(letter.key_id(), key_id("L26A"));
        assert_eq!(letter.issued(), ISSUED);
        assert_eq!(letter.expires(), EXPIRES);
        assert_eq!(letter.purpose(), Purpose::Activation);
        assert_eq!(
            letter.letter_id().to_string(),
            "30313233343536373839616263646566"
        );
        let debug = format!("{letter:?}");
        assert!(!debug.contains("A123456780"), "{debug}");
    }
}

#[test]
fn signing_is_deterministic() {
    let (a, _) = token();
    let (b, _) = token();
    assert_eq!(a, b);
}

#[test]
fn outside_its_validity_a_letter_is_refused() {
    let (text, keys) = token();
    let id: LetterId = "30313233343536373839616263646566".parse().expect("id");
    assert_eq!(
        verify(&text, &keys, date!(2027 - 01 - 01)),
        Err(LetterError::Expired {
            letter_id: id,
            expires: EXPIRES
        })
    );
    assert_eq!(
        verify(&text, &keys, date!(2026 - 11 - 01)),
        Err(LetterError::NotYetValid {
            letter_id: id,
            issued: ISSUED
        })
    );
}

#[test]
fn every_changed_character_is_refused() {
    let (text, keys) = token();
    let alphabet = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    let mut bytes = text.clone().into_bytes();
    for at in PREFIX.len()..bytes.len() {
        let original = bytes[at];
        for &replacement in alphabet.iter().filter(|&&c| c != original) {
            bytes[at] = replacement;
            let changed = String::from_utf8(bytes.clone()).expect("ascii");
            match verify(&changed, &keys, ISSUED) {
                Err(
                    LetterError::BadSignature
                    | LetterError::Malformed(_)
                    | LetterError::UnknownKey { .. },
                ) => {}
                other => panic!("position {at}: {other:?}"),
            }
        }
        bytes[at] = original;
    }
}

#[test]
fn every_flipped_bit_in_the_body_is_refused() {
    // Re-encoded after the flip, so each reaches the field parser or the signature check.
    let (text, keys) = token();
    let bytes = decode(&text);
    for at in 0..bytes.len() {
        for bit in 0..8 {
            let mut changed = bytes.clone();
            changed[at] ^= 1 << bit;
            let result = verify(&encode(&changed), &keys, ISSUED);
            assert!(
                matches!(
                    result,
                    Err(LetterError::BadSignature
                        | LetterError::Malformed(_)
                        | LetterError::UnknownKey { .. })
                ),
                "byte {at} bit {bit}: {result:?}"
            );
        }
    }
}

#[test]
fn a_wrong_or_unknown_key_is_refused() {
    let (text, _) = token();
    let other = signing_key(2);
    assert_eq!(
        verify(&text, &trusted(&[("L26A", &other)]), ISSUED),
        Err(LetterError::BadSignature)
    );
    assert_eq!(
        verify(&text, &trusted(&[("L26B", &signing_key(1))]), ISSUED),
        Err(LetterError::UnknownKey {
            key_id: key_id("L26A")
        })
    );
    assert_eq!(
        verify(&text, &TrustedKeys::new(), ISSUED),
        Err(LetterError::UnknownKey {
            key_id: key_id("L26A")
        })
    );
}

#[test]
fn after_a_rotation_both_keys_verify_their_letters() {
    let old = signing_key(1);
    let new = signing_key(2);
    let keys = trusted(&[("L26A", &old), ("L26B", &new)]);
    let c = claims("A123456780", ISSUED, EXPIRES);
    assert!(verify(&sign(&c, &old, &key_id("L26A")), &keys, ISSUED).is_ok());
    assert!(verify(&sign(&c, &new, &key_id("L26B")), &keys, ISSUED).is_ok());
    // A letter claiming the new key's id but signed with the old key is forged.
    assert_eq!(
        verify(&sign(&c, &old, &key_id("L26B")), &keys, ISSUED),
        Err(LetterError::BadSignature)
    );
}

#[test]
fn more_than_sixty_days_are_refused_when_signing_and_verifying() {
    let kvnr: Kvnr = "A123456780".parse().expect("kvnr");
    let id = LetterId::from_bytes([1; 16]);
    assert!(
        LetterClaims::new(
            id,
            kvnr.clone(),
            ISSUED,
            date!(2027 - 01 - 01),
            Purpose::Activation
        )
        .is_ok()
    );
    assert_eq!(
        LetterClaims::new(id, kvnr, ISSUED, date!(2027 - 01 - 02), Purpose::Activation),
        Err(ClaimsError::ValidityTooLong)
    );

    // A correctly signed token with 61 days (made by hand, as the API refuses to) is refused.
    let (text, keys) = token();
    let mut bytes = decode(&text);
    let expires_at = 1 + 4 + 16 + 10 + 2;
    let issued = u16::from_be_bytes([bytes[expires_at - 2], bytes[expires_at - 1]]);
    bytes[expires_at..expires_at + 2].copy_from_slice(&(issued + 61).to_be_bytes());
    let forged = resign(&bytes, &signing_key(1));
    assert_eq!(
        verify(&forged, &keys, ISSUED),
        Err(LetterError::Malformed(Malformed::Validity))
    );
    // The same with 60 days is fine: the hand-made signing matches the real one.
    bytes[expires_at..expires_at + 2].copy_from_slice(&(issued + 60).to_be_bytes());
    assert!(verify(&resign(&bytes, &signing_key(1)), &keys, ISSUED).is_ok());
}

#[test]
fn a_wrong_kvnr_check_digit_is_refused_even_when_signed() {
    let (text, keys) = token();
    let mut bytes = decode(&text);
    let kvnr_at = 1 + 4 + 16;
    bytes[kvnr_at..kvnr_at + 10].copy_from_slice(b"A123456781");
    assert_eq!(
        verify(&resign(&bytes, &signing_key(1)), &keys, ISSUED),
        Err(LetterError::Malformed(Malformed::Kvnr))
    );
    bytes[kvnr_at..kvnr_at + 10].copy_from_slice(b"a12345678\0");
    assert_eq!(
        verify(&resign(&bytes, &signing_key(1)), &keys, ISSUED),
        Err(LetterError::Malformed(Malformed::Kvnr))
    );
}

#[test]
fn unknown_versions_and_purposes_are_refused_even_when_signed() {
    let (text, keys) = token();
    let mut bytes = decode(&text);
    bytes[0] = 2;
    assert_eq!(
        verify(&resign(&bytes, &signing_key(1)), &keys, ISSUED),
        Err(LetterError::Malformed(Malformed::UnsupportedVersion))
    );
    bytes[0] = 1;
    bytes[35] = 2;
    assert_eq!(
        verify(&resign(&bytes, &signing_key(1)), &keys, ISSUED),
        Err(LetterError::Malformed(Malformed::Purpose))
    );
    let later = format!("KL2:{}", &text[PREFIX.len()..]);
    assert_eq!(
        verify(&later, &keys, ISSUED),
        Err(LetterError::Malformed(Malformed::UnsupportedVersion))
    );
}

#[test]
fn garbage_is_refused() {
    let (text, keys) = token();
    let huge = "A".repeat(10_000_000);
    let huge_token = format!("{PREFIX}{huge}");
    for (input, expected) in [
        ("", LetterError::NotALetter),
        ("https://example.org/", LetterError::NotALetter),
        ("kl1:", LetterError::NotALetter),
        (huge.as_str(), LetterError::NotALetter),
        ("\u{0}\u{ffff}", LetterError::NotALetter),
        (PREFIX, LetterError::Malformed(Malformed::Length)),
        (
            &text[..TOKEN_LEN - 1],
            LetterError::Malformed(Malformed::Length),
        ),
        (
            huge_token.as_str(),
            LetterError::Malformed(Malformed::Length),
        ),
    ] {
        assert_eq!(verify(input, &keys, ISSUED), Err(expected), "{input:.30}");
    }
    let with_newline = format!("{}\n", &text[..TOKEN_LEN - 1]);
    assert!(matches!(
        verify(&with_newline, &keys, ISSUED),
        Err(LetterError::Malformed(Malformed::Encoding(_)))
    ));
    let lower = text.to_lowercase().replacen("kl1:", PREFIX, 1);
    assert!(matches!(
        verify(&lower, &keys, ISSUED),
        Err(LetterError::Malformed(Malformed::Encoding(_)))
    ));
    // The largest base45 group ("::" → 2024, ":::" → 93 149) overflows.
    let overflow = format!("{PREFIX}{}", ":".repeat(TOKEN_LEN - PREFIX.len()));
    assert!(matches!(
        verify(&overflow, &keys, ISSUED),
        Err(LetterError::Malformed(Malformed::Encoding(_)))
    ));
}

#[test]
fn error_codes_are_stable() {
    let (text, keys) = token();
    assert_eq!(
        verify(&text, &keys, date!(2027 - 06 - 01))
            .map_err(|e| e.code())
            .err(),
        Some("expired")
    );
    assert_eq!(LetterError::NotALetter.code(), "notALetter");
}
