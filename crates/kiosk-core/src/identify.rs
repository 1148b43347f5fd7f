//! Identification with the activation letter: the scanned code is verified offline (format,
//! key, signature, validity, not revoked, not used, not locked), the member's certificate
//! data must be on this kiosk, and the date of birth is asked; three wrong dates lock the
//! letter until staff unlock it. Every outcome is an audit record with its outbox event.

use std::time::{Duration, Instant};

use kiosk_domain::{
    BirthDate, BirthDateOutcome, ClockProblem, IdentificationMethod, Kvnr, MemberIdentity,
    PendingLetter, SessionError, SessionSnapshot,
};
use kiosk_letter::{LetterError, TrustedKeys, verify};
use kiosk_protocol::{
    EventPayload, IdentificationRefused, IdentificationSucceeded, MemberSnapshot,
};
use time::OffsetDateTime;

use crate::{CoreError, Kiosk};

/// Why a letter or a date of birth was not accepted; the UI shows each in its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LetterRefusal {
    #[error("this code is not an activation letter")]
    NotALetter,
    #[error("the letter's code is damaged or forged")]
    Invalid,
    #[error("the letter has expired")]
    Expired,
    #[error("the letter is not valid yet")]
    NotYetValid,
    #[error("the letter was revoked")]
    Revoked,
    #[error("the letter was already used")]
    AlreadyUsed,
    #[error("the letter is locked after wrong dates of birth")]
    Locked,
    #[error("this kiosk has no data for the letter's member")]
    MemberNotAvailable,
    #[error("the date of birth does not match ({attempts_left} attempts left)")]
    WrongBirthDate { attempts_left: u32 },
    #[error("the date of birth does not match; the letter is now locked")]
    LockedNow,
    #[error("the date of birth is not a valid date")]
    InvalidBirthDate,
    /// Without the central system the kiosk cannot know the fleet's count of wrong dates for
    /// this letter: one try only, until it is back.
    #[error("offline, a letter has one try at the date of birth, and it was used")]
    OfflineTryUsed,
    /// The kiosk's clock has gone back or is off from the central system's: whether a letter
    /// is valid cannot be told.
    #[error("the kiosk's clock is not trusted ({0})")]
    ClockUntrusted(ClockProblem),
}

impl LetterRefusal {
    /// The reason code recorded in audit and sent to the central system.
    pub fn code(self) -> &'static str {
        match self {
            LetterRefusal::NotALetter => "notALetter",
            LetterRefusal::Invalid => "invalid",
            LetterRefusal::Expired => "expired",
            LetterRefusal::NotYetValid => "notYetValid",
            LetterRefusal::Revoked => "revoked",
            LetterRefusal::AlreadyUsed => "alreadyUsed",
            LetterRefusal::Locked => "locked",
            LetterRefusal::MemberNotAvailable => "memberNotAvailable",
            LetterRefusal::WrongBirthDate { .. } => "birthDateMismatch",
            LetterRefusal::LockedNow => kiosk_protocol::REFUSED_LOCKED_NOW,
            LetterRefusal::InvalidBirthDate => "invalidBirthDate",
            LetterRefusal::OfflineTryUsed => "offlineTryUsed",
            LetterRefusal::ClockUntrusted(_) => "clockUntrusted",
        }
    }
}

/// Tries at the date of birth a letter has while the kiosk is offline (its data older than
/// `offline_after`): the central system counts across the fleet, and this kiosk cannot ask it.
pub const OFFLINE_BIRTH_DATE_TRIES: u32 = 1;

fn refusal_for(error: &LetterError) -> LetterRefusal {
    match error {
        LetterError::NotALetter => LetterRefusal::NotALetter,
        LetterError::Expired { .. } => LetterRefusal::Expired,
        LetterError::NotYetValid { .. } => LetterRefusal::NotYetValid,
        LetterError::Malformed(_) | LetterError::UnknownKey { .. } | LetterError::BadSignature => {
            LetterRefusal::Invalid
        }
    }
}

