//! Letters members ask for at a kiosk (migration 11). A request whose KVNR and date of birth
//! match a member queues a letter to the address on record, at most one per member within
//! [`ONE_LETTER_PER_DAYS`]; any other request queues nothing. The caller answers the same
//! either way. Every request is audited with the kiosk and the outcome only.

use sqlx::Row;

use super::{Db, DbError, EnrolledKiosk, now_millis};

/// A member gets at most one requested letter within this many days.
pub const ONE_LETTER_PER_DAYS: i64 = 30;
/// Requests one kiosk may make within an hour: a branch sees a few a day, a script trying
/// KVNRs many.
pub const REQUESTS_PER_KIOSK_PER_HOUR: i64 = 30;

/// What became of a request (audited; never told to the kiosk beyond `Limited`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterRequestOutcome {
    Queued,
    /// A letter was requested for this member within [`ONE_LETTER_PER_DAYS`].
    AlreadyQueued,
    /// No member with this KVNR and date of birth.
    NoMatch,
    /// The kiosk asked too often: refused before any lookup.
    Limited,
}

impl LetterRequestOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            LetterRequestOutcome::Queued => "queued",
            LetterRequestOutcome::AlreadyQueued => "alreadyQueued",
            LetterRequestOutcome::NoMatch => "noMatch",
            LetterRequestOutcome::Limited => "limited",
        }
    }
}

impl Db {
    /// Handles a request for `kvnr` born on `birth_date` (YYYY-MM-DD); `request_id` is fresh
    /// and random.
    pub async fn request_letter(
        &self,
        kiosk: &EnrolledKiosk,
        kvnr: &str,
        birth_date: &str,
        request_id: &str,
    ) -> Result<LetterRequestOutcome, DbError> {
        let now = now_millis();
        let mut tx = self.pool().begin().await?;
        let recent = sqlx::query(
            "SELECT COUNT(*) AS n FROM letter_request_audit WHERE kiosk_id = $1 AND at > $2",
        )
        .bind(&kiosk.kiosk_id)
        .bind(now - 3_600_000)
        .fetch_one(&mut *tx)
        .await?
        .try_get::<i64, _>("n")?;
        let outcome = if recent >= REQUESTS_PER_KIOSK_PER_HOUR {
            LetterRequestOutcome::Limited
        } else {
            let member = sqlx::query("SELECT snapshot FROM members WHERE kvnr = $1")
                .bind(kvnr)
                .fetch_optional(&mut *tx)
                .await?;
            let matches = match member {
                Some(row) => {
                    let snapshot: kiosk_protocol::MemberSnapshot =
                        serde_json::from_str(&row.try_get::<String, _>("snapshot")?)
                            .map_err(|e| DbError::Corrupt(e.to_string()))?;
                    snapshot.birth_date == birth_date
                }
                None => false,
            };
            if !matches {
                LetterRequestOutcome::NoMatch
            } else {
                let queued = sqlx::query(
                    "SELECT COUNT(*) AS n FROM letter_requests WHERE kvnr = $1 AND requested_at > $2",
                )
                .bind(kvnr)
                .bind(now - ONE_LETTER_PER_DAYS * 86_400_000)
                .fetch_one(&mut *tx)
                .await?
                .try_get::<i64, _>("n")?;
                if queued > 0 {
                    LetterRequestOutcome::AlreadyQueued
                } else {
                    sqlx::query(
                        "INSERT INTO letter_requests
                             (request_id, kvnr, kiosk_id, branch_id, requested_at)
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(request_id)
                    .bind(kvnr)
                    .bind(&kiosk.kiosk_id)
                    .bind(&kiosk.branch_id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    LetterRequestOutcome::Queued
                }
            }
        };
        sqlx::query("INSERT INTO letter_request_audit (at, kiosk_id, outcome) VALUES ($1, $2, $3)")
            .bind(now)
            .bind(&kiosk.kiosk_id)
            .bind(outcome.as_str())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(outcome)
    }

    /// The letter run issued the request's letter; false if it was issued already.
    pub async fn mark_letter_request_issued(&self, request_id: &str) -> Result<bool, DbError> {
        let done = sqlx::query(
            "UPDATE letter_requests SET issued_at = $1 WHERE request_id = $2 AND issued_at IS NULL",
        )
        .bind(now_millis())
        .bind(request_id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The letters queued for members and not issued yet: (request id, KVNR), oldest first.
    /// For the insurer's letter run (and tests).
    pub async fn queued_letter_requests(&self) -> Result<Vec<(String, String)>, DbError> {
        let rows = sqlx::query(
            "SELECT request_id, kvnr FROM letter_requests WHERE issued_at IS NULL
             ORDER BY requested_at, request_id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|row| Ok((row.try_get("request_id")?, row.try_get("kvnr")?)))
            .collect()
    }
}
