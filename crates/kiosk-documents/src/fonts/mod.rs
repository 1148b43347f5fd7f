//! The documents' typefaces: DejaVu Sans and DejaVu Sans Bold (`fonts/`, Bitstream Vera
//! licence), built into the binary so that a kiosk prints the same documents whatever fonts its
//! system has. Each document embeds only the glyphs it shows (subsetter), as CID fonts with
//! Identity-H encoding (two bytes a glyph, glyph id = CID) and a ToUnicode map so that text
//! can be copied and searched, umlauts and ß included.

use std::{collections::BTreeMap, sync::LazyLock};

use sha2::{Digest, Sha256};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

use crate::DocumentError;

static REGULAR_DATA: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");
static BOLD_DATA: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold.ttf");

static REGULAR: LazyLock<Option<Font>> =
    LazyLock::new(|| Font::parse(REGULAR_DATA, "DejaVuSans", false));
static BOLD: LazyLock<Option<Font>> =
    LazyLock::new(|| Font::parse(BOLD_DATA, "DejaVuSans-Bold", true));

/// Which of the two faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

impl Weight {
    pub(crate) const ALL: [Weight; 2] = [Weight::Regular, Weight::Bold];

    /// The resource name content streams select the font by.
    pub(crate) fn resource_name(self) -> &'static [u8] {
        match self {
            Weight::Regular => b"F1",
            Weight::Bold => b"F2",
        }
    }
}

/// A parsed face with what the PDF's font dictionaries need.
pub(crate) struct Font {
    pub(crate) data: &'static [u8],
    pub(crate) face: Face<'static>,
    pub(crate) postscript_name: &'static str,
    pub(crate) bold: bool,
}

impl Font {
    fn parse(data: &'static [u8], postscript_name: &'static str, bold: bool) -> Option<Font> {
        Some(Font {
            data,
            face: Face::parse(data, 0).ok()?,
            postscript_name,
            bold,
        })
    }

    pub(crate) fn get(weight: Weight) -> Result<&'static Font, DocumentError> {
        match weight {
            Weight::Regular => REGULAR.as_ref(),
            Weight::Bold => BOLD.as_ref(),
        }
        .ok_or(DocumentError::Font("a built-in font does not parse"))
    }

    pub(crate) fn units_per_em(&self) -> f32 {
        f32::from(self.face.units_per_em())
    }

    /// Glyph space units to the PDF's thousandths of an em.
    pub(crate) fn to_pdf_units(&self, units: f32) -> f32 {
        units * 1000.0 / self.units_per_em()
    }

    fn glyph(&self, c: char) -> GlyphId {
        // Characters the face lacks show as a question mark rather than an empty box.
        self.face
            .glyph_index(c)
            .or_else(|| self.face.glyph_index('?'))
            .unwrap_or(GlyphId(0))
    }

    fn advance(&self, glyph: GlyphId) -> f32 {
        f32::from(self.face.glyph_hor_advance(glyph).unwrap_or(0))
    }

    /// The text's width in points at `size`, as it will be set (no kerning: the documents'
    /// short lines do not need it, and the width then is a plain sum).
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let units: f32 = text.chars().map(|c| self.advance(self.glyph(c))).sum();
        units * size / self.units_per_em()
    }
}

/// The glyphs one document uses from one face, numbered in order of first use: those numbers
/// are the subset's glyph ids and so the CIDs the content streams show.
pub(crate) struct FontUse {
    pub(crate) font: &'static Font,
    remapper: GlyphRemapper,
    /// CID → the text it stands for, for the ToUnicode map.
    unicode: BTreeMap<u16, char>,
}

impl FontUse {
    pub(crate) fn new(weight: Weight) -> Result<FontUse, DocumentError> {
        Ok(FontUse {
            font: Font::get(weight)?,
            remapper: GlyphRemapper::new(),
            unicode: BTreeMap::new(),
        })
    }

    /// The text as big-endian CIDs for a `Tj` operator.
    pub(crate) fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let glyph = self.font.glyph(c);
            let cid = self.remapper.remap(glyph.0);
            // The first character that used a glyph names it (a replaced character maps back
            // to the question mark it shows).
            let shown = if self.font.face.glyph_index(c).is_some() {
                c
            } else {
                '?'
            };
            self.unicode.entry(cid).or_insert(shown);
            out.extend_from_slice(&cid.to_be_bytes());
        }
        out
    }

    pub(crate) fn subset(&self) -> Result<EmbeddedFont, DocumentError> {
        let program = subsetter::subset(self.font.data, 0, &self.remapper)
            .map_err(|_| DocumentError::Font("subsetting failed"))?;
        let widths = self
            .remapper
            .remapped_gids()
            .map(|gid| self.font.to_pdf_units(self.font.advance(GlyphId(gid))))
            .collect();
        // The subset tag (six capital letters) is derived from the glyphs, so the same
        // document always gets the same name and different subsets different ones.
        let mut hash = Sha256::new();
        for gid in self.remapper.remapped_gids() {
            hash.update(gid.to_be_bytes());
        }
        let tag: String = hash.finalize()[..6]
            .iter()
            .map(|b| char::from(b'A' + b % 26))
            .collect();
        Ok(EmbeddedFont {
            font: self.font,
            base_name: format!("{tag}+{}", self.font.postscript_name),
            program,
            widths,
            unicode: self.unicode.clone(),
        })
    }
}

/// A subset ready to be written: its font program and the metrics the PDF repeats.
pub(crate) struct EmbeddedFont {
    pub(crate) font: &'static Font,
    pub(crate) base_name: String,
    /// The TrueType subset (the FontFile2 stream's decoded bytes).
    pub(crate) program: Vec<u8>,
    /// Advance widths by CID, in thousandths of an em.
    pub(crate) widths: Vec<f32>,
    pub(crate) unicode: BTreeMap<u16, char>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_faces_parse_and_have_the_german_letters() {
        for weight in Weight::ALL {
            let font = Font::get(weight).expect("font");
            for c in "ÄÖÜäöüß€§–„“".chars() {
                assert!(font.face.glyph_index(c).is_some(), "{c} in {weight:?}");
            }
        }
    }

    #[test]
    fn a_subset_holds_only_the_used_glyphs() {
        let mut regular = FontUse::new(Weight::Regular).expect("font");
        let bytes = regular.encode("Straße Straße");
        assert_eq!(bytes.len(), 26);
        let embedded = regular.subset().expect("subset");
        // .notdef, S, t, r, a, ß, e, space.
        assert_eq!(embedded.widths.len(), 8);
        assert_eq!(embedded.unicode.get(&5), Some(&'ß'));
        // The hinting programs stay; the outlines of the other 6000 glyphs go.
        assert!(
            embedded.program.len() < REGULAR_DATA.len() / 20,
            "{}",
            embedded.program.len()
        );
        assert!(embedded.base_name.ends_with("+DejaVuSans"));
        assert_eq!(embedded.base_name.len(), "ABCDEF+DejaVuSans".len());
    }

    #[test]
    fn missing_characters_show_a_question_mark() {
        let mut regular = FontUse::new(Weight::Regular).expect("font");
        // A private-use character no font has.
        let bytes = regular.encode("\u{e000}");
        let question = regular.encode("?");
        assert_eq!(bytes, question);
    }
}
