//! The decoder pipeline: rqrr on the plain frame first, then on variants of it, stopping at
//! the first that reads. Where the code was last seen is tried first on the next frame.

mod guarded;
pub mod ops;
mod stats;
mod text;
mod variant;

use std::{
    fmt,
    time::{Duration, Instant},
};

use image::GrayImage;

pub use stats::DecoderStats;
pub use variant::{Binarize, Scale, Tone, Variant};

use crate::guidance::{self, Guidance};
use ops::Rect;

/// A read code. Its `Debug` leaves the text out: a letter token identifies a member.
#[derive(Clone, PartialEq)]
pub struct Decoded {
    text: String,
    /// The variant that read it.
    pub variant: Variant,
    /// The code's corners in the frame (top-left, top-right, bottom-right, bottom-left of the
    /// code as rqrr saw it).
    pub corners: [(f32, f32); 4],
}

impl Decoded {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn into_text(self) -> String {
        self.text
    }
}

impl fmt::Debug for Decoded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decoded")
            .field(
                "text",
                &format_args!("<{} chars>", self.text.chars().count()),
            )
            .field("variant", &self.variant)
            .field("corners", &self.corners)
            .finish()
    }
}

/// What decoding one frame gave.
#[derive(Debug, Clone)]
pub struct DecodeOutcome {
    pub decoded: Option<Decoded>,
    /// Some variant found a code's three finder patterns but could not read it.
    pub code_seen: bool,
    pub guidance: Guidance,
    /// rqrr runs spent on this frame.
    pub attempts: u32,
    /// rqrr panics caught on this frame.
    pub panics: u32,
    pub elapsed: Duration,
}

/// The pipeline, in the order measured best on the ZXing corpus (`cargo bench -p kiosk-scan
/// --bench corpus -- --variants`: a greedy cover weighing reads against time). rqrr on the
/// plain frame comes first; each later entry reads codes the earlier ones miss. Doubling and
/// 45° turns matter for small, tilted codes; the inverted entry is for light-on-dark codes,
/// which the corpus lacks.
pub const DEFAULT_PIPELINE: &[Variant] = &[
    Variant::PLAIN,
    Variant::new(Scale::Full, Tone::Blurred, Binarize::Hybrid),
    Variant::new(Scale::Half, Tone::AsIs, Binarize::MeanCoarse),
    Variant::new(Scale::Full, Tone::Rotated45, Binarize::Hybrid),
    Variant::new(Scale::Full, Tone::Blurred, Binarize::MeanCoarse),
    Variant::new(Scale::Full, Tone::Blurred, Binarize::MeanFine),
    Variant::new(Scale::Full, Tone::Rotated45, Binarize::Otsu),
    Variant::new(Scale::Double, Tone::Stretched, Binarize::MeanCoarse),
    Variant::new(Scale::Full, Tone::AsIs, Binarize::Hybrid),
    Variant::new(Scale::Full, Tone::AsIs, Binarize::MeanCoarse),
    Variant::new(Scale::Full, Tone::Inverted, Binarize::Hybrid),
    Variant::new(Scale::Double, Tone::Rotated45, Binarize::Otsu),
    Variant::new(Scale::Double, Tone::Rotated45, Binarize::Hybrid),
];

/// What is tried on the region where a code was seen: before the whole frame when it was seen
/// in an earlier frame, after it when it was seen but not read in this one. Regions are small,
/// so doubling them is cheap.
const REGION_PIPELINE: &[Variant] = &[
    Variant::PLAIN,
    Variant::new(Scale::Full, Tone::AsIs, Binarize::Hybrid),
    Variant::new(Scale::Double, Tone::AsIs, Binarize::Rqrr),
    Variant::new(Scale::Double, Tone::AsIs, Binarize::Hybrid),
    Variant::new(Scale::Double, Tone::Blurred, Binarize::MeanCoarse),
];

/// How many frames a sighting stays the region of interest after the code was last seen.
const REGION_FRAMES: u32 = 15;
/// The region is the code's box grown by this share of its size on each side: a hand moves.
const REGION_MARGIN: f32 = 0.35;

/// The region of interest around a code's corners, unless it is (nearly) the whole frame,
/// which the pipeline tries anyway.
fn region_around(corners: &[(f32, f32); 4], gray: &GrayImage) -> Option<Rect> {
    Rect::around(corners, REGION_MARGIN, gray.width(), gray.height())
        .filter(|r| r.width < gray.width() || r.height < gray.height())
}

#[derive(Debug, Clone, Copy)]
struct Sighting {
    corners: [(f32, f32); 4],
    frames_ago: u32,
}

/// Decodes frames. Keeps statistics and where the code was last seen, so use one per camera.
#[derive(Debug, Clone)]
pub struct Decoder {
    pipeline: Vec<Variant>,
    /// Whether regions (of earlier sightings, of unread codes) are tried.
    regions: bool,
    budget: Option<Duration>,
    sighting: Option<Sighting>,
    stats: DecoderStats,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder::new()
    }
}

impl Decoder {
    pub fn new() -> Self {
        Decoder::with_pipeline(DEFAULT_PIPELINE.to_vec())
    }

    /// A decoder that tries exactly these variants in this order (benchmarks, experiments).
    pub fn with_pipeline(pipeline: Vec<Variant>) -> Self {
        Decoder {
            pipeline,
            regions: true,
            budget: None,
            sighting: None,
            stats: DecoderStats::default(),
        }
    }

