mod common;

use common::open;
use kiosk_store::{NewAuditRecord, NewPrint, PrintOutcome, PrintState, Store, StoreError};

fn new_print(document_id: &str) -> NewPrint {
    NewPrint {
        document_id: document_id.into(),
        document_kind: "membership-certificate".into(),
        session_id: Some("s-1".into()),
        printer_uri: "ipp://localhost:631/printers/Kiosk".into(),
    }
}

fn begin(store: &mut Store, document_id: &str) -> Result<i64, StoreError> {
    store.transaction(|tx| tx.begin_print(&new_print(document_id)))
}

fn state(store: &Store, print_id: i64) -> PrintState {
    store.print(print_id).expect("read").expect("exists").state
}

#[test]
fn a_print_goes_from_submitting_to_completed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    assert!(
        Store::latest_schema() >= 5,
        "the print journal came with migration 5"
    );
    let id = begin(&mut store, "doc-1").expect("begins");
    let row = store.print(id).expect("read").expect("row");
    assert_eq!(row.state, PrintState::Submitting);
    assert_eq!(
        (
            row.document_kind.as_str(),
            row.session_id.as_deref(),
            row.cups_job_id
        ),
        ("membership-certificate", Some("s-1"), None)
    );
    assert_eq!(row.created_at, row.updated_at);
    assert_eq!(row.created_at.len(), "2026-11-29T08:15:00.000Z".len());

    store
        .transaction(|tx| tx.print_submitted(id, 42))
        .expect("submitted");
    let row = store.print(id).expect("read").expect("row");
    assert_eq!(
        (row.state, row.cups_job_id),
        (PrintState::Submitted, Some(42))
    );

    // Submitted twice, or completed before it was submitted, is refused.
    let again = store.transaction(|tx| tx.print_submitted(id, 43));
    assert!(
        matches!(
            again,
            Err(StoreError::PrintTransition {
                from: PrintState::Submitted,
                to: PrintState::Submitted,
                ..
            })
        ),
        "{again:?}"
    );
    store
        .transaction(|tx| tx.finish_print(id, PrintOutcome::Completed, None))
        .expect("completed");
    let row = store.print(id).expect("read").expect("row");
    assert_eq!(
        (row.state, row.cups_job_id),
        (PrintState::Completed, Some(42))
    );
    assert!(row.updated_at >= row.created_at);

    // Nothing moves a completed print.
    for result in [
        store.transaction(|tx| tx.finish_print(id, PrintOutcome::Failed, Some("x"))),
        store.transaction(|tx| tx.resolve_print(id, false)),
        store.transaction(|tx| tx.print_in_doubt(id, "x")),
    ] {
        assert!(
            matches!(
                result,
                Err(StoreError::PrintTransition {
                    from: PrintState::Completed,
                    ..
                })
            ),
            "{result:?}"
        );
    }
    let early = begin(&mut store, "doc-2").expect("begins");
    let result = store.transaction(|tx| tx.finish_print(early, PrintOutcome::Completed, None));
    assert!(
        matches!(result, Err(StoreError::PrintTransition { .. })),
        "{result:?}"
    );
    assert!(matches!(
        store.transaction(|tx| tx.print_submitted(999, 1)),
        Err(StoreError::UnknownPrint(999))
    ));
    assert!(store.print(999).expect("read").is_none());
}

#[test]
fn a_document_is_printed_again_only_after_failed_or_resolved_not_printed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    let refused = |store: &mut Store, expected: PrintState| {
        let err = begin(store, "doc").expect_err("refused");
        assert!(
            matches!(err, StoreError::PrintExists { state, .. } if state == expected),
            "{err:?}"
        );
        assert!(err.to_string().contains(expected.as_str()), "{err}");
    };

    let first = begin(&mut store, "doc").expect("first");
    refused(&mut store, PrintState::Submitting);
    store
        .transaction(|tx| tx.finish_print(first, PrintOutcome::Failed, Some("not sent")))
        .expect("failed");
    assert_eq!(
        store
            .print(first)
            .expect("read")
            .expect("row")
            .problem
            .as_deref(),
        Some("not sent")
    );

    let second = begin(&mut store, "doc").expect("again after failed");
    store
        .transaction(|tx| tx.print_submitted(second, 7))
        .expect("submitted");
    refused(&mut store, PrintState::Submitted);
    store
        .transaction(|tx| tx.print_in_doubt(second, "no answer"))
        .expect("in doubt");
    refused(&mut store, PrintState::InDoubt);
    store
        .transaction(|tx| tx.resolve_print(second, false))
        .expect("staff: not printed");
    assert_eq!(state(&store, second), PrintState::ResolvedNotPrinted);

    let third = begin(&mut store, "doc").expect("again after resolved_not_printed");
    store
        .transaction(|tx| tx.print_in_doubt(third, "no answer"))
        .expect("in doubt");
    store
        .transaction(|tx| tx.resolve_print(third, true))
        .expect("staff: printed");
    refused(&mut store, PrintState::ResolvedPrinted);

    let other = begin(&mut store, "other-doc").expect("another document");
    store
        .transaction(|tx| tx.print_submitted(other, 8))
        .expect("submitted");
    store
        .transaction(|tx| tx.finish_print(other, PrintOutcome::Completed, None))
        .expect("completed");
    let err = begin(&mut store, "other-doc").expect_err("completed");
    assert!(
        matches!(err, StoreError::PrintExists { print_id, state: PrintState::Completed } if print_id == other)
    );

    let history: Vec<PrintState> = store
        .prints_of("doc")
        .expect("history")
        .iter()
        .map(|p| p.state)
        .collect();
    assert_eq!(
        history,
        [
            PrintState::Failed,
            PrintState::ResolvedNotPrinted,
            PrintState::ResolvedPrinted
        ]
    );
}

