//! The sync worker beside the app (kiosk-sync does the work): started at startup when the kiosk
//! is enrolled, woken after every recorded event, its status passed on to the UI.

use std::sync::{Arc, Mutex, PoisonError};

use anyhow::Context;
use kiosk_config::KioskConfig;
use kiosk_sync::{CredentialPaths, SyncConfig, SyncHandle, SyncThread, SyncWorker};
use tauri::{AppHandle, Emitter};

use crate::ipc::{self, SyncStatusView};

/// The running worker, if any. Without one (not enrolled, or it could not start) events stay
/// in the outbox until the kiosk is enrolled and restarted. Clones share the one worker.
#[derive(Clone)]
pub(crate) struct SyncState {
    thread: Arc<Mutex<Option<SyncThread>>>,
    handle: Option<SyncHandle>,
}

impl SyncState {
    /// Starts the worker on its own store connection when the kiosk has a credential. Never
    /// fails: the kiosk works offline, so a problem is logged for IT and the app starts anyway.
    pub(crate) fn start(config: &KioskConfig) -> SyncState {
        if !CredentialPaths::in_data_dir(&config.data_dir).exists() {
            tracing::info!(
                "not enrolled with the central system: events stay queued until IT enrolls this \
                 kiosk (kioskctl central enroll) and restarts it"
            );
            return SyncState::off();
        }
        match spawn(config) {
            Ok(thread) => SyncState {
                handle: Some(thread.handle()),
                thread: Arc::new(Mutex::new(Some(thread))),
            },
            Err(error) => {
                tracing::error!(
                    error = format!("{error:#}"),
                    "the sync with the central system cannot start: events stay queued"
                );
                SyncState::off()
            }
        }
    }

    fn off() -> SyncState {
        SyncState {
            thread: Arc::new(Mutex::new(None)),
            handle: None,
        }
    }

    /// A worker is running.
    pub(crate) fn handle(&self) -> Option<&SyncHandle> {
        self.handle.as_ref()
    }

    /// New events were recorded: send them now (unless the worker is backing off).
    pub(crate) fn wake(&self) {
        if let Some(handle) = &self.handle {
            handle.wake();
        }
    }

    /// Stops and joins the worker (at exit).
    pub(crate) fn stop(&self) {
        let thread = self
            .thread
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(thread) = thread {
            thread.stop();
        }
    }
}

fn spawn(config: &KioskConfig) -> anyhow::Result<SyncThread> {
    // Its own connection: the worker runs on a thread of its own.
    let store = kiosk_core::open_store(config)?;
    let worker = SyncWorker::new(SyncConfig::from_kiosk(config), store)?;
    worker.spawn().context("cannot start the sync thread")
}

/// Emits `sync-changed` whenever the worker publishes a different status.
pub(crate) fn forward_changes(app: &AppHandle, sync: &SyncState) {
    let Some(handle) = sync.handle().cloned() else {
        return;
    };
    let mut changes = handle.subscribe();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let mut last: Option<SyncStatusView> = None;
        // Ends only when the worker's status channel closes.
        while changes.changed().await.is_ok() {
            let view = SyncStatusView::enrolled(changes.borrow_and_update().clone());
            if last.as_ref() == Some(&view) {
                continue;
            }
            if let Err(error) = app.emit(ipc::SYNC_CHANGED, view.clone()) {
                tracing::warn!(%error, "sending the sync status to the UI failed");
            }
            last = Some(view);
        }
    });
}

#[cfg(test)]
mod tests {
    use std::{fs, os::unix::fs::PermissionsExt, path::Path};

    use super::*;

    /// The example config with data and key in `dir` (the CA file does not exist).
    fn config_in(dir: &Path) -> KioskConfig {
        let text = include_str!("../../kiosk-config/kiosk.example.toml")
            .replace("data_dir = \"/var/lib/kiosk\"", "data_dir = \"data\"")
            .replace(
                "key_file = \"/etc/kiosk/store.key\"",
                "key_file = \"store.key\"",
            );
        let key = dir.join("store.key");
        kiosk_store::StoreKey::create_file(&key).expect("key");
        kiosk_config::parse(&text, &dir.join("kiosk.toml")).expect("config")
    }

    #[test]
    fn without_a_credential_no_worker_starts_and_nothing_fails() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sync = SyncState::start(&config_in(dir.path()));
        assert!(sync.handle().is_none());
        sync.wake();
        sync.stop();
    }

    #[test]
    fn an_unusable_credential_leaves_the_kiosk_offline_instead_of_failing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = config_in(dir.path());
        let paths = CredentialPaths::in_data_dir(&config.data_dir);
        fs::create_dir_all(&paths.dir).expect("mkdir");
        fs::write(paths.key(), "not a key").expect("write");
        fs::set_permissions(paths.key(), fs::Permissions::from_mode(0o600)).expect("chmod");
        fs::write(paths.cert(), "not a certificate").expect("write");
        let sync = SyncState::start(&config);
        assert!(sync.handle().is_none());
        sync.wake();
    }

    #[test]
    fn with_a_credential_the_worker_runs_until_stopped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut config = config_in(dir.path());
        // Nothing listens there: the worker keeps failing and backing off.
        config.central_url = "https://127.0.0.1:9".into();
        config.central_ca_file = dir.path().join("ca.pem");
        let ca_key = rcgen::KeyPair::generate().expect("key");
        let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
        ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let ca_cert = ca.self_signed(&ca_key).expect("ca");
        fs::write(&config.central_ca_file, ca_cert.pem()).expect("write");
        let issuer = rcgen::Issuer::new(ca, ca_key);
        let (key, csr) = kiosk_sync::new_key_and_csr(&config.kiosk_id).expect("csr");
        let csr = rcgen::CertificateSigningRequestParams::from_pem(&csr).expect("csr");
        let paths = CredentialPaths::in_data_dir(&config.data_dir);
        fs::create_dir_all(&paths.dir).expect("mkdir");
        fs::write(paths.key(), key.as_bytes()).expect("write");
        fs::set_permissions(paths.key(), fs::Permissions::from_mode(0o600)).expect("chmod");
        fs::write(paths.cert(), csr.signed_by(&issuer).expect("signed").pem()).expect("write");

        let sync = SyncState::start(&config);
        let handle = sync.handle().expect("a worker runs").clone();
        assert!(!handle.status().online);
        sync.wake();
        sync.stop();
        sync.stop();
    }
}
