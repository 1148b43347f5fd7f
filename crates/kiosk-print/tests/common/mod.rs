//! Shared by the tests and the bench: the throwaway queue of scripts/with-cups and small PDFs.
#![allow(dead_code)]

use std::{collections::BTreeSet, fs, path::PathBuf, process::Command, time::Duration};

use kiosk_print::{PrintUser, Printer};

/// The queue made by scripts/with-cups.
#[derive(Debug, Clone)]
pub struct TestQueue {
    pub uri: String,
    pub name: String,
    pub out: PathBuf,
}

/// The queue, or `None` (after saying so) when the tests run without scripts/with-cups.
/// With `KIOSK_REQUIRE_CUPS=1` a missing queue fails instead: CI must not skip silently.
pub fn queue(test: &str) -> Option<TestQueue> {
    let vars = (
        std::env::var("KIOSK_TEST_PRINTER_URI"),
        std::env::var("KIOSK_TEST_PRINTER_QUEUE"),
        std::env::var("KIOSK_TEST_PRINT_OUT"),
    );
    match vars {
        (Ok(uri), Ok(name), Ok(out)) => Some(TestQueue {
            uri,
            name,
            out: PathBuf::from(out),
        }),
        _ if std::env::var("KIOSK_REQUIRE_CUPS").as_deref() == Ok("1") => panic!(
            "{test}: KIOSK_REQUIRE_CUPS=1 but KIOSK_TEST_PRINTER_URI, KIOSK_TEST_PRINTER_QUEUE or \
             KIOSK_TEST_PRINT_OUT is unset: run under scripts/with-cups"
        ),
        _ => {
            eprintln!(
                "{test}: skipped: no CUPS queue (KIOSK_TEST_PRINTER_URI is unset); \
                 run `scripts/with-cups cargo test -p kiosk-print` to print for real"
            );
            None
        }
    }
}

impl TestQueue {
    /// Runs a CUPS admin command (cupsdisable, cupsenable, cupsreject, cupsaccept) on the queue.
    pub fn admin(&self, command: &str) {
        let status = Command::new(command)
            .arg(&self.name)
            .status()
            .unwrap_or_else(|e| panic!("{command}: {e}"));
        assert!(status.success(), "{command} {}: {status}", self.name);
    }

    /// The PDF files in the queue's output folder.
    pub fn outputs(&self) -> BTreeSet<PathBuf> {
        fs::read_dir(&self.out)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The queue as the kiosk talks to it: as the OS user the tests run as, which this machine's
/// cupsd knows.
pub fn printer(uri: &str) -> Printer {
    Printer::new(
        uri,
        PrintUser::of_this_process().expect("the tests' user has a name"),
    )
    .expect("uri")
}

/// The throwaway cupsd of scripts/with-cups, which a test may crash and start again.
#[derive(Debug)]
pub struct TestServer {
    start: Vec<String>,
    pidfile: PathBuf,
}

impl TestServer {
    /// `None` (after saying so) outside scripts/with-cups.
    pub fn of_with_cups(test: &str) -> Option<TestServer> {
        match (
            std::env::var("KIOSK_TEST_CUPSD"),
            std::env::var("KIOSK_TEST_CUPSD_PIDFILE"),
        ) {
            (Ok(start), Ok(pidfile)) => Some(TestServer {
                start: start.split_whitespace().map(str::to_owned).collect(),
                pidfile: PathBuf::from(pidfile),
            }),
            _ => {
                eprintln!(
                    "{test}: skipped: KIOSK_TEST_CUPSD is unset (the cupsd of scripts/with-cups, \
                     which this test crashes and starts again)"
                );
                None
            }
        }
    }

    /// Kills cupsd with SIGKILL, as a crash would, and waits until it is gone.
    pub fn crash(&self) {
        use nix::{sys::signal, unistd::Pid};
        let pid: i32 = fs::read_to_string(&self.pidfile)
            .expect("cupsd's pid file")
            .trim()
            .parse()
            .expect("a pid");
        signal::kill(Pid::from_raw(pid), signal::Signal::SIGKILL).expect("kill cupsd");
        for _ in 0..100 {
            if signal::kill(Pid::from_raw(pid), None).is_err() || !answers() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("cupsd {pid} still answers after SIGKILL");
    }

    /// Starts cupsd again (it daemonizes once it listens) and waits until it answers.
    pub fn start(&self) {
        let (program, args) = self.start.split_first().expect("a command");
        let status = Command::new(program)
            .args(args)
            .status()
            .unwrap_or_else(|e| panic!("{program}: {e}"));
        assert!(status.success(), "starting cupsd again: {status}");
        for _ in 0..100 {
            if answers() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("cupsd does not answer after its restart");
    }
}

/// Whether the scheduler of CUPS_SERVER answers.
fn answers() -> bool {
    Command::new("lpstat")
        .arg("-r")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("scheduler is running"))
}

/// A one-page A4 PDF with `text` in Helvetica.
pub fn pdf_with(text: &str) -> Vec<u8> {
    use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
    let (catalog, pages, page, font, content) = (
        Ref::new(1),
        Ref::new(2),
        Ref::new(3),
        Ref::new(4),
        Ref::new(5),
    );
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(pages);
    pdf.pages(pages).kids([page]).count(1);
    let mut p = pdf.page(page);
    p.media_box(Rect::new(0.0, 0.0, 595.0, 842.0))
        .parent(pages)
        .contents(content);
    p.resources().fonts().pair(Name(b"F1"), font);
    p.finish();
    pdf.type1_font(font).base_font(Name(b"Helvetica"));
    let mut c = Content::new();
    c.begin_text()
        .set_font(Name(b"F1"), 14.0)
        .next_line(72.0, 760.0)
        .show(Str(text.as_bytes()))
        .end_text();
    pdf.stream(content, &c.finish());
    pdf.finish()
}

/// The text pdftotext (poppler-utils) finds in a PDF file.
pub fn pdf_text(path: &std::path::Path) -> String {
    let output = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext (poppler-utils): {e}"));
    assert!(output.status.success(), "pdftotext {}", path.display());
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A marker no other test prints.
pub fn marker(tag: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!("KIOSK-{tag}-{}-{nanos}", std::process::id())
}
