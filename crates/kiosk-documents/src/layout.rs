//! The A4 page: letterhead, title, labelled fields, tables, notices, the footer and the place
//! for the verification QR code. Positions are in millimetres from the top left; text flows
//! down from a cursor and moves to a new page when the body area is full, so a long family
//! list never runs into the QR code or the footer.

use pdf_writer::{Content, Name, Str};

use crate::{
    DocumentError,
    catalogue::{Catalogue, Label},
    fonts::{FontUse, Weight},
};

pub(crate) const PAGE_WIDTH_MM: f32 = 210.0;
pub(crate) const PAGE_HEIGHT_MM: f32 = 297.0;
const LEFT: f32 = 25.0;
const RIGHT: f32 = 190.0;
const WIDTH: f32 = RIGHT - LEFT;
/// Where field values start; labels use the space left of it.
const VALUE_X: f32 = 102.0;
const LABEL_GAP: f32 = 3.0;

/// The verification QR code: the symbol without its quiet zone, bottom right. At version 8
/// (49 modules) a module is 0.82 mm, readable from print by phone cameras and office scanners.
pub(crate) const QR_SIZE_MM: f32 = 40.0;
pub(crate) const QR_X: f32 = RIGHT - QR_SIZE_MM;
pub(crate) const QR_Y: f32 = 231.0;
/// Four modules of white around the symbol (ISO/IEC 18004), kept free of anything else.
const QR_QUIET_MM: f32 = 4.0 * QR_SIZE_MM / 49.0;
/// The body ends above the QR code's quiet zone.
const BODY_BOTTOM: f32 = QR_Y - QR_QUIET_MM - 4.0;
const FOOTER_RULE: f32 = 278.0;
/// The name of the QR code's form XObject in every page's resources.
pub(crate) const QR_RESOURCE: &[u8] = b"Qr";

pub(crate) type Rgb = [f32; 3];
pub(crate) const BLACK: Rgb = [0.0, 0.0, 0.0];
pub(crate) const GREY: Rgb = [0.40, 0.40, 0.40];
/// The insurer's colour for the mark and rules (a dark teal; any insurer may have its own later).
const BRAND: Rgb = [0.0, 0.40, 0.38];
const NOTICE_BACKGROUND: Rgb = [1.0, 0.95, 0.80];
const RULE: Rgb = [0.75, 0.75, 0.75];

pub(crate) fn pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

fn mm(points: f32) -> f32 {
    points * 25.4 / 72.0
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub(crate) weight: Weight,
    pub(crate) size: f32,
    pub(crate) color: Rgb,
}

impl Style {
    pub(crate) const fn new(weight: Weight, size: f32, color: Rgb) -> Style {
        Style {
            weight,
            size,
            color,
        }
    }

    /// Baseline to baseline, in mm.
    fn leading(self) -> f32 {
        mm(self.size * 1.3)
    }
}

const TITLE: Style = Style::new(Weight::Bold, 18.0, BLACK);
const TITLE_ENGLISH: Style = Style::new(Weight::Regular, 10.5, GREY);
const BASIS: Style = Style::new(Weight::Regular, 9.5, BLACK);
const BASIS_ENGLISH: Style = Style::new(Weight::Regular, 8.0, GREY);
pub(crate) const BODY: Style = Style::new(Weight::Regular, 10.0, BLACK);
const LABEL: Style = Style::new(Weight::Regular, 9.0, BLACK);
const LABEL_ENGLISH: Style = Style::new(Weight::Regular, 7.5, GREY);
pub(crate) const VALUE: Style = Style::new(Weight::Regular, 10.5, BLACK);
pub(crate) const VALUE_STRONG: Style = Style::new(Weight::Bold, 10.5, BLACK);
const TABLE_HEAD: Style = Style::new(Weight::Bold, 8.5, BLACK);
const TABLE_HEAD_ENGLISH: Style = Style::new(Weight::Regular, 7.0, GREY);
const TABLE_CELL: Style = Style::new(Weight::Regular, 10.0, BLACK);
const FOOTER: Style = Style::new(Weight::Regular, 7.5, GREY);
const CAPTION_TITLE: Style = Style::new(Weight::Bold, 9.0, BLACK);
const CAPTION: Style = Style::new(Weight::Regular, 8.0, BLACK);

