use std::time::Duration;

/// The timing rules of a member session, from `kiosk.toml` (validated there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// No input for this long ends the session.
    pub idle_timeout: Duration,
    /// How long before the end (idle or maximum length) the warning with countdown shows.
    pub warning: Duration,
    /// A session ends after this long, however active.
    pub max_length: Duration,
    /// On the attract screen, a language other than the default reverts after this long
    /// without input, so the next member is greeted in the default language.
    pub attract_reset: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle_timeout: Duration::from_secs(120),
            warning: Duration::from_secs(30),
            max_length: Duration::from_secs(30 * 60),
            attract_reset: Duration::from_secs(60),
        }
    }
}
