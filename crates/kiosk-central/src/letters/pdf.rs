//! The activation letter as an A4 PDF: letterhead, address window (DIN 5008 form B), the
//! explanation, the QR code drawn as vector squares (crisp at any printer resolution) and the
//! instructions. One page, standard fonts (see `winansi`).

use kiosk_domain::berlin::german_date;
use kiosk_letter::LetterId;
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use qrcode::{EcLevel, QrCode, Version};
use thiserror::Error;
use time::Date;

use super::winansi;

const PAGE_WIDTH_MM: f32 = 210.0;
const PAGE_HEIGHT_MM: f32 = 297.0;
const LEFT_MM: f32 = 25.0;
const RIGHT_MM: f32 = 190.0;
/// The QR symbol's width without its quiet zone. At 41 modules (version 6) a module is
/// 1.34 mm, which a 720p kiosk camera resolves from 30 to 60 cm.
pub const QR_SIZE_MM: f32 = 55.0;
/// White modules around the symbol that nothing may be drawn on (ISO/IEC 18004).
const QUIET_MODULES: f32 = 4.0;
const REGULAR: Name = Name(b"F1");
const BOLD: Name = Name(b"F2");

#[derive(Debug, Error)]
pub enum PdfError {
    #[error("the QR code cannot hold the token: {0}")]
    Qr(qrcode::types::QrError),
    #[error("the letter's text does not fit on one page")]
    DoesNotFit,
}

/// What the letter says. Personal data: Debug is redacted.
pub struct LetterDocument<'a> {
    pub insurer: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub address_lines: Vec<&'a str>,
    pub issued: Date,
    pub expires: Date,
    pub letter_id: &'a LetterId,
    pub token: &'a str,
}

impl std::fmt::Debug for LetterDocument<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LetterDocument(<redacted>)")
    }
}

#[derive(Debug)]
pub struct RenderedLetter {
    pub pdf: Vec<u8>,
    /// The QR code's version (6 for every format-1 token at level M).
    pub qr_version: i16,
    /// Modules per side.
    pub qr_modules: usize,
    /// Characters of the name or address that WinAnsi lacks and that were replaced.
    pub replaced_characters: usize,
}

fn pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

/// The page's content stream, written top to bottom with positions in mm from the top left.
struct Page {
    content: Content,
    replaced: usize,
}

impl Page {
    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        let (bytes, replaced) = winansi::encode(text);
        self.replaced += replaced;
        self.show(x, y, size, bold, &bytes);
    }

    fn show(&mut self, x: f32, y: f32, size: f32, bold: bool, bytes: &[u8]) {
        self.content
            .begin_text()
            .set_font(if bold { BOLD } else { REGULAR }, size)
            .next_line(pt(x), pt(PAGE_HEIGHT_MM - y))
            .show(Str(bytes))
            .end_text();
    }

    /// Writes wrapped text from baseline `y`; returns the baseline after its last line.
    fn paragraph(&mut self, x: f32, y: f32, width: f32, size: f32, bold: bool, text: &str) -> f32 {
        self.replaced += winansi::encode(text).1;
        let leading = size * 0.5;
        let mut y = y;
        for line in winansi::wrap(text, bold, size, pt(width)) {
            self.show(x, y, size, bold, &line);
            y += leading;
        }
        y
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.content
            .set_line_width(0.5)
            .move_to(pt(x1), pt(PAGE_HEIGHT_MM - y1))
            .line_to(pt(x2), pt(PAGE_HEIGHT_MM - y2))
            .stroke();
    }

    /// The QR code with its top left corner at (x, y): each row's runs of dark modules as
    /// rectangles, all filled as one path so that no seams show between them.
    fn qr(&mut self, x: f32, y: f32, code: &QrCode) {
        let size = QR_SIZE_MM / code.width() as f32;
        self.content.set_fill_gray(0.0);
        for (row, start, length) in kiosk_documents::dark_runs(code) {
            let top = y + row as f32 * size;
            self.content.rect(
                pt(x + start as f32 * size),
                pt(PAGE_HEIGHT_MM - top - size),
                pt(length as f32 * size),
                pt(size),
            );
        }
        self.content.fill_nonzero();
    }
}

