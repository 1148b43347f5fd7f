//! The fuzz target's function (`fuzz/fuzz_targets/letter_token.rs`) over a few thousand
//! pseudo-random inputs from a fixed seed, so that every `cargo test` runs it on stable Rust.
//! `cargo fuzz` (nightly) explores far more; see `fuzz/README.md`.

use kiosk_letter::{
    BODY_LEN, KeyId, LetterClaims, LetterId, PREFIX, Purpose, SigningKey, fuzzing::one_input, sign,
};
use kiosk_testkit::{Rng, TokenShape, token_inputs};
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
    let token = valid_token();
    // The real token passes (and re-signs to itself inside the target).
    one_input(&token);
    let shape = TokenShape {
        token: &token,
        prefix: PREFIX.as_bytes(),
        text_len: 150,
        body_len: BODY_LEN,
    };
    for input in token_inputs(&mut rng, shape, 3000) {
        one_input(&input);
    }
}
