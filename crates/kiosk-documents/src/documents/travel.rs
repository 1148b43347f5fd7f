//! Anspruchsbescheinigung for a journey to a country whose social security agreement with
//! Germany uses a form of its own: Turkey (T/A 11), Tunisia (TN/A 11), Bosnia and Herzegovina
//! (BH 6). Valid for the travel dates the member chose.

use super::{Body, Facts};
use crate::{
    DocumentError, berlin::german_date, catalogue::Label, input::destination::TreatyCountry,
};

fn country_id(country: TreatyCountry) -> &'static str {
    match country {
        TreatyCountry::Turkey => "doc-country-tr",
        TreatyCountry::Tunisia => "doc-country-tn",
        TreatyCountry::BosniaHerzegovina => "doc-country-ba",
    }
}

pub(super) fn body(facts: &Facts<'_>, country: TreatyCountry) -> Result<Body, DocumentError> {
    let c = facts.catalogue;
    let names = c.both(country_id(country), &[])?;
    let form = country.form_code();
    let title = Label {
        german: c.german(
            "doc-travel-title",
            &[("form", form), ("country", &names.german)],
        )?,
        english: c.english(
            "doc-travel-title",
            &[("form", form), ("country", &names.english)],
        )?,
    };
    let basis = Label {
        german: c.german("doc-travel-basis", &[("country", &names.german)])?,
        english: c.english("doc-travel-basis", &[("country", &names.english)])?,
    };
    let period = c.german(
        "doc-period",
        &[
            ("from", &german_date(facts.valid_from)),
            ("until", &german_date(facts.valid_until)),
        ],
    )?;
    Ok(Body {
        title,
        basis: Some(basis),
        intro: c.german("doc-travel-intro", &facts.insurer_args())?,
        fields: vec![
            facts.name()?,
            facts.birth_date()?,
            facts.kvnr()?,
            facts.insurer()?,
            facts.field("doc-label-country", names.german.clone())?,
            facts.strong("doc-label-valid", period)?,
        ],
        family_intro: Some(c.german("doc-family-intro", &[])?),
        notes: vec![c.german("doc-travel-note", &[])?],
    })
}