/// The token's QR code: one alphanumeric segment (base45 is the QR alphanumeric alphabet), so
/// every letter gets the same, smallest symbol (version 6-M for a 154-character token). The
/// qrcode crate's segment optimiser sometimes splits such text into a longer encoding that
/// needs version 7; its automatic choice is only the fallback.
fn symbol(token: &str) -> Result<QrCode, PdfError> {
    let single_segment =
        (1..=40).find_map(|v| kiosk_documents::single_segment_symbol(token, v).ok());
    match single_segment {
        Some(code) => Ok(code),
        None => {
            QrCode::with_error_correction_level(token.as_bytes(), EcLevel::M).map_err(PdfError::Qr)
        }
    }
}

pub fn render(letter: &LetterDocument<'_>) -> Result<RenderedLetter, PdfError> {
    let code = symbol(letter.token)?;
    let qr_version = match code.version() {
        Version::Normal(v) | Version::Micro(v) => v,
    };
    let mut page = Page {
        content: Content::new(),
        replaced: 0,
    };
    let expires = german_date(letter.expires);
    let name = format!("{} {}", letter.first_name, letter.last_name);

    // Fold marks (DIN 5008 form B) and the punch mark at the left edge.
    for y in [105.0, 210.0] {
        page.line(4.0, y, 9.0, y);
    }
    page.line(4.0, 148.5, 11.0, 148.5);

    // Letterhead.
    page.text(LEFT_MM, 22.0, 16.0, true, letter.insurer);
    page.text(
        LEFT_MM,
        28.0,
        9.0,
        false,
        "Mitgliederservice · Service-Kiosk",
    );

    // Address window (form B: 45 mm from the top, 85 mm wide) and the information block.
    page.text(
        LEFT_MM,
        50.0,
        7.0,
        false,
        &format!("{} · Mitgliederservice", letter.insurer),
    );
    let mut y = 58.0;
    for line in std::iter::once(name.as_str()).chain(letter.address_lines.iter().copied()) {
        page.text(LEFT_MM, y, 11.0, false, line);
        y += 5.0;
    }
    page.text(125.0, 58.0, 9.0, false, "Datum");
    page.text(150.0, 58.0, 9.0, false, &german_date(letter.issued));
    page.text(125.0, 63.0, 9.0, false, "Brief-Nr.");
    let grouped = letter.letter_id.grouped();
    let (first_half, second_half) = grouped.split_at(grouped.len() / 2);
    page.text(150.0, 63.0, 9.0, false, first_half.trim());
    page.text(150.0, 67.0, 9.0, false, second_half.trim());

    // Subject, salutation, explanation.
    page.text(
        LEFT_MM,
        103.0,
        12.0,
        true,
        "Ihr Aktivierungsbrief für den Service-Kiosk",
    );
    page.text(LEFT_MM, 115.0, 11.0, false, &format!("Guten Tag {name},"));
    let width = RIGHT_MM - LEFT_MM;
    let y = page.paragraph(
        LEFT_MM,
        124.0,
        width,
        11.0,
        false,
        "mit diesem Brief melden Sie sich an den Service-Kiosks in unseren Geschäftsstellen an. \
         Dort können Sie zum Beispiel Ihre Mitgliedsbescheinigung selbst ausdrucken, ohne auf \
         einen Termin zu warten.",
    );

    // The QR code on the left, the steps beside it.
    let qr_top = y + 4.0;
    page.qr(LEFT_MM, qr_top, &code);
    let steps_x = LEFT_MM + QR_SIZE_MM + 10.0;
    let steps_width = RIGHT_MM - steps_x;
    let mut y = page.paragraph(
        steps_x,
        qr_top + 4.0,
        steps_width,
        12.0,
        true,
        "So melden Sie sich an:",
    ) + 1.0;
    for step in [
        "1. Wählen Sie am Service-Kiosk „Mit Aktivierungsbrief anmelden“.",
        "2. Halten Sie diesen Brief mit dem QR-Code vor die Kamera des Kiosks, etwa 30 bis 60 cm \
         entfernt.",
        "3. Geben Sie Ihr Geburtsdatum ein.",
    ] {
        y = page.paragraph(steps_x, y, steps_width, 11.0, false, step) + 1.5;
    }
    page.paragraph(
        steps_x,
        y + 1.0,
        steps_width,
        11.0,
        true,
        &format!("Gültig bis einschließlich {expires}."),
    );

    // Below the QR code and its quiet zone.
    let module = QR_SIZE_MM / code.width() as f32;
    let mut y = qr_top + QR_SIZE_MM + QUIET_MODULES * module + 4.0;
    for paragraph in [
        "Der Brief gilt nur für Sie und für eine Anmeldung. Bewahren Sie ihn sicher auf und geben \
         Sie ihn nicht weiter: Wer diesen Brief und Ihr Geburtsdatum kennt, kann sich in Ihrem \
         Namen anmelden."
            .to_owned(),
        "Wird das Geburtsdatum dreimal falsch eingegeben, sperrt der Kiosk den Brief; unsere \
         Mitarbeiterinnen und Mitarbeiter in der Geschäftsstelle helfen Ihnen dann weiter."
            .to_owned(),
        "Haben Sie diesen Brief nicht angefordert oder haben Sie ihn verloren, melden Sie sich \
         bitte bei uns: Wir sperren ihn dann sofort. Ist er abgelaufen, schicken wir Ihnen gern \
         einen neuen."
            .to_owned(),
    ] {
        y = page.paragraph(LEFT_MM, y, width, 11.0, false, &paragraph) + 2.5;
    }
    page.text(LEFT_MM, y + 4.0, 11.0, false, "Freundliche Grüße");
    page.text(
        LEFT_MM,
        y + 10.0,
        11.0,
        false,
        &format!("Ihre {}", letter.insurer),
    );
    let footer = 285.0;
    if y + 10.0 > footer - 8.0 {
        return Err(PdfError::DoesNotFit);
    }
    page.text(
        LEFT_MM,
        footer,
        7.0,
        false,
        &format!(
            "Dieses Schreiben wurde maschinell erstellt und ist ohne Unterschrift gültig. \
             Brief-Nr. {}",
            letter.letter_id
        ),
    );

    let replaced = page.replaced;
    Ok(RenderedLetter {
        pdf: finish(page.content),
        qr_version,
        qr_modules: code.width(),
        replaced_characters: replaced,
    })
}