impl Kiosk {
    /// A QR code was read at `now_utc` during a letter identification.
    pub fn letter_scanned(
        &mut self,
        text: &str,
        now_utc: OffsetDateTime,
        snapshot_max_age: Duration,
        now: Instant,
    ) -> Result<SessionSnapshot, CoreError> {
        let session_id = self
            .machine
            .active_session_id()
            .ok_or(SessionError::NoActiveSession)?;
        if let Err(problem) = self.check_clock(now_utc)? {
            return Err(self.refuse(LetterRefusal::ClockUntrusted(problem), None, None));
        }
        let today = kiosk_domain::berlin::date(now_utc);
        let keys = self.trusted_letter_keys()?;
        let letter = match verify(text, &keys, today) {
            Ok(letter) => letter,
            Err(error) => return Err(self.refuse(refusal_for(&error), None, None)),
        };
        let letter_id = letter.letter_id().to_string();
        let key_id = letter.key_id().to_string();
        let refuse = |this: &mut Kiosk, why| Err(this.refuse(why, Some(&letter_id), None));
        if self.is_letter_revoked(&letter_id, &key_id)? {
            return refuse(self, LetterRefusal::Revoked);
        }
        let attempts = self.store.letter_attempts(&letter_id)?;
        if attempts.used_at.is_some() {
            return refuse(self, LetterRefusal::AlreadyUsed);
        }
        if attempts.locked_at.is_some() {
            // Staff who check this member's ID can then unlock it.
            let kvnr = letter.kvnr().as_str().to_owned();
            self.store
                .transaction(|tx| tx.note_locked_letter_member(&letter_id, &kvnr))?;
            return refuse(self, LetterRefusal::Locked);
        }
        let Some((member, birth_date)) = self.member_for(letter.kvnr(), snapshot_max_age)? else {
            return refuse(self, LetterRefusal::MemberNotAvailable);
        };
        self.machine.letter_read(
            PendingLetter {
                letter_id,
                key_id,
                member,
                birth_date,
            },
            now,
        )?;
        tracing::info!(session = %session_id, "letter accepted, asking for the date of birth");
        Ok(self.machine.snapshot(now))
    }

    /// The member entered a date of birth (eight keypad digits, TTMMJJJJ) at `now_utc`.
    pub fn birth_date_entered(
        &mut self,
        digits: &str,
        now_utc: OffsetDateTime,
        now: Instant,
    ) -> Result<SessionSnapshot, CoreError> {
        let current_year =
            u16::try_from(kiosk_domain::berlin::date(now_utc).year()).unwrap_or(u16::MAX);
        let pending = self
            .machine
            .pending_letter()
            .cloned()
            .ok_or(SessionError::NoLetterRead)?;
        let Ok(entered) = BirthDate::from_keypad(digits, current_year) else {
            return Err(CoreError::Letter(LetterRefusal::InvalidBirthDate));
        };
        let attempts = self.store.letter_attempts(&pending.letter_id)?;
        let gone = self.letter_gone(&pending, &attempts, now_utc)?;
        // Offline, wrong dates at other kiosks are unknown here: one try per letter.
        let offline = self
            .store
            .data_current_as_of()?
            .is_none_or(|as_of| now_utc - as_of > self.offline_after);
        let gone = gone.or_else(|| {
            (offline && attempts.failures >= OFFLINE_BIRTH_DATE_TRIES)
                .then_some(LetterRefusal::OfflineTryUsed)
        });
        if let Some(why) = gone {
            self.machine.discard_letter();
            return Err(self.refuse(why, Some(&pending.letter_id), None));
        }
        match self.machine.check_birth_date(&entered, attempts.failures)? {
            BirthDateOutcome::Match(proof) => {
                self.letter_identified(&pending, proof.trust_level())?;
                self.machine.complete_letter_identification(proof, now)?;
                Ok(self.machine.snapshot(now))
            }
            BirthDateOutcome::Mismatch { attempts_left } => {
                let letter_id = pending.letter_id.clone();
                self.store
                    .transaction(|tx| tx.record_birth_date_failure(&letter_id).map(drop))?;
                Err(self.refuse(
                    LetterRefusal::WrongBirthDate { attempts_left },
                    Some(&pending.letter_id),
                    Some(attempts_left),
                ))
            }
            BirthDateOutcome::LockedNow => {
                let letter_id = pending.letter_id.clone();
                let kvnr = pending.member.kvnr().to_owned();
                self.store.transaction(|tx| {
                    tx.record_birth_date_failure(&letter_id)?;
                    tx.lock_letter(&letter_id)?;
                    tx.note_locked_letter_member(&letter_id, &kvnr)
                })?;
                self.machine.discard_letter();
                Err(self.refuse(LetterRefusal::LockedNow, Some(&pending.letter_id), Some(0)))
            }
        }
    }

    /// The member approved the login on their registered phone, and the central system
    /// reported the approval of this session's letter `letter_id` approved: the session opens
    /// at level high. The letter is checked again as for a date of birth.
    pub fn letter_approved_on_phone(
        &mut self,
        letter_id: &str,
        now_utc: OffsetDateTime,
        now: Instant,
    ) -> Result<SessionSnapshot, CoreError> {
        let pending = self
            .machine
            .pending_letter()
            .filter(|pending| pending.letter_id == letter_id)
            .cloned()
            .ok_or(SessionError::NoLetterRead)?;
        let attempts = self.store.letter_attempts(&pending.letter_id)?;
        if let Some(why) = self.letter_gone(&pending, &attempts, now_utc)? {
            self.machine.discard_letter();
            return Err(self.refuse(why, Some(&pending.letter_id), None));
        }
        self.letter_identified(&pending, kiosk_domain::TrustLevel::High)?;
        self.machine.complete_letter_with_smartident(now)?;
        Ok(self.machine.snapshot(now))
    }

