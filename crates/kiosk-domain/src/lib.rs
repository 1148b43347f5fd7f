//! The kiosk's domain rules, free of IO and of Tauri: who may do what, when a member session
//! starts, warns and ends, and what counts as a valid identifier. The shell and the UI only
//! translate to and from these types; they hold no business rules of their own. `berlin` is
//! the German calendar date and time every part uses.

pub mod berlin;
pub mod birth_date;
pub mod clock;
pub mod identity;
pub mod kvnr;
pub mod language;
pub mod session;
pub mod staff;

pub use birth_date::{BirthDate, BirthDateError, BirthDateOutcome, MAX_BIRTH_DATE_FAILURES};
pub use clock::{CLOCK_TOLERANCE, ClockEvidence, ClockProblem, ServerTime};
pub use identity::{IdentificationMethod, IdentityProof, MemberIdentity, Service, TrustLevel};
pub use kvnr::{Kvnr, KvnrError};
pub use language::Language;
pub use session::{
    EndReason, EndedSession, IdleWarning, PendingLetter, SessionError, SessionId, SessionMachine,
    SessionPhase, SessionPolicy, SessionSnapshot, Tick,
};
