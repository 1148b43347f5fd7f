//! The letter signing keys pulled from the central system (migration 4).

mod common;

use common::open;
use kiosk_store::LetterKeyAdded;

#[test]
fn keys_are_kept_once_and_never_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    assert!(store.letter_keys().expect("keys").is_empty());
    let added = store
        .transaction(|tx| -> Result<_, kiosk_store::StoreError> {
            Ok([
                tx.add_letter_key("L26B", "key-b", "by-root-b")?,
                tx.add_letter_key("L26A", "key-a", "by-root-a")?,
                tx.add_letter_key("L26A", "key-a", "by-root-a")?,
                tx.add_letter_key("L26A", "another", "by-root-x")?,
            ])
        })
        .expect("write");
    assert_eq!(
        added,
        [
            LetterKeyAdded::New,
            LetterKeyAdded::New,
            LetterKeyAdded::Known,
            LetterKeyAdded::Conflict
        ]
    );
    drop(store);

    // Still there after reopening, in key id order, the first key of an id kept.
    let store = open(dir.path());
    let keys = store.letter_keys().expect("keys");
    let pairs: Vec<(&str, &str)> = keys
        .iter()
        .map(|k| (k.key_id.as_str(), k.public_key.as_str()))
        .collect();
    assert_eq!(pairs, [("L26A", "key-a"), ("L26B", "key-b")]);
    let endorsements: Vec<Option<&str>> = keys.iter().map(|k| k.endorsement.as_deref()).collect();
    assert_eq!(endorsements, [Some("by-root-a"), Some("by-root-b")]);
    assert!(keys.iter().all(|k| k.received_at.ends_with('Z')));
}

#[test]
fn a_failed_transaction_keeps_no_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = open(dir.path());
    let result: Result<(), kiosk_store::StoreError> = store.transaction(|tx| {
        tx.add_letter_key("L26A", "key-a", "by-root-a")?;
        Err(rusqlite::Error::QueryReturnedNoRows.into())
    });
    assert!(result.is_err());
    assert!(store.letter_keys().expect("keys").is_empty());
}
