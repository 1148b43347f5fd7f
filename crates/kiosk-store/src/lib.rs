//! The kiosk's local store: one SQLCipher-encrypted SQLite file in WAL mode with
//! `synchronous=FULL`, so that a write reported as committed survives a crash or power loss.
//!
//! Every write that matters goes through [`Store::transaction`], which commits the action, its
//! audit record and its outbox row together or not at all.

mod error;
mod key;
mod migrations;
mod outbox;
mod store;

pub use error::StoreError;
pub use key::StoreKey;
pub use outbox::{AuditRecord, NewAuditRecord, NewOutboxEvent, OutboxEvent};
pub use store::{Store, StoreTx};
