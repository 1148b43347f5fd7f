//! Verifying a document: its token (scanned from the QR code, or read from a PDF's metadata)
//! against the verifier's keys, and for a PDF also its content against the token's digest.

use std::{
    collections::BTreeMap,
    panic::{AssertUnwindSafe, catch_unwind},
    sync::Arc,
};

use hayro_syntax::{
    Pdf,
    object::{Array, Dict, Name, Object, ObjectIdentifier, Stream},
    page::Page,
};
use zeroize::Zeroizing;

use crate::{
    claims::DocumentClaims,
    digest::ContentDigest,
    keys::{KeyLookup, KeyStatus},
    layout::{PAGE_HEIGHT_MM, PAGE_WIDTH_MM, QR_RESOURCE, pt},
    pdf::{qr, xmp},
    token::{self, NotADocument},
};

/// The answer of a verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Signed by a trusted key, unchanged, not revoked. Whether it is valid on a given day is
    /// [`DocumentClaims::is_valid_on`].
    Valid(DocumentClaims),
    /// The signature does not verify, or the PDF's content is not what was signed.
    Tampered,
    /// Signed by a key this verifier does not know.
    UnknownKey,
    /// The signing key or this document was revoked.
    Revoked,
    NotADocument(NotADocument),
}

impl Verdict {
    /// A stable code for callers to branch on and to record.
    pub fn code(&self) -> &'static str {
        match self {
            Verdict::Valid(_) => "valid",
            Verdict::Tampered => "tampered",
            Verdict::UnknownKey => "unknownKey",
            Verdict::Revoked => "revoked",
            Verdict::NotADocument(_) => "notADocument",
        }
    }
}

/// Verifies a token (e.g. scanned from a printed document). Never panics, whatever the text.
pub fn verify_token(text: &str, keys: &(impl KeyLookup + ?Sized)) -> Verdict {
    let parsed = match token::parse(text) {
        Ok(parsed) => parsed,
        Err(reason) => return Verdict::NotADocument(reason),
    };
    let key = match keys.lookup(parsed.claims.key_id().as_bytes()) {
        KeyStatus::Unknown => return Verdict::UnknownKey,
        KeyStatus::Revoked => return Verdict::Revoked,
        KeyStatus::Active(key) => key,
    };
    // Strict: no malleable signatures, so one document has exactly one valid token.
    if key
        .verify_strict(&token::message(&parsed.body), &parsed.signature)
        .is_err()
    {
        return Verdict::Tampered;
    }
    if keys.is_document_revoked(parsed.claims.document_id().as_bytes()) {
        return Verdict::Revoked;
    }
    Verdict::Valid(parsed.claims)
}

/// Verifies a PDF file: its token from the XMP metadata, then that the pages' content and
/// fonts (programs and encodings) hash to the signed digest, that the QR code is the token's,
/// and that nothing was put over or around the content (annotations, other page boxes, other
/// kinds of font). Never panics, whatever the bytes.
pub fn verify_pdf(bytes: &[u8], keys: &(impl KeyLookup + ?Sized)) -> Verdict {
    let read = match catch_unwind(AssertUnwindSafe(|| read(bytes))) {
        Ok(Ok(read)) => read,
        Ok(Err(reason)) => return Verdict::NotADocument(reason),
        Err(_) => return Verdict::NotADocument(NotADocument::UnreadablePdf),
    };
    let verdict = verify_token(&read.token, keys);
    let Verdict::Valid(claims) = verdict else {
        return verdict;
    };
    let Some(digest) = read.digest else {
        return Verdict::Tampered;
    };
    let qr_matches = match qr::form_content(&read.token) {
        Ok(expected) => !read.qr_forms.is_empty() && read.qr_forms.iter().all(|f| *f == expected),
        Err(_) => false,
    };
    if digest != *claims.content_digest() || !qr_matches {
        return Verdict::Tampered;
    }
    Verdict::Valid(claims)
}

struct Read {
    token: String,
    /// None when the file's structure is not one a kiosk writes (see `page_digest`).
    digest: Option<[u8; 32]>,
    qr_forms: Vec<Vec<u8>>,
}

fn read(bytes: &[u8]) -> Result<Read, NotADocument> {
    let data = Arc::new(Zeroizing::new(bytes.to_vec()));
    let pdf = Pdf::new(data).map_err(|_| NotADocument::UnreadablePdf)?;
    let xref = pdf.xref();
    let catalog: Dict<'_> = xref
        .get(xref.root_id())
        .ok_or(NotADocument::UnreadablePdf)?;
    let metadata: Stream<'_> = catalog.get(b"Metadata").ok_or(NotADocument::NoTokenInPdf)?;
    let packet = metadata.decoded().map_err(|_| NotADocument::NoTokenInPdf)?;
    let token = xmp::token(&packet).ok_or(NotADocument::NoTokenInPdf)?;
    let mut qr_forms = Vec::new();
    let digest = content_digest(pdf.pages(), &mut qr_forms);
    Ok(Read {
        token,
        digest,
        qr_forms,
    })
}

