//! The ZXing QR corpus (`<repo>/../shared/corpus/zxing-qrcode`, or `KIOSK_QR_CORPUS`): exact
//! reads, caught panics, and decode time per image for rqrr alone and for the pipeline.
//!
//! `cargo bench -p kiosk-scan --bench corpus` prints the figures. Extra arguments (after
//! `--`): `--misses` lists the images the pipeline does not read; `--variants` runs every
//! variant on every image alone and prints a greedy order (how the default pipeline was
//! chosen).
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use kiosk_scan::{Decoder, Variant, load_image};

struct Case {
    path: PathBuf,
    gray: image::GrayImage,
    expected: String,
}

fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n").trim().to_owned()
}

fn corpus_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("KIOSK_QR_CORPUS") {
        return dir.into();
    }
    Path::new(
        std::env::var("CARGO_MANIFEST_DIR")
            .as_deref()
            .unwrap_or(env!("CARGO_MANIFEST_DIR")),
    )
    .join("../../../shared/corpus/zxing-qrcode")
}

fn load_cases(dir: &Path) -> Vec<Case> {
    let mut images = Vec::new();
    for set in std::fs::read_dir(dir).unwrap().flatten() {
        if !set.path().is_dir() {
            continue;
        }
        for file in std::fs::read_dir(set.path()).unwrap().flatten() {
            let path = file.path();
            if path.extension().is_some_and(|e| e == "png") {
                images.push(path);
            }
        }
    }
    images.sort();
    images
        .into_iter()
        .filter_map(|path| {
            let expected = std::fs::read_to_string(path.with_extension("txt")).ok()?;
            let gray = load_image(&path).ok()?;
            let gray = kiosk_scan::Frame::new(gray, 0).luma().into_owned();
            Some(Case {
                path,
                gray,
                expected: normalise(&expected),
            })
        })
        .collect()
}

struct Figures {
    reads: usize,
    panics: u64,
    times: Vec<Duration>,
    missed: Vec<String>,
}

/// Runs the corpus through `make()`'s decoder three times; each image's time is its fastest
/// run, so other work on a shared machine distorts the figures less.
fn run(cases: &[Case], make: impl Fn() -> Decoder) -> (Figures, Decoder) {
    let (mut figures, decoder) = run_once(cases, make());
    for _ in 0..2 {
        let (again, _) = run_once(cases, make());
        for (best, time) in figures.times.iter_mut().zip(again.times) {
            *best = (*best).min(time);
        }
    }
    (figures, decoder)
}

fn run_once(cases: &[Case], mut decoder: Decoder) -> (Figures, Decoder) {
    let mut figures = Figures {
        reads: 0,
        panics: 0,
        times: Vec::new(),
        missed: Vec::new(),
    };
    for case in cases {
        decoder.forget_region();
        let started = Instant::now();
        let outcome = decoder.decode(&case.gray);
        figures.times.push(started.elapsed());
        figures.panics += u64::from(outcome.panics);
        match outcome.decoded {
            Some(d) if normalise(d.text()) == case.expected => figures.reads += 1,
            _ => figures.missed.push(case.path.display().to_string()),
        }
    }
    (figures, decoder)
}

