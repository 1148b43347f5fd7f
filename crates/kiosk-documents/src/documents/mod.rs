//! The document types and what each says. Each module turns the member's data into a
//! [`Body`]: title, legal basis, text, fields, whether the family is listed, notes. The layout
//! is common (`crate::layout`).

mod membership;
mod travel;
mod university;

use kiosk_protocol::InsuranceStatus;
use time::Date;

use crate::{
    DocumentError,
    berlin::german_date,
    catalogue::{Catalogue, Label},
    claims::DocumentKind,
    input::{destination::TreatyCountry, sender::SenderNumber},
    layout::Field,
    member::Member,
};

/// What the member asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentRequest {
    /// Mitgliedsbescheinigung (§ 175 SGB V).
    Membership,
    /// Eingangsbestätigung: the M10 report for this university was handed over for sending.
    UniversityReceipt { sender_number: SenderNumber },
    /// Versicherungsbescheinigung for the member's own records.
    StudentCertificate,
    /// Anspruchsbescheinigung for a journey to a treaty country, first and last day included.
    TravelCertificate {
        country: TreatyCountry,
        from: Date,
        until: Date,
    },
}

impl DocumentRequest {
    pub fn kind(&self) -> DocumentKind {
        match self {
            DocumentRequest::Membership => DocumentKind::Membership,
            DocumentRequest::UniversityReceipt { .. } => DocumentKind::UniversityReceipt,
            DocumentRequest::StudentCertificate => DocumentKind::StudentCertificate,
            DocumentRequest::TravelCertificate { country, .. } => {
                DocumentKind::TravelCertificate(*country)
            }
        }
    }
}

/// A document's text, before layout.
pub(crate) struct Body {
    pub(crate) title: Label,
    pub(crate) basis: Option<Label>,
    pub(crate) intro: String,
    pub(crate) fields: Vec<Field>,
    /// The family table, with its introduction, when the member has family covered.
    pub(crate) family_intro: Option<String>,
    pub(crate) notes: Vec<String>,
}

/// What every document's text may refer to.
pub(crate) struct Facts<'a> {
    pub(crate) catalogue: &'a Catalogue,
    pub(crate) member: &'a Member,
    pub(crate) issue_date: Date,
    pub(crate) valid_from: Date,
    pub(crate) valid_until: Date,
}

impl Facts<'_> {
    pub(crate) fn label(&self, id: &str) -> Result<Label, DocumentError> {
        self.catalogue.both(id, &[])
    }

    pub(crate) fn field(&self, id: &str, value: String) -> Result<Field, DocumentError> {
        Ok(Field {
            label: self.label(id)?,
            value,
            strong: false,
        })
    }

    pub(crate) fn strong(&self, id: &str, value: String) -> Result<Field, DocumentError> {
        Ok(Field {
            strong: true,
            ..self.field(id, value)?
        })
    }

    pub(crate) fn name(&self) -> Result<Field, DocumentError> {
        self.strong("doc-label-name", self.member.person.name.clone())
    }

    pub(crate) fn birth_date(&self) -> Result<Field, DocumentError> {
        self.field(
            "doc-label-birth-date",
            german_date(self.member.person.birth_date),
        )
    }

    pub(crate) fn kvnr(&self) -> Result<Field, DocumentError> {
        self.strong(
            "doc-label-kvnr",
            self.member.person.kvnr.as_str().to_owned(),
        )
    }

    pub(crate) fn insurer(&self) -> Result<Field, DocumentError> {
        self.field("doc-label-insurer", self.member.insurer.clone())
    }

    pub(crate) fn member_since(&self) -> Result<Field, DocumentError> {
        self.field(
            "doc-label-member-since",
            german_date(self.member.member_since),
        )
    }

    pub(crate) fn status(&self) -> Result<Field, DocumentError> {
        let id = match self.member.status {
            InsuranceStatus::Mandatory => "doc-status-mandatory",
            InsuranceStatus::Voluntary => "doc-status-voluntary",
            InsuranceStatus::Pensioner => "doc-status-pensioner",
            InsuranceStatus::Student => "doc-status-student",
        };
        self.field("doc-label-status", self.catalogue.german(id, &[])?)
    }

    /// "gültig am Tag der Ausstellung (02.11.2026)".
    pub(crate) fn valid_on_issue_day(&self) -> Result<Field, DocumentError> {
        let date = german_date(self.issue_date);
        let value = self
            .catalogue
            .german("doc-valid-issue-day", &[("date", &date)])?;
        self.field("doc-label-valid", value)
    }

    pub(crate) fn insurer_args(&self) -> [(&str, &str); 1] {
        [("insurer", self.member.insurer.as_str())]
    }
}

pub(crate) fn body(request: &DocumentRequest, facts: &Facts<'_>) -> Result<Body, DocumentError> {
    match request {
        DocumentRequest::Membership => membership::body(facts),
        DocumentRequest::StudentCertificate => university::certificate(facts),
        DocumentRequest::UniversityReceipt { sender_number } => {
            university::receipt(facts, sender_number)
        }
        DocumentRequest::TravelCertificate { country, .. } => travel::body(facts, *country),
    }
}
