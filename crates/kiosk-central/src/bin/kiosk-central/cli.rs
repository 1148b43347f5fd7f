//! The command line: what each command takes.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "kiosk-central",
    version,
    about = "The kiosks' central system (reference implementation)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
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
    /// The letter run: issue a letter for every request members made at a kiosk ("per Post
    /// anfordern"), one PDF each in --out for the print shop.
    IssueRequestedLetters {
        #[arg(long)]
        config: PathBuf,
        /// The folder the PDFs go to (letter-request-<id>.pdf).
        #[arg(long)]
        out: PathBuf,
        /// Days each letter is valid after today (at most 60).
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
    /// Make the SmartIdent key (for a PKI folder made before `init-pki` made one): it signs
    /// the registration QR codes, and the Service-App pins its public half (smartident.pub).
    InitSmartidentKey {
        #[arg(long)]
        dir: PathBuf,
    },
    /// List the breaks found in kiosks' audit trails (changed, missing, inserted or reordered
    /// records, or a trail that started again); exits 1 when there are any.
    AuditBreaks {
        #[arg(long)]
        config: PathBuf,
        /// Only this kiosk's.
        #[arg(long)]
        kiosk_id: Option<String>,
    },
    /// Staff accounts for assist mode at the kiosks.
    Staff {
        #[arg(long)]
        config: PathBuf,
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Print the OpenAPI document of the protocol.
    Openapi,
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// A new account; its PIN (6 to 8 digits) is read from stdin.
    Add {
        #[arg(long)]
        staff_id: String,
        #[arg(long, value_enum)]
        role: StaffRoleArg,
        /// A branch the account works in (repeat for several).
        #[arg(long, required = true)]
        branch: Vec<String>,
    },
    /// A new PIN, read from stdin; the account's locks at kiosks end with it.
    SetPin {
        #[arg(long)]
        staff_id: String,
    },
    /// A new role and the branches the account works in (all of them).
    SetRole {
        #[arg(long)]
        staff_id: String,
        #[arg(long, value_enum)]
        role: StaffRoleArg,
        #[arg(long, required = true)]
        branch: Vec<String>,
    },
    /// Revoke an account for good: it stops working at each kiosk after its next pull.
    Revoke {
        #[arg(long)]
        staff_id: String,
    },
    /// Every account: number, role, branches, state (active, revoked, locked at a kiosk).
    List,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum StaffRoleArg {
    Assist,
    BranchLead,
}
