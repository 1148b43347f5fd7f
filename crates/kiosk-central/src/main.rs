//! kiosk-central: the central system's reference service and its admin commands.

use std::{path::PathBuf, process::ExitCode};

use anyhow::Context;
use clap::{Parser, Subcommand};
use kiosk_central::{
    CentralConfig, Db,
    db::{Revocation, Unlock},
    letters, openapi, pki, seed, serve,
};

#[derive(Debug, Parser)]
#[command(
    name = "kiosk-central",
    version,
    about = "The kiosks' central system (reference implementation)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create the CA and the server certificate for HOSTs (names or IP addresses).
    InitPki {
        #[arg(long)]
        dir: PathBuf,
        #[arg(long = "host", required = true)]
        hosts: Vec<String>,
    },
    /// Run the HTTPS service.
    Serve {
        #[arg(long)]
        config: PathBuf,
    },
    /// Fill the database with demo members for the given branches.
    SeedDemo {
        #[arg(long)]
        config: PathBuf,
        #[arg(long, value_delimiter = ',', default_value = "DEMO-01,DEMO-02,DEMO-03")]
        branches: Vec<String>,
        #[arg(long, default_value_t = 50)]
        members_per_branch: usize,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Register a kiosk and print its one-time enrollment code (valid 24 hours).
    EnrollKiosk {
        #[arg(long)]
        config: PathBuf,
        #[arg(long)]
        kiosk_id: String,
        #[arg(long)]
        branch_id: String,
    },
    /// Revoke a kiosk's credential at once.
    RevokeKiosk {
        #[arg(long)]
        config: PathBuf,
        #[arg(long)]
        kiosk_id: String,
    },
    /// Issue an activation letter for a member: an A4 PDF to post, with the signed QR code.
    IssueLetter {
        #[arg(long)]
        config: PathBuf,
        #[arg(long)]
        kvnr: String,
        #[arg(long)]
        out: PathBuf,
        /// Days the letter is valid after today (at most 60).
        #[arg(long, default_value_t = kiosk_letter::MAX_VALIDITY_DAYS)]
        days: u16,
    },
    /// Revoke an activation letter at once: every kiosk refuses it after its next pull.
    RevokeLetter {
        #[arg(long)]
        config: PathBuf,
        /// As printed on the letter (32 hex digits; spaces are ignored).
        #[arg(long)]
        letter_id: String,
    },
    /// Unlock a letter that wrong dates of birth locked, once staff have checked the member's
    /// ID: its count of wrong dates starts again and every kiosk accepts it after its next
    /// pull. Kiosks cannot unlock (the central system cannot check a staff sign-in yet).
    UnlockLetter {
        #[arg(long)]
        config: PathBuf,
        /// As printed on the letter (32 hex digits; spaces are ignored).
        #[arg(long)]
        letter_id: String,
        /// Who checked the ID (a staff number), for the audit trail.
        #[arg(long)]
        staff_id: String,
    },
    /// Make a new letter signing key (or the first one), endorsed by the letter root, and
    /// announce it to the kiosks. Letters signed with an older key stay valid until they
    /// expire.
    RotateLetterKey {
        #[arg(long)]
        config: PathBuf,
    },
    /// Withdraw a letter key (compromised, or retired early): every letter it signed stops
    /// identifying anyone, here at once and at each kiosk after its next pull.
    RevokeLetterKey {
        #[arg(long)]
        config: PathBuf,
        /// e.g. L26A
        #[arg(long)]
        key_id: String,
    },
    /// Make the letter root (for a PKI folder made before `init-pki` made one): it endorses
    /// letter keys, and every kiosk pins its public half (letter-root.pub) in kiosk.toml.
    InitLetterRoot {
        #[arg(long)]
        dir: PathBuf,
    },
    /// Print the OpenAPI document of the protocol.
    Openapi,
}

fn main() -> ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CENTRAL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("kiosk-central: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(Cli::parse())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kiosk-central: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn enrollment_code() -> anyhow::Result<String> {
    // No 0/O or 1/I: the code is read off a screen and typed.
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("randomness: {e}"))?;
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    Ok(chars
        .chunks(5)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-"))
}

/// Writes the whole file beside its place and renames it, so no half letter is ever there.
fn write_pdf(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("{}", parent.display()))?;
    }
    let partial = path.with_extension("pdf.partial");
    std::fs::write(&partial, bytes).with_context(|| format!("{}", partial.display()))?;
    std::fs::rename(&partial, path).with_context(|| format!("{}", path.display()))?;
    Ok(())
}

