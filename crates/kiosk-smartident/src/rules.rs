//! SmartIdent's rules, once: how long a registration and an approval live, how many tries a
//! code has, how many devices a member may have, and what each step may do in each state.
//! The central system stores the states and asks these functions what happens next.

use time::{Duration, OffsetDateTime};

use crate::{challenge::Decision, codes::MatchNumber, qr::RegistrationPurpose};

/// A registration QR lives this long (and may be extended once by as much).
pub const REGISTRATION_LIFETIME: Duration = Duration::seconds(120);
/// A further device's registration ("Registrierungscode generieren") lives longer: the member
/// may need to install the app first.
pub const FURTHER_DEVICE_LIFETIME: Duration = Duration::minutes(10);
impl RegistrationPurpose {
    /// How long a registration of this purpose lives.
    pub fn lifetime(self) -> Duration {
        match self {
            RegistrationPurpose::FirstDevice => REGISTRATION_LIFETIME,
            RegistrationPurpose::FurtherDevice => FURTHER_DEVICE_LIFETIME,
        }
    }
}

/// Tries for the bind code typed at the kiosk.
pub const BIND_CODE_TRIES: u8 = 3;
/// Active devices per member.
pub const MAX_ACTIVE_DEVICES: usize = 5;
/// An approval lives at most this long.
pub const CHALLENGE_LIFETIME: Duration = Duration::seconds(90);
/// "Not me" declines after which approvals are refused until the member removes or registers
/// a device at the kiosk.
pub const NOT_ME_LOCK: u32 = 3;
/// Approvals a member may be asked for within an hour: each one wakes their phone.
pub const APPROVALS_PER_HOUR: u32 = 10;

/// Where a registration is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationState {
    /// Shown as a QR; no phone has bound it.
    Pending,
    /// A phone bound its key; the member has not typed the code yet.
    KeyBound,
    /// The code was typed: the device is active.
    Active,
    Expired,
    /// A newer registration, the member or the kiosk cancelled it.
    Cancelled,
    /// The bind code was typed wrong too often.
    Failed,
}

impl RegistrationState {
    const ALL: [RegistrationState; 6] = [
        RegistrationState::Pending,
        RegistrationState::KeyBound,
        RegistrationState::Active,
        RegistrationState::Expired,
        RegistrationState::Cancelled,
        RegistrationState::Failed,
    ];

    /// The wire and database name.
    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationState::Pending => "pending",
            RegistrationState::KeyBound => "keyBound",
            RegistrationState::Active => "active",
            RegistrationState::Expired => "expired",
            RegistrationState::Cancelled => "cancelled",
            RegistrationState::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<RegistrationState> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Still open: a phone may bind it or a code may be typed.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            RegistrationState::Pending | RegistrationState::KeyBound
        )
    }
}

/// A registration as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Registration {
    pub state: RegistrationState,
    pub expires_at: OffsetDateTime,
    pub tries_left: u8,
}

impl Registration {
    /// The state as of `now` (an open registration past its expiry has expired).
    pub fn state_at(&self, now: OffsetDateTime) -> RegistrationState {
        if self.state.is_open() && now >= self.expires_at {
            RegistrationState::Expired
        } else {
            self.state
        }
    }

    /// Whether a phone may bind its key now; the first phone wins.
    pub fn bind(
        &self,
        now: OffsetDateTime,
        nonce_matches: bool,
        active_devices: usize,
    ) -> Result<(), BindRefusal> {
        match self.state_at(now) {
            RegistrationState::Pending => {}
            RegistrationState::KeyBound | RegistrationState::Active => {
                return Err(BindRefusal::AlreadyBound);
            }
            RegistrationState::Expired => return Err(BindRefusal::Expired),
            RegistrationState::Cancelled | RegistrationState::Failed => {
                return Err(BindRefusal::Cancelled);
            }
        }
        if !nonce_matches {
            return Err(BindRefusal::NotThisCode);
        }
        if active_devices >= MAX_ACTIVE_DEVICES {
            return Err(BindRefusal::DeviceLimit);
        }
        Ok(())
    }

    /// The member typed a code at the kiosk: what becomes of the registration.
    pub fn confirm(&self, now: OffsetDateTime, code_matches: bool) -> Confirmation {
        match self.state_at(now) {
            RegistrationState::KeyBound => {}
            RegistrationState::Pending => return Confirmation::NotBoundYet,
            RegistrationState::Expired => return Confirmation::Expired,
            RegistrationState::Active
            | RegistrationState::Cancelled
            | RegistrationState::Failed => {
                return Confirmation::Closed;
            }
        }
        if code_matches {
            return Confirmation::Activated;
        }
        match self.tries_left.saturating_sub(1) {
            0 => Confirmation::Failed,
            left => Confirmation::Wrong { tries_left: left },
        }
    }
}

