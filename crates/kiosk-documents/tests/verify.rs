//! Verification: the QR code on the page reads back (through the kiosk's own scan pipeline) as
//! exactly the token, which verifies with the right claims; changed content, other keys,
//! revocations and garbage get their verdicts.

mod common;

use common::{context, rendered, requests, signer, tool, write_temp};
use kiosk_documents::{
    DocumentKeys, DocumentKind, DocumentRequest, KeyId, NotADocument, TreatyCountry, Verdict,
    preview_png, verify_pdf, verify_token,
};
use kiosk_scan::Decoder;
use time::macros::{date, datetime};

fn keys() -> DocumentKeys {
    let mut keys = DocumentKeys::new();
    keys.insert(signer(1).verifying_key());
    keys
}

fn decode_png(png: &[u8]) -> Option<String> {
    let gray = image::load_from_memory(png).expect("png").to_luma8();
    Decoder::new().decode(&gray).decoded.map(|d| d.into_text())
}

#[test]
fn the_printed_qr_code_is_the_token_and_verifies_with_its_claims() {
    for (name, request) in requests() {
        let document = rendered(&request);
        // The kiosk's own preview (hayro), at about 150 dpi.
        let png = preview_png(&document.pdf, 0, 1240).expect("preview");
        assert_eq!(
            decode_png(&png).as_deref(),
            Some(document.token.as_str()),
            "{name}"
        );

        let Verdict::Valid(claims) = verify_token(&document.token, &keys()) else {
            panic!("{name}: token does not verify");
        };
        assert_eq!(claims, document.claims);
        assert_eq!(claims.kind(), request.kind());
        assert_eq!(claims.kvnr().as_str(), "A123456780");
        assert_eq!(
            claims.document_id().to_string(),
            "30313233343536373839616263646566"
        );
        assert_eq!(claims.issued_at(), datetime!(2026-11-02 13:05:30 UTC));
        assert_eq!(*claims.key_id(), KeyId::of(&signer(1).verifying_key()));
        assert_eq!(claims.masked_kvnr(), "A12345****");
        let (from, until) = match request {
            DocumentRequest::TravelCertificate { from, until, .. } => (from, until),
            _ => (date!(2026 - 11 - 02), date!(2026 - 11 - 02)),
        };
        assert_eq!(
            (claims.valid_from(), claims.valid_until()),
            (from, until),
            "{name}"
        );
        assert!(claims.is_valid_on(from) && !claims.is_valid_on(until.next_day().expect("day")));

        assert_eq!(
            verify_pdf(&document.pdf, &keys()),
            Verdict::Valid(claims),
            "{name}"
        );
    }
}

#[test]
fn poppler_at_150_dpi_reads_the_same_token() {
    let document = rendered(&DocumentRequest::TravelCertificate {
        country: TreatyCountry::Turkey,
        from: date!(2026 - 12 - 20),
        until: date!(2027 - 01 - 10),
    });
    let path = write_temp("scan-travel", &document.pdf);
    let Some(mut pdftoppm) = tool("pdftoppm") else {
        return;
    };
    let prefix = path.with_extension("");
    let status = pdftoppm
        .args(["-r", "150", "-png", "-singlefile"])
        .arg(&path)
        .arg(&prefix)
        .status()
        .expect("pdftoppm runs");
    assert!(status.success());
    let png = std::fs::read(prefix.with_extension("png")).expect("png");
    assert_eq!(decode_png(&png).as_deref(), Some(document.token.as_str()));
    assert_eq!(
        verify_token(&document.token, &keys()).code(),
        "valid",
        "the scanned token verifies"
    );
    assert!(matches!(
        verify_token(&document.token, &keys()),
        Verdict::Valid(c) if c.kind() == DocumentKind::TravelCertificate(TreatyCountry::Turkey)
    ));
}