#[allow(clippy::print_stdout)] // the commands' answers go to stdout
async fn run(cli: Cli) -> anyhow::Result<()> {
    let connect = |config: &PathBuf| {
        let config = config.clone();
        async move {
            let config = CentralConfig::load(&config)?;
            Db::connect(&config.database_url).await.context("database")
        }
    };
    match cli.command {
        Command::InitPki { dir, hosts } => {
            pki::init(&dir, &hosts)?;
            println!("{}: CA and server certificate created", dir.display());
        }
        Command::Serve { config } => {
            let config = CentralConfig::load(&config)?;
            let server = serve(&config).await?;
            tokio::select! {
                result = server.wait() => result?,
                _ = tokio::signal::ctrl_c() => tracing::info!("stopping"),
            }
        }
        Command::SeedDemo {
            config,
            branches,
            members_per_branch,
            seed,
        } => {
            for branch in &branches {
                anyhow::ensure!(
                    kiosk_protocol::is_valid_id(branch),
                    "branch {branch:?}: 2 to 32 characters A-Z, 0-9, '-'"
                );
            }
            let db = connect(&config).await?;
            let n = seed::seed(&db, &branches, members_per_branch, seed).await?;
            println!("{n} demo members seeded for {}", branches.join(", "));
        }
        Command::EnrollKiosk {
            config,
            kiosk_id,
            branch_id,
        } => {
            anyhow::ensure!(
                kiosk_protocol::is_valid_id(&kiosk_id),
                "kiosk id {kiosk_id:?}: 2 to 32 characters A-Z, 0-9, '-'"
            );
            anyhow::ensure!(
                kiosk_protocol::is_valid_id(&branch_id),
                "branch id {branch_id:?}: 2 to 32 characters A-Z, 0-9, '-'"
            );
            let db = connect(&config).await?;
            let code = enrollment_code()?;
            db.create_enrollment(
                &kiosk_id,
                &branch_id,
                &kiosk_central::server::hash_code(&code),
                24 * 3600 * 1000,
            )
            .await?;
            println!("{code}");
        }
        Command::RevokeKiosk { config, kiosk_id } => {
            let db = connect(&config).await?;
            anyhow::ensure!(db.revoke_kiosk(&kiosk_id).await?, "no kiosk {kiosk_id}");
            println!("{kiosk_id}: revoked");
        }
        Command::IssueLetter {
            config,
            kvnr,
            out,
            days,
        } => {
            // The number is not repeated in the error: it is personal data.
            let kvnr: kiosk_domain::Kvnr =
                kvnr.parse().map_err(|e| anyhow::anyhow!("--kvnr: {e}"))?;
            let central = CentralConfig::load(&config)?;
            let signer = letters::key_file::load(&central.pki_dir)?;
            let db = connect(&config).await?;
            let today = kiosk_domain::berlin::date(time::OffsetDateTime::now_utc());
            let letter = letters::issue(&db, &signer, &kvnr, days, today).await?;
            write_pdf(&out, &letter.pdf.pdf)?;
            println!(
                "letter {} (key {}, QR version {}) valid through {}: {}",
                letter.letter_id,
                letter.key_id,
                letter.pdf.qr_version,
                letter.expires,
                out.display()
            );
        }
        Command::RevokeLetter { config, letter_id } => {
            let id: kiosk_letter::LetterId = letter_id
                .parse()
                .map_err(|e| anyhow::anyhow!("--letter-id: {e}"))?;
            let db = connect(&config).await?;
            match db.revoke_letter(&id.to_string()).await? {
                Revocation::Revoked => println!("letter {id}: revoked"),
                Revocation::AlreadyRevoked => println!("letter {id}: was already revoked"),
                Revocation::Unknown => anyhow::bail!("no letter {id}"),
            }
        }
        Command::UnlockLetter {
            config,
            letter_id,
            staff_id,
        } => {
            let id: kiosk_letter::LetterId = letter_id
                .parse()
                .map_err(|e| anyhow::anyhow!("--letter-id: {e}"))?;
            anyhow::ensure!(
                kiosk_protocol::is_valid_staff_id(&staff_id),
                "--staff-id: 2 to 32 letters, digits or '-'"
            );
            let db = connect(&config).await?;
            match db.unlock_letter(&id.to_string()).await? {
                Unlock::Unlocked => {
                    tracing::info!(staff_id, "letter unlocked by IT");
                    println!("letter {id}: unlocked; every kiosk accepts it after its next pull");
                }
                Unlock::WasNotLocked => println!("letter {id}: was not locked"),
                Unlock::Unknown => anyhow::bail!("no letter {id}"),
            }
        }
        Command::RotateLetterKey { config } => {
            let central = CentralConfig::load(&config)?;
            // First, so that a missing root leaves the current key in place.
            let root = letters::root_file::load(&central.pki_dir)?;
            let db = connect(&config).await?;
            let mut taken: Vec<String> = db
                .letter_keys()
                .await?
                .into_iter()
                .map(|(id, _)| id)
                .collect();
            let retired = letters::key_file::retire(&central.pki_dir)?;
            taken.extend(retired.map(|id| id.to_string()));
            let year = time::OffsetDateTime::now_utc().year();
            let key_id = letters::key_file::next_key_id(year, &taken)?;
            let signer = letters::key_file::create(&central.pki_dir, key_id, &root)?;
            letters::register_key(&db, &signer).await?;
            match retired {
                Some(old) => println!(
                    "letter key {key_id} replaces {old} (kept valid for letters it signed)"
                ),
                None => println!("letter key {key_id} created"),
            }
        }
        Command::RevokeLetterKey { config, key_id } => {
            let id: kiosk_letter::KeyId = key_id
                .parse()
                .map_err(|e| anyhow::anyhow!("--key-id: {e}"))?;
            let central = CentralConfig::load(&config)?;
            let db = connect(&config).await?;
            match db.revoke_letter_key(id.as_str()).await? {
                Revocation::Revoked => println!(
                    "letter key {id}: revoked; letters it signed identify no one, at each kiosk \
                     after its next pull"
                ),
                Revocation::AlreadyRevoked => println!("letter key {id}: was already revoked"),
                Revocation::Unknown => anyhow::bail!("no letter key {id}"),
            }
            if letters::key_file::current_key_id(&central.pki_dir)? == Some(id) {
                println!(
                    "it is the current signing key: run `kiosk-central rotate-letter-key` before \
                     issuing letters again"
                );
            }
        }
        Command::InitLetterRoot { dir } => {
            let root = letters::root_file::create(&dir)?;
            println!(
                "letter root created: pin it in every kiosk.toml ([letters] root_key = \"{}\", or \
                 root_key_file = \"{}\"); then run `kiosk-central rotate-letter-key`",
                root.to_base64(),
                dir.join(letters::root_file::PUBLIC_FILE).display()
            );
        }
        Command::Openapi => print!("{}", openapi::document()),
    }
    Ok(())
}
