//! Render time and size per document type, verification and preview time. Run with
//! `cargo bench -p kiosk-documents --bench render` (release build). Prints figures only; no
//! thresholds: machines differ.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use kiosk_documents::{
    DocumentKeys, DocumentRequest, DocumentSigner, IssueContext, SenderNumber, SigningKey,
    TreatyCountry, Verdict, preview_png, render, verify_pdf,
};
use kiosk_protocol::{FamilyMember, InsuranceStatus, MemberSnapshot};
use time::macros::{date, datetime};

const RUNS: usize = 200;

fn snapshot() -> MemberSnapshot {
    MemberSnapshot {
        kvnr: "A123456780".into(),
        first_name: "Käthe".into(),
        last_name: "Müller-Großmann".into(),
        birth_date: "1998-03-07".into(),
        insurer: "Gesundheitskasse Nord (Demo)".into(),
        member_since: "2016-10-01".into(),
        status: InsuranceStatus::Student,
        family: vec![FamilyMember {
            kvnr: "Z987654321".into(),
            first_name: "Jürgen".into(),
            last_name: "Straßburger".into(),
            birth_date: "2021-12-24".into(),
        }],
        version: 1,
    }
}

/// Median and 95th percentile in milliseconds.
fn stats(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p95 = (times.len() * 95).div_ceil(100).saturating_sub(1);
    (ms(times[times.len() / 2]), ms(times[p95]))
}

fn main() {
    let signer = DocumentSigner::new(SigningKey::from_bytes(&[1; 32]));
    let mut keys = DocumentKeys::new();
    keys.insert(signer.verifying_key());
    let context = IssueContext {
        document_id: [9; 16],
        branch_id: "Lübeck-Mitte".into(),
        kiosk_id: "K-017".into(),
        issued_at: datetime!(2026-11-02 13:05:30 UTC),
        data_as_of: None,
    };
    let requests = [
        ("membership", DocumentRequest::Membership),
        (
            "university receipt",
            DocumentRequest::UniversityReceipt {
                sender_number: SenderNumber::parse("H0000719").unwrap(),
            },
        ),
        ("student certificate", DocumentRequest::StudentCertificate),
        (
            "travel T/A 11",
            DocumentRequest::TravelCertificate {
                country: TreatyCountry::Turkey,
                from: date!(2026 - 12 - 20),
                until: date!(2027 - 01 - 10),
            },
        ),
    ];
    let member = snapshot();
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
