//! Where the phone finds the central system's phone API: `https://host[:port]`, nothing else.
//! In the QR it is written in capitals, which keeps the code in the dense alphanumeric mode;
//! host names do not care about case.

use std::fmt;

/// The phone API's origin, lower case, without a trailing slash.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PhoneApiOrigin(String);

/// Not an origin the QR can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "expected https://HOST or https://HOST:PORT (host: letters, digits, '-', '.'; at most \
     {MAX_ORIGIN_LEN} characters)"
)]
pub struct InvalidOrigin;

/// Long enough for any sensible host name, short enough to keep the QR small.
pub const MAX_ORIGIN_LEN: usize = 80;

impl PhoneApiOrigin {
    /// Reads `https://host[:port]` in any case (the QR carries it in capitals).
    pub fn parse(text: &str) -> Result<PhoneApiOrigin, InvalidOrigin> {
        let lower = text.to_ascii_lowercase();
        if lower.len() > MAX_ORIGIN_LEN {
            return Err(InvalidOrigin);
        }
        let rest = lower.strip_prefix("https://").ok_or(InvalidOrigin)?;
        let (host, port) = match rest.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (rest, None),
        };
        let host_ok = !host.is_empty()
            && !host.starts_with(['-', '.'])
            && !host.ends_with(['-', '.'])
            && !host.contains("..")
            && host
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
        let port_ok = port.is_none_or(|p| {
            !p.is_empty() && !p.starts_with('0') && p.parse::<u16>().is_ok_and(|n| n > 0)
        });
        if host_ok && port_ok {
            Ok(PhoneApiOrigin(lower))
        } else {
            Err(InvalidOrigin)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As the QR writes it: capitals (QR alphanumeric mode).
    pub fn for_qr(&self) -> String {
        self.0.to_ascii_uppercase()
    }
}

impl fmt::Display for PhoneApiOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for PhoneApiOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneApiOrigin({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_https_host_and_port_only() {
        for good in [
            "https://central.example",
            "HTTPS://CENTRAL.EXAMPLE:8443",
            "https://127.0.0.1:9443",
            "https://a-b.c",
        ] {
            let origin = PhoneApiOrigin::parse(good).expect(good);
            assert_eq!(origin.as_str(), good.to_ascii_lowercase());
            assert_eq!(PhoneApiOrigin::parse(&origin.for_qr()), Ok(origin));
        }
        for bad in [
            "",
            "http://central.example",
            "https://",
            "https://central.example/",
            "https://central.example/phone",
            "https://central.example:",
            "https://central.example:0",
            "https://central.example:08443",
            "https://central.example:65536",
            "https://user@central.example",
            "https://-central.example",
            "https://central..example",
            "https://zentrale.bücher",
            &format!("https://{}", "a".repeat(MAX_ORIGIN_LEN)),
        ] {
            assert_eq!(PhoneApiOrigin::parse(bad), Err(InvalidOrigin), "{bad}");
        }
    }
}