fn finish(content: Content) -> Vec<u8> {
    let catalog = Ref::new(1);
    let pages = Ref::new(2);
    let page_id = Ref::new(3);
    let regular = Ref::new(4);
    let bold = Ref::new(5);
    let content_id = Ref::new(6);
    let info = Ref::new(7);

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(pages).lang(TextStr("de-DE"));
    pdf.pages(pages).kids([page_id]).count(1);
    let mut page = pdf.page(page_id);
    page.media_box(Rect::new(0.0, 0.0, pt(PAGE_WIDTH_MM), pt(PAGE_HEIGHT_MM)))
        .parent(pages)
        .contents(content_id);
    page.resources()
        .fonts()
        .pair(REGULAR, regular)
        .pair(BOLD, bold);
    page.finish();
    for (id, base, widths) in [
        (regular, Name(b"Helvetica"), &winansi::HELVETICA),
        (bold, Name(b"Helvetica-Bold"), &winansi::HELVETICA_BOLD),
    ] {
        pdf.type1_font(id)
            .base_font(base)
            .encoding_predefined(Name(b"WinAnsiEncoding"))
            .first_char(32)
            .last_char(255)
            .widths(widths.iter().map(|&w| f32::from(w)));
    }
    pdf.stream(content_id, &content.finish());
    // No personal data in the metadata: it is shown in file managers and viewers' titles.
    pdf.document_info(info)
        .title(TextStr("Aktivierungsbrief"))
        .creator(TextStr("kiosk-central"));
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn document<'a>(id: &'a LetterId, token: &'a str) -> LetterDocument<'a> {
        LetterDocument {
            insurer: "Gesundheitskasse Nord (Demo)",
            first_name: "Käthe",
            last_name: "Schulze-Großmann",
            address_lines: vec!["Friedrich-Ebert-Straße 120", "23552 Lübeck"],
            issued: date!(2026 - 11 - 02),
            expires: date!(2026 - 12 - 31),
            letter_id: id,
            token,
        }
    }

    /// The rectangles of the content stream that are QR modules, back as a grid of modules.
    fn drawn_modules(pdf: &[u8], modules: usize) -> Vec<bool> {
        let text = String::from_utf8_lossy(pdf);
        let size = pt(QR_SIZE_MM / modules as f32);
        let left = pt(LEFT_MM);
        let mut grid = vec![false; modules * modules];
        let rects: Vec<[f32; 4]> = text
            .lines()
            .filter_map(|line| line.strip_suffix(" re"))
            .map(|ops| {
                let v: Vec<f32> = ops.split(' ').map(|n| n.parse().expect("number")).collect();
                [v[0], v[1], v[2], v[3]]
            })
            .collect();
        let top = rects.iter().map(|r| r[1] + r[3]).fold(f32::MIN, f32::max);
        for [x, y, w, h] in rects {
            assert!((h - size).abs() < 0.01, "only modules are rectangles");
            let row = ((top - y - h) / size).round() as usize;
            let first = ((x - left) / size).round() as usize;
            let count = (w / size).round() as usize;
            for column in first..first + count {
                grid[row * modules + column] = true;
            }
        }
        grid
    }

    #[test]
    fn the_qr_code_is_drawn_module_by_module() {
        let id = LetterId::from_bytes([0xab; 16]);
        let token = format!("KL1:{}", "ABC123 $%*+-./:".repeat(10));
        let letter = render(&document(&id, &token)).expect("renders");
        assert_eq!(letter.qr_version, 6);
        assert_eq!(letter.qr_modules, 41);
        assert_eq!(letter.replaced_characters, 0);
        let code = symbol(&token).expect("qr");
        let expected: Vec<bool> = code
            .to_colors()
            .iter()
            .map(|c| *c == qrcode::Color::Dark)
            .collect();
        assert_eq!(drawn_modules(&letter.pdf, 41), expected);
    }

    #[test]
    fn every_token_gets_the_same_smallest_symbol() {
        // Digit runs tempt the automatic segment choice into numeric segments whose switching
        // costs push a full-length token into version 7.
        for run in [0usize, 5, 9, 13, 20, 40] {
            for at in [0usize, 37, 75, 150 - run] {
                let mut body = "AB:*".repeat(38);
                body.truncate(150);
                let digits: String = "7190345286".chars().cycle().take(run).collect();
                body.replace_range(at..at + run, &digits);
                let token = format!("KL1:{body}");
                assert_eq!(token.len(), kiosk_letter::TOKEN_LEN);
                let code = symbol(&token).expect("qr");
                assert_eq!(code.version(), Version::Normal(6), "run {run} at {at}");
            }
        }
    }

    #[test]
    fn the_page_holds_the_member_and_no_personal_metadata() {
        let id = LetterId::from_bytes([0xab; 16]);
        let token = format!("KL1:{}", "A".repeat(150));
        let pdf = render(&document(&id, &token)).expect("renders").pdf;
        let contains = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
        // Non-ASCII text is written as a hex string of its WinAnsi bytes.
        let shown = |text: &str| {
            let (bytes, replaced) = winansi::encode(text);
            assert_eq!(replaced, 0);
            format!("<{}> Tj", hex::encode_upper(bytes)).into_bytes()
        };
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(contains(b"/WinAnsiEncoding"));
        assert!(contains(&shown("Guten Tag Käthe Schulze-Großmann,")));
        assert!(contains(&shown("23552 Lübeck")));
        assert!(contains(&shown("Gültig bis einschließlich 31.12.2026.")));
        assert!(contains(b"(abab abab abab abab) Tj"));
        let info = &pdf[pdf.windows(7).position(|w| w == b"/Title ").expect("info")..];
        let info = &info[..info.iter().position(|&b| b == b'>').unwrap_or(info.len())];
        assert!(!String::from_utf8_lossy(info).contains("Schulze"));
    }

    #[test]
    fn a_long_name_still_fits() {
        let id = LetterId::from_bytes([1; 16]);
        let token = format!("KL1:{}", "A".repeat(150));
        let mut doc = document(&id, &token);
        let long = "Maximiliane-Alexandra Wilhelmine ".repeat(4);
        doc.first_name = &long;
        assert!(render(&doc).is_ok());
    }
}
