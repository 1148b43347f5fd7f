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
    /// Idempotency keys are kept this long: longer than a kiosk's certificate lives, which is
    /// the longest a kiosk can be offline and still deliver (at least
    /// [`MIN_RETENTION_DAYS`]). Pushes of events older than this are refused.
    #[serde(default = "default_retention_days")]
    pub idempotency_retention_days: u32,
    /// Pushes handled at once; more get 503 with Retry-After.
    #[serde(default = "default_max_concurrent_pushes")]
    pub max_concurrent_pushes: usize,
    /// Requests a kiosk (by its certificate) may send per minute, also as a burst; more get 429
    /// with Retry-After. A kiosk syncing every 30 s sends a few; a first pull of a large
    /// branch sends a page per thousand changes.
    #[serde(default = "default_kiosk_requests_per_minute")]
    pub kiosk_requests_per_minute: u32,
    /// The same for callers without a certificate (enrollment, document verification, the
    /// health check), by IP address.
    #[serde(default = "default_anonymous_requests_per_minute")]
    pub anonymous_requests_per_minute: u32,
    /// Where phones reach the phone API (`https://host[:port]`), as the registration QR
    /// names it; default: `https://` and `listen`.
    #[serde(default)]
    pub phone_api_origin: Option<String>,
}

/// A kiosk's certificate lifetime and a few days: the shortest retention that keeps every key
/// a kiosk can still redeliver.
pub const MIN_RETENTION_DAYS: u32 = crate::pki::KIOSK_CERT_DAYS as u32 + 3;
const _: () = assert!(MIN_RETENTION_DAYS as i64 > crate::pki::KIOSK_CERT_DAYS);

fn default_retention_days() -> u32 {
    MIN_RETENTION_DAYS
}

fn default_max_concurrent_pushes() -> usize {
    64
}

fn default_kiosk_requests_per_minute() -> u32 {
    600
}

fn default_anonymous_requests_per_minute() -> u32 {
    60
}

/// A value of `central.toml` out of its range; each names the key and what it expects.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidConfig {
    #[error("database_url: expected postgres://… or sqlite://…")]
    DatabaseUrl,
    #[error(
        "idempotency_retention_days = {0}: expected {MIN_RETENTION_DAYS} to 3650 (longer than a \
         kiosk certificate lives, the longest a kiosk can be offline)"
    )]
    RetentionDays(u32),
    #[error("max_concurrent_pushes = {0}: expected 1 to 10000")]
    MaxConcurrentPushes(usize),
    #[error("phone_api_origin: expected https://HOST or https://HOST:PORT, as phones reach it")]
    PhoneApiOrigin,
    #[error("{name} = {value}: expected 1 to 1000000")]
    RequestLimit { name: &'static str, value: u32 },
}

/// `central.toml` could not be used; each names the file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigFileError {
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {source}", path.display())]
    Syntax {
        path: PathBuf,
        #[source]
        source: Box<toml::de::Error>,
    },
    #[error("{}: {source}", path.display())]
    Invalid {
        path: PathBuf,
        #[source]
        source: InvalidConfig,
    },
}

impl CentralConfig {
    /// `phone_api_origin`, or this server itself at `listening` (the address it bound).
    pub fn phone_api_origin(
        &self,
        listening: SocketAddr,
    ) -> Result<kiosk_smartident::PhoneApiOrigin, kiosk_smartident::InvalidOrigin> {
        let origin = self
            .phone_api_origin
            .clone()
            .unwrap_or_else(|| format!("https://{listening}"));
        kiosk_smartident::PhoneApiOrigin::parse(&origin)
    }

    pub fn load(path: &Path) -> Result<CentralConfig, ConfigFileError> {
        let file = path.to_owned();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigFileError::Read {
            path: file.clone(),
            source,
        })?;
        let mut config: CentralConfig =
            toml::from_str(&text).map_err(|source| ConfigFileError::Syntax {
                path: file.clone(),
                source: Box::new(source),
            })?;
        let base = path.parent().unwrap_or(Path::new("."));
        config.pki_dir = base.join(&config.pki_dir);
        if let Some(file) = config.database_url.strip_prefix("sqlite://")
            && !file.starts_with('/')
        {
            config.database_url = format!("sqlite://{}", base.join(file).display());
        }
        config
            .validate()
            .map_err(|source| ConfigFileError::Invalid { path: file, source })?;
        Ok(config)
    }

    pub fn validate(&self) -> Result<(), InvalidConfig> {
        if self.phone_api_origin.is_some() && self.phone_api_origin(self.listen).is_err() {
            return Err(InvalidConfig::PhoneApiOrigin);
        }
        if !(self.database_url.starts_with("postgres://")
            || self.database_url.starts_with("postgresql://")
            || self.database_url.starts_with("sqlite://"))
        {
            return Err(InvalidConfig::DatabaseUrl);
        }
        if !(MIN_RETENTION_DAYS..=3650).contains(&self.idempotency_retention_days) {
            return Err(InvalidConfig::RetentionDays(
                self.idempotency_retention_days,
            ));
        }
        if !(1..=10_000).contains(&self.max_concurrent_pushes) {
            return Err(InvalidConfig::MaxConcurrentPushes(
                self.max_concurrent_pushes,
            ));
        }
        for (name, value) in [
            ("kiosk_requests_per_minute", self.kiosk_requests_per_minute),
            (
                "anonymous_requests_per_minute",
                self.anonymous_requests_per_minute,
            ),
        ] {
            if !(1..=1_000_000).contains(&value) {
                return Err(InvalidConfig::RequestLimit { name, value });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_keys_outlive_a_kiosk_certificate() {
        let config = |days: u32| CentralConfig {
            listen: "127.0.0.1:8443".parse().expect("addr"),
            database_url: "sqlite://central.db".into(),
            pki_dir: "pki".into(),
            idempotency_retention_days: days,
            max_concurrent_pushes: 64,
            kiosk_requests_per_minute: 600,
            anonymous_requests_per_minute: 60,
            phone_api_origin: None,
        };
        assert_eq!(default_retention_days(), MIN_RETENTION_DAYS);
        assert!(config(MIN_RETENTION_DAYS).validate().is_ok());
        let err = config(30)
            .validate()
            .expect_err("shorter than a certificate lives");
        assert_eq!(err, InvalidConfig::RetentionDays(30));
        assert!(
            err.to_string().contains("idempotency_retention_days = 30"),
            "{err}"
        );
    }

    #[test]
    fn request_limits_have_defaults_and_a_range() {
        let config: CentralConfig = toml::from_str(
            "listen = \"127.0.0.1:8443\"\ndatabase_url = \"sqlite://c.db\"\npki_dir = \"pki\"\n",
        )
        .expect("parses");
        assert_eq!(
            (
                config.kiosk_requests_per_minute,
                config.anonymous_requests_per_minute
            ),
            (600, 60)
        );
        assert!(config.validate().is_ok());
        let zero = CentralConfig {
            anonymous_requests_per_minute: 0,
            phone_api_origin: None,
            ..config
        };
        let err = zero.validate().expect_err("no request at all");
        assert!(
            err.to_string()
                .contains("anonymous_requests_per_minute = 0"),
            "{err}"
        );
    }
}
