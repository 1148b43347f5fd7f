//! The verification QR code as a form XObject: dark modules as rectangles in module units
//! (a row's runs of dark modules as one rectangle), filled as one path so that no seams show.
//! The page scales and places it. The same token always gives the same bytes, which is how
//! verification checks that the printed code is the signed token.

use qrcode::{Color, EcLevel, QrCode, Version};

use crate::DocumentError;

/// Every format-1 token (214 alphanumeric characters) fits version 8 at level M (15 % of the
/// code may be damaged): 49 modules a side. Fixed, so the page can be laid out before the
/// token exists.
pub(crate) const VERSION: i16 = 8;
pub(crate) const MODULES: usize = 17 + 4 * VERSION as usize;

pub(crate) fn symbol(token: &str) -> Result<QrCode, DocumentError> {
    QrCode::with_version(token.as_bytes(), Version::Normal(VERSION), EcLevel::M)
        .map_err(|error| DocumentError::Qr(error.to_string()))
}

/// The form's content stream (decoded).
pub(crate) fn form_content(token: &str) -> Result<Vec<u8>, DocumentError> {
    let code = symbol(token)?;
    let modules = code.width();
    let colors = code.to_colors();
    let mut out = String::from("0 0 0 rg\n");
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
            out.push_str(&format!("{start} {row} {} 1 re\n", column - start));
        }
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
}
