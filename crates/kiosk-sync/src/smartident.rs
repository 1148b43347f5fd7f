//! SmartIdent at the kiosk's end of the wire (`/v1/smartident`): registration QR codes, the
//! typed bind code, "Meine Geräte" and approvals, each for the member identified in a session.
//! These happen while the member stands there, so they are never queued: offline, the call
//! fails with [`SyncError::Offline`] and the kiosk says so.

use kiosk_protocol::{
    ApprovalCreated, ApprovalRequest, ApprovalStatus, ConfirmOutcome, ConfirmRequest, DeviceList,
    RegistrationCreated, RegistrationRequest, RegistrationStatus, SessionRef,
};
use uuid::Uuid;

use crate::{
    CentralClient, SyncError,
    client::{decode, offline},
};

/// Ids the kiosk puts in a path: 32 lowercase hex digits, as the central system made them.
fn checked_id(id: &str) -> Result<&str, SyncError> {
    if id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        Ok(id)
    } else {
        Err(SyncError::Invalid(format!(
            "not an id of 32 hex digits: {id:?}"
        )))
    }
}

impl CentralClient {
    /// A registration QR for the session's member; a further device's names its approval.
    pub async fn create_registration(
        &self,
        session_id: Uuid,
        approval_id: Option<&str>,
    ) -> Result<RegistrationCreated, SyncError> {
        let approval_id = approval_id.map(checked_id).transpose()?.map(str::to_owned);
        self.post(
            "/v1/smartident/registrations",
            &RegistrationRequest {
                session_id,
                approval_id,
            },
        )
        .await
    }

    pub async fn registration_status(
        &self,
        session_id: Uuid,
        registration_id: &str,
    ) -> Result<RegistrationStatus, SyncError> {
        let id = checked_id(registration_id)?;
        self.get(&format!(
            "/v1/smartident/registrations/{id}?sessionId={session_id}"
        ))
        .await
    }

    /// The code the member typed, as typed (the central system counts the tries).
    pub async fn confirm_registration(
        &self,
        session_id: Uuid,
        registration_id: &str,
        code: &str,
    ) -> Result<ConfirmOutcome, SyncError> {
        let id = checked_id(registration_id)?;
        self.post(
            &format!("/v1/smartident/registrations/{id}/confirm"),
            &ConfirmRequest {
                session_id,
                code: code.to_owned(),
            },
        )
        .await
    }

    pub async fn devices(&self, session_id: Uuid) -> Result<DeviceList, SyncError> {
        self.get(&format!("/v1/smartident/devices?sessionId={session_id}"))
            .await
    }

    pub async fn remove_device(&self, session_id: Uuid, device_id: &str) -> Result<(), SyncError> {
        let id = checked_id(device_id)?;
        self.post_no_content(
            &format!("/v1/smartident/devices/{id}/remove"),
            &SessionRef { session_id },
        )
        .await
    }

    /// "Handy verloren": every device (the session must be at level high).
    pub async fn remove_all_devices(&self, session_id: Uuid) -> Result<(), SyncError> {
        self.post_no_content(
            "/v1/smartident/devices/remove-all",
            &SessionRef { session_id },
        )
        .await
    }

    pub async fn create_approval(
        &self,
        request: &ApprovalRequest,
    ) -> Result<ApprovalCreated, SyncError> {
        self.post("/v1/smartident/approvals", request).await
    }

    pub async fn approval_status(
        &self,
        session_id: Uuid,
        challenge_id: &str,
    ) -> Result<ApprovalStatus, SyncError> {
        let id = checked_id(challenge_id)?;
        self.get(&format!(
            "/v1/smartident/approvals/{id}?sessionId={session_id}"
        ))
        .await
    }

    async fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T, SyncError> {
        let url = format!("{}{path}", self.base);
        let response = self.http.get(url).send().await.map_err(offline)?;
        decode(response).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_central_ids_go_into_a_path() {
        assert!(checked_id("0123456789abcdef0123456789abcdef").is_ok());
        for bad in [
            "",
            "../../v1/events",
            "0123456789ABCDEF0123456789ABCDEF",
            "00?x=1",
        ] {
            assert!(
                matches!(checked_id(bad), Err(SyncError::Invalid(_))),
                "{bad}"
            );
        }
    }
}
