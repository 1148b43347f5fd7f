//! The staff steps on the kiosk itself: sign-in and out, the ID check, letter unlocks, help
//! calls, out of service, ending a member's session, resolving a print in doubt. Each is an
//! audit record under the staff number.

use std::time::Instant;

use kiosk_domain::{
    EndReason, EndedSession, IdentificationMethod, MemberIdentity, SessionSnapshot,
    staff::{
        CheckedDocument, EndedStaffSession, IdDocumentKind, PIN_LOCKOUT, Pin, PinOutcome,
        StaffEndReason, StaffId, StaffSignInError, pin_attempt,
    },
};
use kiosk_protocol::{
    EventPayload, IdDocumentRecord, IdentificationSucceeded, LetterUnlocked, StaffAssistance,
    StaffLocked,
};
use kiosk_store::NewAuditRecord;
use serde::Serialize;
use time::{Date, OffsetDateTime, format_description::well_known::Rfc3339};

use super::{HELP_CALL_LASTS, HelpCall, HelpReason, StaffProblem, StaffView};
use crate::{CoreError, Kiosk};

/// The `sync_state` name of the out-of-service switch.
const OUT_OF_SERVICE: &str = "out_of_service";

/// What a staff audit record says beside the staff number; never member data.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Detail {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) tries_left: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) found: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) offline: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) document: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) stays: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) print_id: Option<i64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Record<'a> {
    staff_id: &'a str,
    #[serde(flatten)]
    detail: Detail,
}

fn minutes_until(until: OffsetDateTime, now: OffsetDateTime) -> u32 {
    let seconds = (until - now).whole_seconds().max(0);
    u32::try_from((seconds + 59) / 60).unwrap_or(u32::MAX)
}

impl Kiosk {
    /// An audit record of a staff act (delivered with the audit chain).
    pub(crate) fn staff_audit(
        &mut self,
        kind: &'static str,
        staff_id: &StaffId,
        detail: Detail,
    ) -> Result<(), CoreError> {
        let detail = serde_json::to_string(&Record {
            staff_id: staff_id.as_str(),
            detail,
        })
        .map_err(kiosk_store::StoreError::from)?;
        let session_id = self.machine.active_session_id().map(|id| id.to_string());
        self.store.transaction(|tx| {
            tx.audit(&NewAuditRecord {
                kind,
                session_id,
                detail,
            })
            .map(drop)
        })?;
        Ok(())
    }

    fn signed_in_staff(&self) -> Result<StaffId, StaffProblem> {
        Ok(self
            .staff
            .machine
            .current()
            .ok_or(StaffProblem::NotSignedIn)?
            .staff_id()
            .clone())
    }

    /// The signed-in staff member, if any.
    pub fn staff_view(&self, now: Instant) -> Option<StaffView> {
        let session = self.staff.machine.current()?;
        let with_member = self.staff.checked_session.is_some()
            && self.staff.checked_session == self.machine.active_session_id();
        Some(StaffView {
            staff_id: session.staff_id().to_string(),
            role: session.role(),
            ends_in: u32::try_from(session.ends_at().saturating_duration_since(now).as_secs())
                .unwrap_or(u32::MAX),
            with_member,
        })
    }

