//! Writes the finished PDF: pages, the two subset fonts, the QR code's form XObject, the
//! PDF/A parts (XMP metadata, sRGB output intent, document id in the trailer) and a matching
//! Info dictionary. Streams are Flate-compressed except the metadata, which PDF/A wants
//! readable as it is.

use miniz_oxide::deflate::compress_to_vec_zlib;
use pdf_writer::{
    Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr,
    types::{FontFlags, OutputIntentSubtype, SystemInfo, UnicodeCmap},
    writers::Encoding,
};
use time::OffsetDateTime;

use super::xmp::Xmp;
use crate::{
    fonts::{self, Dictionary, EmbeddedFont},
    layout::{PAGE_HEIGHT_MM, PAGE_WIDTH_MM, QR_RESOURCE, pt},
};

static SRGB_PROFILE: &[u8] = include_bytes!("../../icc/sRGB.icc");

/// What goes into the file besides the laid-out pages.
pub(crate) struct FileParts<'a> {
    pub(crate) pages: &'a [Vec<u8>],
    /// Regular, then bold (resource names F1…, F2…).
    pub(crate) fonts: &'a [EmbeddedFont; 2],
    pub(crate) qr_form: &'a [u8],
    pub(crate) qr_modules: usize,
    pub(crate) title: &'a str,
    pub(crate) author: &'a str,
    /// Berlin local time, as the document prints it.
    pub(crate) created: OffsetDateTime,
    pub(crate) document_id: &'a [u8; 16],
    pub(crate) token: &'a str,
}

pub(crate) const CREATOR: &str = "Service-Kiosk (kiosk-documents)";
pub(crate) const PRODUCER: &str = concat!("kiosk-documents ", env!("CARGO_PKG_VERSION"));

fn deflate(data: &[u8]) -> Vec<u8> {
    compress_to_vec_zlib(data, 6)
}

fn uuid(id: &[u8; 16]) -> String {
    let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

fn info_date(at: OffsetDateTime) -> pdf_writer::Date {
    let offset = at.offset();
    pdf_writer::Date::new(u16::try_from(at.year()).unwrap_or(0))
        .month(u8::from(at.month()))
        .day(at.day())
        .hour(at.hour())
        .minute(at.minute())
        .second(at.second())
        .utc_offset_hour(offset.whole_hours())
        .utc_offset_minute(offset.minutes_past_hour().unsigned_abs())
}

pub(crate) fn write(parts: &FileParts<'_>) -> Vec<u8> {
    let mut next = 1;
    let mut id = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog = id();
    let page_tree = id();
    let info = id();
    let metadata = id();
    let icc = id();
    let qr = id();
    // Each face: its program, and each of its dictionaries with descriptor and ToUnicode map.
    let font_refs: Vec<(Ref, Vec<[Ref; 3]>)> = parts
        .fonts
        .iter()
        .map(|font| {
            let file = id();
            let dictionaries = font.dictionaries.iter().map(|_| [id(), id(), id()]);
            (file, dictionaries.collect())
        })
        .collect();
    let page_refs: Vec<(Ref, Ref)> = parts.pages.iter().map(|_| (id(), id())).collect();

    let mut pdf = Pdf::new();
    pdf.set_file_id((parts.document_id.to_vec(), parts.document_id.to_vec()));

    let mut cat = pdf.catalog(catalog);
    cat.pages(page_tree)
        .metadata(metadata)
        .lang(TextStr("de-DE"));
    cat.output_intents()
        .push()
        .subtype(OutputIntentSubtype::PDFA)
        .output_condition_identifier(TextStr("sRGB IEC61966-2.1"))
        .info(TextStr("sRGB IEC61966-2.1"))
        .dest_output_profile(icc);
    cat.finish();

    let profile = deflate(SRGB_PROFILE);
    pdf.icc_profile(icc, &profile)
        .n(3)
        .range([0.0, 1.0, 0.0, 1.0, 0.0, 1.0])
        .filter(Filter::FlateDecode);

    pdf.pages(page_tree)
        .kids(page_refs.iter().map(|(page, _)| *page))
        .count(i32::try_from(parts.pages.len()).unwrap_or(i32::MAX));
    for ((page_id, content_id), content) in page_refs.iter().zip(parts.pages) {
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, pt(PAGE_WIDTH_MM), pt(PAGE_HEIGHT_MM)))
            .parent(page_tree)
            .contents(*content_id);
        let mut resources = page.resources();
        let mut fonts = resources.fonts();
        for (name, face, dictionary) in fonts::resources(parts.fonts) {
            fonts.pair(Name(&name), font_refs[face].1[dictionary][0]);
        }
        fonts.finish();
        resources.x_objects().pair(Name(QR_RESOURCE), qr);
        resources.finish();
        page.finish();
        pdf.stream(*content_id, &deflate(content))
            .filter(Filter::FlateDecode);
    }

    let n = parts.qr_modules as f32;
    pdf.form_xobject(qr, &deflate(parts.qr_form))
        .bbox(Rect::new(0.0, 0.0, n, n))
        .filter(Filter::FlateDecode);

    for (font, (file, dictionaries)) in parts.fonts.iter().zip(&font_refs) {
        if dictionaries.is_empty() {
            continue;
        }
        pdf.stream(*file, &deflate(&font.program))
            .filter(Filter::FlateDecode)
            .pair(
                Name(b"Length1"),
                i32::try_from(font.program.len()).unwrap_or(i32::MAX),
            );
        for (dictionary, refs) in font.dictionaries.iter().zip(dictionaries) {
            write_font(&mut pdf, font, dictionary, *file, *refs);
        }
    }

    let created = info_date(parts.created);
    pdf.document_info(info)
        .title(TextStr(parts.title))
        .author(TextStr(parts.author))
        .creator(TextStr(CREATOR))
        .producer(TextStr(PRODUCER))
        .creation_date(created)
        .modified_date(created);

    let packet = Xmp {
        title: parts.title,
        author: parts.author,
        creator_tool: CREATOR,
        producer: PRODUCER,
        created: parts.created,
        document_id: &uuid(parts.document_id),
        token: parts.token,
    }
    .packet();
    pdf.metadata(metadata, &packet);

    pdf.finish()
}

