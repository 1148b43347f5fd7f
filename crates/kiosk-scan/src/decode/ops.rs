//! Image operations behind the decoder's variants. All work on 8-bit grayscale and never
//! panic on odd sizes (empty, one pixel, huge): the frames come from outside.

use image::{GrayImage, imageops};

/// A black-and-white picture ready for rqrr: `true` (stored as 1) means dark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitmap {
    pub width: u32,
    pub height: u32,
    pub dark: Vec<u8>,
}

impl Bitmap {
    pub fn is_dark(&self, x: u32, y: u32) -> bool {
        self.dark[(y * self.width + x) as usize] != 0
    }

    /// The share of dark pixels, 0..=1 (tests and guidance).
    pub fn dark_ratio(&self) -> f32 {
        if self.dark.is_empty() {
            return 0.0;
        }
        self.dark.iter().filter(|&&d| d != 0).count() as f32 / self.dark.len() as f32
    }
}

pub fn histogram(gray: &GrayImage) -> [u32; 256] {
    let mut hist = [0u32; 256];
    for &p in gray.as_raw() {
        hist[p as usize] += 1;
    }
    hist
}

/// Otsu's threshold: the gray level that best splits the histogram into two classes.
/// Pixels at or below it are dark.
pub fn otsu_threshold(gray: &GrayImage) -> u8 {
    let hist = histogram(gray);
    let total: f64 = hist.iter().map(|&c| f64::from(c)).sum();
    if total == 0.0 {
        return 127;
    }
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &c)| i as f64 * f64::from(c))
        .sum();
    let (mut weight_back, mut sum_back) = (0.0, 0.0);
    let (mut best, mut best_var) = (127u8, -1.0);
    for (level, &count) in hist.iter().enumerate() {
        weight_back += f64::from(count);
        if weight_back == 0.0 {
            continue;
        }
        let weight_fore = total - weight_back;
        if weight_fore == 0.0 {
            break;
        }
        sum_back += level as f64 * f64::from(count);
        let mean_back = sum_back / weight_back;
        let mean_fore = (sum_all - sum_back) / weight_fore;
        let between = weight_back * weight_fore * (mean_back - mean_fore).powi(2);
        if between > best_var {
            best_var = between;
            best = level as u8;
        }
    }
    best
}

/// Global threshold: dark where the pixel is at or below `level`.
pub fn threshold(gray: &GrayImage, level: u8) -> Bitmap {
    Bitmap {
        width: gray.width(),
        height: gray.height(),
        dark: gray
            .as_raw()
            .iter()
            .map(|&p| u8::from(p <= level))
            .collect(),
    }
}

/// Local mean threshold over a (2·radius+1)² window: dark where the pixel is more than
/// `offset` below its neighbourhood's mean. Copes with uneven light where one global level
/// cannot; the offset keeps flat paper from turning into noise.
pub fn adaptive_mean(gray: &GrayImage, radius: u32, offset: u8) -> Bitmap {
    let (w, h) = (gray.width() as usize, gray.height() as usize);
    let mut dark = vec![0u8; w * h];
    if w == 0 || h == 0 {
        return Bitmap {
            width: gray.width(),
            height: gray.height(),
            dark,
        };
    }
    // Integral image with a zero row and column in front; u64 so any frame size fits.
    let stride = w + 1;
    let mut integral = vec![0u64; stride * (h + 1)];
    let raw = gray.as_raw();
    for y in 0..h {
        let mut row_sum = 0u64;
        for x in 0..w {
            row_sum += u64::from(raw[y * w + x]);
            integral[(y + 1) * stride + x + 1] = integral[y * stride + x + 1] + row_sum;
        }
    }
    let r = radius.max(1) as usize;
    let offset = u64::from(offset);
    for y in 0..h {
        let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
            let area = ((y1 - y0) * (x1 - x0)) as u64;
            let sum = integral[y1 * stride + x1] + integral[y0 * stride + x0]
                - integral[y0 * stride + x1]
                - integral[y1 * stride + x0];
            let pixel = u64::from(raw[y * w + x]);
            dark[y * w + x] = u8::from((pixel + offset) * area < sum);
        }
    }
    Bitmap {
        width: gray.width(),
        height: gray.height(),
        dark,
    }
}

