//! What the store's tests share.

use std::path::Path;

use kiosk_store::{Store, StoreKey};

/// The store in `dir`, with a key file beside it (made on the first open).
pub fn open(dir: &Path) -> Store {
    let key_path = dir.join("k");
    if !key_path.exists() {
        StoreKey::create_file(&key_path).expect("new key");
    }
    let key = StoreKey::from_file(&key_path).expect("read key");
    Store::open(&Store::file_in(dir), &key).expect("opens")
}
