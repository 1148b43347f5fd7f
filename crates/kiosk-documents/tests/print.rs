//! Printed documents keep their text. CUPS turns a PDF into PostScript for a PostScript queue
//! (cups-filters' pdftops filter, which runs Ghostscript's ps2write, or Poppler's pdftops for
//! some printers or with `pdftops-renderer=pdftops`), and a PDF printer such as cups-pdf turns
//! that back into PDF with Ghostscript's pdfwrite. Only glyph names survive that trip, so the
//! text copied from the printed PDF (names with ä ö ü ß, ı ğ ş İ ł) is right only if the fonts
//! name their glyphs. Checked with the same commands CUPS runs here, and through a real
//! cups-pdf queue under scripts/with-cups.

mod common;

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
    process::Command,
    time::{Duration, Instant},
};

use common::{context, signer, snapshot, tool, write_temp};
use kiosk_documents::{DocumentRequest, RenderedDocument, TreatyCountry, render};
use kiosk_protocol::FamilyMember;
use time::macros::date;

const GERMAN_NAME: &str = "Käthe Müller-Großmann";
const TURKISH_POLISH_NAME: &str = "Işıl Ayşegül Doğan-İnal Wałęsa";

/// A membership certificate for Käthe Müller-Großmann (her name in bold), whose family
/// includes Işıl Ayşegül Doğan-İnal Wałęsa (in the regular face), and a T/A 11 for Işıl with
/// Käthe in her family: both names in both faces.
fn documents() -> Vec<(&'static str, RenderedDocument)> {
    let mut german = snapshot();
    german.family.push(FamilyMember {
        kvnr: kvnr(1),
        first_name: "Işıl Ayşegül".into(),
        last_name: "Doğan-İnal Wałęsa".into(),
        birth_date: "2019-06-30".into(),
    });
    let mut turkish = snapshot();
    turkish.first_name = "Işıl Ayşegül".into();
    turkish.last_name = "Doğan-İnal Wałęsa".into();
    turkish.family.push(FamilyMember {
        kvnr: kvnr(2),
        first_name: "Käthe".into(),
        last_name: "Müller-Großmann".into(),
        birth_date: "1998-03-07".into(),
    });
    let travel = DocumentRequest::TravelCertificate {
        country: TreatyCountry::Turkey,
        from: date!(2026 - 12 - 20),
        until: date!(2027 - 01 - 10),
    };
    vec![
        (
            "print-membership",
            render(
                &DocumentRequest::Membership,
                &german,
                &context(),
                &signer(1),
            )
            .expect("renders"),
        ),
        (
            "print-travel",
            render(&travel, &turkish, &context(), &signer(1)).expect("renders"),
        ),
    ]
}

fn kvnr(n: u32) -> String {
    kiosk_domain::Kvnr::with_check_digit(b'B', 10_000_000 + n)
        .expect("kvnr")
        .as_str()
        .to_owned()
}