/// Why a phone may not bind a registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BindRefusal {
    #[error("another phone has already used this code")]
    AlreadyBound,
    #[error("the code has expired: ask the kiosk for a new one")]
    Expired,
    #[error("the code was replaced or cancelled: scan the newest one")]
    Cancelled,
    #[error("this is not the code the kiosk shows")]
    NotThisCode,
    #[error("{MAX_ACTIVE_DEVICES} devices are registered: remove one at the kiosk first")]
    DeviceLimit,
}

/// What typing a bind code does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// The device is active.
    Activated,
    /// Wrong; the registration stays open with this many tries.
    Wrong {
        tries_left: u8,
    },
    /// Wrong for the last time: the registration failed and the bound key is dropped.
    Failed,
    /// No phone has bound the code yet.
    NotBoundYet,
    Expired,
    /// Active, cancelled or failed already.
    Closed,
}

/// Where an approval is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeState {
    /// Waiting for the phone.
    Pending,
    Approved,
    Declined,
    /// Declined as "not me".
    NotMe,
    /// A wrong number ended it.
    WrongNumber,
    /// A newer approval for the member replaced it.
    Cancelled,
    Expired,
}

impl ChallengeState {
    const ALL: [ChallengeState; 7] = [
        ChallengeState::Pending,
        ChallengeState::Approved,
        ChallengeState::Declined,
        ChallengeState::NotMe,
        ChallengeState::WrongNumber,
        ChallengeState::Cancelled,
        ChallengeState::Expired,
    ];

    /// The database name.
    pub fn as_str(self) -> &'static str {
        match self {
            ChallengeState::Pending => "pending",
            ChallengeState::Approved => "approved",
            ChallengeState::Declined => "declined",
            ChallengeState::NotMe => "notMe",
            ChallengeState::WrongNumber => "wrongNumber",
            ChallengeState::Cancelled => "cancelled",
            ChallengeState::Expired => "expired",
        }
    }

    pub fn parse(text: &str) -> Option<ChallengeState> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The state as of `now` of an approval stored as `self` (pending past its expiry: expired).
    pub fn at(self, expires_at: OffsetDateTime, now: OffsetDateTime) -> ChallengeState {
        if self == ChallengeState::Pending && now >= expires_at {
            ChallengeState::Expired
        } else {
            self
        }
    }

    /// The state an accepted answer leaves.
    pub fn after(verdict: Verdict) -> ChallengeState {
        match verdict {
            Verdict::Approved => ChallengeState::Approved,
            Verdict::Declined { not_me: false } => ChallengeState::Declined,
            Verdict::Declined { not_me: true } => ChallengeState::NotMe,
        }
    }
}

/// An approval as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Challenge {
    pub state: ChallengeState,
    pub expires_at: OffsetDateTime,
    pub number: MatchNumber,
    pub context_hash: [u8; 32],
}

/// What the phone answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    pub decision: Decision,
    /// The number the member typed (none when declining).
    pub number: Option<u8>,
    /// The hash of the context the phone showed.
    pub context_hash: [u8; 32],
}

/// What an answer does to the approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Approved,
    Declined { not_me: bool },
}

/// Why an answer is refused; the approval stays as it was, except after a wrong number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AnswerRefusal {
    #[error("this approval was answered already")]
    AlreadyAnswered,
    #[error("this approval has expired")]
    Expired,
    #[error("the phone showed something else than this approval")]
    OtherContext,
    /// The approval is over: a wrong number ends it (a guess must not get a second go).
    #[error("not the number the kiosk shows: the approval is cancelled")]
    WrongNumber,
}

impl Challenge {
    /// The state as of `now` (a pending approval past its expiry has expired).
    pub fn state_at(&self, now: OffsetDateTime) -> ChallengeState {
        self.state.at(self.expires_at, now)
    }