/// What repeats on every page.
#[derive(Debug)]
pub(crate) struct Frame {
    pub(crate) insurer: String,
    pub(crate) branch_line: String,
    pub(crate) service: String,
    /// The German title, repeated with "Fortsetzung" on later pages.
    pub(crate) title: String,
    pub(crate) continued: String,
    /// Footer lines: left parts; the page number is added on the right.
    pub(crate) footer: [String; 2],
    pub(crate) caption_title: Label,
    pub(crate) caption: String,
}

/// A field's value: plain, or emphasised (name, insurance number).
#[derive(Debug, Clone)]
pub(crate) struct Field {
    pub(crate) label: Label,
    pub(crate) value: String,
    pub(crate) strong: bool,
}

/// The document being laid out: its pages' content streams and the glyphs they use.
pub(crate) struct Sheet {
    regular: FontUse,
    bold: FontUse,
    pages: Vec<Content>,
    page: Content,
    y: f32,
    frame: Frame,
}

/// Finished pages: each page's content stream (body, footer and the QR code's invocation) and
/// the fonts' glyphs.
pub(crate) struct LaidOut {
    pub(crate) pages: Vec<Vec<u8>>,
    pub(crate) regular: FontUse,
    pub(crate) bold: FontUse,
}

impl Sheet {
    pub(crate) fn new(frame: Frame) -> Result<Sheet, DocumentError> {
        let mut sheet = Sheet {
            regular: FontUse::new(Weight::Regular)?,
            bold: FontUse::new(Weight::Bold)?,
            pages: Vec::new(),
            page: Content::new(),
            y: 0.0,
            frame,
        };
        sheet.letterhead();
        sheet.y = 46.0;
        Ok(sheet)
    }

    fn font(&mut self, weight: Weight) -> &mut FontUse {
        match weight {
            Weight::Regular => &mut self.regular,
            Weight::Bold => &mut self.bold,
        }
    }