    /// Checked again before a letter identification completes: the letter may have been
    /// revoked, used or locked (by the central system, from other kiosks) since it was scanned.
    fn letter_gone(
        &self,
        pending: &PendingLetter,
        attempts: &kiosk_store::LetterAttempts,
        now_utc: OffsetDateTime,
    ) -> Result<Option<LetterRefusal>, CoreError> {
        Ok(if let Err(problem) = self.check_clock(now_utc)? {
            Some(LetterRefusal::ClockUntrusted(problem))
        } else if self.is_letter_revoked(&pending.letter_id, &pending.key_id)? {
            Some(LetterRefusal::Revoked)
        } else if attempts.used_at.is_some() {
            Some(LetterRefusal::AlreadyUsed)
        } else if attempts.locked_at.is_some() {
            Some(LetterRefusal::Locked)
        } else {
            None
        })
    }

    /// Records the success (the letter used in the same transaction) before the session opens.
    fn letter_identified(
        &mut self,
        pending: &PendingLetter,
        level: kiosk_domain::TrustLevel,
    ) -> Result<(), CoreError> {
        let session_id = self
            .machine
            .active_session_id()
            .ok_or(SessionError::NoActiveSession)?;
        let event = EventPayload::IdentificationSucceeded(IdentificationSucceeded {
            session_id: session_id.as_uuid(),
            branch_id: self.branch_id.clone(),
            kiosk_id: self.kiosk_id.clone(),
            method: IdentificationMethod::Letter,
            trust_level: level.as_str().into(),
            letter_id: Some(pending.letter_id.clone()),
            staff: None,
        });
        let letter_id = pending.letter_id.clone();
        self.record_with(session_id, &event, |tx| tx.mark_letter_used(&letter_id))?;
        tracing::info!(session = %session_id, level = level.as_str(), "identified by letter");
        Ok(())
    }

    /// The pulled letter keys that the pinned letter root endorsed (read each time: the sync
    /// worker adds keys on its own connection; checked each time, so a root changed in
    /// `kiosk.toml` takes effect at once). Revoked keys stay in, so that their letters are
    /// refused as revoked rather than as unknown. Any other key is skipped and logged.
    fn trusted_letter_keys(&self) -> Result<TrustedKeys, CoreError> {
        let mut keys = TrustedKeys::new();
        for stored in self.store.letter_keys()? {
            let endorsement = stored.endorsement.as_deref();
            if let Err(error) = keys.insert_endorsed(
                &self.letter_root,
                &stored.key_id,
                &stored.public_key,
                endorsement,
            ) {
                tracing::warn!(%error, "a pulled letter key is not trusted");
            }
        }
        Ok(keys)
    }

    /// Revoked itself, or signed with a revoked letter key.
    fn is_letter_revoked(&self, letter_id: &str, key_id: &str) -> Result<bool, CoreError> {
        Ok(self
            .store
            .is_revoked(kiosk_store::REVOKED_LETTER, letter_id)?
            || self
                .store
                .is_revoked(kiosk_store::REVOKED_LETTER_KEY, key_id)?)
    }

    /// The member's identity and date of birth from the snapshot the kiosk holds, if any.
    fn member_for(
        &self,
        kvnr: &Kvnr,
        max_age: Duration,
    ) -> Result<Option<(MemberIdentity, BirthDate)>, CoreError> {
        let Some(stored) = self.store.member_snapshot(kvnr.as_str(), max_age)? else {
            return Ok(None);
        };
        let Ok(snapshot) = serde_json::from_str::<MemberSnapshot>(&stored.snapshot) else {
            tracing::warn!("a stored member snapshot does not parse; treated as absent");
            return Ok(None);
        };
        let Ok(birth_date) = snapshot.birth_date.parse::<BirthDate>() else {
            return Ok(None);
        };
        let name = format!("{} {}", snapshot.first_name, snapshot.last_name);
        Ok(Some((MemberIdentity::new(kvnr, name), birth_date)))
    }

    /// Records a refusal (audit + outbox) and returns the error for the caller. A failure to
    /// record is logged; the member still gets the refusal.
    fn refuse(
        &mut self,
        why: LetterRefusal,
        letter_id: Option<&str>,
        attempts_left: Option<u32>,
    ) -> CoreError {
        if let Some(session_id) = self.machine.active_session_id() {
            let event = EventPayload::IdentificationRefused(IdentificationRefused {
                session_id: session_id.as_uuid(),
                branch_id: self.branch_id.clone(),
                kiosk_id: self.kiosk_id.clone(),
                reason: why.code().into(),
                letter_id: letter_id.map(str::to_owned),
                attempts_left,
            });
            if let Err(error) = self.record_with(session_id, &event, |_| Ok(())) {
                tracing::error!(session = %session_id, %error, "a refusal could not be recorded");
            }
            tracing::info!(session = %session_id, reason = why.code(), "identification refused");
        }
        CoreError::Letter(why)
    }
}
