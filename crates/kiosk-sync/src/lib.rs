//! The kiosk's sync with the central system (see DESIGN.md, "Sync with the central system").
//!
//! - `credential`: enrollment (key pair and CSR made here; the key never leaves the kiosk) and
//!   the credential files in `<data_dir>/credential/`.
//! - `client`: HTTPS with the central system's CA as the only trust anchor and the kiosk's
//!   client certificate; HTTP answers become [`SyncError`]s.
//! - `worker`: [`SyncWorker`] pushes the outbox (at least once; the central system applies
//!   each idempotency key once), pulls changes page by page (each page and its cursor in one
//!   transaction), prunes old snapshots, and backs off with jitter (`backoff`).
//! - `convert`: outbox rows to protocol events, pulled pages to store writes.
//! - `status`: [`SyncStatus`], what the kiosk shows.
//! - `smartident`: the SmartIdent calls a kiosk makes for the member in front of it (online
//!   only: they are never queued).
//!
//! Logs carry counts, sequence numbers and event kinds, never member data or key material.

mod backoff;
mod client;
mod convert;
mod credential;
mod error;
mod smartident;
mod status;
mod worker;

pub use backoff::{BackoffPolicy, random_unit};
pub use client::{CentralClient, MAX_RETRY_AFTER};
pub use convert::{
    PageApplied, REVOKED_DEVICE, REVOKED_KIOSK, REVOKED_LETTER, Unsendable, apply_page,
    outbound_event,
};
pub use credential::{
    Credential, CredentialPaths, enroll, finish_interrupted_renewal, new_key_and_csr, renew,
};
pub use error::{CredentialError, SyncError};
pub use status::{SyncStatus, read_status};
pub use worker::{
    CycleReport, PullSummary, PushSummary, SyncConfig, SyncHandle, SyncThread, SyncWorker,
};
