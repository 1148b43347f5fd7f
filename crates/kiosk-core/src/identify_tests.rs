use std::time::{Duration, Instant};

use kiosk_domain::{IdentificationMethod, Kvnr, SessionPhase, TrustLevel};
use kiosk_letter::{KeyId, LetterClaims, LetterId, Purpose, SigningKey, endorse, sign};
use kiosk_protocol::{InsuranceStatus, MemberSnapshot};
use time::{Date, OffsetDateTime};

use crate::{
    CoreError, Kiosk, LetterRefusal,
    tests::{kiosk, letter_root},
};

const MAX_AGE: Duration = Duration::from_secs(72 * 3600);
const KVNR: &str = "A123456780";

fn today() -> Date {
    kiosk_domain::berlin::date(OffsetDateTime::now_utc())
}

fn key() -> (SigningKey, KeyId) {
    (
        SigningKey::from_bytes(&[7u8; 32]),
        "T001".parse().expect("key id"),
    )
}

fn letter(id: u8, issued: Date, expires: Date) -> String {
    let (signing, key_id) = key();
    let kvnr: Kvnr = KVNR.parse().expect("kvnr");
    let claims = LetterClaims::new(
        LetterId::from_bytes([id; 16]),
        kvnr,
        issued,
        expires,
        Purpose::Activation,
    )
    .expect("claims");
    sign(&claims, &signing, &key_id)
}

pub(crate) fn valid_letter(id: u8) -> String {
    letter(
        id,
        today() - time::Duration::days(3),
        today() + time::Duration::days(30),
    )
}

/// Stores a pulled letter key with an endorsement by `root`.
fn pull_key(kiosk: &mut Kiosk, signing: &SigningKey, key_id: KeyId, root: &SigningKey) {
    let public = signing.verifying_key();
    let endorsement = endorse(root, key_id, &public);
    let public = kiosk_letter::public_key_base64(&public);
    kiosk
        .store
        .transaction(|tx| tx.add_letter_key(key_id.as_str(), &public, &endorsement))
        .expect("key");
}

/// A kiosk that trusts the test key (pulled, endorsed by the pinned root) and holds the
/// member's snapshot, in a started session.
pub(crate) fn ready() -> (Kiosk, Instant, tempfile::TempDir) {
    let (mut kiosk, t0, dir) = kiosk();
    let (signing, key_id) = key();
    pull_key(&mut kiosk, &signing, key_id, &letter_root());
    let snapshot = MemberSnapshot {
        kvnr: KVNR.into(),
        first_name: "Erika".into(),
        last_name: "Mustermann".into(),
        birth_date: "1964-08-12".into(),
        insurer: "Gesundheitskasse Nord (Demo)".into(),
        member_since: "2001-01-01".into(),
        status: InsuranceStatus::Mandatory,
        family: vec![],
        version: 1,
    };
    let json = serde_json::to_string(&snapshot).expect("json");
    kiosk
        .store
        .transaction(|tx| tx.put_snapshot(KVNR, 1, &json, OffsetDateTime::now_utc()))
        .expect("snapshot");
    // Online: a pull just confirmed the data.
    kiosk
        .store
        .set_data_current_as_of(OffsetDateTime::now_utc())
        .expect("current");
    kiosk
        .start_identification(IdentificationMethod::Letter, t0)
        .expect("session");
    (kiosk, t0, dir)
}