    pub(crate) fn width(&self, style: Style, text: &str) -> f32 {
        let font = match style.weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        };
        mm(font.font.width(text, style.size))
    }

    /// One line of text with its baseline at `y`.
    fn show(&mut self, x: f32, y: f32, style: Style, text: &str) {
        let runs = self.font(style.weight).encode(text);
        let [r, g, b] = style.color;
        self.page
            .set_fill_rgb(r, g, b)
            .begin_text()
            .next_line(pt(x), pt(PAGE_HEIGHT_MM - y));
        // One run unless the face needed a further font dictionary; each continues where the
        // last one ended.
        for run in runs {
            self.page
                .set_font(
                    Name(&style.weight.resource_name(run.dictionary)),
                    style.size,
                )
                .show(Str(&run.codes));
        }
        self.page.end_text();
    }

    fn show_right(&mut self, right: f32, y: f32, style: Style, text: &str) {
        let x = right - self.width(style, text);
        self.show(x, y, style, text);
    }

    /// Breaks text into lines no wider than `width` mm, at spaces; a word longer than a line
    /// is broken between characters.
    pub(crate) fn wrap(&self, style: Style, width: f32, text: &str) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if self.width(style, &candidate) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                line.push(c);
                if self.width(style, &line) > width && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::take(&mut line));
                    line.push(c);
                }
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    fn rect(&mut self, color: Rgb, x: f32, y: f32, width: f32, height: f32) {
        let [r, g, b] = color;
        self.page
            .set_fill_rgb(r, g, b)
            .rect(
                pt(x),
                pt(PAGE_HEIGHT_MM - y - height),
                pt(width),
                pt(height),
            )
            .fill_nonzero();
    }

    fn rule(&mut self, color: Rgb, y: f32, thickness_pt: f32) {
        self.rect(color, LEFT, y, WIDTH, mm(thickness_pt));
    }

    /// The insurer's mark: a rounded square in its colour with a white cross.
    fn mark(&mut self, x: f32, y: f32, size: f32) {
        let (left, right) = (pt(x), pt(x + size));
        let (top, bottom) = (pt(PAGE_HEIGHT_MM - y), pt(PAGE_HEIGHT_MM - y - size));
        let radius = pt(size * 0.22);
        // Bézier handle length for a quarter circle.
        let k = radius * 0.552_284_8;
        let [r, g, b] = BRAND;
        self.page
            .set_fill_rgb(r, g, b)
            .move_to(left + radius, bottom)
            .line_to(right - radius, bottom)
            .cubic_to(
                right - radius + k,
                bottom,
                right,
                bottom + radius - k,
                right,
                bottom + radius,
            )
            .line_to(right, top - radius)
            .cubic_to(
                right,
                top - radius + k,
                right - radius + k,
                top,
                right - radius,
                top,
            )
            .line_to(left + radius, top)
            .cubic_to(
                left + radius - k,
                top,
                left,
                top - radius + k,
                left,
                top - radius,
            )
            .line_to(left, bottom + radius)
            .cubic_to(
                left,
                bottom + radius - k,
                left + radius - k,
                bottom,
                left + radius,
                bottom,
            )
            .close_path()
            .fill_nonzero();
        let bar = size * 0.18;
        let arm = size * 0.58;
        let inset = (size - arm) / 2.0;
        let middle = (size - bar) / 2.0;
        self.rect([1.0, 1.0, 1.0], x + middle, y + inset, bar, arm);
        self.rect([1.0, 1.0, 1.0], x + inset, y + middle, arm, bar);
    }

    fn letterhead(&mut self) {
        self.mark(LEFT, 13.0, 13.0);
        let insurer = self.frame.insurer.clone();
        let branch = self.frame.branch_line.clone();
        let service = self.frame.service.clone();
        let name_style = Style::new(Weight::Bold, 15.0, BLACK);
        // A long insurer name is set smaller rather than running off the page.
        let available = RIGHT - 43.0 - self.width(FOOTER, &service) - 5.0;
        let width = self.width(name_style, &insurer);
        let size = if width > available {
            (15.0 * available / width).max(8.0)
        } else {
            15.0
        };
        self.show(43.0, 19.5, Style::new(Weight::Bold, size, BLACK), &insurer);
        self.show(43.0, 25.0, Style::new(Weight::Regular, 9.0, GREY), &branch);
        self.show_right(
            RIGHT,
            19.5,
            Style::new(Weight::Regular, 9.0, GREY),
            &service,
        );
        self.rule(BRAND, 31.0, 1.0);
    }

    /// Makes room for `height` mm at the cursor, starting a new page if the body area is full.
    fn ensure(&mut self, height: f32) {
        if self.y + height <= BODY_BOTTOM {
            return;
        }
        let finished = std::mem::replace(&mut self.page, Content::new());
        self.pages.push(finished);
        self.letterhead();
        let heading = format!("{} ({})", self.frame.title, self.frame.continued);
        self.show(LEFT, 42.0, Style::new(Weight::Bold, 11.0, BLACK), &heading);
        self.y = 50.0;
    }

    pub(crate) fn gap(&mut self, height: f32) {
        self.y += height;
    }

    pub(crate) fn title(&mut self, title: &Label, basis: Option<&Label>) {
        self.ensure(25.0);
        // Long titles (a treaty form with a long country name) wrap rather than run off.
        for (i, line) in self.wrap(TITLE, WIDTH, &title.german).iter().enumerate() {
            self.y += if i == 0 {
                mm(TITLE.size * 0.75)
            } else {
                TITLE.leading()
            };
            self.show(LEFT, self.y, TITLE, line);
        }
        for line in self.wrap(TITLE_ENGLISH, WIDTH, &title.english) {
            self.y += 6.0;
            self.show(LEFT, self.y, TITLE_ENGLISH, &line);
        }
        if let Some(basis) = basis {
            self.y += 6.0;
            self.bilingual_line(LEFT, self.y, BASIS, BASIS_ENGLISH, basis, WIDTH);
        }
        self.y += 9.0;
    }

    /// German and English on one line, "Deutsch / English"; returns the lines used (the English
    /// moves below when both do not fit).
    fn bilingual_line(
        &mut self,
        x: f32,
        y: f32,
        german: Style,
        english: Style,
        label: &Label,
        width: f32,
    ) -> usize {
        let english_text = format!(" / {}", label.english);
        let german_width = self.width(german, &label.german);
        self.show(x, y, german, &label.german);
        if german_width + self.width(english, &english_text) <= width {
            self.show(x + german_width, y, english, &english_text);
            1
        } else {
            self.show(x, y + german.leading(), english, &label.english);
            2
        }
    }

    pub(crate) fn paragraph(&mut self, style: Style, text: &str) {
        for line in self.wrap(style, WIDTH, text) {
            self.ensure(style.leading());
            self.y += style.leading();
            self.show(LEFT, self.y, style, &line);
        }
        self.y += 2.0;
    }

    /// Labelled values in two columns, one row each.
    pub(crate) fn fields(&mut self, fields: &[Field]) {
        let label_width = VALUE_X - LEFT - LABEL_GAP;
        for field in fields {
            let style = if field.strong { VALUE_STRONG } else { VALUE };
            let lines = self.wrap(style, RIGHT - VALUE_X, &field.value);
            let label_lines = if self.width(LABEL, &field.label.german)
                + self.width(LABEL_ENGLISH, &format!(" / {}", field.label.english))
                <= label_width
            {
                1
            } else {
                2
            };
            let height = (lines.len().max(label_lines) as f32) * style.leading() + 2.2;
            self.ensure(height + 1.0);
            let baseline = self.y + style.leading();
            self.bilingual_line(
                LEFT,
                baseline,
                LABEL,
                LABEL_ENGLISH,
                &field.label,
                label_width,
            );
            for (i, line) in lines.iter().enumerate() {
                self.show(VALUE_X, baseline + i as f32 * style.leading(), style, line);
            }
            self.y += height;
        }
        self.y += 2.0;
    }

    /// A table with bilingual column heads; `columns` are the columns' left edges.
    pub(crate) fn table(&mut self, heads: &[Label], columns: &[f32], rows: &[Vec<String>]) {
        let head_height = 9.0;
        let row_height = 6.5;
        // The head is never left alone at the bottom of a page.
        self.ensure(head_height + row_height);
        self.table_head(heads, columns);
        for row in rows {
            if self.y + row_height > BODY_BOTTOM {
                self.ensure(head_height + row_height);
                self.table_head(heads, columns);
            }
            let baseline = self.y + 4.6;
            for (i, cell) in row.iter().enumerate() {
                let x = columns.get(i).copied().unwrap_or(LEFT);
                let right = columns.get(i + 1).map_or(RIGHT, |next| next - 2.0);
                let text = self.fit(TABLE_CELL, right - x, cell);
                self.show(x, baseline, TABLE_CELL, &text);
            }
            self.y += row_height;
            self.rule(RULE, self.y - 1.0, 0.4);
        }
        self.y += 3.0;
    }

    fn table_head(&mut self, heads: &[Label], columns: &[f32]) {
        for (i, head) in heads.iter().enumerate() {
            let x = columns.get(i).copied().unwrap_or(LEFT);
            self.show(x, self.y + 3.5, TABLE_HEAD, &head.german);
            self.show(x, self.y + 6.8, TABLE_HEAD_ENGLISH, &head.english);
        }
        self.y += 9.0;
        self.rule(GREY, self.y - 0.8, 0.6);
    }

    /// Shortens text to the width with an ellipsis (table cells are one line).
    fn fit(&self, style: Style, width: f32, text: &str) -> String {
        if self.width(style, text) <= width {
            return text.to_owned();
        }
        let mut out: String = text.to_owned();
        while !out.is_empty() && self.width(style, &format!("{out}…")) > width {
            out.pop();
        }
        format!("{}…", out.trim_end())
    }

    /// A highlighted box: a bold bilingual first line and a short explanation.
    pub(crate) fn notice(&mut self, heading: &Label, text: &str) {
        let style = Style::new(Weight::Regular, 8.5, BLACK);
        let lines = self.wrap(style, WIDTH - 8.0, text);
        let heading_style = Style::new(Weight::Bold, 10.0, BLACK);
        let height =
            4.0 + heading_style.leading() * 2.0 + lines.len() as f32 * style.leading() + 2.0;
        self.ensure(height + 3.0);
        self.rect(NOTICE_BACKGROUND, LEFT, self.y, WIDTH, height);
        self.rect(BRAND, LEFT, self.y, 1.2, height);
        let mut y = self.y + 3.0 + heading_style.leading() * 0.8;
        let used = self.bilingual_line(
            LEFT + 4.0,
            y,
            heading_style,
            Style::new(Weight::Regular, 8.5, GREY),
            heading,
            WIDTH - 8.0,
        );
        y += heading_style.leading() * used as f32;
        for line in &lines {
            self.show(LEFT + 4.0, y, style, line);
            y += style.leading();
        }
        self.y += height + 4.0;
    }

    /// Footer, caption and QR code invocation on every page; the pages' content streams.
    pub(crate) fn finish(mut self, qr_modules: usize) -> Result<LaidOut, DocumentError> {
        let last = std::mem::replace(&mut self.page, Content::new());
        self.pages.push(last);
        let count = self.pages.len();
        let pages = std::mem::take(&mut self.pages);
        let mut streams = Vec::with_capacity(count);
        for (index, page) in pages.into_iter().enumerate() {
            self.page = page;
            let label = Catalogue::get()?.german(
                "doc-page",
                &[
                    ("page", &(index + 1).to_string()),
                    ("pages", &count.to_string()),
                ],
            )?;
            self.footer(&label);
            self.caption();
            self.qr(qr_modules);
            let page = std::mem::replace(&mut self.page, Content::new());
            streams.push(page.finish().into_vec());
        }
        Ok(LaidOut {
            pages: streams,
            regular: self.regular,
            bold: self.bold,
        })
    }

    fn footer(&mut self, page_label: &str) {
        self.rule(RULE, FOOTER_RULE, 0.5);
        let [first, second] = self.frame.footer.clone();
        self.show(LEFT, FOOTER_RULE + 4.5, FOOTER, &first);
        self.show(LEFT, FOOTER_RULE + 8.3, FOOTER, &second);
        self.show_right(RIGHT, FOOTER_RULE + 4.5, FOOTER, page_label);
    }

    /// How to check the document, left of the QR code.
    fn caption(&mut self) {
        let right = QR_X - QR_QUIET_MM - 3.0;
        let title = self.frame.caption_title.clone();
        let mut y = QR_Y + 4.0;
        let used = self.bilingual_line(LEFT, y, CAPTION_TITLE, LABEL_ENGLISH, &title, right - LEFT);
        y += CAPTION_TITLE.leading() * used as f32 + 0.5;
        let text = self.frame.caption.clone();
        for line in self.wrap(CAPTION, right - LEFT, &text) {
            self.show(LEFT, y, CAPTION, &line);
            y += CAPTION.leading();
        }
    }

    /// Places the QR code's form XObject (drawn in module units, later, once the token exists)
    /// and clips it to its square: what the unsigned form may paint is confined there, and
    /// verification also checks that the form is exactly the token's symbol.
    fn qr(&mut self, modules: usize) {
        let scale = pt(QR_SIZE_MM) / modules as f32;
        let n = modules as f32;
        self.page
            .save_state()
            .transform([scale, 0.0, 0.0, -scale, pt(QR_X), pt(PAGE_HEIGHT_MM - QR_Y)])
            .rect(0.0, 0.0, n, n)
            .clip_nonzero()
            .end_path()
            .x_object(Name(QR_RESOURCE))
            .restore_state();
    }
}
