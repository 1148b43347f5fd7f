//! Writes the finished PDF: pages, the two subset CID fonts, the QR code's form XObject, the
//! PDF/A parts (XMP metadata, sRGB output intent, document id in the trailer) and a matching
//! Info dictionary. Streams are Flate-compressed except the metadata, which PDF/A wants
//! readable as it is.

use miniz_oxide::deflate::compress_to_vec_zlib;
use pdf_writer::{
    Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr,
    types::{CidFontType, FontFlags, OutputIntentSubtype, SystemInfo, UnicodeCmap},
};
use time::OffsetDateTime;

use super::xmp::Xmp;
use crate::{
    fonts::{EmbeddedFont, Weight},
    layout::{PAGE_HEIGHT_MM, PAGE_WIDTH_MM, QR_RESOURCE, pt},
};

static SRGB_PROFILE: &[u8] = include_bytes!("../../icc/sRGB.icc");

/// What goes into the file besides the laid-out pages.
pub(crate) struct FileParts<'a> {
    pub(crate) pages: &'a [Vec<u8>],
    /// Regular, then bold (resource names F1, F2).
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
    let font_refs: Vec<[Ref; 5]> = parts
        .fonts
        .iter()
        .map(|_| [id(), id(), id(), id(), id()])
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
        for (weight, refs) in Weight::ALL.iter().zip(&font_refs) {
            fonts.pair(Name(weight.resource_name()), refs[0]);
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

    for (font, refs) in parts.fonts.iter().zip(&font_refs) {
        write_font(&mut pdf, font, *refs);
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

/// A Type0 font with Identity-H encoding over a CIDFontType2 whose CIDs are the subset's
/// glyph ids, its descriptor, the TrueType program and the ToUnicode map.
fn write_font(pdf: &mut Pdf, font: &EmbeddedFont, [type0, cid, descriptor, file, cmap]: [Ref; 5]) {
    let name = Name(font.base_name.as_bytes());
    let system_info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(type0)
        .base_font(name)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);

    let mut cid_font = pdf.cid_font(cid);
    cid_font
        .subtype(CidFontType::Type2)
        .base_font(name)
        .system_info(system_info)
        .font_descriptor(descriptor)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid_font
        .widths()
        .consecutive(0, font.widths.iter().copied());
    cid_font.finish();

    let face = &font.font.face;
    let bbox = face.global_bounding_box();
    let scale = |v: i16| font.font.to_pdf_units(f32::from(v));
    let mut flags = FontFlags::SYMBOLIC;
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

    pdf.stream(file, &deflate(&font.program))
        .filter(Filter::FlateDecode)
        .pair(
            Name(b"Length1"),
            i32::try_from(font.program.len()).unwrap_or(i32::MAX),
        );

    let mut map = UnicodeCmap::new(Name(b"Kiosk-UCS"), system_info);
    for (cid, c) in &font.unicode {
        map.pair(*cid, *c);
    }
    pdf.stream(cmap, &deflate(&map.finish()))
        .filter(Filter::FlateDecode);
}
