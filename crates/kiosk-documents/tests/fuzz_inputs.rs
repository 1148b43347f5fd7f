//! The fuzz target's function (`fuzz/fuzz_targets/document_token.rs`) over a few thousand
//! pseudo-random inputs from a fixed seed, so that every `cargo test` runs it on stable Rust.

use kiosk_documents::{DocumentRequest, fuzzing::one_input};
use kiosk_testkit::Rng;

mod common;

#[test]
fn the_fuzz_target_survives_random_inputs() {
    let mut rng = Rng::new(0x5eed_d0c5);
    let base45 = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
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

    for round in 0..3000 {
        let input: Vec<u8> = match round % 4 {
            0 => (0..rng.below(400)).map(|_| rng.byte()).collect(),
            1 => {
                let mut text: Vec<u8> = if rng.below(2) == 0 {
                    b"KD1:".to_vec()
                } else {
                    Vec::new()
                };
                let len = 210 + rng.below(5) - 2;
                text.extend((0..len).map(|_| base45[rng.below(base45.len())]));
                text
            }
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
            _ => (0..76 + rng.below(80)).map(|_| rng.byte()).collect(),
        };
        one_input(&input);
    }
}
