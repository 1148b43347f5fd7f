//! What the central system itself knows of who was identified where: every member-bound event
//! must rest on an identification it recorded. A kiosk's word alone is not enough: the member
//! follows from the letter the central system issued, not from the event, so a stolen kiosk
//! credential acts only for members whose letters it holds, in its own branch, for the
//! session's lifetime and at the level the identification reached.

use kiosk_domain::{IdentificationMethod, TrustLevel};
use kiosk_protocol::{EventOutcome, IdentificationRefused, IdentificationSucceeded, SessionEnded};
use sqlx::{Any, Row, Transaction};

use super::{DbError, EnrolledKiosk, letters, now_millis, smartident::approvals};

type Tx = Transaction<'static, Any>;

/// Member-bound events are accepted this long after the central system received their
/// identification: a kiosk session lasts minutes, but its events may arrive in later pushes
/// (a batch boundary, or the network dropping mid-session). Longer than any session, shorter
/// than a stolen kiosk would need.
pub const IDENTIFICATION_VALID_FOR_MILLIS: i64 = 24 * 3600 * 1000;

/// How late a kiosk's report of an identification may arrive (it was offline) and still be
/// checked against the letter's validity on the day it happened, as the kiosk reports it.
pub const LATE_REPORT_DAYS: i64 = 7;

/// Wrong dates of birth for one letter, counted across the fleet, that lock it.
pub const MISMATCHES_TO_LOCK: i64 = 3;

/// Why a member-bound event or an identification was not accepted (the `reason` of
/// `EventOutcome::Rejected`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    UnknownLetter,
    LetterRevoked,
    LetterExpired,
    LetterLocked,
    LetterAlreadyUsed,
    /// Level high without the proof the central system checks (a SmartIdent approval of this
    /// session's login, or a valid staff account's ID check).
    LevelNotProven,
    /// A staff act that names no staff-assisted session to rest on.
    StaffAuthenticationRequired,
    /// The staff account may not act here (`db/staff.rs`).
    Staff(super::StaffRefusal),
    UnknownMember,
    /// The session was not identified by staff.
    NotStaffAssisted,
    OtherBranch,
    SessionAlreadyIdentified,
    NoIdentification,
    OtherKiosk,
    OtherMember,
    SessionEnded,
    SessionExpired,
    LevelTooLow,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::UnknownLetter => "unknownLetter",
            Refusal::LetterRevoked => "letterRevoked",
            Refusal::LetterExpired => "letterExpired",
            Refusal::LetterLocked => "letterLocked",
            Refusal::LetterAlreadyUsed => "letterAlreadyUsed",
            Refusal::LevelNotProven => "levelNotProven",
            Refusal::StaffAuthenticationRequired => "staffAuthenticationRequired",
            Refusal::Staff(refusal) => refusal.code(),
            Refusal::UnknownMember => "unknownMember",
            Refusal::NotStaffAssisted => "notStaffAssisted",
            Refusal::OtherBranch => "otherBranch",
            Refusal::SessionAlreadyIdentified => "sessionAlreadyIdentified",
            Refusal::NoIdentification => "noIdentification",
            Refusal::OtherKiosk => "otherKiosk",
            Refusal::OtherMember => "otherMember",
            Refusal::SessionEnded => "sessionEnded",
            Refusal::SessionExpired => "sessionExpired",
            Refusal::LevelTooLow => "levelTooLow",
        }
    }

    pub fn outcome(self) -> EventOutcome {
        EventOutcome::Rejected {
            reason: self.code().to_owned(),
        }
    }

    /// The outcome, after a warning for the operators (the kiosk and the reason only).
    pub(crate) fn logged(self, kiosk: &EnrolledKiosk, what: &str) -> EventOutcome {
        tracing::warn!(kiosk = kiosk.kiosk_id, reason = self.code(), "{what}");
        self.outcome()
    }
}

