//! Who is calling: the fingerprint of the TLS client certificate, looked up per request so a
//! revocation takes effect at once.

use axum::{
    extract::{FromRef, FromRequestParts},
    http::request::Parts,
};

use super::{AppState, HttpError};
use crate::db::{EnrolledKiosk, KioskLookup};

/// Set per connection by the TLS acceptor.
#[derive(Debug, Clone)]
pub struct PeerCertificate(pub Option<String>);

/// An authenticated, not revoked kiosk.
#[derive(Debug, Clone)]
pub struct Kiosk(pub EnrolledKiosk);

impl<S> FromRequestParts<S> for Kiosk
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let Some(PeerCertificate(Some(fingerprint))) = parts.extensions.get::<PeerCertificate>()
        else {
            return Err(HttpError::unauthenticated());
        };
        match state.db.kiosk_by_fingerprint(fingerprint).await? {
            KioskLookup::Active(kiosk) => Ok(Kiosk(kiosk)),
            KioskLookup::Revoked => Err(HttpError::revoked()),
            KioskLookup::Unknown => Err(HttpError::unauthenticated()),
        }
    }
}
