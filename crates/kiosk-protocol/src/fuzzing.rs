//! For the fuzz target (`fuzz/fuzz_targets/protocol_bodies.rs`) and its stand-in test: every
//! request body the central system accepts, parsed and validated from arbitrary bytes. Not
//! part of the API.

use crate::{
    ApprovalAnswer, ApprovalRequest, BindRequest, ConfirmRequest, EnrollRequest, LetterRequest,
    NotMeLink, PushRequest, RegistrationRequest, RenewRequest, SessionRef, VerifyRequest,
};

/// Parses `data` as each request body and validates what parses; panics only if an invariant
/// breaks (which is what the fuzzer looks for).
pub fn one_input(data: &[u8]) {
    if let Ok(push) = serde_json::from_slice::<PushRequest>(data) {
        let verdict = push.validate("K-1");
        // What validates must survive the round trip the kiosk's outbox makes.
        if verdict.is_ok() {
            let again: PushRequest = serde_json::from_slice(
                &serde_json::to_vec(&push).expect("a parsed body serializes"),
            )
            .expect("a serialized body parses");
            assert_eq!(again, push);
            assert!(again.validate("K-1").is_ok());
        }
    }
    if let Ok(enroll) = serde_json::from_slice::<EnrollRequest>(data) {
        let _ = enroll.validate();
    }
    if let Ok(renew) = serde_json::from_slice::<RenewRequest>(data) {
        let _ = renew.validate();
    }
    if let Ok(verify) = serde_json::from_slice::<VerifyRequest>(data) {
        let _ = verify.validate();
    }
    if let Ok(bind) = serde_json::from_slice::<BindRequest>(data) {
        let _ = bind.validate();
    }
    if let Ok(confirm) = serde_json::from_slice::<ConfirmRequest>(data) {
        let _ = confirm.validate();
    }
    if let Ok(approval) = serde_json::from_slice::<ApprovalRequest>(data) {
        let _ = approval.validate();
    }
    if let Ok(answer) = serde_json::from_slice::<ApprovalAnswer>(data) {
        let _ = answer.validate();
    }
    if let Ok(letter) = serde_json::from_slice::<LetterRequest>(data) {
        let _ = letter.validate();
    }
    if let Ok(link) = serde_json::from_slice::<NotMeLink>(data) {
        // What validates is only hex: it can go into a hash and a log line's absence safely.
        if link.validate().is_ok() {
            assert!(link.token.bytes().all(|b| b.is_ascii_hexdigit()));
        }
    }
    // These carry a session id only: parsing is their validation.
    let _ = serde_json::from_slice::<RegistrationRequest>(data);
    let _ = serde_json::from_slice::<SessionRef>(data);
}
