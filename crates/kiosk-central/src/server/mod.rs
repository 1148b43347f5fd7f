//! The HTTPS server: rustls with optional client certificates (enrollment needs none, all
//! else an enrolled kiosk's), axum routes, and a per-connection identity.

pub(crate) mod approvals;
mod auth;
pub(crate) mod documents;
mod error;
pub(crate) mod handlers;
pub(crate) mod letter_requests;
pub(crate) mod phone;
mod rate_limit;
pub(crate) mod smartident;
pub(crate) mod staff;

use std::{net::SocketAddr, sync::Arc};

use axum::{
    Extension, Router,
    routing::{get, post},
};
use hyper_util::{
    rt::{TokioExecutor, TokioIo, TokioTimer},
    service::TowerToHyperService,
};
use rustls::{RootCertStore, ServerConfig, server::WebPkiClientVerifier};
use tokio::{net::TcpListener, sync::Semaphore, task::JoinHandle};
use tokio_rustls::TlsAcceptor;

pub use auth::PeerCertificate;
pub use error::HttpError;
pub use handlers::hash_code;
pub use rate_limit::{ClientAddress, RateLimiter, RateLimits};

use crate::{
    CentralConfig, Db,
    db::DbError,
    pki::{Pki, PkiError},
};

/// The server could not start, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("database {url}: {source}")]
    Database {
        /// Without its password.
        url: String,
        #[source]
        source: DbError,
    },
    #[error(transparent)]
    Pki(#[from] PkiError),
    #[error(transparent)]
    SmartIdentKey(#[from] crate::letters::KeyFileError),
    #[error("phone_api_origin: {0}")]
    PhoneApiOrigin(#[from] kiosk_smartident::InvalidOrigin),
    #[error("the CA as the root for client certificates: {0}")]
    ClientRoot(#[source] rustls::Error),
    #[error("client certificate verifier: {0}")]
    ClientVerifier(#[source] rustls::server::VerifierBuilderError),
    #[error("server certificate: {0}")]
    ServerCertificate(#[source] rustls::Error),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("server task: {0}")]
    Task(#[from] tokio::task::JoinError),
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub pki: Arc<Pki>,
    pub smartident: Arc<SmartIdentKeys>,
    pub push_slots: Arc<Semaphore>,
    pub limiter: Arc<RateLimiter>,
}

/// What SmartIdent signs with, and where phones find the phone API.
#[derive(Debug)]
pub struct SmartIdentKeys {
    pub key: kiosk_letter::SigningKey,
    pub origin: kiosk_smartident::PhoneApiOrigin,
}

/// The largest body of each kind of request: a push of up to `MAX_PUSH_EVENTS` events, and
/// small ones for the rest (a CSR, a token), so that an unauthenticated caller cannot make the
/// server read megabytes.
const PUSH_BODY_LIMIT: usize = 8 * 1024 * 1024;
const SMALL_BODY_LIMIT: usize = 64 * 1024;

pub fn router(state: AppState) -> Router {
    use axum::extract::DefaultBodyLimit;
    let small = || DefaultBodyLimit::max(SMALL_BODY_LIMIT);
    Router::new()
        .route("/v1/health", get(handlers::health))
        .route("/v1/enroll", post(handlers::enroll).layer(small()))
        .route("/v1/renew", post(handlers::renew).layer(small()))
        .route(
            "/v1/events",
            post(handlers::push).layer(DefaultBodyLimit::max(PUSH_BODY_LIMIT)),
        )
        .route("/v1/changes", get(handlers::pull))
        .route(
            "/v1/documents/verify",
            post(documents::verify_document).layer(small()),
        )
        .route("/v1/documents/{document_id}", get(documents::document))
        .route("/v1/document-keys/{key_id}", get(documents::document_key))
        .route(
            "/v1/smartident/registrations",
            post(smartident::create_registration),
        )
        .route(
            "/v1/smartident/registrations/{registration_id}",
            get(smartident::registration_status),
        )
        .route(
            "/v1/smartident/registrations/{registration_id}/confirm",
            post(smartident::confirm_registration),
        )
        .route("/v1/smartident/devices", get(smartident::devices))
        .route(
            "/v1/smartident/devices/remove-all",
            post(smartident::remove_all_devices),
        )
        .route(
            "/v1/smartident/devices/{device_id}/remove",
            post(smartident::remove_device),
        )
        .route("/v1/letter-requests", post(letter_requests::request_letter))
        .route("/v1/staff/member-lookup", post(staff::member_lookup))
        .route("/v1/smartident/approvals", post(approvals::create_approval))
        .route(
            "/v1/smartident/approvals/{challenge_id}",
            get(approvals::approval_status),
        )
        .merge(phone::router())
        .layer(small())
        .layer(axum::middleware::from_fn_with_state(
            state.limiter.clone(),
            rate_limit::limit,
        ))
        .with_state(state)
}

fn tls_config(pki: &Pki) -> Result<ServerConfig, ServeError> {
    let mut roots = RootCertStore::empty();
    roots.add(pki.ca_der()?).map_err(ServeError::ClientRoot)?;
    let verifier = WebPkiClientVerifier::builder(Arc::new(roots))
        .allow_unauthenticated()
        .build()
        .map_err(ServeError::ClientVerifier)?;
    let mut config = ServerConfig::builder()
        .with_client_cert_verifier(verifier)
        .with_single_cert(pki.server_chain(), pki.server_key()?)
        .map_err(ServeError::ServerCertificate)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// A server started by [`serve`]; dropping the handle does not stop it, `stop` does.
#[derive(Debug)]
pub struct RunningServer {
    pub addr: SocketAddr,
    pub db: Db,
    task: JoinHandle<()>,
}

impl RunningServer {
    pub fn stop(self) {
        self.task.abort();
    }

    pub async fn wait(self) -> Result<(), ServeError> {
        Ok(self.task.await?)
    }
}

/// How long a client has for the TLS handshake, and then for each request's headers.
const TLS_HANDSHAKE: std::time::Duration = std::time::Duration::from_secs(10);
const HEADER_READ: std::time::Duration = std::time::Duration::from_secs(10);

/// Connects the database, loads the PKI and starts listening.
pub async fn serve(config: &CentralConfig) -> Result<RunningServer, ServeError> {
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|source| ServeError::Database {
            url: redact(&config.database_url),
            source,
        })?;
    let pki = Arc::new(Pki::load(&config.pki_dir)?);
    let smartident_key = crate::smartident::load_key(&config.pki_dir)?;
    let acceptor = TlsAcceptor::from(Arc::new(tls_config(&pki)?));
    let listen = |source| ServeError::Listen {
        addr: config.listen,
        source,
    };
    let listener = TcpListener::bind(config.listen).await.map_err(listen)?;
    let addr = listener.local_addr().map_err(listen)?;
    let state = AppState {
        db: db.clone(),
        pki,
        smartident: Arc::new(SmartIdentKeys {
            key: smartident_key,
            origin: config.phone_api_origin(addr)?,
        }),
        push_slots: Arc::new(Semaphore::new(config.max_concurrent_pushes)),
        limiter: Arc::new(RateLimiter::new(RateLimits {
            kiosk_per_minute: config.kiosk_requests_per_minute,
            anonymous_per_minute: config.anonymous_requests_per_minute,
        })),
    };
    let app = router(state);
    tracing::info!(%addr, postgres = db.is_postgres(), "central system listening");
    spawn_retention(db.clone(), config.idempotency_retention_days);
    let task = tokio::spawn(async move {
        loop {
            let Ok((tcp, remote)) = listener.accept().await else {
                continue;
            };
            let acceptor = acceptor.clone();
            let app = app.clone();
            tokio::spawn(async move {
                // A client that opens a connection and stalls must not hold it for ever.
                let Ok(Ok(tls)) = tokio::time::timeout(TLS_HANDSHAKE, acceptor.accept(tcp)).await
                else {
                    return;
                };
                let peer = tls
                    .get_ref()
                    .1
                    .peer_certificates()
                    .and_then(|chain| chain.first())
                    .map(|cert| crate::pki::fingerprint(cert));
                let service = TowerToHyperService::new(
                    app.layer(Extension(PeerCertificate(peer)))
                        .layer(Extension(ClientAddress(remote.ip()))),
                );
                // The protocol is the one ALPN agreed on (no sniffing of the first bytes, which
                // would wait for ever on a silent client). After the handshake a client that
                // sends nothing is disconnected too: HTTP/1.1 when its headers do not arrive
                // in time, HTTP/2 when it answers no ping.
                let h2 = tls.get_ref().1.alpn_protocol() == Some(b"h2".as_slice());
                let io = TokioIo::new(tls);
                if h2 {
                    let _ = hyper::server::conn::http2::Builder::new(TokioExecutor::new())
                        .timer(TokioTimer::new())
                        .keep_alive_interval(Some(HEADER_READ))
                        .keep_alive_timeout(HEADER_READ)
                        .serve_connection(io, service)
                        .await;
                } else {
                    let _ = hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(HEADER_READ)
                        .serve_connection(io, service)
                        .await;
                }
            });
        }
    });
    Ok(RunningServer { addr, db, task })
}

/// Forgets idempotency keys past their retention, hourly.
fn spawn_retention(db: Db, days: u32) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            match db.expire_events(days).await {
                Ok(n) if n > 0 => tracing::info!(expired = n, "idempotency keys expired"),
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "expiring idempotency keys failed"),
            }
        }
    });
}

/// A database URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…{}", &url[..scheme], &url[at..]),
        _ => url.to_owned(),
    }
}
