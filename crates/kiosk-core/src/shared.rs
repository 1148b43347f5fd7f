//! The one kiosk of a running app, shared by its commands and its background work (the print
//! desk, the session clock).

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::Kiosk;

/// The kiosk behind one lock. Clones share it.
#[derive(Clone)]
pub struct SharedKiosk(Arc<Mutex<Kiosk>>);

impl std::fmt::Debug for SharedKiosk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedKiosk").finish_non_exhaustive()
    }
}

impl SharedKiosk {
    pub fn new(kiosk: Kiosk) -> SharedKiosk {
        SharedKiosk(Arc::new(Mutex::new(kiosk)))
    }

    /// A panic elsewhere must not lock the kiosk up: the session machine stays consistent
    /// between calls, so a poisoned lock is taken over. Never hold it across an `await`.
    pub fn lock(&self) -> MutexGuard<'_, Kiosk> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The kiosk back, when no clone is left (tests).
    #[cfg(test)]
    pub(crate) fn into_inner(self) -> Option<Kiosk> {
        Arc::try_unwrap(self.0)
            .ok()
            .map(|m| m.into_inner().unwrap_or_else(PoisonError::into_inner))
    }
}
