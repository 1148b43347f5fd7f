//! Staff unlock a letter that three wrong dates of birth locked, after checking the member's
//! identity document in person. Recorded in this kiosk's audit trail and sent to the central
//! system, which unlocks it on every kiosk (a lock reached them the same way).

use std::path::Path;

use anyhow::{Context, bail};
use kiosk_protocol::{EventPayload, LetterUnlocked};
use kiosk_store::{NewAuditRecord, NewOutboxEvent};

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

fn valid_staff_id(id: &str) -> bool {
    (2..=32).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

pub fn unlock(config: &Path, letter_id: &str, staff_id: &str) -> anyhow::Result<String> {
    let letter_id = normalise_letter_id(letter_id)?;
    if !valid_staff_id(staff_id) {
        bail!("staff id {staff_id:?}: 2 to 32 letters, digits or '-'");
    }
    let config = kiosk_config::load(config)?;
    let mut store = crate::store::open_existing(&config)?;
    if store.letter_attempts(&letter_id)?.locked_at.is_none() {
        bail!("letter {letter_id} is not locked on this kiosk");
    }
    let detail = serde_json::json!({ "letterId": letter_id, "staffId": staff_id }).to_string();
    let payload = EventPayload::LetterUnlocked(LetterUnlocked {
        branch_id: config.branch_id.clone(),
        kiosk_id: config.kiosk_id.clone(),
        letter_id: letter_id.clone(),
        staff_id: staff_id.to_owned(),
    });
    let event = NewOutboxEvent::new(payload.kind(), &payload).context("encoding the event")?;
    store
        .transaction(|tx| -> Result<(), kiosk_store::StoreError> {
            tx.unlock_letter(&letter_id)?;
            tx.audit(&NewAuditRecord {
                kind: "letter.unlocked",
                session_id: None,
                detail,
            })?;
            tx.enqueue(&event)?;
            Ok(())
        })
        .map(drop)
        .context("unlocking")?;
    Ok(format!(
        "letter {letter_id} unlocked: the member may enter the date of birth again"
    ))
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
        assert!(valid_staff_id("S-1234") && !valid_staff_id("x") && !valid_staff_id("a b"));
    }

    #[test]
    fn only_a_locked_letter_can_be_unlocked() {
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
        assert!(
            unlock(&config, id, "S-1")
                .expect("unlocks")
                .contains("unlocked")
        );
        let store = Store::open(&Store::file_in(&dir.path().join("data")), &key).expect("store");
        assert!(store.letter_attempts(id).expect("read").locked_at.is_none());
        assert_eq!(
            store.audit_trail(1).expect("audit")[0].kind,
            "letter.unlocked"
        );
        // On its way to the central system, which unlocks it on every kiosk.
        let sent = store.pending_events(10).expect("outbox");
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].kind, "letter.unlocked");
        let payload: EventPayload = serde_json::from_str(&sent[0].payload).expect("payload");
        assert!(
            matches!(&payload, EventPayload::LetterUnlocked(e) if e.letter_id == id && e.staff_id == "S-1"),
            "{payload:?}"
        );
    }
}