    /// Signs a staff member in with their number and PIN, checked against the verifier
    /// synced from the central system. Wrong PINs count on this kiosk; the fifth locks the
    /// account here for 15 minutes and reports the lock to the central system.
    pub fn staff_sign_in(
        &mut self,
        staff_id: &str,
        pin: &str,
        now_utc: OffsetDateTime,
        now: Instant,
    ) -> Result<StaffView, CoreError> {
        if self.staff.machine.current().is_some() {
            return Err(StaffProblem::AlreadySignedIn.into());
        }
        let staff_id: StaffId = staff_id
            .trim()
            .to_ascii_uppercase()
            .parse()
            .map_err(|_| StaffProblem::InvalidStaffId)?;
        let pin = Pin::entered(pin).map_err(|_| StaffProblem::InvalidPin)?;
        let Some(stored) = self.store.staff_account(&staff_id)? else {
            tracing::info!("staff sign-in with an unknown staff number");
            return Err(StaffProblem::UnknownAccount.into());
        };
        if let Err(refusal) = stored.account.may_assist_in(&self.branch_id) {
            self.staff_audit(
                "staff.signInRefused",
                &staff_id,
                Detail {
                    reason: Some(StaffProblem::NotAllowed(refusal).code()),
                    ..Default::default()
                },
            )?;
            return Err(StaffProblem::NotAllowed(refusal).into());
        }
        let state = self.store.pin_state(&staff_id)?;
        let (outcome, next) = pin_attempt(state, now_utc, || stored.verifier.matches(&pin));
        self.store
            .transaction(|tx| tx.set_pin_state(&staff_id, &next))?;
        match outcome {
            PinOutcome::SignedIn => {
                self.staff
                    .machine
                    .sign_in(&stored.account, outcome, &self.branch_id, now)
                    .map_err(|e| match e {
                        StaffSignInError::Refused(r) => StaffProblem::NotAllowed(r),
                        StaffSignInError::Session(_) => StaffProblem::AlreadySignedIn,
                    })?;
                self.staff_audit("staff.signedIn", &staff_id, Detail::default())?;
                tracing::info!(staff = %staff_id, "staff signed in");
                self.staff_view(now)
                    .ok_or_else(|| StaffProblem::NotSignedIn.into())
            }
            PinOutcome::Wrong { tries_left } => {
                self.staff_audit(
                    "staff.pinWrong",
                    &staff_id,
                    Detail {
                        tries_left: Some(tries_left),
                        ..Default::default()
                    },
                )?;
                Err(StaffProblem::WrongPin { tries_left }.into())
            }
            PinOutcome::LockedNow { until } => {
                let event = EventPayload::StaffLocked(StaffLocked {
                    branch_id: self.branch_id.clone(),
                    kiosk_id: self.kiosk_id.clone(),
                    staff_id: staff_id.clone(),
                    until: until.format(&Rfc3339).unwrap_or_default(),
                });
                self.record_event(None, &event, |_| Ok(()))?;
                tracing::warn!(staff = %staff_id, "staff account locked here after wrong PINs");
                Err(StaffProblem::LockedNow {
                    minutes: u32::try_from(PIN_LOCKOUT.as_secs() / 60).unwrap_or(15),
                }
                .into())
            }
            PinOutcome::Locked { until } => {
                self.staff_audit("staff.signInWhileLocked", &staff_id, Detail::default())?;
                Err(StaffProblem::Locked {
                    minutes: minutes_until(until, now_utc),
                }
                .into())
            }
        }
    }

    /// Input from the signed-in staff member keeps their session.
    pub fn staff_activity(&mut self, now: Instant) {
        self.staff.machine.note_activity(now);
    }

    pub fn staff_sign_out(&mut self) -> Result<(), CoreError> {
        self.end_staff(StaffEndReason::SignedOut)
            .map(drop)
            .ok_or_else(|| StaffProblem::NotSignedIn.into())
    }

    fn end_staff(&mut self, reason: StaffEndReason) -> Option<EndedStaffSession> {
        let ended = self.staff.machine.end(reason).ok()?;
        self.staff.found.clear();
        self.staff.checked_session = None;
        let detail = Detail {
            reason: Some(reason.as_str()),
            ..Default::default()
        };
        if let Err(error) = self.staff_audit("staff.signedOut", &ended.staff_id, detail) {
            tracing::error!(%error, "a staff sign-out could not be recorded");
        }
        tracing::info!(staff = %ended.staff_id, reason = reason.as_str(), "staff session ended");
        Some(ended)
    }

    /// Ends a staff session that was idle too long or whose account is no longer valid here
    /// (revoked at the central system, arrived with a pull); the shell tells the UI.
    pub fn staff_tick(&mut self, now: Instant) -> Option<EndedStaffSession> {
        if let Some(ended) = self.staff.machine.tick(now) {
            self.staff.found.clear();
            self.staff.checked_session = None;
            let detail = Detail {
                reason: Some(ended.reason.as_str()),
                ..Default::default()
            };
            if let Err(error) = self.staff_audit("staff.signedOut", &ended.staff_id, detail) {
                tracing::error!(%error, "a staff sign-out could not be recorded");
            }
            return Some(ended);
        }
        let staff_id = self.staff.machine.current()?.staff_id().clone();
        let still_valid = matches!(
            self.store.staff_account(&staff_id),
            Ok(Some(stored)) if stored.account.may_assist_in(&self.branch_id).is_ok()
        );
        if still_valid {
            None
        } else {
            self.end_staff(StaffEndReason::AccountWithdrawn)
        }
    }

