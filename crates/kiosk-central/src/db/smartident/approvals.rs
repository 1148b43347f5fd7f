//! Approvals: the member's phone is asked to approve a kiosk login (instead of the date of
//! birth: level high) or a further device. Each lives 90 seconds, is answered once with the
//! number the kiosk shows and the hash of what the phone displayed, and is used once.

use kiosk_domain::TrustLevel;
use kiosk_smartident::{
    challenge::ApprovalPurpose,
    codes::MatchNumber,
    rules::{
        APPROVALS_PER_HOUR, Answer, AnswerRefusal, Challenge, ChallengeState, NOT_ME_LOCK, Verdict,
    },
};
use sqlx::Row;
use time::{Duration, OffsetDateTime};

use super::{
    Db, DbError, EnrolledKiosk, SmartIdentRefusal, Tx, active_devices, audit, from_millis,
    identifications, millis,
};

/// An approval to ask for; the caller brings the randomness and the context's hash.
#[derive(Debug, Clone)]
pub struct NewChallenge {
    pub challenge_id: String,
    pub purpose: ApprovalPurpose,
    pub number: MatchNumber,
    /// SHA-256 (hex) of the approval's context (`ApprovalContext::hash`).
    pub context_hash: String,
    /// Whole seconds: the phone shows and hashes it.
    pub requested_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// An approval as the kiosk that asked sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApprovalRecord {
    pub state: ChallengeState,
    pub expires_at: OffsetDateTime,
}

/// An approval waiting for a phone, with what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingChallenge {
    pub challenge_id: String,
    pub purpose: ApprovalPurpose,
    pub kiosk_id: String,
    pub branch_id: String,
    pub requested_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

fn state_of(row: &sqlx::any::AnyRow) -> Result<ChallengeState, DbError> {
    let state: String = row.try_get("state")?;
    ChallengeState::parse(&state).ok_or_else(|| DbError::Corrupt(format!("challenge {state:?}")))
}

fn purpose_of(row: &sqlx::any::AnyRow) -> Result<ApprovalPurpose, DbError> {
    let purpose: String = row.try_get("purpose")?;
    ApprovalPurpose::parse(&purpose)
        .ok_or_else(|| DbError::Corrupt(format!("challenge purpose {purpose:?}")))
}

/// Whether approvals for the member are locked: [`NOT_ME_LOCK`] "not me" answers since their
/// devices last changed, or [`APPROVALS_PER_HOUR`] asked for within the hour.
async fn locked(tx: &mut Tx, kvnr: &str, now: OffsetDateTime) -> Result<bool, DbError> {
    let changed = sqlx::query(
        "SELECT MAX(activated_at) AS added, MAX(removed_at) AS removed
         FROM smartident_devices WHERE kvnr = $1",
    )
    .bind(kvnr)
    .fetch_one(&mut **tx)
    .await?;
    let since = [
        changed.try_get::<Option<i64>, _>("added")?,
        changed.try_get::<Option<i64>, _>("removed")?,
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(0);
    let counts = sqlx::query(
        "SELECT
             SUM(CASE WHEN state = 'notMe' AND answered_at > $2 THEN 1 ELSE 0 END) AS not_me,
             SUM(CASE WHEN requested_at > $3 THEN 1 ELSE 0 END) AS recent
         FROM smartident_challenges WHERE kvnr = $1",
    )
    .bind(kvnr)
    .bind(since)
    .bind(millis(now - Duration::hours(1)))
    .fetch_one(&mut **tx)
    .await?;
    let count = |column: &str| {
        counts
            .try_get::<Option<i64>, _>(column)
            .map(|n| n.unwrap_or(0))
    };
    Ok(count("not_me")? >= i64::from(NOT_ME_LOCK)
        || count("recent")? >= i64::from(APPROVALS_PER_HOUR))
}

/// The member an approval of `purpose` is for: the scanned letter's for a login (the session
/// is not identified yet), the session's identification's for a further device.
/// A member has one pending approval at most: a newer one, or a block, cancels it.
pub(super) async fn cancel_pending_approvals(tx: &mut Tx, kvnr: &str) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE smartident_challenges SET state = 'cancelled'
         WHERE kvnr = $1 AND state = 'pending'",
    )
    .bind(kvnr)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn member_for(
    tx: &mut Tx,
    kiosk: &EnrolledKiosk,
    session_id: &uuid::Uuid,
    purpose: ApprovalPurpose,
    letter_id: Option<&str>,
    today: &str,
) -> Result<Result<String, SmartIdentRefusal>, DbError> {
    let refused = |refusal| Ok(Err(SmartIdentRefusal::NotIdentified(refusal)));
    match (purpose, letter_id) {
        (ApprovalPurpose::KioskLogin, Some(letter_id)) => {
            let identified =
                sqlx::query("SELECT 1 AS one FROM identifications WHERE session_id = $1")
                    .bind(session_id.to_string())
                    .fetch_optional(&mut **tx)
                    .await?;
            if identified.is_some() {
                return refused(identifications::Refusal::SessionAlreadyIdentified);
            }
            Ok(identifications::letter_member(tx, letter_id, today)
                .await?
                .map_err(SmartIdentRefusal::NotIdentified))
        }
        (ApprovalPurpose::KioskLogin, None) => refused(identifications::Refusal::UnknownLetter),
        (ApprovalPurpose::AddDevice, _) => {
            Ok(
                identifications::identified_member(tx, kiosk, session_id, TrustLevel::Substantial)
                    .await?
                    .map_err(SmartIdentRefusal::NotIdentified),
            )
        }
    }
}

