//! The central system's reference implementation of the kiosk protocol: kiosk enrollment
//! (mutual TLS, a client certificate per kiosk), exactly-once event ingestion, cursor-based
//! member deltas and conflict review, and activation letters (signed QR token, PDF). All
//! state lives in its database (PostgreSQL, or SQLite as the embedded default) and, for the
//! keys, in its PKI folder, so several instances can run behind a load balancer.

pub mod config;
pub mod db;
pub mod letters;
mod new_file;
pub mod openapi;
pub mod pki;
pub mod seed;
pub mod server;
pub mod smartident;

pub use config::{CentralConfig, MIN_RETENTION_DAYS};
pub use db::Db;
pub use new_file::NewFileError;
pub use server::{RunningServer, serve};
