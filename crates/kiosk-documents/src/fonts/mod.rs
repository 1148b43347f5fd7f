//! The documents' typefaces: DejaVu Sans and DejaVu Sans Bold (`fonts/`, Bitstream Vera
//! licence), built into the binary so that a kiosk prints the same documents whatever fonts its
//! system has. Each document embeds only the glyphs it shows (subsetter), once a face, as simple
//! TrueType fonts: one byte a character, its code chosen as in WinAnsiEncoding where that is
//! free, each code named in the font dictionary's `/Differences` by its Adobe Glyph List name
//! (`glyph_names`), a (3,1) cmap in the program mapping those characters to their glyphs
//! (`sfnt`), and a ToUnicode map. The names are what survives printing through PostScript
//! (CUPS turns the PDF into PostScript, a PDF printer back into PDF): the text of a printed
//! PDF, umlauts, ß, ı, ł and the rest included, can still be copied and searched. A face whose
//! document shows more than 255 different characters gets further font dictionaries over the
//! same program.

mod glyph_names;
mod sfnt;

pub(crate) use glyph_names::glyph_name;

use std::{
    borrow::Cow,
    collections::{BTreeMap, HashMap},
    sync::LazyLock,
};

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

    /// The resource name content streams select one of the face's font dictionaries by: F1
    /// (regular) and F2 (bold) for the first, then F1.2, F1.3 … for those a document with
    /// many different characters needs.
    pub(crate) fn resource_name(self, dictionary: usize) -> Vec<u8> {
        let base = match self {
            Weight::Regular => "F1",
            Weight::Bold => "F2",
        };
        match dictionary {
            0 => base.as_bytes().to_vec(),
            n => format!("{base}.{}", n + 1).into_bytes(),
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

    /// The character as the documents show it: itself, or a question mark (rather than an
    /// empty box) for one the face lacks or one outside the Basic Multilingual Plane, which
    /// the program's cmap does not reach.
    fn shown(&self, c: char) -> char {
        if u32::from(c) < 0xFFFF && self.face.glyph_index(c).is_some() {
            c
        } else {
            '?'
        }
    }

    fn glyph(&self, c: char) -> GlyphId {
        self.face.glyph_index(self.shown(c)).unwrap_or(GlyphId(0))
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

/// The codes a font dictionary may use: all but 0.
const CODES: std::ops::RangeInclusive<u8> = 1..=255;

/// WinAnsiEncoding's codes 0x80–0x9F (PDF 32000-1, Annex D); 0 where it has none. Below and
/// above that range its codes are those of ASCII and Latin-1.
const WIN_ANSI_80: [u16; 32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
    0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
];

/// The character's code in WinAnsiEncoding, if it has one.
fn win_ansi_code(c: char) -> Option<u8> {
    let code = u32::from(c);
    match code {
        0x20..=0x7E | 0xA0..=0xFF => u8::try_from(code).ok(),
        _ => {
            let at = WIN_ANSI_80
                .iter()
                .position(|&w| w != 0 && u32::from(w) == code)?;
            u8::try_from(0x80 + at).ok()
        }
    }
}

/// Whether WinAnsiEncoding gives the code a character.
fn is_win_ansi(code: u8) -> bool {
    match code {
        0x20..=0x7E | 0xA0..=0xFF => true,
        0x80..=0x9F => WIN_ANSI_80[usize::from(code - 0x80)] != 0,
        _ => false,
    }
}

/// Codes for characters without a WinAnsi code of their own: first those WinAnsi leaves
/// unused, then WinAnsi's from the top down (where a German text is least likely to need
/// them later).
static SPARE_CODES: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let mut codes: Vec<u8> = CODES.filter(|&c| !is_win_ansi(c)).collect();
    codes.extend(CODES.rev().filter(|&c| is_win_ansi(c)));
    codes
});

/// Text in one font dictionary of a face: which one, and the codes for a `Tj` operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Run {
    pub(crate) dictionary: usize,
    pub(crate) codes: Vec<u8>,
}

/// The characters one document shows in one face: their glyphs (numbered in order of first
/// use: the subset's glyph ids) and their codes in the face's font dictionaries.
pub(crate) struct FontUse {
    pub(crate) font: &'static Font,
    remapper: GlyphRemapper,
    /// Each character shown so far: its dictionary and code.
    placed: HashMap<char, (usize, u8)>,
    /// Each font dictionary: code → character.
    dictionaries: Vec<BTreeMap<u8, char>>,
}

impl FontUse {
    pub(crate) fn new(weight: Weight) -> Result<FontUse, DocumentError> {
        Ok(FontUse {
            font: Font::get(weight)?,
            remapper: GlyphRemapper::new(),
            placed: HashMap::new(),
            dictionaries: Vec::new(),
        })
    }

    /// The text as runs of codes, one run for each change of font dictionary (a single run
    /// unless the document has more than 255 different characters in this face).
    pub(crate) fn encode(&mut self, text: &str) -> Vec<Run> {
        let mut runs: Vec<Run> = Vec::new();
        for c in text.chars() {
            let (dictionary, code) = self.place(self.font.shown(c));
            match runs.last_mut() {
                Some(run) if run.dictionary == dictionary => run.codes.push(code),
                _ => runs.push(Run {
                    dictionary,
                    codes: vec![code],
                }),
            }
        }
        runs
    }

