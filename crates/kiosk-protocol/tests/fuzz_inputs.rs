//! The fuzz target's function (`fuzz/fuzz_targets/protocol_bodies.rs`) over valid request
//! bodies and thousands of damaged copies from a fixed seed, so that every `cargo test` runs it
//! on stable Rust.

use kiosk_protocol::{PushRequest, fuzzing::one_input};
use kiosk_testkit::{Edit, Rng, damage};

const EVENT: &str = r#"{"idempotencyKey":"8f0c1f6e-2d3b-4a5c-9e7f-0a1b2c3d4e5f","occurredAt":"2026-11-29T08:15:00.000Z","#;

/// One valid push of every event kind, an enrollment and a verification request.
fn seeds() -> Vec<String> {
    let payloads = [
        r#""kind":"session.started","payload":{"sessionId":"8f0c1f6e-2d3b-4a5c-9e7f-0a1b2c3d4e5f","branchId":"B-1","kioskId":"K-1","method":"letter"}"#,
        r#""kind":"identification.refused","payload":{"sessionId":"8f0c1f6e-2d3b-4a5c-9e7f-0a1b2c3d4e5f","branchId":"B-1","kioskId":"K-1","reason":"expired","letterId":null,"attemptsLeft":null}"#,
        r#""kind":"member.changed","payload":{"sessionId":"8f0c1f6e-2d3b-4a5c-9e7f-0a1b2c3d4e5f","kvnr":"A123456780","baseVersion":3,"changes":[{"field":"phone","value":"+49 40 123456"}]}"#,
        r#""kind":"documentKey.registered","payload":{"branchId":"B-1","kioskId":"K-1","keyId":"00112233aabbccdd","publicKey":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}"#,
        r#""kind":"document.printed","payload":{"sessionId":null,"branchId":"B-1","kioskId":"K-1","documentId":"0123456789abcdef0123456789abcdef","documentKind":"travelTurkey","keyId":"00112233aabbccdd","contentDigest":"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff","validFrom":"2026-12-01","validUntil":"2026-12-20","outcome":"inDoubt","problem":"interrupted"}"#,
        r#""kind":"universityReport.requested","payload":{"sessionId":"8f0c1f6e-2d3b-4a5c-9e7f-0a1b2c3d4e5f","branchId":"B-1","kioskId":"K-1","requestId":"8f0c1f6e-2d3b-4a5c-9e7f-0a1b2c3d4e5f","kvnr":"A123456780","senderNumber":"H0000719"}"#,
        r#""kind":"letter.unlocked","payload":{"branchId":"B-1","kioskId":"K-1","letterId":"01dc60ab7a641ec79195384de490b754","staffId":"S-1234"}"#,
    ];
    let mut seeds: Vec<String> = payloads
        .iter()
        .map(|payload| format!(r#"{{"events":[{EVENT}{payload}}}]}}"#))
        .collect();
    seeds.push(r#"{"kioskId":"K-1","enrollmentCode":"ABCD-EFGH","csrPem":"-----BEGIN CERTIFICATE REQUEST-----\nMII\n-----END CERTIFICATE REQUEST-----\n"}"#.into());
    seeds.push(r#"{"token":"KD1:ABC"}"#.into());
    seeds.push(r#"{"registrationId":"00112233445566778899aabbccddeeff","nonce":"00112233445566778899aabbccddeeff","publicKey":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","label":"Annas Pixel","platform":"android","pushHandle":null}"#.into());
    seeds.push(r#"{"sessionId":"8f0c1f6e-2d3b-4a5c-9e7f-0a1b2c3d4e5f","code":"123456"}"#.into());
    seeds.push(r#"{"sessionId":"8f0c1f6e-2d3b-4a5c-9e7f-0a1b2c3d4e5f","purpose":"kioskLogin","letterId":"01dc60ab7a641ec79195384de490b754"}"#.into());
    seeds.push(r#"{"decision":"approve","number":42,"contextHash":"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"}"#.into());
    seeds.push(r#"{"kvnr":"A123456780","birthDate":"1980-03-15"}"#.into());
    seeds.push(
        r#"{"token":"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"}"#.into(),
    );
    seeds.push(r#"{"csrPem":"-----BEGIN CERTIFICATE REQUEST-----\nMII\n-----END CERTIFICATE REQUEST-----\n"}"#.into());
    seeds
}

#[test]
fn the_seeds_are_valid_bodies() {
    for seed in seeds().iter().take(7) {
        let push: PushRequest =
            serde_json::from_str(seed).unwrap_or_else(|e| panic!("{e}: {seed}"));
        assert_eq!(push.validate("K-1"), Ok(()), "{seed}");
        assert!(
            push.validate("K-2").is_err() || seed.contains("member.changed"),
            "another kiosk's event: {seed}"
        );
    }
}

#[test]
fn an_unlock_names_a_letter_id_and_a_staff_id() {
    let seed = &seeds()[6];
    for (good, bad) in [
        (
            "01dc60ab7a641ec79195384de490b754",
            "01DC60AB7A641EC79195384DE490B754",
        ),
        ("01dc60ab7a641ec79195384de490b754", "01dc"),
        ("S-1234", "S 1234"),
        ("S-1234", "S"),
    ] {
        let push: PushRequest = serde_json::from_str(&seed.replace(good, bad)).expect("parses");
        let error = push.validate("K-1").expect_err(bad).to_string();
        assert!(
            error.contains("letterId") || error.contains("staffId"),
            "{bad}: {error}"
        );
    }
}

#[test]
fn the_fuzz_target_survives_damaged_bodies() {
    let mut rng = Rng::new(0x5eed_0b0d);
    let alphabet = br#"{}[]":,0123456789abcdefKL-. \u00"#;
    for seed in seeds() {
        one_input(seed.as_bytes());
        for _ in 0..400 {
            let mut body = seed.clone().into_bytes();
            let edits = [Edit::Replace, Edit::Truncate, Edit::Insert];
            damage(&mut rng, &mut body, alphabet, &edits, 4);
            one_input(&body);
        }
    }
}

#[test]
fn the_smartident_seeds_are_valid_bodies() {
    let seeds = seeds();
    let seed = |key: &str| seeds.iter().find(|s| s.starts_with(key)).expect("the seed");
    let bind: kiosk_protocol::BindRequest =
        serde_json::from_str(seed(r#"{"registrationId""#)).expect("a bind body");
    assert_eq!(bind.validate(), Ok(()));
    let confirm: kiosk_protocol::ConfirmRequest =
        serde_json::from_str(seed(r#"{"sessionId""#)).expect("a confirm body");
    assert_eq!(confirm.validate(), Ok(()));
    let approval: kiosk_protocol::ApprovalRequest = serde_json::from_str(seed(
        r#"{"sessionId":"8f0c1f6e-2d3b-4a5c-9e7f-0a1b2c3d4e5f","purpose""#,
    ))
    .expect("an approval request");
    assert_eq!(approval.validate(), Ok(()));
    let answer: kiosk_protocol::ApprovalAnswer =
        serde_json::from_str(seed(r#"{"decision""#)).expect("an approval answer");
    assert_eq!(answer.validate(), Ok(()));
    let letter: kiosk_protocol::LetterRequest =
        serde_json::from_str(seed(r#"{"kvnr""#)).expect("a letter request");
    assert_eq!(letter.validate(), Ok(()));
}

#[test]
fn a_not_me_link_is_64_lowercase_hex_digits() {
    let seed = seeds()
        .into_iter()
        .find(|s| s.starts_with(r#"{"token":"0011"#))
        .expect("the not-me seed");
    let link: kiosk_protocol::NotMeLink = serde_json::from_str(&seed).expect("parses");
    assert!(link.validate().is_ok());
    for bad in ["", "../../v1/events", &"A".repeat(64), &"0".repeat(63)] {
        let link = kiosk_protocol::NotMeLink {
            token: bad.to_owned(),
        };
        assert!(link.validate().is_err(), "{bad}");
    }
}
