//! What the SmartIdent desk needs from the central system. The shell implements it over
//! kiosk-sync's client (kiosk-core does not depend on the HTTP stack); tests script it.

use std::{future::Future, time::Duration};

use kiosk_protocol::{
    ApiErrorCode, ApprovalCreated, ApprovalRequest, ApprovalStatus, ConfirmOutcome, DeviceList,
    LetterRequest, RegistrationCreated, RegistrationStatus,
};
use uuid::Uuid;

/// Why a call to the central system gave no answer to use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CentralProblem {
    /// Unreachable, down or overloaded: the member is told to use the service later.
    #[error("the central system cannot be reached")]
    Offline,
    /// The central system refused the step with this code.
    #[error("the central system refused the step ({0:?})")]
    Refused(ApiErrorCode),
    /// An answer that is not the protocol's, or a request the client would not send.
    #[error("the central system's answer cannot be used: {0}")]
    Failed(String),
}

type Answer<T> = Result<T, CentralProblem>;

/// The SmartIdent calls of protocol v1 (`/v1/smartident`, `/v1/letter-requests`), each for
/// the session named. Online only: nothing here is queued.
pub trait SmartIdentCentral: Send + Sync + 'static {
    /// Whether every event written so far (the session's start and identification) reached
    /// the central system within `within`: its SmartIdent steps rest on them.
    fn delivered(&self, within: Duration) -> impl Future<Output = bool> + Send;

    fn create_registration(
        &self,
        session_id: Uuid,
        approval_id: Option<&str>,
    ) -> impl Future<Output = Answer<RegistrationCreated>> + Send;

    fn registration_status(
        &self,
        session_id: Uuid,
        registration_id: &str,
    ) -> impl Future<Output = Answer<RegistrationStatus>> + Send;

    fn confirm_registration(
        &self,
        session_id: Uuid,
        registration_id: &str,
        code: &str,
    ) -> impl Future<Output = Answer<ConfirmOutcome>> + Send;

    fn devices(&self, session_id: Uuid) -> impl Future<Output = Answer<DeviceList>> + Send;

    fn remove_device(
        &self,
        session_id: Uuid,
        device_id: &str,
    ) -> impl Future<Output = Answer<()>> + Send;

    fn remove_all_devices(&self, session_id: Uuid) -> impl Future<Output = Answer<()>> + Send;

    fn create_approval(
        &self,
        request: &ApprovalRequest,
    ) -> impl Future<Output = Answer<ApprovalCreated>> + Send;

    fn approval_status(
        &self,
        session_id: Uuid,
        challenge_id: &str,
    ) -> impl Future<Output = Answer<ApprovalStatus>> + Send;

    fn request_letter(&self, request: &LetterRequest) -> impl Future<Output = Answer<()>> + Send;
}
