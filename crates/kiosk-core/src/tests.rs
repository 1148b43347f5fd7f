use std::{
    path::Path,
    time::{Duration, Instant},
};

use kiosk_config::KioskConfig;
use kiosk_domain::{EndReason, IdentificationMethod, Language, SessionError, SessionPhase};
use kiosk_store::{Store, StoreKey};

use crate::{CoreError, Kiosk, TickOutcome};

fn config(data_dir: &Path) -> KioskConfig {
    let example = Path::new(
        std::env::var("CARGO_MANIFEST_DIR")
            .as_deref()
            .unwrap_or(env!("CARGO_MANIFEST_DIR")),
    )
    .join("../../kiosk-config/kiosk.example.toml");
    let text = std::fs::read_to_string(example).expect("example config");
    let mut config = kiosk_config::parse(&text, Path::new("/etc/kiosk/kiosk.toml")).expect("valid");
    config.data_dir = data_dir.to_owned();
    config.store_key = kiosk_config::KeySource::File(data_dir.join("store.key"));
    config.languages = vec![Language::De, Language::En];
    config.letter_root =
        kiosk_letter::LetterRoot::new(letter_root().verifying_key()).expect("root");
    config
}

/// The letter root the test kiosks pin.
pub(crate) fn letter_root() -> kiosk_letter::SigningKey {
    kiosk_letter::SigningKey::from_bytes(&[0x52; 32])
}

pub(crate) fn kiosk() -> (Kiosk, Instant, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = config(dir.path());
    StoreKey::create_file(&dir.path().join("store.key")).expect("key");
    let t0 = Instant::now();
    let mut kiosk = Kiosk::open(&config, t0).expect("opens");
    // A pull has just brought the central system's time: the clock is trusted.
    let now = time::OffsetDateTime::now_utc();
    kiosk
        .store
        .transaction(|tx| tx.record_server_time(now, now))
        .expect("server time");
    (kiosk, t0, dir)
}

/// The kiosk of an existing data folder, as after a restart.
pub(crate) fn kiosk_in(dir: &Path) -> (Kiosk, Instant) {
    let t0 = Instant::now();
    (Kiosk::open(&config(dir), t0).expect("opens"), t0)
}

fn kinds(kiosk: &Kiosk) -> Vec<String> {
    let mut trail = kiosk.store().audit_trail(100).expect("audit");
    trail.reverse();
    trail.into_iter().map(|r| r.kind).collect()
}

#[test]
fn start_and_end_are_audited_with_outbox_events() {
    let (mut kiosk, t0, _dir) = kiosk();
    let snapshot = kiosk
        .start_identification(IdentificationMethod::Letter, t0)
        .expect("starts");
    assert_eq!(
        snapshot.phase,
        SessionPhase::Identifying {
            method: IdentificationMethod::Letter,
            awaiting_birth_date: false
        }
    );
    let ended = kiosk
        .end_session(t0 + Duration::from_secs(4))
        .expect("ends");
    assert_eq!(ended.reason, EndReason::Member);
    assert_eq!(kinds(&kiosk), ["session.started", "session.ended"]);
    let (audit, events): (Vec<_>, Vec<_>) = kiosk
        .store()
        .pending_events(10)
        .expect("outbox")
        .into_iter()
        .partition(|e| e.kind == "audit.recorded");
    assert_eq!(events.len(), 2);
    assert_eq!(
        audit.len(),
        2,
        "each audit record goes to the central system too"
    );
    assert!(
        events[1].payload.contains("\"reason\":\"member\""),
        "{}",
        events[1].payload
    );
    assert!(
        events[1].payload.contains("\"durationSeconds\":4"),
        "{}",
        events[1].payload
    );
    let session_id = ended.id.to_string();
    assert!(events.iter().all(|e| e.payload.contains(&session_id)));
}

#[test]
fn an_idle_session_ends_on_tick_and_is_audited() {
    let (mut kiosk, t0, dir) = kiosk();
    let policy = config(dir.path()).session;
    kiosk
        .start_identification(IdentificationMethod::Letter, t0)
        .expect("starts");
    let warn_at = t0 + policy.idle_timeout - policy.warning;
    match kiosk.tick(warn_at) {
        TickOutcome::Changed(snapshot) => assert!(snapshot.warning.is_some()),
        other => panic!("expected the warning, got {other:?}"),
    }
    match kiosk.tick(t0 + policy.idle_timeout) {
        TickOutcome::Ended(ended) => assert_eq!(ended.reason, EndReason::IdleTimeout),
        other => panic!("expected the end, got {other:?}"),
    }
    assert_eq!(kinds(&kiosk), ["session.started", "session.ended"]);
    assert_eq!(
        kiosk.snapshot(t0 + policy.idle_timeout).phase,
        SessionPhase::Idle
    );
}

#[test]
fn refused_requests_record_nothing() {
    let (mut kiosk, t0, _dir) = kiosk();
    assert!(matches!(
        kiosk.end_session(t0),
        Err(CoreError::Session(SessionError::NoActiveSession))
    ));
    kiosk
        .start_identification(IdentificationMethod::Letter, t0)
        .expect("starts");
    assert!(matches!(
        kiosk.start_identification(IdentificationMethod::Letter, t0),
        Err(CoreError::Session(SessionError::SessionAlreadyActive))
    ));
    assert_eq!(kinds(&kiosk), ["session.started"]);
}

#[test]
fn only_offered_languages_can_be_chosen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = config(dir.path());
    config.languages = vec![Language::De];
    StoreKey::create_file(&dir.path().join("store.key")).expect("key");
    let key = StoreKey::from_file(&dir.path().join("store.key")).expect("key");
    let store = Store::open(&Store::file_in(dir.path()), &key).expect("store");
    let t0 = Instant::now();
    let mut kiosk = Kiosk::new(&config, store, t0);
    assert!(matches!(
        kiosk.set_language(Language::En, t0),
        Err(CoreError::LanguageNotOffered(_))
    ));
    assert_eq!(
        kiosk
            .set_language(Language::De, t0)
            .expect("offered")
            .language,
        Language::De
    );
}

#[test]
fn outbox_payloads_are_protocol_events() {
    let (mut kiosk, t0, _dir) = kiosk();
    kiosk
        .start_identification(IdentificationMethod::Letter, t0)
        .expect("starts");
    let events = kiosk.store().pending_events(10).expect("outbox");
    assert_eq!(events.len(), 2, "the event and its audit record's");
    for event in events {
        let payload: kiosk_protocol::EventPayload =
            serde_json::from_str(&event.payload).expect("a protocol event");
        assert_eq!(payload.kind(), event.kind);
    }
}

#[test]
fn the_page_cannot_start_a_staff_assisted_session() {
    let (mut kiosk, t0, _dir) = kiosk();
    assert!(matches!(
        kiosk.start_identification(IdentificationMethod::StaffAssist, t0),
        Err(CoreError::StaffSignInRequired)
    ));
    assert_eq!(kiosk.snapshot(t0).phase, SessionPhase::Idle);
    assert!(kinds(&kiosk).is_empty(), "nothing recorded");
}
