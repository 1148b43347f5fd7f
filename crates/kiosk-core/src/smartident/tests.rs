//! The desk's rules against a scripted central system (the real one is in the end-to-end
//! journeys): which session a step belongs to, delivery first, and what an approval does.

use std::{
    collections::VecDeque,
    sync::{Arc, Mutex},
    time::Duration,
};

use kiosk_domain::{SessionPhase, TrustLevel};
use kiosk_protocol::{
    ApiErrorCode, ApprovalCreated, ApprovalRequest, ApprovalState, ApprovalStatus, ConfirmOutcome,
    DeviceList, LetterRequest, RegistrationCreated, RegistrationPhase, RegistrationStatus,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::*;
use crate::{
    Kiosk, SharedKiosk,
    identify_tests::{ready, valid_letter},
};

const MAX_AGE: Duration = Duration::from_secs(72 * 3600);
const ID: &str = "0123456789abcdef0123456789abcdef";

/// What the scripted central answers next, and every call it got.
#[derive(Default)]
struct Script {
    delivered: bool,
    approval_states: VecDeque<ApprovalState>,
    confirm: VecDeque<ConfirmOutcome>,
    refuse_next: Option<CentralProblem>,
    calls: Vec<String>,
}

#[derive(Clone, Default)]
struct Central(Arc<Mutex<Script>>);

impl Central {
    fn script(&self) -> std::sync::MutexGuard<'_, Script> {
        self.0.lock().expect("the script")
    }

    fn calls(&self) -> Vec<String> {
        self.script().calls.clone()
    }

    fn answer<T>(
        &self,
        call: String,
        ok: impl FnOnce(&mut Script) -> T,
    ) -> Result<T, CentralProblem> {
        let mut script = self.script();
        script.calls.push(call);
        match script.refuse_next.take() {
            Some(problem) => Err(problem),
            None => Ok(ok(&mut script)),
        }
    }
}

fn in_a_minute() -> String {
    (OffsetDateTime::now_utc() + time::Duration::minutes(1))
        .format(&time::format_description::well_known::Rfc3339)
        .expect("a time")
}

impl SmartIdentCentral for Central {
    async fn delivered(&self, _within: Duration) -> bool {
        let mut script = self.script();
        script.calls.push("delivered".into());
        script.delivered
    }

    async fn create_registration(
        &self,
        _session: Uuid,
        approval: Option<&str>,
    ) -> Result<RegistrationCreated, CentralProblem> {
        self.answer(format!("register {approval:?}"), |_| RegistrationCreated {
            registration_id: ID.into(),
            qr_text: "KS1:TEST".into(),
            expires_at: in_a_minute(),
        })
    }

    async fn registration_status(
        &self,
        _session: Uuid,
        id: &str,
    ) -> Result<RegistrationStatus, CentralProblem> {
        self.answer(format!("status {id}"), |_| RegistrationStatus {
            state: RegistrationPhase::KeyBound,
            expires_at: in_a_minute(),
            tries_left: 3,
        })
    }

    async fn confirm_registration(
        &self,
        _session: Uuid,
        _id: &str,
        code: &str,
    ) -> Result<ConfirmOutcome, CentralProblem> {
        self.answer(format!("confirm {code}"), |s| {
            s.confirm.pop_front().expect("a scripted confirm")
        })
    }

    async fn devices(&self, _session: Uuid) -> Result<DeviceList, CentralProblem> {
        self.answer("devices".into(), |_| DeviceList { devices: vec![] })
    }

    async fn remove_device(&self, _session: Uuid, id: &str) -> Result<(), CentralProblem> {
        self.answer(format!("remove {id}"), |_| ())
    }

    async fn remove_all_devices(&self, _session: Uuid) -> Result<(), CentralProblem> {
        self.answer("remove all".into(), |_| ())
    }

    async fn create_approval(
        &self,
        request: &ApprovalRequest,
    ) -> Result<ApprovalCreated, CentralProblem> {
        self.answer(format!("approval {:?}", request.purpose), |_| {
            ApprovalCreated {
                challenge_id: ID.into(),
                number: 42,
                expires_at: in_a_minute(),
            }
        })
    }

    async fn approval_status(
        &self,
        _session: Uuid,
        _id: &str,
    ) -> Result<ApprovalStatus, CentralProblem> {
        self.answer("approval status".into(), |s| ApprovalStatus {
            state: s.approval_states.pop_front().expect("a scripted state"),
            expires_at: in_a_minute(),
        })
    }

    async fn request_letter(&self, request: &LetterRequest) -> Result<(), CentralProblem> {
        self.answer(format!("letter {}", request.birth_date), |_| ())
    }
}

fn run<T>(work: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(work)
}

