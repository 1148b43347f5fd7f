//! A variant: one way of turning a frame into what rqrr gets (scale, then tone, then
//! binarisation), and running rqrr on it.

use std::fmt;

use image::GrayImage;

use super::{
    guarded::{Attempt, RqrrInput, attempt},
    ops::{self, Rect},
};

/// How the frame is resized first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scale {
    Full,
    /// Half size (2×2 average): faster on large frames, smooths noise and print rasters.
    Half,
    /// Double size (bilinear): small or distant codes. Only for pictures up to
    /// [`MAX_DOUBLED`] pixels on their long side.
    Double,
}

/// What is done to the gray levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tone {
    AsIs,
    /// 1st–99th percentile stretched to 0–255.
    Stretched,
    /// 3×3 box blur.
    Blurred,
    /// Light modules on a dark ground.
    Inverted,
    /// Turned by 45°: rqrr's finder search works along rows.
    Rotated45,
}

/// How the picture becomes black and white.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Binarize {
    /// rqrr's own row-wise moving average.
    Rqrr,
    /// One global level (Otsu).
    Otsu,
    /// ZXing's 8×8-block hybrid.
    Hybrid,
    /// Local mean over a window of 1/16 of the short side.
    MeanFine,
    /// Local mean over a window of 1/6 of the short side.
    MeanCoarse,
}

/// One variant of the pipeline. `region` variants work on the part of the frame where the
/// code was seen in an earlier frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Variant {
    pub region: bool,
    pub scale: Scale,
    pub tone: Tone,
    pub binarize: Binarize,
}

/// Pictures longer than this are not doubled: too slow, and their codes are big enough.
pub const MAX_DOUBLED: u32 = 800;
/// Pictures shorter than this are not halved: the modules would vanish.
pub const MIN_HALVED: u32 = 160;
/// rqrr needs at least a version-1 code's 21 modules, one pixel each.
const MIN_SIDE: u32 = 21;

impl Variant {
    pub const PLAIN: Variant = Variant::new(Scale::Full, Tone::AsIs, Binarize::Rqrr);

    pub const fn new(scale: Scale, tone: Tone, binarize: Binarize) -> Self {
        Variant {
            region: false,
            scale,
            tone,
            binarize,
        }
    }

    pub const fn in_region(self) -> Self {
        Variant {
            region: true,
            ..self
        }
    }

    /// Every combination of scale, tone and binarisation (for benchmarks and experiments).
    pub fn all() -> Vec<Variant> {
        let mut all = Vec::new();
        for scale in [Scale::Full, Scale::Half, Scale::Double] {
            for tone in [
                Tone::AsIs,
                Tone::Stretched,
                Tone::Blurred,
                Tone::Inverted,
                Tone::Rotated45,
            ] {
                for binarize in [
                    Binarize::Rqrr,
                    Binarize::Otsu,
                    Binarize::Hybrid,
                    Binarize::MeanFine,
                    Binarize::MeanCoarse,
                ] {
                    all.push(Variant::new(scale, tone, binarize));
                }
            }
        }
        all
    }

    /// Whether this variant makes sense for a picture of this size.
    pub fn applies_to(self, width: u32, height: u32) -> bool {
        let (long, short) = (width.max(height), width.min(height));
        match self.scale {
            Scale::Full => short >= MIN_SIDE,
            Scale::Half => short >= MIN_HALVED,
            Scale::Double => long <= MAX_DOUBLED && short * 2 >= MIN_SIDE,
        }
    }

    /// Runs rqrr on this variant of `gray`. Corners come back in `gray`'s coordinates.
    pub(crate) fn run(self, gray: &GrayImage) -> Attempt {
        let scaled = match self.scale {
            Scale::Full => None,
            Scale::Half => Some(ops::downscale(gray, 2)),
            Scale::Double => Some(ops::upscale(gray, 2)),
        };
        let scaled = scaled.as_ref().unwrap_or(gray);
        let toned = match self.tone {
            Tone::AsIs => None,
            Tone::Stretched => Some(ops::stretch_contrast(scaled)),
            Tone::Blurred => Some(ops::box_blur(scaled, 1)),
            Tone::Inverted => Some(ops::invert(scaled)),
            Tone::Rotated45 => Some(ops::rotate(scaled, 45.0)),
        };
        let toned = toned.as_ref().unwrap_or(scaled);
        let short = toned.width().min(toned.height());
        let bitmap = match self.binarize {
            Binarize::Rqrr => None,
            Binarize::Otsu => Some(ops::threshold(toned, ops::otsu_threshold(toned))),
            Binarize::Hybrid => Some(ops::hybrid(toned)),
            Binarize::MeanFine => Some(ops::adaptive_mean(toned, (short / 32).max(3), 4)),
            Binarize::MeanCoarse => Some(ops::adaptive_mean(toned, (short / 12).max(6), 4)),
        };
        let mut result = match &bitmap {
            None => attempt(RqrrInput::Gray(toned)),
            Some(bitmap) => attempt(RqrrInput::Bitmap(bitmap)),
        };
        let back = |p: (f32, f32)| self.to_source(p, scaled, toned);
        if let Some((_, corners)) = &mut result.payload {
            *corners = corners.map(back);
        }
        if let Some(corners) = &mut result.unread_corners {
            *corners = corners.map(back);
        }
        result
    }

    /// Maps a point of the variant's picture back to the frame's.
    fn to_source(self, p: (f32, f32), scaled: &GrayImage, toned: &GrayImage) -> (f32, f32) {
        let (mut x, mut y) = p;
        if self.tone == Tone::Rotated45 {
            let (sin, cos) = 45f32.to_radians().sin_cos();
            let (dx, dy) = (
                x - toned.width() as f32 / 2.0,
                y - toned.height() as f32 / 2.0,
            );
            x = cos * dx + sin * dy + scaled.width() as f32 / 2.0;
            y = -sin * dx + cos * dy + scaled.height() as f32 / 2.0;
        }
        let factor = match self.scale {
            Scale::Full => 1.0,
            Scale::Half => 2.0,
            Scale::Double => 0.5,
        };
        (x * factor, y * factor)
    }

    /// Runs the variant on `rect` of `gray` (a region variant); corners in `gray`'s coordinates.
    pub(crate) fn run_in(self, gray: &GrayImage, rect: Rect) -> Attempt {
        let part = ops::crop(gray, rect);
        let mut result = self.run(&part);
        let shift = |(x, y): (f32, f32)| (x + rect.x as f32, y + rect.y as f32);
        if let Some((_, corners)) = &mut result.payload {
            *corners = corners.map(shift);
        }
        if let Some(corners) = &mut result.unread_corners {
            *corners = corners.map(shift);
        }
        result
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scale = match self.scale {
            Scale::Full => "",
            Scale::Half => "half+",
            Scale::Double => "double+",
        };
        let tone = match self.tone {
            Tone::AsIs => "",
            Tone::Stretched => "stretch+",
            Tone::Blurred => "blur+",
            Tone::Inverted => "invert+",
            Tone::Rotated45 => "rot45+",
        };
        let binarize = match self.binarize {
            Binarize::Rqrr => "rqrr",
            Binarize::Otsu => "otsu",
            Binarize::Hybrid => "hybrid",
            Binarize::MeanFine => "mean-fine",
            Binarize::MeanCoarse => "mean-coarse",
        };
        let region = if self.region { "region+" } else { "" };
        write!(f, "{region}{scale}{tone}{binarize}")
    }
}
