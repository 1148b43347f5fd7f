//! Text in the standard Helvetica fonts with WinAnsiEncoding (Windows-1252): every viewer has
//! them, so this letter embeds no font. German text (umlauts, ß, „quotes“, –) is all in
//! WinAnsi and extracts as Unicode (pdftotext). Characters outside it (e.g. the ı in Yılmaz)
//! are written as their base letter, or '?' as a last resort. The certificates (a later
//! issue) embed subset fonts for PDF/A instead.

/// Glyph widths (1/1000 em) of WinAnsi codes 32..=255, from the metrics of Helvetica (as in
/// URW's metric-compatible Nimbus Sans AFM files); 0 for codes WinAnsi leaves undefined.
pub const HELVETICA: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    0, 556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, 0, 222, 222,
    333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667, 278, 333, 556, 556, 556, 556,
    260, 556, 333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 556, 537, 278, 333,
    333, 365, 556, 834, 834, 834, 611, 667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667,
    278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667,
    611, 556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
];
pub const HELVETICA_BOLD: [u16; 224] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
    0, 556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, 0, 278, 278,
    500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667, 278, 333, 556, 556, 556, 556,
    280, 556, 333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 611, 556, 278, 333,
    333, 365, 556, 834, 834, 834, 611, 722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667,
    278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667,
    611, 556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, 611, 611,
    611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
];

/// Windows-1252's codes 0x80..=0x9F (0 where it has none).
const HIGH: [char; 32] = [
    '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0', '‘',
    '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
];

/// Letters outside WinAnsi that names in a German insurer's records often have, as the base
/// letter a reader recognises.
const FALLBACK: &[(char, char)] = &[
    ('ı', 'i'),
    ('İ', 'I'),
    ('ş', 's'),
    ('Ş', 'S'),
    ('ğ', 'g'),
    ('Ğ', 'G'),
    ('ł', 'l'),
    ('Ł', 'L'),
    ('ą', 'a'),
    ('Ą', 'A'),
    ('ę', 'e'),
    ('Ę', 'E'),
    ('ć', 'c'),
    ('Ć', 'C'),
    ('ń', 'n'),
    ('Ń', 'N'),
    ('ś', 's'),
    ('Ś', 'S'),
    ('ź', 'z'),
    ('Ź', 'Z'),
    ('ż', 'z'),
    ('Ż', 'Z'),
    ('ă', 'a'),
    ('Ă', 'A'),
    ('ș', 's'),
    ('Ș', 'S'),
    ('ț', 't'),
    ('Ț', 'T'),
    ('č', 'c'),
    ('Č', 'C'),
    ('ř', 'r'),
    ('Ř', 'R'),
    ('ě', 'e'),
    ('Ě', 'E'),
    ('ů', 'u'),
    ('Ů', 'U'),
    ('đ', 'd'),
    ('Đ', 'D'),
    ('ő', 'o'),
    ('Ő', 'O'),
    ('ű', 'u'),
    ('Ű', 'U'),
    ('ē', 'e'),
    ('ā', 'a'),
    ('ī', 'i'),
    ('ū', 'u'),
    ('ė', 'e'),
    ('ģ', 'g'),
    ('ķ', 'k'),
    ('ļ', 'l'),
    ('ņ', 'n'),
    ('\u{2011}', '-'),
    ('\u{2010}', '-'),
];

fn byte(c: char) -> Option<u8> {
    let code = u32::from(c);
    if (0x20..0x7F).contains(&code) || (0xA0..=0xFF).contains(&code) {
        return u8::try_from(code).ok();
    }
    HIGH.iter()
        .position(|&h| h == c && h != '\0')
        .and_then(|i| u8::try_from(0x80 + i).ok())
}

/// The text as WinAnsi bytes, and how many characters had to be replaced.
pub fn encode(text: &str) -> (Vec<u8>, usize) {
    let mut replaced = 0;
    let bytes = text
        .chars()
        .map(|c| {
            byte(c).unwrap_or_else(|| {
                replaced += 1;
                FALLBACK
                    .iter()
                    .find(|(from, _)| *from == c)
                    .and_then(|(_, to)| byte(*to))
                    .unwrap_or(b'?')
            })
        })
        .collect();
    (bytes, replaced)
}

/// The width in points of WinAnsi bytes at `size` points.
pub fn width(bytes: &[u8], bold: bool, size: f32) -> f32 {
    let table = if bold { &HELVETICA_BOLD } else { &HELVETICA };
    let units: u32 = bytes
        .iter()
        .map(|&b| {
            usize::from(b)
                .checked_sub(32)
                .and_then(|i| table.get(i))
                .map_or(0, |&w| u32::from(w))
        })
        .sum();
    // Below 2^24, so exact in f32.
    units as f32 * size / 1000.0
}

/// Breaks text into lines no wider than `max_width` points, at spaces. A single word wider
/// than a line stands on its own line.
pub fn wrap(text: &str, bold: bool, size: f32, max_width: f32) -> Vec<Vec<u8>> {
    let (bytes, _) = encode(text);
    let mut lines = Vec::new();
    let mut line: Vec<u8> = Vec::new();
    for word in bytes.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
        let candidate_width = if line.is_empty() {
            width(word, bold, size)
        } else {
            width(&line, bold, size) + width(b" ", bold, size) + width(word, bold, size)
        };
        if !line.is_empty() && candidate_width > max_width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(b' ');
        }
        line.extend_from_slice(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_text_is_winansi() {
        let (bytes, replaced) = encode("Grüße an Jürgen Weiß – „Käthe“ Öztürk · 5 €");
        assert_eq!(replaced, 0);
        assert_eq!(
            bytes,
            b"Gr\xfc\xdfe an J\xfcrgen Wei\xdf \x96 \x84K\xe4the\x93 \xd6zt\xfcrk \xb7 5 \x80"
        );
    }

    #[test]
    fn other_letters_fall_back() {
        assert_eq!(encode("Yılmaz Łukasz"), (b"Yilmaz Lukasz".to_vec(), 2));
        assert_eq!(encode("李"), (b"?".to_vec(), 1));
        assert_eq!(encode("a\u{7f}b"), (b"a?b".to_vec(), 1));
    }

    #[test]
    fn widths_follow_helvetica() {
        // "Hello" in Helvetica: 722 + 556 + 222 + 222 + 556 = 2278 units.
        assert!((width(b"Hello", false, 10.0) - 22.78).abs() < 1e-3);
        assert!(width(b"Hello", true, 10.0) > width(b"Hello", false, 10.0));
        assert_eq!(width(b"\x81\x00", false, 10.0), 0.0);
    }

    #[test]
    fn lines_are_wrapped_at_spaces() {
        let lines = wrap("aaa bbb ccc", false, 10.0, width(b"aaa bbb", false, 10.0));
        assert_eq!(lines, vec![b"aaa bbb".to_vec(), b"ccc".to_vec()]);
        let lines = wrap("  averyveryverylongword x ", false, 10.0, 5.0);
        assert_eq!(
            lines,
            vec![b"averyveryverylongword".to_vec(), b"x".to_vec()]
        );
        assert!(wrap("", false, 10.0, 100.0).is_empty());
    }
}
