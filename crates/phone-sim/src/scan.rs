//! The registration QR from an image, as the app's camera would see it: the kiosk's own scan
//! pipeline reads the code, and the central system's pinned key opens it.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use kiosk_letter::VerifyingKey;
use kiosk_scan::{Decoder, Frame, load_image};
use kiosk_smartident::qr::{QrError, RegistrationQr};
use time::OffsetDateTime;

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error(transparent)]
    Image(#[from] kiosk_scan::ScanError),
    #[error("{}: no QR code found in the image: take the screenshot with the code in full view", path.display())]
    NoCode { path: PathBuf },
    #[error("the QR code is no registration this app accepts: {0}")]
    Qr(#[from] QrError),
    #[error("{}: the pinned key: {problem}", path.display())]
    PinnedKey { path: PathBuf, problem: String },
}

/// The central system's SmartIdent key from its `smartident.pub` (base64), which the app pins.
pub fn pinned_key(path: &Path) -> Result<VerifyingKey, ScanError> {
    let problem = |problem: &str| ScanError::PinnedKey {
        path: path.to_owned(),
        problem: problem.to_owned(),
    };
    let text = std::fs::read_to_string(path).map_err(|e| problem(&e.to_string()))?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|_| problem("not base64"))?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| problem("not 32 bytes"))?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| problem("not an Ed25519 key"))
}

/// The registration in the image at `path`, checked against `pinned` as of `now`.
pub fn read_registration(
    path: &Path,
    pinned: &VerifyingKey,
    now: OffsetDateTime,
) -> Result<RegistrationQr, ScanError> {
    let frame = Frame::new(load_image(path)?, 0);
    let outcome = Decoder::new().decode(&frame.luma());
    let decoded = outcome.decoded.ok_or_else(|| ScanError::NoCode {
        path: path.to_owned(),
    })?;
    Ok(RegistrationQr::open(decoded.text(), &[*pinned], now)?)
}
