//! `phone-sim`: the Service-App's stand-in on the command line (see the crate's docs).

use std::{
    io::Write,
    path::{Path, PathBuf},
};

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use kiosk_protocol::{Decision, PendingApproval};
use phone_sim::{KeyFile, Phone, Pin, scan};

#[derive(Debug, Parser)]
#[command(about = "The SmartIdent Service-App's stand-in, for tests and demos")]
struct Cli {
    /// Where this phone keeps its key file (phone.key).
    #[arg(long, default_value = "phone-sim")]
    state: PathBuf,
    /// The central system's CA certificate (ca.pem), which the phone trusts.
    #[arg(long)]
    ca: PathBuf,
    /// The app PIN (a simulator takes it as an argument; a phone asks for it).
    #[arg(long)]
    pin: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// "QR-Code scannen": reads the registration QR from a screenshot, makes a device key
    /// protected by the PIN, binds it and prints the 6-digit code to type at the kiosk.
    Bind {
        /// A screenshot of the kiosk showing the registration QR.
        #[arg(long)]
        image: PathBuf,
        /// The central system's SmartIdent key (smartident.pub), which the app pins.
        #[arg(long)]
        pinned: PathBuf,
        /// What the member calls this phone.
        #[arg(long, default_value = "Testtelefon")]
        label: String,
    },
    /// Lists the approvals waiting for this phone, with what each is for.
    Approvals,
    /// Approves with the number the kiosk shows.
    Approve {
        #[arg(long)]
        number: u8,
        /// Which approval (default: the only one waiting).
        #[arg(long)]
        challenge: Option<String>,
    },
    /// Declines ("not me": the member did not start it).
    Decline {
        #[arg(long)]
        not_me: bool,
        #[arg(long)]
        challenge: Option<String>,
    },
    /// "Registrierung aufheben": removes this device at the central system and its key here.
    Remove,
}

fn key_path(state: &Path) -> PathBuf {
    state.join("phone.key")
}

fn out(line: &str) -> anyhow::Result<()> {
    writeln!(std::io::stdout().lock(), "{line}").context("cannot write to standard output")
}

fn unlocked(cli: &Cli) -> anyhow::Result<(KeyFile, Phone)> {
    let pin = Pin::typed(&cli.pin)?;
    let file = KeyFile::unlock(&key_path(&cli.state), &pin)?;
    let phone = Phone::new(&cli.ca, file.origin(), file.key().clone(), file.device_id())?;
    Ok((file, phone))
}

fn chosen(pending: Vec<PendingApproval>, id: Option<&str>) -> anyhow::Result<PendingApproval> {
    match id {
        Some(id) => pending
            .into_iter()
            .find(|p| p.challenge_id == id)
            .with_context(|| format!("no approval {id} waits for this phone")),
        None => match <[PendingApproval; 1]>::try_from(pending) {
            Ok([one]) => Ok(one),
            Err(all) if all.is_empty() => bail!("no approval waits for this phone"),
            Err(_) => bail!("several approvals wait: name one with --challenge"),
        },
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match &cli.command {
        Command::Bind {
            image,
            pinned,
            label,
        } => {
            let pin = Pin::choose(&cli.pin)?;
            let pinned = scan::pinned_key(pinned)?;
            let qr = scan::read_registration(image, &pinned, time::OffsetDateTime::now_utc())?;
            std::fs::create_dir_all(&cli.state)
                .with_context(|| format!("cannot create {}", cli.state.display()))?;
            let mut file = KeyFile::create(&key_path(&cli.state), &pin, qr.origin.as_str(), label)?;
            let mut phone = Phone::new(&cli.ca, file.origin(), file.key().clone(), None)?;
            match phone.bind(&qr, label).await {
                Ok(bound) => {
                    file.set_device_id(&bound.device_id)?;
                    out(&format!("Code: {}", bound.bind_code))
                }
                Err(error) => {
                    // Nothing was bound: the key is of no use.
                    file.destroy()?;
                    Err(error.into())
                }
            }
        }
        Command::Approvals => {
            let (_, phone) = unlocked(&cli)?;
            for pending in phone.pending().await? {
                out(&format!(
                    "{} {:?} kiosk {} branch {} requested {} until {}",
                    pending.challenge_id,
                    pending.purpose,
                    pending.kiosk_id,
                    pending.branch_id,
                    pending.requested_at,
                    pending.expires_at
                ))?;
            }
            Ok(())
        }
        Command::Approve { number, challenge } => {
            let (_, phone) = unlocked(&cli)?;
            let pending = chosen(phone.pending().await?, challenge.as_deref())?;
            phone
                .answer(&pending, Decision::Approve, Some(*number))
                .await?;
            out("approved")
        }
        Command::Decline { not_me, challenge } => {
            let (_, phone) = unlocked(&cli)?;
            let pending = chosen(phone.pending().await?, challenge.as_deref())?;
            let decision = if *not_me {
                Decision::NotMe
            } else {
                Decision::Decline
            };
            phone.answer(&pending, decision, None).await?;
            out("declined")
        }
        Command::Remove => {
            let (file, phone) = unlocked(&cli)?;
            phone.remove().await?;
            file.destroy()?;
            out("removed")
        }
    }
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "phone-sim: cannot start: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "phone-sim: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