/// A kiosk reports an identification: recorded when the central system can vouch for it (a
/// letter it issued, valid, unused and not locked, from a kiosk of the branch the event
/// names, at the level a letter gives), and the letter is marked used fleet-wide. Otherwise
/// refused, and nothing may rest on it. A letter used a second time is refused too: the
/// refusal is the flag staff see in the event log.
pub(crate) async fn record(
    tx: &mut Tx,
    kiosk: &EnrolledKiosk,
    success: &IdentificationSucceeded,
    occurred_on: &str,
) -> Result<EventOutcome, DbError> {
    if success.branch_id != kiosk.branch_id {
        return Ok(Refusal::OtherBranch.outcome());
    }
    if success.method == IdentificationMethod::StaffAssist {
        return super::staff_assist::record(tx, kiosk, success).await;
    }
    let Some(letter_id) = &success.letter_id else {
        return Ok(Refusal::UnknownLetter.outcome());
    };
    let kvnr = match letter_member(tx, letter_id, occurred_on).await? {
        Ok(kvnr) => kvnr,
        Err(refusal) => {
            return Ok(refusal.logged(
                kiosk,
                "an identification the central system cannot vouch for",
            ));
        }
    };
    // A letter and a date of birth: substantial. High needs a proof the central system
    // checked itself: the member's phone approved this session's login with this letter.
    let approval = match success.trust_level.as_str() {
        "substantial" => None,
        "high" => match approvals::login_approval(tx, kiosk, &success.session_id, letter_id).await?
        {
            Some(challenge_id) => Some(challenge_id),
            None => return Ok(Refusal::LevelNotProven.logged(kiosk, "level high unproven")),
        },
        _ => return Ok(Refusal::LevelNotProven.outcome()),
    };
    let inserted = sqlx::query(
        "INSERT INTO identifications (session_id, kiosk_id, branch_id, letter_id, kvnr, trust_level, identified_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT DO NOTHING",
    )
    .bind(success.session_id.to_string())
    .bind(&kiosk.kiosk_id)
    .bind(&kiosk.branch_id)
    .bind(letter_id)
    .bind(&kvnr)
    .bind(&success.trust_level)
    .bind(now_millis())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(Refusal::SessionAlreadyIdentified.outcome());
    }
    letters::mark_used(tx, letter_id).await?;
    if let Some(challenge_id) = approval {
        approvals::mark_used(tx, &challenge_id).await?;
    }
    Ok(EventOutcome::Applied)
}

/// The member of a letter the central system issued, if it can vouch for it on `day`: valid,
/// unused, not locked and not revoked (nor its key); else why not.
pub(crate) async fn letter_member(
    tx: &mut Tx,
    letter_id: &str,
    day: &str,
) -> Result<Result<String, Refusal>, DbError> {
    let Some(letter) = sqlx::query(
        "SELECT l.kvnr, l.expires, l.revoked_at, l.used_at, l.locked_at,
                k.revoked_at AS key_revoked_at
         FROM letters l JOIN letter_keys k ON k.key_id = l.key_id
         WHERE l.letter_id = $1",
    )
    .bind(letter_id)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(Err(Refusal::UnknownLetter));
    };
    let expires: String = letter.try_get("expires")?;
    let set = |column: &str| {
        letter
            .try_get::<Option<i64>, _>(column)
            .map(|t| t.is_some())
    };
    // A letter signed with a revoked key is revoked with it.
    Ok(if set("revoked_at")? || set("key_revoked_at")? {
        Err(Refusal::LetterRevoked)
    } else if set("locked_at")? {
        Err(Refusal::LetterLocked)
    } else if set("used_at")? {
        Err(Refusal::LetterAlreadyUsed)
    } else if expires.as_str() < day {
        Err(Refusal::LetterExpired)
    } else {
        Ok(letter.try_get("kvnr")?)
    })
}

/// The calendar day to check a reported identification's letter against: the day the kiosk
/// says it happened (`occurred_at`, RFC 3339), but not after today, and not before
/// [`LATE_REPORT_DAYS`] ago, whatever a kiosk's clock says.
pub(crate) fn checked_day(occurred_at: &str, today: time::Date) -> String {
    let earliest = today - time::Duration::days(LATE_REPORT_DAYS);
    let reported = occurred_at
        .get(..10)
        .and_then(|day| {
            time::Date::parse(
                day,
                time::macros::format_description!("[year]-[month]-[day]"),
            )
            .ok()
        })
        .unwrap_or(today);
    reported.clamp(earliest, today).to_string()
}

