//! SmartIdent at the kiosk (docs/smartident.md in kiosk-smartident): register the member's
//! phone from a QR and the code it shows, approve a letter login or a further device on a
//! registered phone, "Meine Geräte", and the activation letter by post. The central system
//! keeps every rule about codes, tries and lifetimes; the desk keeps what happens at the
//! kiosk: which session a step belongs to, that the session's events reach the central
//! system first, and what a login approval does to the session.

mod central;
mod desk;
#[cfg(test)]
mod tests;

pub use central::{CentralProblem, SmartIdentCentral};
pub use desk::{
    ApprovalProgress, ApprovalShown, CodeOutcome, DELIVERY_WAIT, RegistrationProgress,
    RegistrationShown, SmartIdentDesk,
};
/// One of the member's devices, as the central system lists it.
pub use kiosk_protocol::DeviceView as SmartIdentDevice;

use crate::CoreError;

/// Why a SmartIdent step cannot be taken; the UI has a text for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SmartIdentRefusal {
    /// The central system cannot be reached, or the session's events did not reach it in
    /// time: SmartIdent needs it, the date of birth and certificates do not.
    #[error("SmartIdent needs the central system, which cannot be reached now")]
    Offline,
    #[error("the member has no registered SmartIdent device")]
    NoDevice,
    #[error("the member has the most devices allowed")]
    DeviceLimit,
    #[error("approvals are locked for this member after repeated 'not me' or too many asks")]
    ApprovalsLocked,
    #[error("too many requests from this kiosk; try again later")]
    TooManyRequests,
    /// No QR or approval is open in this session (it ended, expired or was replaced).
    #[error("nothing of SmartIdent is open in this session")]
    NothingOpen,
    /// The code is not 6 digits: not sent, no try used.
    #[error("the code is the 6 digits the phone shows")]
    CodeFormat,
    #[error("the KVNR's form or check digit is wrong")]
    InvalidKvnr,
    #[error("the date of birth is not a valid date")]
    InvalidBirthDate,
    /// The central system refused for a reason the member cannot act on (logged for IT).
    #[error("the central system could not do the step")]
    Unavailable,
}

/// The QR code for `text` as an SVG document, its quiet zone included: drawn by the webview
/// at any size with sharp modules, so a phone reads it off the screen.
fn qr_svg(text: &str) -> Result<String, CoreError> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M)
        .map_err(|_| SmartIdentRefusal::Unavailable)?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .quiet_zone(true)
        .build())
}