    pub fn answer(&self, now: OffsetDateTime, answer: &Answer) -> Result<Verdict, AnswerRefusal> {
        match self.state_at(now) {
            ChallengeState::Pending => {}
            ChallengeState::Expired => return Err(AnswerRefusal::Expired),
            _ => return Err(AnswerRefusal::AlreadyAnswered),
        }
        if answer.context_hash != self.context_hash {
            return Err(AnswerRefusal::OtherContext);
        }
        match answer.decision {
            Decision::Decline { not_me } => Ok(Verdict::Declined { not_me }),
            Decision::Approve if answer.number == Some(self.number.get()) => Ok(Verdict::Approved),
            Decision::Approve => Err(AnswerRefusal::WrongNumber),
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    const NOW: OffsetDateTime = datetime!(2026-12-06 10:00:00 UTC);

    fn registration(state: RegistrationState) -> Registration {
        Registration {
            state,
            expires_at: NOW + REGISTRATION_LIFETIME,
            tries_left: BIND_CODE_TRIES,
        }
    }

    #[test]
    fn the_first_phone_binds_within_the_lifetime_and_under_the_limit() {
        let pending = registration(RegistrationState::Pending);
        assert_eq!(pending.bind(NOW, true, 4), Ok(()));
        assert_eq!(pending.bind(NOW, true, 5), Err(BindRefusal::DeviceLimit));
        assert_eq!(pending.bind(NOW, false, 0), Err(BindRefusal::NotThisCode));
        assert_eq!(
            pending.bind(NOW + REGISTRATION_LIFETIME, true, 0),
            Err(BindRefusal::Expired)
        );
        let bound = registration(RegistrationState::KeyBound);
        assert_eq!(bound.bind(NOW, true, 0), Err(BindRefusal::AlreadyBound));
        let cancelled = registration(RegistrationState::Cancelled);
        assert_eq!(cancelled.bind(NOW, true, 0), Err(BindRefusal::Cancelled));
    }

    #[test]
    fn three_wrong_codes_fail_the_registration() {
        let mut bound = registration(RegistrationState::KeyBound);
        assert_eq!(
            bound.confirm(NOW, false),
            Confirmation::Wrong { tries_left: 2 }
        );
        bound.tries_left = 2;
        assert_eq!(
            bound.confirm(NOW, false),
            Confirmation::Wrong { tries_left: 1 }
        );
        bound.tries_left = 1;
        assert_eq!(bound.confirm(NOW, false), Confirmation::Failed);
        assert_eq!(bound.confirm(NOW, true), Confirmation::Activated);
        assert_eq!(
            bound.confirm(NOW + REGISTRATION_LIFETIME, true),
            Confirmation::Expired
        );
        assert_eq!(
            registration(RegistrationState::Pending).confirm(NOW, true),
            Confirmation::NotBoundYet
        );
        assert_eq!(
            registration(RegistrationState::Active).confirm(NOW, true),
            Confirmation::Closed
        );
        assert_eq!(
            registration(RegistrationState::Failed).confirm(NOW, true),
            Confirmation::Closed
        );
        for state in RegistrationState::ALL {
            assert_eq!(RegistrationState::parse(state.as_str()), Some(state));
        }
    }

    #[test]
    fn an_answer_counts_once_for_its_context_and_number() {
        let number = MatchNumber::new(42).expect("number");
        let challenge = Challenge {
            state: ChallengeState::Pending,
            expires_at: NOW + CHALLENGE_LIFETIME,
            number,
            context_hash: [7; 32],
        };
        let approve = Answer {
            decision: Decision::Approve,
            number: Some(42),
            context_hash: [7; 32],
        };
        assert_eq!(challenge.answer(NOW, &approve), Ok(Verdict::Approved));
        let wrong = Answer {
            number: Some(24),
            ..approve
        };
        assert_eq!(
            challenge.answer(NOW, &wrong),
            Err(AnswerRefusal::WrongNumber)
        );
        let no_number = Answer {
            number: None,
            ..approve
        };
        assert_eq!(
            challenge.answer(NOW, &no_number),
            Err(AnswerRefusal::WrongNumber)
        );
        let other = Answer {
            context_hash: [8; 32],
            ..approve
        };
        assert_eq!(
            challenge.answer(NOW, &other),
            Err(AnswerRefusal::OtherContext)
        );
        let decline = Answer {
            decision: Decision::Decline { not_me: true },
            number: None,
            ..approve
        };
        assert_eq!(
            challenge.answer(NOW, &decline),
            Ok(Verdict::Declined { not_me: true })
        );
        assert_eq!(
            challenge.answer(NOW + CHALLENGE_LIFETIME, &approve),
            Err(AnswerRefusal::Expired)
        );
        for state in ChallengeState::ALL {
            assert_eq!(ChallengeState::parse(state.as_str()), Some(state));
            let replay = Challenge { state, ..challenge };
            let expected = match state {
                ChallengeState::Pending => Ok(Verdict::Approved),
                ChallengeState::Expired => Err(AnswerRefusal::Expired),
                _ => Err(AnswerRefusal::AlreadyAnswered),
            };
            assert_eq!(replay.answer(NOW, &approve), expected, "{state:?}");
        }
        assert_eq!(
            ChallengeState::after(Verdict::Declined { not_me: true }),
            ChallengeState::NotMe
        );
    }
}
