//! kiosk-central: the central system's reference service and its admin commands.

use std::{path::PathBuf, process::ExitCode};

use anyhow::Context;
use clap::{Parser, Subcommand};
use kiosk_central::{CentralConfig, Db, openapi, pki, seed, serve};

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
        Command::Openapi => print!("{}", openapi::document()),
    }
    Ok(())
}
