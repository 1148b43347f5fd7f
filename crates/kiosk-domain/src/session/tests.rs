use std::time::{Duration, Instant};

use super::*;
use crate::Kvnr;

const IDLE: u64 = 60;
const WARNING: u64 = 20;
const MAX: u64 = 600;
const ATTRACT: u64 = 45;

fn machine() -> (SessionMachine, Instant) {
    let t0 = Instant::now();
    let policy = SessionPolicy {
        idle_timeout: Duration::from_secs(IDLE),
        warning: Duration::from_secs(WARNING),
        max_length: Duration::from_secs(MAX),
        attract_reset: Duration::from_secs(ATTRACT),
    };
    (SessionMachine::new(policy, Language::De, t0), t0)
}

fn at(t0: Instant, seconds: u64) -> Instant {
    t0 + Duration::from_secs(seconds)
}

fn member() -> MemberIdentity {
    let kvnr: Kvnr = "A123456780".parse().expect("valid example");
    MemberIdentity::new(&kvnr, "Erika Mustermann")
}

fn started(method: IdentificationMethod) -> (SessionMachine, Instant, SessionId) {
    let (mut m, t0) = machine();
    let id = m
        .start_identification(method, SessionId::random(), t0)
        .expect("idle machine");
    (m, t0, id)
}

#[test]
fn starts_idle_in_the_default_language() {
    let (m, t0) = machine();
    let snap = m.snapshot(t0);
    assert_eq!(snap.phase, SessionPhase::Idle);
    assert_eq!(snap.language, Language::De);
    assert_eq!(snap.warning, None);
    assert_eq!(m.active_session_id(), None);
}

#[test]
fn identification_moves_through_the_phases() {
    let (mut m, t0, id) = started(IdentificationMethod::Letter);
    assert_eq!(m.active_session_id(), Some(id));
    assert!(m.identified_member().is_none());
    assert_eq!(
        m.snapshot(t0).phase,
        SessionPhase::Identifying {
            method: IdentificationMethod::Letter,
            awaiting_birth_date: false
        }
    );
    let trust = m
        .complete_identification(IdentityProof::LETTER_AND_BIRTH_DATE, member(), at(t0, 5))
        .expect("identifying");
    assert_eq!(trust, TrustLevel::Substantial);
    assert_eq!(
        m.identified_member()
            .map(|(who, trust)| (who.clone(), trust)),
        Some((member(), TrustLevel::Substantial))
    );
    assert_eq!(
        m.snapshot(at(t0, 5)).phase,
        SessionPhase::Identified {
            method: IdentificationMethod::Letter,
            trust
        }
    );
    let ended = m.end(EndReason::Member, at(t0, 9)).expect("active");
    assert_eq!(ended.id, id);
    assert_eq!(ended.duration, Duration::from_secs(9));
    assert_eq!(m.snapshot(at(t0, 9)).phase, SessionPhase::Idle);
    assert!(
        m.identified_member().is_none(),
        "the member goes with the session"
    );
}

#[test]
fn a_second_session_cannot_start_over_the_first() {
    let (mut m, t0, _) = started(IdentificationMethod::Letter);
    assert_eq!(
        m.start_identification(IdentificationMethod::StaffAssist, SessionId::random(), t0),
        Err(SessionError::SessionAlreadyActive)
    );
}

#[test]
fn proof_must_match_the_method_and_cannot_repeat() {
    let (mut m, t0, _) = started(IdentificationMethod::StaffAssist);
    assert_eq!(
        m.complete_identification(IdentityProof::LETTER_AND_BIRTH_DATE, member(), t0),
        Err(SessionError::ProofDoesNotMatchMethod)
    );
    assert_eq!(
        m.complete_identification(IdentityProof::STAFF_ID_CHECK, member(), t0),
        Ok(TrustLevel::High)
    );
    assert_eq!(
        m.complete_identification(IdentityProof::STAFF_ID_CHECK, member(), t0),
        Err(SessionError::NotIdentifying)
    );
}

#[test]
fn nothing_to_end_or_extend_when_idle() {
    let (mut m, t0) = machine();
    assert_eq!(
        m.end(EndReason::Member, t0),
        Err(SessionError::NoActiveSession)
    );
    assert_eq!(m.extend(t0), Err(SessionError::NoActiveSession));
    assert_eq!(
        m.complete_identification(IdentityProof::STAFF_ID_CHECK, member(), t0),
        Err(SessionError::NoActiveSession)
    );
}

