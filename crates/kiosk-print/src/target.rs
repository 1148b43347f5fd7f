//! Where a queue's requests go: `ipp://host:631/printers/Q` is HTTP POST to `host:631` with the
//! path `/printers/Q`; `ipps://` is the same over TLS. Both default to port 631 (RFC 7472).

use hyper::http::Uri;

use crate::PrintError;

const IPP_PORT: u16 = 631;

#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// The URI as configured, for messages and the `printer-uri` attribute.
    pub uri: String,
    pub tls: bool,
    /// For connecting and TLS: without the brackets of an IPv6 literal.
    pub host: String,
    pub port: u16,
    /// The `Host` header: as written in the URI, with the port.
    pub authority: String,
    pub path: String,
}

impl Target {
    pub fn parse(uri: &str) -> Result<Target, PrintError> {
        let invalid = || PrintError::InvalidUri(uri.to_owned());
        let parsed: Uri = uri.parse().map_err(|_| invalid())?;
        let tls = match parsed.scheme_str() {
            Some("ipp") => false,
            Some("ipps") => true,
            _ => return Err(invalid()),
        };
        let authority = parsed.authority().ok_or_else(invalid)?;
        if authority.as_str().contains('@') {
            return Err(invalid());
        }
        let written_host = authority.host();
        let host = written_host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(written_host);
        let path = parsed.path();
        let queue = path.strip_prefix("/printers/").unwrap_or_default();
        if host.is_empty() || queue.is_empty() || queue.contains('/') || parsed.query().is_some() {
            return Err(invalid());
        }
        let port = authority.port_u16().unwrap_or(IPP_PORT);
        Ok(Target {
            uri: uri.to_owned(),
            tls,
            host: host.to_owned(),
            port,
            authority: format!("{written_host}:{port}"),
            path: path.to_owned(),
        })
    }

    /// The queue's name, e.g. `Kiosk`.
    pub fn queue(&self) -> &str {
        self.path.trim_start_matches("/printers/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_uris_are_read_and_others_refused() {
        let t = Target::parse("ipp://localhost:631/printers/KioskPDF").expect("valid");
        assert_eq!(
            (t.tls, t.host.as_str(), t.port, t.path.as_str(), t.queue()),
            (false, "localhost", 631, "/printers/KioskPDF", "KioskPDF")
        );
        let t = Target::parse("ipps://printer.branch.example/printers/Kiosk").expect("valid");
        assert_eq!(
            (t.tls, t.port, t.authority.as_str()),
            (true, 631, "printer.branch.example:631")
        );
        let t = Target::parse("ipp://[::1]:8631/printers/K").expect("valid");
        assert_eq!(
            (t.host.as_str(), t.authority.as_str()),
            ("::1", "[::1]:8631")
        );
        for bad in [
            "http://localhost:631/printers/K",
            "ipp://localhost:631/classes/K",
            "ipp://localhost:631/printers/",
            "ipp://localhost/printers/a/b",
            "ipp://user:pw@localhost/printers/K",
            "ipp://localhost/printers/K?x=1",
            "localhost:631/printers/K",
            "ipp:///printers/K",
        ] {
            assert!(
                matches!(Target::parse(bad), Err(PrintError::InvalidUri(_))),
                "{bad}"
            );
        }
    }
}