    /// Staff checked the member's ID document in person: opens a member session at level high
    /// for the member chosen from the lookup. `stays`: the staff member stays with the
    /// member; else the kiosk is handed over and the staff session ends.
    #[allow(clippy::too_many_arguments)] // what staff typed, one argument each
    pub fn staff_confirm_id_check(
        &mut self,
        kvnr: &str,
        kind: IdDocumentKind,
        expires_on: Date,
        number_end: &str,
        country: Option<&str>,
        stays: bool,
        now_utc: OffsetDateTime,
        now: Instant,
    ) -> Result<SessionSnapshot, CoreError> {
        let staff = self
            .staff
            .machine
            .current()
            .cloned()
            .ok_or(StaffProblem::NotSignedIn)?;
        if self.machine.active_session_id().is_some() {
            return Err(StaffProblem::MemberSessionActive.into());
        }
        let Some(member) = self.staff.found.iter().find(|m| m.kvnr == kvnr).cloned() else {
            return Err(StaffProblem::NotLookedUp.into());
        };
        let today = kiosk_domain::berlin::date(now_utc);
        let document = match CheckedDocument::check(kind, expires_on, number_end, country, today) {
            Ok(document) => document,
            Err(error) => {
                let problem = StaffProblem::Document(error);
                self.staff_audit(
                    "staff.idCheckRefused",
                    staff.staff_id(),
                    Detail {
                        reason: Some(problem.code()),
                        document: Some(kind.as_str()),
                        ..Default::default()
                    },
                )?;
                return Err(problem.into());
            }
        };
        let parsed: kiosk_domain::Kvnr =
            member.kvnr.parse().map_err(|_| StaffProblem::NotLookedUp)?;
        let identity = MemberIdentity::new(
            &parsed,
            format!("{} {}", member.first_name, member.last_name),
        );
        let session_id = self.open_session(IdentificationMethod::StaffAssist, now)?;
        let level = self
            .machine
            .complete_staff_id_check(&staff, &document, identity, now)?;
        let event = EventPayload::IdentificationSucceeded(IdentificationSucceeded {
            session_id: session_id.as_uuid(),
            branch_id: self.branch_id.clone(),
            kiosk_id: self.kiosk_id.clone(),
            method: IdentificationMethod::StaffAssist,
            trust_level: level.as_str().into(),
            letter_id: None,
            staff: Some(StaffAssistance {
                staff_id: staff.staff_id().clone(),
                kvnr: member.kvnr.clone(),
                document: IdDocumentRecord {
                    kind: document.kind(),
                    expires_on: document.expires_on().to_string(),
                    number_end: document.number_end().to_owned(),
                    country: document.country().map(str::to_owned),
                },
            }),
        });
        self.record(session_id, &event)?;
        self.staff_audit(
            "staff.idChecked",
            staff.staff_id(),
            Detail {
                document: Some(kind.as_str()),
                stays: Some(stays),
                ..Default::default()
            },
        )?;
        self.staff.found.clear();
        self.staff.call = None;
        tracing::info!(session = %session_id, staff = %staff.staff_id(), "member identified by staff");
        if stays {
            self.staff.checked_session = Some(session_id);
        } else {
            self.end_staff(StaffEndReason::HandedToMember);
        }
        Ok(self.machine.snapshot(now))
    }

    /// Unlocks the letters of the member whose ID the signed-in staff member checked in the
    /// open session, here and (through the central system) on every kiosk. Returns how many.
    pub fn staff_unlock_letters(&mut self) -> Result<usize, CoreError> {
        let staff_id = self.signed_in_staff()?;
        let session_id = self
            .machine
            .active_session_id()
            .filter(|id| self.staff.checked_session == Some(*id))
            .ok_or(StaffProblem::NotStaffChecked)?;
        let kvnr = self
            .machine
            .identified_member()
            .map(|(member, _)| member.kvnr().to_owned())
            .ok_or(StaffProblem::NotStaffChecked)?;
        let letters = self.store.locked_letters_of(&kvnr)?;
        if letters.is_empty() {
            return Err(StaffProblem::NoLockedLetter.into());
        }
        for letter_id in &letters {
            let event = EventPayload::LetterUnlocked(LetterUnlocked {
                branch_id: self.branch_id.clone(),
                kiosk_id: self.kiosk_id.clone(),
                letter_id: letter_id.clone(),
                staff_id: staff_id.to_string(),
                session_id: Some(session_id.as_uuid()),
            });
            self.record_with(session_id, &event, |tx| {
                tx.unlock_letter(letter_id).map(drop)
            })?;
        }
        tracing::info!(session = %session_id, staff = %staff_id, letters = letters.len(), "letters unlocked by staff");
        Ok(letters.len())
    }