/// A simple TrueType font dictionary over the face's program: WinAnsiEncoding with
/// `/Differences` naming every code used by its glyph name (so readers find each glyph by the
/// name's character in the program's (3,1) cmap, and PostScript conversions keep the names),
/// non-symbolic, its widths, descriptor and ToUnicode map.
fn write_font(
    pdf: &mut Pdf,
    font: &EmbeddedFont,
    dictionary: &Dictionary,
    file: Ref,
    [dict_ref, descriptor, cmap]: [Ref; 3],
) {
    let name = Name(font.base_name.as_bytes());
    let last_char = dictionary
        .first_char
        .saturating_add(u8::try_from(dictionary.widths.len().saturating_sub(1)).unwrap_or(0));
    let mut dict = pdf.indirect(dict_ref).dict();
    dict.pair(Name(b"Type"), Name(b"Font"))
        .pair(Name(b"Subtype"), Name(b"TrueType"))
        .pair(Name(b"BaseFont"), name)
        .pair(Name(b"FirstChar"), i32::from(dictionary.first_char))
        .pair(Name(b"LastChar"), i32::from(last_char));
    dict.insert(Name(b"Widths"))
        .array()
        .items(dictionary.widths.iter().copied());
    let mut encoding = dict.insert(Name(b"Encoding")).start::<Encoding<'_>>();
    encoding.base_encoding(Name(b"WinAnsiEncoding"));
    let mut differences = encoding.differences();
    // Consecutive codes share one start.
    let mut next = None;
    for (code, glyph) in dictionary.glyph_names() {
        if next != Some(code) {
            differences.item(i32::from(code));
        }
        differences.item(Name(glyph.as_bytes()));
        next = code.checked_add(1);
    }
    differences.finish();
    encoding.finish();
    dict.pair(Name(b"FontDescriptor"), descriptor)
        .pair(Name(b"ToUnicode"), cmap);
    dict.finish();

    let face = &font.font.face;
    let bbox = face.global_bounding_box();
    let scale = |v: i16| font.font.to_pdf_units(f32::from(v));
    let mut flags = FontFlags::NON_SYMBOLIC;
    if font.font.bold {
        flags |= FontFlags::FORCE_BOLD;
    }
    pdf.font_descriptor(descriptor)
        .name(name)
        .flags(flags)
        .bbox(Rect::new(
            scale(bbox.x_min),
            scale(bbox.y_min),
            scale(bbox.x_max),
            scale(bbox.y_max),
        ))
        .italic_angle(0.0)
        .ascent(scale(face.ascender()))
        .descent(scale(face.descender()))
        .cap_height(scale(face.capital_height().unwrap_or(face.ascender())))
        .stem_v(10.0 + 0.244 * (f32::from(face.weight().to_number()) - 50.0))
        .font_file2(file);

    let system_info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"UCS"),
        supplement: 0,
    };
    let mut map = UnicodeCmap::<u8>::new(Name(b"Adobe-Identity-UCS"), system_info);
    for (code, c) in &dictionary.chars {
        map.pair(*code, *c);
    }
    pdf.stream(cmap, &deflate(&map.finish()))
        .filter(Filter::FlateDecode);
}