fn run(mut command: Command, what: &str) {
    let output = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        output.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn text_of(path: &Path) -> Option<String> {
    let mut pdftotext = tool("pdftotext")?;
    let output = pdftotext
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(output.status.success(), "pdftotext {}", path.display());
    Some(String::from_utf8(output.stdout).expect("utf-8 text"))
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How cups-filters' pdftops filter (1.28) converts for the cups-pdf queue: its default
/// renderer ("hybrid") picks Ghostscript for a "Generic" PPD; language level 2 as the PPD
/// says; 300 dpi when the PPD names no resolution.
fn ghostscript_ps(pdf: &Path, ps: &Path) -> Option<()> {
    let mut gs = tool("gs")?;
    gs.args([
        "-q",
        "-dNOPAUSE",
        "-dBATCH",
        "-dSAFER",
        "-dNOMEDIAATTRS",
        "-sDEVICE=ps2write",
        "-dShowAcroForm",
    ])
    .arg(format!("-sOUTPUTFILE={}", ps.display()))
    .args([
        "-dLanguageLevel=2",
        "-r300",
        "-dCompressFonts=false",
        "-dNoT3CCITT",
        "-dNOINTERPOLATE",
        "-c",
        "save pop",
        "-f",
    ])
    .arg(pdf);
    run(gs, "gs ps2write");
    Some(())
}

/// The same filter with Poppler as the renderer (`pdftops-renderer=pdftops`, or "hybrid" for
/// Brother, Minolta, Dell and old HP LaserJet printers).
fn poppler_ps(pdf: &Path, ps: &Path) -> Option<()> {
    let mut pdftops = tool("pdftops")?;
    pdftops
        .args(["-level2", "-origpagesizes", "-nocenter", "-r", "300"])
        .arg(pdf)
        .arg(ps);
    run(pdftops, "pdftops");
    Some(())
}

/// cups-pdf's Ghostscript call (its default GSCall, PDF 1.4).
fn cups_pdf_pdfwrite(ps: &Path, pdf: &Path) -> Option<()> {
    let mut gs = tool("gs")?;
    gs.args([
        "-q",
        "-dCompatibilityLevel=1.4",
        "-dNOPAUSE",
        "-dBATCH",
        "-dSAFER",
        "-sDEVICE=pdfwrite",
    ])
    .arg(format!("-sOutputFile={}", pdf.display()))
    .args([
        "-dAutoRotatePages=/PageByPage",
        "-dAutoFilterColorImages=false",
        "-dColorImageFilter=/FlateEncode",
        "-dPDFSETTINGS=/prepress",
        "-c",
        "-f",
    ])
    .arg(ps);
    run(gs, "gs pdfwrite");
    Some(())
}

/// The printed PDF's text has the document's words, the names among them.
fn assert_same_text(name: &str, how: &str, original: &str, printed: &str) {
    for expected in [
        GERMAN_NAME,
        TURKISH_POLISH_NAME,
        "Gesundheitskasse Nord (Demo)",
        "A123456780",
        "Geschäftsstelle Lübeck-Mitte",
    ] {
        assert!(
            printed.contains(expected),
            "{name} through {how}: {expected:?} missing in\n{printed}"
        );
    }
    assert_eq!(
        words(printed),
        words(original),
        "{name} through {how}: the text differs"
    );
}

#[test]
fn text_survives_the_postscript_round_trip_as_cups_prints_it() {
    type Step = fn(&Path, &Path) -> Option<()>;
    let renderers: [(&str, Step); 2] = [
        (
            "Ghostscript ps2write (cups-filters' renderer here)",
            ghostscript_ps,
        ),
        ("Poppler pdftops", poppler_ps),
    ];
    for (name, document) in documents() {
        let path = write_temp(name, &document.pdf);
        let Some(original) = text_of(&path) else {
            return;
        };
        assert!(original.contains(GERMAN_NAME) && original.contains(TURKISH_POLISH_NAME));
        for (i, (how, to_ps)) in renderers.iter().enumerate() {
            let ps = path.with_extension(format!("{i}.ps"));
            let printed = path.with_extension(format!("{i}.printed.pdf"));
            if to_ps(&path, &ps).is_none() || cups_pdf_pdfwrite(&ps, &printed).is_none() {
                return;
            }
            let text = text_of(&printed).unwrap_or_default();
            assert_same_text(name, how, &original, &text);
        }
    }
}

/// A document with more than 255 different characters in a face (further font dictionaries)
/// keeps them through the same trip.
#[test]
fn many_different_characters_survive_the_round_trip() {
    let member = common::many_characters();
    let document = render(
        &DocumentRequest::Membership,
        &member,
        &context(),
        &signer(1),
    )
    .expect("renders");
    let mut keys = kiosk_documents::DocumentKeys::new();
    keys.insert(signer(1).verifying_key());
    assert!(matches!(
        kiosk_documents::verify_pdf(&document.pdf, &keys),
        kiosk_documents::Verdict::Valid(_)
    ));
    let path = write_temp("print-many-characters", &document.pdf);
    let Some(original) = text_of(&path) else {
        return;
    };
    let names: Vec<String> = member
        .family
        .iter()
        .map(|f| format!("{} {}", f.first_name, f.last_name))
        .collect();
    for name in &names {
        assert!(original.contains(name.as_str()), "{name} in\n{original}");
    }
    let ps = path.with_extension("ps");
    let printed = path.with_extension("printed.pdf");
    if ghostscript_ps(&path, &ps).is_none() || cups_pdf_pdfwrite(&ps, &printed).is_none() {
        return;
    }
    let text = text_of(&printed).unwrap_or_default();
    for name in &names {
        assert!(text.contains(name.as_str()), "{name} in\n{text}");
    }
    assert_eq!(words(&text), words(&original));
}

/// The queue of scripts/with-cups, or None (after saying so) without it; with
/// KIOSK_REQUIRE_CUPS=1 a missing queue fails: CI must not skip silently.
fn test_queue() -> Option<(String, PathBuf)> {
    match (
        std::env::var("KIOSK_TEST_PRINTER_URI"),
        std::env::var("KIOSK_TEST_PRINTER_QUEUE"),
        std::env::var("KIOSK_TEST_PRINT_OUT"),
    ) {
        (Ok(_), Ok(queue), Ok(out)) => Some((queue, PathBuf::from(out))),
        _ if std::env::var("KIOSK_REQUIRE_CUPS").as_deref() == Ok("1") => panic!(
            "KIOSK_REQUIRE_CUPS=1 but KIOSK_TEST_PRINTER_URI, KIOSK_TEST_PRINTER_QUEUE or \
             KIOSK_TEST_PRINT_OUT is unset: run under scripts/with-cups"
        ),
        _ => {
            eprintln!(
                "printing through CUPS skipped: no queue (KIOSK_TEST_PRINTER_URI is unset); run \
                 `scripts/with-cups cargo test -p kiosk-documents --test print` to print for real"
            );
            None
        }
    }
}

fn pdfs_in(dir: &Path) -> BTreeSet<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether CUPS lists the job among the queue's completed ones.
fn completed(queue: &str, job: &str) -> bool {
    let Ok(output) = Command::new("lpstat")
        .args(["-W", "completed", "-o", queue])
        .output()
    else {
        return false;
    };
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .any(|line| line.split_whitespace().next() == Some(job))
}

#[test]
fn text_survives_printing_through_the_cups_queue() {
    let Some((queue, out)) = test_queue() else {
        return;
    };
    for (name, document) in documents() {
        let path = write_temp(name, &document.pdf);
        let Some(original) = text_of(&path) else {
            return;
        };
        let before = pdfs_in(&out);
        let Some(mut lp) = tool("lp") else {
            return;
        };
        let output = lp
            .args(["-d", &queue, "-t", name])
            .arg(&path)
            .output()
            .expect("lp runs");
        let answer = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "lp: {answer}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        // "request id is QUEUE-12 (1 file(s))"
        let job = answer
            .split_whitespace()
            .find(|word| word.starts_with(&format!("{queue}-")))
            .unwrap_or_else(|| panic!("no job id in {answer:?}"))
            .to_owned();

        // cups-pdf has written the file when the job has completed.
        let start = Instant::now();
        let printed = loop {
            let new: Vec<PathBuf> = pdfs_in(&out).difference(&before).cloned().collect();
            if completed(&queue, &job) && !new.is_empty() {
                assert_eq!(new.len(), 1, "{name}: one job, one file: {new:?}");
                break new[0].clone();
            }
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "{name}: job {job} did not complete with a file in {} within 2 minutes \
                 (lpstat -l -o {queue}, /var/log/cups/error_log)",
                out.display()
            );
            std::thread::sleep(Duration::from_millis(200));
        };
        let text = text_of(&printed).unwrap_or_default();
        assert_same_text(name, "the CUPS queue", &original, &text);
    }
}
