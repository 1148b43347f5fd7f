//! Arbitrary bytes as every request body the central system accepts (push, enroll, verify):
//! parsing and validation refuse, never panic; what validates survives a round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kiosk_protocol::fuzzing::one_input(data));
