//! The kiosk's QR scan (see DESIGN.md, "Camera and QR"). No Tauri.
//!
//! - `frame`: [`Frame`], one captured picture with its capture time.
//! - `source`: [`FrameSource`], where frames come from: [`RecordedSource`] (a folder of
//!   images, for tests, the demo and machines without a camera) and, with the `webcam`
//!   feature, `WebcamSource` (nokhwa).
//! - `decode`: [`Decoder`], rqrr behind a pipeline of image variants (binarisations, contrast
//!   stretch, inversion, scaling, the region where the code was last seen), every rqrr call
//!   guarded against panics, with [`DecoderStats`].
//! - `guidance`: [`Guidance`], a cheap hint for the member (too dark, hold closer, ...).
//! - `worker`: [`ScanLoop`], a thread that decodes the newest frame and drops older ones.
//!
//! Logs carry counts, timings and variant names, never decoded text: a letter token names a
//! member.

mod decode;
mod error;
mod frame;
mod guidance;
mod source;
mod worker;

pub use decode::{
    Binarize, DEFAULT_PIPELINE, DecodeOutcome, Decoded, Decoder, DecoderStats, Scale, Tone, Variant,
};
pub use error::ScanError;
pub use frame::{Frame, FrameImage};
pub use guidance::Guidance;
pub use source::{FrameSource, RecordedSource, load_image};
#[cfg(feature = "webcam")]
pub use source::{WebcamConfig, WebcamSource};
pub use worker::{ScanEvent, ScanLoop, ScanLoopConfig, ScanStats};

/// Image operations the pipeline uses, public for tests and tools that want to look at a
/// variant.
pub mod variants {
    pub use crate::decode::ops::*;
}
