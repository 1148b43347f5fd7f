//! The one change the kiosk makes to a subset font program: a Unicode `cmap` table. subsetter
//! leaves it out (it expects CID fonts, whose glyphs the PDF addresses by id); a simple
//! TrueType font dictionary names its glyphs, and readers find a named glyph through the
//! name's character in the program's (3,1) cmap, which PDF/A-2 also asks for.

use std::collections::BTreeMap;

const CMAP: [u8; 4] = *b"cmap";
const HEAD: [u8; 4] = *b"head";
/// Where `checkSumAdjustment` is in the head table.
const CHECKSUM_ADJUSTMENT: usize = 8;

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// The OpenType checksum: the sum of the big-endian u32s, the last one padded with zeros.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// A `cmap` table with one subtable, (3,1) format 4, mapping each character to its glyph.
/// Runs of consecutive characters on consecutive glyphs share a segment.
pub(crate) fn unicode_cmap(glyphs: &BTreeMap<u16, u16>) -> Vec<u8> {
    // (start, end, delta) segments; the closing 0xFFFF segment maps to glyph 0.
    let mut segments: Vec<(u16, u16, u16)> = Vec::new();
    for (&code, &glyph) in glyphs.iter().filter(|(code, _)| **code != 0xFFFF) {
        let delta = glyph.wrapping_sub(code);
        match segments.last_mut() {
            Some((_, end, d)) if *end + 1 == code && *d == delta => *end = code,
            _ => segments.push((code, code, delta)),
        }
    }
    segments.push((0xFFFF, 0xFFFF, 1));

    let count = u16::try_from(segments.len()).unwrap_or(u16::MAX);
    let entry_selector = count.ilog2() as u16;
    let search_range = 2 * (1u16 << entry_selector);
    let length = 16 + 8 * count;
    let mut subtable = Vec::with_capacity(usize::from(length));
    for value in [
        4,
        length,
        0,
        2 * count,
        search_range,
        entry_selector,
        2 * count - search_range,
    ] {
        subtable.extend_from_slice(&value.to_be_bytes());
    }
    for (_, end, _) in &segments {
        subtable.extend_from_slice(&end.to_be_bytes());
    }
    subtable.extend_from_slice(&[0, 0]);
    for (start, _, _) in &segments {
        subtable.extend_from_slice(&start.to_be_bytes());
    }
    for (_, _, delta) in &segments {
        subtable.extend_from_slice(&delta.to_be_bytes());
    }
    subtable.extend(std::iter::repeat_n(0, 2 * segments.len()));

    // Version 0, one encoding record: platform 3 (Windows), encoding 1 (Unicode BMP), at 12.
    let mut table = vec![0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12];
    table.extend_from_slice(&subtable);
    table
}

/// The font program with `cmap` as its cmap table (replacing one it had), the table
/// directory, checksums and head's checksum adjustment recomputed. None if the program's
/// table directory does not parse.
pub(crate) fn with_cmap(program: &[u8], cmap: &[u8]) -> Option<Vec<u8>> {
    let version = program.get(..4)?;
    let count = usize::from(u16_at(program, 4)?);
    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::with_capacity(count + 1);
    for i in 0..count {
        let record = 12 + 16 * i;
        let tag: [u8; 4] = program.get(record..record + 4)?.try_into().ok()?;
        let offset = usize::try_from(u32_at(program, record + 8)?).ok()?;
        let length = usize::try_from(u32_at(program, record + 12)?).ok()?;
        if tag != CMAP {
            tables.push((
                tag,
                program.get(offset..offset.checked_add(length)?)?.to_vec(),
            ));
        }
    }
    tables.push((CMAP, cmap.to_vec()));
    tables.sort_by_key(|(tag, _)| *tag);

    let count = u16::try_from(tables.len()).ok()?;
    let entry_selector = count.ilog2() as u16;
    let search_range = 16 * (1u16 << entry_selector);
    let mut out = Vec::with_capacity(program.len() + cmap.len() + 32);
    out.extend_from_slice(version);
    for value in [
        count,
        search_range,
        entry_selector,
        16 * count - search_range,
    ] {
        out.extend_from_slice(&value.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &mut tables {
        if *tag == HEAD {
            data.get_mut(CHECKSUM_ADJUSTMENT..CHECKSUM_ADJUSTMENT + 4)?
                .fill(0);
            head_at = Some(offset);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&u32::try_from(offset).ok()?.to_be_bytes());
        out.extend_from_slice(&u32::try_from(data.len()).ok()?.to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    let at = head_at? + CHECKSUM_ADJUSTMENT;
    let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    out[at..at + 4].copy_from_slice(&adjustment.to_be_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use ttf_parser::{Face, GlyphId};

    use super::*;

    #[test]
    fn the_cmap_maps_each_character_to_its_glyph() {
        let glyphs: BTreeMap<u16, u16> = [
            (0x20, 3),
            (0x41, 1),
            (0x42, 2),
            (0x43, 4),
            (0x131, 5),
            (0x20AC, 6),
        ]
        .into();
        let program = super::super::tests::subset_of("AB");
        let with = with_cmap(&program, &unicode_cmap(&glyphs)).expect("rebuilds");
        let face = Face::parse(&with, 0).expect("parses");
        for (&code, &glyph) in &glyphs {
            let c = char::from_u32(u32::from(code)).expect("char");
            assert_eq!(face.glyph_index(c), Some(GlyphId(glyph)), "{c}");
        }
        assert_eq!(face.glyph_index('D'), None);
        // The whole file sums to the magic number, every table to its record's checksum.
        assert_eq!(checksum(&with), 0xB1B0_AFBA);
        let again = with_cmap(&with, &unicode_cmap(&glyphs)).expect("rebuilds");
        assert_eq!(again, with, "a second cmap replaces the first");
    }
}
