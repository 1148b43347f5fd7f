//! Staff assist mode on the wire: the staff accounts kiosks pull (with their PIN verifiers, so
//! sign-in works offline), a lock reported by a kiosk, the staff-assisted identification's
//! record, and the member lookup staff run online.

use std::fmt;

use kiosk_domain::{
    Kvnr,
    staff::{EU_ID_COUNTRIES, IdDocumentKind, PinVerifier, StaffId, StaffRole},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{Invalid, MemberSnapshot, is_valid_id};

/// A staff account as the kiosks of its branches receive it (`ChangeItem::StaffAccount`).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StaffAccountItem {
    #[schema(value_type = String, example = "S-1001")]
    pub staff_id: StaffId,
    #[schema(value_type = String, example = "assist")]
    pub role: StaffRole,
    /// The branches the account may work in.
    pub branches: Vec<String>,
    /// The PIN's Argon2id verifier (PHC string).
    pub pin_verifier: String,
}

impl StaffAccountItem {
    pub fn validate(&self) -> Result<(), Invalid> {
        if self.branches.is_empty() || self.branches.len() > 50 {
            return Err(Invalid::new("branches", "1 to 50 branch ids"));
        }
        if !self.branches.iter().all(|b| is_valid_id(b)) {
            return Err(Invalid::new(
                "branches",
                "branch ids of 2 to 32 characters: A-Z, 0-9 and '-'",
            ));
        }
        PinVerifier::parse(&self.pin_verifier)
            .map_err(|e| Invalid::new("pinVerifier", e.to_string()))?;
        Ok(())
    }
}

impl fmt::Debug for StaffAccountItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaffAccountItem")
            .field("staff_id", &self.staff_id)
            .field("role", &self.role)
            .field("branches", &self.branches)
            .finish_non_exhaustive()
    }
}

/// Five wrong PINs locked a staff account at a kiosk (`staff.locked`); the central system
/// keeps it for IT and the account's owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StaffLocked {
    pub branch_id: String,
    pub kiosk_id: String,
    #[schema(value_type = String, example = "S-1001")]
    pub staff_id: StaffId,
    /// When the lock ends (RFC 3339, UTC).
    pub until: String,
}

/// What staff recorded of the ID document they checked: never the full number, never a photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdDocumentRecord {
    #[schema(value_type = String, example = "personalausweis")]
    pub kind: IdDocumentKind,
    /// YYYY-MM-DD
    pub expires_on: String,
    /// The last 4 characters of the document's number.
    pub number_end: String,
    /// The issuing country of an EU national ID (ISO 3166 alpha-2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// Who identified the member of a staff-assisted identification, and how.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StaffAssistance {
    #[schema(value_type = String, example = "S-1001")]
    pub staff_id: StaffId,
    /// The member staff identified (there is no letter to name them).
    pub kvnr: String,
    pub document: IdDocumentRecord,
}

impl StaffAssistance {
    pub fn validate(&self) -> Result<(), Invalid> {
        self.kvnr
            .parse::<Kvnr>()
            .map_err(|e| Invalid::new("payload.staff.kvnr", e.to_string()))?;
        let document = &self.document;
        if document.number_end.len() != 4
            || !document
                .number_end
                .bytes()
                .all(|b| b.is_ascii_alphanumeric())
        {
            return Err(Invalid::new(
                "payload.staff.document.numberEnd",
                "4 letters or digits",
            ));
        }
        if !crate::documents::is_date(&document.expires_on) {
            return Err(Invalid::new(
                "payload.staff.document.expiresOn",
                "a date YYYY-MM-DD",
            ));
        }
        let country_ok = match (document.kind, &document.country) {
            (IdDocumentKind::EuNationalId, Some(code)) => EU_ID_COUNTRIES.contains(&code.as_str()),
            (IdDocumentKind::EuNationalId, None) => false,
            (_, country) => country.is_none(),
        };
        if !country_ok {
            return Err(Invalid::new(
                "payload.staff.document.country",
                "an EU, EEA or Swiss country code for an EU national ID, else none",
            ));
        }
        Ok(())
    }
}

impl fmt::Debug for StaffAssistance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaffAssistance")
            .field("staff_id", &self.staff_id)
            .field("kind", &self.document.kind)
            .finish_non_exhaustive()
    }
}

/// Whom staff look for (`POST /v1/staff/member-lookup`).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "by", rename_all = "camelCase")]
pub enum MemberQuery {
    Kvnr {
        kvnr: String,
    },
    #[serde(rename_all = "camelCase")]
    NameAndBirthDate {
        last_name: String,
        first_name: String,
        /// YYYY-MM-DD
        birth_date: String,
    },
}

impl MemberQuery {
    /// Whether `member` is whom the query names: the same KVNR, or the same names (case and
    /// surrounding spaces ignored) and date of birth. The central system and a kiosk looking
    /// offline both answer by this.
    pub fn matches(&self, member: &MemberSnapshot) -> bool {
        let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
        match self {
            MemberQuery::Kvnr { kvnr } => member.kvnr == *kvnr,
            MemberQuery::NameAndBirthDate {
                last_name,
                first_name,
                birth_date,
            } => {
                same(&member.last_name, last_name)
                    && same(&member.first_name, first_name)
                    && member.birth_date == *birth_date
            }
        }
    }
}