#[test]
fn warning_counts_down_then_the_session_ends_idle() {
    let (mut m, t0, id) = started(IdentificationMethod::Letter);
    assert_eq!(
        m.tick(at(t0, 1)),
        Tick::Changed,
        "first tick reports the initial screen"
    );
    assert_eq!(m.tick(at(t0, IDLE - WARNING - 1)), Tick::Unchanged);
    assert_eq!(m.tick(at(t0, IDLE - WARNING)), Tick::Changed);
    assert_eq!(
        m.snapshot(at(t0, IDLE - WARNING)).warning,
        Some(IdleWarning {
            seconds_left: WARNING as u32,
            can_extend: true
        })
    );
    assert_eq!(m.tick(at(t0, IDLE - 1)), Tick::Changed);
    assert_eq!(
        m.snapshot(at(t0, IDLE - 1)).warning.map(|w| w.seconds_left),
        Some(1),
        "the countdown rounds up"
    );
    let half = at(t0, IDLE - 1) + Duration::from_millis(500);
    assert_eq!(m.snapshot(half).warning.map(|w| w.seconds_left), Some(1));
    match m.tick(at(t0, IDLE)) {
        Tick::Ended(ended) => {
            assert_eq!(ended.id, id);
            assert_eq!(ended.reason, EndReason::IdleTimeout);
        }
        other => panic!("expected the session to end, got {other:?}"),
    }
    assert_eq!(m.snapshot(at(t0, IDLE)).phase, SessionPhase::Idle);
}

#[test]
fn activity_before_the_warning_postpones_it() {
    let (mut m, t0, _) = started(IdentificationMethod::Letter);
    m.note_activity(at(t0, 30));
    assert_eq!(m.snapshot(at(t0, IDLE)).warning, None);
    assert!(matches!(m.tick(at(t0, IDLE)), Tick::Changed));
    assert!(m.snapshot(at(t0, 30 + IDLE - WARNING)).warning.is_some());
}

#[test]
fn during_the_warning_only_an_extension_counts() {
    let (mut m, t0, _) = started(IdentificationMethod::Letter);
    let in_warning = at(t0, IDLE - 5);
    m.note_activity(in_warning);
    assert!(
        m.snapshot(in_warning).warning.is_some(),
        "a stray touch does not extend"
    );
    m.extend(in_warning).expect("active");
    assert_eq!(m.snapshot(in_warning).warning, None);
    assert!(matches!(m.tick(at(t0, IDLE)), Tick::Changed));
    assert_eq!(
        m.snapshot(at(t0, IDLE)).phase,
        SessionPhase::Identifying {
            method: IdentificationMethod::Letter,
            awaiting_birth_date: false
        }
    );
}

#[test]
fn the_maximum_length_applies_however_active() {
    let (mut m, t0, _) = started(IdentificationMethod::Letter);
    let mut now = t0;
    while now < at(t0, MAX - WARNING - 1) {
        now += Duration::from_secs(10);
        m.note_activity(now);
        assert!(!matches!(m.tick(now), Tick::Ended(_)));
    }
    let warn = at(t0, MAX - 10);
    m.extend(warn).expect("active");
    assert_eq!(
        m.snapshot(warn).warning,
        Some(IdleWarning {
            seconds_left: 10,
            can_extend: false
        }),
        "extending cannot pass the maximum length"
    );
    match m.tick(at(t0, MAX)) {
        Tick::Ended(ended) => assert_eq!(ended.reason, EndReason::MaxLength),
        other => panic!("expected the maximum length to end it, got {other:?}"),
    }
}

#[test]
fn ending_resets_the_language_for_the_next_member() {
    let (mut m, t0) = machine();
    m.set_language(Language::En, t0);
    m.start_identification(IdentificationMethod::Letter, SessionId::random(), t0)
        .expect("idle");
    assert_eq!(
        m.snapshot(t0).language,
        Language::En,
        "the choice carries into the session"
    );
    m.end(EndReason::Member, at(t0, 3)).expect("active");
    assert_eq!(m.snapshot(at(t0, 3)).language, Language::De);
}

#[test]
fn attract_screen_language_reverts_after_a_while() {
    let (mut m, t0) = machine();
    m.set_language(Language::En, t0);
    m.tick(at(t0, ATTRACT - 1));
    assert_eq!(m.snapshot(at(t0, ATTRACT - 1)).language, Language::En);
    assert_eq!(m.tick(at(t0, ATTRACT)), Tick::Changed);
    assert_eq!(m.snapshot(at(t0, ATTRACT)).language, Language::De);
}

#[test]
fn ending_wipes_the_member_from_the_machine() {
    let (mut m, t0, _) = started(IdentificationMethod::StaffAssist);
    m.complete_identification(IdentityProof::STAFF_ID_CHECK, member(), t0)
        .expect("identifying");
    m.end(EndReason::Member, t0).expect("active");
    let state = format!("{m:?}");
    assert!(
        !state.contains("MemberIdentity"),
        "no member left in {state}"
    );
    assert!(matches!(m.state, State::Idle { .. }));
}

