//! Arbitrary bytes into SmartIdent's readers (the registration QR, the phone API origin, the
//! bind code, the signer header, device keys): they must refuse, never panic, and a code that
//! opens must seal back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kiosk_smartident::fuzzing::one_input(data));
