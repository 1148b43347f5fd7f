//! Staff assist against the real store and a scripted central system: sign-in and its
//! lockout, the ID check opening a level-high session, unlocking the checked member's letter,
//! help calls, out of service, the staff session's end; every act audited, no member data in
//! the trail.

use std::time::Duration;

use kiosk_domain::{
    IdentificationMethod, Service, SessionPhase, TrustLevel,
    staff::{IdDocumentKind, Pin, PinVerifier, STAFF_IDLE_TIMEOUT, StaffAccount, StaffRole},
};
use kiosk_protocol::{MemberLookupRequest, MemberSnapshot};
use time::{OffsetDateTime, macros::date};

use super::*;
use crate::{
    CentralProblem, CoreError, Kiosk, SharedKiosk,
    identify_tests::{ready, valid_letter},
};

const MAX_AGE: Duration = Duration::from_secs(72 * 3600);
const KVNR: &str = "A123456780";
const PIN: &str = "482913";

fn with_account(kiosk: &mut Kiosk, branches: &[&str]) {
    let account = StaffAccount {
        staff_id: "S-1001".parse().expect("id"),
        role: StaffRole::Assist,
        branches: branches.iter().map(|b| (*b).to_owned()).collect(),
    };
    let verifier = PinVerifier::create(&Pin::entered(PIN).expect("pin"), &[5; 16]).expect("hash");
    kiosk
        .store
        .transaction(|tx| tx.put_staff_account(&account, &verifier))
        .expect("account");
}

/// A kiosk with the demo member, no session, and the staff account of its branch.
fn staffed() -> (Kiosk, std::time::Instant, tempfile::TempDir) {
    let (mut kiosk, t0, dir) = ready();
    kiosk.end_session(t0).expect("no member session");
    let branch = kiosk.branch_id.clone();
    with_account(&mut kiosk, &[&branch]);
    (kiosk, t0, dir)
}

fn problem<T: std::fmt::Debug>(result: Result<T, CoreError>) -> StaffProblem {
    match result {
        Err(CoreError::Staff(problem)) => problem,
        other => panic!("expected a staff problem, got {other:?}"),
    }
}

fn audit_kinds(kiosk: &Kiosk) -> Vec<String> {
    let mut trail = kiosk.store.audit_trail(200).expect("audit");
    trail.reverse();
    trail.into_iter().map(|r| r.kind).collect()
}

/// The central system: offline (`None`), or answering with these members.
struct Central(Option<Vec<MemberSnapshot>>);

impl StaffCentral for Central {
    async fn member_lookup(
        &self,
        _request: &MemberLookupRequest,
    ) -> Result<Vec<MemberSnapshot>, CentralProblem> {
        self.0.clone().ok_or(CentralProblem::Offline)
    }
}

fn lookup(kiosk: Kiosk, query: LookupQuery) -> (Kiosk, MemberLookup) {
    lookup_with(kiosk, query, Central(None))
}

fn lookup_with(kiosk: Kiosk, query: LookupQuery, central: Central) -> (Kiosk, MemberLookup) {
    let shared = SharedKiosk::new(kiosk);
    let desk = StaffDesk::new(shared.clone(), central);
    let found = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
        .block_on(desk.lookup(&query, MAX_AGE))
        .expect("lookup");
    drop(desk);
    let kiosk = shared.into_inner().expect("no one else holds the kiosk");
    (kiosk, found)
}

