//! Frames from a camera through nokhwa (V4L2 on Linux). Built only with the `webcam` feature.
//!
//! nokhwa's `Camera` is not `Send`, so it lives on a thread of its own that opens it, reads
//! frames and hands them over a one-place channel. It is opened there and not in `new`: a
//! kiosk may start before its camera is plugged in, and a camera that disappears (USB
//! unplugged, V4L2 read errors after a while, nokhwa #47) is closed and opened again, with a
//! growing pause, until it is back.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
        mpsc::{Receiver, SyncSender, sync_channel},
    },
    thread::{self, JoinHandle},
    time::Duration,
};

use nokhwa::{
    Camera,
    pixel_format::RgbFormat,
    utils::{CameraFormat, CameraIndex, FrameFormat, RequestedFormat, RequestedFormatType},
};

use super::FrameSource;
use crate::{Frame, FrameImage, ScanError};

/// Which camera and how large its frames may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebcamConfig {
    /// The V4L2 index (`/dev/videoN`).
    pub index: u32,
    /// The largest frame wanted: bigger frames cost decode time without helping a letter held
    /// at arm's length.
    pub max_width: u32,
    pub max_height: u32,
    /// The frame rate wanted; a lower one is taken if the camera offers no more at the chosen
    /// size.
    pub fps: u32,
}

impl Default for WebcamConfig {
    fn default() -> Self {
        WebcamConfig {
            index: 0,
            max_width: 1280,
            max_height: 720,
            fps: 30,
        }
    }
}

/// The first pause before reopening a lost camera; it doubles up to [`MAX_RETRY`].
const FIRST_RETRY: Duration = Duration::from_millis(500);
const MAX_RETRY: Duration = Duration::from_secs(5);

/// A camera as a [`FrameSource`]. Dropping it closes the camera.
#[derive(Debug)]
pub struct WebcamSource {
    frames: Option<Receiver<Result<Frame, ScanError>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl WebcamSource {
    /// Starts the camera thread; the camera is opened there.
    pub fn new(config: WebcamConfig) -> Result<Self, ScanError> {
        // One place: the consumer always gets a recent frame, never a backlog (nokhwa #30).
        let (sender, frames) = sync_channel(1);
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let stop = stop.clone();
            thread::Builder::new()
                .name("camera".into())
                .spawn(move || camera_thread(&config, &sender, &stop))
                .map_err(|source| ScanError::Io {
                    path: "camera thread".into(),
                    source,
                })?
        };
        Ok(WebcamSource {
            frames: Some(frames),
            stop,
            thread: Some(thread),
        })
    }
}

impl FrameSource for WebcamSource {
    fn next_frame(&mut self) -> Result<Option<Frame>, ScanError> {
        match self.frames.as_ref().map(Receiver::recv) {
            Some(Ok(Ok(frame))) => Ok(Some(frame)),
            Some(Ok(Err(error))) => Err(error),
            // The camera thread has ended.
            Some(Err(_)) | None => Ok(None),
        }
    }
}

impl Drop for WebcamSource {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        // Dropping the receiver fails the thread's pending send, so it notices at once.
        self.frames = None;
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("the camera thread panicked");
        }
    }
}

fn camera_thread(
    config: &WebcamConfig,
    frames: &SyncSender<Result<Frame, ScanError>>,
    stop: &AtomicBool,
) {
    let mut camera: Option<Camera> = None;
    let mut pause = FIRST_RETRY;
    let mut seq = 0u64;
    while !stop.load(Ordering::Acquire) {
        let result = match camera.as_mut() {
            None => match open(config) {
                Ok(opened) => {
                    camera = Some(opened);
                    continue;
                }
                Err(error) => Err(error),
            },
            Some(camera) => camera
                .frame()
                .and_then(|buffer| buffer.decode_image::<RgbFormat>())
                .map_err(camera_error)
                .map(|rgb| Frame::new(FrameImage::Rgb(rgb), seq)),
        };
        let failed = result.is_err();
        if failed {
            if let Some(mut lost) = camera.take() {
                // Best effort: the device may already be gone.
                let _ = lost.stop_stream();
            }
        } else {
            seq += 1;
            pause = FIRST_RETRY;
        }
        if frames.send(result).is_err() {
            break;
        }
        if failed {
            thread::sleep(pause);
            pause = (pause * 2).min(MAX_RETRY);
        }
    }
    if let Some(mut camera) = camera {
        let _ = camera.stop_stream();
    }
}

