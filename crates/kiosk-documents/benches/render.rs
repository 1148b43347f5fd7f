//! Render time and size per document type, verification and preview time. Run with
//! `cargo bench -p kiosk-documents --bench render` (release build). Prints figures only; no
//! thresholds: machines differ.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::time::{Duration, Instant};

#[path = "../tests/common/mod.rs"]
mod common;

use kiosk_documents::{DocumentKeys, Verdict, preview_png, render, verify_pdf};

const RUNS: usize = 200;

/// Median and 95th percentile in milliseconds.
fn stats(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p95 = (times.len() * 95).div_ceil(100).saturating_sub(1);
    (ms(times[times.len() / 2]), ms(times[p95]))
}

fn main() {
    let signer = common::signer(1);
    let mut keys = DocumentKeys::new();
    keys.insert(signer.verifying_key());
    let context = common::context();
    let requests = common::requests();
    let member = common::snapshot();
    println!("{RUNS} runs each (the first, which parses the fonts and catalogue, not counted)");
    println!(
        "{:<22} {:>10} {:>10} {:>10} {:>14}",
        "document", "median ms", "p95 ms", "bytes", "verify med ms"
    );
    let mut last = None;
    for (name, request) in &requests {
        let warm = render(request, &member, &context, &signer).unwrap();
        let times: Vec<Duration> = (0..RUNS)
            .map(|_| {
                let started = Instant::now();
                let document = render(request, &member, &context, &signer).unwrap();
                let elapsed = started.elapsed();
                std::hint::black_box(&document);
                elapsed
            })
            .collect();
        let (median, p95) = stats(times);
        let verify: Vec<Duration> = (0..RUNS / 4)
            .map(|_| {
                let started = Instant::now();
                let verdict = verify_pdf(&warm.pdf, &keys);
                let elapsed = started.elapsed();
                assert!(matches!(verdict, Verdict::Valid(_)));
                elapsed
            })
            .collect();
        let (verify_median, _) = stats(verify);
        println!(
            "{name:<22} {median:>10.2} {p95:>10.2} {:>10} {verify_median:>14.2}",
            warm.pdf.len()
        );
        last = Some(warm);
    }
    let document = last.unwrap();
    for width in [600, 1240] {
        let times: Vec<Duration> = (0..20)
            .map(|_| {
                let started = Instant::now();
                let png = preview_png(&document.pdf, 0, width).unwrap();
                let elapsed = started.elapsed();
                std::hint::black_box(png);
                elapsed
            })
            .collect();
        let (median, p95) = stats(times);
        println!("preview {width} px wide: median {median:.1} ms, p95 {p95:.1} ms (20 runs)");
    }
}
