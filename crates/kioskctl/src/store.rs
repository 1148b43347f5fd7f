//! Opening the kiosk's store from its configuration, for the subcommands that read or change
//! it. A missing store is an error: IT tools never create an empty one by accident.

use anyhow::bail;
use kiosk_config::KioskConfig;
use kiosk_store::{Store, StoreKey};

pub fn open_existing(config: &KioskConfig) -> anyhow::Result<Store> {
    let db = Store::file_in(&config.data_dir);
    if !db.exists() {
        bail!(
            "{}: there is no store yet (the kiosk app has not run with this data folder)",
            db.display()
        );
    }
    let key_path = config.store_key.path()?;
    Ok(Store::open(&db, &StoreKey::from_file(&key_path)?)?)
}
