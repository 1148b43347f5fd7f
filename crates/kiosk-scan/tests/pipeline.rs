//! The decoder pipeline against rendered letter tokens with camera-like distortions, and
//! against the corpus image that makes rqrr panic.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

mod common;

use common::*;
use image::GrayImage;
use kiosk_scan::{Decoder, Guidance, Variant, load_image};

/// Payloads per distortion: enough to see a rate, few enough for a fast test.
const SEEDS: u64 = 4;

type Distortion = (&'static str, bool, fn(&str, u64) -> GrayImage);

/// Name, whether the pipeline must read every sample (the floor), and the distortion.
fn distortions() -> Vec<Distortion> {
    vec![
        ("clean, 4 px/module", true, |t, _| render(t, 4)),
        ("small, 2 px/module", false, |t, _| render(t, 2)),
        ("tiny, 1.5 px/module", false, |t, _| {
            let code = render(t, 3);
            image::imageops::resize(
                &code,
                code.width() / 2,
                code.height() / 2,
                image::imageops::FilterType::Triangle,
            )
        }),
        ("rotated 20°", true, |t, _| rotate(&render(t, 4), 20.0)),
        ("rotated 45°", false, |t, _| rotate(&render(t, 3), 45.0)),
        ("perspective tilt", false, |t, _| {
            let code = render(t, 4);
            let s = code.width() as f32;
            warp(
                &code,
                [
                    (40.0, 10.0),
                    (s - 30.0, 60.0),
                    (s + 10.0, s - 20.0),
                    (0.0, s + 30.0),
                ],
                code.width() + 60,
                code.height() + 60,
                235,
            )
        }),
        ("blur σ 1.5", false, |t, _| blur(&render(t, 4), 1.5)),
        ("blur σ 2.5", false, |t, _| blur(&render(t, 4), 2.5)),
        ("noise ±40", false, |t, seed| {
            add_noise(&render(t, 4), 80.0, seed)
        }),
        ("uneven light", true, |t, _| uneven_light(&render(t, 4))),
        ("low contrast", true, |t, _| low_contrast(&render(t, 4))),
        ("JPEG quality 15", true, |t, _| jpeg(&render(t, 3), 15)),
        ("inverted", true, |t, _| invert(&render(t, 4))),
        ("in a 1280×720 frame, 3 px/module", false, |t, seed| {
            in_camera_frame(t, 3, seed)
        }),
        ("in a 1280×720 frame, 2 px/module", false, |t, seed| {
            in_camera_frame(t, 2, seed)
        }),
        ("blur + noise + JPEG, 3 px/module", false, |t, seed| {
            jpeg(&add_noise(&blur(&render(t, 3), 1.0), 40.0, seed), 40)
        }),
    ]
}

fn reads(decoder: &mut Decoder, image: &GrayImage, text: &str) -> bool {
    decoder.forget_region();
    decoder
        .decode(image)
        .decoded
        .is_some_and(|d| d.text() == text)
}

#[test]
fn distortions_read_rate_rqrr_alone_vs_pipeline() {
    let mut alone = Decoder::rqrr_only();
    let mut pipeline = Decoder::new();
    let mut failures = Vec::new();
    println!(
        "{:<36} {:>10} {:>10}",
        "distortion", "rqrr alone", "pipeline"
    );
    for (name, must_read, distort) in distortions() {
        let (mut by_alone, mut by_pipeline) = (0, 0);
        for seed in 0..SEEDS {
            let text = letter_token(seed);
            let image = distort(&text, seed);
            by_alone += u32::from(reads(&mut alone, &image, &text));
            by_pipeline += u32::from(reads(&mut pipeline, &image, &text));
        }
        println!("{name:<36} {by_alone:>8}/{SEEDS} {by_pipeline:>8}/{SEEDS}");
        if must_read && u64::from(by_pipeline) < SEEDS {
            failures.push(name);
        }
    }
    println!("pipeline stats: {:?}", pipeline.stats());
    assert!(
        failures.is_empty(),
        "the pipeline must read every {failures:?} sample"
    );
    assert_eq!(pipeline.stats().panics, 0);
}

#[test]
fn a_blank_frame_reads_nothing_and_says_so() {
    let mut decoder = Decoder::new();
    let dark = GrayImage::from_pixel(320, 240, image::Luma([10]));
    let outcome = decoder.decode(&dark);
    assert!(outcome.decoded.is_none());
    assert_eq!(outcome.guidance, Guidance::TooDark);
    let paper = add_noise(
        &GrayImage::from_pixel(320, 240, image::Luma([128])),
        60.0,
        1,
    );
    assert_eq!(decoder.decode(&paper).guidance, Guidance::NoCode);
    // Pictures too small for any code are skipped, not fed to rqrr.
    let tiny = GrayImage::new(3, 2);
    assert_eq!(decoder.decode(&tiny).attempts, 0);
    assert_eq!(decoder.stats().frames, 3);
    assert_eq!(decoder.stats().decoded, 0);
}

#[test]
fn the_region_of_the_last_sighting_is_tried_first() {
    let text = letter_token(7);
    let frame = in_camera_frame(&text, 4, 7);
    let mut decoder = Decoder::new();
    let first = decoder
        .decode(&frame)
        .decoded
        .expect("reads the clean frame");
    assert!(!first.variant.region);
    let (x, y) = first.corners[0];
    assert!(
        (650.0..760.0).contains(&x) && (80.0..170.0).contains(&y),
        "{x},{y}"
    );
    let second = decoder.decode(&frame).decoded.expect("reads it again");
    assert!(second.variant.region, "{}", second.variant);
    // The text never shows in Debug output (it would name a member in a log).
    assert!(!format!("{second:?}").contains(&text[5..20]));
}

#[test]
fn the_variants_read_a_clean_code() {
    // 6 px per module: halved and blurred, modules are still 3 px wide.
    let text = letter_token(3);
    let code = render(&text, 6);
    let inverted = invert(&code);
    let (mut unread, all) = (Vec::new(), Variant::all());
    for &variant in &all {
        let image = if variant.tone == kiosk_scan::Tone::Inverted {
            &inverted
        } else {
            &code
        };
        let read = Decoder::try_variant(variant, image).unwrap();
        if read.map(|d| d.into_text()).as_ref() != Some(&text) {
            unread.push(variant);
        }
    }
    println!("variants that miss a clean code: {unread:?}");
    // Every binarisation of the frame as it is (or inverted) reads it; blurs and turns on top
    // of halving may lose a clean code (rqrr's grid fit is fussy), but not many do.
    use kiosk_scan::{Scale, Tone};
    assert!(
        !unread.iter().any(|v| v.scale == Scale::Full
            && matches!(v.tone, Tone::AsIs | Tone::Inverted | Tone::Stretched)),
        "{unread:?}"
    );
    assert!(unread.len() * 10 <= all.len(), "{unread:?}");
}

#[test]
fn an_rqrr_panic_is_counted_not_propagated() {
    let Some(dir) = corpus_dir() else {
        println!("skipped: no corpus (qrcode-6/7.png makes rqrr panic)");
        return;
    };
    let path = dir.join("qrcode-6/7.png");
    let gray = kiosk_scan::Frame::new(load_image(&path).unwrap(), 0)
        .luma()
        .into_owned();
    let mut alone = Decoder::rqrr_only();
    let outcome = alone.decode(&gray);
    assert_eq!(outcome.panics, 1);
    assert_eq!(alone.stats().panics, 1);
    let mut pipeline = Decoder::new();
    let outcome = pipeline.decode(&gray);
    assert!(outcome.panics >= 1);
    assert_eq!(pipeline.stats().panics, u64::from(outcome.panics));
    assert!(Decoder::try_variant(Variant::PLAIN, &gray).is_err());
}
