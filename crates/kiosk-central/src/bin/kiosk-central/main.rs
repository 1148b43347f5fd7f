//! kiosk-central: the central system's reference service and its admin commands. This file
//! runs the chosen command; `cli.rs` says what each takes, `admin.rs` does the admin ones.

mod admin;
mod cli;
mod staff;

use std::process::ExitCode;

use clap::Parser;
use kiosk_central::{CentralConfig, openapi, pki, serve};

use crate::cli::{Cli, Command};

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

#[allow(clippy::print_stdout)] // the commands' answers go to stdout
async fn run(cli: Cli) -> anyhow::Result<()> {
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
        } => admin::seed_demo(&config, &branches, members_per_branch, seed).await?,
        Command::EnrollKiosk {
            config,
            kiosk_id,
            branch_id,
        } => admin::enroll_kiosk(&config, &kiosk_id, &branch_id).await?,
        Command::RevokeKiosk { config, kiosk_id } => {
            admin::revoke_kiosk(&config, &kiosk_id).await?
        }
        Command::IssueLetter {
            config,
            kvnr,
            out,
            days,
        } => admin::issue_letter(&config, &kvnr, &out, days).await?,
        Command::IssueRequestedLetters { config, out, days } => {
            admin::issue_requested_letters(&config, &out, days).await?
        }
        Command::RevokeLetter { config, letter_id } => {
            admin::revoke_letter(&config, &letter_id).await?
        }
        Command::UnlockLetter {
            config,
            letter_id,
            staff_id,
        } => admin::unlock_letter(&config, &letter_id, &staff_id).await?,
        Command::RotateLetterKey { config } => admin::rotate_letter_key(&config).await?,
        Command::RevokeLetterKey { config, key_id } => {
            admin::revoke_letter_key(&config, &key_id).await?
        }
        Command::InitLetterRoot { dir } => admin::init_letter_root(&dir)?,
        Command::InitSmartidentKey { dir } => admin::init_smartident_key(&dir)?,
        Command::AuditBreaks { config, kiosk_id } => {
            admin::audit_breaks(&config, kiosk_id.as_deref()).await?
        }
        Command::Staff { config, command } => staff::run(&config, command).await?,
        Command::Openapi => print!("{}", openapi::document()),
    }
    Ok(())
}
