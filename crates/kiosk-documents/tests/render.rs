//! Every document type renders to a PDF that the standard tools accept: text extractable
//! exactly (umlauts, ß), every font embedded and subset, qpdf --check clean, PDF/A metadata.

mod common;

use std::process::Command;

use common::{ISSUED_AT, context, rendered, requests, signer, snapshot, tool, write_temp};
use kiosk_documents::{DocumentKeys, DocumentRequest, Verdict, render, verify_pdf};
use kiosk_protocol::FamilyMember;
use time::Duration;

fn text_of(path: &std::path::Path) -> Option<String> {
    let mut pdftotext = tool("pdftotext")?;
    let output = pdftotext
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(output.status.success(), "pdftotext failed");
    Some(String::from_utf8(output.stdout).expect("utf-8 text"))
}

/// The membership certificate for `member`, which must verify: where it was written and its
/// text (None when pdftotext is missing and allowed to be).
fn membership_verified(
    name: &str,
    member: &kiosk_protocol::MemberSnapshot,
) -> (std::path::PathBuf, Option<String>) {
    let document =
        render(&DocumentRequest::Membership, member, &context(), &signer(1)).expect("renders");
    let mut keys = DocumentKeys::new();
    keys.insert(signer(1).verifying_key());
    assert!(matches!(
        verify_pdf(&document.pdf, &keys),
        Verdict::Valid(_)
    ));
    let path = write_temp(name, &document.pdf);
    let text = text_of(&path);
    (path, text)
}

#[test]
fn every_document_type_has_its_text_exactly() {
    for (name, request) in requests() {
        let document = rendered(&request);
        let path = write_temp(name, &document.pdf);
        let Some(text) = text_of(&path) else {
            return;
        };
        let mut expected = vec![
            "Käthe Müller-Großmann",
            "A123456780",
            "Gesundheitskasse Nord (Demo)",
            "Geschäftsstelle Lübeck-Mitte",
            "Ausgestellt am 02.11.2026, 14:05 (UTC+01:00)",
            "Dokument-Nr. 3031 3233 3435 3637 3839 6162 6364 6566",
            "Echtheit prüfen",
            "Seite 1 von 1",
        ];
        if !matches!(request, DocumentRequest::UniversityReceipt { .. }) {
            expected.push("07.03.1998");
        }
        match &request {
            DocumentRequest::Membership => expected.extend([
                "Mitgliedsbescheinigung",
                "Bescheinigung über die Mitgliedschaft nach § 175 SGB V",
                "Geburtsdatum / Date of birth",
                "01.10.2016",
                "Studierende (KVdS)",
                "gültig am Tag der Ausstellung (02.11.2026)",
                "Jürgen Straßburger",
                "Z987654321",
                "24.12.2021",
            ]),
            DocumentRequest::UniversityReceipt { .. } => expected.extend([
                "Eingangsbestätigung",
                "(M10, § 199a SGB V)",
                "H0000719",
                "02.11.2026",
            ]),
            DocumentRequest::StudentCertificate => expected.extend([
                "Versicherungsbescheinigung",
                "für die eigenen Unterlagen",
                "01.10.2016",
            ]),
            DocumentRequest::TravelCertificate { country, .. } => {
                expected.extend(["Jürgen Straßburger", "Z987654321"]);
                expected.push(match country.form_code() {
                    "T/A 11" => "Anspruchsbescheinigung T/A 11 – Türkei",
                    "TN/A 11" => "Anspruchsbescheinigung TN/A 11 – Tunesien",
                    _ => "Bosnien und Herzegowina",
                });
            }
        }
        if let DocumentRequest::TravelCertificate { country, .. } = &request {
            let period = match country.alpha2() {
                "TR" => "20.12.2026 bis 10.01.2027",
                "TN" => "02.11.2026 bis 30.11.2026",
                _ => "01.03.2027 bis 14.03.2027",
            };
            assert!(text.contains(period), "{name}: {period} missing in\n{text}");
        }
        for phrase in expected {
            assert!(
                text.contains(phrase),
                "{name}: {phrase:?} missing in\n{text}"
            );
        }
        assert!(
            !text.contains("Datenstand"),
            "{name}: online documents have no as-of line"
        );
        // No replacement characters: every character was in the fonts.
        assert!(!text.contains('?'), "{name}: {text}");
    }
}

