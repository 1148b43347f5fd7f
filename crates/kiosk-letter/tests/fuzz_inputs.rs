//! The fuzz target's function (`fuzz/fuzz_targets/letter_token.rs`) over a few thousand
//! pseudo-random inputs from a fixed seed, so that every `cargo test` runs it on stable Rust.
//! `cargo fuzz` (nightly) explores far more; see `fuzz/README.md`.

use kiosk_letter::{
    KeyId, LetterClaims, LetterId, PREFIX, Purpose, SigningKey, fuzzing::one_input, sign,
};
use kiosk_testkit::Rng;
use time::macros::date;

fn valid_token() -> Vec<u8> {
    let key = SigningKey::from_bytes(&[7; 32]);
    let claims = LetterClaims::new(
        LetterId::from_bytes([9; 16]),
        "A123456780".parse().expect("kvnr"),
        date!(2026 - 11 - 02),
        date!(2026 - 12 - 31),
        Purpose::Activation,
    )
    .expect("claims");
    let key_id: KeyId = "F26A".parse().expect("key id");
    sign(&claims, &key, &key_id).into_bytes()
}

#[test]
fn the_fuzz_target_survives_random_inputs() {
    let mut rng = Rng::new(0x5eed_1e77);
    let base45 = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    let token = valid_token();
    // The real token passes (and re-signs to itself inside the target).
    one_input(&token);

    for round in 0..3000 {
        let input: Vec<u8> = match round % 4 {
            // Arbitrary bytes of arbitrary length.
            0 => (0..rng.below(400)).map(|_| rng.byte()).collect(),
            // Base45 text of about a token's length, behind the prefix or not.
            1 => {
                let mut text: Vec<u8> = if rng.below(2) == 0 {
                    PREFIX.as_bytes().to_vec()
                } else {
                    Vec::new()
                };
                let len = 150 + rng.below(5) - 2;
                text.extend((0..len).map(|_| base45[rng.below(base45.len())]));
                text
            }
            // The valid token with a few characters changed, inserted or removed.
            2 => {
                let mut text = token.clone();
                for _ in 0..1 + rng.below(3) {
                    let at = rng.below(text.len());
                    match rng.below(3) {
                        0 => text[at] = base45[rng.below(base45.len())],
                        1 => text.insert(at, base45[rng.below(base45.len())]),
                        _ => {
                            text.remove(at);
                        }
                    }
                }
                text
            }
            // Raw body-sized bytes, which the target also signs and verifies.
            _ => (0..36 + rng.below(80)).map(|_| rng.byte()).collect(),
        };
        one_input(&input);
    }
}
