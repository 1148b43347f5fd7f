//! kioskctl: the kiosk's command line for IT. A thin layer over the kiosk crates.

mod central;
mod crash;
mod letter;
mod print;
mod scan;
mod store;
mod verify;

use std::{path::PathBuf, process::ExitCode};

use anyhow::Context;
use clap::{ArgGroup, Parser, Subcommand};
use kiosk_store::StoreKey;

#[derive(Debug, Parser)]
#[command(
    name = "kioskctl",
    version,
    about = "Administer a branch self-service kiosk"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The kiosk's configuration file.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// The encrypted local store.
    #[command(subcommand)]
    Store(StoreCommand),
    /// The connection to the central system.
    #[command(subcommand)]
    Central(CentralCommand),
    /// Activation letters on this kiosk.
    #[command(subcommand)]
    Letter(LetterCommand),
    /// The branch printer and prints in doubt.
    #[command(subcommand)]
    Print(PrintCommand),
    /// Verify a kiosk document, a PDF file or the token from its QR code (KD1:…), with the
    /// document keys given. Prints one line (valid: TYPE ID valid FROM..UNTIL kvnr MASKED, or
    /// tampered, unknown key, revoked, not a document: WHY); exits 0 only for a valid document,
    /// 1 otherwise, 2 for usage errors.
    Verify {
        /// A PDF file, or the token text.
        input: String,
        /// A document signing public key: base64 of the 32-byte Ed25519 key. Repeatable.
        #[arg(long = "key", value_name = "BASE64")]
        keys: Vec<String>,
        /// A kiosk's configuration: its own document key is trusted, and, when it is enrolled,
        /// the central system is asked for other kiosks' keys and for withdrawn documents.
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Read the QR code in each image through the kiosk's scan pipeline; prints one JSON line
    /// per image: {"path", "text" (null if none was read), "ms" (decode time)}.
    Scan {
        #[arg(required = true)]
        images: Vec<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum LetterCommand {
    /// A letter locked after three wrong dates of birth: says how IT unlocks it at the central
    /// system once staff have checked the member's identity document (a kiosk cannot).
    Unlock {
        #[arg(long, default_value = DEFAULT_CONFIG)]
        config: PathBuf,
        /// The letter number as printed on the letter.
        #[arg(long)]
        letter_id: String,
        /// Who checked the member (recorded in the audit trail).
        #[arg(long)]
        staff_id: String,
    },
}

#[derive(Debug, Subcommand)]
enum PrintCommand {
    /// Ask the printer's CUPS queue (printer.uri in kiosk.toml) for its state and problems;
    /// fails when it cannot print now.
    Status {
        #[arg(long, default_value = DEFAULT_CONFIG)]
        config: PathBuf,
    },
    /// List the prints that may or may not have happened (print id, document kind, created,
    /// CUPS job id), for staff to check the printer's tray.
    Doubts {
        #[arg(long, default_value = DEFAULT_CONFIG)]
        config: PathBuf,
    },
    /// Record what staff found in the tray for a print in doubt (audited).
    #[command(group(ArgGroup::new("found").required(true).args(["printed", "not_printed"])))]
    Resolve {
        /// The print id as `print doubts` lists it.
        print_id: i64,
        /// The document is in the tray: it is not printed again.
        #[arg(long)]
        printed: bool,
        /// It is not: the member may print it again.
        #[arg(long)]
        not_printed: bool,
        #[arg(long, default_value = DEFAULT_CONFIG)]
        config: PathBuf,
    },
}

/// Where the kiosk's configuration lives unless `--config` says otherwise.
const DEFAULT_CONFIG: &str = "/etc/kiosk/kiosk.toml";

#[derive(Debug, Subcommand)]
enum CentralCommand {
    /// Enroll this kiosk with a one-time code from the central system; prints its branch.
    /// The credential goes to <data_dir>/credential and is never overwritten without --replace.
    Enroll {
        #[arg(long, default_value = DEFAULT_CONFIG)]
        config: PathBuf,
        /// The one-time enrollment code, or `-` to read it from standard input (then it shows
        /// in no process list or shell history).
        #[arg(long)]
        code: String,
        /// Enroll again although a credential exists (it is moved aside once the new one is in
        /// place).
        #[arg(long)]
        replace: bool,
    },
    /// Show the credential, the outbox and the last pull cursor from the local store (does not
    /// contact the central system).
    Status {
        #[arg(long, default_value = DEFAULT_CONFIG)]
        config: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Validate a kiosk.toml and list every problem in it.
    Check { file: PathBuf },
}

#[derive(Debug, Subcommand)]
enum StoreCommand {
    /// Write a new random store key (mode 0600). Never overwrites a file.
    NewKey { file: PathBuf },
    /// Open the store named in a kiosk.toml and run SQLite's integrity check.
    Check { config: PathBuf },
    /// Kill -9 a store writer again and again; check that every committed row survives.
    CrashTest {
        /// How many times to kill the writer.
        #[arg(long, default_value_t = 300)]
        kills: u32,
        /// Work folder (default: a new temporary folder, removed afterwards).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// The writer that crash-test kills (internal).
    #[command(hide = true)]
    CrashWriter { db: PathBuf, key: PathBuf },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Its own exit codes: 1 is a verdict (not valid), not an error.
    if let Command::Verify {
        input,
        keys,
        config,
    } = &cli.command
    {
        return verify::run(input, keys, config.as_deref());
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kioskctl: {error:#}");
            ExitCode::FAILURE
        }
    }
}

#[allow(clippy::print_stdout)] // a command-line tool's answers go to stdout
fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Config(ConfigCommand::Check { file }) => {
            let config = kiosk_config::load(&file)?;
            println!(
                "{}: ok (branch {}, kiosk {})",
                file.display(),
                config.branch_id,
                config.kiosk_id
            );
        }
        Command::Store(StoreCommand::NewKey { file }) => {
            StoreKey::create_file(&file)?;
            println!("{}: new store key written (mode 0600)", file.display());
        }
        Command::Store(StoreCommand::Check { config }) => {
            let store = store::open_existing(&kiosk_config::load(&config)?)?;
            let report = store.integrity_check()?;
            let chain = store.audit_chain()?;
            let breaks = kiosk_protocol::verify_chain(&chain);
            println!(
                "{}: integrity {report}, schema {}, {} events waiting for the central system, \
                 audit chain of {} records {}",
                store.path().display(),
                store.schema_version()?,
                store.outbox_depth()?,
                chain.len(),
                if breaks.is_empty() {
                    "unbroken"
                } else {
                    "BROKEN"
                }
            );
            for (seq, problem) in &breaks {
                println!("audit record {seq}: {}", problem.as_str());
            }
            anyhow::ensure!(report == "ok", "the store is damaged");
            anyhow::ensure!(
                breaks.is_empty(),
                "the audit trail was changed: keep the store file as evidence and tell IT security"
            );
        }
        Command::Store(StoreCommand::CrashTest { kills, dir }) => {
            let summary = crash::run(kills, dir).context("crash test")?;
            println!("{summary}");
        }
        Command::Store(StoreCommand::CrashWriter { db, key }) => crash::writer(&db, &key)?,
        Command::Central(CentralCommand::Enroll {
            config,
            code,
            replace,
        }) => {
            let code = if code == "-" {
                central::read_code(std::io::stdin().lock())?
            } else {
                code
            };
            println!("{}", central::enroll(&config, &code, replace)?);
        }
        Command::Central(CentralCommand::Status { config }) => {
            println!("{}", central::status(&config)?);
        }
        Command::Letter(LetterCommand::Unlock {
            config,
            letter_id,
            staff_id,
        }) => {
            println!("{}", letter::unlock(&config, &letter_id, &staff_id)?);
        }
        Command::Print(PrintCommand::Status { config }) => {
            let (text, ready) = print::status(&config)?;
            println!("{text}");
            anyhow::ensure!(ready, "the printer cannot print now");
        }
        Command::Print(PrintCommand::Doubts { config }) => println!("{}", print::doubts(&config)?),
        Command::Print(PrintCommand::Resolve {
            print_id,
            printed,
            config,
            ..
        }) => println!("{}", print::resolve(&config, print_id, printed)?),
        Command::Verify { .. } => anyhow::bail!("verify is run by main"),
        Command::Scan { images } => {
            let (lines, all_loaded) = scan::run(&images);
            for line in &lines {
                println!("{}", scan::to_line(line));
            }
            anyhow::ensure!(all_loaded, "some files could not be read as images");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use clap::error::ErrorKind;

    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("kioskctl").chain(args.iter().copied()))
    }

    #[test]
    fn central_enroll_takes_config_code_and_replace() {
        let cli = parse(&[
            "central", "enroll", "--config", "/k.toml", "--code", "AB-12",
        ])
        .expect("parses");
        assert!(matches!(
            cli.command,
            Command::Central(CentralCommand::Enroll { ref config, ref code, replace: false })
                if config == Path::new("/k.toml") && code == "AB-12"
        ));
        let cli = parse(&["central", "enroll", "--code", "AB-12", "--replace"]).expect("parses");
        assert!(matches!(
            cli.command,
            Command::Central(CentralCommand::Enroll { ref config, replace: true, .. })
                if config == Path::new(DEFAULT_CONFIG)
        ));
    }

    #[test]
    fn central_enroll_without_a_code_is_a_usage_error() {
        let error = parse(&["central", "enroll", "--config", "/k.toml"]).expect_err("no code");
        assert_eq!(error.kind(), ErrorKind::MissingRequiredArgument);
        assert!(error.to_string().contains("--code"), "{error}");
    }

    #[test]
    fn scan_takes_one_or_more_images() {
        let cli = parse(&["scan", "a.png", "b.jpg"]).expect("parses");
        assert!(matches!(cli.command, Command::Scan { ref images } if images.len() == 2));
        let error = parse(&["scan"]).expect_err("no image");
        assert_eq!(error.kind(), ErrorKind::MissingRequiredArgument);
    }

    #[test]
    fn print_resolve_needs_exactly_one_finding() {
        let cli = parse(&["print", "resolve", "12", "--printed"]).expect("parses");
        assert!(matches!(
            cli.command,
            Command::Print(PrintCommand::Resolve { print_id: 12, printed: true, not_printed: false, ref config })
                if config == Path::new(DEFAULT_CONFIG)
        ));
        let cli = parse(&[
            "print",
            "resolve",
            "12",
            "--not-printed",
            "--config",
            "/k.toml",
        ])
        .expect("parses");
        assert!(matches!(
            cli.command,
            Command::Print(PrintCommand::Resolve {
                printed: false,
                not_printed: true,
                ..
            })
        ));
        let error = parse(&["print", "resolve", "12"]).expect_err("no finding");
        assert_eq!(error.kind(), ErrorKind::MissingRequiredArgument);
        let error =
            parse(&["print", "resolve", "12", "--printed", "--not-printed"]).expect_err("both");
        assert_eq!(error.kind(), ErrorKind::ArgumentConflict);
        assert!(parse(&["print", "status"]).is_ok() && parse(&["print", "doubts"]).is_ok());
    }

    #[test]
    fn verify_takes_an_input_repeated_keys_and_an_optional_config() {
        let cli = parse(&["verify", "doc.pdf", "--key", "AAA=", "--key", "BBB="]).expect("parses");
        assert!(matches!(
            cli.command,
            Command::Verify { ref input, ref keys, config: None }
                if input == "doc.pdf" && keys.len() == 2
        ));
        let error = parse(&["verify"]).expect_err("no input");
        assert_eq!(error.kind(), ErrorKind::MissingRequiredArgument);
        assert_eq!(error.exit_code(), 2);
    }

    #[test]
    fn central_status_defaults_to_the_system_config() {
        let cli = parse(&["central", "status"]).expect("parses");
        assert!(matches!(
            cli.command,
            Command::Central(CentralCommand::Status { ref config }) if config == Path::new(DEFAULT_CONFIG)
        ));
    }
}
