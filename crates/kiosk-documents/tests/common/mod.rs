//! Shared fixtures: a member, issue contexts, keys, and the PDF tools the tests call.
#![allow(dead_code, clippy::unwrap_used)]

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use kiosk_documents::{
    DocumentRequest, DocumentSigner, IssueContext, RenderedDocument, SenderNumber, SigningKey,
    TreatyCountry, render,
};
use kiosk_protocol::{FamilyMember, InsuranceStatus, MemberSnapshot};
use time::{
    OffsetDateTime,
    macros::{date, datetime},
};

pub const ISSUED_AT: OffsetDateTime = datetime!(2026-11-02 13:05:30 UTC);

pub fn snapshot() -> MemberSnapshot {
    MemberSnapshot {
        kvnr: "A123456780".into(),
        first_name: "Käthe".into(),
        last_name: "Müller-Großmann".into(),
        birth_date: "1998-03-07".into(),
        insurer: "Gesundheitskasse Nord (Demo)".into(),
        member_since: "2016-10-01".into(),
        status: InsuranceStatus::Student,
        family: vec![FamilyMember {
            kvnr: "Z987654321".into(),
            first_name: "Jürgen".into(),
            last_name: "Straßburger".into(),
            birth_date: "2021-12-24".into(),
        }],
        version: 7,
    }
}

pub fn context() -> IssueContext {
    IssueContext {
        document_id: *b"0123456789abcdef",
        branch_id: "Lübeck-Mitte".into(),
        kiosk_id: "K-017".into(),
        issued_at: ISSUED_AT,
        data_as_of: None,
    }
}

pub fn signer(seed: u8) -> DocumentSigner {
    DocumentSigner::new(SigningKey::from_bytes(&[seed; 32]))
}

/// One request of each document type.
pub fn requests() -> Vec<(&'static str, DocumentRequest)> {
    vec![
        ("membership", DocumentRequest::Membership),
        (
            "university-receipt",
            DocumentRequest::UniversityReceipt {
                sender_number: SenderNumber::parse("H0000719").unwrap(),
            },
        ),
        ("student-certificate", DocumentRequest::StudentCertificate),
        (
            "travel-turkey",
            DocumentRequest::TravelCertificate {
                country: TreatyCountry::Turkey,
                from: date!(2026 - 12 - 20),
                until: date!(2027 - 01 - 10),
            },
        ),
        (
            "travel-tunisia",
            DocumentRequest::TravelCertificate {
                country: TreatyCountry::Tunisia,
                from: date!(2026 - 11 - 02),
                until: date!(2026 - 11 - 30),
            },
        ),
        (
            "travel-bosnia",
            DocumentRequest::TravelCertificate {
                country: TreatyCountry::BosniaHerzegovina,
                from: date!(2027 - 03 - 01),
                until: date!(2027 - 03 - 14),
            },
        ),
    ]
}

/// A member whose family's names hold over 300 different letters (Greek, Cyrillic, Latin-1
/// and Latin Extended-A), more than one font dictionary takes: short names that fit the
/// family table's name column.
pub fn many_characters() -> MemberSnapshot {
    let letters: Vec<char> = ('\u{391}'..='\u{3a9}')
        .chain('\u{3b1}'..='\u{3c9}')
        .chain('\u{401}'..='\u{44f}')
        .chain('\u{c0}'..='\u{17f}')
        .filter(|c| c.is_alphabetic())
        .collect();
    let mut member = snapshot();
    member.family = letters
        .chunks(16)
        .enumerate()
        .map(|(i, chunk)| FamilyMember {
            kvnr: kiosk_domain::Kvnr::with_check_digit(b'B', 10_000_100 + i as u32)
                .unwrap()
                .as_str()
                .to_owned(),
            first_name: format!("Kind{}", i + 1),
            last_name: chunk.iter().collect(),
            birth_date: "2015-05-05".into(),
        })
        .collect();
    member
}

pub fn rendered(request: &DocumentRequest) -> RenderedDocument {
    render(request, &snapshot(), &context(), &signer(1)).expect("renders")
}

/// A tool from poppler-utils, qpdf, ghostscript or cups-client. Missing tools fail the test with a clear message unless
/// KIOSK_ALLOW_MISSING_TOOLS=1, in which case the caller skips that check (and says so).
pub fn tool(name: &str) -> Option<Command> {
    let found = Command::new(name)
        .arg(if name == "qpdf" { "--version" } else { "-v" })
        .output()
        .is_ok();
    if found {
        return Some(Command::new(name));
    }
    if std::env::var("KIOSK_ALLOW_MISSING_TOOLS").as_deref() == Ok("1") {
        eprintln!("{name} is not installed: check skipped (KIOSK_ALLOW_MISSING_TOOLS=1)");
        return None;
    }
    let package = match name {
        "qpdf" => "qpdf",
        "gs" => "ghostscript",
        "lp" | "lpstat" => "cups-client",
        _ => "poppler-utils",
    };
    panic!(
        "{name} is not installed: install {package} (apt-get install poppler-utils qpdf \
         ghostscript), or set KIOSK_ALLOW_MISSING_TOOLS=1 to skip the checks that need it"
    );
}

/// Writes the PDF to a fresh file under the target dir and returns its path.
pub fn write_temp(name: &str, pdf: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kiosk-documents-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    if let Ok(dump) = std::env::var("KIOSK_DOCUMENTS_DUMP") {
        std::fs::create_dir_all(&dump).unwrap();
        std::fs::copy(&path, Path::new(&dump).join(format!("{name}.pdf"))).unwrap();
    }
    path
}

pub fn run(mut command: Command, path: &Path) -> (bool, String) {
    let output = command.arg(path).output().expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}
