//! What happens before the window opens: configuration, instance lock, store, sync worker.

use std::{
    ffi::OsString,
    fs::File,
    io,
    path::{Path, PathBuf},
    time::Instant,
};

use kiosk_core::{BranchPrinter, CoreError, Kiosk, SharedKiosk};
use kiosk_print::Printer;

use crate::{ipc, scan::ScanState, state::KioskState, sync::SyncState};

const DEFAULT_CONFIG: &str = "/etc/kiosk/kiosk.toml";

/// Why the kiosk cannot start; each says what to do.
#[derive(Debug, thiserror::Error)]
pub(crate) enum StartError {
    #[error("--config needs a file path")]
    ConfigPathMissing,
    #[error("unknown argument {0}: usage: kiosk [--config /etc/kiosk/kiosk.toml]")]
    UnknownArgument(String),
    #[error(transparent)]
    Config(#[from] kiosk_config::ConfigError),
    #[error(
        "no display: the kiosk needs a graphical session (DISPLAY or WAYLAND_DISPLAY); in \
         production it runs inside cage (kiosk.service), for a try-out use scripts/demo"
    )]
    NoDisplay,
    #[error("{}: cannot {what}: {source}", path.display())]
    Folder {
        path: PathBuf,
        what: &'static str,
        source: io::Error,
    },
    #[error(
        "another kiosk is already running on {} (lock {}); only one instance may run",
        data_dir.display(),
        lock.display()
    )]
    AlreadyRunning { data_dir: PathBuf, lock: PathBuf },
    #[error(transparent)]
    Core(#[from] CoreError),
}

fn folder_error(path: &Path, what: &'static str) -> impl FnOnce(io::Error) -> StartError {
    let path = path.to_owned();
    move |source| StartError::Folder { path, what, source }
}

/// The lock on the data folder that makes this the only kiosk instance using it.
pub(crate) struct InstanceLock(#[allow(dead_code)] pub File);

pub(crate) struct Prepared {
    pub state: KioskState,
    pub sync: SyncState,
    pub scan: ScanState,
    /// The print desk's printer; the desk is made once the app runs (its events need it).
    pub printer: BranchPrinter<Printer>,
    pub instance_lock: File,
    pub webview_dir: PathBuf,
}

pub(crate) fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("KIOSK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// `--config PATH`, else `$KIOSK_CONFIG`, else /etc/kiosk/kiosk.toml.
fn config_path(args: impl Iterator<Item = OsString>) -> Result<PathBuf, StartError> {
    let mut args = args.peekable();
    let mut path = None;
    while let Some(arg) = args.next() {
        if arg == "--config" {
            path = Some(args.next().ok_or(StartError::ConfigPathMissing)?.into());
        } else if let Some(value) = arg.to_str().and_then(|a| a.strip_prefix("--config=")) {
            path = Some(PathBuf::from(value));
        } else {
            return Err(StartError::UnknownArgument(
                arg.to_string_lossy().into_owned(),
            ));
        }
    }
    Ok(path
        .or_else(|| std::env::var_os("KIOSK_CONFIG").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_CONFIG)))
}

pub(crate) fn prepare(args: impl Iterator<Item = OsString>) -> Result<Prepared, StartError> {
    let path = config_path(args)?;
    let config = kiosk_config::load(&path)?;
    // GTK would panic without a display; say what is missing instead.
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        return Err(StartError::NoDisplay);
    }
    std::fs::create_dir_all(&config.data_dir)
        .map_err(folder_error(&config.data_dir, "create the data folder"))?;
    let lock_path = config.data_dir.join("kiosk.lock");
    let instance_lock =
        File::create(&lock_path).map_err(folder_error(&lock_path, "create the instance lock"))?;
    if instance_lock.try_lock().is_err() {
        return Err(StartError::AlreadyRunning {
            data_dir: config.data_dir.clone(),
            lock: lock_path,
        });
    }
    let mut kiosk = Kiosk::open(&config, Instant::now())?;
    // The document key is made (and announced to the central system) before the first
    // member needs it; a failure here is retried when a document is made.
    if let Err(error) = kiosk.document_signer() {
        tracing::error!(%error, "no document-signing key yet");
    }
    let sync = SyncState::start(&config);
    let webview_dir = fresh_webview_dir(&config.data_dir)?;
    tracing::info!(branch = %config.branch_id, kiosk = %config.kiosk_id, "kiosk ready");
    let info = ipc::KioskInfo::from(&config);
    let kiosk = SharedKiosk::new(kiosk);
    let max_age = config.sync.snapshot_max_age;
    Ok(Prepared {
        scan: ScanState::new(config.camera.clone(), kiosk.clone(), max_age),
        state: KioskState {
            kiosk,
            info,
            snapshot_max_age: max_age,
            config_file: path.clone(),
            data_dir: config.data_dir.clone(),
            printer_uri: config.printer_uri.clone(),
        },
        sync,
        instance_lock,
        webview_dir,
        printer: BranchPrinter::for_config(&config),
    })
}

/// The webview's storage folder: in `$XDG_RUNTIME_DIR` (memory, under systemd) when there is
/// one, else in the data folder. Whatever a crash left there is removed before the window
/// opens, so no member's data outlives a restart.
fn fresh_webview_dir(data_dir: &Path) -> Result<PathBuf, StartError> {
    let dir = match std::env::var_os("XDG_RUNTIME_DIR") {
        Some(runtime) if Path::new(&runtime).is_dir() => {
            PathBuf::from(runtime).join("kiosk-webview")
        }
        _ => data_dir.join("webview"),
    };
    match std::fs::remove_dir_all(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(folder_error(&dir, "wipe the webview's storage")(e)),
    }
    std::fs::create_dir_all(&dir).map_err(folder_error(&dir, "create the webview's storage"))?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> impl Iterator<Item = OsString> {
        list.iter()
            .map(OsString::from)
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn the_config_path_comes_from_the_command_line() {
        assert_eq!(
            config_path(args(&["--config", "/x/k.toml"])).ok(),
            Some("/x/k.toml".into())
        );
        assert_eq!(
            config_path(args(&["--config=/y.toml"])).ok(),
            Some("/y.toml".into())
        );
        assert!(matches!(
            config_path(args(&["--config"])),
            Err(StartError::ConfigPathMissing)
        ));
        assert!(
            config_path(args(&["--fullscreen"])).is_err_and(|e| e.to_string().contains("usage"))
        );
    }
}