/// A kiosk with a scanned letter awaiting the date of birth, and the desk over it.
fn letter_read() -> (
    SharedKiosk,
    SmartIdentDesk<Central>,
    Central,
    tempfile::TempDir,
) {
    let (mut kiosk, t0, dir) = ready();
    kiosk
        .letter_scanned(&valid_letter(1), OffsetDateTime::now_utc(), MAX_AGE, t0)
        .expect("letter");
    let shared = SharedKiosk::new(kiosk);
    let central = Central::default();
    central.script().delivered = true;
    let desk = SmartIdentDesk::new(shared.clone(), central.clone());
    (shared, desk, central, dir)
}

/// The same, identified by date of birth (level substantial).
fn identified() -> (
    SharedKiosk,
    SmartIdentDesk<Central>,
    Central,
    tempfile::TempDir,
) {
    let (kiosk, desk, central, dir) = letter_read();
    kiosk
        .lock()
        .birth_date_entered(
            "12081964",
            OffsetDateTime::now_utc(),
            std::time::Instant::now(),
        )
        .expect("identified");
    (kiosk, desk, central, dir)
}

fn refusal<T: std::fmt::Debug>(result: Result<T, CoreError>) -> SmartIdentRefusal {
    match result {
        Err(CoreError::SmartIdent(why)) => why,
        other => panic!("expected a SmartIdent refusal, got {other:?}"),
    }
}

fn identification_levels(kiosk: &Kiosk) -> Vec<String> {
    let events = kiosk.store().pending_events(100).expect("outbox");
    events
        .into_iter()
        .filter(|e| e.kind == "identification.succeeded")
        .map(
            |e| match serde_json::from_str(&e.payload).expect("an event") {
                kiosk_protocol::EventPayload::IdentificationSucceeded(event) => event.trust_level,
                other => panic!("{other:?}"),
            },
        )
        .collect()
}

#[test]
fn registering_needs_an_identified_member_and_the_sessions_events_at_the_central_system() {
    let (_kiosk, desk, central, _dir) = letter_read();
    assert!(matches!(
        run(desk.show_registration()),
        Err(CoreError::Session(
            kiosk_domain::SessionError::NotIdentified
        ))
    ));
    assert!(
        central.calls().is_empty(),
        "nothing asked before identification"
    );

    let (_kiosk, desk, central, _dir) = identified();
    central.script().delivered = false;
    assert_eq!(
        refusal(run(desk.show_registration())),
        SmartIdentRefusal::Offline
    );
    assert_eq!(
        central.calls(),
        ["delivered"],
        "no registration without the identification"
    );

    central.script().delivered = true;
    let shown = run(desk.show_registration()).expect("a QR");
    assert!(shown.qr_svg.starts_with("<?xml") && shown.qr_svg.contains("<svg"));
    assert!(
        (50..=60).contains(&shown.expires_in),
        "{}",
        shown.expires_in
    );
    assert!(!shown.further_device);
    assert_eq!(
        run(desk.registration_progress()).expect("progress"),
        RegistrationProgress::WaitingForCode {
            tries_left: 3,
            expires_in: shown.expires_in
        }
    );
}

#[test]
fn the_code_is_six_digits_and_only_the_central_system_says_active() {
    let (_kiosk, desk, central, _dir) = identified();
    assert_eq!(
        refusal(run(desk.enter_code("123456"))),
        SmartIdentRefusal::NothingOpen
    );
    run(desk.show_registration()).expect("a QR");
    for bad in ["12345", "1234567", "12a456", ""] {
        assert_eq!(
            refusal(run(desk.enter_code(bad))),
            SmartIdentRefusal::CodeFormat,
            "{bad}"
        );
    }
    central.script().confirm = [
        ConfirmOutcome::Wrong { tries_left: 2 },
        ConfirmOutcome::Activated,
    ]
    .into();
    assert_eq!(
        run(desk.enter_code("111111")).expect("typed"),
        CodeOutcome::Wrong { tries_left: 2 }
    );
    assert_eq!(
        run(desk.enter_code("222222")).expect("typed"),
        CodeOutcome::Active
    );
    assert_eq!(
        central
            .calls()
            .iter()
            .filter(|c| c.starts_with("confirm"))
            .count(),
        2,
        "malformed codes are never sent"
    );
    // Done: the QR is no longer open.
    assert_eq!(
        refusal(run(desk.registration_progress())),
        SmartIdentRefusal::NothingOpen
    );
}

#[test]
fn what_is_open_belongs_to_its_session() {
    let (kiosk, desk, _central, _dir) = identified();
    run(desk.show_registration()).expect("a QR");
    let t = std::time::Instant::now();
    kiosk.lock().end_session(t).expect("ended");
    kiosk
        .lock()
        .start_identification(kiosk_domain::IdentificationMethod::Letter, t)
        .expect("next member");
    assert_eq!(
        refusal(run(desk.registration_progress())),
        SmartIdentRefusal::NothingOpen
    );
    assert_eq!(
        refusal(run(desk.enter_code("123456"))),
        SmartIdentRefusal::NothingOpen
    );
}

