use std::{collections::HashMap, time::Instant};

use kiosk_config::KioskConfig;
use kiosk_domain::{
    EndReason, EndedSession, IdentificationMethod, Language, MemberIdentity, Service, SessionError,
    SessionId, SessionMachine, SessionSnapshot, Tick,
};
use kiosk_protocol::{EventPayload, SessionEnded, SessionStarted};
use kiosk_store::{NewAuditRecord, NewOutboxEvent, Store, StoreError, StoreKey};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum CoreError {
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the language {0:?} is not offered at this kiosk")]
    LanguageNotOffered(Language),
    #[error("store key: {0}")]
    KeySource(#[from] kiosk_config::KeySourceError),
    /// The operating system gave no randomness (for a new document-signing key).
    #[error("no randomness for a document key: {0}")]
    Randomness(getrandom::Error),
    #[error(transparent)]
    Letter(#[from] crate::LetterRefusal),
    #[error(transparent)]
    Document(#[from] crate::DocumentRefusal),
    #[error(transparent)]
    Print(#[from] crate::PrintRefusal),
    #[error(transparent)]
    SmartIdent(#[from] crate::SmartIdentRefusal),
    /// Staff-assisted sessions start from signed-in staff's ID check
    /// (`Kiosk::staff_confirm_id_check`): the page cannot start one (and with it a level-high
    /// session) by itself.
    #[error("a staff-assisted session is opened by staff's ID check")]
    StaffSignInRequired,
    #[error(transparent)]
    Staff(#[from] crate::StaffProblem),
    /// Staff took the kiosk out of service: no member session starts.
    #[error("the kiosk is out of service")]
    OutOfService,
    #[error(transparent)]
    PrintDoubt(crate::DoubtError),
}

/// What a tick changed, for the shell to tell the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TickOutcome {
    Unchanged,
    Changed(SessionSnapshot),
    /// The session ran out and is wiped; the UI must be reset.
    Ended(EndedSession),
}

/// One kiosk: its session machine and its store.
#[derive(Debug)]
pub struct Kiosk {
    pub(crate) machine: SessionMachine,
    pub(crate) store: Store,
    pub(crate) branch_id: String,
    pub(crate) kiosk_id: String,
    languages: Vec<Language>,
    /// Pulled letter keys are trusted only with its endorsement.
    pub(crate) letter_root: kiosk_letter::LetterRoot,
    /// The session's documents by id; wiped with the session.
    pub(crate) documents: HashMap<String, crate::documents::SessionDocument>,
    /// Member data confirmed longer ago counts as offline data.
    pub(crate) offline_after: std::time::Duration,
    /// Staff assist: the staff session, the last lookup, a member's call for help.
    pub(crate) staff: crate::staff::StaffState,
}

/// A connection to the store named in the configuration, with its key: the kiosk's own
/// (`Kiosk::open`), or another for a part that runs on its own thread (the sync worker).
pub fn open_store(config: &KioskConfig) -> Result<Store, CoreError> {
    let key = StoreKey::from_file(&config.store_key.path()?)?;
    Ok(Store::open(&Store::file_in(&config.data_dir), &key)?)
}

impl Kiosk {
    /// Opens the store named in the configuration, with its key.
    pub fn open(config: &KioskConfig, now: Instant) -> Result<Kiosk, CoreError> {
        let store = open_store(config)?;
        Ok(Kiosk::new(config, store, now))
    }

    pub fn new(config: &KioskConfig, store: Store, now: Instant) -> Kiosk {
        Kiosk {
            machine: SessionMachine::new(config.session, config.default_language, now),
            store,
            branch_id: config.branch_id.clone(),
            kiosk_id: config.kiosk_id.clone(),
            languages: config.languages.clone(),
            letter_root: config.letter_root,
            documents: HashMap::new(),
            offline_after: crate::documents::offline_after(config.sync.interval),
            staff: crate::staff::StaffState::default(),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn snapshot(&self, now: Instant) -> SessionSnapshot {
        self.machine.snapshot(now)
    }

    pub fn set_language(
        &mut self,
        language: Language,
        now: Instant,
    ) -> Result<SessionSnapshot, CoreError> {
        if !self.languages.contains(&language) {
            return Err(CoreError::LanguageNotOffered(language));
        }
        self.machine.set_language(language, now);
        Ok(self.machine.snapshot(now))
    }

    /// The identified member, if what they proved is enough for `service`: every service
    /// goes through this one check (the levels are the domain's: `Service::needs`).
    pub fn authorize(&self, service: Service) -> Result<&MemberIdentity, CoreError> {
        Ok(self.machine.authorize(service)?)
    }

    /// Starts a session. Its audit record and outbox event are committed before the session
    /// exists, so no session goes unrecorded.
    pub fn start_identification(
        &mut self,
        method: IdentificationMethod,
        now: Instant,
    ) -> Result<SessionSnapshot, CoreError> {
        if method == IdentificationMethod::StaffAssist {
            return Err(CoreError::StaffSignInRequired);
        }
        if self.is_out_of_service()? {
            return Err(CoreError::OutOfService);
        }
        self.open_session(method, now)?;
        Ok(self.machine.snapshot(now))
    }

    /// Records the start of a session and opens it.
    pub(crate) fn open_session(
        &mut self,
        method: IdentificationMethod,
        now: Instant,
    ) -> Result<SessionId, CoreError> {
        if self.machine.active_session_id().is_some() {
            return Err(SessionError::SessionAlreadyActive.into());
        }
        let session_id = SessionId::random();
        let event = EventPayload::SessionStarted(SessionStarted {
            session_id: session_id.as_uuid(),
            branch_id: self.branch_id.clone(),
            kiosk_id: self.kiosk_id.clone(),
            method,
        });
        self.record(session_id, &event)?;
        self.wipe_documents();
        self.machine.start_identification(method, session_id, now)?;
        tracing::info!(session = %session_id, ?method, "session started");
        Ok(session_id)
    }

    pub fn note_activity(&mut self, now: Instant) -> SessionSnapshot {
        self.machine.note_activity(now);
        self.machine.snapshot(now)
    }

    pub fn extend(&mut self, now: Instant) -> Result<SessionSnapshot, CoreError> {
        self.machine.extend(now)?;
        Ok(self.machine.snapshot(now))
    }

    /// Ends the session on the member's request.
    pub fn end_session(&mut self, now: Instant) -> Result<EndedSession, CoreError> {
        let ended = self.machine.end(EndReason::Member, now)?;
        self.record_end(&ended);
        Ok(ended)
    }

    /// About once a second: ends a session that ran out and says what the screen must show.
    pub fn tick(&mut self, now: Instant) -> TickOutcome {
        match self.machine.tick(now) {
            Tick::Unchanged => TickOutcome::Unchanged,
            Tick::Changed => TickOutcome::Changed(self.machine.snapshot(now)),
            Tick::Ended(ended) => {
                self.record_end(&ended);
                TickOutcome::Ended(ended)
            }
        }
    }

    /// The member data is already wiped when this runs; a failed audit write must not undo
    /// or block that, so it is logged for IT (`kioskctl store check`) instead of returned.
    pub(crate) fn record_end(&mut self, ended: &EndedSession) {
        self.wipe_documents();
        if let Err(error) = self.try_record_end(ended) {
            tracing::error!(session = %ended.id, %error, "the end of a session could not be recorded");
        }
    }

    fn try_record_end(&mut self, ended: &EndedSession) -> Result<(), CoreError> {
        let event = EventPayload::SessionEnded(SessionEnded {
            session_id: ended.id.as_uuid(),
            branch_id: self.branch_id.clone(),
            kiosk_id: self.kiosk_id.clone(),
            reason: ended.reason,
            duration_seconds: ended.duration.as_secs(),
        });
        self.record(ended.id, &event)?;
        tracing::info!(session = %ended.id, reason = ?ended.reason, seconds = ended.duration.as_secs(), "session ended");
        Ok(())
    }

    /// The audit record and its outbox event, in one transaction. The outbox payload is the
    /// protocol's `EventPayload`, as the sync worker will send it.
    pub(crate) fn record(
        &mut self,
        session_id: SessionId,
        event: &EventPayload,
    ) -> Result<(), CoreError> {
        self.record_with(session_id, event, |_| Ok(()))
    }

    /// As [`Kiosk::record`], with the action's own writes in the same transaction.
    pub(crate) fn record_with<T>(
        &mut self,
        session_id: SessionId,
        event: &EventPayload,
        action: impl FnOnce(&kiosk_store::StoreTx<'_>) -> Result<T, StoreError>,
    ) -> Result<T, CoreError> {
        self.record_event(Some(session_id.to_string()), event, action)
    }

    /// As [`Kiosk::record_with`], for records that belong to no session or to one that may
    /// have ended (a print finishing after the member left).
    pub(crate) fn record_event<T>(
        &mut self,
        session_id: Option<String>,
        event: &EventPayload,
        action: impl FnOnce(&kiosk_store::StoreTx<'_>) -> Result<T, StoreError>,
    ) -> Result<T, CoreError> {
        let outbox = NewOutboxEvent::new(event.kind(), event).map_err(StoreError::from)?;
        let audit = NewAuditRecord {
            kind: event.kind(),
            session_id,
            detail: audit_detail(event)?,
        };
        self.store.transaction(|tx| -> Result<T, CoreError> {
            let done = action(tx)?;
            tx.audit(&audit)?;
            tx.enqueue(&outbox)?;
            Ok(done)
        })
    }
}

/// The event as the audit trail keeps it: without the member's insurance number (the outbox
/// needs it for the central system; the trail does not).
fn audit_detail(event: &EventPayload) -> Result<String, StoreError> {
    let mut redacted = event.clone();
    match &mut redacted {
        EventPayload::UniversityReportRequested(report) => report.kvnr = "<redacted>".into(),
        EventPayload::MemberDataChanged(change) => change.kvnr = "<redacted>".into(),
        EventPayload::IdentificationSucceeded(success) => {
            if let Some(staff) = &mut success.staff {
                staff.kvnr = "<redacted>".into();
                staff.document.number_end = "<redacted>".into();
            }
        }
        _ => {}
    }
    Ok(serde_json::to_string(&redacted)?)
}
