//! Test pictures: rendered QR codes and the distortions a camera adds. Deterministic: every
//! random choice comes from a seeded generator.
#![allow(dead_code)]

use std::path::PathBuf;

use image::{GrayImage, Luma};

/// A small xorshift generator: reproducible noise without a dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// A payload shaped like a letter token: a prefix and ~150 alphanumeric characters.
pub fn letter_token(seed: u64) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut rng = Rng::new(seed);
    let body: String = (0..150)
        .map(|_| char::from(ALPHABET[(rng.next_u64() % ALPHABET.len() as u64) as usize]))
        .collect();
    format!("KVL1:{body}")
}

/// The code for `text` at `module` pixels per module with a four-module quiet zone.
pub fn render(text: &str, module: u32) -> GrayImage {
    kiosk_testkit::qr_image(text, module)
}

/// Where the shared ZXing corpus lives, if it is there.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("KIOSK_QR_CORPUS").map_or_else(
        || {
            PathBuf::from(
                std::env::var("CARGO_MANIFEST_DIR")
                    .as_deref()
                    .unwrap_or(env!("CARGO_MANIFEST_DIR")),
            )
            .join("../../../shared/corpus/zxing-qrcode")
        },
        PathBuf::from,
    );
    dir.is_dir().then_some(dir)
}

/// Solves the 8 unknowns of the homography that maps `from[i]` onto `to[i]`.
#[allow(clippy::needless_range_loop)] // Gauss-Jordan reads best with indices.
fn homography(from: [(f32, f32); 4], to: [(f32, f32); 4]) -> [f64; 9] {
    let mut m = [[0f64; 9]; 8];
    for i in 0..4 {
        let (x, y) = (f64::from(from[i].0), f64::from(from[i].1));
        let (u, v) = (f64::from(to[i].0), f64::from(to[i].1));
        m[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u];
        m[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v];
    }
    // Gauss-Jordan with partial pivoting.
    for col in 0..8 {
        let pivot = (col..8)
            .max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))
            .expect("rows");
        m.swap(col, pivot);
        let p = m[col][col];
        for k in col..9 {
            m[col][k] /= p;
        }
        for row in 0..8 {
            if row != col {
                let f = m[row][col];
                for k in col..9 {
                    m[row][k] -= f * m[col][k];
                }
            }
        }
    }
    let h: Vec<f64> = (0..8).map(|r| m[r][8]).chain([1.0]).collect();
    h.try_into().expect("nine")
}

/// Maps the picture's corners onto `corners` of a `width`×`height` canvas of `background`
/// gray (a tilted letter, a code somewhere in a camera frame).
pub fn warp(
    src: &GrayImage,
    corners: [(f32, f32); 4],
    width: u32,
    height: u32,
    background: u8,
) -> GrayImage {
    let (w, h) = (src.width() as f32, src.height() as f32);
    // From the canvas back into the source, so every canvas pixel is sampled once.
    let h_inv = homography(corners, [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)]);
    GrayImage::from_fn(width, height, |x, y| {
        let (cx, cy) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
        let d = h_inv[6] * cx + h_inv[7] * cy + h_inv[8];
        let sx = ((h_inv[0] * cx + h_inv[1] * cy + h_inv[2]) / d) as f32 - 0.5;
        let sy = ((h_inv[3] * cx + h_inv[4] * cy + h_inv[5]) / d) as f32 - 0.5;
        Luma([kiosk_scan::variants::bilinear(src, sx, sy).unwrap_or(background)])
    })
}

pub fn rotate(src: &GrayImage, degrees: f32) -> GrayImage {
    let (w, h) = (src.width() as f32, src.height() as f32);
    let (sin, cos) = degrees.to_radians().sin_cos();
    let size = ((w * w + h * h).sqrt() * 1.05).ceil();
    let centre = (size / 2.0, size / 2.0);
    let corners = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)].map(|(x, y)| {
        let (dx, dy) = (x - w / 2.0, y - h / 2.0);
        (
            centre.0 + cos * dx - sin * dy,
            centre.1 + sin * dx + cos * dy,
        )
    });
    warp(src, corners, size as u32, size as u32, 235)
}

pub fn add_noise(src: &GrayImage, amplitude: f32, seed: u64) -> GrayImage {
    let mut rng = Rng::new(seed);
    let mut out = src.clone();
    for p in out.iter_mut() {
        // Sum of three uniforms: roughly Gaussian.
        let n = (rng.unit() + rng.unit() + rng.unit() - 1.5) * amplitude;
        *p = (f32::from(*p) + n).round().clamp(0.0, 255.0) as u8;
    }
    out
}

/// Light falling off from one corner to the other, with a soft shadow band.
pub fn uneven_light(src: &GrayImage) -> GrayImage {
    let (w, h) = (src.width() as f32, src.height() as f32);
    let mut out = src.clone();
    for (x, y, p) in out.enumerate_pixels_mut() {
        let t = (x as f32 / w + y as f32 / h) / 2.0;
        let shadow = if (x as f32 / w - 0.6).abs() < 0.12 {
            0.7
        } else {
            1.0
        };
        let gain = (1.0 - 0.65 * t) * shadow;
        p.0[0] = (f32::from(p.0[0]) * gain) as u8;
    }
    out
}

pub fn low_contrast(src: &GrayImage) -> GrayImage {
    let mut out = src.clone();
    for p in out.iter_mut() {
        *p = 110 + (u32::from(*p) * 50 / 255) as u8;
    }
    out
}

pub fn jpeg(src: &GrayImage, quality: u8) -> GrayImage {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality)
        .encode_image(src)
        .expect("JPEG encodes");
    image::load_from_memory(&bytes)
        .expect("JPEG decodes")
        .to_luma8()
}

pub fn blur(src: &GrayImage, sigma: f32) -> GrayImage {
    image::imageops::blur(src, sigma)
}

pub fn invert(src: &GrayImage) -> GrayImage {
    kiosk_scan::variants::invert(src)
}

/// The code at `module` px per module placed off-centre in a 1280×720 gray camera frame.
pub fn in_camera_frame(text: &str, module: u32, seed: u64) -> GrayImage {
    let code = render(text, module);
    let (w, h) = (code.width() as f32, code.height() as f32);
    let (x, y) = (700.0, 120.0);
    let frame = warp(
        &code,
        [
            (x, y),
            (x + w, y + 8.0),
            (x + w - 6.0, y + h),
            (x - 4.0, y + h - 5.0),
        ],
        1280,
        720,
        90,
    );
    add_noise(&frame, 12.0, seed)
}