/// ZXing's hybrid binariser: a black point per 8×8 block (low-contrast blocks lean on their
/// neighbours, so flat paper stays white), each pixel compared with the mean of the 5×5
/// blocks around its own. Robust against shadows and gradients, and cheap. Images smaller
/// than 5×5 blocks fall back to Otsu.
pub fn hybrid(gray: &GrayImage) -> Bitmap {
    const BLOCK: usize = 8;
    const MIN_RANGE: u32 = 24;
    let (w, h) = (gray.width() as usize, gray.height() as usize);
    if w < BLOCK * 5 || h < BLOCK * 5 {
        return threshold(gray, otsu_threshold(gray));
    }
    let raw = gray.as_raw();
    let (bw, bh) = (w.div_ceil(BLOCK), h.div_ceil(BLOCK));
    let mut black = vec![0u32; bw * bh];
    for by in 0..bh {
        let y0 = (by * BLOCK).min(h - BLOCK);
        for bx in 0..bw {
            let x0 = (bx * BLOCK).min(w - BLOCK);
            let (mut sum, mut min, mut max) = (0u32, 255u32, 0u32);
            for y in y0..y0 + BLOCK {
                for &p in &raw[y * w + x0..y * w + x0 + BLOCK] {
                    let p = u32::from(p);
                    sum += p;
                    min = min.min(p);
                    max = max.max(p);
                }
            }
            let mut average = sum / (BLOCK * BLOCK) as u32;
            if max - min <= MIN_RANGE {
                // A flat block: assume background (light), unless the neighbours say the
                // dark level here is higher (then it is inside a dark area).
                average = min / 2;
                if by > 0 && bx > 0 {
                    let neighbours = (black[(by - 1) * bw + bx]
                        + 2 * black[by * bw + bx - 1]
                        + black[(by - 1) * bw + bx - 1])
                        / 4;
                    if min < neighbours {
                        average = neighbours;
                    }
                }
            }
            black[by * bw + bx] = average;
        }
    }
    let mut dark = vec![0u8; w * h];
    for by in 0..bh {
        let y0 = (by * BLOCK).min(h - BLOCK);
        let cy = by.clamp(2, bh - 3);
        for bx in 0..bw {
            let x0 = (bx * BLOCK).min(w - BLOCK);
            let cx = bx.clamp(2, bw - 3);
            let mut sum = 0u32;
            for ny in cy - 2..=cy + 2 {
                for nx in cx - 2..=cx + 2 {
                    sum += black[ny * bw + nx];
                }
            }
            let level = sum / 25;
            for y in y0..y0 + BLOCK {
                for x in x0..x0 + BLOCK {
                    dark[y * w + x] = u8::from(u32::from(raw[y * w + x]) <= level);
                }
            }
        }
    }
    Bitmap {
        width: gray.width(),
        height: gray.height(),
        dark,
    }
}

/// Spreads the gray levels between the 1st and 99th percentile over 0..=255: a washed-out or
/// dim code gets its contrast back before rqrr's own thresholding.
pub fn stretch_contrast(gray: &GrayImage) -> GrayImage {
    let hist = histogram(gray);
    let total: u32 = hist.iter().sum();
    let cut = total / 100;
    let mut low = 0usize;
    let mut seen = 0u32;
    while low < 255 && seen + hist[low] <= cut {
        seen += hist[low];
        low += 1;
    }
    let mut high = 255usize;
    seen = 0;
    while high > low && seen + hist[high] <= cut {
        seen += hist[high];
        high -= 1;
    }
    let range = (high - low).max(1) as u32;
    let mut lut = [0u8; 256];
    for (level, out) in lut.iter_mut().enumerate() {
        let v = (level.clamp(low, high) - low) as u32 * 255 / range;
        *out = v.min(255) as u8;
    }
    let mut out = gray.clone();
    for p in out.iter_mut() {
        *p = lut[*p as usize];
    }
    out
}

