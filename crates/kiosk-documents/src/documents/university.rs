//! For students: the receipt that the electronic M10 report (§ 199a SGB V) for their
//! university was handed over for transmission (universities have received it electronically
//! since 2022, so no paper goes to them), and a certificate for the member's own records.

use super::{Body, Facts};
use crate::{DocumentError, berlin::german_date, input::sender::SenderNumber};

pub(super) fn receipt(facts: &Facts<'_>, sender: &SenderNumber) -> Result<Body, DocumentError> {
    let c = facts.catalogue;
    let date = german_date(facts.issue_date);
    let intro = c.german(
        "doc-university-intro",
        &[
            ("sender", sender.as_str()),
            ("date", &date),
            ("insurer", &facts.member.insurer),
        ],
    )?;
    Ok(Body {
        title: facts.label("doc-university-title")?,
        basis: Some(c.both("doc-university-basis", &[])?),
        intro,
        fields: vec![
            facts.name()?,
            facts.kvnr()?,
            facts.insurer()?,
            facts.status()?,
            facts.strong("doc-label-sender", sender.as_str().to_owned())?,
            facts.field("doc-label-issued", date)?,
        ],
        family_intro: None,
        notes: vec![c.german("doc-university-note", &[])?],
    })
}

pub(super) fn certificate(facts: &Facts<'_>) -> Result<Body, DocumentError> {
    let c = facts.catalogue;
    Ok(Body {
        title: facts.label("doc-student-title")?,
        basis: Some(c.both("doc-student-basis", &[])?),
        intro: c.german("doc-student-intro", &facts.insurer_args())?,
        fields: vec![
            facts.name()?,
            facts.birth_date()?,
            facts.kvnr()?,
            facts.insurer()?,
            facts.status()?,
            facts.member_since()?,
            facts.valid_on_issue_day()?,
        ],
        family_intro: None,
        notes: Vec::new(),
    })
}
