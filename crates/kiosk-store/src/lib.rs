//! The kiosk's local store: one SQLCipher-encrypted SQLite file in WAL mode with
//! `synchronous=FULL`, so that a write reported as committed survives a crash or power loss.
//!
//! Every write that matters goes through [`Store::transaction`], which commits the action, its
//! audit record and its outbox row together or not at all. The sync worker keeps its own
//! connection to the same file (WAL lets a reader and a writer work side by side) and records
//! deliveries, member snapshots, revocations and its cursor (`sync.rs`). The print journal
//! (`prints.rs`) records each print's state so that one that may have happened is never
//! repeated on its own.

mod audit;
mod clock;
mod documents;
mod error;
mod key;
mod letter_keys;
mod letters;
mod migrations;
mod outbox;
mod prints;
mod staff;
mod store;
mod sync;

pub use audit::{AuditRecord, NewAuditRecord};
pub use documents::StoredDocumentKey;
pub use error::StoreError;
pub use key::StoreKey;
pub use letter_keys::{LetterKeyAdded, StoredLetterKey};
pub use letters::LetterAttempts;
pub use outbox::{NewOutboxEvent, OutboxEvent};
pub use prints::{NewPrint, PrintOutcome, PrintRow, PrintState};
pub use staff::StoredStaffAccount;
pub use store::{Store, StoreTx};
pub use sync::{
    Delivery, REVOKED_DEVICE, REVOKED_KIOSK, REVOKED_LETTER, REVOKED_LETTER_KEY, StoredSnapshot,
};
