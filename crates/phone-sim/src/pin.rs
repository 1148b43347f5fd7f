//! The app PIN ("Ihre PIN"): six digits the user chooses. Refused are what others guess
//! first: a date (a birthday, DDMMYY or YYMMDD), a year (19xx or 20xx at either end), one
//! digit repeated, and runs up or down.

use std::fmt;

use zeroize::Zeroizing;

/// A PIN that passed the rules. Never printed.
#[derive(Clone)]
pub struct Pin(Zeroizing<String>);

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(<redacted>)")
    }
}

/// Why a chosen PIN is refused; the message tells the user what to choose instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PinRefusal {
    #[error("the PIN has exactly 6 digits")]
    NotSixDigits,
    #[error("the PIN looks like a date (a birthday is the first thing others try): choose another")]
    Date,
    #[error("the PIN contains a year (19xx or 20xx): choose another")]
    Year,
    #[error("the PIN repeats one digit: choose another")]
    Repeated,
    #[error("the PIN is a run of digits (123456, 654321): choose another")]
    Run,
}

fn digits(text: &str) -> Option<[u8; 6]> {
    let bytes = text.as_bytes();
    if bytes.len() != 6 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut out = [0u8; 6];
    for (d, b) in out.iter_mut().zip(bytes) {
        *d = b - b'0';
    }
    Some(out)
}

fn is_date(day: u8, month: u8) -> bool {
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

impl Pin {
    /// A PIN being set: the rules apply.
    pub fn choose(text: &str) -> Result<Pin, PinRefusal> {
        let d = digits(text).ok_or(PinRefusal::NotSixDigits)?;
        let pair = |i: usize| d[i] * 10 + d[i + 1];
        if d.iter().all(|x| *x == d[0]) {
            return Err(PinRefusal::Repeated);
        }
        let steps: Vec<i8> = d.windows(2).map(|w| w[1] as i8 - w[0] as i8).collect();
        if steps.iter().all(|s| *s == 1) || steps.iter().all(|s| *s == -1) {
            return Err(PinRefusal::Run);
        }
        // DDMMYY, YYMMDD.
        if is_date(pair(0), pair(2)) || is_date(pair(4), pair(2)) {
            return Err(PinRefusal::Date);
        }
        let year = |i: usize| matches!(pair(i), 19 | 20);
        if year(0) || year(2) {
            return Err(PinRefusal::Year);
        }
        Ok(Pin(Zeroizing::new(text.to_owned())))
    }

    /// A PIN typed to unlock: only its form is checked (the key file says if it is right).
    pub fn typed(text: &str) -> Result<Pin, PinRefusal> {
        digits(text).ok_or(PinRefusal::NotSixDigits)?;
        Ok(Pin(Zeroizing::new(text.to_owned())))
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guessable_pins_are_refused_with_a_reason() {
        let cases = [
            ("12345", PinRefusal::NotSixDigits),
            ("12345a", PinRefusal::NotSixDigits),
            ("1234567", PinRefusal::NotSixDigits),
            ("777777", PinRefusal::Repeated),
            ("123456", PinRefusal::Run),
            ("876543", PinRefusal::Run),
            ("150380", PinRefusal::Date), // 15.03.80
            ("800315", PinRefusal::Date), // 80-03-15
            ("311299", PinRefusal::Date),
            ("198577", PinRefusal::Year),
            ("772024", PinRefusal::Year),
        ];
        for (pin, refusal) in cases {
            assert_eq!(Pin::choose(pin).map(drop), Err(refusal), "{pin}");
        }
        for pin in ["482915", "739164", "004700"] {
            assert!(Pin::choose(pin).is_ok(), "{pin}");
        }
        assert!(
            Pin::typed("150380").is_ok(),
            "typing is checked by the key file"
        );
        assert_eq!(format!("{:?}", Pin::typed("482915")), "Ok(Pin(<redacted>))");
    }
}
