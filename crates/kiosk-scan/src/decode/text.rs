//! QR byte segments carry no character set (rqrr ignores ECI). Guess as ZXing does: UTF-8 if
//! the bytes are valid UTF-8, else Shift_JIS (Japanese codes and rqrr's kanji segments), else
//! ISO-8859-1, the standard's default, which maps every byte.

pub(crate) fn bytes_to_text(bytes: Vec<u8>) -> String {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return text,
        Err(error) => error.into_bytes(),
    };
    let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(&bytes);
    if !had_errors {
        return text.into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_first_then_shift_jis_then_latin1() {
        assert_eq!(bytes_to_text("Grüße".as_bytes().to_vec()), "Grüße");
        // "テスト" in Shift_JIS.
        assert_eq!(
            bytes_to_text(vec![0x83, 0x65, 0x83, 0x58, 0x83, 0x67]),
            "テスト"
        );
        // 0xFC alone is invalid in both UTF-8 and Shift_JIS: ISO-8859-1 "ü".
        assert_eq!(bytes_to_text(vec![b'a', 0xFC]), "aü");
    }
}
