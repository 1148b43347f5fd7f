//! A letter that three wrong dates of birth locked is unlocked at the central system, once staff
//! have checked the member's identity document in person (`kiosk-central unlock-letter`); the
//! kiosk learns it at its next pull. `kioskctl letter unlock` says so.

use std::path::Path;

use anyhow::bail;

/// The letter number as printed ("01dc 60ab 7a64 …") or as 32 hex digits.
pub fn normalise_letter_id(input: &str) -> anyhow::Result<String> {
    let id: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        bail!("letter id {input:?}: expected the 32-digit letter number printed on the letter");
    }
    Ok(id)
}

/// Staff unlocking a letter at the kiosk: refused until the central system can check a staff
/// sign-in (a stolen kiosk must not unlock letters while it guesses dates of birth). Checks
/// what it is given and says who unlocks instead: IT at the central system, which tells every
/// kiosk.
pub fn unlock(config: &Path, letter_id: &str, staff_id: &str) -> anyhow::Result<String> {
    let letter_id = normalise_letter_id(letter_id)?;
    if !kiosk_protocol::is_valid_staff_id(staff_id) {
        bail!("staff id {staff_id:?}: 2 to 32 letters, digits or '-'");
    }
    let config = kiosk_config::load(config)?;
    let store = crate::store::open_existing(&config)?;
    if store.letter_attempts(&letter_id)?.locked_at.is_none() {
        bail!("letter {letter_id} is not locked on this kiosk");
    }
    bail!(
        "letters are unlocked at the central system, not at a kiosk (until staff sign in at \
         the kiosk): ask IT to run `kiosk-central unlock-letter --config central.toml \
         --letter-id {letter_id} --staff-id {staff_id}`; this kiosk accepts the letter after its \
         next pull"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiosk_store::{Store, StoreKey};

    #[test]
    fn letter_numbers_are_read_as_printed() {
        let id = normalise_letter_id("01dc 60ab 7a64 1ec7 9195 384d e490 b754").expect("printed");
        assert_eq!(id, "01dc60ab7a641ec79195384de490b754");
        assert_eq!(
            normalise_letter_id("01DC60AB-7A641EC7-9195384DE490B754").expect("dashes"),
            id
        );
        assert!(normalise_letter_id("01dc").is_err());
        assert!(normalise_letter_id("zzdc60ab7a641ec79195384de490b754").is_err());
    }

    #[test]
    fn a_kiosk_does_not_unlock_a_letter_but_says_who_does() {
        let dir = tempfile::tempdir().expect("tempdir");
        let example = std::fs::read_to_string(
            Path::new(
                std::env::var("CARGO_MANIFEST_DIR")
                    .as_deref()
                    .unwrap_or(env!("CARGO_MANIFEST_DIR")),
            )
            .join("../../kiosk-config/kiosk.example.toml"),
        )
        .expect("example")
        .replace("/var/lib/kiosk", "data")
        .replace("/etc/kiosk/store.key", "store.key");
        let config = dir.path().join("kiosk.toml");
        std::fs::write(&config, example).expect("config");
        StoreKey::create_file(&dir.path().join("store.key")).expect("key");
        let id = "01dc60ab7a641ec79195384de490b754";
        // No store: nothing is created behind IT's back.
        let err = unlock(&config, id, "S-1").expect_err("no store");
        assert!(err.to_string().contains("no store yet"), "{err}");

        let key = StoreKey::from_file(&dir.path().join("store.key")).expect("key");
        let mut store =
            Store::open(&Store::file_in(&dir.path().join("data")), &key).expect("store");
        let err = unlock(&config, id, "S-1").expect_err("not locked");
        assert!(err.to_string().contains("not locked"), "{err}");
        store.transaction(|tx| tx.lock_letter(id)).expect("lock");
        drop(store);
        let err = unlock(&config, id, "S-1").expect_err("refused");
        assert!(
            err.to_string().contains(&format!(
                "kiosk-central unlock-letter --config central.toml --letter-id {id} --staff-id S-1"
            )),
            "{err}"
        );
        let store = Store::open(&Store::file_in(&dir.path().join("data")), &key).expect("store");
        assert!(store.letter_attempts(id).expect("read").locked_at.is_some());
        assert!(
            store.pending_events(10).expect("outbox").is_empty(),
            "nothing sent"
        );
    }
}
