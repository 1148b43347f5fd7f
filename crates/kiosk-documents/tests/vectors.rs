//! The test vectors in `docs/document-token.md`: the page holds exactly what this code
//! generates (`UPDATE_DOCUMENT_VECTORS=1 cargo test -p kiosk-documents --test vectors` rewrites
//! it), and every token on the page verifies as the page says, read from the page itself.

use std::path::Path;

use ed25519_dalek::Signer;
use kiosk_documents::{
    DocumentClaims, DocumentId, DocumentKeys, DocumentKind, DocumentSigner, KeyId, SigningKey,
    TreatyCountry, Verdict, verify_token,
};
use kiosk_testkit::vectors::{Lines, VectorPage, blocks, hex, to_hex};
use kiosk_token::base45;
use time::{
    Date, OffsetDateTime,
    macros::{date, datetime},
};

/// RFC 8032, section 7.1, test 1: a published test key.
const TEST_SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

fn page() -> VectorPage {
    VectorPage {
        path: Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/document-token.md"),
        update_var: "UPDATE_DOCUMENT_VECTORS",
        update_command: "UPDATE_DOCUMENT_VECTORS=1 cargo test -p kiosk-documents --test vectors",
    }
}

fn signer() -> DocumentSigner {
    let seed: [u8; 32] = hex(TEST_SEED).try_into().expect("32 bytes");
    DocumentSigner::new(SigningKey::from_bytes(&seed))
}

#[allow(clippy::too_many_arguments)]
fn claims(
    id: &str,
    kind: DocumentKind,
    kvnr: &str,
    issued: OffsetDateTime,
    from: Date,
    until: Date,
    digest: u8,
) -> DocumentClaims {
    DocumentClaims::new(
        id.parse::<DocumentId>().expect("id"),
        kind,
        kvnr.parse().expect("kvnr"),
        issued,
        from,
        until,
        signer().key_id(),
        std::array::from_fn(|i| digest.wrapping_add(i as u8)),
    )
    .expect("claims")
}

fn decode(token: &str) -> Vec<u8> {
    base45::decode(&token[4..]).expect("base45")
}

fn encode(bytes: &[u8]) -> String {
    format!("KD1:{}", base45::encode(bytes))
}

/// Re-signs changed body bytes correctly, as a forger holding the key could.
fn resign(bytes: &[u8]) -> String {
    let seed: [u8; 32] = hex(TEST_SEED).try_into().expect("32 bytes");
    let key = SigningKey::from_bytes(&seed);
    let message = [&b"kiosk-document-v1\0"[..], &bytes[..76]].concat();
    let mut out = bytes[..76].to_vec();
    out.extend_from_slice(&key.sign(&message).to_bytes());
    encode(&out)
}

fn valid(title: &str, c: &DocumentClaims) -> (Lines, String) {
    let token = signer().sign_claims(c);
    let bytes = decode(&token);
    let vector = vec![
        ("vector", title.to_owned()),
        ("document id", c.document_id().to_string()),
        ("type", c.kind().as_str().to_owned()),
        ("kvnr", c.kvnr().as_str().to_owned()),
        ("issued at", c.issued_at().unix_timestamp().to_string()),
        ("valid from", c.valid_from().to_string()),
        ("valid until", c.valid_until().to_string()),
        ("content digest (hex)", to_hex(c.content_digest())),
        ("body (hex)", to_hex(&bytes[..76])),
        ("signature (hex)", to_hex(&bytes[76..])),
        ("token", format!("\"{token}\"")),
        ("keys", "test key".to_owned()),
        ("result", "valid".to_owned()),
    ];
    (vector, token)
}

fn refused(title: &str, token: &str, keys: &str, result: &str) -> Lines {
    vec![
        ("vector", title.to_owned()),
        ("token", format!("\"{token}\"")),
        ("keys", keys.to_owned()),
        ("result", result.to_owned()),
    ]
}

