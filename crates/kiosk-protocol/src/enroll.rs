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
        check_csr(&self.csr_pem)
    }
}

/// An enrolled kiosk asks for a new certificate before its current one expires, over mutual TLS
/// with the current one. As at enrollment, only the new public key (in the CSR) travels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RenewRequest {
    /// PKCS#10 certificate signing request for the kiosk's new key, PEM.
    pub csr_pem: String,
}

/// The new certificate. The current one stays valid until the kiosk first uses the new one,
/// so an answer lost on the way costs nothing: the kiosk asks again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RenewResponse {
    /// The kiosk's new client certificate, PEM.
    pub certificate_pem: String,
}

fn check_csr(csr_pem: &str) -> Result<(), Invalid> {
    if !csr_pem.contains("BEGIN CERTIFICATE REQUEST") || csr_pem.len() > 16_384 {
        return Err(Invalid::new("csrPem", "a PEM certificate signing request"));
    }
    Ok(())
}

impl RenewRequest {
    pub fn validate(&self) -> Result<(), Invalid> {
        check_csr(&self.csr_pem)
    }
}