    /// The character's dictionary and code, given one at its first use: its WinAnsi code in
    /// the first dictionary where that is free, else a spare code in the first with one free,
    /// else a new dictionary.
    fn place(&mut self, c: char) -> (usize, u8) {
        if let Some(&placed) = self.placed.get(&c) {
            return placed;
        }
        let winansi = win_ansi_code(c).and_then(|code| {
            let at = self
                .dictionaries
                .iter()
                .position(|codes| !codes.contains_key(&code))?;
            Some((at, code))
        });
        let spare = || {
            self.dictionaries
                .iter()
                .enumerate()
                .find_map(|(at, codes)| {
                    let code = SPARE_CODES.iter().find(|code| !codes.contains_key(code))?;
                    Some((at, *code))
                })
        };
        let (at, code) = winansi.or_else(spare).unwrap_or_else(|| {
            self.dictionaries.push(BTreeMap::new());
            let code = win_ansi_code(c).unwrap_or(SPARE_CODES[0]);
            (self.dictionaries.len() - 1, code)
        });
        self.dictionaries[at].insert(code, c);
        self.placed.insert(c, (at, code));
        self.remapper.remap(self.font.glyph(c).0);
        (at, code)
    }

    pub(crate) fn subset(&self) -> Result<EmbeddedFont, DocumentError> {
        let failed = || DocumentError::Font("subsetting failed");
        let program = subsetter::subset(self.font.data, 0, &self.remapper).map_err(|_| failed())?;
        // Each character on its glyph in the subset, for the program's cmap.
        let glyphs: BTreeMap<u16, u16> = self
            .placed
            .keys()
            .filter_map(|&c| {
                let code = u16::try_from(u32::from(c)).ok()?;
                Some((code, self.remapper.get(self.font.glyph(c).0)?))
            })
            .collect();
        let program = sfnt::with_cmap(&program, &sfnt::unicode_cmap(&glyphs)).ok_or_else(failed)?;
        let dictionaries = self
            .dictionaries
            .iter()
            .map(|chars| {
                let first = chars.keys().next().copied().unwrap_or(1);
                let last = chars.keys().next_back().copied().unwrap_or(1);
                let widths = (first..=last)
                    .map(|code| {
                        chars.get(&code).map_or(0.0, |&c| {
                            self.font
                                .to_pdf_units(self.font.advance(self.font.glyph(c)))
                        })
                    })
                    .collect();
                Dictionary {
                    first_char: first,
                    widths,
                    chars: chars.clone(),
                }
            })
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
            dictionaries,
        })
    }
}

/// A subset ready to be written: its font program and its font dictionaries.
pub(crate) struct EmbeddedFont {
    pub(crate) font: &'static Font,
    pub(crate) base_name: String,
    /// The TrueType subset with its Unicode cmap (the FontFile2 stream's decoded bytes).
    pub(crate) program: Vec<u8>,
    pub(crate) dictionaries: Vec<Dictionary>,
}

/// One simple TrueType font dictionary over a face's program.
pub(crate) struct Dictionary {
    pub(crate) first_char: u8,
    /// Advance widths in thousandths of an em, from `first_char` to the last code used (0 for
    /// codes in between that are not).
    pub(crate) widths: Vec<f32>,
    /// Code → the character it shows: `/Differences` (by glyph name) and ToUnicode.
    pub(crate) chars: BTreeMap<u8, char>,
}

