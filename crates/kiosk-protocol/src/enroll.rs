use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{Invalid, is_valid_id};

/// A kiosk asks for its credential with the one-time code IT gave it. The central system
/// signs the kiosk's own key (in the CSR), so the private key never leaves the kiosk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EnrollRequest {
    pub kiosk_id: String,
    pub enrollment_code: String,
    /// PKCS#10 certificate signing request, PEM.
    pub csr_pem: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EnrollResponse {
    pub kiosk_id: String,
    pub branch_id: String,
    /// The kiosk's client certificate, PEM.
    pub certificate_pem: String,
}

impl EnrollRequest {
    pub fn validate(&self) -> Result<(), Invalid> {
        if !is_valid_id(&self.kiosk_id) {
            return Err(Invalid::new(
                "kioskId",
                "2 to 32 characters: A-Z, 0-9 and '-'",
            ));
        }
        if self.enrollment_code.len() < 8 || self.enrollment_code.len() > 128 {
            return Err(Invalid::new("enrollmentCode", "8 to 128 characters"));
        }
        if !self.csr_pem.contains("BEGIN CERTIFICATE REQUEST") || self.csr_pem.len() > 16_384 {
            return Err(Invalid::new("csrPem", "a PEM certificate signing request"));
        }
        Ok(())
    }
}