#[test]
fn every_font_is_embedded_and_subset() {
    for (name, request) in requests() {
        let path = write_temp(&format!("fonts-{name}"), &rendered(&request).pdf);
        let Some(mut pdffonts) = tool("pdffonts") else {
            return;
        };
        let output = pdffonts.arg(&path).output().expect("pdffonts runs");
        let listing = String::from_utf8_lossy(&output.stdout);
        let fonts: Vec<&str> = listing.lines().skip(2).collect();
        assert_eq!(fonts.len(), 2, "{name}: {listing}");
        for line in fonts {
            let columns: Vec<&str> = line.split_whitespace().collect();
            // Simple TrueType fonts with their own encoding (WinAnsi and glyph names).
            assert_eq!(
                &columns[columns.len() - 7..columns.len() - 5],
                ["TrueType", "Custom"],
                "{line}"
            );
            // emb, sub, uni
            assert_eq!(
                &columns[columns.len() - 5..columns.len() - 2],
                ["yes", "yes", "yes"],
                "{line}"
            );
            assert!(
                columns[0]
                    .split_once('+')
                    .is_some_and(|(tag, _)| tag.len() == 6),
                "{line}"
            );
        }
    }
}

/// More than 255 different characters in the regular face: a second font dictionary over the
/// same subset program, every font still embedded, subset and with a Unicode map, the text
/// exact, the file clean and verifiable.
#[test]
fn many_different_characters_take_a_further_font_dictionary() {
    let member = common::many_characters();
    let (path, text) = membership_verified("many-characters", &member);
    let Some(text) = text else {
        return;
    };
    for person in &member.family {
        let name = format!("{} {}", person.first_name, person.last_name);
        assert!(text.contains(&name), "{name} missing in\n{text}");
    }
    let Some(mut pdffonts) = tool("pdffonts") else {
        return;
    };
    let output = pdffonts.arg(&path).output().expect("pdffonts runs");
    let listing = String::from_utf8_lossy(&output.stdout);
    let fonts: Vec<&str> = listing.lines().skip(2).collect();
    assert_eq!(fonts.len(), 3, "{listing}");
    let regular: Vec<&&str> = fonts
        .iter()
        .filter(|l| l.contains("+DejaVuSans "))
        .collect();
    assert_eq!(
        regular.len(),
        2,
        "two dictionaries over one program: {listing}"
    );
    for line in fonts {
        let columns: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(
            &columns[columns.len() - 7..columns.len() - 2],
            ["TrueType", "Custom", "yes", "yes", "yes"],
            "{line}"
        );
    }
    let Some(mut qpdf) = tool("qpdf") else {
        return;
    };
    let output = qpdf.arg("--check").arg(&path).output().expect("qpdf runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn qpdf_finds_no_errors_and_the_metadata_is_pdfa() {
    for (name, request) in requests() {
        let document = rendered(&request);
        let path = write_temp(&format!("qpdf-{name}"), &document.pdf);
        let Some(mut qpdf) = tool("qpdf") else {
            return;
        };
        let output = qpdf.arg("--check").arg(&path).output().expect("qpdf runs");
        let report = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{name}: {report}");
        assert!(
            report.contains("No syntax or stream encoding errors"),
            "{name}: {report}"
        );

        let Some(mut pdfinfo) = tool("pdfinfo") else {
            return;
        };
        let output = pdfinfo
            .arg("-meta")
            .arg(&path)
            .output()
            .expect("pdfinfo runs");
        let meta = String::from_utf8_lossy(&output.stdout);
        for expected in [
            "<pdfaid:part>2</pdfaid:part>",
            "<pdfaid:conformance>B</pdfaid:conformance>",
            "<dc:creator><rdf:Seq><rdf:li>Gesundheitskasse Nord (Demo)</rdf:li></rdf:Seq></dc:creator>",
            "<xmp:CreateDate>2026-11-02T14:05:30+01:00</xmp:CreateDate>",
            &format!("<kd:token>{}</kd:token>", document.token),
        ] {
            assert!(
                meta.contains(expected),
                "{name}: {expected} missing in\n{meta}"
            );
        }
        let output = Command::new("pdfinfo")
            .arg(&path)
            .output()
            .expect("pdfinfo runs");
        let info = String::from_utf8_lossy(&output.stdout);
        for expected in [
            "Author:          Gesundheitskasse Nord (Demo)",
            "Producer:        kiosk-documents",
            "x 841.89 pts (A4)",
            "Pages:           1",
        ] {
            assert!(
                info.contains(expected),
                "{name}: {expected} missing in\n{info}"
            );
        }
        assert!(
            !meta.contains("Käthe") && !info.contains("Käthe"),
            "no name in metadata"
        );
    }
}

#[test]
fn offline_documents_state_the_data_as_of_time() {
    let mut offline = context();
    offline.data_as_of = Some(ISSUED_AT - Duration::hours(20));
    let document = render(
        &DocumentRequest::Membership,
        &snapshot(),
        &offline,
        &signer(1),
    )
    .expect("renders");
    let path = write_temp("offline", &document.pdf);
    let Some(text) = text_of(&path) else {
        return;
    };
    assert!(
        text.contains("Datenstand: 01.11.2026, 18:05 (UTC+01:00) / Data as of 01.11.2026, 18:05"),
        "{text}"
    );
    // Data as fresh as the issue time needs no such line.
    let mut fresh = context();
    fresh.data_as_of = Some(ISSUED_AT);
    let document = render(
        &DocumentRequest::Membership,
        &snapshot(),
        &fresh,
        &signer(1),
    )
    .expect("renders");
    let text = text_of(&write_temp("fresh", &document.pdf)).unwrap_or_default();
    assert!(!text.contains("Datenstand"), "{text}");
}

#[test]
fn a_large_family_continues_on_further_pages_and_still_verifies() {
    let mut member = snapshot();
    member.family = (0..40)
        .map(|i| FamilyMember {
            kvnr: kiosk_domain::Kvnr::with_check_digit(b'B', 10_000_000 + i)
                .expect("kvnr")
                .as_str()
                .to_owned(),
            first_name: format!("Kind {}", i + 1),
            last_name: "Müller-Großmann".into(),
            birth_date: "2015-05-05".into(),
        })
        .collect();
    let Some(text) = membership_verified("large-family", &member).1 else {
        return;
    };
    assert!(
        text.contains("Seite 1 von 3") && text.contains("Seite 3 von 3"),
        "{text}"
    );
    assert!(
        text.contains("Mitgliedsbescheinigung (Fortsetzung)"),
        "{text}"
    );
    assert!(
        text.contains("Kind 1 ") && text.contains("Kind 40"),
        "{text}"
    );
}

#[test]
fn rendering_is_deterministic_and_refuses_bad_data() {
    let a = rendered(&DocumentRequest::Membership);
    let b = rendered(&DocumentRequest::Membership);
    assert_eq!(a.pdf, b.pdf);
    assert_eq!(a.token, b.token);

    let mut bad = snapshot();
    bad.kvnr = "A123456781".into();
    let error = render(&DocumentRequest::Membership, &bad, &context(), &signer(1))
        .expect_err("wrong check digit");
    assert_eq!(error.to_string(), "the member data has an invalid kvnr");
    let mut bad = snapshot();
    bad.birth_date = "07.03.1998".into();
    assert!(render(&DocumentRequest::Membership, &bad, &context(), &signer(1)).is_err());
    let mut bad = snapshot();
    bad.family[0].kvnr = "nonsense".into();
    let error = render(&DocumentRequest::Membership, &bad, &context(), &signer(1))
        .expect_err("bad family kvnr");
    assert!(
        !error.to_string().contains("nonsense"),
        "no values in errors"
    );

    // Travel dates are checked against the issue day.
    let past = DocumentRequest::TravelCertificate {
        country: kiosk_documents::TreatyCountry::Turkey,
        from: time::macros::date!(2026 - 11 - 01),
        until: time::macros::date!(2026 - 11 - 10),
    };
    let error = render(&past, &snapshot(), &context(), &signer(1)).expect_err("in the past");
    assert_eq!(error.code(), "startsInThePast");
}