fn open(config: &WebcamConfig) -> Result<Camera, ScanError> {
    let index = CameraIndex::Index(config.index);
    let any = RequestedFormat::new::<RgbFormat>(RequestedFormatType::None);
    let mut camera = Camera::new(index, any).map_err(camera_error)?;
    let formats = camera.compatible_camera_formats().map_err(camera_error)?;
    let format = choose_format(&formats, config).ok_or_else(|| {
        ScanError::Camera(format!(
            "camera {} offers no MJPEG or YUYV format up to {}x{}",
            config.index, config.max_width, config.max_height
        ))
    })?;
    camera
        .set_camera_requset(RequestedFormat::new::<RgbFormat>(
            RequestedFormatType::Exact(format),
        ))
        .map_err(camera_error)?;
    camera.open_stream().map_err(camera_error)?;
    tracing::info!(
        index = config.index,
        width = format.width(),
        height = format.height(),
        fps = format.frame_rate(),
        format = %format.format(),
        "camera opened"
    );
    Ok(camera)
}

fn camera_error(error: nokhwa::NokhwaError) -> ScanError {
    ScanError::Camera(error.to_string())
}

/// The largest MJPEG or YUYV format within the limits; at equal size the frame rate nearest
/// the wanted one from below, then MJPEG (YUYV at 720p often runs at 10 fps only over USB 2).
fn choose_format(formats: &[CameraFormat], config: &WebcamConfig) -> Option<CameraFormat> {
    formats
        .iter()
        .filter(|f| matches!(f.format(), FrameFormat::MJPEG | FrameFormat::YUYV))
        .filter(|f| f.width() <= config.max_width && f.height() <= config.max_height)
        .max_by_key(|f| {
            let fps_fit = if f.frame_rate() <= config.fps {
                f.frame_rate()
            } else {
                // Faster than wanted is fine but no better.
                config.fps
            };
            (
                // Below ~10 fps a moving hand blurs every frame: size matters only above it.
                fps_fit >= 10,
                f.width() * f.height(),
                fps_fit,
                f.format() == FrameFormat::MJPEG,
            )
        })
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_largest_fast_enough_format_within_the_limits() {
        let formats = [
            CameraFormat::new_from(1920, 1080, FrameFormat::MJPEG, 30),
            CameraFormat::new_from(1280, 720, FrameFormat::YUYV, 10),
            CameraFormat::new_from(1280, 720, FrameFormat::MJPEG, 30),
            CameraFormat::new_from(640, 480, FrameFormat::YUYV, 30),
            CameraFormat::new_from(1280, 720, FrameFormat::NV12, 30),
        ];
        let chosen = choose_format(&formats, &WebcamConfig::default()).expect("a format");
        assert_eq!(
            (chosen.width(), chosen.format(), chosen.frame_rate()),
            (1280, FrameFormat::MJPEG, 30)
        );
        // A camera with only slow YUYV at 720p: 640x480 at 30 fps beats 720p at 5.
        let formats = [
            CameraFormat::new_from(1280, 720, FrameFormat::YUYV, 5),
            CameraFormat::new_from(640, 480, FrameFormat::YUYV, 30),
        ];
        let chosen = choose_format(&formats, &WebcamConfig::default()).expect("a format");
        assert_eq!(chosen.width(), 640);
        assert!(choose_format(&[], &WebcamConfig::default()).is_none());
    }
}
