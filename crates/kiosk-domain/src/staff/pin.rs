//! The staff PIN: its shape, its verifier (Argon2id, made at the central system and synced to
//! the kiosks of the staff member's branches, so sign-in works offline), and the lockout after
//! [`MAX_PIN_FAILURES`] wrong PINs on one kiosk.

use std::{fmt, time::Duration};

use argon2::{
    Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version,
    password_hash::SaltString,
};
use thiserror::Error;
use time::OffsetDateTime;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// Wrong PINs in a row that lock a staff account on one kiosk.
pub const MAX_PIN_FAILURES: u32 = 5;
/// How long such a lock lasts.
pub const PIN_LOCKOUT: Duration = Duration::from_secs(15 * 60);

/// Argon2id with OWASP's minimum (19 MiB, 2 passes): a kiosk checks one PIN in well under a
/// second, and a stolen verifier costs as much per guess.
const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;

/// A PIN as typed: 6 to 8 digits. Zeroized when dropped; Debug shows nothing.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct Pin(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PinError {
    #[error("a PIN has 6 to 8 digits")]
    Shape,
    #[error("a PIN may not be one digit repeated or a run such as 123456: choose another")]
    TooSimple,
}

impl Pin {
    /// A PIN as entered at the kiosk: only its shape is checked.
    pub fn entered(digits: &str) -> Result<Pin, PinError> {
        if (6..=8).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Pin(digits.to_owned()))
        } else {
            Err(PinError::Shape)
        }
    }

    /// A new PIN being set: also not one digit repeated, nor a run up or down.
    pub fn new_pin(digits: &str) -> Result<Pin, PinError> {
        let pin = Pin::entered(digits)?;
        let steps: Vec<i16> = pin
            .0
            .as_bytes()
            .windows(2)
            .map(|w| i16::from(w[1]) - i16::from(w[0]))
            .collect();
        if steps.iter().all(|&s| s == 0)
            || steps.iter().all(|&s| s == 1)
            || steps.iter().all(|&s| s == -1)
        {
            return Err(PinError::TooSimple);
        }
        Ok(pin)
    }
}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pin(<redacted>)")
    }
}

/// A PIN's Argon2id verifier in PHC string form (`$argon2id$v=19$m=…,t=…,p=1$salt$hash`).
#[derive(Clone, PartialEq, Eq)]
pub struct PinVerifier(String);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PinVerifierError {
    #[error("a PIN verifier is an Argon2id PHC string: {0}")]
    Format(String),
    #[error("could not hash the PIN: {0}")]
    Hash(String),
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, PASSES, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

impl PinVerifier {
    /// The verifier of `pin` with 16 random bytes of salt (the caller's randomness).
    pub fn create(pin: &Pin, salt: &[u8; 16]) -> Result<PinVerifier, PinVerifierError> {
        let salt =
            SaltString::encode_b64(salt).map_err(|e| PinVerifierError::Hash(e.to_string()))?;
        let hash = argon2()
            .hash_password(pin.0.as_bytes(), &salt)
            .map_err(|e| PinVerifierError::Hash(e.to_string()))?;
        Ok(PinVerifier(hash.to_string()))
    }

    /// A verifier as stored or received: Argon2id only, with at least this module's cost.
    pub fn parse(text: &str) -> Result<PinVerifier, PinVerifierError> {
        let hash = PasswordHash::new(text).map_err(|e| PinVerifierError::Format(e.to_string()))?;
        if hash.algorithm.as_str() != "argon2id" || hash.hash.is_none() {
            return Err(PinVerifierError::Format("not an Argon2id hash".into()));
        }
        let params =
            Params::try_from(&hash).map_err(|e| PinVerifierError::Format(e.to_string()))?;
        if params.m_cost() < MEMORY_KIB || params.t_cost() < PASSES {
            return Err(PinVerifierError::Format(
                "weaker than this kiosk accepts".into(),
            ));
        }
        Ok(PinVerifier(text.to_owned()))
    }

    pub fn matches(&self, pin: &Pin) -> bool {
        PasswordHash::new(&self.0)
            .map(|hash| argon2().verify_password(pin.0.as_bytes(), &hash).is_ok())
            .unwrap_or(false)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PinVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PinVerifier(<redacted>)")
    }
}

/// A staff account's wrong PINs on one kiosk, as its store keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PinState {
    pub failures: u32,
    pub locked_until: Option<OffsetDateTime>,
}

/// What a PIN attempt came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinOutcome {
    SignedIn,
    Wrong {
        tries_left: u32,
    },
    /// This attempt was the last wrong one allowed: locked until then.
    LockedNow {
        until: OffsetDateTime,
    },
    /// Locked before this attempt: the PIN was not even checked.
    Locked {
        until: OffsetDateTime,
    },
}

/// A PIN attempt at `now` on the account in `state`: the outcome and the state to store.
/// `matches` is asked only when the account is not locked, so a locked account gives an
/// attacker nothing to learn.
pub fn pin_attempt(
    state: PinState,
    now: OffsetDateTime,
    matches: impl FnOnce() -> bool,
) -> (PinOutcome, PinState) {
    let state = match state.locked_until {
        Some(until) if until > now => return (PinOutcome::Locked { until }, state),
        // A lock that ran out leaves a fresh count.
        Some(_) => PinState::default(),
        None => state,
    };
    if matches() {
        return (PinOutcome::SignedIn, PinState::default());
    }
    let failures = state.failures + 1;
    if failures >= MAX_PIN_FAILURES {
        let until = now + PIN_LOCKOUT;
        (
            PinOutcome::LockedNow { until },
            PinState {
                failures,
                locked_until: Some(until),
            },
        )
    } else {
        (
            PinOutcome::Wrong {
                tries_left: MAX_PIN_FAILURES - failures,
            },
            PinState {
                failures,
                locked_until: None,
            },
        )
    }
}
