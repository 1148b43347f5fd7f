//! Event ingestion: each idempotency key is applied exactly once; a redelivery gets the
//! stored outcome; a reused key with another body is refused.

use std::collections::HashMap;

use kiosk_domain::TrustLevel;
use kiosk_protocol::{EventOutcome, EventPayload, EventResult, MemberField, OutboundEvent};
use sqlx::Row;

use super::{
    Db, DbError, EnrolledKiosk, audit, documents, identifications, members, now_millis, staff,
    staff_assist,
};

/// What one push did, for metrics and logs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IngestOutcome {
    pub results: Vec<EventResult>,
    pub stored: usize,
    pub repeated: usize,
}

/// An idempotency key the central system holds.
struct Seen {
    /// Used by the sending kiosk (else by another, whose outcome it must not learn).
    own: bool,
    digest: String,
    outcome: String,
}

struct NewRow {
    key: String,
    kind: &'static str,
    digest: String,
    payload: String,
    outcome: String,
    occurred_at: String,
}

impl Db {
    /// Applies a batch in one transaction. Either the whole batch commits (and its results
    /// are returned) or nothing does and the kiosk retries.
    pub async fn ingest(
        &self,
        kiosk: &EnrolledKiosk,
        events: &[OutboundEvent],
    ) -> Result<IngestOutcome, DbError> {
        let mut tx = self.pool().begin().await?;
        let today = kiosk_domain::berlin::date(time::OffsetDateTime::now_utc());
        let mut known = known_keys(&mut tx, kiosk, events).await?;
        let mut outcome = IngestOutcome::default();
        let mut new_rows: Vec<NewRow> = Vec::new();
        for event in events {
            let key = event.idempotency_key.to_string();
            let digest = event.payload.digest();
            if let Some(seen) = known.get(&key) {
                let result = if seen.own && seen.digest == digest {
                    outcome.repeated += 1;
                    let stored: EventOutcome = serde_json::from_str(&seen.outcome)
                        .map_err(|e| DbError::Corrupt(e.to_string()))?;
                    EventResult {
                        idempotency_key: event.idempotency_key,
                        outcome: stored,
                        repeated: true,
                    }
                } else {
                    EventResult {
                        idempotency_key: event.idempotency_key,
                        outcome: EventOutcome::KeyReused,
                        repeated: false,
                    }
                };
                outcome.results.push(result);
                continue;
            }
            let occurred_on = identifications::checked_day(&event.occurred_at, today);
            let applied = apply(&mut tx, kiosk, &key, &event.payload, &occurred_on).await?;
            let outcome_json =
                serde_json::to_string(&applied).map_err(|e| DbError::Corrupt(e.to_string()))?;
            let payload = serde_json::to_string(&event.payload)
                .map_err(|e| DbError::Corrupt(e.to_string()))?;
            known.insert(
                key.clone(),
                Seen {
                    own: true,
                    digest: digest.clone(),
                    outcome: outcome_json.clone(),
                },
            );
            new_rows.push(NewRow {
                key,
                kind: event.payload.kind(),
                digest,
                payload,
                outcome: outcome_json,
                occurred_at: event.occurred_at.clone(),
            });
            outcome.results.push(EventResult {
                idempotency_key: event.idempotency_key,
                outcome: applied,
                repeated: false,
            });
        }

        store_rows(&mut tx, kiosk, &new_rows).await?;
        tx.commit().await?;
        outcome.stored = new_rows.len();
        Ok(outcome)
    }

    /// How many events the central system holds (tests, benchmarks, monitoring).
    pub async fn event_count(&self) -> Result<i64, DbError> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM events")
            .fetch_one(self.pool())
            .await?
            .try_get("n")?)
    }

    /// Forgets idempotency keys older than the retention.
    pub async fn expire_events(&self, retention_days: u32) -> Result<u64, DbError> {
        let cutoff = now_millis() - i64::from(retention_days) * 24 * 3600 * 1000;
        Ok(sqlx::query("DELETE FROM events WHERE received_at < $1")
            .bind(cutoff)
            .execute(self.pool())
            .await?
            .rows_affected())
    }
}

impl Db {
    /// How many of these idempotency keys the central system holds.
    pub async fn count_known(&self, keys: &[uuid::Uuid]) -> Result<usize, DbError> {
        let mut found = 0;
        for chunk in keys.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT COUNT(*) AS n FROM events WHERE idempotency_key IN ({})",
                placeholders.join(",")
            );
            // Only placeholders are formatted in; every value is bound.
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for key in chunk {
                query = query.bind(key.to_string());
            }
            let n: i64 = query.fetch_one(self.pool()).await?.try_get("n")?;
            found += usize::try_from(n).unwrap_or(0);
        }
        Ok(found)
    }
}

