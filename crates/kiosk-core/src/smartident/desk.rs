//! The SmartIdent desk: the steps a member takes at the kiosk with their phone, each for the
//! session in front of it. The kiosk lock is held only between calls to the central system,
//! never across one; what is open (a QR, an approval) belongs to its session and is gone
//! with it.

use std::{
    sync::{Mutex, MutexGuard, PoisonError},
    time::{Duration, Instant},
};

use kiosk_domain::{BirthDate, Service, SessionError, SessionSnapshot};
use kiosk_protocol::{
    ApiErrorCode, ApprovalFor, ApprovalRequest, ApprovalState, ConfirmOutcome, DeviceView,
    LetterRequest, RegistrationCreated, RegistrationPhase,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{CentralProblem, SmartIdentCentral, SmartIdentRefusal, qr_svg};
use crate::{CoreError, Kiosk, SharedKiosk};

/// How long a step waits for the session's events to reach the central system before it
/// tells the member the service is not available now.
pub const DELIVERY_WAIT: Duration = Duration::from_secs(8);

/// A registration QR on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationShown {
    /// The QR code as an SVG document.
    pub qr_svg: String,
    /// Seconds until the QR expires (from the central system's time).
    pub expires_in: u32,
    /// For a further device (approved on a registered one).
    pub further_device: bool,
}

/// Where the QR on screen is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationProgress {
    /// No phone has scanned it yet.
    WaitingForPhone {
        expires_in: u32,
    },
    /// A phone scanned it and shows its code: the member types it here.
    WaitingForCode {
        tries_left: u8,
        expires_in: u32,
    },
    Active,
    Expired,
    /// The code was typed wrong too often: a new QR is needed.
    Failed,
    /// A newer QR replaced it.
    Cancelled,
}

/// What typing the phone's code did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeOutcome {
    Active,
    Wrong {
        tries_left: u8,
    },
    /// Wrong for the last time: a new QR is needed.
    Failed,
    /// No phone has scanned the QR yet.
    NotScannedYet,
    Expired,
}

/// An approval the member's phone is asked for: the kiosk shows its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApprovalShown {
    pub number: u8,
    pub expires_in: u32,
}

/// Where the approval on screen is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApprovalProgress {
    Waiting {
        expires_in: u32,
    },
    /// A login approved: the session is identified at level high.
    Identified(SessionSnapshot),
    /// A further device approved: its QR.
    Registration(RegistrationShown),
    /// Declined on the phone (or "not me"); a login can still use the date of birth.
    Declined,
    Expired,
    /// Replaced by a newer approval, or a wrong number was typed on the phone.
    Cancelled,
}

#[derive(Debug, Clone)]
struct OpenRegistration {
    session: Uuid,
    id: String,
}

#[derive(Debug, Clone)]
struct OpenApproval {
    session: Uuid,
    id: String,
    purpose: ApprovalFor,
    letter_id: Option<String>,
}

#[derive(Debug, Default)]
struct Open {
    registration: Option<OpenRegistration>,
    approval: Option<OpenApproval>,
}

/// SmartIdent at the kiosk over a [`SmartIdentCentral`].
#[derive(Debug)]
pub struct SmartIdentDesk<C> {
    kiosk: SharedKiosk,
    central: C,
    open: Mutex<Open>,
}

impl<C: SmartIdentCentral> SmartIdentDesk<C> {
    pub fn new(kiosk: SharedKiosk, central: C) -> SmartIdentDesk<C> {
        SmartIdentDesk {
            kiosk,
            central,
            open: Mutex::new(Open::default()),
        }
    }

    /// A registration QR for this phone ("Dieses Handy registrieren").
    pub async fn show_registration(&self) -> Result<RegistrationShown, CoreError> {
        let session = self.authorized(Service::RegisterSmartIdent)?;
        self.delivered().await?;
        let created = self
            .central
            .create_registration(session, None)
            .await
            .map_err(refusal)?;
        self.opened(session, &created)
    }