/// The file uncompressed by qpdf (QDF: every stream readable, same objects), so a test can
/// change one byte of a decoded stream the way an editor would.
fn uncompressed(name: &str, pdf: &[u8]) -> Option<Vec<u8>> {
    let path = write_temp(name, pdf);
    let out = path.with_extension("qdf.pdf");
    let mut qpdf = tool("qpdf")?;
    let status = qpdf
        .args([
            "--qdf",
            "--normalize-content=n",
            "--object-streams=disable",
            "--compress-streams=n",
        ])
        .arg(&path)
        .arg(&out)
        .status()
        .expect("qpdf runs");
    assert!(status.success());
    Some(std::fs::read(out).expect("qdf"))
}

fn replace_once(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len());
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .unwrap_or_else(|| panic!("{} not found", String::from_utf8_lossy(from)));
    bytes[at..at + to.len()].copy_from_slice(to);
}

#[test]
fn recompressed_files_still_verify_and_changed_bytes_are_tampered() {
    let document = rendered(&DocumentRequest::Membership);
    let Some(plain) = uncompressed("tamper", &document.pdf) else {
        return;
    };
    // qpdf's rewrite (other object numbers, no compression) keeps the content: still valid.
    assert!(matches!(verify_pdf(&plain, &keys()), Verdict::Valid(_)));

    // One digit of a text position in the body's content stream ("Td" operands).
    let mut moved = plain.clone();
    let text = String::from_utf8_lossy(&plain);
    let td = text.find(" Td").expect("a text position");
    let digit = text[..td]
        .rfind(|c: char| c.is_ascii_digit())
        .expect("digit");
    moved[digit] = if moved[digit] == b'1' { b'2' } else { b'1' };
    assert_eq!(verify_pdf(&moved, &keys()), Verdict::Tampered);

    // A different QR code (one module fewer in the form).
    let mut other_code = plain.clone();
    replace_once(&mut other_code, b" 1 re\n", b" 0 re\n");
    assert_eq!(verify_pdf(&other_code, &keys()), Verdict::Tampered);

    // A glyph name in a font's encoding changed: the same codes would show a 9 for a 0.
    let mut renamed = plain.clone();
    replace_once(&mut renamed, b"/zero\n", b"/nine\n");
    assert_eq!(verify_pdf(&renamed, &keys()), Verdict::Tampered);

    // Another base encoding, a symbolic font (readers would look glyphs up by code, not by
    // name), another font type: other glyphs could show for the same signed content.
    for (from, to) in [
        (
            &b"/BaseEncoding /WinAnsiEncoding"[..],
            &b"/BaseEncoding /WinAnsiEncodinx"[..],
        ),
        (b"/Flags 32\n", b"/Flags 36\n"),
        (b"/Subtype /TrueType", b"/Subtype /TrueTypx"),
        (b"/FontFile2", b"/FontFile3"),
    ] {
        let mut changed = plain.clone();
        replace_once(&mut changed, from, to);
        assert_eq!(
            verify_pdf(&changed, &keys()),
            Verdict::Tampered,
            "{}",
            String::from_utf8_lossy(to)
        );
    }

    // A changed token in the metadata: no longer the signed one.
    let mut token = document.token.clone().into_bytes();
    token[20] = if token[20] == b'A' { b'B' } else { b'A' };
    let mut other_token = plain.clone();
    replace_once(&mut other_token, document.token.as_bytes(), &token);
    assert!(matches!(
        verify_pdf(&other_token, &keys()),
        Verdict::Tampered | Verdict::NotADocument(_) | Verdict::UnknownKey
    ));
}

