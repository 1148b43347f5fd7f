//! SmartIdent beside the app: kiosk-core's desk holds the steps and their rules; the shell
//! gives it the central system through the sync worker's client (the same mutual-TLS
//! credential). Without a worker (not enrolled) every step is offline.

use std::{sync::Arc, time::Duration};

use kiosk_core::{CentralProblem, SharedKiosk, SmartIdentCentral, SmartIdentDesk};
use kiosk_protocol::{
    ApprovalCreated, ApprovalRequest, ApprovalStatus, ConfirmOutcome, DeviceList, LetterRequest,
    RegistrationCreated, RegistrationStatus,
};
use kiosk_sync::{CentralClient, SyncError, SyncHandle};
use uuid::Uuid;

/// The app's SmartIdent desk; clones share it.
pub(crate) type SmartIdent = Arc<SmartIdentDesk<Central>>;

pub(crate) fn desk(kiosk: SharedKiosk, sync: Option<SyncHandle>) -> SmartIdent {
    Arc::new(SmartIdentDesk::new(kiosk, Central::new(sync)))
}

/// The central system as the sync worker reaches it.
pub(crate) struct Central {
    sync: Option<SyncHandle>,
}

impl Central {
    pub(crate) fn new(sync: Option<SyncHandle>) -> Self {
        Central { sync }
    }

    pub(crate) fn client(&self) -> Result<CentralClient, CentralProblem> {
        self.sync
            .as_ref()
            .map(SyncHandle::client)
            .ok_or(CentralProblem::Offline)
    }
}

pub(crate) fn problem(error: SyncError) -> CentralProblem {
    match error {
        SyncError::Offline(_) | SyncError::Unavailable { .. } => CentralProblem::Offline,
        SyncError::Refused { code, .. } => CentralProblem::Refused(code),
        other => CentralProblem::Failed(other.to_string()),
    }
}

impl SmartIdentCentral for Central {
    async fn delivered(&self, within: Duration) -> bool {
        match &self.sync {
            Some(sync) => sync.delivered(within).await,
            None => false,
        }
    }

    async fn create_registration(
        &self,
        session_id: Uuid,
        approval_id: Option<&str>,
    ) -> Result<RegistrationCreated, CentralProblem> {
        let client = self.client()?;
        client
            .create_registration(session_id, approval_id)
            .await
            .map_err(problem)
    }

    async fn registration_status(
        &self,
        session_id: Uuid,
        registration_id: &str,
    ) -> Result<RegistrationStatus, CentralProblem> {
        let client = self.client()?;
        client
            .registration_status(session_id, registration_id)
            .await
            .map_err(problem)
    }

    async fn confirm_registration(
        &self,
        session_id: Uuid,
        registration_id: &str,
        code: &str,
    ) -> Result<ConfirmOutcome, CentralProblem> {
        let client = self.client()?;
        client
            .confirm_registration(session_id, registration_id, code)
            .await
            .map_err(problem)
    }

    async fn devices(&self, session_id: Uuid) -> Result<DeviceList, CentralProblem> {
        let client = self.client()?;
        client.devices(session_id).await.map_err(problem)
    }

    async fn remove_device(&self, session_id: Uuid, device_id: &str) -> Result<(), CentralProblem> {
        let client = self.client()?;
        client
            .remove_device(session_id, device_id)
            .await
            .map_err(problem)
    }

    async fn remove_all_devices(&self, session_id: Uuid) -> Result<(), CentralProblem> {
        let client = self.client()?;
        client.remove_all_devices(session_id).await.map_err(problem)
    }

    async fn create_approval(
        &self,
        request: &ApprovalRequest,
    ) -> Result<ApprovalCreated, CentralProblem> {
        let client = self.client()?;
        client.create_approval(request).await.map_err(problem)
    }

    async fn approval_status(
        &self,
        session_id: Uuid,
        challenge_id: &str,
    ) -> Result<ApprovalStatus, CentralProblem> {
        let client = self.client()?;
        client
            .approval_status(session_id, challenge_id)
            .await
            .map_err(problem)
    }

    async fn request_letter(&self, request: &LetterRequest) -> Result<(), CentralProblem> {
        let client = self.client()?;
        client.request_letter(request).await.map_err(problem)
    }
}
