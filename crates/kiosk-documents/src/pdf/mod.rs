//! The PDF file: writing it (`write`), its metadata packet (`xmp`) and the QR code's form
//! (`qr`).

pub(crate) mod qr;
pub(crate) mod write;
pub(crate) mod xmp;
