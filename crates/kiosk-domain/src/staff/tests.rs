use std::time::{Duration, Instant};

use time::{OffsetDateTime, macros::date};

use super::*;

fn account(branches: &[&str]) -> StaffAccount {
    StaffAccount {
        staff_id: "S-1001".parse().expect("valid"),
        role: StaffRole::Assist,
        branches: branches.iter().map(|b| (*b).to_owned()).collect(),
    }
}

fn at(minutes: i64) -> OffsetDateTime {
    OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000) + time::Duration::minutes(minutes)
}

#[test]
fn five_wrong_pins_lock_for_fifteen_minutes_and_then_count_afresh() {
    let mut state = PinState::default();
    for tries_left in (1..MAX_PIN_FAILURES).rev() {
        let (outcome, next) = pin_attempt(state, at(0), || false);
        assert_eq!(outcome, PinOutcome::Wrong { tries_left });
        state = next;
    }
    let (outcome, locked) = pin_attempt(state, at(1), || false);
    let until = at(1) + PIN_LOCKOUT;
    assert_eq!(outcome, PinOutcome::LockedNow { until });

    // While locked, even the right PIN is not checked.
    let mut asked = false;
    let (outcome, still) = pin_attempt(locked, at(15), || {
        asked = true;
        true
    });
    assert_eq!(outcome, PinOutcome::Locked { until });
    assert!(!asked);
    assert_eq!(still, locked);

    // After the lock, the right PIN signs in, and a wrong one starts a new count.
    let (outcome, cleared) = pin_attempt(locked, at(16), || true);
    assert_eq!(outcome, PinOutcome::SignedIn);
    assert_eq!(cleared, PinState::default());
    let (outcome, _) = pin_attempt(locked, at(16), || false);
    assert_eq!(
        outcome,
        PinOutcome::Wrong {
            tries_left: MAX_PIN_FAILURES - 1
        }
    );
}

#[test]
fn a_right_pin_resets_the_count() {
    let (_, one_wrong) = pin_attempt(PinState::default(), at(0), || false);
    assert_eq!(one_wrong.failures, 1);
    let (outcome, state) = pin_attempt(one_wrong, at(0), || true);
    assert_eq!(outcome, PinOutcome::SignedIn);
    assert_eq!(state.failures, 0);
}

#[test]
fn pins_have_six_to_eight_digits_and_new_ones_are_not_trivial() {
    assert!(Pin::entered("482913").is_ok());
    assert!(Pin::entered("48291377").is_ok());
    assert_eq!(Pin::entered("48291"), Err(PinError::Shape));
    assert_eq!(Pin::entered("482913771"), Err(PinError::Shape));
    assert_eq!(Pin::entered("4829a3"), Err(PinError::Shape));
    for trivial in ["111111", "123456", "987654", "23456789"] {
        assert_eq!(Pin::new_pin(trivial), Err(PinError::TooSimple), "{trivial}");
    }
    assert!(Pin::new_pin("112358").is_ok());
    let pin = Pin::entered("482913").expect("pin");
    assert_eq!(format!("{pin:?}"), "Pin(<redacted>)");
}

#[test]
fn a_verifier_matches_its_pin_only_and_survives_its_text_form() {
    let pin = Pin::entered("482913").expect("pin");
    let verifier = PinVerifier::create(&pin, &[7; 16]).expect("hashed");
    assert!(
        verifier
            .as_str()
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$")
    );
    let parsed = PinVerifier::parse(verifier.as_str()).expect("parses");
    assert!(parsed.matches(&pin));
    assert!(!parsed.matches(&Pin::entered("482914").expect("pin")));
    assert!(!format!("{parsed:?}").contains("argon2"));
}

#[test]
fn weak_or_foreign_verifiers_are_refused() {
    let weak = "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$0123456789abcdef0123456789abcdef";
    assert!(PinVerifier::parse(weak).is_err());
    let other = "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$SGVsbG8gd29ybGQgaGVsbG8gd29ybGQ";
    assert!(PinVerifier::parse(other).is_err());
    assert!(PinVerifier::parse("123456").is_err());
    assert!(PinVerifier::parse("").is_err());
}

#[test]
fn sign_in_needs_the_pin_the_role_and_the_branch() {
    let t0 = Instant::now();
    let mut staff = StaffMachine::default();
    assert_eq!(
        staff
            .sign_in(
                &account(&["DEMO-01"]),
                PinOutcome::Wrong { tries_left: 4 },
                "DEMO-01",
                t0
            )
            .map(|s| s.staff_id().clone()),
        Err(StaffSessionError::PinDidNotMatch.into())
    );
    assert_eq!(
        staff
            .sign_in(&account(&["DEMO-02"]), PinOutcome::SignedIn, "DEMO-01", t0)
            .map(|s| s.staff_id().clone()),
        Err(StaffRefusal::OtherBranch.into())
    );
    let signed_in = staff
        .sign_in(
            &account(&["DEMO-02", "DEMO-01"]),
            PinOutcome::SignedIn,
            "DEMO-01",
            t0,
        )
        .expect("signed in");
    assert_eq!(signed_in.staff_id().as_str(), "S-1001");
    assert_eq!(
        staff
            .sign_in(&account(&["DEMO-01"]), PinOutcome::SignedIn, "DEMO-01", t0)
            .map(|s| s.staff_id().clone()),
        Err(StaffSessionError::AlreadySignedIn.into())
    );
}

