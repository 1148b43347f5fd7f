//! The IPC boundary: the types the UI sees (TypeScript generated from them and committed in
//! `ui/src/bindings.ts`) and the one error shape every command rejects with.

mod bindings;
mod documents;
mod error;
mod smartident;
mod staff;
mod sync;
mod types;

pub use bindings::render_bindings;
pub use documents::{
    DataProblem, DocumentKind, DocumentPreview, DocumentRequest, DocumentsView, PrintState,
    PrintView, PrinterProblem, PrinterStatusView, TravelAdvice, TravelCountry,
};
pub use error::{ErrorCode, IpcError};
pub use smartident::{
    ApprovalProgressView, ApprovalView, CodeOutcomeView, DeviceView, RegistrationProgressView,
    RegistrationView,
};
pub use staff::{
    CameraHealthView, HelpReasonView, IdCheckInput, IdDocumentKindInput, KioskNoticeView,
    MemberFoundView, MemberLookupView, MemberQueryInput, PrintDoubtView, StaffPanelView,
    StaffRoleView, StaffView,
};
pub use sync::{ClockProblemView, SyncStatusView};
pub use types::{
    CameraPreview, EndReason, IdentificationMethod, IdleWarning, KioskInfo, Language,
    LetterRefusal, LetterRefusedView, ScanGuidance, ScanGuidanceView, SessionEnded, SessionPhase,
    SessionView, TrustLevel,
};

/// Event names; the UI listens for them.
pub const SESSION_CHANGED: &str = "session-changed";
pub const SESSION_ENDED: &str = "session-ended";
pub const SCAN_GUIDANCE: &str = "scan-guidance";
pub const LETTER_REFUSED: &str = "letter-refused";
pub const SYNC_CHANGED: &str = "sync-changed";
pub const PRINT_CHANGED: &str = "print-changed";
pub const PRINTER_CHANGED: &str = "printer-changed";
pub const KIOSK_NOTICE_CHANGED: &str = "kiosk-notice-changed";
