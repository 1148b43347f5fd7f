//! What can go wrong, with texts that say what to do. They name the queue's URI, job ids and
//! IPP status codes, never a job's title.

use std::{fmt, io};

use thiserror::Error;

use crate::JobId;

/// An IPP status code from the print server's answer (RFC 8011 section 4.1.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IppStatus(pub u16);

impl IppStatus {
    pub const NOT_POSSIBLE: IppStatus = IppStatus(0x0404);
    pub const NOT_FOUND: IppStatus = IppStatus(0x0406);
    pub const SERVICE_UNAVAILABLE: IppStatus = IppStatus(0x0502);
    pub const TEMPORARY_ERROR: IppStatus = IppStatus(0x0505);
    pub const NOT_ACCEPTING_JOBS: IppStatus = IppStatus(0x0506);
    pub const BUSY: IppStatus = IppStatus(0x0507);

    pub fn is_success(self) -> bool {
        self.0 < 0x0100
    }

    /// The status's keyword, e.g. `server-error-not-accepting-jobs`.
    pub fn name(self) -> &'static str {
        match self.0 {
            0x0000 => "successful-ok",
            0x0001 => "successful-ok-ignored-or-substituted-attributes",
            0x0002 => "successful-ok-conflicting-attributes",
            0x0400 => "client-error-bad-request",
            0x0401 => "client-error-forbidden",
            0x0402 => "client-error-not-authenticated",
            0x0403 => "client-error-not-authorized",
            0x0404 => "client-error-not-possible",
            0x0405 => "client-error-timeout",
            0x0406 => "client-error-not-found",
            0x0407 => "client-error-gone",
            0x0408 => "client-error-request-entity-too-large",
            0x0409 => "client-error-request-value-too-long",
            0x040A => "client-error-document-format-not-supported",
            0x040B => "client-error-attributes-or-values-not-supported",
            0x040C => "client-error-uri-scheme-not-supported",
            0x040D => "client-error-charset-not-supported",
            0x040E => "client-error-conflicting-attributes",
            0x040F => "client-error-compression-not-supported",
            0x0410 => "client-error-compression-error",
            0x0411 => "client-error-document-format-error",
            0x0412 => "client-error-document-access-error",
            0x0500 => "server-error-internal-error",
            0x0501 => "server-error-operation-not-supported",
            0x0502 => "server-error-service-unavailable",
            0x0503 => "server-error-version-not-supported",
            0x0504 => "server-error-device-error",
            0x0505 => "server-error-temporary-error",
            0x0506 => "server-error-not-accepting-jobs",
            0x0507 => "server-error-busy",
            0x0508 => "server-error-job-canceled",
            0x0509 => "server-error-multiple-document-jobs-not-supported",
            _ => "unknown status",
        }
    }
}

impl fmt::Display for IppStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (0x{:04x})", self.name(), self.0)
    }
}

/// How one request to the print server failed. [`TransportError::request_sent`] tells whether
/// any of the request may have reached it.
#[derive(Debug, Error)]
pub enum TransportError {
    #[error("cannot build the HTTP request: {0}")]
    Request(String),
    #[error("cannot resolve the host name {host}: {source}")]
    Resolve { host: String, source: io::Error },
    #[error("cannot connect to {addr}: {source}")]
    Connect { addr: String, source: io::Error },
    #[error("no connection to {addr} within {secs} s")]
    ConnectTimeout { addr: String, secs: u64 },
    #[error("the TLS handshake with {host} failed: {source}")]
    Tls { host: String, source: io::Error },
    /// Everything from here on happened after the request started to go out.
    #[error("the connection broke after the request was sent: {source}")]
    Lost {
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("no answer within {secs} s after the request was sent")]
    AnswerTimeout { secs: u64 },
    #[error("the print server answered with HTTP status {0}")]
    HttpStatus(u16),
    #[error("the print server's answer is not readable IPP: {0}")]
    BadAnswer(String),
}

impl TransportError {
    /// False when the failure happened before the first byte of the request was written
    /// (name resolution, connection, TLS handshake): the server cannot have seen it.
    pub fn request_sent(&self) -> bool {
        !matches!(
            self,
            TransportError::Request(_)
                | TransportError::Resolve { .. }
                | TransportError::Connect { .. }
                | TransportError::ConnectTimeout { .. }
                | TransportError::Tls { .. }
        )
    }
}

