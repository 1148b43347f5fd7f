//! The test vectors in `docs/letter-token.md`: the page holds exactly what this code generates
//! (`UPDATE_LETTER_VECTORS=1 cargo test -p kiosk-letter --test vectors` rewrites it), and every
//! token on the page verifies as the page says, read from the page itself.

mod common;

use std::path::Path;

use kiosk_letter::{
    KeyId, LetterClaims, LetterId, Purpose, SigningKey, TrustedKeys, public_key_base64, sign,
    verify,
};
use kiosk_testkit::vectors::{Lines, VectorPage, blocks, hex, to_hex};
use time::{Date, Month, macros::date};

/// RFC 8032, section 7.1, test 1: a published test key.
const TEST_SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const TEST_KEY_ID: &str = "T26A";

fn page() -> VectorPage {
    VectorPage {
        path: Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/letter-token.md"),
        update_var: "UPDATE_LETTER_VECTORS",
        update_command: "UPDATE_LETTER_VECTORS=1 cargo test -p kiosk-letter --test vectors",
    }
}

fn test_key() -> SigningKey {
    let seed: [u8; 32] = hex(TEST_SEED).try_into().expect("32 bytes");
    SigningKey::from_bytes(&seed)
}

fn claims(id: &str, kvnr: &str, issued: Date, expires: Date) -> LetterClaims {
    LetterClaims::new(
        id.parse::<LetterId>().expect("id"),
        kvnr.parse().expect("kvnr"),
        issued,
        expires,
        Purpose::Activation,
    )
    .expect("claims")
}

fn valid(title: &str, c: &LetterClaims, verify_on: Date) -> (Lines, String) {
    let key_id: KeyId = TEST_KEY_ID.parse().expect("key id");
    let token = sign(c, &test_key(), &key_id);
    let bytes = common::decode(&token);
    let vector = vec![
        ("vector", title.to_owned()),
        ("letter id", c.letter_id().to_string()),
        ("kvnr", c.kvnr().as_str().to_owned()),
        ("issued", c.issued().to_string()),
        ("expires", c.expires().to_string()),
        ("purpose", c.purpose().as_str().to_owned()),
        ("body (hex)", to_hex(&bytes[..36])),
        ("signature (hex)", to_hex(&bytes[36..])),
        ("token", format!("\"{token}\"")),
        ("verify on", verify_on.to_string()),
        ("result", "valid".to_owned()),
    ];
    (vector, token)
}

fn refused(title: &str, token: &str, verify_on: Date, result: &str) -> Lines {
    vec![
        ("vector", title.to_owned()),
        ("token", format!("\"{token}\"")),
        ("verify on", verify_on.to_string()),
        ("result", result.to_owned()),
    ]
}

fn generate() -> String {
    let first = claims(
        "00112233445566778899aabbccddeeff",
        "A123456780",
        date!(2026 - 11 - 02),
        date!(2026 - 12 - 31),
    );
    let (v1, token) = valid("1, valid", &first, date!(2026 - 11 - 20));
    let (v2, _) = valid(
        "2, valid for the longest period, 60 days, on its last day",
        &claims(
            "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
            "Z987654321",
            date!(2026 - 11 - 02),
            date!(2027 - 01 - 01),
        ),
        date!(2027 - 01 - 01),
    );
    let mut bytes = common::decode(&token);
    bytes[40] ^= 0x01;
    let bad_signature = common::encode(&bytes);
    let other_id: KeyId = "T26B".parse().expect("key id");
    let unknown_key = sign(&first, &test_key(), &other_id);
    let mut bytes = common::decode(&token);
    bytes[21..31].copy_from_slice(b"A123456781");
    let bad_kvnr = common::resign(&bytes, &test_key());

    let vectors = [
        v1,
        v2,
        refused(
            "3, vector 1 the day after it expired",
            &token,
            date!(2027 - 01 - 01),
            "expired",
        ),
        refused(
            "4, vector 1 the day before its issue date",
            &token,
            date!(2026 - 11 - 01),
            "notYetValid",
        ),
        refused(
            "5, vector 1 with bit 0 of byte 40 (in the signature) flipped",
            &bad_signature,
            date!(2026 - 11 - 20),
            "badSignature",
        ),
        refused(
            "6, vector 1's claims signed with the test key under key id T26B",
            &unknown_key,
            date!(2026 - 11 - 20),
            "unknownKey",
        ),
        refused(
            "7, vector 1 with KVNR A123456781 (wrong check digit), correctly signed",
            &bad_kvnr,
            date!(2026 - 11 - 20),
            "malformed",
        ),
    ];

    let header = vec![
        ("test key seed (hex, TEST KEY ONLY)", TEST_SEED.to_owned()),
        (
            "public key (base64)",
            public_key_base64(&test_key().verifying_key()),
        ),
        ("key id", TEST_KEY_ID.to_owned()),
    ];
    VectorPage::render(header, vectors.into())
}

#[test]
fn the_documented_vectors_are_what_the_code_generates() {
    page().check_or_update(&generate());
}

/// Reads the page as an implementer would and checks each vector with the crate.
#[test]
fn every_documented_vector_verifies_as_documented() {
    let doc = page().read();
    let blocks = blocks(&doc);
    let header = &blocks[0];
    let keys = TrustedKeys::from_base64([(header["key id"], header["public key (base64)"])])
        .expect("documented key");
    let seed = hex(header["test key seed (hex, TEST KEY ONLY)"]);
    let public = SigningKey::from_bytes(&seed.try_into().expect("32 bytes")).verifying_key();
    assert_eq!(header["public key (base64)"], public_key_base64(&public));

    let date = |text: &str| {
        let parts: Vec<i32> = text
            .split('-')
            .map(|p| p.parse().expect("number"))
            .collect();
        let month = Month::try_from(u8::try_from(parts[1]).expect("month")).expect("month");
        Date::from_calendar_date(parts[0], month, u8::try_from(parts[2]).expect("day"))
            .expect("date")
    };
    let vectors = &blocks[1..];
    assert_eq!(vectors.len(), 7);
    for vector in vectors {
        let name = vector["vector"];
        let token = vector["token"].trim_matches('"');
        assert_eq!(token.len(), kiosk_letter::TOKEN_LEN, "{name}");
        let result = verify(token, &keys, date(vector["verify on"]));
        match vector["result"] {
            "valid" => {
                let letter = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(
                    letter.letter_id().to_string(),
                    vector["letter id"],
                    "{name}"
                );
                assert_eq!(letter.kvnr().as_str(), vector["kvnr"], "{name}");
                assert_eq!(letter.issued(), date(vector["issued"]), "{name}");
                assert_eq!(letter.expires(), date(vector["expires"]), "{name}");
                assert_eq!(letter.purpose().as_str(), vector["purpose"], "{name}");
                let bytes = common::decode(token);
                assert_eq!(to_hex(&bytes[..36]), vector["body (hex)"], "{name}");
                assert_eq!(to_hex(&bytes[36..]), vector["signature (hex)"], "{name}");
            }
            code => assert_eq!(result.map_err(|e| e.code()).err(), Some(code), "{name}"),
        }
    }
}
