//! The member session: idle → identifying → identified → ended (and back to idle).
//!
//! The machine is driven by the shell with an explicit `now`, so that every timeout is
//! testable with an injected clock, and it never reads a clock itself.

mod policy;
#[cfg(test)]
mod tests;

use std::{fmt, time::Duration, time::Instant};

use serde::{Deserialize, Serialize};
use thiserror::Error;
use uuid::Uuid;

pub use policy::SessionPolicy;

use crate::staff::{CheckedDocument, StaffSession};
use crate::{
    BirthDate, BirthDateOutcome, IdentificationMethod, IdentityProof, Language, MemberIdentity,
    Service, TrustLevel, birth_date::check_birth_date,
};

/// A random id per session, for audit records and logs in place of anything personal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SessionId(Uuid);

impl SessionId {
    pub fn random() -> Self {
        SessionId(Uuid::new_v4())
    }

    pub fn as_uuid(self) -> Uuid {
        self.0
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EndReason {
    /// The member pressed "Sitzung beenden" or cancelled.
    Member,
    /// Staff ended it from their panel.
    Staff,
    IdleTimeout,
    MaxLength,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum SessionError {
    #[error("there is no active session")]
    NoActiveSession,
    #[error("a session is already active")]
    SessionAlreadyActive,
    #[error("the session is not waiting for an identification")]
    NotIdentifying,
    #[error("the proof does not belong to the identification method that was started")]
    ProofDoesNotMatchMethod,
    #[error("no letter has been read in this session")]
    NoLetterRead,
    #[error("the service needs an identified member")]
    NotIdentified,
    #[error("{service:?} needs level {needs:?}; the member proved {has:?}")]
    LevelTooLow {
        service: Service,
        needs: TrustLevel,
        has: TrustLevel,
    },
}

/// A verified letter waiting for its date of birth. Dropped (and zeroized) with the session
/// or when the member starts over.
#[derive(Clone, zeroize::Zeroize, zeroize::ZeroizeOnDrop)]
pub struct PendingLetter {
    pub letter_id: String,
    /// The key that signed it: a letter key revoked meanwhile revokes the letter too.
    pub key_id: String,
    pub member: MemberIdentity,
    pub birth_date: BirthDate,
}

impl fmt::Debug for PendingLetter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PendingLetter(<redacted>)")
    }
}

/// What the screen should show; derived from the state and `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionSnapshot {
    pub phase: SessionPhase,
    pub language: Language,
    pub warning: Option<IdleWarning>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionPhase {
    Idle,
    /// `awaiting_birth_date`: a valid letter was read; the date of birth is asked next.
    Identifying {
        method: IdentificationMethod,
        awaiting_birth_date: bool,
    },
    Identified {
        method: IdentificationMethod,
        trust: TrustLevel,
    },
}

/// The countdown shown (and sounded) before a session ends on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdleWarning {
    /// Whole seconds left, rounded up, so the countdown never shows 0 while still running.
    pub seconds_left: u32,
    /// False when the maximum session length, not inactivity, is what ends the session.
    pub can_extend: bool,
}

/// A session that has ended. Its member data is already wiped when this exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndedSession {
    pub id: SessionId,
    pub reason: EndReason,
    pub duration: Duration,
}

/// What a [`SessionMachine::tick`] changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tick {
    Unchanged,
    /// The snapshot differs from the last tick (warning appeared, counted down, language reset).
    Changed,
    Ended(EndedSession),
}

#[derive(Debug)]
enum State {
    Idle {
        language: Language,
        last_activity: Instant,
    },
    Active(ActiveSession),
}

#[derive(Debug)]
struct ActiveSession {
    id: SessionId,
    language: Language,
    started_at: Instant,
    last_activity: Instant,
    method: IdentificationMethod,
    pending_letter: Option<PendingLetter>,
    identified: Option<Identified>,
}

#[derive(Debug)]
struct Identified {
    trust: TrustLevel,
    /// Dropping it zeroizes it.
    member: MemberIdentity,
}

#[derive(Debug)]
pub struct SessionMachine {
    policy: SessionPolicy,
    default_language: Language,
    state: State,
    last_snapshot: Option<SessionSnapshot>,
}

impl SessionMachine {
    pub fn new(policy: SessionPolicy, default_language: Language, now: Instant) -> Self {
        SessionMachine {
            policy,
            default_language,
            state: State::Idle {
                language: default_language,
                last_activity: now,
            },
            last_snapshot: None,
        }
    }

    pub fn policy(&self) -> &SessionPolicy {
        &self.policy
    }

    pub fn active_session_id(&self) -> Option<SessionId> {
        match &self.state {
            State::Active(session) => Some(session.id),
            State::Idle { .. } => None,
        }
    }

