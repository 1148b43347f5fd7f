//! Mitgliedsbescheinigung (§ 175 SGB V): who is a member since when, with which status, and
//! who is covered through the membership; valid on its day of issue.

use super::{Body, Facts};
use crate::DocumentError;

pub(super) fn body(facts: &Facts<'_>) -> Result<Body, DocumentError> {
    let c = facts.catalogue;
    Ok(Body {
        title: facts.label("doc-membership-title")?,
        basis: Some(c.both("doc-membership-basis", &[])?),
        intro: c.german("doc-membership-intro", &facts.insurer_args())?,
        fields: vec![
            facts.name()?,
            facts.birth_date()?,
            facts.kvnr()?,
            facts.insurer()?,
            facts.member_since()?,
            facts.status()?,
            facts.valid_on_issue_day()?,
        ],
        family_intro: Some(c.german("doc-family-intro", &[])?),
        notes: Vec::new(),
    })
}