    pub async fn registration_progress(&self) -> Result<RegistrationProgress, CoreError> {
        let open = self.open_registration()?;
        let status = self
            .central
            .registration_status(open.session, &open.id)
            .await
            .map_err(refusal)?;
        let expires_in = seconds_until(&status.expires_at);
        Ok(match status.state {
            RegistrationPhase::Pending => RegistrationProgress::WaitingForPhone { expires_in },
            RegistrationPhase::KeyBound => RegistrationProgress::WaitingForCode {
                tries_left: status.tries_left,
                expires_in,
            },
            RegistrationPhase::Active => self.closed(RegistrationProgress::Active),
            RegistrationPhase::Expired => self.closed(RegistrationProgress::Expired),
            RegistrationPhase::Failed => self.closed(RegistrationProgress::Failed),
            RegistrationPhase::Cancelled => self.closed(RegistrationProgress::Cancelled),
        })
    }

    /// The 6 digits the phone shows, as typed; anything else costs no try.
    pub async fn enter_code(&self, code: &str) -> Result<CodeOutcome, CoreError> {
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SmartIdentRefusal::CodeFormat.into());
        }
        let open = self.open_registration()?;
        let outcome = self
            .central
            .confirm_registration(open.session, &open.id, code)
            .await
            .map_err(refusal)?;
        Ok(match outcome {
            ConfirmOutcome::Activated => {
                tracing::info!(session = %open.session, "smartident device activated");
                self.closed(CodeOutcome::Active)
            }
            ConfirmOutcome::Wrong { tries_left } => CodeOutcome::Wrong { tries_left },
            ConfirmOutcome::Failed => self.closed(CodeOutcome::Failed),
            ConfirmOutcome::NotBoundYet => CodeOutcome::NotScannedYet,
            ConfirmOutcome::Expired => self.closed(CodeOutcome::Expired),
            ConfirmOutcome::Closed => {
                self.closed(());
                return Err(SmartIdentRefusal::NothingOpen.into());
            }
        })
    }

    /// "Meine Geräte".
    pub async fn devices(&self) -> Result<Vec<DeviceView>, CoreError> {
        let session = self.authorized(Service::RegisterSmartIdent)?;
        self.delivered().await?;
        let list = self.central.devices(session).await.map_err(refusal)?;
        Ok(list.devices)
    }

    /// Removes one device (the member confirmed on screen).
    pub async fn remove_device(&self, device_id: &str) -> Result<(), CoreError> {
        let session = self.authorized(Service::RemoveSmartIdentDevice)?;
        self.delivered().await?;
        self.central
            .remove_device(session, device_id)
            .await
            .map_err(refusal)?;
        tracing::info!(session = %session, "smartident device removed");
        Ok(())
    }

    /// "Handy verloren": every device, at level high only.
    pub async fn remove_all_devices(&self) -> Result<(), CoreError> {
        let session = self.authorized(Service::RemoveAllSmartIdentDevices)?;
        self.delivered().await?;
        self.central
            .remove_all_devices(session)
            .await
            .map_err(refusal)?;
        tracing::info!(session = %session, "all smartident devices removed");
        Ok(())
    }

    /// Instead of the date of birth: the scanned letter's member approves on their phone.
    pub async fn ask_login_approval(&self) -> Result<ApprovalShown, CoreError> {
        let (session, letter_id) = {
            let kiosk = self.kiosk.lock();
            let session = session_id(&kiosk)?;
            let letter = kiosk
                .machine
                .pending_letter()
                .ok_or(SessionError::NoLetterRead)?;
            (session, letter.letter_id.clone())
        };
        // The central system knows the letter; the session's start may still be on its way.
        self.ask_approval(session, ApprovalFor::KioskLogin, Some(letter_id))
            .await
    }

    /// "Registrierungscode generieren": a registered phone approves a further one first.
    pub async fn ask_device_approval(&self) -> Result<ApprovalShown, CoreError> {
        let session = self.authorized(Service::RegisterSmartIdent)?;
        self.delivered().await?;
        self.ask_approval(session, ApprovalFor::AddDevice, None)
            .await
    }

    pub async fn approval_progress(&self) -> Result<ApprovalProgress, CoreError> {
        let open = self.open_approval()?;
        let status = self
            .central
            .approval_status(open.session, &open.id)
            .await
            .map_err(refusal)?;
        let progress = match status.state {
            ApprovalState::Pending => {
                return Ok(ApprovalProgress::Waiting {
                    expires_in: seconds_until(&status.expires_at),
                });
            }
            ApprovalState::Approved => self.approved(&open).await?,
            ApprovalState::Declined => ApprovalProgress::Declined,
            ApprovalState::Expired => ApprovalProgress::Expired,
            ApprovalState::Cancelled => ApprovalProgress::Cancelled,
        };
        tracing::info!(session = %open.session, purpose = ?open.purpose, outcome = ?status.state,
            "smartident approval ended");
        self.lock_open().approval = None;
        Ok(progress)
    }

    /// The member left the step (back, or another service): what was open is forgotten here;
    /// the central system lets it expire.
    pub fn leave(&self) {
        *self.lock_open() = Open::default();
    }

    /// "Aktivierungsbrief per Post anfordern": the central system queues a letter if KVNR
    /// and date of birth match; the answer is the same either way, and so is the kiosk's.
    /// `birth_date` as typed on the keypad (TTMMJJJJ).
    pub async fn request_letter(&self, kvnr: &str, birth_date: &str) -> Result<(), CoreError> {
        let session = session_id(&self.kiosk.lock())?;
        let this_year = kiosk_domain::berlin::date(OffsetDateTime::now_utc()).year();
        let birth_date = BirthDate::from_keypad(birth_date, u16::try_from(this_year).unwrap_or(0))
            .map_err(|_| SmartIdentRefusal::InvalidBirthDate)?;
        let request = LetterRequest {
            kvnr: kvnr.trim().to_uppercase(),
            birth_date: birth_date.iso(),
        };
        if request.validate().is_err() {
            // The date was checked above: the KVNR's form or check digit is wrong.
            return Err(SmartIdentRefusal::InvalidKvnr.into());
        }
        self.central
            .request_letter(&request)
            .await
            .map_err(refusal)?;
        tracing::info!(session = %session, "letter by post requested");
        Ok(())
    }

    async fn ask_approval(
        &self,
        session: Uuid,
        purpose: ApprovalFor,
        letter_id: Option<String>,
    ) -> Result<ApprovalShown, CoreError> {
        let created = self
            .central
            .create_approval(&ApprovalRequest {
                session_id: session,
                purpose,
                letter_id: letter_id.clone(),
            })
            .await
            .map_err(refusal)?;
        self.lock_open().approval = Some(OpenApproval {
            session,
            id: created.challenge_id,
            purpose,
            letter_id,
        });
        tracing::info!(session = %session, ?purpose, "smartident approval asked");
        Ok(ApprovalShown {
            number: created.number,
            expires_in: seconds_until(&created.expires_at),
        })
    }

    async fn approved(&self, open: &OpenApproval) -> Result<ApprovalProgress, CoreError> {
        match (open.purpose, &open.letter_id) {
            (ApprovalFor::KioskLogin, Some(letter_id)) => {
                let snapshot = self.kiosk.lock().letter_approved_on_phone(
                    letter_id,
                    OffsetDateTime::now_utc(),
                    Instant::now(),
                )?;
                Ok(ApprovalProgress::Identified(snapshot))
            }
            (ApprovalFor::KioskLogin, None) => Err(SessionError::NoLetterRead.into()),
            (ApprovalFor::AddDevice, _) => {
                let created = self
                    .central
                    .create_registration(open.session, Some(&open.id))
                    .await
                    .map_err(refusal)?;
                Ok(ApprovalProgress::Registration(
                    self.opened(open.session, &created)?,
                ))
            }
        }
    }

    /// The session's id, if its member may use `service`.
    fn authorized(&self, service: Service) -> Result<Uuid, CoreError> {
        let kiosk = self.kiosk.lock();
        kiosk.machine.authorize(service)?;
        session_id(&kiosk)
    }

    async fn delivered(&self) -> Result<(), CoreError> {
        if self.central.delivered(DELIVERY_WAIT).await {
            Ok(())
        } else {
            Err(SmartIdentRefusal::Offline.into())
        }
    }

    fn opened(
        &self,
        session: Uuid,
        created: &RegistrationCreated,
    ) -> Result<RegistrationShown, CoreError> {
        let shown = RegistrationShown {
            qr_svg: qr_svg(&created.qr_text)?,
            expires_in: seconds_until(&created.expires_at),
            further_device: self
                .lock_open()
                .approval
                .as_ref()
                .is_some_and(|a| a.purpose == ApprovalFor::AddDevice && a.session == session),
        };
        self.lock_open().registration = Some(OpenRegistration {
            session,
            id: created.registration_id.clone(),
        });
        Ok(shown)
    }

    /// The open registration of the session in front of the kiosk.
    fn open_registration(&self) -> Result<OpenRegistration, CoreError> {
        let session = session_id(&self.kiosk.lock())?;
        self.lock_open()
            .registration
            .clone()
            .filter(|open| open.session == session)
            .ok_or_else(|| SmartIdentRefusal::NothingOpen.into())
    }

    fn open_approval(&self) -> Result<OpenApproval, CoreError> {
        let session = session_id(&self.kiosk.lock())?;
        self.lock_open()
            .approval
            .clone()
            .filter(|open| open.session == session)
            .ok_or_else(|| SmartIdentRefusal::NothingOpen.into())
    }

    /// The registration ended: `outcome` is its last word.
    fn closed<T>(&self, outcome: T) -> T {
        self.lock_open().registration = None;
        outcome
    }

    fn lock_open(&self) -> MutexGuard<'_, Open> {
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn session_id(kiosk: &Kiosk) -> Result<Uuid, CoreError> {
    Ok(kiosk
        .machine
        .active_session_id()
        .ok_or(SessionError::NoActiveSession)?
        .as_uuid())
}

