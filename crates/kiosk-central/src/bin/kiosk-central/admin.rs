//! The admin commands: one function each, with the answer on stdout and the error, with its
//! context, for `main` to report.
#![allow(clippy::print_stdout)] // the commands' answers go to stdout

use std::path::Path;

use anyhow::Context;
use kiosk_central::{
    CentralConfig, Db,
    db::{Revocation, Unlock},
    letters, seed,
};

async fn connect(config: &Path) -> anyhow::Result<Db> {
    let config = CentralConfig::load(config)?;
    Db::connect(&config.database_url).await.context("database")
}

fn check_id(what: &str, id: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        kiosk_protocol::is_valid_id(id),
        "{what} {id:?}: 2 to 32 characters A-Z, 0-9, '-'"
    );
    Ok(())
}

pub async fn seed_demo(
    config: &Path,
    branches: &[String],
    members_per_branch: usize,
    seed: u64,
) -> anyhow::Result<()> {
    for branch in branches {
        check_id("branch", branch)?;
    }
    let db = connect(config).await?;
    let n = seed::seed(&db, branches, members_per_branch, seed).await?;
    println!("{n} demo members seeded for {}", branches.join(", "));
    Ok(())
}

pub async fn enroll_kiosk(config: &Path, kiosk_id: &str, branch_id: &str) -> anyhow::Result<()> {
    check_id("kiosk id", kiosk_id)?;
    check_id("branch id", branch_id)?;
    let db = connect(config).await?;
    let code = enrollment_code()?;
    db.create_enrollment(
        kiosk_id,
        branch_id,
        &kiosk_central::server::hash_code(&code),
        24 * 3600 * 1000,
    )
    .await?;
    println!("{code}");
    Ok(())
}

pub async fn revoke_kiosk(config: &Path, kiosk_id: &str) -> anyhow::Result<()> {
    let db = connect(config).await?;
    anyhow::ensure!(db.revoke_kiosk(kiosk_id).await?, "no kiosk {kiosk_id}");
    println!("{kiosk_id}: revoked");
    Ok(())
}

pub async fn issue_letter(config: &Path, kvnr: &str, out: &Path, days: u16) -> anyhow::Result<()> {
    // The number is not repeated in the error: it is personal data.
    let kvnr: kiosk_domain::Kvnr = kvnr.parse().map_err(|e| anyhow::anyhow!("--kvnr: {e}"))?;
    let central = CentralConfig::load(config)?;
    let signer = letters::key_file::load(&central.pki_dir)?;
    let db = connect(config).await?;
    let today = kiosk_domain::berlin::date(time::OffsetDateTime::now_utc());
    let letter = letters::issue(&db, &signer, &kvnr, days, today).await?;
    write_pdf(out, &letter.pdf.pdf)?;
    println!(
        "letter {} (key {}, QR version {}) valid through {}: {}",
        letter.letter_id,
        letter.key_id,
        letter.pdf.qr_version,
        letter.expires,
        out.display()
    );
    Ok(())
}

/// The letter run: a letter for every request members made at a kiosk ("per Post
/// anfordern"), each to `out/letter-request-<id>.pdf` for the print shop, then marked issued.
/// A request whose letter could not be written stays queued for the next run.
pub async fn issue_requested_letters(config: &Path, out: &Path, days: u16) -> anyhow::Result<()> {
    let central = CentralConfig::load(config)?;
    let signer = letters::key_file::load(&central.pki_dir)?;
    let db = connect(config).await?;
    let today = kiosk_domain::berlin::date(time::OffsetDateTime::now_utc());
    let queued = db.queued_letter_requests().await?;
    for (request_id, kvnr) in &queued {
        let Ok(kvnr) = kvnr.parse::<kiosk_domain::Kvnr>() else {
            anyhow::bail!("letter request {request_id}: the stored KVNR is not valid");
        };
        let letter = letters::issue(&db, &signer, &kvnr, days, today).await?;
        let path = out.join(format!("letter-request-{request_id}.pdf"));
        write_pdf(&path, &letter.pdf.pdf).with_context(|| {
            format!(
                "letter request {request_id}: letter {} not written",
                letter.letter_id
            )
        })?;
        db.mark_letter_request_issued(request_id).await?;
        println!(
            "request {request_id}: letter {} valid through {}: {}",
            letter.letter_id,
            letter.expires,
            path.display()
        );
    }
    println!("{} requested letter(s) issued", queued.len());
    Ok(())
}

