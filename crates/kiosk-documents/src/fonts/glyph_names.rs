//! Glyph names for the font dictionaries' `/Differences`: the Adobe Glyph List name of a
//! character (`fonts/glyph-names.txt`), else `uniXXXX`. Readers turn a name back into the
//! character (and so find the glyph through the font program's Unicode cmap); PostScript
//! printing keeps the names where it loses everything else, so text copied from a printed
//! PDF is still right.

use std::{borrow::Cow, sync::LazyLock};

static LIST: &str = include_str!("../../fonts/glyph-names.txt");

/// (code point, name), sorted by code point.
static NAMES: LazyLock<Vec<(u16, &'static str)>> = LazyLock::new(|| {
    LIST.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (hex, name) = line.split_once(' ')?;
            Some((u16::from_str_radix(hex, 16).ok()?, name))
        })
        .collect()
});

/// The character's name in the Adobe Glyph List, as PDF/A wants for the `/Differences` of a
/// non-symbolic TrueType font; `uniXXXX` (the AGL specification's form, which every reader
/// and Ghostscript map back) for the few the list does not name. Only for characters of the
/// Basic Multilingual Plane: the fonts show others as a question mark.
pub(crate) fn glyph_name(c: char) -> Cow<'static, str> {
    let code = u16::try_from(u32::from(c)).unwrap_or(u16::MAX);
    match NAMES.binary_search_by_key(&code, |(point, _)| *point) {
        Ok(at) => Cow::Borrowed(NAMES[at].1),
        Err(_) => Cow::Owned(format!("uni{code:04X}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_unique_and_complete() {
        assert_eq!(NAMES.len(), 3680);
        assert!(NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        let mut names: Vec<&str> = NAMES.iter().map(|(_, name)| *name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), NAMES.len(), "one code point a name");
        assert!(
            NAMES
                .iter()
                .all(|(_, n)| n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        );
    }

    #[test]
    fn names_of_the_members_letters() {
        let names: Vec<Cow<'_, str>> = "aäößİığşŁł€ –„“Ж\u{1ec5}\u{0259}\u{a7a0}"
            .chars()
            .map(glyph_name)
            .collect();
        assert_eq!(
            names,
            [
                "a",
                "adieresis",
                "odieresis",
                "germandbls",
                "Idotaccent",
                "dotlessi",
                "gbreve",
                "scedilla",
                "Lslash",
                "lslash",
                "Euro",
                "space",
                "endash",
                "quotedblbase",
                "quotedblleft",
                "Zhecyrillic",
                "ecircumflextilde",
                "schwa",
                "uniA7A0",
            ]
        );
    }
}
