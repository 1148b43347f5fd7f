//! A cheap hint for the member while no code is read, from the decoder's outcome and the
//! frame's brightness. The UI turns it into catalogue text.

use image::GrayImage;

/// What the member should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Guidance {
    /// The code was read.
    Read,
    /// A code is in the picture but could not be read: hold it closer and steadier.
    HoldSteady,
    /// No code in sight.
    NoCode,
    /// The picture is too dark to find anything (cover on the lens, lamp off).
    TooDark,
    /// The picture is washed out (glare, backlight).
    TooBright,
    /// Little contrast anywhere (fog, the letter too close to the lens).
    LowContrast,
}

/// Brightness below this mean is too dark.
const DARK_MEAN: u32 = 40;
/// When even the darkest pixels are this bright, the picture is washed out.
const BRIGHT_LOW_PERCENTILE: u8 = 200;
/// A spread of the middle 90 % of gray levels below this is too little contrast.
const MIN_SPREAD: u8 = 40;

/// Judges exposure from every 4th pixel of every 4th row.
pub(crate) fn from_exposure(gray: &GrayImage) -> Guidance {
    let mut hist = [0u32; 256];
    let mut count = 0u32;
    let mut sum = 0u64;
    for y in (0..gray.height()).step_by(4) {
        for x in (0..gray.width()).step_by(4) {
            let p = gray.get_pixel(x, y).0[0];
            hist[p as usize] += 1;
            sum += u64::from(p);
            count += 1;
        }
    }
    if count == 0 {
        return Guidance::NoCode;
    }
    let percentile = |share: u32| -> u8 {
        let target = count * share / 100;
        let mut seen = 0;
        for (level, &n) in hist.iter().enumerate() {
            seen += n;
            if seen > target {
                return level as u8;
            }
        }
        255
    };
    let (low, high) = (percentile(5), percentile(95));
    if (sum / u64::from(count)) < u64::from(DARK_MEAN) {
        Guidance::TooDark
    } else if low >= BRIGHT_LOW_PERCENTILE {
        Guidance::TooBright
    } else if high.saturating_sub(low) < MIN_SPREAD {
        Guidance::LowContrast
    } else {
        Guidance::NoCode
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gradient(from: u8, to: u8) -> GrayImage {
        GrayImage::from_fn(64, 64, |x, _| {
            image::Luma([from + ((u32::from(to - from) * x / 63) as u8)])
        })
    }

    #[test]
    fn exposure_classes() {
        assert_eq!(from_exposure(&gradient(0, 30)), Guidance::TooDark);
        assert_eq!(from_exposure(&gradient(220, 255)), Guidance::TooBright);
        assert_eq!(from_exposure(&gradient(100, 120)), Guidance::LowContrast);
        assert_eq!(from_exposure(&gradient(20, 240)), Guidance::NoCode);
        assert_eq!(from_exposure(&GrayImage::new(0, 0)), Guidance::NoCode);
    }
}
