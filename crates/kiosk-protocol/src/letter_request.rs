//! "Aktivierungsbrief per Post anfordern": a member without a letter asks for one at the
//! kiosk with KVNR and date of birth. The central system queues a letter to the address on
//! record when both match, and answers the same either way, so the kiosk shows nothing about
//! the member and the call cannot tell who is insured.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::Invalid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LetterRequest {
    /// As typed, checked for its form and check digit only.
    pub kvnr: String,
    /// YYYY-MM-DD.
    pub birth_date: String,
}

impl LetterRequest {
    pub fn validate(&self) -> Result<(), Invalid> {
        self.kvnr
            .parse::<kiosk_domain::Kvnr>()
            .map_err(|e| Invalid::new("kvnr", e.to_string()))?;
        self.birth_date
            .parse::<kiosk_domain::BirthDate>()
            .map_err(|e| Invalid::new("birthDate", e.to_string()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_of_each_field_is_checked() {
        let good = LetterRequest {
            kvnr: "A123456780".into(),
            birth_date: "1980-03-15".into(),
        };
        assert_eq!(good.validate(), Ok(()));
        let bad_kvnr = LetterRequest {
            kvnr: "A123456789".into(),
            ..good.clone()
        };
        assert_eq!(
            bad_kvnr.validate().map_err(|e| e.field),
            Err("kvnr".to_owned())
        );
        let bad_date = LetterRequest {
            birth_date: "15.03.1980".into(),
            ..good
        };
        assert_eq!(
            bad_date.validate().map_err(|e| e.field),
            Err("birthDate".to_owned())
        );
    }
}