fn refusal(result: Result<impl std::fmt::Debug, CoreError>) -> LetterRefusal {
    match result {
        Err(CoreError::Letter(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn reasons(kiosk: &Kiosk) -> Vec<String> {
    let mut events = kiosk.store().pending_events(100).expect("outbox");
    events.retain(|e| e.kind.starts_with("identification."));
    events.into_iter().map(|e| e.payload).collect()
}

#[test]
fn the_right_date_of_birth_opens_a_substantial_session_and_uses_the_letter() {
    let (mut kiosk, t0, _dir) = ready();
    let waiting = kiosk
        .letter_scanned(&valid_letter(1), OffsetDateTime::now_utc(), MAX_AGE, t0)
        .expect("accepted");
    assert_eq!(
        waiting.phase,
        SessionPhase::Identifying {
            method: IdentificationMethod::Letter,
            awaiting_birth_date: true
        }
    );
    let done = kiosk
        .birth_date_entered("12081964", OffsetDateTime::now_utc(), t0)
        .expect("identified");
    assert_eq!(
        done.phase,
        SessionPhase::Identified {
            method: IdentificationMethod::Letter,
            trust: TrustLevel::Substantial
        }
    );
    let recorded = reasons(&kiosk);
    assert_eq!(recorded.len(), 1);
    assert!(
        recorded[0].contains("identification.succeeded"),
        "{}",
        recorded[0]
    );
    assert!(
        !recorded[0].contains(KVNR) && !recorded[0].contains("Mustermann"),
        "no personal data"
    );

    kiosk.end_session(t0).expect("end");
    kiosk
        .start_identification(IdentificationMethod::Letter, t0)
        .expect("next member");
    assert_eq!(
        refusal(kiosk.letter_scanned(&valid_letter(1), OffsetDateTime::now_utc(), MAX_AGE, t0)),
        LetterRefusal::AlreadyUsed
    );
}

#[test]
fn three_wrong_dates_lock_the_letter() {
    let (mut kiosk, t0, _dir) = ready();
    kiosk
        .letter_scanned(&valid_letter(2), OffsetDateTime::now_utc(), MAX_AGE, t0)
        .expect("accepted");
    assert_eq!(
        refusal(kiosk.birth_date_entered("31121999", OffsetDateTime::now_utc(), t0)),
        LetterRefusal::WrongBirthDate { attempts_left: 2 }
    );
    assert_eq!(
        refusal(kiosk.birth_date_entered("3112", OffsetDateTime::now_utc(), t0)),
        LetterRefusal::InvalidBirthDate,
        "a typo costs no attempt"
    );
    assert_eq!(
        refusal(kiosk.birth_date_entered("01011970", OffsetDateTime::now_utc(), t0)),
        LetterRefusal::WrongBirthDate { attempts_left: 1 }
    );
    assert_eq!(
        refusal(kiosk.birth_date_entered("02011970", OffsetDateTime::now_utc(), t0)),
        LetterRefusal::LockedNow
    );
    assert!(
        matches!(
            kiosk.birth_date_entered("12081964", OffsetDateTime::now_utc(), t0),
            Err(CoreError::Session(kiosk_domain::SessionError::NoLetterRead))
        ),
        "the locked letter is gone from the session"
    );
    assert_eq!(
        refusal(kiosk.letter_scanned(&valid_letter(2), OffsetDateTime::now_utc(), MAX_AGE, t0)),
        LetterRefusal::Locked
    );

    // Staff unlock it: the member may try again.
    kiosk
        .store
        .transaction(|tx| {
            tx.unlock_letter(&kiosk_letter::LetterId::from_bytes([2; 16]).to_string())
                .map(drop)
        })
        .expect("unlock");
    kiosk
        .letter_scanned(&valid_letter(2), OffsetDateTime::now_utc(), MAX_AGE, t0)
        .expect("accepted again");
    kiosk
        .birth_date_entered("12081964", OffsetDateTime::now_utc(), t0)
        .expect("identified");
    let recorded = reasons(&kiosk);
    assert!(
        recorded
            .iter()
            .filter(|r| r.contains("birthDateMismatch"))
            .count()
            == 2,
        "{recorded:#?}"
    );
    assert!(recorded.iter().any(|r| r.contains("lockedNow")));
}

#[test]
fn each_bad_letter_gets_its_own_refusal() {
    let (mut kiosk, t0, _dir) = ready();
    let scan = |kiosk: &mut Kiosk, text: &str| {
        refusal(kiosk.letter_scanned(text, OffsetDateTime::now_utc(), MAX_AGE, t0))
    };
    assert_eq!(
        scan(&mut kiosk, "https://example.org/"),
        LetterRefusal::NotALetter
    );
    let expired = letter(
        3,
        today() - time::Duration::days(40),
        today() - time::Duration::days(1),
    );
    assert_eq!(scan(&mut kiosk, &expired), LetterRefusal::Expired);
    let future = letter(
        4,
        today() + time::Duration::days(2),
        today() + time::Duration::days(20),
    );
    assert_eq!(scan(&mut kiosk, &future), LetterRefusal::NotYetValid);
    let mut tampered = valid_letter(5).into_bytes();
    let last = tampered.len() - 3;
    tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
    assert_eq!(
        scan(&mut kiosk, &String::from_utf8(tampered).expect("ascii")),
        LetterRefusal::Invalid
    );
    let revoked = kiosk_letter::LetterId::from_bytes([6; 16]).to_string();
    kiosk
        .store
        .transaction(|tx| tx.add_revocation(kiosk_store::REVOKED_LETTER, &revoked))
        .expect("revoke");
    assert_eq!(scan(&mut kiosk, &valid_letter(6)), LetterRefusal::Revoked);
    kiosk
        .store
        .transaction(|tx| tx.remove_snapshot(KVNR))
        .expect("no snapshot");
    assert_eq!(
        scan(&mut kiosk, &valid_letter(7)),
        LetterRefusal::MemberNotAvailable
    );
    assert_eq!(reasons(&kiosk).len(), 6, "every refusal is recorded");
}

#[test]
fn only_letter_keys_the_pinned_root_endorsed_are_trusted_and_a_revoked_key_revokes_its_letters() {
    let (mut kiosk, t0, _dir) = ready();
    let scan = |kiosk: &mut Kiosk, text: &str| {
        refusal(kiosk.letter_scanned(text, OffsetDateTime::now_utc(), MAX_AGE, t0))
    };
    // A key that reached the store endorsed by another root (a forged change feed), or with
    // no endorsement (pulled before endorsements existed): its letters are unknown.
    let forged = SigningKey::from_bytes(&[8u8; 32]);
    let forged_id: KeyId = "T002".parse().expect("key id");
    pull_key(
        &mut kiosk,
        &forged,
        forged_id,
        &SigningKey::from_bytes(&[9u8; 32]),
    );
    let unendorsed = SigningKey::from_bytes(&[10u8; 32]);
    let public = kiosk_letter::public_key_base64(&unendorsed.verifying_key());
    kiosk
        .store
        .transaction(|tx| tx.add_letter_key("T003", &public, ""))
        .expect("key");
    let claims = |id: u8| {
        LetterClaims::new(
            LetterId::from_bytes([id; 16]),
            KVNR.parse().expect("kvnr"),
            today(),
            today() + time::Duration::days(30),
            Purpose::Activation,
        )
        .expect("claims")
    };
    let forged_letter = sign(&claims(20), &forged, &forged_id);
    assert_eq!(scan(&mut kiosk, &forged_letter), LetterRefusal::Invalid);
    let unendorsed_letter = sign(&claims(21), &unendorsed, &"T003".parse().expect("id"));
    assert_eq!(scan(&mut kiosk, &unendorsed_letter), LetterRefusal::Invalid);

    // The endorsed key works until it is revoked; then its letters are revoked.
    kiosk
        .letter_scanned(&valid_letter(22), OffsetDateTime::now_utc(), MAX_AGE, t0)
        .expect("an endorsed key's letter");
    kiosk.machine.discard_letter();
    kiosk
        .store
        .transaction(|tx| tx.add_revocation(kiosk_store::REVOKED_LETTER_KEY, "T001"))
        .expect("revoke");
    assert_eq!(scan(&mut kiosk, &valid_letter(23)), LetterRefusal::Revoked);
}

#[test]
fn letters_need_a_letter_session() {
    let (mut kiosk, t0, _dir) = kiosk();
    assert!(matches!(
        kiosk.letter_scanned(&valid_letter(8), OffsetDateTime::now_utc(), MAX_AGE, t0),
        Err(CoreError::Session(
            kiosk_domain::SessionError::NoActiveSession
        ))
    ));
}

#[test]
fn a_letter_revoked_or_locked_after_the_scan_is_refused_when_the_date_is_entered() {
    for (n, change) in [(5u8, "revoked"), (6, "locked"), (7, "keyRevoked")] {
        let (mut kiosk, t0, _dir) = ready();
        kiosk
            .letter_scanned(&valid_letter(n), OffsetDateTime::now_utc(), MAX_AGE, t0)
            .expect("accepted");
        // The sync worker brings news from the central system meanwhile.
        let id = kiosk_letter::LetterId::from_bytes([n; 16]).to_string();
        kiosk
            .store
            .transaction(|tx| match change {
                "revoked" => tx.add_revocation(kiosk_store::REVOKED_LETTER, &id),
                "keyRevoked" => tx.add_revocation(kiosk_store::REVOKED_LETTER_KEY, "T001"),
                _ => tx.lock_letter(&id),
            })
            .expect("news");
        let why = refusal(kiosk.birth_date_entered("12081964", OffsetDateTime::now_utc(), t0));
        assert_eq!(
            why,
            if change == "locked" {
                LetterRefusal::Locked
            } else {
                LetterRefusal::Revoked
            },
            "{change}"
        );
        assert!(kiosk.machine.identified_member().is_none(), "{change}");
        assert!(
            kiosk.machine.pending_letter().is_none(),
            "{change}: scan again"
        );
    }
}

#[test]
fn offline_a_letter_has_one_try_at_the_date_of_birth() {
    let (mut kiosk, t0, _dir) = ready();
    // The last pull that confirmed the data was an hour ago: offline.
    kiosk
        .store
        .set_data_current_as_of(OffsetDateTime::now_utc() - time::Duration::hours(1))
        .expect("stale");
    kiosk
        .letter_scanned(&valid_letter(9), OffsetDateTime::now_utc(), MAX_AGE, t0)
        .expect("accepted");
    assert_eq!(
        refusal(kiosk.birth_date_entered("31121999", OffsetDateTime::now_utc(), t0)),
        LetterRefusal::WrongBirthDate { attempts_left: 2 }
    );
    // Even the right date is not tried again offline.
    assert_eq!(
        refusal(kiosk.birth_date_entered("12081964", OffsetDateTime::now_utc(), t0)),
        LetterRefusal::OfflineTryUsed
    );
    assert!(kiosk.machine.identified_member().is_none());
    // Back online, the letter may be tried again (the central system counts across the fleet).
    kiosk
        .store
        .set_data_current_as_of(OffsetDateTime::now_utc())
        .expect("current");
    kiosk
        .letter_scanned(&valid_letter(9), OffsetDateTime::now_utc(), MAX_AGE, t0)
        .expect("accepted again");
    kiosk
        .birth_date_entered("12081964", OffsetDateTime::now_utc(), t0)
        .expect("identified");
}

#[test]
fn a_clock_set_back_or_off_from_the_servers_accepts_no_letter() {
    use kiosk_domain::ClockProblem;
    let (mut kiosk, t0, _dir) = ready();
    let now = OffsetDateTime::now_utc();
    // Set back by days: the letter would look valid on a day it is not.
    assert_eq!(
        refusal(kiosk.letter_scanned(
            &valid_letter(10),
            now - time::Duration::days(3),
            MAX_AGE,
            t0
        )),
        LetterRefusal::ClockUntrusted(ClockProblem::WentBack)
    );
    // Scanned with a good clock, then set back before the date of birth is entered.
    kiosk
        .letter_scanned(&valid_letter(10), now, MAX_AGE, t0)
        .expect("accepted");
    assert_eq!(
        refusal(kiosk.birth_date_entered("12081964", now - time::Duration::days(3), t0)),
        LetterRefusal::ClockUntrusted(ClockProblem::WentBack)
    );
    assert!(kiosk.machine.identified_member().is_none());
    // The last pull found the clock an hour off the central system's.
    kiosk
        .store
        .transaction(|tx| tx.record_server_time(now - time::Duration::hours(1), now))
        .expect("pull");
    assert_eq!(
        refusal(kiosk.letter_scanned(&valid_letter(10), now, MAX_AGE, t0)),
        LetterRefusal::ClockUntrusted(ClockProblem::Drifted)
    );
    assert!(
        reasons(&kiosk)
            .iter()
            .filter(|r| r.contains("clockUntrusted"))
            .count()
            >= 3,
        "each refusal is recorded"
    );
}
