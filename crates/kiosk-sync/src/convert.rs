//! Between the store's rows and the protocol's types: outbox rows become events to push, and
//! a pulled page becomes one store transaction.

use kiosk_letter::LetterRoot;
use kiosk_protocol::{ChangeItem, EventPayload, OutboundEvent, PullResponse};
use kiosk_store::{LetterKeyAdded, OutboxEvent, Store, StoreError};
use thiserror::Error;
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

/// Revocation kinds as stored (`revocations.kind`).
pub use kiosk_store::{REVOKED_DEVICE, REVOKED_KIOSK, REVOKED_LETTER, REVOKED_LETTER_KEY};

/// Why an outbox row cannot be sent; a local bug, so the row is set aside, not retried.
#[derive(Debug, Error)]
pub enum Unsendable {
    #[error("the payload is not a protocol event: {0}")]
    Payload(#[from] serde_json::Error),
    #[error("the row's kind {row:?} differs from its payload's {payload:?}")]
    KindMismatch { row: String, payload: &'static str },
    #[error("the row has no valid idempotency key")]
    NoKey,
    /// The central system would refuse it (and with it its whole batch).
    #[error("the event is invalid: {0}")]
    Invalid(kiosk_protocol::Invalid),
}

/// The event to push for an outbox row (its payload is an `EventPayload` as JSON).
pub fn outbound_event(row: &OutboxEvent) -> Result<OutboundEvent, Unsendable> {
    if row.idempotency_key.is_nil() {
        return Err(Unsendable::NoKey);
    }
    let payload: EventPayload = serde_json::from_str(&row.payload)?;
    if payload.kind() != row.kind {
        return Err(Unsendable::KindMismatch {
            row: row.kind.clone(),
            payload: payload.kind(),
        });
    }
    Ok(OutboundEvent {
        idempotency_key: row.idempotency_key,
        occurred_at: row.created_at.clone(),
        payload,
    })
}

/// The outcome stored for a row that could not be sent.
pub(crate) fn unsendable_outcome(reason: &Unsendable) -> String {
    serde_json::json!({ "status": "unsendable", "reason": reason.to_string() }).to_string()
}

/// What one applied page changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageApplied {
    pub snapshots: usize,
    pub removed: usize,
    pub revocations: usize,
    /// The page revoked this kiosk itself.
    pub own_kiosk_revoked: bool,
    /// Letter signing keys stored for the first time.
    pub letter_keys: usize,
    /// Staff accounts added, changed or withdrawn.
    pub staff_accounts: usize,
}

/// Applies a pulled page and stores its `next_cursor`, all in one transaction: after a crash
/// the kiosk has either the whole page and its cursor or neither. Letter keys are stored only
/// with `letter_root`'s endorsement.
pub fn apply_page(
    store: &mut Store,
    page: &PullResponse,
    own_kiosk_id: &str,
    letter_root: &LetterRoot,
    now: OffsetDateTime,
) -> Result<PageApplied, StoreError> {
    store.transaction(|tx| {
        let mut applied = PageApplied::default();
        for change in &page.changes {
            match &change.item {
                ChangeItem::Member(snapshot) => {
                    let json = serde_json::to_string(snapshot)?;
                    tx.put_snapshot(&snapshot.kvnr, snapshot.version, &json, now)?;
                    applied.snapshots += 1;
                }
                ChangeItem::MemberRemoved { kvnr } => {
                    tx.remove_snapshot(kvnr)?;
                    applied.removed += 1;
                }
                ChangeItem::LetterRevoked { letter_id } => {
                    tx.add_revocation(REVOKED_LETTER, letter_id)?;
                    applied.revocations += 1;
                }
                ChangeItem::LetterUsed { letter_id } => {
                    tx.mark_letter_used(letter_id)?;
                    applied.revocations += 1;
                }
                ChangeItem::LetterLocked { letter_id } => {
                    tx.lock_letter(letter_id)?;
                    applied.revocations += 1;
                }
                ChangeItem::LetterUnlocked { letter_id } => {
                    tx.unlock_letter(letter_id)?;
                    applied.revocations += 1;
                }
                ChangeItem::DeviceRevoked { device_id } => {
                    tx.add_revocation(REVOKED_DEVICE, device_id)?;
                    applied.revocations += 1;
                }
                ChangeItem::KioskRevoked { kiosk_id } => {
                    tx.add_revocation(REVOKED_KIOSK, kiosk_id)?;
                    applied.revocations += 1;
                    applied.own_kiosk_revoked |= kiosk_id == own_kiosk_id;
                }
                ChangeItem::LetterKey {
                    key_id,
                    public_key,
                    endorsement,
                } => {
                    let endorsed = Endorsed {
                        key_id,
                        public_key,
                        endorsement: endorsement.as_deref(),
                    };
                    applied.letter_keys += usize::from(add_letter_key(tx, letter_root, endorsed)?);
                }
                ChangeItem::StaffAccount(item) => match staff_account(item) {
                    Some((account, verifier)) => {
                        tx.put_staff_account(&account, &verifier)?;
                        applied.staff_accounts += 1;
                    }
                    // A bad item must not stop the pull: the account stays unknown (and a
                    // former version of it forgotten) until the central system fixes it.
                    None => {
                        tracing::warn!(staff = %item.staff_id, "a pulled staff account is invalid; not kept");
                        tx.remove_staff_account(&item.staff_id)?;
                    }
                },
                ChangeItem::StaffWithdrawn { staff_id } => {
                    tx.remove_staff_account(staff_id)?;
                    applied.staff_accounts += 1;
                }
                ChangeItem::LetterKeyRevoked { key_id } => {
                    tx.add_revocation(REVOKED_LETTER_KEY, key_id)?;
                    applied.revocations += 1;
                }
            }
        }
        match OffsetDateTime::parse(&page.server_time, &Rfc3339) {
            Ok(server) => tx.record_server_time(server, now)?,
            Err(_) => tracing::warn!("a pulled page has no usable server time; clock not checked"),
        }
        tx.set_pull_cursor(page.next_cursor)?;
        Ok(applied)
    })
}

/// A pulled staff account, if it is valid.
fn staff_account(
    item: &kiosk_protocol::StaffAccountItem,
) -> Option<(
    kiosk_domain::staff::StaffAccount,
    kiosk_domain::staff::PinVerifier,
)> {
    item.validate().ok()?;
    let verifier = kiosk_domain::staff::PinVerifier::parse(&item.pin_verifier).ok()?;
    Some((
        kiosk_domain::staff::StaffAccount {
            staff_id: item.staff_id.clone(),
            role: item.role,
            branches: item.branches.clone(),
        },
        verifier,
    ))
}

/// A pulled letter key with its endorsement.
struct Endorsed<'a> {
    key_id: &'a str,
    public_key: &'a str,
    endorsement: Option<&'a str>,
}