#[test]
fn other_keys_revocations_and_garbage_get_their_verdicts() {
    let document = rendered(&DocumentRequest::Membership);

    let mut others = DocumentKeys::new();
    others.insert(signer(2).verifying_key());
    assert_eq!(verify_token(&document.token, &others), Verdict::UnknownKey);
    assert_eq!(verify_pdf(&document.pdf, &others), Verdict::UnknownKey);
    let mine = kiosk_documents::render(
        &DocumentRequest::Membership,
        &common::snapshot(),
        &context(),
        &signer(2),
    )
    .expect("renders");
    assert_eq!(verify_pdf(&mine.pdf, &keys()), Verdict::UnknownKey);

    let mut revoked = keys();
    revoked.revoke_key(KeyId::of(&signer(1).verifying_key()));
    assert_eq!(verify_token(&document.token, &revoked), Verdict::Revoked);
    assert_eq!(verify_pdf(&document.pdf, &revoked), Verdict::Revoked);

    let mut withdrawn = keys();
    withdrawn.revoke_document(*document.claims.document_id());
    assert_eq!(verify_token(&document.token, &withdrawn), Verdict::Revoked);
    assert_eq!(verify_pdf(&document.pdf, &withdrawn), Verdict::Revoked);

    // A key that claims the signer's id but is another key: the signature fails.
    struct Impostor;
    impl kiosk_documents::KeyLookup for Impostor {
        fn lookup(&self, _: &[u8; 8]) -> kiosk_documents::KeyStatus {
            kiosk_documents::KeyStatus::Active(signer(3).verifying_key())
        }
    }
    assert_eq!(verify_token(&document.token, &Impostor), Verdict::Tampered);

    for garbage in [&b""[..], b"%PDF-1.7\n", b"hello", &[0xff; 1000]] {
        assert!(
            matches!(verify_pdf(garbage, &keys()), Verdict::NotADocument(_)),
            "{garbage:?}"
        );
    }
    assert_eq!(
        verify_token("https://example.org", &keys()),
        Verdict::NotADocument(NotADocument::NoToken)
    );
    let letter = kiosk_central_style_letter();
    assert!(matches!(
        verify_pdf(&letter, &keys()),
        Verdict::NotADocument(_)
    ));

    // A flipped bit in the signature.
    let mut bytes = kiosk_token::base45::decode(&document.token[4..]).expect("base45");
    bytes[100] ^= 1;
    let flipped = format!("KD1:{}", kiosk_token::base45::encode(&bytes));
    assert_eq!(verify_token(&flipped, &keys()), Verdict::Tampered);
}

/// A valid PDF that is not a kiosk document (no token in its metadata).
fn kiosk_central_style_letter() -> Vec<u8> {
    let mut pdf = pdf_writer::Pdf::new();
    pdf.catalog(pdf_writer::Ref::new(1))
        .pages(pdf_writer::Ref::new(2));
    pdf.pages(pdf_writer::Ref::new(2)).count(0);
    pdf.finish()
}

#[test]
fn a_preview_is_a_png_of_the_asked_width() {
    let document = rendered(&DocumentRequest::StudentCertificate);
    let png = preview_png(&document.pdf, 0, 600).expect("preview");
    let image = image::load_from_memory(&png).expect("png");
    assert_eq!(image.width(), 600);
    assert!((848..=849).contains(&image.height()), "{}", image.height());
    assert_eq!(
        preview_png(&document.pdf, 1, 600).map_err(|e| e.code()),
        Err("noSuchPage")
    );
    assert!(preview_png(&document.pdf, 0, 0).is_err());
    assert!(preview_png(b"not a pdf", 0, 600).is_err());
    if let Ok(dir) = std::env::var("KIOSK_DOCUMENTS_DUMP") {
        std::fs::write(format!("{dir}/preview.png"), &png).expect("write");
    }
}

#[test]
fn every_page_is_previewed_from_one_parse() {
    // A large family continues on further pages.
    let mut member = common::snapshot();
    member.family = (0..40).map(|_| member.family[0].clone()).collect();
    let document = kiosk_documents::render(
        &DocumentRequest::Membership,
        &member,
        &context(),
        &signer(1),
    )
    .expect("renders");
    let pages = kiosk_documents::preview_pngs(&document.pdf, 600).expect("previews");
    assert!(pages.len() >= 2, "{} pages", pages.len());
    for (index, png) in pages.iter().enumerate() {
        assert_eq!(image::load_from_memory(png).expect("png").width(), 600);
        assert_eq!(
            png,
            &preview_png(&document.pdf, index, 600).expect("one page"),
            "page {index} as previewed alone"
        );
    }
    assert!(kiosk_documents::preview_pngs(&kiosk_central_style_letter(), 600).is_err());
    assert!(kiosk_documents::preview_pngs(&document.pdf, 4001).is_err());
}