#[test]
fn five_wrong_pins_lock_the_account_here_and_the_lock_is_reported() {
    let (mut kiosk, t0, _dir) = staffed();
    let now = OffsetDateTime::now_utc();
    for tries_left in (1..5).rev() {
        assert_eq!(
            problem(kiosk.staff_sign_in("S-1001", "111111", now, t0)),
            StaffProblem::WrongPin { tries_left }
        );
    }
    assert_eq!(
        problem(kiosk.staff_sign_in("s-1001", "111111", now, t0)),
        StaffProblem::LockedNow { minutes: 15 }
    );
    assert_eq!(
        problem(kiosk.staff_sign_in("S-1001", PIN, now, t0)),
        StaffProblem::Locked { minutes: 15 },
        "even the right PIN"
    );
    let sent: Vec<String> = kiosk
        .store
        .pending_events(200)
        .expect("outbox")
        .into_iter()
        .map(|e| e.kind)
        .filter(|k| k == "staff.locked")
        .collect();
    assert_eq!(sent.len(), 1);
    // After 15 minutes the right PIN signs in.
    let view = kiosk
        .staff_sign_in("S-1001", PIN, now + time::Duration::minutes(16), t0)
        .expect("signed in");
    assert_eq!(view.staff_id, "S-1001");
    let kinds = audit_kinds(&kiosk);
    assert_eq!(kinds.iter().filter(|k| *k == "staff.pinWrong").count(), 4);
    assert!(kinds.contains(&"staff.signedIn".to_owned()));
}

#[test]
fn sign_in_needs_a_known_account_of_this_branch_and_a_pin_of_the_right_shape() {
    let (mut kiosk, t0, _dir) = ready();
    kiosk.end_session(t0).expect("ended");
    with_account(&mut kiosk, &["OTHER-01"]);
    let now = OffsetDateTime::now_utc();
    assert_eq!(
        problem(kiosk.staff_sign_in("S-1001", PIN, now, t0)),
        StaffProblem::NotAllowed(kiosk_domain::staff::StaffRefusal::OtherBranch)
    );
    assert_eq!(
        problem(kiosk.staff_sign_in("S-9", PIN, now, t0)),
        StaffProblem::UnknownAccount
    );
    assert_eq!(
        problem(kiosk.staff_sign_in("S 1", PIN, now, t0)),
        StaffProblem::InvalidStaffId
    );
    assert_eq!(
        problem(kiosk.staff_sign_in("S-1001", "12", now, t0)),
        StaffProblem::InvalidPin
    );
    assert!(kiosk.staff_view(t0).is_none());
}

#[test]
fn an_id_check_opens_a_level_high_session_for_the_member_looked_up() {
    let (mut kiosk, t0, _dir) = staffed();
    let now = OffsetDateTime::now_utc();
    kiosk
        .staff_sign_in("S-1001", PIN, now, t0)
        .expect("signed in");
    let (mut kiosk, found) = lookup(
        kiosk,
        LookupQuery::NameAndBirthDate {
            last_name: "mustermann ".into(),
            first_name: "Erika".into(),
            birth_date: "1964-08-12".into(),
        },
    );
    assert!(found.offline, "the scripted central system is offline");
    assert_eq!(found.members.len(), 1);
    assert_eq!(found.members[0].kvnr, KVNR);

    let check = |kiosk: &mut Kiosk, expires, end: &str| {
        kiosk.staff_confirm_id_check(
            KVNR,
            IdDocumentKind::Personalausweis,
            expires,
            end,
            None,
            true,
            now,
            t0,
        )
    };
    assert_eq!(
        problem(check(&mut kiosk, date!(2020 - 01 - 01), "L01X")),
        StaffProblem::Document(kiosk_domain::staff::IdDocumentError::Expired)
    );
    assert_eq!(
        problem(check(&mut kiosk, date!(2030 - 01 - 01), "A01X")),
        StaffProblem::Document(kiosk_domain::staff::IdDocumentError::NumberEndGermanChars)
    );
    let snapshot = check(&mut kiosk, date!(2030 - 01 - 01), "L01X").expect("identified");
    assert_eq!(
        snapshot.phase,
        SessionPhase::Identified {
            method: IdentificationMethod::StaffAssist,
            trust: TrustLevel::High
        }
    );
    assert!(kiosk.authorize(Service::ChangePostalAddress).is_ok());
    assert!(kiosk.staff_view(t0).expect("still signed in").with_member);

    // The central system hears who checked which document; the trail keeps neither the KVNR
    // nor the document's number.
    let event = kiosk
        .store
        .pending_events(200)
        .expect("outbox")
        .into_iter()
        .find(|e| e.kind == "identification.succeeded")
        .expect("reported");
    assert!(
        event.payload.contains("\"staffId\":\"S-1001\""),
        "{}",
        event.payload
    );
    assert!(event.payload.contains(KVNR) && event.payload.contains("L01X"));
    for record in kiosk.store.audit_trail(200).expect("audit") {
        assert!(!record.detail.contains(KVNR), "{}", record.detail);
        assert!(!record.detail.contains("L01X"), "{}", record.detail);
        assert!(!record.detail.contains("Mustermann"), "{}", record.detail);
    }
}

