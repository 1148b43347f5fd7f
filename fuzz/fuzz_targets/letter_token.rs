//! Arbitrary bytes into the letter token's parsers and verification: they must refuse, never
//! panic, and a verified token must re-sign to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kiosk_letter::fuzzing::one_input(data));