impl Dictionary {
    /// The `/Differences` entries, by code.
    pub(crate) fn glyph_names(&self) -> impl Iterator<Item = (u8, Cow<'static, str>)> + '_ {
        self.chars.iter().map(|(&code, &c)| (code, glyph_name(c)))
    }
}

/// Every font dictionary of the two faces as the pages list them: (resource name, face index
/// in `fonts`, dictionary index), sorted by resource name, the order the content digest
/// takes them in.
pub(crate) fn resources(fonts: &[EmbeddedFont]) -> Vec<(Vec<u8>, usize, usize)> {
    let mut all: Vec<(Vec<u8>, usize, usize)> = Weight::ALL
        .iter()
        .zip(fonts)
        .enumerate()
        .flat_map(|(face, (weight, font))| {
            (0..font.dictionaries.len()).map(move |d| (weight.resource_name(d), face, d))
        })
        .collect();
    all.sort();
    all
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

    /// A subset program of the regular face with the text's glyphs, for the sfnt tests.
    pub(super) fn subset_of(text: &str) -> Vec<u8> {
        let mut regular = FontUse::new(Weight::Regular).expect("font");
        regular.encode(text);
        let remapper = regular.remapper.clone();
        subsetter::subset(REGULAR_DATA, 0, &remapper).expect("subset")
    }

    fn codes(runs: &[Run]) -> Vec<u8> {
        assert_eq!(runs.len(), 1, "{runs:?}");
        runs[0].codes.clone()
    }

    #[test]
    fn a_subset_holds_only_the_used_glyphs_and_finds_them_by_character() {
        let mut regular = FontUse::new(Weight::Regular).expect("font");
        let codes = codes(&regular.encode("Straße Straße"));
        // WinAnsi codes: one byte a character.
        assert_eq!(&codes[..7], b"Stra\xdfe ");
        assert_eq!(codes.len(), 13);
        let embedded = regular.subset().expect("subset");
        let [dictionary] = &embedded.dictionaries[..] else {
            panic!("one dictionary");
        };
        assert_eq!(dictionary.first_char, b' ');
        assert_eq!(dictionary.widths.len(), usize::from(0xdf - b' ') + 1);
        assert_eq!(dictionary.chars.get(&0xdf), Some(&'ß'));
        let names: Vec<(u8, String)> = dictionary
            .glyph_names()
            .map(|(code, name)| (code, name.into_owned()))
            .collect();
        let expected = [
            (b' ', "space"),
            (b'S', "S"),
            (b'a', "a"),
            (b'e', "e"),
            (b'r', "r"),
            (b't', "t"),
            (0xdf, "germandbls"),
        ];
        assert_eq!(names, expected.map(|(code, name)| (code, name.to_owned())));
        // The program finds each glyph by its character; .notdef and 6 letters and space.
        let face = Face::parse(&embedded.program, 0).expect("parses");
        assert_eq!(face.number_of_glyphs(), 8);
        for c in "Straße ".chars() {
            let glyph = face.glyph_index(c).expect("in the cmap");
            let original = regular.font.face.glyph_index(c).expect("in the face");
            assert_eq!(
                face.glyph_hor_advance(glyph),
                regular.font.face.glyph_hor_advance(original),
                "{c}"
            );
        }
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
    fn letters_outside_win_ansi_get_spare_codes_and_their_names() {
        let mut bold = FontUse::new(Weight::Bold).expect("font");
        let codes = codes(&bold.encode("Işıl Doğan-İnal Łukasz Müller €"));
        let embedded = bold.subset().expect("subset");
        let dictionary = &embedded.dictionaries[0];
        let shown: String = codes.iter().map(|code| dictionary.chars[code]).collect();
        assert_eq!(shown, "Işıl Doğan-İnal Łukasz Müller €");
        let names: BTreeMap<char, Cow<'_, str>> = dictionary
            .glyph_names()
            .map(|(code, name)| (dictionary.chars[&code], name))
            .collect();
        for (c, name) in [
            ('ı', "dotlessi"),
            ('ş', "scedilla"),
            ('ğ', "gbreve"),
            ('İ', "Idotaccent"),
            ('Ł', "Lslash"),
            ('ü', "udieresis"),
            ('€', "Euro"),
        ] {
            assert_eq!(names[&c], name);
        }
        // ASCII, ü and € keep their WinAnsi codes; the others take codes WinAnsi leaves free.
        assert_eq!(codes[0], b'I');
        assert_eq!(codes[1], 1, "ş, the first without a WinAnsi code");
        assert!(codes.contains(&0xfc) && codes.contains(&0x80));
        let face = Face::parse(&embedded.program, 0).expect("parses");
        for c in "ışğİŁ".chars() {
            assert!(face.glyph_index(c).is_some(), "{c}");
        }
    }

    #[test]
    fn more_than_255_characters_take_further_dictionaries() {
        let mut regular = FontUse::new(Weight::Regular).expect("font");
        // Latin-1, Latin Extended-A, Greek and Cyrillic letters: about 420.
        let text: String = ('\u{21}'..='\u{7e}')
            .chain('\u{a1}'..='\u{17f}')
            .chain('\u{391}'..='\u{3a9}')
            .chain('\u{410}'..='\u{44f}')
            .filter(|&c| regular.font.face.glyph_index(c).is_some())
            .collect();
        let runs = regular.encode(&text);
        assert!(runs.len() > 1, "{}", runs.len());
        assert_eq!(runs[0].dictionary, 0);
        let embedded = regular.subset().expect("subset");
        assert_eq!(embedded.dictionaries.len(), 2);
        assert_eq!(embedded.dictionaries[0].chars.len(), 255);
        let shown: String = runs
            .iter()
            .flat_map(|run| {
                let chars = &embedded.dictionaries[run.dictionary].chars;
                run.codes.iter().map(move |code| chars[code])
            })
            .collect();
        assert_eq!(shown, text);
        // The same text again: the same codes, nothing new.
        assert_eq!(regular.encode(&text), runs);
        assert_eq!(Weight::Regular.resource_name(1), b"F1.2");
        assert_eq!(Weight::Bold.resource_name(0), b"F2");
    }

    #[test]
    fn missing_characters_show_a_question_mark() {
        let mut regular = FontUse::new(Weight::Regular).expect("font");
        // A private-use character no font has, and one beyond the BMP.
        let bytes = regular.encode("\u{e000}\u{1d400}");
        let question = regular.encode("??");
        assert_eq!(bytes, question);
        let embedded = regular.subset().expect("subset");
        assert_eq!(embedded.dictionaries[0].chars.len(), 1);
    }
}
