//! Debug output of the wire types that carry personal data (KVNR, names, dates of birth,
//! contact data): what they are, never what they hold, so that no log line or panic message
//! can leak it.

use std::fmt;

use crate::{
    FamilyMember, FieldChange, MemberDataChange, MemberSnapshot, UniversityReportRequested,
};

impl fmt::Debug for MemberSnapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemberSnapshot")
            .field("status", &self.status)
            .field("family", &self.family.len())
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for FamilyMember {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FamilyMember(<redacted>)")
    }
}

impl fmt::Debug for MemberDataChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemberDataChange")
            .field("session_id", &self.session_id)
            .field("base_version", &self.base_version)
            .field("changes", &self.changes)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for FieldChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FieldChange")
            .field("field", &self.field)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for UniversityReportRequested {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UniversityReportRequested")
            .field("session_id", &self.session_id)
            .field("request_id", &self.request_id)
            .field("sender_number", &self.sender_number)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{InsuranceStatus, MemberField};

    #[test]
    fn personal_data_never_shows_in_debug_output() {
        let member = MemberSnapshot {
            kvnr: "A123456780".into(),
            first_name: "Erika".into(),
            last_name: "Mustermann".into(),
            birth_date: "1964-08-12".into(),
            insurer: "Gesundheitskasse Nord (Demo)".into(),
            member_since: "2001-01-01".into(),
            status: InsuranceStatus::Mandatory,
            family: vec![FamilyMember {
                kvnr: "Z987654321".into(),
                first_name: "Lina".into(),
                last_name: "Musterkind".into(),
                birth_date: "2019-05-06".into(),
            }],
            version: 3,
        };
        let change = MemberDataChange {
            session_id: uuid::Uuid::nil(),
            kvnr: "A123456780".into(),
            base_version: 3,
            changes: vec![FieldChange {
                field: MemberField::Email,
                value: "erika@example.org".into(),
            }],
        };
        let report = UniversityReportRequested {
            session_id: uuid::Uuid::nil(),
            branch_id: "B-1".into(),
            kiosk_id: "K-1".into(),
            request_id: uuid::Uuid::nil(),
            kvnr: "A123456780".into(),
            sender_number: "H0000719".into(),
        };
        let shown = format!("{member:?} {change:?} {report:?}");
        for secret in [
            "A123456780",
            "Z987654321",
            "Erika",
            "Mustermann",
            "Lina",
            "1964-08-12",
            "2019-05-06",
            "erika@example.org",
        ] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(
            shown.contains("Email") && shown.contains("H0000719"),
            "{shown}"
        );
    }
}
