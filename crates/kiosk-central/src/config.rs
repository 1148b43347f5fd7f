//! `central.toml`: where the central system listens, its database and its PKI folder.

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
};

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CentralConfig {
    /// e.g. `127.0.0.1:8443`
    pub listen: SocketAddr,
    /// `postgres://user@host/db` or `sqlite:///path/central.db` (created if missing).
    pub database_url: String,
    /// Folder with `ca.pem`, `ca.key`, `server.pem`, `server.key` (`kiosk-central init-pki`).
    pub pki_dir: PathBuf,
    /// Idempotency keys are kept this long; longer than any kiosk can be offline.
    #[serde(default = "default_retention_days")]
    pub idempotency_retention_days: u32,
    /// Pushes handled at once; more get 503 with Retry-After.
    #[serde(default = "default_max_concurrent_pushes")]
    pub max_concurrent_pushes: usize,
}

fn default_retention_days() -> u32 {
    30
}

fn default_max_concurrent_pushes() -> usize {
    64
}

impl CentralConfig {
    pub fn load(path: &Path) -> anyhow::Result<CentralConfig> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", path.display()))?;
        let mut config: CentralConfig =
            toml::from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let base = path.parent().unwrap_or(Path::new("."));
        config.pki_dir = base.join(&config.pki_dir);
        if let Some(file) = config.database_url.strip_prefix("sqlite://")
            && !file.starts_with('/')
        {
            config.database_url = format!("sqlite://{}", base.join(file).display());
        }
        config
            .validate()
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        Ok(config)
    }

    pub fn validate(&self) -> Result<(), String> {
        if !(self.database_url.starts_with("postgres://")
            || self.database_url.starts_with("postgresql://")
            || self.database_url.starts_with("sqlite://"))
        {
            return Err("database_url: expected postgres://… or sqlite://…".into());
        }
        if !(30..=3650).contains(&self.idempotency_retention_days) {
            return Err(format!(
                "idempotency_retention_days = {}: expected 30 to 3650 (longer than a kiosk can be offline)",
                self.idempotency_retention_days
            ));
        }
        if !(1..=10_000).contains(&self.max_concurrent_pushes) {
            return Err("max_concurrent_pushes: expected 1 to 10000".into());
        }
        Ok(())
    }
}
