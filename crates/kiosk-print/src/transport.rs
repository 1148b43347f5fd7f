//! One IPP request, one HTTP/1.1 POST on a connection of its own.
//!
//! The connection (name resolution, TCP, for `ipps` the TLS handshake) is made first and
//! completely; only then is the request written. So any failure up to that point is one where
//! the print server cannot have seen a byte of the request ([`TransportError::request_sent`]
//! is false), and every failure after it (a reset, a timeout, an unreadable answer) is one
//! where it may have. A pooled connection would blur that line (a keep-alive connection the
//! server closed a moment ago fails only once the request is on its way), so there is none.

use std::{
    io,
    net::SocketAddr,
    sync::{Arc, OnceLock},
    time::Duration,
};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Request, header};
use hyper_util::rt::TokioIo;
use tokio::{
    io::{AsyncRead, AsyncWrite},
    net::TcpStream,
    time::timeout,
};
use tokio_rustls::{TlsConnector, rustls};

use crate::{TransportError, target::Target};

#[derive(Debug, Clone, Copy)]
pub(crate) struct Timeouts {
    /// Name resolution, connection and TLS handshake together.
    pub connect: Duration,
    /// From the first byte written to the last byte of the answer.
    pub answer: Duration,
}

/// Sends `body` (an encoded IPP request) and returns the body of a `200 OK` answer.
pub(crate) async fn exchange(
    target: &Target,
    body: Bytes,
    timeouts: Timeouts,
) -> Result<Bytes, TransportError> {
    let request = Request::post(target.path.as_str())
        .header(header::HOST, target.authority.as_str())
        .header(header::CONTENT_TYPE, "application/ipp")
        .header(header::CONTENT_LENGTH, body.len())
        .header(
            header::USER_AGENT,
            concat!("kiosk-print/", env!("CARGO_PKG_VERSION")),
        )
        .body(Full::new(body))
        .map_err(|e| TransportError::Request(e.to_string()))?;
    let addr = format!("{}:{}", target.host, target.port);
    let connecting = async {
        let stream = connect(target, &addr).await?;
        if target.tls {
            let tls = handshake(target, stream).await?;
            Ok::<_, TransportError>(Stream::Tls(Box::new(tls)))
        } else {
            Ok(Stream::Plain(stream))
        }
    };
    let stream = timeout(timeouts.connect, connecting).await.map_err(|_| {
        TransportError::ConnectTimeout {
            addr: addr.clone(),
            secs: timeouts.connect.as_secs(),
        }
    })??;
    // From here on the request may reach the server.
    let answer = match stream {
        Stream::Plain(s) => timeout(timeouts.answer, post(s, request)).await,
        Stream::Tls(s) => timeout(timeouts.answer, post(*s, request)).await,
    };
    answer.map_err(|_| TransportError::AnswerTimeout {
        secs: timeouts.answer.as_secs(),
    })?
}

enum Stream {
    Plain(TcpStream),
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

async fn connect(target: &Target, addr: &str) -> Result<TcpStream, TransportError> {
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((target.host.as_str(), target.port))
        .await
        .map_err(|source| TransportError::Resolve {
            host: target.host.clone(),
            source,
        })?
        .collect();
    let mut last = io::Error::new(io::ErrorKind::NotFound, "no address");
    for candidate in addrs {
        match TcpStream::connect(candidate).await {
            Ok(stream) => {
                let _ = stream.set_nodelay(true);
                return Ok(stream);
            }
            Err(error) => last = error,
        }
    }
    Err(TransportError::Connect {
        addr: addr.to_owned(),
        source: last,
    })
}

/// The TLS client configuration: the operating system's trust store.
fn tls_config() -> Result<Arc<rustls::ClientConfig>, rustls::Error> {
    static CONFIG: OnceLock<Result<Arc<rustls::ClientConfig>, rustls::Error>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            use rustls_platform_verifier::BuilderVerifierExt;
            let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
            rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .and_then(|b| b.with_platform_verifier())
                .map(|b| Arc::new(b.with_no_client_auth()))
        })
        .clone()
}

async fn handshake(
    target: &Target,
    stream: TcpStream,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>, TransportError> {
    let tls_error = |source: io::Error| TransportError::Tls {
        host: target.host.clone(),
        source,
    };
    let config = tls_config().map_err(|e| tls_error(io::Error::other(e)))?;
    let name = rustls::pki_types::ServerName::try_from(target.host.clone())
        .map_err(|e| tls_error(io::Error::new(io::ErrorKind::InvalidInput, e)))?;
    TlsConnector::from(config)
        .connect(name, stream)
        .await
        .map_err(tls_error)
}

fn lost(source: impl std::error::Error + Send + Sync + 'static) -> TransportError {
    TransportError::Lost {
        source: Box::new(source),
    }
}

async fn post<S>(stream: S, request: Request<Full<Bytes>>) -> Result<Bytes, TransportError>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(lost)?;
    // The connection task ends when the answer is read and `sender` dropped, or is aborted
    // with this guard when the caller's timeout drops the exchange.
    let driver = AbortOnDrop(tokio::spawn(connection));
    let response = sender.send_request(request).await.map_err(lost)?;
    let status = response.status();
    if status != hyper::StatusCode::OK {
        return Err(TransportError::HttpStatus(status.as_u16()));
    }
    let answer = response
        .into_body()
        .collect()
        .await
        .map_err(lost)?
        .to_bytes();
    drop(sender);
    drop(driver);
    Ok(answer)
}

struct AbortOnDrop<T>(tokio::task::JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}
