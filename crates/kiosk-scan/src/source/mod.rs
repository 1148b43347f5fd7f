//! Where frames come from.

mod recorded;
#[cfg(feature = "webcam")]
mod webcam;

pub use recorded::{RecordedSource, load_image};
#[cfg(feature = "webcam")]
pub use webcam::{WebcamConfig, WebcamSource};

use crate::{Frame, ScanError};

/// A source of frames. `next_frame` blocks until the next frame is due (a camera's frame
/// interval, a recording's pace). `Ok(None)`: the source has ended for good (a recording
/// without loop). An error may be passing: a camera source reopens on a later call.
pub trait FrameSource: Send {
    fn next_frame(&mut self) -> Result<Option<Frame>, ScanError>;
}

impl<S: FrameSource + ?Sized> FrameSource for Box<S> {
    fn next_frame(&mut self) -> Result<Option<Frame>, ScanError> {
        (**self).next_frame()
    }
}