fn generate() -> String {
    let first = claims(
        "00112233445566778899aabbccddeeff",
        DocumentKind::Membership,
        "A123456780",
        datetime!(2026-11-02 13:05:30 UTC),
        date!(2026 - 11 - 02),
        date!(2026 - 11 - 02),
        0x10,
    );
    let (v1, token) = valid(
        "1, Mitgliedsbescheinigung, valid on its day of issue",
        &first,
    );
    let (v2, _) = valid(
        "2, T/A 11 (Turkey) for a journey over the new year",
        &claims(
            "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
            DocumentKind::TravelCertificate(TreatyCountry::Turkey),
            "Z987654321",
            datetime!(2026-11-02 13:05:30 UTC),
            date!(2026 - 12 - 20),
            date!(2027 - 01 - 10),
            0xa0,
        ),
    );
    let mut bytes = decode(&token);
    bytes[100] ^= 0x01;
    let bad_signature = encode(&bytes);
    let mut bytes = decode(&token);
    bytes[18..28].copy_from_slice(b"A123456781");
    let bad_kvnr = resign(&bytes);
    let mut bytes = decode(&token);
    bytes[17] = 9;
    let bad_type = resign(&bytes);

    let vectors = [
        v1,
        v2,
        refused(
            "3, vector 1 with bit 0 of byte 100 (in the signature) flipped",
            &bad_signature,
            "test key",
            "tampered",
        ),
        refused(
            "4, vector 1 verified without keys",
            &token,
            "none",
            "unknownKey",
        ),
        refused(
            "5, vector 1 with the test key revoked",
            &token,
            "test key revoked",
            "revoked",
        ),
        refused(
            "6, vector 1 with its document revoked",
            &token,
            "test key, document 00112233445566778899aabbccddeeff revoked",
            "revoked",
        ),
        refused(
            "7, vector 1 with KVNR A123456781 (wrong check digit), correctly signed",
            &bad_kvnr,
            "test key",
            "notADocument",
        ),
        refused(
            "8, vector 1 with document type 9 (unknown), correctly signed",
            &bad_type,
            "test key",
            "notADocument",
        ),
    ];

    let public = signer().verifying_key();
    let header = vec![
        ("test key seed (hex, TEST KEY ONLY)", TEST_SEED.to_owned()),
        ("public key (hex)", to_hex(public.as_bytes())),
        ("key id (hex)", KeyId::of(&public).to_string()),
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
    let public: [u8; 32] = hex(header["public key (hex)"])
        .try_into()
        .expect("32 bytes");
    let public = kiosk_documents::VerifyingKey::from_bytes(&public).expect("key");
    assert_eq!(public, signer().verifying_key());
    assert_eq!(header["key id (hex)"], KeyId::of(&public).to_string());

    let vectors = &blocks[1..];
    assert_eq!(vectors.len(), 8);
    for vector in vectors {
        let name = vector["vector"];
        let token = vector["token"].trim_matches('"');
        assert_eq!(token.len(), kiosk_documents::TOKEN_LEN, "{name}");
        let mut keys = DocumentKeys::new();
        let keys_line = vector["keys"];
        if keys_line != "none" {
            keys.insert(public);
        }
        if keys_line.contains("test key revoked") {
            keys.revoke_key(KeyId::of(&public));
        }
        if let Some((_, id)) = keys_line.split_once("document ") {
            let id = id
                .trim_end_matches(" revoked")
                .parse()
                .expect("document id");
            keys.revoke_document(id);
        }
        let verdict = verify_token(token, &keys);
        match vector["result"] {
            "valid" => {
                let Verdict::Valid(claims) = verdict else {
                    panic!("{name}: {verdict:?}");
                };
                assert_eq!(
                    claims.document_id().to_string(),
                    vector["document id"],
                    "{name}"
                );
                assert_eq!(claims.kind().as_str(), vector["type"], "{name}");
                assert_eq!(claims.kvnr().as_str(), vector["kvnr"], "{name}");
                assert_eq!(
                    claims.issued_at().unix_timestamp().to_string(),
                    vector["issued at"],
                    "{name}"
                );
                assert_eq!(
                    claims.valid_from().to_string(),
                    vector["valid from"],
                    "{name}"
                );
                assert_eq!(
                    claims.valid_until().to_string(),
                    vector["valid until"],
                    "{name}"
                );
                assert_eq!(
                    to_hex(claims.content_digest()),
                    vector["content digest (hex)"],
                    "{name}"
                );
                let bytes = decode(token);
                assert_eq!(to_hex(&bytes[..76]), vector["body (hex)"], "{name}");
                assert_eq!(to_hex(&bytes[76..]), vector["signature (hex)"], "{name}");
            }
            code => assert_eq!(verdict.code(), code, "{name}"),
        }
    }
}
