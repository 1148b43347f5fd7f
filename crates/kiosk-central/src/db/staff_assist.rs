//! Staff-assisted identifications and the letter unlocks that rest on them. The kiosk checks
//! the PIN (offline, with the synced verifier); the central system checks that the account it
//! names may assist at that kiosk's branch now (not revoked, a role that may, the branch), that
//! the member exists, and for an unlock that the letter is that member's.

use kiosk_protocol::{EventOutcome, IdentificationSucceeded, LetterUnlocked};
use sqlx::{Any, Row, Transaction};

use super::{
    DbError, EnrolledKiosk, IDENTIFICATION_VALID_FOR_MILLIS, Refusal, letters, now_millis, staff,
};

type Tx = Transaction<'static, Any>;

/// Records a staff-assisted identification at level high when its staff account may assist at
/// the kiosk's branch and the member is known.
pub(crate) async fn record(
    tx: &mut Tx,
    kiosk: &EnrolledKiosk,
    success: &IdentificationSucceeded,
) -> Result<EventOutcome, DbError> {
    let Some(assistance) = &success.staff else {
        return Ok(Refusal::StaffAuthenticationRequired.outcome());
    };
    if success.trust_level != "high" || success.letter_id.is_some() {
        return Ok(Refusal::LevelNotProven.outcome());
    }
    if let Err(refusal) =
        staff::may_assist(tx, assistance.staff_id.as_str(), &kiosk.branch_id).await?
    {
        return Ok(Refusal::Staff(refusal).logged(kiosk, "a staff-assisted identification refused"));
    }
    let known = sqlx::query("SELECT 1 AS one FROM members WHERE kvnr = $1")
        .bind(&assistance.kvnr)
        .fetch_optional(&mut **tx)
        .await?
        .is_some();
    if !known {
        return Ok(Refusal::UnknownMember.outcome());
    }
    let document =
        serde_json::to_string(&assistance.document).map_err(|e| DbError::Corrupt(e.to_string()))?;
    let inserted = sqlx::query(
        "INSERT INTO identifications (session_id, kiosk_id, branch_id, letter_id, kvnr, trust_level, identified_at, staff_id, id_document)
         VALUES ($1, $2, $3, NULL, $4, 'high', $5, $6, $7)
         ON CONFLICT DO NOTHING",
    )
    .bind(success.session_id.to_string())
    .bind(&kiosk.kiosk_id)
    .bind(&kiosk.branch_id)
    .bind(&assistance.kvnr)
    .bind(now_millis())
    .bind(assistance.staff_id.as_str())
    .bind(document)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(if inserted == 0 {
        Refusal::SessionAlreadyIdentified.outcome()
    } else {
        EventOutcome::Applied
    })
}

/// Unlocks a letter when the session it names was identified by staff at this kiosk, recently,
/// for the letter's member, and the staff account may still assist here; every kiosk hears it.
pub(crate) async fn unlock_letter(
    tx: &mut Tx,
    kiosk: &EnrolledKiosk,
    unlock: &LetterUnlocked,
) -> Result<EventOutcome, DbError> {
    let Some(session_id) = unlock.session_id else {
        return Ok(Refusal::StaffAuthenticationRequired.outcome());
    };
    if let Err(refusal) = staff::may_assist(tx, &unlock.staff_id, &kiosk.branch_id).await? {
        return Ok(Refusal::Staff(refusal).logged(kiosk, "a staff letter unlock refused"));
    }
    let Some(identification) = sqlx::query(
        "SELECT kiosk_id, kvnr, staff_id, identified_at FROM identifications WHERE session_id = $1",
    )
    .bind(session_id.to_string())
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(Refusal::NoIdentification.outcome());
    };
    if identification.try_get::<String, _>("kiosk_id")? != kiosk.kiosk_id {
        return Ok(Refusal::OtherKiosk.outcome());
    }
    if identification
        .try_get::<Option<String>, _>("staff_id")?
        .is_none()
    {
        return Ok(Refusal::NotStaffAssisted.outcome());
    }
    if now_millis() - identification.try_get::<i64, _>("identified_at")?
        > IDENTIFICATION_VALID_FOR_MILLIS
    {
        return Ok(Refusal::SessionExpired.outcome());
    }
    let Some(letter) = sqlx::query("SELECT kvnr FROM letters WHERE letter_id = $1")
        .bind(&unlock.letter_id)
        .fetch_optional(&mut **tx)
        .await?
    else {
        return Ok(Refusal::UnknownLetter.outcome());
    };
    if letter.try_get::<String, _>("kvnr")? != identification.try_get::<String, _>("kvnr")? {
        return Ok(Refusal::OtherMember.logged(kiosk, "a staff unlock of another member's letter"));
    }
    letters::unlock(tx, &unlock.letter_id).await?;
    tracing::info!(
        staff = unlock.staff_id,
        kiosk = kiosk.kiosk_id,
        "letter unlocked by staff"
    );
    Ok(EventOutcome::Applied)
}
