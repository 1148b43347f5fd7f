use std::{
    path::{Path, PathBuf},
    thread,
    time::{Duration, Instant},
};

use image::{DynamicImage, Rgb, RgbImage};

use super::FrameSource;
use crate::{Frame, FrameImage, ScanError};

/// Frames from image files: a folder's `.png`, `.jpg` and `.jpeg` files in name order, or a
/// given list (one file looping is a still camera). For tests, the demo and kiosks without a
/// camera.
#[derive(Debug, Clone)]
pub struct RecordedSource {
    files: Vec<PathBuf>,
    next: usize,
    looping: bool,
    interval: Option<Duration>,
    next_due: Option<Instant>,
    seq: u64,
}

impl RecordedSource {
    /// The images in `dir`, sorted by file name. Not looping, as fast as they load.
    pub fn open(dir: impl AsRef<Path>) -> Result<Self, ScanError> {
        let dir = dir.as_ref();
        let io = |source| ScanError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            let is_image = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "png" | "jpg" | "jpeg"));
            if is_image && path.is_file() {
                files.push(path);
            }
        }
        files.sort();
        if files.is_empty() {
            return Err(ScanError::EmptyRecording {
                path: dir.to_path_buf(),
            });
        }
        Ok(Self::from_files(files))
    }

    /// These files in this order (an empty list ends at once).
    pub fn from_files(files: Vec<PathBuf>) -> Self {
        RecordedSource {
            files,
            next: 0,
            looping: false,
            interval: None,
            next_due: None,
            seq: 0,
        }
    }

    /// Start again after the last file instead of ending.
    pub fn looping(mut self, looping: bool) -> Self {
        self.looping = looping;
        self
    }

    /// Deliver at most `fps` frames a second, like a camera; 0 (or not finite): as fast as
    /// they load.
    pub fn fps(mut self, fps: f32) -> Self {
        self.interval = (fps.is_finite() && fps > 0.0).then(|| Duration::from_secs_f32(1.0 / fps));
        self
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    fn pace(&mut self) {
        let Some(interval) = self.interval else {
            return;
        };
        let now = Instant::now();
        if let Some(due) = self.next_due
            && due > now
        {
            thread::sleep(due - now);
        }
        // Schedule from the later of the plan and now, so a slow consumer gets no burst.
        let base = self.next_due.map_or(now, |due| due.max(now));
        self.next_due = Some(base + interval);
    }
}

impl FrameSource for RecordedSource {
    fn next_frame(&mut self) -> Result<Option<Frame>, ScanError> {
        if self.next >= self.files.len() {
            if !self.looping || self.files.is_empty() {
                return Ok(None);
            }
            self.next = 0;
        }
        self.pace();
        let path = &self.files[self.next];
        self.next += 1;
        let image = load_image(path)?;
        let frame = Frame::new(image, self.seq);
        self.seq += 1;
        Ok(Some(frame))
    }
}

/// Reads an image file: 8-bit grayscale stays grayscale, anything else becomes RGB.
/// Transparency is laid over white, as a viewer shows it (a transparent ground would
/// otherwise turn black and swallow the code).
pub fn load_image(path: &Path) -> Result<FrameImage, ScanError> {
    let image = image::open(path).map_err(|source| ScanError::Image {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(match image {
        DynamicImage::ImageLuma8(gray) => FrameImage::Luma(gray),
        other if other.color().has_alpha() => {
            let rgba = other.to_rgba8();
            let rgb = RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
                let [r, g, b, a] = rgba.get_pixel(x, y).0;
                let over_white = |c: u8| {
                    ((u32::from(c) * u32::from(a) + 255 * (255 - u32::from(a))) / 255) as u8
                };
                Rgb([over_white(r), over_white(g), over_white(b)])
            });
            FrameImage::Rgb(rgb)
        }
        other => FrameImage::Rgb(other.to_rgb8()),
    })
}