/// The session ended at the kiosk: nothing more may rest on its identification.
pub(crate) async fn end(
    tx: &mut Tx,
    kiosk: &EnrolledKiosk,
    ended: &SessionEnded,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE identifications SET ended_at = $1
         WHERE session_id = $2 AND kiosk_id = $3 AND ended_at IS NULL",
    )
    .bind(now_millis())
    .bind(ended.session_id.to_string())
    .bind(&kiosk.kiosk_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether this kiosk may act for the member `kvnr` in session `session_id` at `needs`:
/// `None` when it may, else why not.
pub(crate) async fn authorize(
    tx: &mut Tx,
    kiosk: &EnrolledKiosk,
    session_id: &uuid::Uuid,
    kvnr: &str,
    needs: TrustLevel,
) -> Result<Option<Refusal>, DbError> {
    let refusal = match identified_member(tx, kiosk, session_id, needs).await? {
        Ok(member) if member == kvnr => None,
        Ok(_) => Some(Refusal::OtherMember),
        Err(refusal) => Some(refusal),
    };
    Ok(refusal.inspect(|refusal| {
        refusal.logged(
            kiosk,
            "a member-bound event without the identification it needs",
        );
    }))
}

/// The member identified in `session_id` at this kiosk, at `needs` or above, while the
/// session lasts; else why not. The member follows from the identification the central system
/// recorded, never from the kiosk's word.
pub(crate) async fn identified_member(
    tx: &mut Tx,
    kiosk: &EnrolledKiosk,
    session_id: &uuid::Uuid,
    needs: TrustLevel,
) -> Result<Result<String, Refusal>, DbError> {
    let Some(row) = sqlx::query(
        "SELECT kiosk_id, branch_id, kvnr, trust_level, identified_at, ended_at
         FROM identifications WHERE session_id = $1",
    )
    .bind(session_id.to_string())
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(Err(Refusal::NoIdentification));
    };
    let level = match row.try_get::<String, _>("trust_level")?.as_str() {
        "high" => TrustLevel::High,
        _ => TrustLevel::Substantial,
    };
    let refusal = if row.try_get::<String, _>("kiosk_id")? != kiosk.kiosk_id {
        Some(Refusal::OtherKiosk)
    } else if row.try_get::<String, _>("branch_id")? != kiosk.branch_id {
        Some(Refusal::OtherBranch)
    } else if row.try_get::<Option<i64>, _>("ended_at")?.is_some() {
        Some(Refusal::SessionEnded)
    } else if now_millis() - row.try_get::<i64, _>("identified_at")?
        > IDENTIFICATION_VALID_FOR_MILLIS
    {
        Some(Refusal::SessionExpired)
    } else if level < needs {
        Some(Refusal::LevelTooLow)
    } else {
        None
    };
    match refusal {
        Some(refusal) => Ok(Err(refusal)),
        None => Ok(Ok(row.try_get("kvnr")?)),
    }
}

/// A refused identification: each wrong date of birth counts against its letter, whichever
/// kiosk reports it, and the third locks the letter on every kiosk. (A kiosk's own count, its
/// `lockedNow`, is one of them: it does not lock by itself.)
pub(crate) async fn refused(tx: &mut Tx, refused: &IdentificationRefused) -> Result<(), DbError> {
    let wrong_date = matches!(
        refused.reason.as_str(),
        "birthDateMismatch" | kiosk_protocol::REFUSED_LOCKED_NOW
    );
    let Some(letter_id) = refused.letter_id.as_deref().filter(|_| wrong_date) else {
        return Ok(());
    };
    let row = sqlx::query(
        "UPDATE letters SET birth_date_mismatches = birth_date_mismatches + 1
         WHERE letter_id = $1 RETURNING birth_date_mismatches",
    )
    .bind(letter_id)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(row) = row
        && row.try_get::<i64, _>("birth_date_mismatches")? >= MISMATCHES_TO_LOCK
    {
        letters::set_locked(tx, letter_id, true).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reported_day_is_kept_within_the_last_week() {
        let today = time::macros::date!(2026 - 12 - 02);
        assert_eq!(checked_day("2026-11-30T23:59:00Z", today), "2026-11-30");
        assert_eq!(checked_day("2026-12-09T08:00:00Z", today), "2026-12-02");
        assert_eq!(checked_day("2025-01-01T08:00:00Z", today), "2026-11-25");
        assert_eq!(checked_day("not a time at all", today), "2026-12-02");
    }
}
