use std::{borrow::Cow, time::Instant};

use image::{GrayImage, RgbImage};

/// The pixels of a frame: cameras deliver colour (kept for the live preview), recordings may
/// be either.
#[derive(Debug, Clone)]
pub enum FrameImage {
    Luma(GrayImage),
    Rgb(RgbImage),
}

/// One captured picture.
#[derive(Debug, Clone)]
pub struct Frame {
    pub image: FrameImage,
    /// When the source produced it: the worker reports how old the decoded frame was.
    pub captured: Instant,
    /// Counts up per source, so a consumer can tell which frames it skipped.
    pub seq: u64,
}

impl Frame {
    pub fn new(image: FrameImage, seq: u64) -> Self {
        Frame {
            image,
            captured: Instant::now(),
            seq,
        }
    }

    pub fn width(&self) -> u32 {
        match &self.image {
            FrameImage::Luma(image) => image.width(),
            FrameImage::Rgb(image) => image.width(),
        }
    }

    pub fn height(&self) -> u32 {
        match &self.image {
            FrameImage::Luma(image) => image.height(),
            FrameImage::Rgb(image) => image.height(),
        }
    }

    /// The grayscale picture the decoder works on (borrowed when the frame already is one).
    pub fn luma(&self) -> Cow<'_, GrayImage> {
        match &self.image {
            FrameImage::Luma(image) => Cow::Borrowed(image),
            FrameImage::Rgb(image) => Cow::Owned(rgb_to_luma(image)),
        }
    }
}

/// Integer BT.601 luma: the same weights as `image`'s conversion, without its float path.
fn rgb_to_luma(rgb: &RgbImage) -> GrayImage {
    let mut out = GrayImage::new(rgb.width(), rgb.height());
    for (dst, src) in out.as_mut().iter_mut().zip(rgb.as_raw().chunks_exact(3)) {
        let sum = 77 * u32::from(src[0]) + 150 * u32::from(src[1]) + 29 * u32::from(src[2]);
        *dst = (sum >> 8) as u8;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luma_of_rgb_weights_green_most() {
        let mut rgb = RgbImage::new(3, 1);
        rgb.put_pixel(0, 0, image::Rgb([255, 0, 0]));
        rgb.put_pixel(1, 0, image::Rgb([0, 255, 0]));
        rgb.put_pixel(2, 0, image::Rgb([255, 255, 255]));
        let frame = Frame::new(FrameImage::Rgb(rgb), 0);
        let luma = frame.luma();
        assert_eq!(luma.get_pixel(0, 0).0[0], 76);
        assert_eq!(luma.get_pixel(1, 0).0[0], 149);
        assert_eq!(luma.get_pixel(2, 0).0[0], 255);
    }
}