#[test]
fn after_a_restart_the_journal_says_what_was_interrupted_and_what_to_follow() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    let interrupted = begin(&mut store, "a").expect("begin");
    let submitted = begin(&mut store, "b").expect("begin");
    store
        .transaction(|tx| tx.print_submitted(submitted, 11))
        .expect("submitted");
    let done = begin(&mut store, "c").expect("begin");
    store
        .transaction(|tx| {
            tx.print_submitted(done, 12)?;
            tx.finish_print(done, PrintOutcome::Completed, None)
        })
        .expect("completed");
    let failed = begin(&mut store, "d").expect("begin");
    store
        .transaction(|tx| tx.finish_print(failed, PrintOutcome::Failed, Some("refused")))
        .expect("failed");
    // The kiosk stops here: "a" was being sent.
    drop(store);

    let mut store = open(dir.path());
    let ids =
        |rows: Vec<kiosk_store::PrintRow>| rows.iter().map(|p| p.print_id).collect::<Vec<_>>();
    assert_eq!(
        ids(store.prints_in(PrintState::Submitting).expect("read")),
        [interrupted]
    );
    let to_follow = store.prints_in(PrintState::Submitted).expect("read");
    assert_eq!(ids(to_follow.clone()), [submitted]);
    assert_eq!(to_follow[0].cups_job_id, Some(11));
    // What start-up does with an interrupted print (kiosk-core reports it in the same
    // transaction).
    store
        .transaction(|tx| tx.print_in_doubt(interrupted, "interrupted"))
        .expect("in doubt");
    assert_eq!(
        store
            .print(interrupted)
            .expect("read")
            .expect("row")
            .problem
            .as_deref(),
        Some("interrupted")
    );
    let doubts = store.prints_in_doubt().expect("doubts");
    assert_eq!(doubts.len(), 1);
    assert_eq!(doubts[0].print_id, interrupted);
    let err = begin(&mut store, "a").expect_err("in doubt");
    assert!(matches!(
        err,
        StoreError::PrintExists {
            state: PrintState::InDoubt,
            ..
        }
    ));

    // Nothing is left submitting; staff resolve the doubt.
    assert!(
        store
            .prints_in(PrintState::Submitting)
            .expect("read")
            .is_empty()
    );
    store
        .transaction(|tx| tx.resolve_print(interrupted, false))
        .expect("resolved");
    assert!(store.prints_in_doubt().expect("doubts").is_empty());
    let result = store.transaction(|tx| tx.resolve_print(interrupted, true));
    assert!(
        matches!(result, Err(StoreError::PrintTransition { .. })),
        "resolved once"
    );
    begin(&mut store, "a").expect("may print again");
}

#[test]
fn the_journal_survives_a_reopen_and_commits_with_its_audit_record_or_not_at_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    let failed: Result<i64, StoreError> = store.transaction(|tx| {
        let id = tx.begin_print(&new_print("doc"))?;
        tx.audit(&NewAuditRecord {
            kind: "print.started",
            session_id: Some("s-1".into()),
            detail: "{}".into(),
        })?;
        // The caller's next write fails: nothing of it stays.
        tx.print_submitted(id + 100, 1)?;
        Ok(id)
    });
    assert!(
        matches!(failed, Err(StoreError::UnknownPrint(_))),
        "{failed:?}"
    );
    assert!(store.prints_of("doc").expect("history").is_empty());
    assert!(store.audit_trail(5).expect("audit").is_empty());

    let id = store
        .transaction(|tx| {
            let id = tx.begin_print(&new_print("doc"))?;
            tx.print_submitted(id, 5)?;
            Ok::<_, StoreError>(id)
        })
        .expect("commits");
    drop(store);
    let store = open(dir.path());
    let row = store.print(id).expect("read").expect("kept");
    assert_eq!(
        (row.state, row.cups_job_id),
        (PrintState::Submitted, Some(5))
    );
    assert_eq!(row.printer_uri, "ipp://localhost:631/printers/Kiosk");
}

#[test]
fn the_document_key_and_a_prints_report_are_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    assert!(store.document_key().expect("read").is_none());
    store
        .transaction(|tx| tx.put_document_key("00112233aabbccdd", &[5; 32]))
        .expect("key");
    let key = store.document_key().expect("read").expect("stored");
    assert_eq!(key.key_id, "00112233aabbccdd");
    assert_eq!(*key.secret, [5; 32]);
    assert!(
        !format!("{key:?}").contains('5'),
        "the seed stays out of Debug"
    );

    let print_id = store
        .transaction(|tx| {
            let id = tx.begin_print(&new_print("doc-r"))?;
            tx.set_print_record(id, r#"{"documentId":"doc-r"}"#)?;
            Ok::<_, StoreError>(id)
        })
        .expect("print");
    assert_eq!(
        store.print_record(print_id).expect("read").as_deref(),
        Some(r#"{"documentId":"doc-r"}"#)
    );
    assert!(matches!(
        store.transaction(|tx| tx.set_print_record(print_id + 1, "{}")),
        Err(StoreError::UnknownPrint(_))
    ));
}