/// What one new event does. Member-bound events rest on an identification the central
/// system recorded for the same session (db/identifications.rs); letters are unlocked by IT
/// at the central system only, until staff sign-in exists.
/// The idempotency keys among `events` that the central system holds already. Keys are the
/// sender's: a key another kiosk used is "reused" for this one, and its stored outcome is
/// never shown to it.
async fn known_keys(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    kiosk: &EnrolledKiosk,
    events: &[OutboundEvent],
) -> Result<HashMap<String, Seen>, DbError> {
    let mut known = HashMap::new();
    for chunk in events.chunks(500) {
        let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT idempotency_key, kiosk_id, digest, outcome FROM events WHERE idempotency_key IN ({})",
            placeholders.join(",")
        );
        // Only placeholders are formatted in; every value is bound.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for event in chunk {
            query = query.bind(event.idempotency_key.to_string());
        }
        for row in query.fetch_all(&mut **tx).await? {
            let sender: String = row.try_get("kiosk_id")?;
            known.insert(
                row.try_get("idempotency_key")?,
                Seen {
                    own: sender == kiosk.kiosk_id,
                    digest: row.try_get("digest")?,
                    outcome: row.try_get("outcome")?,
                },
            );
        }
    }
    Ok(known)
}

/// Writes the newly applied events with their outcomes, in batches.
async fn store_rows(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    kiosk: &EnrolledKiosk,
    rows: &[NewRow],
) -> Result<(), DbError> {
    let received_at = now_millis();
    for chunk in rows.chunks(400) {
        let mut sql = String::from(
            "INSERT INTO events (idempotency_key, kiosk_id, kind, digest, payload, outcome, occurred_at, received_at) VALUES ",
        );
        for i in 0..chunk.len() {
            if i > 0 {
                sql.push(',');
            }
            let p = i * 8;
            let params: Vec<String> = (1..=8).map(|n| format!("${}", p + n)).collect();
            sql.push_str(&format!("({})", params.join(", ")));
        }
        // Only placeholders are formatted in; every value is bound.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            query = query
                .bind(row.key.as_str())
                .bind(kiosk.kiosk_id.as_str())
                .bind(row.kind)
                .bind(row.digest.as_str())
                .bind(row.payload.as_str())
                .bind(row.outcome.as_str())
                .bind(row.occurred_at.as_str())
                .bind(received_at);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

async fn apply(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    kiosk: &EnrolledKiosk,
    key: &str,
    payload: &EventPayload,
    occurred_on: &str,
) -> Result<EventOutcome, DbError> {
    Ok(match payload {
        EventPayload::MemberDataChanged(change) => {
            let needs = if change
                .changes
                .iter()
                .any(|c| c.field == MemberField::PostalAddress)
            {
                TrustLevel::High
            } else {
                TrustLevel::Substantial
            };
            match identifications::authorize(tx, kiosk, &change.session_id, &change.kvnr, needs)
                .await?
            {
                Some(refusal) => refusal.outcome(),
                None => members::apply_change(tx, &kiosk.kiosk_id, key, change).await?,
            }
        }
        EventPayload::UniversityReportRequested(event) => {
            match identifications::authorize(
                tx,
                kiosk,
                &event.session_id,
                &event.kvnr,
                TrustLevel::Substantial,
            )
            .await?
            {
                Some(refusal) => refusal.outcome(),
                None => documents::queue_university_report(tx, &kiosk.kiosk_id, event).await?,
            }
        }
        EventPayload::IdentificationSucceeded(success) => {
            identifications::record(tx, kiosk, success, occurred_on).await?
        }
        EventPayload::IdentificationRefused(refused) => {
            identifications::refused(tx, refused).await?;
            EventOutcome::Applied
        }
        EventPayload::LetterUnlocked(unlock) => {
            staff_assist::unlock_letter(tx, kiosk, unlock).await?
        }
        EventPayload::StaffLocked(locked) => {
            if locked.branch_id == kiosk.branch_id {
                staff::record_lock(tx, kiosk, locked).await?;
                EventOutcome::Applied
            } else {
                identifications::Refusal::OtherBranch.outcome()
            }
        }
        EventPayload::SessionEnded(ended) => {
            identifications::end(tx, kiosk, ended).await?;
            EventOutcome::Applied
        }
        EventPayload::DocumentKeyRegistered(event) => {
            documents::register_key(tx, &kiosk.kiosk_id, event).await?
        }
        EventPayload::DocumentPrinted(event) => {
            documents::record_print(tx, &kiosk.kiosk_id, event).await?
        }
        EventPayload::AuditRecorded(record) => {
            // Kept whatever breaks: the break is IT's to look into, and a refusal would only
            // make the kiosk hold the record forever.
            audit::append(tx, &kiosk.kiosk_id, record).await?;
            EventOutcome::Applied
        }
        // Recorded for audit.
        EventPayload::SessionStarted(_) => EventOutcome::Applied,
    })
}
