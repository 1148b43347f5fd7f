//! Staff and IT on the branch printer: its status, and the prints that may or may not have
//! happened (a crash or a lost answer between submitting and the print server's
//! confirmation), which staff resolve after checking the printer's tray. Shows print ids,
//! document kinds, times and CUPS job ids, never personal data.

use std::{fmt::Write as _, path::Path};

use anyhow::Context;
use kiosk_print::{PrintUser, Printer};
use kiosk_store::Store;

/// The printer's state; `Ok((text, ready))`. Not ready either when the print user is one
/// this machine's print server does not know (it would crash on the kiosk's Cancel-Job).
pub fn status(config_file: &Path) -> anyhow::Result<(String, bool)> {
    let config = kiosk_config::load(config_file)?;
    let user = PrintUser::from_config(config.printer_user.as_deref())?;
    let (user_line, user_ok) = user_check(&user, &config);
    let printer = Printer::new(&config.printer_uri, user)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let status = runtime.block_on(printer.status())?;
    let mut out = format!(
        "printer {}: {:?}, {}",
        printer.uri(),
        status.state,
        if status.accepting_jobs {
            "accepting jobs"
        } else {
            "not accepting jobs"
        }
    );
    if status.problems.is_empty() {
        out.push_str("\nready to print");
    } else {
        let problems: Vec<String> = status.problems.iter().map(ToString::to_string).collect();
        let _ = write!(out, "\nproblems: {}", problems.join("; "));
        if status
            .problems
            .contains(&kiosk_print::PrinterProblem::Stopped)
        {
            let _ = write!(out, "\n  restart the queue: cupsenable {}", printer.queue());
        }
        if status
            .problems
            .contains(&kiosk_print::PrinterProblem::NotAccepting)
        {
            let _ = write!(out, "\n  let it take jobs: cupsaccept {}", printer.queue());
        }
    }
    if !status.reasons.is_empty() {
        let _ = write!(
            out,
            "\nprinter-state-reasons: {}",
            status.reasons.join(", ")
        );
    }
    out.push('\n');
    out.push_str(&user_line);
    Ok((out, status.is_ready() && user_ok))
}

/// What is known of the print user: a print server on this machine checks it against this
/// machine's users; one elsewhere only staff can check.
fn user_check(user: &PrintUser, config: &kiosk_config::KioskConfig) -> (String, bool) {
    let source = if user.is_configured() {
        "printer.user"
    } else {
        "the OS user the kiosk runs as"
    };
    if config.printer_user.is_none() {
        return (format!("prints as {user} ({source})"), true);
    }
    if user.exists_on_this_machine() {
        return (
            format!("prints as {user} ({source}; a user on this machine)"),
            true,
        );
    }
    if config.print_server_is_local() {
        return (
            format!(
                "prints as {user} ({source}), but this machine has no such user: its cupsd \
                 crashes on the kiosk's Cancel-Job; create the user (adduser --system {user}) \
                 or remove printer.user"
            ),
            false,
        );
    }
    (
        format!(
            "prints as {user} ({source}): this user must exist on the print server's host, or \
             its cupsd crashes on the kiosk's Cancel-Job (check there: getent passwd {user})"
        ),
        true,
    )
}

fn open_store(config_file: &Path) -> anyhow::Result<Store> {
    crate::store::open_existing(&kiosk_config::load(config_file)?)
}

/// The prints in doubt, one line each.
pub fn doubts(config_file: &Path) -> anyhow::Result<String> {
    let store = open_store(config_file)?;
    let doubts = store.prints_in_doubt()?;
    if doubts.is_empty() {
        return Ok("no prints in doubt".to_owned());
    }
    let mut out = format!(
        "{} print(s) in doubt: check the printer's tray, then \
         `kioskctl print resolve PRINT_ID --printed` or `--not-printed`",
        doubts.len()
    );
    for print in doubts {
        let job = print
            .cups_job_id
            .map_or_else(|| "none (never confirmed)".to_owned(), |id| id.to_string());
        let _ = write!(
            out,
            "\nprint {}  {}  created {}  CUPS job {}",
            print.print_id, print.document_kind, print.created_at, job
        );
    }
    Ok(out)
}

