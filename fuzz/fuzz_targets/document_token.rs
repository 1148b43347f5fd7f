//! Arbitrary bytes into the document token's parser, token verification and PDF verification:
//! they must refuse, never panic, and a verified token must re-sign to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kiosk_documents::fuzzing::one_input(data));