/// Stores a pulled letter key if it is usable and endorsed by the pinned root; returns whether
/// it is new. Any other key, or another key under a known id, is skipped with a warning:
/// refusing the page would stop the whole sync, and the kiosk still verifies with the keys it
/// has.
fn add_letter_key(
    tx: &kiosk_store::StoreTx<'_>,
    root: &LetterRoot,
    key: Endorsed<'_>,
) -> Result<bool, StoreError> {
    let Endorsed {
        key_id,
        public_key,
        endorsement,
    } = key;
    if let Err(error) =
        kiosk_letter::TrustedKeys::new().insert_endorsed(root, key_id, public_key, endorsement)
    {
        tracing::warn!(%error, "pulled letter key skipped");
        return Ok(false);
    }
    // Verified just now, so there is one.
    let endorsement = endorsement.unwrap_or_default();
    match tx.add_letter_key(key_id, public_key, endorsement)? {
        LetterKeyAdded::New => {
            tracing::info!(key_id, "letter key added");
            Ok(true)
        }
        LetterKeyAdded::Known => Ok(false),
        LetterKeyAdded::Conflict => {
            tracing::warn!(key_id, "pulled letter key skipped: another key has this id");
            Ok(false)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use kiosk_protocol::{
        Change, EventPayload, InsuranceStatus, MemberSnapshot, PushRequest, SessionStarted,
    };
    use kiosk_store::{NewOutboxEvent, StoreKey};
    use uuid::Uuid;

    use super::*;

    fn store(dir: &std::path::Path) -> Store {
        let key = dir.join("k");
        StoreKey::create_file(&key).expect("key");
        Store::open(
            &Store::file_in(dir),
            &StoreKey::from_file(&key).expect("key"),
        )
        .expect("store")
    }

    fn root() -> LetterRoot {
        LetterRoot::new(kiosk_letter::SigningKey::from_bytes(&[42; 32]).verifying_key())
            .expect("root")
    }

    fn started() -> EventPayload {
        EventPayload::SessionStarted(SessionStarted {
            session_id: Uuid::new_v4(),
            branch_id: "GS-0401".into(),
            kiosk_id: "GS-0401-K1".into(),
            method: kiosk_domain::IdentificationMethod::Letter,
        })
    }

    fn snapshot(kvnr: &str, version: i64) -> MemberSnapshot {
        MemberSnapshot {
            kvnr: kvnr.into(),
            first_name: "Erika".into(),
            last_name: "Mustermann".into(),
            birth_date: "1964-08-12".into(),
            insurer: "AOK".into(),
            member_since: "2001-01-01".into(),
            status: InsuranceStatus::Mandatory,
            family: vec![],
            version,
        }
    }

    #[test]
    fn an_outbox_row_becomes_the_event_the_central_system_validates() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = store(dir.path());
        let payload = started();
        let new = NewOutboxEvent::new(payload.kind(), &payload).expect("encodes");
        store
            .transaction(|tx| tx.enqueue(&new).map(drop))
            .expect("write");
        let row = store.pending_events(1).expect("pending").remove(0);

        let event = outbound_event(&row).expect("converts");
        assert_eq!(event.idempotency_key, new.idempotency_key);
        assert_eq!(event.occurred_at, row.created_at);
        assert_eq!(event.payload, payload);
        PushRequest {
            events: vec![event],
        }
        .validate("GS-0401-K1")
        .expect("the central system accepts it");
    }

    #[test]
    fn broken_rows_are_unsendable() {
        let row = |kind: &str, payload: &str, key: Uuid| OutboxEvent {
            seq: 1,
            idempotency_key: key,
            kind: kind.into(),
            payload: payload.into(),
            created_at: "2026-11-29T08:15:00.000Z".into(),
            attempts: 0,
        };
        let good = serde_json::to_string(&started()).expect("json");
        assert!(matches!(
            outbound_event(&row("session.started", "{}", Uuid::new_v4())),
            Err(Unsendable::Payload(_))
        ));
        assert!(matches!(
            outbound_event(&row("session.ended", &good, Uuid::new_v4())),
            Err(Unsendable::KindMismatch { .. })
        ));
        assert!(matches!(
            outbound_event(&row("session.started", &good, Uuid::nil())),
            Err(Unsendable::NoKey)
        ));
        let outcome = unsendable_outcome(&Unsendable::NoKey);
        assert!(outcome.contains(r#""status":"unsendable""#), "{outcome}");
    }

    #[test]
    fn a_page_is_applied_with_its_cursor() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = store(dir.path());
        let now = OffsetDateTime::now_utc();
        let page = |changes: Vec<ChangeItem>, next_cursor| PullResponse {
            changes: changes
                .into_iter()
                .enumerate()
                .map(|(i, item)| Change {
                    seq: i64::try_from(i).unwrap_or_default(),
                    item,
                })
                .collect(),
            server_time: "2026-12-02T12:00:00Z".into(),
            next_cursor,
            more: false,
        };
        let applied = apply_page(
            &mut store,
            &page(
                vec![
                    ChangeItem::Member(snapshot("A123456780", 3)),
                    ChangeItem::Member(snapshot("B123456780", 1)),
                    ChangeItem::LetterRevoked {
                        letter_id: "L-1".into(),
                    },
                    ChangeItem::KioskRevoked {
                        kiosk_id: "OTHER-K9".into(),
                    },
                    ChangeItem::LetterUsed {
                        letter_id: "L-2".into(),
                    },
                    ChangeItem::LetterLocked {
                        letter_id: "L-3".into(),
                    },
                    ChangeItem::LetterKeyRevoked {
                        key_id: "L26A".into(),
                    },
                ],
                12,
            ),
            "GS-0401-K1",
            &root(),
            now,
        )
        .expect("applied");
        assert_eq!(
            applied,
            PageApplied {
                snapshots: 2,
                removed: 0,
                revocations: 5,
                own_kiosk_revoked: false,
                letter_keys: 0,
                staff_accounts: 0,
            }
        );
        assert_eq!(store.pull_cursor().expect("cursor"), 12);
        assert!(
            store
                .letter_attempts("L-2")
                .expect("query")
                .used_at
                .is_some(),
            "a letter used elsewhere is used here too"
        );
        let locked = |store: &Store| {
            store
                .letter_attempts("L-3")
                .expect("query")
                .locked_at
                .is_some()
        };
        assert!(
            locked(&store),
            "a letter locked elsewhere is locked here too"
        );
        let stored = store
            .member_snapshot("A123456780", Duration::from_secs(3600))
            .expect("query")
            .expect("stored");
        let back: MemberSnapshot = serde_json::from_str(&stored.snapshot).expect("json");
        assert_eq!(back, snapshot("A123456780", 3));
        assert!(store.is_revoked(REVOKED_LETTER, "L-1").expect("query"));
        assert!(store.is_revoked(REVOKED_KIOSK, "OTHER-K9").expect("query"));
        assert!(store.is_revoked(REVOKED_LETTER_KEY, "L26A").expect("query"));

        let applied = apply_page(
            &mut store,
            &page(
                vec![
                    ChangeItem::MemberRemoved {
                        kvnr: "B123456780".into(),
                    },
                    ChangeItem::DeviceRevoked {
                        device_id: "D-1".into(),
                    },
                    ChangeItem::KioskRevoked {
                        kiosk_id: "GS-0401-K1".into(),
                    },
                    ChangeItem::LetterUnlocked {
                        letter_id: "L-3".into(),
                    },
                ],
                15,
            ),
            "GS-0401-K1",
            &root(),
            now,
        )
        .expect("applied");
        assert!(applied.own_kiosk_revoked);
        assert_eq!(store.snapshot_count().expect("count"), 1);
        assert!(store.is_revoked(REVOKED_DEVICE, "D-1").expect("query"));
        assert!(!locked(&store), "unlocked by staff elsewhere");
        assert_eq!(store.pull_cursor().expect("cursor"), 15);
    }

    #[test]
    fn letter_keys_are_stored_once_and_unusable_ones_skipped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = store(dir.path());
        use kiosk_letter::{SigningKey, endorse, public_key_base64};
        let root_key = SigningKey::from_bytes(&[42; 32]);
        let root = LetterRoot::new(root_key.verifying_key()).expect("root");
        let public = |seed: u8| SigningKey::from_bytes(&[seed; 32]).verifying_key();
        let key = |seed: u8| public_key_base64(&public(seed));
        let item =
            |key_id: &str, public_key: String, endorsement: Option<String>| ChangeItem::LetterKey {
                key_id: key_id.into(),
                public_key,
                endorsement,
            };
        let endorsed_by = |root: &SigningKey, key_id: &str, seed: u8| {
            let id = key_id.parse().expect("key id");
            item(key_id, key(seed), Some(endorse(root, id, &public(seed))))
        };
        let endorsed = |key_id: &str, seed: u8| endorsed_by(&root_key, key_id, seed);
        let page = |items: Vec<ChangeItem>, next_cursor| PullResponse {
            changes: items
                .into_iter()
                .enumerate()
                .map(|(i, item)| Change {
                    seq: next_cursor - 10 + i64::try_from(i).unwrap_or_default(),
                    item,
                })
                .collect(),
            server_time: "2026-12-02T12:00:00Z".into(),
            next_cursor,
            more: false,
        };
        let now = OffsetDateTime::now_utc();
        let applied = apply_page(
            &mut store,
            &page(
                vec![
                    endorsed("L26A", 1),
                    endorsed("L26A", 1),
                    endorsed("L26B", 2),
                    // Another key under a known id, a bad id, not a key: skipped.
                    endorsed("L26A", 3),
                    item("l26c", key(3), None),
                    item("L26D", "not a key".into(), None),
                    // Not endorsed, or by another root, or for another id: skipped.
                    item("L26E", key(4), None),
                    endorsed_by(&SigningKey::from_bytes(&[7; 32]), "L26F", 5),
                    item(
                        "L26G",
                        key(6),
                        Some(endorse(&root_key, "L26H".parse().expect("id"), &public(6))),
                    ),
                ],
                20,
            ),
            "GS-0401-K1",
            &root,
            now,
        )
        .expect("applied");
        assert_eq!(applied.letter_keys, 2);
        assert_eq!(store.pull_cursor().expect("cursor"), 20);
        let stored: Vec<(String, String)> = store
            .letter_keys()
            .expect("keys")
            .into_iter()
            .map(|k| (k.key_id, k.public_key))
            .collect();
        assert_eq!(
            stored,
            vec![("L26A".into(), key(1)), ("L26B".into(), key(2))]
        );
        let trusted =
            kiosk_letter::TrustedKeys::from_base64(stored).expect("the stored keys are usable");
        assert_eq!(trusted.len(), 2);

        // A repeated page changes nothing.
        let again = apply_page(
            &mut store,
            &page(vec![endorsed("L26B", 2)], 21),
            "K",
            &root,
            now,
        )
        .expect("applied");
        assert_eq!(again.letter_keys, 0);
        assert_eq!(store.letter_keys().expect("keys").len(), 2);
    }
}