    /// The identified member and how well they proved who they are; None before that.
    pub fn identified_member(&self) -> Option<(&MemberIdentity, TrustLevel)> {
        match &self.state {
            State::Active(ActiveSession {
                identified: Some(done),
                ..
            }) => Some((&done.member, done.trust)),
            _ => None,
        }
    }

    pub fn snapshot(&self, now: Instant) -> SessionSnapshot {
        match &self.state {
            State::Idle { language, .. } => SessionSnapshot {
                phase: SessionPhase::Idle,
                language: *language,
                warning: None,
            },
            State::Active(session) => SessionSnapshot {
                phase: match &session.identified {
                    None => SessionPhase::Identifying {
                        method: session.method,
                        awaiting_birth_date: session.pending_letter.is_some(),
                    },
                    Some(done) => SessionPhase::Identified {
                        method: session.method,
                        trust: done.trust,
                    },
                },
                language: session.language,
                warning: warning_for(&self.policy, session, now),
            },
        }
    }

    /// The language can be chosen on the attract screen and at any time in a session.
    pub fn set_language(&mut self, language: Language, now: Instant) {
        match &mut self.state {
            State::Idle {
                language: current,
                last_activity,
            } => {
                *current = language;
                *last_activity = now;
            }
            State::Active(session) => {
                session.language = language;
                if warning_for(&self.policy, session, now).is_none() {
                    session.last_activity = now;
                }
            }
        }
    }

    pub fn start_identification(
        &mut self,
        method: IdentificationMethod,
        id: SessionId,
        now: Instant,
    ) -> Result<SessionId, SessionError> {
        let language = match &self.state {
            State::Idle { language, .. } => *language,
            State::Active(_) => return Err(SessionError::SessionAlreadyActive),
        };
        self.state = State::Active(ActiveSession {
            id,
            language,
            started_at: now,
            last_activity: now,
            method,
            pending_letter: None,
            identified: None,
        });
        Ok(id)
    }

    /// A valid letter was read: its member's date of birth is asked next. A second letter
    /// replaces the first.
    pub fn letter_read(&mut self, letter: PendingLetter, now: Instant) -> Result<(), SessionError> {
        let State::Active(session) = &mut self.state else {
            return Err(SessionError::NoActiveSession);
        };
        if session.identified.is_some() || session.method != IdentificationMethod::Letter {
            return Err(SessionError::NotIdentifying);
        }
        session.pending_letter = Some(letter);
        session.last_activity = now;
        Ok(())
    }

    pub fn pending_letter(&self) -> Option<&PendingLetter> {
        match &self.state {
            State::Active(session) => session.pending_letter.as_ref(),
            State::Idle { .. } => None,
        }
    }

    /// Back to scanning (the member cancelled the date entry, or the letter was locked).
    pub fn discard_letter(&mut self) {
        if let State::Active(session) = &mut self.state {
            session.pending_letter = None;
        }
    }

    /// The member entered a date of birth for the session's verified letter; on a match the
    /// outcome carries the proof to complete the identification with.
    pub fn check_birth_date(
        &self,
        entered: &BirthDate,
        failures_before: u32,
    ) -> Result<BirthDateOutcome, SessionError> {
        let letter = self.pending_letter().ok_or(SessionError::NoLetterRead)?;
        Ok(check_birth_date(
            &letter.birth_date,
            entered,
            failures_before,
        ))
    }

    /// Completes a letter identification with its proof: the member is the verified letter's.
    pub fn complete_letter_identification(
        &mut self,
        proof: IdentityProof,
        now: Instant,
    ) -> Result<TrustLevel, SessionError> {
        let member = self
            .pending_letter()
            .ok_or(SessionError::NoLetterRead)?
            .member
            .clone();
        self.complete_identification(proof, member, now)
    }

    /// Completes a letter identification with the member's registered phone: call this only
    /// once the central system reported the session's login approval approved (it accepts
    /// the identification at level high only on that approval).
    pub fn complete_letter_with_smartident(
        &mut self,
        now: Instant,
    ) -> Result<TrustLevel, SessionError> {
        self.complete_letter_identification(IdentityProof::LETTER_AND_SMART_IDENT, now)
    }

    /// Completes a staff-assisted identification: `staff`, signed in with their PIN, checked
    /// `document` for `member` in person. Both can only be had from the domain code that
    /// checked them (`StaffMachine::sign_in`, `CheckedDocument::check`).
    pub fn complete_staff_id_check(
        &mut self,
        staff: &StaffSession,
        document: &CheckedDocument,
        member: MemberIdentity,
        now: Instant,
    ) -> Result<TrustLevel, SessionError> {
        // Evidence by type: holding both is what the proof needs; the session keeps neither.
        let _ = (staff, document);
        self.complete_identification(IdentityProof::STAFF_ID_CHECK, member, now)
    }