    /// A member asks for staff; the call shows on the footer and the panel, with its reason
    /// only.
    pub fn call_staff(&mut self, reason: HelpReason, now: Instant) -> Result<(), CoreError> {
        let detail =
            serde_json::to_string(&serde_reason(reason)).map_err(kiosk_store::StoreError::from)?;
        let session_id = self.machine.active_session_id().map(|id| id.to_string());
        self.store.transaction(|tx| {
            tx.audit(&NewAuditRecord {
                kind: "staff.called",
                session_id,
                detail,
            })
            .map(drop)
        })?;
        self.staff.call = Some(HelpCall { reason, since: now });
        tracing::info!(?reason, "a member calls for staff");
        Ok(())
    }

    /// The member waiting for staff, if the call is not older than [`HELP_CALL_LASTS`].
    pub fn help_call(&self, now: Instant) -> Option<HelpCall> {
        self.staff
            .call
            .filter(|call| now.saturating_duration_since(call.since) < HELP_CALL_LASTS)
    }

    /// Staff took care of the member who called.
    pub fn answer_help_call(&mut self) -> Result<(), CoreError> {
        let staff_id = self.signed_in_staff()?;
        if let Some(call) = self.staff.call.take() {
            self.staff_audit(
                "staff.callAnswered",
                &staff_id,
                Detail {
                    reason: Some(reason_code(call.reason)),
                    ..Default::default()
                },
            )?;
        }
        Ok(())
    }

    pub fn is_out_of_service(&self) -> Result<bool, CoreError> {
        Ok(self.store.sync_value(OUT_OF_SERVICE)?.as_deref() == Some("1"))
    }

    /// Takes the kiosk out of service ("Dieses Terminal ist vorübergehend außer Betrieb") or
    /// back; kept across restarts. No member session may be open.
    pub fn staff_set_out_of_service(&mut self, out: bool) -> Result<(), CoreError> {
        let staff_id = self.signed_in_staff()?;
        if out && self.machine.active_session_id().is_some() {
            return Err(StaffProblem::MemberSessionActive.into());
        }
        self.store
            .set_sync_value(OUT_OF_SERVICE, if out { "1" } else { "0" })?;
        let kind = if out {
            "staff.outOfService"
        } else {
            "staff.backInService"
        };
        self.staff_audit(kind, &staff_id, Detail::default())?;
        tracing::info!(staff = %staff_id, out, "kiosk service state changed by staff");
        Ok(())
    }

    /// Staff end the member session on screen (the shell then wipes as for any end).
    pub fn staff_end_member_session(&mut self, now: Instant) -> Result<EndedSession, CoreError> {
        let staff_id = self.signed_in_staff()?;
        let ended = self.machine.end(EndReason::Staff, now)?;
        self.record_end(&ended);
        self.staff.checked_session = None;
        self.staff_audit("staff.endedSession", &staff_id, Detail::default())?;
        Ok(ended)
    }

    /// Staff checked the tray for a print in doubt.
    pub fn staff_resolve_print(&mut self, print_id: i64, printed: bool) -> Result<(), CoreError> {
        let staff_id = self.signed_in_staff()?;
        crate::resolve_print_doubt(
            &mut self.store,
            print_id,
            printed,
            crate::Resolver::Staff(&staff_id),
        )
        .map_err(|e| match e {
            crate::DoubtError::Store(store) => CoreError::Store(store),
            other => CoreError::PrintDoubt(other),
        })
    }

    /// An intervention the shell carries out (sync now, cancel a print job): audited first,
    /// and only for signed-in staff.
    pub fn staff_intervention(
        &mut self,
        kind: &'static str,
        print_id: Option<i64>,
    ) -> Result<(), CoreError> {
        let staff_id = self.signed_in_staff()?;
        self.staff_audit(
            kind,
            &staff_id,
            Detail {
                print_id,
                ..Default::default()
            },
        )
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReasonOnly {
    reason: &'static str,
}

fn serde_reason(reason: HelpReason) -> ReasonOnly {
    ReasonOnly {
        reason: reason_code(reason),
    }
}

pub(crate) fn reason_code(reason: HelpReason) -> &'static str {
    match reason {
        HelpReason::LetterLocked => "letterLocked",
        HelpReason::PrinterProblem => "printerProblem",
        HelpReason::DataTooOld => "dataTooOld",
        HelpReason::Other => "other",
    }
}