impl Db {
    /// Asks the member's phone to approve; the member's pending approval is replaced.
    /// `today` (YYYY-MM-DD) is the day a login's letter must still be valid on.
    pub async fn create_approval(
        &self,
        kiosk: &EnrolledKiosk,
        session_id: &uuid::Uuid,
        letter_id: Option<&str>,
        new: &NewChallenge,
        today: &str,
    ) -> Result<Result<(), SmartIdentRefusal>, DbError> {
        let now = new.requested_at;
        let mut tx = self.pool().begin().await?;
        let kvnr =
            match member_for(&mut tx, kiosk, session_id, new.purpose, letter_id, today).await? {
                Ok(kvnr) => kvnr,
                Err(refusal) => return Ok(Err(refusal)),
            };
        let refusal = if active_devices(&mut tx, &kvnr).await? == 0 {
            Some(SmartIdentRefusal::NoDevice)
        } else if locked(&mut tx, &kvnr, now).await? {
            Some(SmartIdentRefusal::ApprovalsLocked)
        } else {
            None
        };
        if let Some(refusal) = refusal {
            let outcome = match refusal {
                SmartIdentRefusal::NoDevice => "noDevice",
                _ => "locked",
            };
            audit(
                &mut tx,
                "approvalRefused",
                outcome,
                Some(&kiosk.kiosk_id),
                &new.challenge_id,
                now,
            )
            .await?;
            tx.commit().await?;
            return Ok(Err(refusal));
        }
        cancel_pending_approvals(&mut tx, &kvnr).await?;
        sqlx::query(
            "INSERT INTO smartident_challenges
                 (challenge_id, kvnr, purpose, session_id, letter_id, kiosk_id, branch_id,
                  number, context_hash, requested_at, expires_at, state)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending')",
        )
        .bind(&new.challenge_id)
        .bind(&kvnr)
        .bind(new.purpose.as_str())
        .bind(session_id.to_string())
        .bind(letter_id)
        .bind(&kiosk.kiosk_id)
        .bind(&kiosk.branch_id)
        .bind(i64::from(new.number.get()))
        .bind(&new.context_hash)
        .bind(millis(now))
        .bind(millis(new.expires_at))
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            "approvalRequested",
            new.purpose.as_str(),
            Some(&kiosk.kiosk_id),
            &new.challenge_id,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// Where an approval is, for the kiosk and session that asked. One seen expired is
    /// recorded (and audited) as expired.
    pub async fn approval_status(
        &self,
        kiosk: &EnrolledKiosk,
        session_id: &uuid::Uuid,
        challenge_id: &str,
        now: OffsetDateTime,
    ) -> Result<Result<ApprovalRecord, SmartIdentRefusal>, DbError> {
        let mut tx = self.pool().begin().await?;
        let row = sqlx::query(
            "SELECT state, expires_at FROM smartident_challenges
             WHERE challenge_id = $1 AND session_id = $2 AND kiosk_id = $3",
        )
        .bind(challenge_id)
        .bind(session_id.to_string())
        .bind(&kiosk.kiosk_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(Err(SmartIdentRefusal::UnknownApproval));
        };
        let expires_at = from_millis(row.try_get("expires_at")?);
        let state = state_of(&row)?;
        if state == ChallengeState::Pending && now >= expires_at {
            expire(&mut tx, challenge_id, Some(&kiosk.kiosk_id), now).await?;
        }
        tx.commit().await?;
        Ok(Ok(ApprovalRecord {
            state: state.at(expires_at, now),
            expires_at,
        }))
    }

    /// What waits for the phone of `device_id`: the member's pending approvals.
    pub async fn pending_approvals(
        &self,
        device_id: &str,
        now: OffsetDateTime,
    ) -> Result<Result<Vec<PendingChallenge>, SmartIdentRefusal>, DbError> {
        let mut tx = self.pool().begin().await?;
        let Some(kvnr) = device_member(&mut tx, device_id).await? else {
            return Ok(Err(SmartIdentRefusal::UnknownDevice));
        };
        let rows = sqlx::query(
            "SELECT challenge_id, purpose, kiosk_id, branch_id, requested_at, expires_at
             FROM smartident_challenges
             WHERE kvnr = $1 AND state = 'pending' AND expires_at > $2
             ORDER BY requested_at, challenge_id",
        )
        .bind(&kvnr)
        .bind(millis(now))
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let pending = rows
            .iter()
            .map(|row| {
                Ok(PendingChallenge {
                    challenge_id: row.try_get("challenge_id")?,
                    purpose: purpose_of(row)?,
                    kiosk_id: row.try_get("kiosk_id")?,
                    branch_id: row.try_get("branch_id")?,
                    requested_at: from_millis(row.try_get("requested_at")?),
                    expires_at: from_millis(row.try_get("expires_at")?),
                })
            })
            .collect::<Result<Vec<_>, DbError>>()?;
        Ok(Ok(pending))
    }

    /// The phone of `device_id` answers. Accepted once, within the lifetime, for the context
    /// the phone showed; a wrong number ends the approval.
    pub async fn answer_approval(
        &self,
        device_id: &str,
        challenge_id: &str,
        answer: &Answer,
        now: OffsetDateTime,
    ) -> Result<Result<Verdict, SmartIdentRefusal>, DbError> {
        let mut tx = self.pool().begin().await?;
        let Some(kvnr) = device_member(&mut tx, device_id).await? else {
            return Ok(Err(SmartIdentRefusal::UnknownDevice));
        };
        let row = sqlx::query(
            "SELECT state, expires_at, number, context_hash FROM smartident_challenges
             WHERE challenge_id = $1 AND kvnr = $2",
        )
        .bind(challenge_id)
        .bind(&kvnr)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(Err(SmartIdentRefusal::UnknownApproval));
        };
        let number = u8::try_from(row.try_get::<i64, _>("number")?)
            .ok()
            .and_then(|n| MatchNumber::new(n).ok())
            .ok_or_else(|| DbError::Corrupt("challenge number".into()))?;
        let mut context_hash = [0u8; 32];
        hex::decode_to_slice(row.try_get::<String, _>("context_hash")?, &mut context_hash)
            .map_err(|_| DbError::Corrupt("challenge context hash".into()))?;
        let challenge = Challenge {
            state: state_of(&row)?,
            expires_at: from_millis(row.try_get("expires_at")?),
            number,
            context_hash,
        };
        let verdict = challenge.answer(now, answer);
        let next = match verdict {
            Ok(verdict) => Some(ChallengeState::after(verdict)),
            Err(AnswerRefusal::WrongNumber) => Some(ChallengeState::WrongNumber),
            Err(AnswerRefusal::Expired) => Some(ChallengeState::Expired),
            Err(AnswerRefusal::AlreadyAnswered | AnswerRefusal::OtherContext) => None,
        };
        if let Some(next) = next {
            // The guard makes a replayed answer racing the first one lose.
            let changed = sqlx::query(
                "UPDATE smartident_challenges SET state = $1, device_id = $2, answered_at = $3
                 WHERE challenge_id = $4 AND state = 'pending'",
            )
            .bind(next.as_str())
            .bind(device_id)
            .bind(millis(now))
            .bind(challenge_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed != 1 {
                return Ok(Err(SmartIdentRefusal::Answer(
                    AnswerRefusal::AlreadyAnswered,
                )));
            }
            sqlx::query("UPDATE smartident_devices SET last_used_at = $1 WHERE device_id = $2")
                .bind(millis(now))
                .bind(device_id)
                .execute(&mut *tx)
                .await?;
        }
        let outcome = next.map_or("refused", ChallengeState::as_str);
        audit(
            &mut tx,
            "approvalAnswered",
            outcome,
            None,
            challenge_id,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(verdict.map_err(SmartIdentRefusal::Answer))
    }
}

/// The member of an active device.
async fn device_member(tx: &mut Tx, device_id: &str) -> Result<Option<String>, DbError> {
    let row = sqlx::query(
        "SELECT kvnr FROM smartident_devices WHERE device_id = $1 AND state = 'active'",
    )
    .bind(device_id)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|row| row.try_get("kvnr"))
        .transpose()
        .map_err(DbError::from)
}

async fn expire(
    tx: &mut Tx,
    challenge_id: &str,
    kiosk_id: Option<&str>,
    now: OffsetDateTime,
) -> Result<(), DbError> {
    let changed = sqlx::query(
        "UPDATE smartident_challenges SET state = 'expired'
         WHERE challenge_id = $1 AND state = 'pending'",
    )
    .bind(challenge_id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 1 {
        audit(
            tx,
            "approvalExpired",
            "expired",
            kiosk_id,
            challenge_id,
            now,
        )
        .await?;
    }
    Ok(())
}

/// The approved, unused login approval of this session, kiosk and letter, if there is one.
pub(crate) async fn login_approval(
    tx: &mut Tx,
    kiosk: &EnrolledKiosk,
    session_id: &uuid::Uuid,
    letter_id: &str,
) -> Result<Option<String>, DbError> {
    let row = sqlx::query(
        "SELECT challenge_id FROM smartident_challenges
         WHERE session_id = $1 AND kiosk_id = $2 AND letter_id = $3 AND purpose = 'kioskLogin'
           AND state = 'approved' AND used_at IS NULL",
    )
    .bind(session_id.to_string())
    .bind(&kiosk.kiosk_id)
    .bind(letter_id)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|row| row.try_get("challenge_id"))
        .transpose()
        .map_err(DbError::from)
}

/// Takes the approved, unused further-device approval `challenge_id` of this session, kiosk
/// and member: true when there was one (it is used now).
pub(crate) async fn take_device_approval(
    tx: &mut Tx,
    kiosk: &EnrolledKiosk,
    session_id: &uuid::Uuid,
    kvnr: &str,
    challenge_id: &str,
) -> Result<bool, DbError> {
    let taken = sqlx::query(
        "UPDATE smartident_challenges SET used_at = $1
         WHERE challenge_id = $2 AND session_id = $3 AND kiosk_id = $4 AND kvnr = $5
           AND purpose = 'addDevice' AND state = 'approved' AND used_at IS NULL",
    )
    .bind(super::super::now_millis())
    .bind(challenge_id)
    .bind(session_id.to_string())
    .bind(&kiosk.kiosk_id)
    .bind(kvnr)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(taken == 1)
}

/// An approval was used (a login rests on it): it cannot be used again.
pub(crate) async fn mark_used(tx: &mut Tx, challenge_id: &str) -> Result<(), DbError> {
    sqlx::query("UPDATE smartident_challenges SET used_at = $1 WHERE challenge_id = $2")
        .bind(super::super::now_millis())
        .bind(challenge_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