fn percentile(times: &[Duration], share: f64) -> f64 {
    let mut ms: Vec<f64> = times.iter().map(|t| t.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    if ms.is_empty() {
        return 0.0;
    }
    ms[((ms.len() - 1) as f64 * share).round() as usize]
}

fn report(name: &str, total: usize, figures: &Figures) {
    println!(
        "{name:<10} reads {:>3}/{total} ({:.1} %)  panics caught {}  median {:.2} ms  p95 {:.2} ms  max {:.2} ms",
        figures.reads,
        100.0 * figures.reads as f64 / total as f64,
        figures.panics,
        percentile(&figures.times, 0.5),
        percentile(&figures.times, 0.95),
        percentile(&figures.times, 1.0),
    );
}

/// Every variant alone on every image; then a greedy cover: repeatedly the variant that reads
/// the most images not yet read.
fn explore(cases: &[Case]) {
    let variants = Variant::all();
    let mut reads: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); variants.len()];
    let mut times = vec![Duration::ZERO; variants.len()];
    // One line per image and variant, for offline analysis of other orders.
    let mut table = String::from("image\tvariant\tread\tms\n");
    for (i, case) in cases.iter().enumerate() {
        for (v, variant) in variants.iter().enumerate() {
            let started = Instant::now();
            let result = Decoder::try_variant(*variant, &case.gray);
            let elapsed = started.elapsed();
            times[v] += elapsed;
            let read = matches!(&result, Ok(Some(d)) if normalise(d.text()) == case.expected);
            if read {
                reads[v].insert(i);
            }
            table.push_str(&format!(
                "{}\t{variant}\t{}\t{:.3}\n",
                case.path.display(),
                u8::from(read),
                elapsed.as_secs_f64() * 1000.0
            ));
        }
    }
    if let Some(out) = std::env::var_os("KIOSK_QR_TABLE") {
        std::fs::write(&out, table).unwrap();
    }
    let union: BTreeSet<usize> = reads.iter().flatten().copied().collect();
    println!("any variant reads {}/{}", union.len(), cases.len());
    let mut covered = BTreeSet::new();
    loop {
        let best = (0..variants.len())
            .map(|v| (reads[v].difference(&covered).count(), v))
            .max_by_key(|&(gain, v)| (gain, std::cmp::Reverse(times[v])));
        let Some((gain, v)) = best.filter(|&(gain, _)| gain > 0) else {
            break;
        };
        covered.extend(reads[v].iter().copied());
        println!(
            "  +{gain:>3} = {:>3}  {:<28} alone {:>3}  {:.1} ms/image",
            covered.len(),
            variants[v].to_string(),
            reads[v].len(),
            times[v].as_secs_f64() * 1000.0 / cases.len() as f64
        );
    }
    let never: Vec<_> = (0..cases.len()).filter(|i| !union.contains(i)).collect();
    println!("read by no variant:");
    for i in never {
        println!("  {}", cases[i].path.display());
    }
}

/// The worst case of a live frame: 1280×720 with no code, where every variant runs.
fn camera_frame_without_code() {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let frame = image::GrayImage::from_fn(1280, 720, |x, _| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        image::Luma([(60 + x / 8 + (state % 50) as u32).min(255) as u8])
    });
    let mut best = Duration::MAX;
    let mut decoder = Decoder::new();
    for _ in 0..3 {
        decoder.forget_region();
        let started = Instant::now();
        let outcome = decoder.decode(&frame);
        best = best.min(started.elapsed());
        assert!(outcome.decoded.is_none());
    }
    println!(
        "1280x720 frame without a code: {:.1} ms for the whole pipeline ({} rqrr runs)",
        best.as_secs_f64() * 1000.0,
        decoder.stats().attempts / 3
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = corpus_dir();
    if !dir.is_dir() {
        println!(
            "corpus: skipped, no corpus at {} (set KIOSK_QR_CORPUS to its folder)",
            dir.display()
        );
        return;
    }
    let cases = load_cases(&dir);
    println!("corpus: {} images from {}", cases.len(), dir.display());
    if args.iter().any(|a| a == "--variants") {
        explore(&cases);
        return;
    }
    camera_frame_without_code();
    let (alone, _) = run(&cases, Decoder::rqrr_only);
    report("rqrr alone", cases.len(), &alone);
    let (pipeline, decoder) = run(&cases, Decoder::new);
    report("pipeline", cases.len(), &pipeline);
    println!("hits per variant:");
    for (variant, hits) in &decoder.stats().hits {
        println!("  {variant:<28} {hits}");
    }
    if args.iter().any(|a| a == "--misses") {
        println!("missed by the pipeline:");
        for path in &pipeline.missed {
            println!("  {path}");
        }
    }
}
