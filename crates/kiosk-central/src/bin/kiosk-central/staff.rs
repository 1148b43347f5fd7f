//! `kiosk-central staff …`: staff accounts for assist mode. A PIN is read from stdin (one
//! line), never from the command line, where `ps` and the shell's history would keep it.
#![allow(clippy::print_stdout)] // the commands' answers go to stdout

use std::{io::BufRead, path::Path};

use anyhow::Context;
use kiosk_central::{
    CentralConfig, Db,
    db::{StaffChange, StaffRecord},
};
use kiosk_domain::staff::{Pin, PinVerifier, StaffAccount, StaffId, StaffRole};

use crate::cli::{StaffCommand, StaffRoleArg};

async fn connect(config: &Path) -> anyhow::Result<Db> {
    let config = CentralConfig::load(config)?;
    Db::connect(&config.database_url).await.context("database")
}

fn staff_id(text: &str) -> anyhow::Result<StaffId> {
    text.parse()
        .map_err(|e| anyhow::anyhow!("--staff-id {text:?}: {e}"))
}

fn branches(list: &[String]) -> anyhow::Result<Vec<String>> {
    anyhow::ensure!(!list.is_empty(), "name at least one --branch");
    for branch in list {
        anyhow::ensure!(
            kiosk_protocol::is_valid_id(branch),
            "--branch {branch:?}: 2 to 32 characters A-Z, 0-9, '-'"
        );
    }
    let mut list = list.to_vec();
    list.sort();
    list.dedup();
    Ok(list)
}

/// The new PIN from stdin, hashed.
fn pin_from_stdin() -> anyhow::Result<PinVerifier> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("reading the PIN from stdin")?;
    let pin = Pin::new_pin(line.trim_end_matches(['\n', '\r']))
        .map_err(|e| anyhow::anyhow!("the PIN on stdin: {e}"))?;
    line.clear();
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| anyhow::anyhow!("randomness: {e}"))?;
    Ok(PinVerifier::create(&pin, &salt)?)
}

fn role(arg: StaffRoleArg) -> StaffRole {
    match arg {
        StaffRoleArg::Assist => StaffRole::Assist,
        StaffRoleArg::BranchLead => StaffRole::BranchLead,
    }
}

fn answer(change: StaffChange, id: &StaffId, done: &str) -> anyhow::Result<()> {
    match change {
        StaffChange::Done => {
            println!("staff {id}: {done}; kiosks of its branches know after their next pull");
            Ok(())
        }
        StaffChange::Unknown => anyhow::bail!("no staff account {id}"),
        StaffChange::AlreadyExists => {
            anyhow::bail!("staff account {id} exists: use `staff set-pin` or `staff set-role`")
        }
        StaffChange::Revoked => {
            anyhow::bail!("staff account {id} is revoked; a staff number is never used again")
        }
    }
}

fn describe(record: &StaffRecord) -> String {
    let state = if record.revoked_at.is_some() {
        "revoked".to_owned()
    } else if record.locks.is_empty() {
        "active".to_owned()
    } else {
        let locks: Vec<String> = record
            .locks
            .iter()
            .map(|(kiosk, until)| format!("locked at {kiosk} until {until}"))
            .collect();
        locks.join(", ")
    };
    format!(
        "{}\t{}\t{}\t{state}",
        record.account.staff_id,
        record.account.role.as_str(),
        record.account.branches.join(",")
    )
}

pub async fn run(config: &Path, command: StaffCommand) -> anyhow::Result<()> {
    match command {
        StaffCommand::Add {
            staff_id: id,
            role: r,
            branch,
        } => {
            let id = staff_id(&id)?;
            let account = StaffAccount {
                staff_id: id.clone(),
                role: role(r),
                branches: branches(&branch)?,
            };
            let verifier = pin_from_stdin()?;
            let db = connect(config).await?;
            answer(db.add_staff(&account, &verifier).await?, &id, "added")
        }
        StaffCommand::SetPin { staff_id: id } => {
            let id = staff_id(&id)?;
            let verifier = pin_from_stdin()?;
            let db = connect(config).await?;
            answer(db.set_staff_pin(&id, &verifier).await?, &id, "new PIN set")
        }
        StaffCommand::SetRole {
            staff_id: id,
            role: r,
            branch,
        } => {
            let id = staff_id(&id)?;
            let list = branches(&branch)?;
            let db = connect(config).await?;
            answer(
                db.set_staff_role(&id, role(r), &list).await?,
                &id,
                "role and branches set",
            )
        }
        StaffCommand::Revoke { staff_id: id } => {
            let id = staff_id(&id)?;
            let db = connect(config).await?;
            answer(db.revoke_staff(&id).await?, &id, "revoked")
        }
        StaffCommand::List => {
            let db = connect(config).await?;
            let list = db.staff_list().await?;
            if list.is_empty() {
                println!("no staff accounts; add one with `kiosk-central staff add`");
            }
            for record in &list {
                println!("{}", describe(record));
            }
            Ok(())
        }
    }
}