    /// rqrr alone: the plain frame, nothing else (still guarded against panics).
    pub fn rqrr_only() -> Self {
        Decoder {
            regions: false,
            ..Decoder::with_pipeline(vec![Variant::PLAIN])
        }
    }

    /// Stops trying further variants once a frame took this long (live scanning: the next
    /// frame is better than the tenth variant of an old one). None: try all.
    pub fn with_budget(mut self, budget: Option<Duration>) -> Self {
        self.budget = budget;
        self
    }

    pub fn stats(&self) -> &DecoderStats {
        &self.stats
    }

    /// Forgets where the code was last seen (a new member steps up).
    pub fn forget_region(&mut self) {
        self.sighting = None;
    }

    /// Decodes one frame through the pipeline.
    pub fn decode(&mut self, gray: &GrayImage) -> DecodeOutcome {
        let started = Instant::now();
        let mut outcome = DecodeOutcome {
            decoded: None,
            code_seen: false,
            guidance: Guidance::NoCode,
            attempts: 0,
            panics: 0,
            elapsed: Duration::ZERO,
        };
        let region = self
            .sighting
            .filter(|_| self.regions)
            .and_then(|s| region_around(&s.corners, gray));
        let mut unread_at = None;
        // The region of an earlier sighting first (cheap, and the hand has barely moved), then
        // the whole frame.
        if let Some(rect) = region {
            self.try_variants(
                gray,
                REGION_PIPELINE,
                Some(rect),
                started,
                &mut outcome,
                &mut unread_at,
            );
        }
        // The whole frame, variant by variant. As soon as one sees a code it cannot read, the
        // region around it is tried enlarged (a small or distant code, too few pixels per
        // module for the whole frame): cheaper than the rest of the pipeline on a big frame.
        let pipeline = std::mem::take(&mut self.pipeline);
        let mut fresh_tried = !self.regions;
        for variant in &pipeline {
            if outcome.decoded.is_some() {
                break;
            }
            self.try_variants(
                gray,
                std::slice::from_ref(variant),
                None,
                started,
                &mut outcome,
                &mut unread_at,
            );
            let fresh = unread_at.and_then(|corners| region_around(&corners, gray));
            if outcome.decoded.is_none()
                && !fresh_tried
                && let Some(rect) = fresh.filter(|&rect| Some(rect) != region)
            {
                fresh_tried = true;
                self.try_variants(
                    gray,
                    REGION_PIPELINE,
                    Some(rect),
                    started,
                    &mut outcome,
                    &mut unread_at,
                );
            }
        }
        self.pipeline = pipeline;
        outcome.elapsed = started.elapsed();
        outcome.guidance = match &outcome.decoded {
            Some(_) => Guidance::Read,
            None if outcome.code_seen => Guidance::HoldSteady,
            None => guidance::from_exposure(gray),
        };
        self.remember(&outcome, unread_at);
        self.stats.record(&outcome);
        outcome
    }

    /// Runs `variants` (on `rect` of the frame, if given) until one reads, within the budget.
    fn try_variants(
        &self,
        gray: &GrayImage,
        variants: &[Variant],
        rect: Option<Rect>,
        started: Instant,
        outcome: &mut DecodeOutcome,
        unread_at: &mut Option<[(f32, f32); 4]>,
    ) {
        for &variant in variants {
            let (w, h) = rect.map_or((gray.width(), gray.height()), |r| (r.width, r.height));
            if !variant.applies_to(w, h) {
                continue;
            }
            if outcome.attempts > 0 && self.budget.is_some_and(|budget| started.elapsed() > budget)
            {
                return;
            }
            let (variant, attempt) = match rect {
                Some(rect) => (variant.in_region(), variant.run_in(gray, rect)),
                None => (variant, variant.run(gray)),
            };
            outcome.attempts += 1;
            if attempt.panicked {
                outcome.panics += 1;
                tracing::debug!(%variant, "rqrr panicked; caught");
            }
            if attempt.grids_unread > 0 {
                outcome.code_seen = true;
                *unread_at = unread_at.or(attempt.unread_corners);
            }
            if let Some((bytes, corners)) = attempt.payload {
                outcome.decoded = Some(Decoded {
                    text: text::bytes_to_text(bytes),
                    variant,
                    corners,
                });
                return;
            }
        }
    }

    fn remember(&mut self, outcome: &DecodeOutcome, unread_at: Option<[(f32, f32); 4]>) {
        let seen = outcome.decoded.as_ref().map(|d| d.corners).or(unread_at);
        self.sighting = match (seen, self.sighting) {
            (Some(corners), _) => Some(Sighting {
                corners,
                frames_ago: 0,
            }),
            (None, Some(s)) if s.frames_ago + 1 < REGION_FRAMES => Some(Sighting {
                frames_ago: s.frames_ago + 1,
                ..s
            }),
            (None, _) => None,
        };
    }

    /// Runs one variant alone on a picture, without touching statistics or the region
    /// (tests, benchmarks). Panics inside rqrr come back as `Err(())`.
    #[allow(clippy::result_unit_err)]
    pub fn try_variant(variant: Variant, gray: &GrayImage) -> Result<Option<Decoded>, ()> {
        if !variant.applies_to(gray.width(), gray.height()) {
            return Ok(None);
        }
        let attempt = variant.run(gray);
        if attempt.panicked {
            return Err(());
        }
        Ok(attempt.payload.map(|(bytes, corners)| Decoded {
            text: text::bytes_to_text(bytes),
            variant,
            corners,
        }))
    }
}
