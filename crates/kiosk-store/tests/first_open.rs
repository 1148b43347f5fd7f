//! The first stores a process opens, opened at the same moment from several threads (as the app's
//! connection and the sync worker's do at start-up, and as parallel tests do). Its own test
//! binary, so that these really are the process's first SQLite calls.

use std::{
    os::unix::fs::PermissionsExt,
    sync::{Arc, Barrier},
    thread,
};

use kiosk_store::{Store, StoreKey};

#[test]
fn stores_opened_at_once_by_the_first_threads_all_open() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key_path = dir.path().join("store.key");
    std::fs::write(&key_path, "ab".repeat(32)).expect("key");
    std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let threads = 32;
    let start = Arc::new(Barrier::new(threads));
    let opened: Vec<_> = (0..threads)
        .map(|i| {
            let start = Arc::clone(&start);
            let key_path = key_path.clone();
            let db = dir.path().join(format!("store-{i}")).join("kiosk.db");
            thread::spawn(move || {
                let key = StoreKey::from_file(&key_path).expect("key");
                start.wait();
                Store::open(&db, &key).map(drop)
            })
        })
        .collect();
    for (i, handle) in opened.into_iter().enumerate() {
        let result = handle.join().expect("no panic");
        assert!(result.is_ok(), "store {i}: {result:?}");
    }
}