#[test]
fn an_approved_login_opens_the_session_at_level_high_and_uses_the_letter() {
    let (kiosk, desk, central, _dir) = letter_read();
    let shown = run(desk.ask_login_approval()).expect("asked");
    assert_eq!(shown.number, 42);
    central.script().approval_states = [ApprovalState::Pending, ApprovalState::Approved].into();
    assert!(matches!(
        run(desk.approval_progress()).expect("waiting"),
        ApprovalProgress::Waiting { .. }
    ));
    let ApprovalProgress::Identified(snapshot) = run(desk.approval_progress()).expect("approved")
    else {
        panic!("expected the session identified");
    };
    assert!(
        matches!(
            snapshot.phase,
            SessionPhase::Identified {
                trust: TrustLevel::High,
                ..
            }
        ),
        "{:?}",
        snapshot.phase
    );
    assert_eq!(identification_levels(&kiosk.lock()), ["high"]);
    // The approval is used up; the letter too.
    assert_eq!(
        refusal(run(desk.approval_progress())),
        SmartIdentRefusal::NothingOpen
    );
    assert!(
        kiosk
            .lock()
            .store()
            .letter_attempts(&letter_id())
            .expect("attempts")
            .used_at
            .is_some()
    );
}

fn letter_id() -> String {
    kiosk_letter::LetterId::from_bytes([1; 16]).to_string()
}

#[test]
fn a_declined_login_leaves_the_date_of_birth() {
    let (kiosk, desk, central, _dir) = letter_read();
    central.script().refuse_next = Some(CentralProblem::Refused(ApiErrorCode::NoDevice));
    assert_eq!(
        refusal(run(desk.ask_login_approval())),
        SmartIdentRefusal::NoDevice
    );
    run(desk.ask_login_approval()).expect("asked");
    central.script().approval_states = [ApprovalState::Declined].into();
    assert_eq!(
        run(desk.approval_progress()).expect("declined"),
        ApprovalProgress::Declined
    );
    assert!(identification_levels(&kiosk.lock()).is_empty());
    let done = kiosk
        .lock()
        .birth_date_entered(
            "12081964",
            OffsetDateTime::now_utc(),
            std::time::Instant::now(),
        )
        .expect("the date of birth still works");
    assert!(matches!(
        done.phase,
        SessionPhase::Identified {
            trust: TrustLevel::Substantial,
            ..
        }
    ));
}

#[test]
fn a_further_device_gets_its_qr_only_after_the_registered_phone_approved() {
    let (_kiosk, desk, central, _dir) = identified();
    run(desk.ask_device_approval()).expect("asked");
    central.script().approval_states = [ApprovalState::Approved].into();
    let ApprovalProgress::Registration(shown) = run(desk.approval_progress()).expect("approved")
    else {
        panic!("expected a QR");
    };
    assert!(shown.further_device);
    assert_eq!(
        central.calls(),
        [
            "delivered",
            "approval AddDevice",
            "approval status",
            &format!("register Some({ID:?})")
        ]
    );
}

#[test]
fn losing_the_phone_removes_all_devices_only_at_level_high() {
    let (_kiosk, desk, central, _dir) = identified();
    assert!(matches!(
        run(desk.remove_all_devices()),
        Err(CoreError::Session(
            kiosk_domain::SessionError::LevelTooLow { .. }
        ))
    ));
    assert!(central.calls().is_empty());
    run(desk.remove_device(ID)).expect("one removed");
    assert_eq!(central.calls(), ["delivered", &format!("remove {ID}")]);

    let (_kiosk, desk, central, _dir) = letter_read();
    run(desk.ask_login_approval()).expect("asked");
    central.script().approval_states = [ApprovalState::Approved].into();
    run(desk.approval_progress()).expect("high");
    run(desk.remove_all_devices()).expect("all removed");
    assert!(central.calls().contains(&"remove all".to_owned()));
}

#[test]
fn a_letter_by_post_is_asked_for_with_a_checked_kvnr_and_date() {
    let (_kiosk, desk, central, _dir) = letter_read();
    assert_eq!(
        refusal(run(desk.request_letter("A123456789", "12081964"))),
        SmartIdentRefusal::InvalidKvnr
    );
    assert_eq!(
        refusal(run(desk.request_letter("A123456780", "31021964"))),
        SmartIdentRefusal::InvalidBirthDate
    );
    assert!(central.calls().is_empty());
    run(desk.request_letter(" a123456780 ", "12081964")).expect("asked");
    assert_eq!(central.calls(), ["letter 1964-08-12"]);
    central.script().refuse_next = Some(CentralProblem::Offline);
    assert_eq!(
        refusal(run(desk.request_letter("A123456780", "12081964"))),
        SmartIdentRefusal::Offline
    );
}