fn pending() -> PendingLetter {
    PendingLetter {
        letter_id: "L-1".into(),
        key_id: "L26A".into(),
        member: member(),
        birth_date: "1970-05-17".parse().expect("valid"),
    }
}

#[test]
fn a_read_letter_waits_for_the_birth_date_and_goes_with_the_session() {
    let (mut m, t0, _) = started(IdentificationMethod::Letter);
    assert!(m.pending_letter().is_none());
    m.letter_read(pending(), at(t0, 3))
        .expect("identifying by letter");
    assert_eq!(
        m.snapshot(at(t0, 3)).phase,
        SessionPhase::Identifying {
            method: IdentificationMethod::Letter,
            awaiting_birth_date: true
        }
    );
    assert_eq!(
        m.pending_letter().map(|p| p.letter_id.as_str()),
        Some("L-1")
    );
    m.discard_letter();
    assert!(m.pending_letter().is_none());
    m.letter_read(pending(), at(t0, 4)).expect("again");
    m.complete_identification(IdentityProof::LETTER_AND_BIRTH_DATE, member(), at(t0, 5))
        .expect("done");
    assert!(
        m.pending_letter().is_none(),
        "identification consumes the letter"
    );
    assert_eq!(
        m.letter_read(pending(), at(t0, 6)),
        Err(SessionError::NotIdentifying)
    );
    m.end(EndReason::Member, at(t0, 7)).expect("active");
    assert_eq!(
        m.letter_read(pending(), at(t0, 8)),
        Err(SessionError::NoActiveSession)
    );
}

#[test]
fn staff_sessions_take_no_letters() {
    let (mut m, t0, _) = started(IdentificationMethod::StaffAssist);
    assert_eq!(
        m.letter_read(pending(), t0),
        Err(SessionError::NotIdentifying)
    );
}

#[test]
fn a_letter_identification_rests_on_the_letters_own_date_and_services_check_its_level() {
    let (mut m, t0, _) = started(IdentificationMethod::Letter);
    assert_eq!(
        m.authorize(Service::MembershipCertificate),
        Err(SessionError::NotIdentified)
    );
    let birth_date: BirthDate = "1970-05-17".parse().expect("date");
    assert_eq!(
        m.check_birth_date(&birth_date, 0),
        Err(SessionError::NoLetterRead)
    );
    m.letter_read(
        PendingLetter {
            letter_id: "01dc60ab7a641ec79195384de490b754".into(),
            key_id: "L26A".into(),
            member: member(),
            birth_date: birth_date.clone(),
        },
        t0,
    )
    .expect("letter");
    let wrong: BirthDate = "1970-05-18".parse().expect("date");
    assert_eq!(
        m.check_birth_date(&wrong, 0),
        Ok(BirthDateOutcome::Mismatch { attempts_left: 2 })
    );
    let Ok(BirthDateOutcome::Match(proof)) = m.check_birth_date(&birth_date, 1) else {
        panic!("the letter's own date matches");
    };
    assert_eq!(
        m.complete_letter_identification(proof, t0),
        Ok(TrustLevel::Substantial)
    );
    assert_eq!(m.authorize(Service::TravelCertificate), Ok(&member()));
    assert_eq!(
        m.authorize(Service::ChangePostalAddress),
        Err(SessionError::LevelTooLow {
            service: Service::ChangePostalAddress,
            needs: TrustLevel::High,
            has: TrustLevel::Substantial,
        })
    );
}

#[test]
fn a_staff_id_check_opens_a_staff_assisted_session_at_level_high() {
    use crate::staff::{
        CheckedDocument, IdDocumentKind, PinOutcome, StaffAccount, StaffMachine, StaffRole,
    };
    let (mut m, t0, _) = started(IdentificationMethod::StaffAssist);
    let mut staff = StaffMachine::default();
    let account = StaffAccount {
        staff_id: "S-1001".parse().expect("id"),
        role: StaffRole::Assist,
        branches: vec!["DEMO-01".into()],
    };
    let signed_in = staff
        .sign_in(&account, PinOutcome::SignedIn, "DEMO-01", t0)
        .expect("signed in");
    let today = time::macros::date!(2026 - 12 - 06);
    let document = CheckedDocument::check(
        IdDocumentKind::Personalausweis,
        time::macros::date!(2030 - 01 - 01),
        "L01X",
        None,
        today,
    )
    .expect("valid");
    assert_eq!(
        m.complete_staff_id_check(signed_in, &document, member(), t0),
        Ok(TrustLevel::High)
    );
    assert!(m.authorize(crate::Service::ChangePostalAddress).is_ok());

    // A letter session cannot be completed this way.
    let (mut letter, t0, _) = started(IdentificationMethod::Letter);
    assert_eq!(
        letter.complete_staff_id_check(signed_in, &document, member(), t0),
        Err(SessionError::ProofDoesNotMatchMethod)
    );
}