#[test]
fn a_staff_session_ends_after_five_idle_minutes() {
    let t0 = Instant::now();
    let mut staff = StaffMachine::default();
    staff
        .sign_in(&account(&["DEMO-01"]), PinOutcome::SignedIn, "DEMO-01", t0)
        .expect("signed in");
    assert_eq!(staff.tick(t0 + Duration::from_secs(299)), None);
    staff.note_activity(t0 + Duration::from_secs(200));
    assert_eq!(staff.tick(t0 + Duration::from_secs(499)), None);
    let ended = staff.tick(t0 + Duration::from_secs(500)).expect("ended");
    assert_eq!(ended.reason, StaffEndReason::IdleTimeout);
    assert!(staff.current().is_none());
    assert_eq!(staff.tick(t0 + Duration::from_secs(900)), None);
    assert_eq!(
        staff.end(StaffEndReason::SignedOut),
        Err(StaffSessionError::NotSignedIn)
    );
}

#[test]
fn staff_numbers_are_checked() {
    assert!("S-1001".parse::<StaffId>().is_ok());
    assert!("S".parse::<StaffId>().is_err());
    assert!("S 1001".parse::<StaffId>().is_err());
    assert!("Müller".parse::<StaffId>().is_err());
    assert!("x".repeat(33).parse::<StaffId>().is_err());
}

mod id_documents {
    use super::*;

    const TODAY: time::Date = date!(2026 - 12 - 06);

    fn check(
        kind: IdDocumentKind,
        expires: time::Date,
        end: &str,
        country: Option<&str>,
    ) -> Result<CheckedDocument, IdDocumentError> {
        CheckedDocument::check(kind, expires, end, country, TODAY)
    }

    #[test]
    fn a_valid_personalausweis_keeps_only_its_number_end() {
        let checked = check(
            IdDocumentKind::Personalausweis,
            date!(2031 - 03 - 01),
            "l01x",
            None,
        )
        .expect("valid");
        assert_eq!(checked.number_end(), "L01X");
        assert_eq!(checked.kind(), IdDocumentKind::Personalausweis);
        assert_eq!(checked.country(), None);
    }

    #[test]
    fn an_expired_document_is_refused_and_today_still_counts() {
        assert_eq!(
            check(
                IdDocumentKind::Reisepass,
                date!(2026 - 12 - 05),
                "1234",
                None
            ),
            Err(IdDocumentError::Expired)
        );
        assert!(check(IdDocumentKind::Reisepass, TODAY, "1234", None).is_ok());
    }

    #[test]
    fn an_expiry_beyond_ten_years_is_a_typing_error() {
        assert_eq!(
            check(
                IdDocumentKind::Aufenthaltstitel,
                date!(2036 - 12 - 07),
                "1234",
                None
            ),
            Err(IdDocumentError::ExpiryTooFar)
        );
        assert!(
            check(
                IdDocumentKind::Aufenthaltstitel,
                date!(2036 - 12 - 06),
                "1234",
                None
            )
            .is_ok()
        );
    }

    #[test]
    fn the_number_end_has_the_format_of_its_kind() {
        let later = date!(2030 - 01 - 01);
        assert_eq!(
            check(IdDocumentKind::Personalausweis, later, "123", None),
            Err(IdDocumentError::NumberEndLength)
        );
        assert_eq!(
            check(IdDocumentKind::Personalausweis, later, "12345", None),
            Err(IdDocumentError::NumberEndLength)
        );
        // German numbers have no vowels, nor B, D, Q, S.
        for bad in ["12A4", "1B34", "QQ12", "S123"] {
            assert_eq!(
                check(IdDocumentKind::Reisepass, later, bad, None),
                Err(IdDocumentError::NumberEndGermanChars),
                "{bad}"
            );
        }
        // A national ID from elsewhere may have any letter, and needs its country.
        assert!(check(IdDocumentKind::EuNationalId, later, "AB12", Some("fr")).is_ok());
        assert_eq!(
            check(IdDocumentKind::EuNationalId, later, "AB-2", Some("FR")),
            Err(IdDocumentError::NumberEndChars)
        );
        assert_eq!(
            check(IdDocumentKind::EuNationalId, later, "AB12", None),
            Err(IdDocumentError::Country)
        );
        assert_eq!(
            check(IdDocumentKind::EuNationalId, later, "AB12", Some("DE")),
            Err(IdDocumentError::Country)
        );
        assert_eq!(
            check(IdDocumentKind::EuNationalId, later, "AB12", Some("US")),
            Err(IdDocumentError::Country)
        );
    }
}
