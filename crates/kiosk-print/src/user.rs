//! The user name on every request. CUPS's default policy lets only a job's owner (or an
//! admin) cancel it, and Debian 12's current cupsd (2.4.2-3+deb12u10) crashes while checking
//! a user name its host does not know. So the kiosk never sends a made-up name: by default the
//! OS user it runs as, as `lp` does, which a print server on the same machine knows; for a
//! print server elsewhere, a configured name that exists there (`printer.user`).

use nix::unistd::{Uid, User};

use crate::PrintError;

/// Who the kiosk's print jobs belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintUser {
    name: String,
    configured: bool,
}

impl PrintUser {
    /// `printer.user` from kiosk.toml when set (already checked by kiosk-config), else the OS
    /// user this process runs as.
    pub fn from_config(configured: Option<&str>) -> Result<PrintUser, PrintError> {
        match configured {
            Some(name) => Ok(PrintUser {
                name: name.to_owned(),
                configured: true,
            }),
            None => PrintUser::of_this_process(),
        }
    }

    /// The OS user this process runs as (its effective uid's name).
    pub fn of_this_process() -> Result<PrintUser, PrintError> {
        let uid = Uid::effective();
        match User::from_uid(uid) {
            Ok(Some(user)) => Ok(PrintUser {
                name: user.name,
                configured: false,
            }),
            Ok(None) => Err(PrintError::NoUserName {
                uid: uid.as_raw(),
                cause: "it is not in the user database".to_owned(),
            }),
            Err(errno) => Err(PrintError::NoUserName {
                uid: uid.as_raw(),
                cause: errno.desc().to_owned(),
            }),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Set in kiosk.toml rather than taken from the process.
    pub fn is_configured(&self) -> bool {
        self.configured
    }

    /// Whether this machine has a user of this name: what a print server here checks.
    pub fn exists_on_this_machine(&self) -> bool {
        matches!(User::from_name(&self.name), Ok(Some(_)))
    }
}

impl std::fmt::Display for PrintUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_the_user_this_process_runs_as() {
        let user = PrintUser::from_config(None).expect("this process has a user name");
        assert!(!user.is_configured());
        assert!(user.exists_on_this_machine(), "{user}");
        let uid = Uid::effective();
        let expected = User::from_uid(uid).ok().flatten().map(|u| u.name);
        assert_eq!(Some(user.name().to_owned()), expected);
    }

    #[test]
    fn a_configured_user_is_taken_as_written_and_checked_here_only_when_asked() {
        let user = PrintUser::from_config(Some("kiosk-nobody-here-7x")).expect("configured");
        assert_eq!(user.name(), "kiosk-nobody-here-7x");
        assert!(user.is_configured());
        assert!(!user.exists_on_this_machine());
    }
}
