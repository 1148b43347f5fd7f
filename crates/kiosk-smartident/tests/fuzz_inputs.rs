//! The fuzz target's function (`fuzz/fuzz_targets/smartident_inputs.rs`) over a few thousand
//! pseudo-random inputs from a fixed seed, so that every `cargo test` runs it on stable Rust.

use ed25519_dalek::SigningKey;
use kiosk_smartident::{
    fuzzing::{self, one_input},
    qr::BODY_LEN,
};
use kiosk_testkit::{BASE45, Edit, Rng, TokenShape, damage, token_inputs};

fn valid_code() -> String {
    fuzzing::sample().seal(&SigningKey::from_bytes(&fuzzing::KEY))
}

#[test]
fn the_fuzz_target_survives_random_inputs() {
    let mut rng = Rng::new(0x5eed_5a17);
    let code = valid_code();
    one_input(code.as_bytes());
    let (token, origin) = code.split_at(kiosk_smartident::qr::TOKEN_LEN);
    let origin = origin.trim_start();
    let shape = TokenShape {
        token: token.as_bytes(),
        prefix: b"KS1:",
        text_len: token.len() - 4,
        body_len: BODY_LEN,
    };
    for mut input in token_inputs(&mut rng, shape, 3000) {
        // Half of them with the origin behind, as a scanned code has it.
        if rng.below(2) == 0 {
            input.push(b' ');
            input.extend_from_slice(origin.as_bytes());
        }
        one_input(&input);
    }
    for _ in 0..1000 {
        let mut input = code.clone().into_bytes();
        damage(
            &mut rng,
            &mut input,
            BASE45,
            &[Edit::Replace, Edit::Insert, Edit::Truncate],
            3,
        );
        one_input(&input);
    }
}
