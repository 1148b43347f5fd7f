//! The verification QR code as a form XObject: dark modules as rectangles in module units
//! (a row's runs of dark modules as one rectangle), filled as one path so that no seams show.
//! The page scales and places it. The same token always gives the same bytes, which is how
//! verification checks that the printed code is the signed token.

use qrcode::{Color, EcLevel, QrCode, Version, types::QrError};

use crate::DocumentError;

/// Every format-1 token (214 alphanumeric characters) fits version 8 at level M (15 % of the
/// code may be damaged): 49 modules a side. Fixed, so the page can be laid out before the
/// token exists.
pub(crate) const VERSION: i16 = 8;
pub(crate) const MODULES: usize = 17 + 4 * VERSION as usize;

/// A token in the QR alphanumeric alphabet (base45) as one alphanumeric segment at `version`,
/// level M: always the same length in bits, so every token of a format gets the same symbol.
/// (The qrcode crate's own segment choice splits digit runs into numeric segments, and the
/// mode switches then push some random tokens into a larger version.) Letters and
/// certificates both draw their codes from this.
pub fn single_segment_symbol(token: &str, version: i16) -> Result<QrCode, QrError> {
    let mut bits = qrcode::bits::Bits::new(Version::Normal(version));
    bits.push_alphanumeric_data(token.as_bytes())?;
    bits.push_terminator(EcLevel::M)?;
    QrCode::with_bits(bits, EcLevel::M)
}

/// Each row's runs of dark modules, as (row, first column, length): drawn as rectangles and
/// filled as one path, no seams show between modules.
pub fn dark_runs(code: &QrCode) -> Vec<(usize, usize, usize)> {
    let modules = code.width();
    let colors = code.to_colors();
    let mut runs = Vec::new();
    for (row, cells) in colors.chunks(modules).enumerate() {
        let mut column = 0;
        while column < modules {
            if cells[column] != Color::Dark {
                column += 1;
                continue;
            }
            let start = column;
            while column < modules && cells[column] == Color::Dark {
                column += 1;
            }
            runs.push((row, start, column - start));
        }
    }
    runs
}

pub(crate) fn symbol(token: &str) -> Result<QrCode, DocumentError> {
    single_segment_symbol(token, VERSION).map_err(|error| DocumentError::Qr(error.to_string()))
}

/// The form's content stream (decoded).
pub(crate) fn form_content(token: &str) -> Result<Vec<u8>, DocumentError> {
    let code = symbol(token)?;
    let mut out = String::from("0 0 0 rg\n");
    for (row, start, length) in dark_runs(&code) {
        out.push_str(&format!("{start} {row} {length} 1 re\n"));
    }
    out.push_str("f\n");
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::TOKEN_LEN;

    #[test]
    fn a_token_fits_the_fixed_version() {
        let token = format!("KD1:{}", "Z$%*+-./: ".repeat(30));
        let code = symbol(&token[..TOKEN_LEN]).expect("fits");
        assert_eq!(code.width(), MODULES);
        assert_eq!(MODULES, 49);
        assert!(symbol(&format!("{token}{token}")).is_err());
    }

    /// Tokens are random base45 text: digit runs must not push the encoding past version 8.
    #[test]
    fn random_tokens_with_digit_runs_fit_the_fixed_version() {
        const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for round in 0..150_u32 {
            let mut token = String::from("KD1:");
            while token.len() < TOKEN_LEN {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                // Every other round favours digits, as long numeric runs are what splits.
                let pick = if round.is_multiple_of(2) && !state.is_multiple_of(3) {
                    (state >> 8) % 10
                } else {
                    (state >> 8) % ALPHABET.len() as u64
                };
                token.push(char::from(ALPHABET[pick as usize]));
            }
            let code = symbol(&token).unwrap_or_else(|e| panic!("{token}: {e}"));
            assert_eq!(code.width(), MODULES);
        }
    }
}
