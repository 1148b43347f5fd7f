//! The documents' wording, from the kiosk's Fluent catalogue (`i18n/de.ftl`, `i18n/en.ftl`,
//! the `doc-*` messages). German is the document language; labels also show the English
//! term, so both catalogues are loaded.

use std::sync::LazyLock;

use fluent_bundle::{FluentArgs, FluentResource, FluentValue, concurrent::FluentBundle};
use unic_langid::LanguageIdentifier;

use crate::{DocumentError, error::CatalogueError};

static GERMAN: &str = include_str!("../../../i18n/de.ftl");
static ENGLISH: &str = include_str!("../../../i18n/en.ftl");

static CATALOGUE: LazyLock<Result<Catalogue, CatalogueError>> = LazyLock::new(Catalogue::load);

type Bundle = FluentBundle<FluentResource>;

pub(crate) struct Catalogue {
    german: Bundle,
    english: Bundle,
}

/// Message arguments: every value is text, already formatted the German way (dates, numbers).
pub(crate) type Args<'a> = &'a [(&'a str, &'a str)];

fn bundle(language: &'static str, source: &str) -> Result<Bundle, CatalogueError> {
    let parse = |detail: String| CatalogueError::Parse { language, detail };
    let id: LanguageIdentifier = language
        .parse()
        .map_err(|_| parse("not a language id".into()))?;
    let resource = FluentResource::try_new(source.to_owned())
        .map_err(|(_, errors)| parse(format!("{errors:?}")))?;
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around arguments: they would end up in the PDF's text.
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .map_err(|errors| parse(format!("{errors:?}")))?;
    Ok(bundle)
}

impl Catalogue {
    fn load() -> Result<Catalogue, CatalogueError> {
        Ok(Catalogue {
            german: bundle("de", GERMAN)?,
            english: bundle("en", ENGLISH)?,
        })
    }

    pub(crate) fn get() -> Result<&'static Catalogue, DocumentError> {
        CATALOGUE
            .as_ref()
            .map_err(|error| DocumentError::Catalogue(error.clone()))
    }

    pub(crate) fn german(&self, id: &str, args: Args<'_>) -> Result<String, DocumentError> {
        format(&self.german, id, args)
    }

    pub(crate) fn english(&self, id: &str, args: Args<'_>) -> Result<String, DocumentError> {
        format(&self.english, id, args)
    }

    /// The German text and its English term.
    pub(crate) fn both(&self, id: &str, args: Args<'_>) -> Result<Label, DocumentError> {
        Ok(Label {
            german: self.german(id, args)?,
            english: self.english(id, args)?,
        })
    }
}

/// A label as printed: German, and the English term beside it in smaller grey type.
#[derive(Debug, Clone)]
pub(crate) struct Label {
    pub(crate) german: String,
    pub(crate) english: String,
}

fn format(bundle: &Bundle, id: &str, args: Args<'_>) -> Result<String, DocumentError> {
    let missing = || CatalogueError::Missing { id: id.to_owned() };
    let message = bundle.get_message(id).ok_or_else(missing)?;
    let pattern = message.value().ok_or_else(missing)?;
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, FluentValue::from(*value));
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    if !errors.is_empty() {
        return Err(CatalogueError::Format {
            id: id.to_owned(),
            detail: format!("{errors:?}"),
        }
        .into());
    }
    Ok(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogues_load_and_format_with_arguments() {
        let catalogue = Catalogue::get().expect("catalogue");
        let label = catalogue.both("doc-label-birth-date", &[]).expect("label");
        assert_eq!(label.german, "Geburtsdatum");
        assert_eq!(label.english, "Date of birth");
        let branch = catalogue
            .german("doc-branch", &[("branch", "Lübeck-Mitte")])
            .expect("branch");
        assert_eq!(branch, "Geschäftsstelle Lübeck-Mitte");
        assert!(matches!(
            catalogue.german("doc-no-such-message", &[]),
            Err(DocumentError::Catalogue(_))
        ));
    }
}