/// Light-on-dark codes (rqrr reads dark modules only).
pub fn invert(gray: &GrayImage) -> GrayImage {
    let mut out = gray.clone();
    for p in out.iter_mut() {
        *p = 255 - *p;
    }
    out
}

/// Averages factor×factor blocks: a large frame becomes faster to search, and fine noise and
/// print rasters average out.
pub fn downscale(gray: &GrayImage, factor: u32) -> GrayImage {
    let factor = factor.max(1);
    let (w, h) = (gray.width() / factor, gray.height() / factor);
    if w == 0 || h == 0 || factor == 1 {
        return gray.clone();
    }
    let src_w = gray.width() as usize;
    let raw = gray.as_raw();
    let f = factor as usize;
    let area = (f * f) as u32;
    let mut out = GrayImage::new(w, h);
    for (i, p) in out.iter_mut().enumerate() {
        let (x, y) = (i % w as usize, i / w as usize);
        let mut sum = 0u32;
        for row in 0..f {
            let start = (y * f + row) * src_w + x * f;
            sum += raw[start..start + f]
                .iter()
                .map(|&v| u32::from(v))
                .sum::<u32>();
        }
        *p = (sum / area) as u8;
    }
    out
}

/// Bilinear enlargement: gives rqrr's finder-pattern search enough pixels per module on small
/// or distant codes.
pub fn upscale(gray: &GrayImage, factor: u32) -> GrayImage {
    let factor = factor.clamp(1, 8);
    imageops::resize(
        gray,
        gray.width() * factor,
        gray.height() * factor,
        imageops::FilterType::Triangle,
    )
}

/// Box blur over a (2·radius+1)² window: smooths sensor noise and JPEG blocks.
pub fn box_blur(gray: &GrayImage, radius: u32) -> GrayImage {
    let (w, h) = (gray.width() as usize, gray.height() as usize);
    if w == 0 || h == 0 || radius == 0 {
        return gray.clone();
    }
    let r = radius as usize;
    let raw = gray.as_raw();
    // Separable: horizontal sums into `tmp`, then vertical.
    let mut tmp = vec![0u32; w * h];
    for y in 0..h {
        let row = &raw[y * w..(y + 1) * w];
        for x in 0..w {
            let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
            let sum: u32 = row[x0..x1].iter().map(|&v| u32::from(v)).sum();
            tmp[y * w + x] = sum * 16 / (x1 - x0) as u32;
        }
    }
    let mut out = GrayImage::new(gray.width(), gray.height());
    let dst = out.as_mut();
    for x in 0..w {
        for y in 0..h {
            let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
            let sum: u32 = (y0..y1).map(|yy| tmp[yy * w + x]).sum();
            dst[y * w + x] = (sum / (16 * (y1 - y0) as u32)).min(255) as u8;
        }
    }
    out
}

/// A rectangle inside a frame, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