/// Seconds from now to an RFC 3339 time the central system gave (0 if past or unreadable:
/// the next poll then tells the state).
fn seconds_until(rfc3339: &str) -> u32 {
    let Ok(at) = OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
    else {
        return 0;
    };
    let left = (at - OffsetDateTime::now_utc()).whole_seconds();
    u32::try_from(left.max(0)).unwrap_or(u32::MAX)
}

/// What the member is told about a central system's answer.
fn refusal(problem: CentralProblem) -> CoreError {
    let why = match problem {
        CentralProblem::Offline
        | CentralProblem::Refused(ApiErrorCode::Unavailable | ApiErrorCode::Overloaded) => {
            SmartIdentRefusal::Offline
        }
        CentralProblem::Refused(ApiErrorCode::NoDevice) => SmartIdentRefusal::NoDevice,
        CentralProblem::Refused(ApiErrorCode::DeviceLimit) => SmartIdentRefusal::DeviceLimit,
        CentralProblem::Refused(ApiErrorCode::ApprovalsLocked) => {
            SmartIdentRefusal::ApprovalsLocked
        }
        CentralProblem::Refused(ApiErrorCode::RateLimited) => SmartIdentRefusal::TooManyRequests,
        CentralProblem::Refused(
            ApiErrorCode::RegistrationClosed
            | ApiErrorCode::ApprovalClosed
            | ApiErrorCode::NotFound,
        ) => SmartIdentRefusal::NothingOpen,
        other => {
            tracing::error!(error = %other, "a smartident step failed at the central system");
            SmartIdentRefusal::Unavailable
        }
    };
    why.into()
}
