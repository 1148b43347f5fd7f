//! The fuzz target's function (`fuzz/fuzz_targets/document_token.rs`) over a few thousand
//! pseudo-random inputs from a fixed seed, so that every `cargo test` runs it on stable Rust.

use kiosk_documents::{BODY_LEN, DocumentRequest, PREFIX, fuzzing::one_input};
use kiosk_testkit::{Rng, TokenShape, token_inputs};

mod common;

#[test]
fn the_fuzz_target_survives_random_inputs() {
    let mut rng = Rng::new(0x5eed_d0c5);
    let document = common::rendered(&DocumentRequest::Membership);
    let token = document.token.clone().into_bytes();
    one_input(&token);
    // A real PDF, and damaged copies of it.
    one_input(&document.pdf);
    for _ in 0..20 {
        let mut pdf = document.pdf.clone();
        for _ in 0..1 + rng.below(8) {
            let at = rng.below(pdf.len());
            pdf[at] = rng.byte();
        }
        pdf.truncate(pdf.len() - rng.below(pdf.len() / 2));
        one_input(&pdf);
    }

    let shape = TokenShape {
        token: &token,
        prefix: PREFIX.as_bytes(),
        text_len: 210,
        body_len: BODY_LEN,
    };
    for input in token_inputs(&mut rng, shape, 3000) {
        one_input(&input);
    }
}
