//! Each kiosk's audit trail at the central system: an intact chain has no breaks; a changed,
//! removed, inserted or reordered record, or a trail that starts again, is flagged for IT, per
//! kiosk. On SQLite and PostgreSQL.

mod common;

use common::{TestKiosk, backends, rt};
use kiosk_protocol::{AuditRecorded, EventOutcome, EventPayload, GENESIS_HASH, OutboundEvent};
use uuid::Uuid;

/// A kiosk's chain of `n` records, as its store makes them.
fn chain(n: i64) -> Vec<AuditRecorded> {
    let at = |seq: i64| format!("2026-12-06T10:00:{seq:02}.000Z");
    let kind = || "session.started".to_owned();
    let mut records = vec![AuditRecorded::link(
        1,
        GENESIS_HASH.into(),
        at(1),
        kind(),
        None,
        "{}".into(),
    )];
    for seq in 2..=n {
        let next =
            records[records.len() - 1].next(at(seq), kind(), None, format!("{{\"n\":{seq}}}"));
        records.push(next);
    }
    records
}

async fn send(kiosk: &TestKiosk, records: &[AuditRecorded]) {
    let events: Vec<OutboundEvent> = records
        .iter()
        .map(|record| OutboundEvent {
            idempotency_key: Uuid::new_v4(),
            occurred_at: record.at.clone(),
            payload: EventPayload::AuditRecorded(record.clone()),
        })
        .collect();
    for result in kiosk.push(&events).await.results {
        assert_eq!(
            result.outcome,
            EventOutcome::Applied,
            "kept whatever breaks"
        );
    }
}

#[test]
fn each_kiosks_chain_is_checked_as_it_arrives() {
    rt().block_on(async {
        for backend in backends() {
            let central = common::TestCentral::start(backend).await;
            let a = central.enroll("K-A", "DEMO-01").await;
            let b = central.enroll("K-B", "DEMO-01").await;
            let records = chain(12);

            // In two pushes: the chain continues across them.
            send(&a, &records[..4]).await;
            send(&a, &records[4..6]).await;
            // Kiosk B's chain is its own: the same records are no break there.
            send(&b, &records[..6]).await;
            assert_eq!(
                central.db.audit_chain_breaks(None).await.expect("breaks"),
                vec![]
            );
            assert_eq!(
                central.db.audit_chain_head("K-A").await.expect("head"),
                (6, Some(6)),
                "{backend}"
            );

            // 7 changed after it was hashed; 8 was removed; 10 and 11 come reordered.
            let mut changed = records[6].clone();
            changed.detail = "{\"n\":70}".into(); // after hashing
            send(&a, &[changed]).await;
            send(&a, &[records[8].clone()]).await;
            send(&a, &[records[10].clone(), records[9].clone()]).await;
            // And B's trail starts again (a new store under the same kiosk id).
            let mut restarted = chain(1).remove(0);
            restarted.seq = 7;
            restarted.hash = restarted.computed_hash();
            send(&b, &[restarted]).await;

            let found: Vec<(String, i64, String)> = central
                .db
                .audit_chain_breaks(None)
                .await
                .expect("breaks")
                .into_iter()
                .map(|b| (b.kiosk_id, b.seq, b.problem))
                .collect();
            let expect =
                |kiosk: &str, seq, problem: &str| (kiosk.to_owned(), seq, problem.to_owned());
            for wanted in [
                expect("K-A", 7, "changed"),
                expect("K-A", 9, "gap"),
                expect("K-A", 11, "gap"),
                expect("K-A", 10, "outOfOrder"),
                expect("K-B", 7, "restarted"),
            ] {
                assert!(
                    found.contains(&wanted),
                    "{backend}: {wanted:?} in {found:?}"
                );
            }
            assert_eq!(found.len(), 5, "{backend}: {found:?}");
            let only_b = central
                .db
                .audit_chain_breaks(Some("K-B"))
                .await
                .expect("breaks");
            assert_eq!(only_b.len(), 1);
        }
    });
}

#[test]
fn a_replayed_record_is_out_of_order_not_a_second_copy() {
    rt().block_on(async {
        for backend in backends() {
            let central = common::TestCentral::start(backend).await;
            let a = central.enroll("K-A", "DEMO-01").await;
            let records = chain(3);
            send(&a, &records).await;
            // The same record under a new idempotency key.
            send(&a, &records[1..2]).await;
            let found = central
                .db
                .audit_chain_breaks(Some("K-A"))
                .await
                .expect("breaks");
            assert_eq!(found.len(), 1, "{backend}");
            assert_eq!((found[0].seq, found[0].problem.as_str()), (2, "outOfOrder"));
            assert_eq!(
                central.db.audit_chain_head("K-A").await.expect("head"),
                (3, Some(3))
            );
        }
    });
}