impl Rect {
    /// The bounding box of some points grown by `margin` times its size on each side, clipped
    /// to a `width`×`height` frame; `None` when nothing of it is inside.
    pub fn around(points: &[(f32, f32)], margin: f32, width: u32, height: u32) -> Option<Rect> {
        let first = points.first()?;
        let (mut x0, mut y0, mut x1, mut y1) = (first.0, first.1, first.0, first.1);
        for &(x, y) in points {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        let (mx, my) = ((x1 - x0) * margin, (y1 - y0) * margin);
        let left = (x0 - mx).max(0.0).floor() as u32;
        let top = (y0 - my).max(0.0).floor() as u32;
        let right = ((x1 + mx).ceil().max(0.0) as u32).min(width);
        let bottom = ((y1 + my).ceil().max(0.0) as u32).min(height);
        (right > left && bottom > top).then_some(Rect {
            x: left,
            y: top,
            width: right - left,
            height: bottom - top,
        })
    }
}

pub fn crop(gray: &GrayImage, rect: Rect) -> GrayImage {
    imageops::crop_imm(gray, rect.x, rect.y, rect.width, rect.height).to_image()
}

/// Rotation about the centre by `degrees`, bilinear, onto a canvas big enough for the whole
/// picture, filled with white. rqrr's finder search scans rows; a code at 45° in a small
/// picture sometimes only shows its finder patterns upright.
pub fn rotate(gray: &GrayImage, degrees: f32) -> GrayImage {
    let (w, h) = (gray.width() as f32, gray.height() as f32);
    let (sin, cos) = degrees.to_radians().sin_cos();
    let new_w = (w * cos.abs() + h * sin.abs()).ceil().max(1.0) as u32;
    let new_h = (w * sin.abs() + h * cos.abs()).ceil().max(1.0) as u32;
    let (cx, cy) = (w / 2.0, h / 2.0);
    let (ncx, ncy) = (new_w as f32 / 2.0, new_h as f32 / 2.0);
    let mut out = GrayImage::from_pixel(new_w, new_h, image::Luma([255]));
    for (x, y, p) in out.enumerate_pixels_mut() {
        let (dx, dy) = (x as f32 + 0.5 - ncx, y as f32 + 0.5 - ncy);
        // Inverse rotation: where in the source does this pixel come from?
        let sx = cos * dx + sin * dy + cx - 0.5;
        let sy = -sin * dx + cos * dy + cy - 0.5;
        if let Some(v) = bilinear(gray, sx, sy) {
            p.0[0] = v;
        }
    }
    out
}

/// The source's gray level at a fractional position, `None` outside it.
pub fn bilinear(gray: &GrayImage, x: f32, y: f32) -> Option<u8> {
    let (w, h) = (gray.width(), gray.height());
    if !(x >= 0.0 && y >= 0.0) || x > (w as f32 - 1.0) || y > (h as f32 - 1.0) || w == 0 {
        return None;
    }
    let (x0, y0) = (x.floor() as u32, y.floor() as u32);
    let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
    let (fx, fy) = (x - x0 as f32, y - y0 as f32);
    let p = |x: u32, y: u32| f32::from(gray.get_pixel(x, y).0[0]);
    let top = p(x0, y0) * (1.0 - fx) + p(x1, y0) * fx;
    let bottom = p(x0, y1) * (1.0 - fx) + p(x1, y1) * fx;
    Some((top * (1.0 - fy) + bottom * fy).round().clamp(0.0, 255.0) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    /// Left half dark (40), right half light (200), with a gradient of light on top.
    fn two_tone(width: u32, height: u32, light_falloff: u8) -> GrayImage {
        GrayImage::from_fn(width, height, |x, y| {
            let base: u8 = if x < width / 2 { 40 } else { 200 };
            let shade = (u32::from(light_falloff) * y / height.max(1)) as u8;
            Luma([base.saturating_sub(shade)])
        })
    }

    #[test]
    fn otsu_splits_two_tones() {
        let level = otsu_threshold(&two_tone(64, 64, 0));
        assert!((40..200).contains(&level), "{level}");
        let bitmap = threshold(&two_tone(64, 64, 0), level);
        assert!(bitmap.is_dark(0, 0) && !bitmap.is_dark(63, 0));
        assert!((bitmap.dark_ratio() - 0.5).abs() < 0.01);
        // Degenerate pictures do not panic.
        assert_eq!(otsu_threshold(&GrayImage::new(0, 0)), 127);
        let _ = otsu_threshold(&GrayImage::from_pixel(3, 3, Luma([9])));
    }

    #[test]
    fn local_thresholds_survive_a_shadow_that_defeats_a_global_one() {
        // A checkerboard of 6 px squares whose light squares in the bottom half are darker
        // than the dark squares in the top half.
        let board = GrayImage::from_fn(128, 128, |x, y| {
            let dark = ((x / 6) + (y / 6)).is_multiple_of(2);
            let (on, off) = if y < 64 { (110, 250) } else { (10, 100) };
            Luma([if dark { on } else { off }])
        });
        let truth = |x: u32, y: u32| ((x / 6) + (y / 6)).is_multiple_of(2);
        let errors = |b: &Bitmap| {
            (0..128)
                .flat_map(|y| (0..128).map(move |x| (x, y)))
                .filter(|&(x, y)| b.is_dark(x, y) != truth(x, y))
                .count()
        };
        let global = threshold(&board, otsu_threshold(&board));
        // 16384 pixels: one level gets a quarter wrong, the local ones err only near the
        // shadow's edge, where their window straddles it.
        assert!(errors(&global) > 4000, "{}", errors(&global));
        assert!(errors(&hybrid(&board)) < 800, "{}", errors(&hybrid(&board)));
        let mean = adaptive_mean(&board, 8, 4);
        assert!(errors(&mean) < 800, "{}", errors(&mean));
        // Flat paper stays white rather than turning into noise.
        let paper = GrayImage::from_pixel(64, 64, Luma([180]));
        assert_eq!(adaptive_mean(&paper, 8, 4).dark_ratio(), 0.0);
        assert_eq!(hybrid(&paper).dark_ratio(), 0.0);
        // Too small for 5×5 blocks: falls back to a global level.
        assert_eq!(hybrid(&two_tone(16, 16, 0)).width, 16);
        assert!(adaptive_mean(&GrayImage::new(0, 5), 3, 4).dark.is_empty());
    }

    #[test]
    fn stretch_spreads_a_dim_range() {
        let dim = GrayImage::from_fn(100, 1, |x, _| Luma([100 + (x as u8) / 2]));
        let stretched = stretch_contrast(&dim);
        let (min, max) = stretched
            .iter()
            .fold((255, 0), |(lo, hi), &p| (p.min(lo), p.max(hi)));
        assert!(min <= 5 && max >= 250, "{min}..{max}");
        let flat = GrayImage::from_pixel(4, 4, Luma([77]));
        assert!(stretch_contrast(&flat).iter().all(|&p| p == 0));
    }

    #[test]
    fn invert_scale_blur_crop_rotate_keep_their_shapes() {
        let image = two_tone(40, 30, 0);
        assert_eq!(invert(&image).get_pixel(0, 0).0[0], 215);
        let half = downscale(&image, 2);
        assert_eq!((half.width(), half.height()), (20, 15));
        assert_eq!(half.get_pixel(0, 0).0[0], 40);
        assert_eq!(downscale(&GrayImage::new(1, 1), 2).width(), 1);
        let double = upscale(&image, 2);
        assert_eq!((double.width(), double.height()), (80, 60));
        let blurred = box_blur(&image, 1);
        assert_eq!(blurred.get_pixel(0, 0).0[0], 40);
        let edge = blurred.get_pixel(19, 0).0[0];
        assert!(edge > 40 && edge < 200, "{edge}");
        let turned = rotate(&image, 45.0);
        assert!(turned.width() >= 49 && turned.height() >= 49);
        assert_eq!(turned.get_pixel(0, 0).0[0], 255, "corners are white canvas");
        assert_eq!(rotate(&image, 0.0).get_pixel(39, 29).0[0], 200);
        let rect = Rect {
            x: 18,
            y: 0,
            width: 4,
            height: 2,
        };
        let part = crop(&image, rect);
        assert_eq!(part.as_raw(), &[40, 40, 200, 200, 40, 40, 200, 200]);
    }

    #[test]
    fn a_region_grows_around_its_points_and_stays_inside_the_frame() {
        let square = [(10.0, 10.0), (30.0, 10.0), (30.0, 30.0), (10.0, 30.0)];
        let rect = Rect::around(&square, 0.5, 100, 100).expect("inside");
        assert_eq!(
            rect,
            Rect {
                x: 0,
                y: 0,
                width: 40,
                height: 40
            }
        );
        let outside = [(-50.0, -50.0), (-40.0, -40.0)];
        assert_eq!(Rect::around(&outside, 0.1, 100, 100), None);
        assert_eq!(Rect::around(&[], 0.1, 100, 100), None);
        assert_eq!(bilinear(&two_tone(4, 4, 0), -0.5, 0.0), None);
        assert_eq!(bilinear(&two_tone(4, 4, 0), 1.5, 0.0), Some(120));
    }
}