    /// The identified member, if the level they proved is enough for `service`: the one
    /// check every service goes through.
    pub fn authorize(&self, service: Service) -> Result<&MemberIdentity, SessionError> {
        let (member, has) = self
            .identified_member()
            .ok_or(SessionError::NotIdentified)?;
        let needs = service.needs();
        if has < needs {
            return Err(SessionError::LevelTooLow {
                service,
                needs,
                has,
            });
        }
        Ok(member)
    }

    pub(crate) fn complete_identification(
        &mut self,
        proof: IdentityProof,
        member: MemberIdentity,
        now: Instant,
    ) -> Result<TrustLevel, SessionError> {
        let State::Active(session) = &mut self.state else {
            return Err(SessionError::NoActiveSession);
        };
        if session.identified.is_some() {
            return Err(SessionError::NotIdentifying);
        }
        if proof.method() != session.method {
            return Err(SessionError::ProofDoesNotMatchMethod);
        }
        let trust = proof.trust_level();
        session.pending_letter = None;
        session.identified = Some(Identified { trust, member });
        session.last_activity = now;
        Ok(trust)
    }

    /// Input from the member. While the warning shows, only an explicit extension counts, so a
    /// passer-by brushing the screen does not keep someone else's session open.
    pub fn note_activity(&mut self, now: Instant) {
        match &mut self.state {
            State::Idle { last_activity, .. } => *last_activity = now,
            State::Active(session) => {
                if warning_for(&self.policy, session, now).is_none() {
                    session.last_activity = now;
                }
            }
        }
    }

    /// The member answered the warning: the idle timer restarts (the maximum length stays).
    pub fn extend(&mut self, now: Instant) -> Result<(), SessionError> {
        match &mut self.state {
            State::Active(session) => {
                session.last_activity = now;
                Ok(())
            }
            State::Idle { .. } => Err(SessionError::NoActiveSession),
        }
    }

    /// Ends the active session and wipes its member data.
    pub fn end(&mut self, reason: EndReason, now: Instant) -> Result<EndedSession, SessionError> {
        let idle = State::Idle {
            language: self.default_language,
            last_activity: now,
        };
        match std::mem::replace(&mut self.state, idle) {
            State::Active(session) => {
                let ended = EndedSession {
                    id: session.id,
                    reason,
                    duration: now.saturating_duration_since(session.started_at),
                };
                // Dropping the session zeroizes the member identity it holds.
                drop(session);
                Ok(ended)
            }
            previous @ State::Idle { .. } => {
                self.state = previous;
                Err(SessionError::NoActiveSession)
            }
        }
    }

    /// Called about once a second by the shell: ends sessions that ran out and reports whether
    /// the screen needs an update.
    pub fn tick(&mut self, now: Instant) -> Tick {
        match &mut self.state {
            State::Active(session) => {
                let reason = if now.saturating_duration_since(session.started_at)
                    >= self.policy.max_length
                {
                    Some(EndReason::MaxLength)
                } else if now.saturating_duration_since(session.last_activity)
                    >= self.policy.idle_timeout
                {
                    Some(EndReason::IdleTimeout)
                } else {
                    None
                };
                if let Some(reason) = reason {
                    self.last_snapshot = None;
                    return match self.end(reason, now) {
                        Ok(ended) => Tick::Ended(ended),
                        Err(_) => Tick::Unchanged,
                    };
                }
            }
            State::Idle {
                language,
                last_activity,
            } => {
                if *language != self.default_language
                    && now.saturating_duration_since(*last_activity) >= self.policy.attract_reset
                {
                    *language = self.default_language;
                }
            }
        }
        let snapshot = self.snapshot(now);
        if self.last_snapshot.replace(snapshot) == Some(snapshot) {
            Tick::Unchanged
        } else {
            Tick::Changed
        }
    }
}

/// The countdown, when the session's end (idle or maximum length) is within the warning time.
fn warning_for(
    policy: &SessionPolicy,
    session: &ActiveSession,
    now: Instant,
) -> Option<IdleWarning> {
    let idle_left = policy
        .idle_timeout
        .saturating_sub(now.saturating_duration_since(session.last_activity));
    let max_left = policy
        .max_length
        .saturating_sub(now.saturating_duration_since(session.started_at));
    let (left, can_extend) = if max_left <= idle_left {
        (max_left, false)
    } else {
        (idle_left, true)
    };
    if left.is_zero() || left > policy.warning {
        return None;
    }
    let seconds_left = u32::try_from(left.as_millis().div_ceil(1000)).unwrap_or(u32::MAX);
    Some(IdleWarning {
        seconds_left,
        can_extend,
    })
}
