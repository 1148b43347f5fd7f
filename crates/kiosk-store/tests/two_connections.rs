//! The app and the sync worker each hold a connection to the one store. A write transaction
//! that read first must not fail because the other connection committed meanwhile (SQLite
//! reports that as "database is locked" at once, without waiting, for a deferred
//! transaction): every transaction takes the write lock when it begins and so waits its turn.

mod common;

use std::thread;

use common::open;
use kiosk_store::{NewOutboxEvent, NewPrint};

#[test]
fn transactions_on_two_connections_wait_for_each_other_instead_of_failing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = open(dir.path());
    let mut worker = open(dir.path());
    const ROUNDS: usize = 300;
    const BATCH: usize = 20;
    let printing = thread::spawn(move || {
        for n in 0..ROUNDS {
            // begin_print reads (is the document printed already?) before it writes.
            let print = NewPrint {
                document_id: format!("doc-{n}"),
                document_kind: "membership-certificate".into(),
                session_id: None,
                printer_uri: "ipp://localhost:631/printers/Kiosk".into(),
            };
            app.transaction(|tx| tx.begin_print(&print))
                .unwrap_or_else(|e| panic!("round {n}: {e}"));
        }
    });
    let syncing = thread::spawn(move || {
        let event = NewOutboxEvent {
            idempotency_key: uuid::Uuid::nil(),
            kind: "session.started",
            payload: "{}".into(),
        };
        // Batches, as a pull writes a page: the write lock is held a while.
        for n in 0..ROUNDS {
            worker
                .transaction(|tx| {
                    for _ in 0..BATCH {
                        let event = NewOutboxEvent {
                            idempotency_key: uuid::Uuid::new_v4(),
                            ..event.clone()
                        };
                        tx.enqueue(&event)?;
                    }
                    Ok::<_, kiosk_store::StoreError>(())
                })
                .unwrap_or_else(|e| panic!("round {n}: {e}"));
        }
    });
    printing.join().expect("the app's transactions all commit");
    syncing
        .join()
        .expect("the worker's transactions all commit");
    assert_eq!(
        open(dir.path()).outbox_depth().expect("depth"),
        (ROUNDS * BATCH) as u64
    );
}