#[test]
fn only_a_member_from_the_lookup_and_only_without_an_open_session() {
    let (mut kiosk, t0, _dir) = staffed();
    let now = OffsetDateTime::now_utc();
    let confirm = |kiosk: &mut Kiosk| {
        kiosk.staff_confirm_id_check(
            KVNR,
            IdDocumentKind::Reisepass,
            date!(2030 - 01 - 01),
            "1234",
            None,
            false,
            now,
            t0,
        )
    };
    assert_eq!(problem(confirm(&mut kiosk)), StaffProblem::NotSignedIn);
    kiosk
        .staff_sign_in("S-1001", PIN, now, t0)
        .expect("signed in");
    assert_eq!(problem(confirm(&mut kiosk)), StaffProblem::NotLookedUp);
    let (mut kiosk, _) = lookup(kiosk, LookupQuery::Kvnr(KVNR.into()));
    kiosk
        .start_identification(IdentificationMethod::Letter, t0)
        .expect("a member started");
    assert_eq!(
        problem(confirm(&mut kiosk)),
        StaffProblem::MemberSessionActive
    );
    kiosk.staff_end_member_session(t0).expect("ended by staff");
    confirm(&mut kiosk).expect("identified");
    assert!(
        kiosk.staff_view(t0).is_none(),
        "handed to the member: the staff session ended"
    );
    assert!(audit_kinds(&kiosk).contains(&"staff.endedSession".to_owned()));
}

#[test]
fn staff_unlock_the_letter_of_the_member_they_checked() {
    let (mut kiosk, t0, _dir) = ready();
    let now = OffsetDateTime::now_utc();
    kiosk
        .letter_scanned(&valid_letter(4), now, MAX_AGE, t0)
        .expect("accepted");
    for date in ["01011970", "02011970", "03011970"] {
        let _ = kiosk.birth_date_entered(date, now, t0);
    }
    kiosk.end_session(t0).expect("member leaves");
    let branch = kiosk.branch_id.clone();
    with_account(&mut kiosk, &[&branch]);
    kiosk
        .call_staff(HelpReason::LetterLocked, t0)
        .expect("called");
    assert_eq!(
        kiosk.help_call(t0).map(|c| c.reason),
        Some(HelpReason::LetterLocked)
    );

    kiosk
        .staff_sign_in("S-1001", PIN, now, t0)
        .expect("signed in");
    assert_eq!(
        problem(kiosk.staff_unlock_letters()),
        StaffProblem::NotStaffChecked
    );
    let (mut kiosk, found) = lookup(kiosk, LookupQuery::Kvnr(KVNR.into()));
    assert_eq!(found.members[0].locked_letters, 1);
    kiosk
        .staff_confirm_id_check(
            KVNR,
            IdDocumentKind::EuNationalId,
            date!(2029 - 05 - 01),
            "ab12",
            Some("FR"),
            true,
            now,
            t0,
        )
        .expect("checked");
    assert_eq!(kiosk.help_call(t0), None, "answered by the check");
    assert_eq!(kiosk.staff_unlock_letters().expect("unlocked"), 1);
    assert_eq!(
        problem(kiosk.staff_unlock_letters()),
        StaffProblem::NoLockedLetter
    );
    let unlock = kiosk
        .store
        .pending_events(300)
        .expect("outbox")
        .into_iter()
        .find(|e| e.kind == "letter.unlocked")
        .expect("sent");
    assert!(
        unlock.payload.contains("\"sessionId\""),
        "{}",
        unlock.payload
    );

    // The member may use the letter again in a session of their own.
    kiosk.staff_end_member_session(t0).expect("ended");
    kiosk
        .start_identification(IdentificationMethod::Letter, t0)
        .expect("session");
    kiosk
        .letter_scanned(&valid_letter(4), now, MAX_AGE, t0)
        .expect("accepted again");
}