/// The content digest as `digest.rs` defines it, or None when a page or font is not as a kiosk
/// writes it in ways the digest does not cover but a reader would show.
fn content_digest(pages: &[Page<'_>], qr_forms: &mut Vec<Vec<u8>>) -> Option<[u8; 32]> {
    if pages.is_empty() {
        return None;
    }
    let mut digest = ContentDigest::new();
    let mut programs: Vec<Stream<'_>> = Vec::new();
    // Each font dictionary once (by object), with its encoding.
    let mut encodings: Vec<(ObjectIdentifier, GlyphNames)> = Vec::new();
    for page in pages {
        check_page(page)?;
        let raw = page.raw();
        if let Some(stream) = raw.get::<Stream<'_>>(b"Contents") {
            digest.page_content(&stream.decoded().ok()?);
        } else {
            let array: Array<'_> = raw.get(b"Contents")?;
            for stream in array.iter::<Stream<'_>>() {
                digest.page_content(&stream.decoded().ok()?);
            }
        }
        let resources = page.resources();
        let mut names: Vec<Name<'_>> = resources.fonts.keys().collect();
        names.sort_by(|a, b| a.as_ref().cmp(b.as_ref()));
        for name in names {
            let font: Dict<'_> = resources.fonts.get(name.as_ref())?;
            // A font written inline (no object of its own) is not one a kiosk writes.
            let id = font.obj_id()?;
            let (program, encoding) = font_parts(&font)?;
            if !programs.iter().any(|f| f.obj_id() == program.obj_id()) {
                programs.push(program);
            }
            if !encodings.iter().any(|(known, _)| *known == id) {
                encodings.push((id, encoding));
            }
        }
        let form: Stream<'_> = resources.x_objects.get(QR_RESOURCE)?;
        qr_forms.push(form.decoded().ok()?.into_owned());
    }
    for program in &programs {
        digest.font_program(&program.decoded().ok()?);
    }
    for (_, encoding) in &encodings {
        digest.font_encoding(encoding.iter().map(|(code, name)| (*code, name.as_slice())))?;
    }
    Some(digest.finish())
}

/// A4, not cropped or turned, nothing drawn over it.
fn check_page(page: &Page<'_>) -> Option<()> {
    let raw = page.raw();
    if raw.contains_key(b"Annots") {
        return None;
    }
    if raw.get::<i32>(b"Rotate").is_some_and(|r| r % 360 != 0) {
        return None;
    }
    let close = |a: f64, b: f32| (a - f64::from(b)).abs() < 0.5;
    let a4 = |rect: hayro_syntax::object::Rect| {
        close(rect.x0, 0.0)
            && close(rect.y0, 0.0)
            && close(rect.x1, pt(PAGE_WIDTH_MM))
            && close(rect.y1, pt(PAGE_HEIGHT_MM))
    };
    (a4(page.media_box()) && a4(page.crop_box())).then_some(())
}

fn is_name(dict: &Dict<'_>, key: &[u8], value: &[u8]) -> bool {
    dict.get::<Name<'_>>(key)
        .is_some_and(|name| name.as_ref() == value)
}

/// A font's `/Differences`: code → glyph name, by code.
type GlyphNames = Vec<(u8, Vec<u8>)>;

/// The TrueType program and the encoding (code → glyph name, by code) of a font as the kiosk
/// embeds it: a simple TrueType font, non-symbolic, WinAnsiEncoding with `/Differences`, the
/// program as `FontFile2` and no other. Which glyph a code shows follows from the names and
/// the program's cmap, both digested; a symbolic flag, another base encoding or another font
/// file could show other glyphs for the same signed content.
fn font_parts<'a>(font: &Dict<'a>) -> Option<(Stream<'a>, GlyphNames)> {
    if !is_name(font, b"Type", b"Font") || !is_name(font, b"Subtype", b"TrueType") {
        return None;
    }
    let encoding: Dict<'a> = font.get(b"Encoding")?;
    if !is_name(&encoding, b"BaseEncoding", b"WinAnsiEncoding")
        || encoding
            .get::<Name<'_>>(b"Type")
            .is_some_and(|t| t.as_ref() != b"Encoding")
    {
        return None;
    }
    let differences: Array<'a> = encoding.get(b"Differences")?;
    let mut names: BTreeMap<u8, Vec<u8>> = BTreeMap::new();
    let mut code: Option<u8> = None;
    for item in differences.iter::<Object<'_>>() {
        match item {
            Object::Number(number) => {
                let value = number.as_f64();
                if value.fract() != 0.0 || !(0.0..=255.0).contains(&value) {
                    return None;
                }
                code = u8::try_from(number.as_i64()).ok();
            }
            Object::Name(name) => {
                let at = code?;
                // Each code named once.
                if names.insert(at, name.as_ref().to_vec()).is_some() {
                    return None;
                }
                code = at.checked_add(1);
            }
            _ => return None,
        }
    }

    let descriptor: Dict<'a> = font.get(b"FontDescriptor")?;
    let flags = descriptor.get::<i64>(b"Flags")?;
    const SYMBOLIC: i64 = 1 << 2;
    const NON_SYMBOLIC: i64 = 1 << 5;
    if flags & SYMBOLIC != 0
        || flags & NON_SYMBOLIC == 0
        || descriptor.contains_key(b"FontFile")
        || descriptor.contains_key(b"FontFile3")
    {
        return None;
    }
    let program = descriptor.get(b"FontFile2")?;
    Some((program, names.into_iter().collect()))
}