/// Someone checked the tray: records what they found (kiosk-core's rule, as at the staff panel).
pub fn resolve(config_file: &Path, print_id: i64, printed: bool) -> anyhow::Result<String> {
    let mut store = open_store(config_file)?;
    kiosk_core::resolve_print_doubt(
        &mut store,
        print_id,
        printed,
        kiosk_core::Resolver::Operator,
    )
    .map_err(|e| match e {
        kiosk_core::DoubtError::NotInDoubt(..) => {
            anyhow::anyhow!("{e} (`kioskctl print doubts` lists those)")
        }
        other => anyhow::Error::new(other),
    })?;
    Ok(if printed {
        format!("print {print_id} resolved as printed: the document is not printed again")
    } else {
        format!("print {print_id} resolved as not printed: the document may be printed again")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiosk_protocol::{DocumentPrinted, PrintOutcome};
    use kiosk_store::{NewPrint, PrintState, StoreKey};

    /// A kiosk.toml in `dir` (the example's, with its data and key there) with `printer_uri`.
    fn config_in(dir: &Path, printer_uri: &str) -> std::path::PathBuf {
        let example = std::fs::read_to_string(
            Path::new(
                std::env::var("CARGO_MANIFEST_DIR")
                    .as_deref()
                    .unwrap_or(env!("CARGO_MANIFEST_DIR")),
            )
            .join("../../kiosk-config/kiosk.example.toml"),
        )
        .expect("example")
        .replace("/var/lib/kiosk", "data")
        .replace("/etc/kiosk/store.key", "store.key")
        .replace("ipp://localhost:631/printers/Kiosk", printer_uri);
        let config = dir.join("kiosk.toml");
        std::fs::write(&config, example).expect("config");
        StoreKey::create_file(&dir.join("store.key")).expect("key");
        config
    }

    #[test]
    fn doubts_are_listed_and_resolved_with_an_audit_record() {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = config_in(dir.path(), "ipp://localhost:631/printers/Kiosk");
        let err = doubts(&config).expect_err("no store yet");
        assert!(err.to_string().contains("no store yet"), "{err}");

        let key = StoreKey::from_file(&dir.path().join("store.key")).expect("key");
        let mut store =
            Store::open(&Store::file_in(&dir.path().join("data")), &key).expect("store");
        let report = DocumentPrinted {
            session_id: None,
            branch_id: "B-1".into(),
            kiosk_id: "B-1-K1".into(),
            document_id: "ab".repeat(16),
            document_kind: "membership".into(),
            key_id: "cd".repeat(8),
            content_digest: "ef".repeat(32),
            valid_from: "2026-11-29".into(),
            valid_until: "2026-11-29".into(),
            outcome: PrintOutcome::InDoubt,
            problem: None,
        };
        let id = store
            .transaction(|tx| {
                let id = tx.begin_print(&NewPrint {
                    document_id: "d-1".into(),
                    document_kind: "membership-certificate".into(),
                    session_id: None,
                    printer_uri: "ipp://localhost:631/printers/Kiosk".into(),
                })?;
                tx.set_print_record(id, &serde_json::to_string(&report).expect("json"))?;
                Ok::<_, kiosk_store::StoreError>(id)
            })
            .expect("begin");
        assert_eq!(doubts(&config).expect("doubts"), "no prints in doubt");
        let err = resolve(&config, id, true).expect_err("not in doubt");
        assert!(
            err.to_string().contains("submitting, not in doubt"),
            "{err}"
        );
        store
            .transaction(|tx| tx.print_in_doubt(id, "interrupted"))
            .expect("in doubt");
        drop(store);

        let list = doubts(&config).expect("doubts");
        assert!(list.starts_with("1 print(s) in doubt"), "{list}");
        assert!(
            list.contains(&format!("print {id}  membership-certificate  created 20"))
                && list.contains("CUPS job none"),
            "{list}"
        );
        assert!(
            resolve(&config, id, false)
                .expect("resolves")
                .contains("may be printed again")
        );
        assert_eq!(doubts(&config).expect("doubts"), "no prints in doubt");
        let err = resolve(&config, 999, true).expect_err("unknown");
        assert!(
            err.to_string()
                .contains("not in this kiosk's print journal"),
            "{err}"
        );

        let store = Store::open(&Store::file_in(&dir.path().join("data")), &key).expect("store");
        let audit = &store.audit_trail(1).expect("audit")[0];
        assert_eq!(audit.kind, "print.resolved");
        assert_eq!(
            audit.detail,
            format!(r#"{{"printId":{id},"printed":false,"by":"operator"}}"#)
        );
        assert_eq!(
            store.print(id).expect("read").expect("row").state,
            PrintState::ResolvedNotPrinted
        );
        // The central system hears what staff found.
        let mut sent = store.pending_events(10).expect("outbox");
        sent.retain(|e| e.kind != "audit.recorded");
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].kind, "document.printed");
        assert!(
            sent[0]
                .payload
                .contains(r#""outcome":"resolvedNotPrinted""#),
            "{}",
            sent[0].payload
        );
    }

    #[test]
    fn the_status_of_an_unreachable_printer_says_what_to_check() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("port")
            .port();
        let dir = tempfile::tempdir().expect("tempdir");
        let config = config_in(
            dir.path(),
            &format!("ipp://127.0.0.1:{port}/printers/Kiosk"),
        );
        let err = status(&config).expect_err("closed port");
        assert!(err.to_string().contains("cannot be reached"), "{err}");
    }

    #[test]
    fn the_status_of_the_test_queue_is_read() {
        let Ok(uri) = std::env::var("KIOSK_TEST_PRINTER_URI") else {
            assert_ne!(
                std::env::var("KIOSK_REQUIRE_CUPS").as_deref(),
                Ok("1"),
                "KIOSK_REQUIRE_CUPS=1 but KIOSK_TEST_PRINTER_URI is unset: run under scripts/with-cups"
            );
            eprintln!(
                "skipped: no CUPS queue (KIOSK_TEST_PRINTER_URI is unset; see scripts/with-cups)"
            );
            return;
        };
        let dir = tempfile::tempdir().expect("tempdir");
        let config = config_in(dir.path(), &uri);
        let (text, _ready) = status(&config).expect("status");
        assert!(text.starts_with(&format!("printer {uri}: ")), "{text}");
    }
}