#[test]
fn out_of_service_stops_new_sessions_until_staff_bring_it_back() {
    let (mut kiosk, t0, _dir) = staffed();
    let now = OffsetDateTime::now_utc();
    assert_eq!(
        problem(kiosk.staff_set_out_of_service(true)),
        StaffProblem::NotSignedIn
    );
    kiosk
        .staff_sign_in("S-1001", PIN, now, t0)
        .expect("signed in");
    kiosk.staff_set_out_of_service(true).expect("out");
    assert!(kiosk.is_out_of_service().expect("state"));
    assert!(matches!(
        kiosk.start_identification(IdentificationMethod::Letter, t0),
        Err(CoreError::OutOfService)
    ));
    kiosk.staff_set_out_of_service(false).expect("back");
    kiosk
        .start_identification(IdentificationMethod::Letter, t0)
        .expect("a member may start again");
}

#[test]
fn a_staff_session_ends_after_five_idle_minutes_or_when_the_account_is_withdrawn() {
    let (mut kiosk, t0, _dir) = staffed();
    let now = OffsetDateTime::now_utc();
    kiosk
        .staff_sign_in("S-1001", PIN, now, t0)
        .expect("signed in");
    assert_eq!(
        kiosk.staff_tick(t0 + STAFF_IDLE_TIMEOUT - Duration::from_secs(1)),
        None
    );
    let ended = kiosk.staff_tick(t0 + STAFF_IDLE_TIMEOUT).expect("ended");
    assert_eq!(
        ended.reason,
        kiosk_domain::staff::StaffEndReason::IdleTimeout
    );

    kiosk
        .staff_sign_in("S-1001", PIN, now, t0)
        .expect("signed in again");
    let id = "S-1001".parse().expect("id");
    kiosk
        .store
        .transaction(|tx| tx.remove_staff_account(&id))
        .expect("withdrawn by a pull");
    let ended = kiosk.staff_tick(t0).expect("ended");
    assert_eq!(
        ended.reason,
        kiosk_domain::staff::StaffEndReason::AccountWithdrawn
    );
    assert_eq!(
        problem(kiosk.staff_sign_in("S-1001", PIN, now, t0)),
        StaffProblem::UnknownAccount
    );
}

#[test]
fn a_letter_session_cannot_be_started_as_staff_assisted_by_the_page() {
    let (mut kiosk, t0, _dir) = staffed();
    assert!(matches!(
        kiosk.start_identification(IdentificationMethod::StaffAssist, t0),
        Err(CoreError::StaffSignInRequired)
    ));
}

#[test]
fn online_the_central_system_answers_the_lookup() {
    let (mut kiosk, t0, _dir) = staffed();
    kiosk
        .staff_sign_in("S-1001", PIN, OffsetDateTime::now_utc(), t0)
        .expect("signed in");
    let elsewhere = MemberSnapshot {
        kvnr: KVNR.into(),
        first_name: "Max".into(),
        last_name: "Muster".into(),
        birth_date: "1990-01-02".into(),
        insurer: "Demo".into(),
        member_since: "2010-01-01".into(),
        status: kiosk_protocol::InsuranceStatus::Voluntary,
        family: vec![],
        version: 3,
    };
    let (_, found) = lookup_with(
        kiosk,
        LookupQuery::Kvnr(KVNR.to_lowercase()),
        Central(Some(vec![elsewhere])),
    );
    assert!(!found.offline);
    assert_eq!(found.members[0].last_name, "Muster");
}
