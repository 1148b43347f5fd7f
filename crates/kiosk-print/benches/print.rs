//! Seconds from submit to "completed" for one-page PDFs on the throwaway cups-pdf queue:
//!   scripts/with-cups cargo bench -p kiosk-print --bench print
//! KIOSK_BENCH_JOBS sets the number of jobs (default 10), printed one after the other.
//! Skipped, with a message, without a queue (KIOSK_TEST_PRINTER_URI unset).
#![allow(clippy::print_stdout)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use kiosk_print::{Following, JobProgress};

fn main() {
    let Some(queue) = common::queue("bench print") else {
        return;
    };
    let jobs: usize = std::env::var("KIOSK_BENCH_JOBS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let printer = common::printer(&queue.uri);
    let following = Following {
        poll: Duration::from_millis(20),
        patience: Duration::from_secs(60),
    };
    let before = queue.outputs();
    let mut submits = Vec::with_capacity(jobs);
    let mut totals = Vec::with_capacity(jobs);
    runtime.block_on(async {
        for n in 0..jobs {
            let pdf = common::pdf_with(&format!("Benchmark page {n}"));
            let started = Instant::now();
            let job = printer
                .submit(&pdf, &format!("Benchmark {n}"))
                .await
                .expect("submitted");
            submits.push(started.elapsed());
            let last = printer
                .follow(job, following, |_| {})
                .await
                .expect("followed");
            assert_eq!(last.progress, JobProgress::Completed, "job {job}");
            totals.push(started.elapsed());
        }
    });
    let printed = queue.outputs().difference(&before).count();
    let stats = |label: &str, mut values: Vec<Duration>| {
        values.sort();
        let median = values[values.len() / 2];
        let max = values[values.len() - 1];
        let min = values[0];
        println!(
            "{label}: median {:.3} s, min {:.3} s, max {:.3} s",
            median.as_secs_f64(),
            min.as_secs_f64(),
            max.as_secs_f64()
        );
    };
    println!(
        "{jobs} one-page PDF jobs, one after the other, on {} (cups-pdf; poll every 20 ms); {printed} PDF files written",
        queue.name
    );
    stats("submit (Print-Job answered)", submits);
    stats("submit to job completed", totals);
}
