//! The kiosk's application services: the session lifecycle over the encrypted store. Every
//! session start and end is an audit record with its outbox event, committed in one
//! transaction. The Tauri shell calls these and only converts types.

mod kiosk;
#[cfg(test)]
mod tests;

pub use kiosk::{CoreError, Kiosk, TickOutcome};