fn letter_id(text: &str) -> anyhow::Result<kiosk_letter::LetterId> {
    text.parse()
        .map_err(|e| anyhow::anyhow!("--letter-id: {e}"))
}

pub async fn revoke_letter(config: &Path, letter_id_text: &str) -> anyhow::Result<()> {
    let id = letter_id(letter_id_text)?;
    let db = connect(config).await?;
    match db.revoke_letter(&id.to_string()).await? {
        Revocation::Revoked => println!("letter {id}: revoked"),
        Revocation::AlreadyRevoked => println!("letter {id}: was already revoked"),
        Revocation::Unknown => anyhow::bail!("no letter {id}"),
    }
    Ok(())
}

pub async fn unlock_letter(
    config: &Path,
    letter_id_text: &str,
    staff_id: &str,
) -> anyhow::Result<()> {
    let id = letter_id(letter_id_text)?;
    anyhow::ensure!(
        kiosk_protocol::is_valid_staff_id(staff_id),
        "--staff-id: 2 to 32 letters, digits or '-'"
    );
    let db = connect(config).await?;
    match db.unlock_letter(&id.to_string()).await? {
        Unlock::Unlocked => {
            tracing::info!(staff_id, "letter unlocked by IT");
            println!("letter {id}: unlocked; every kiosk accepts it after its next pull");
        }
        Unlock::WasNotLocked => println!("letter {id}: was not locked"),
        Unlock::Unknown => anyhow::bail!("no letter {id}"),
    }
    Ok(())
}

/// One line per break; an error (exit status 2, the message on stderr) when there are any, so
/// a monitoring job notices.
pub async fn audit_breaks(config: &Path, kiosk_id: Option<&str>) -> anyhow::Result<()> {
    if let Some(id) = kiosk_id {
        check_id("kiosk id", id)?;
    }
    let db = connect(config).await?;
    let breaks = db.audit_chain_breaks(kiosk_id).await?;
    for found in &breaks {
        println!(
            "{} seq {}: {} (found {})",
            found.kiosk_id,
            found.seq,
            found.problem,
            time::OffsetDateTime::from_unix_timestamp_nanos(
                i128::from(found.detected_at) * 1_000_000
            )
            .ok()
            .and_then(|t| t
                .format(&time::format_description::well_known::Rfc3339)
                .ok())
            .unwrap_or_default()
        );
    }
    anyhow::ensure!(
        breaks.is_empty(),
        "{} break(s) in kiosks' audit trails: compare with the kiosk's store (`kioskctl store check`)",
        breaks.len()
    );
    println!("no breaks in the audit trails");
    Ok(())
}

pub async fn rotate_letter_key(config: &Path) -> anyhow::Result<()> {
    let central = CentralConfig::load(config)?;
    // First, so that a missing root leaves the current key in place.
    let root = letters::root_file::load(&central.pki_dir)?;
    let db = connect(config).await?;
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
        Some(old) => {
            println!("letter key {key_id} replaces {old} (kept valid for letters it signed)")
        }
        None => println!("letter key {key_id} created"),
    }
    Ok(())
}

pub async fn revoke_letter_key(config: &Path, key_id: &str) -> anyhow::Result<()> {
    let id: kiosk_letter::KeyId = key_id
        .parse()
        .map_err(|e| anyhow::anyhow!("--key-id: {e}"))?;
    let central = CentralConfig::load(config)?;
    let db = connect(config).await?;
    match db.revoke_letter_key(id.as_str()).await? {
        Revocation::Revoked => println!(
            "letter key {id}: revoked; letters it signed identify no one, at each kiosk after \
             its next pull"
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
    Ok(())
}

pub fn init_letter_root(dir: &Path) -> anyhow::Result<()> {
    let root = letters::root_file::create(dir)?;
    println!(
        "letter root created: pin it in every kiosk.toml ([letters] root_key = \"{}\", or \
         root_key_file = \"{}\"); then run `kiosk-central rotate-letter-key`",
        root.to_base64(),
        dir.join(letters::root_file::PUBLIC_FILE).display()
    );
    Ok(())
}

pub fn init_smartident_key(dir: &Path) -> anyhow::Result<()> {
    kiosk_central::smartident::create_key(dir)?;
    println!(
        "SmartIdent key created: the Service-App pins {}",
        dir.join(kiosk_central::smartident::PUBLIC_FILE).display()
    );
    Ok(())
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
