//! The kiosk's application services: the session lifecycle over the encrypted store. Every
//! session start and end is an audit record with its outbox event, committed in one
//! transaction. The Tauri shell calls these and only converts types.

mod identify;
#[cfg(test)]
mod identify_tests;
mod kiosk;
#[cfg(test)]
mod tests;

pub use identify::LetterRefusal;
pub use kiosk::{CoreError, Kiosk, TickOutcome};