/// Errors of [`crate::Printer`]'s queries (status, job, follow).
#[derive(Debug, Error)]
pub enum PrintError {
    #[error(
        "printer.uri {0:?} is not the IPP URI of a CUPS queue: expected ipp://HOST[:PORT]/printers/QUEUE \
         (or ipps://…), e.g. ipp://localhost:631/printers/Kiosk"
    )]
    InvalidUri(String),
    #[error(
        "the print server of {uri} cannot be reached ({source}): check that CUPS is running \
         (`lpstat -r`) and that printer.uri in kiosk.toml names it"
    )]
    Unreachable { uri: String, source: TransportError },
    #[error(
        "the print server of {uri} did not answer properly ({source}): check that CUPS is running \
         and read its error log (/var/log/cups/error_log)"
    )]
    Transport { uri: String, source: TransportError },
    #[error(
        "the printer queue {uri} does not exist on the print server: compare printer.uri in \
         kiosk.toml with `lpstat -p`"
    )]
    NoSuchQueue { uri: String },
    #[error(
        "print job {0} is not known to the print server (a wrong id, or CUPS no longer keeps its \
         history): list the queue's jobs with `lpstat -W all -o`"
    )]
    JobNotFound(JobId),
    #[error(
        "the print server refused the request: {0}; check the queue with `lpstat -l -p` and \
         CUPS's error log (/var/log/cups/error_log)"
    )]
    Ipp(IppStatus),
    #[error("the print server's answer lacks {0}: is printer.uri really a CUPS queue?")]
    MissingAttribute(&'static str),
    #[error(
        "the kiosk's OS user (uid {uid}) has no name ({cause}): run the kiosk as a user with an \
         entry in /etc/passwd, or set printer.user in kiosk.toml"
    )]
    NoUserName { uid: u32, cause: String },
}

impl PrintError {
    /// The print server is away (not reachable, no answer, or it says it is unavailable for
    /// now): asking again later may succeed, and nothing is known about its jobs meanwhile.
    pub fn is_server_away(&self) -> bool {
        match self {
            PrintError::Unreachable { .. } | PrintError::Transport { .. } => true,
            PrintError::Ipp(status) => [
                IppStatus::SERVICE_UNAVAILABLE,
                IppStatus::TEMPORARY_ERROR,
                IppStatus::BUSY,
            ]
            .contains(status),
            _ => false,
        }
    }
}

/// Why the print server refused a job: it answered, so nothing was printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Ipp(IppStatus),
    Http(u16),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Ipp(status) => status.fmt(f),
            Refusal::Http(code) => write!(f, "HTTP status {code}"),
        }
    }
}

/// Errors of [`crate::Printer::submit`], by what they mean for printing the document again.
#[derive(Debug, Error)]
pub enum SubmitError {
    /// The request certainly did not reach the print server: nothing was printed and the
    /// document may be submitted again.
    #[error(
        "the print job was not sent ({0}): nothing was printed; it may be submitted again once \
         the print server is reachable (check that CUPS is running: `lpstat -r`, and \
         printer.uri in kiosk.toml)"
    )]
    NotSent(TransportError),
    /// The request may have reached the print server: the job may exist and print. Never
    /// submit it again on its own; staff check the printer's tray and the queue.
    #[error(
        "the print job may have reached the print server ({0}): do not print it again until \
         staff have checked the printer's tray and the queue (`lpstat -W all -o`)"
    )]
    Uncertain(TransportError),
    /// The print server answered with an error: no job was created.
    #[error(
        "the print server refused the print job ({0}): nothing was printed; check the queue \
         with `lpstat -l -p` (a stopped queue: `cupsenable QUEUE`, one not accepting jobs: \
         `cupsaccept QUEUE`)"
    )]
    Refused(Refusal),
}

impl SubmitError {
    /// True when the document may be submitted again without risking a second print.
    pub fn nothing_printed(&self) -> bool {
        !matches!(self, SubmitError::Uncertain(_))
    }
}