impl fmt::Debug for MemberQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MemberQuery::Kvnr { .. } => "MemberQuery::Kvnr(<redacted>)",
            MemberQuery::NameAndBirthDate { .. } => "MemberQuery::NameAndBirthDate(<redacted>)",
        })
    }
}

/// The signed-in staff member asks the central system for a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MemberLookupRequest {
    #[schema(value_type = String, example = "S-1001")]
    pub staff_id: StaffId,
    pub query: MemberQuery,
}

/// At most this many members in a lookup's answer: staff narrow a common name down with the
/// date of birth, they do not browse.
pub const MAX_LOOKUP_RESULTS: usize = 5;

impl MemberLookupRequest {
    pub fn validate(&self) -> Result<(), Invalid> {
        match &self.query {
            MemberQuery::Kvnr { kvnr } => {
                kvnr.parse::<Kvnr>()
                    .map_err(|e| Invalid::new("query.kvnr", e.to_string()))?;
            }
            MemberQuery::NameAndBirthDate {
                last_name,
                first_name,
                birth_date,
            } => {
                for (field, name) in [
                    ("query.lastName", last_name),
                    ("query.firstName", first_name),
                ] {
                    let n = name.trim().chars().count();
                    if n == 0 || n > 80 || name.chars().any(char::is_control) {
                        return Err(Invalid::new(field, "1 to 80 printable characters"));
                    }
                }
                birth_date
                    .parse::<kiosk_domain::BirthDate>()
                    .map_err(|e| Invalid::new("query.birthDate", e.to_string()))?;
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MemberLookupResponse {
    /// At most [`MAX_LOOKUP_RESULTS`], the current data of each.
    pub members: Vec<MemberSnapshot>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assistance() -> StaffAssistance {
        StaffAssistance {
            staff_id: "S-1001".parse().expect("id"),
            kvnr: "A123456780".into(),
            document: IdDocumentRecord {
                kind: IdDocumentKind::Personalausweis,
                expires_on: "2030-01-01".into(),
                number_end: "L01X".into(),
                country: None,
            },
        }
    }

    #[test]
    fn an_assistance_record_is_checked_field_by_field() {
        assert_eq!(assistance().validate(), Ok(()));
        let mut a = assistance();
        a.kvnr = "A123456789".into();
        assert_eq!(
            a.validate().map_err(|e| e.field),
            Err("payload.staff.kvnr".into())
        );
        let mut a = assistance();
        a.document.number_end = "L01X99".into();
        assert!(a.validate().is_err());
        let mut a = assistance();
        a.document.kind = IdDocumentKind::EuNationalId;
        assert_eq!(
            a.validate().map_err(|e| e.field),
            Err("payload.staff.document.country".into())
        );
        a.document.country = Some("FR".into());
        assert_eq!(a.validate(), Ok(()));
        let shown = format!("{:?}", assistance());
        assert!(
            !shown.contains("A123456780") && !shown.contains("L01X"),
            "{shown}"
        );
    }

    #[test]
    fn a_lookup_names_a_valid_kvnr_or_a_name_with_a_date() {
        let by = |query| MemberLookupRequest {
            staff_id: "S-1001".parse().expect("id"),
            query,
        };
        assert!(
            by(MemberQuery::Kvnr {
                kvnr: "A123456780".into()
            })
            .validate()
            .is_ok()
        );
        assert!(
            by(MemberQuery::Kvnr {
                kvnr: "A123456781".into()
            })
            .validate()
            .is_err()
        );
        let named = |last: &str, date: &str| {
            by(MemberQuery::NameAndBirthDate {
                last_name: last.into(),
                first_name: "Erika".into(),
                birth_date: date.into(),
            })
            .validate()
            .map_err(|e| e.field)
        };
        assert_eq!(named("Mustermann", "1980-02-29"), Ok(()));
        assert_eq!(named(" ", "1980-02-29"), Err("query.lastName".into()));
        assert_eq!(
            named("Mustermann", "29.02.1980"),
            Err("query.birthDate".into())
        );
        let shown = format!(
            "{:?}",
            by(MemberQuery::Kvnr {
                kvnr: "A123456780".into()
            })
        );
        assert!(!shown.contains("A123456780"));
    }

    #[test]
    fn an_account_item_needs_branches_and_a_real_verifier() {
        let pin = kiosk_domain::staff::Pin::entered("482913").expect("pin");
        let verifier = PinVerifier::create(&pin, &[1; 16]).expect("hash");
        let mut item = StaffAccountItem {
            staff_id: "S-1001".parse().expect("id"),
            role: StaffRole::Assist,
            branches: vec!["DEMO-01".into()],
            pin_verifier: verifier.as_str().into(),
        };
        assert_eq!(item.validate(), Ok(()));
        assert!(!format!("{item:?}").contains("argon2"));
        item.branches = vec!["demo 1".into()];
        assert_eq!(item.validate().map_err(|e| e.field), Err("branches".into()));
        item.branches = vec!["DEMO-01".into()];
        item.pin_verifier = "482913".into();
        assert_eq!(
            item.validate().map_err(|e| e.field),
            Err("pinVerifier".into())
        );
    }
}
