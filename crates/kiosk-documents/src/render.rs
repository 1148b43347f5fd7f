//! Rendering a document: lay out the body, subset the fonts, digest and sign, then draw the QR
//! code from the token and write the file.

use std::{borrow::Cow, fmt};

use kiosk_protocol::MemberSnapshot;
use time::OffsetDateTime;
use zeroize::Zeroize;

use crate::{
    DocumentError,
    berlin::{self, german_date_time},
    catalogue::Catalogue,
    claims::{DocumentClaims, DocumentId, DocumentKind},
    digest::ContentDigest,
    documents::{self, DocumentRequest, Facts},
    fonts::{self, EmbeddedFont},
    input::travel_dates::TravelDates,
    keys::DocumentSigner,
    layout::{BODY, Frame, GREY, LaidOut, Sheet, Style},
    member::Member,
    pdf::{qr, write},
    token,
};

/// Where and when a document is issued. The caller brings the randomness (document id) and
/// the clock (issue time), so rendering is deterministic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueContext {
    pub document_id: [u8; 16],
    pub branch_id: String,
    pub kiosk_id: String,
    pub issued_at: OffsetDateTime,
    /// When the member data was last received, if the kiosk is offline. Printed ("Datenstand")
    /// when older than the issue time.
    pub data_as_of: Option<OffsetDateTime>,
}

/// A rendered document. It holds health-insurance data: the PDF and the token are wiped from
/// memory when it is dropped.
pub struct RenderedDocument {
    pub pdf: Vec<u8>,
    pub claims: DocumentClaims,
    pub token: String,
    pub kind: DocumentKind,
}

impl Drop for RenderedDocument {
    fn drop(&mut self) {
        self.pdf.zeroize();
        self.token.zeroize();
    }
}

impl fmt::Debug for RenderedDocument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RenderedDocument")
            .field("kind", &self.kind)
            .field("pdf", &format_args!("<{} bytes>", self.pdf.len()))
            .field("claims", &self.claims)
            .finish_non_exhaustive()
    }
}

pub fn render(
    request: &DocumentRequest,
    snapshot: &MemberSnapshot,
    context: &IssueContext,
    signer: &DocumentSigner,
) -> Result<RenderedDocument, DocumentError> {
    let composed = compose(request, snapshot, context, signer)?;
    let token = token::sign(&composed.claims, signer.signing_key());
    let pdf = composed.write(&token)?;
    Ok(RenderedDocument {
        pdf,
        claims: composed.claims,
        token,
        kind: request.kind(),
    })
}

/// A document laid out and digested, ready to be signed and written.
pub(crate) struct Composed {
    pub(crate) laid: LaidOut,
    pub(crate) fonts: [EmbeddedFont; 2],
    pub(crate) claims: DocumentClaims,
    title: String,
    author: String,
    created: OffsetDateTime,
}

impl Composed {
    /// The file, with the QR code drawn from the token.
    pub(crate) fn write(&self, token: &str) -> Result<Vec<u8>, DocumentError> {
        let qr_form = qr::form_content(token)?;
        Ok(write::write(&write::FileParts {
            pages: &self.laid.pages,
            fonts: &self.fonts,
            qr_form: &qr_form,
            qr_modules: qr::MODULES,
            title: &self.title,
            author: &self.author,
            created: self.created,
            document_id: self.claims.document_id().as_bytes(),
            token,
        }))
    }
}

pub(crate) fn compose(
    request: &DocumentRequest,
    snapshot: &MemberSnapshot,
    context: &IssueContext,
    signer: &DocumentSigner,
) -> Result<Composed, DocumentError> {
    let catalogue = Catalogue::get()?;
    let member = Member::from_snapshot(snapshot)?;
    let issued_local = berlin::local(context.issued_at);
    let issue_date = issued_local.date();
    let (valid_from, valid_until) = match request {
        DocumentRequest::TravelCertificate { from, until, .. } => {
            let dates = TravelDates::new(*from, *until, issue_date)?;
            (dates.from(), dates.until())
        }
        _ => (issue_date, issue_date),
    };
    let facts = Facts {
        catalogue,
        member: &member,
        issue_date,
        valid_from,
        valid_until,
    };
    let body = documents::body(request, &facts)?;
    let document_id = DocumentId::from_bytes(context.document_id);
    let frame = frame(&facts, &body, context, &document_id)?;
    let laid = lay_out(frame, &facts, &body, context)?;
    let fonts = [laid.regular.subset()?, laid.bold.subset()?];
    let claims = DocumentClaims::new(
        document_id,
        request.kind(),
        member.person.kvnr.clone(),
        context.issued_at,
        valid_from,
        valid_until,
        signer.key_id(),
        content_digest(&laid, &fonts)?,
    )?;
    Ok(Composed {
        laid,
        fonts,
        claims,
        title: body.title.german.clone(),
        author: member.insurer.clone(),
        created: issued_local,
    })
}

/// What every page carries: the insurer and branch, the title, the footer lines and the
/// verification caption beside the QR code.
fn frame(
    facts: &Facts<'_>,
    body: &documents::Body,
    context: &IssueContext,
    document_id: &DocumentId,
) -> Result<Frame, DocumentError> {
    let catalogue = facts.catalogue;
    let issued = german_date_time(context.issued_at);
    let branch = context.branch_id.as_str();
    Ok(Frame {
        insurer: facts.member.insurer.clone(),
        branch_line: catalogue.german("doc-branch", &[("branch", branch)])?,
        service: catalogue.german("doc-kiosk-service", &[])?,
        title: body.title.german.clone(),
        continued: catalogue.german("doc-continued", &[])?,
        footer: [
            format!(
                "{} · {}",
                catalogue.german(
                    "doc-issued-by",
                    &[("branch", branch), ("kiosk", &context.kiosk_id)]
                )?,
                catalogue.german("doc-issued-at", &[("issued", &issued)])?
            ),
            format!(
                "{} · {}",
                catalogue.german("doc-document-id", &[("id", &document_id.grouped())])?,
                catalogue.german("doc-machine-made", &[])?
            ),
        ],
        caption_title: catalogue.both("doc-verify-title", &[])?,
        caption: catalogue.german("doc-verify-text", &facts.insurer_args())?,
    })
}

/// The body on its pages: title, the offline notice, intro, fields, the family table, notes.
fn lay_out(
    frame: Frame,
    facts: &Facts<'_>,
    body: &documents::Body,
    context: &IssueContext,
) -> Result<LaidOut, DocumentError> {
    let catalogue = facts.catalogue;
    let mut sheet = Sheet::new(frame)?;
    sheet.title(&body.title, body.basis.as_ref());
    if let Some(as_of) = context.data_as_of.filter(|at| *at < context.issued_at) {
        let as_of = german_date_time(as_of);
        let heading = catalogue.both("doc-data-as-of", &[("asOf", &as_of)])?;
        sheet.notice(&heading, &catalogue.german("doc-data-as-of-note", &[])?);
    }
    sheet.paragraph(BODY, &body.intro);
    sheet.gap(3.0);
    sheet.fields(&body.fields);
    let family = &facts.member.family;
    if let Some(intro) = &body.family_intro
        && !family.is_empty()
    {
        sheet.gap(2.0);
        sheet.paragraph(BODY, intro);
        sheet.gap(1.0);
        let heads = [
            catalogue.both("doc-label-name", &[])?,
            catalogue.both("doc-label-birth-date", &[])?,
            catalogue.both("doc-label-kvnr-short", &[])?,
        ];
        let rows: Vec<Vec<String>> = family
            .iter()
            .map(|person| {
                vec![
                    person.name.clone(),
                    berlin::german_date(person.birth_date),
                    person.kvnr.as_str().to_owned(),
                ]
            })
            .collect();
        sheet.table(&heads, &[25.0, 112.0, 150.0], &rows);
    }
    for note in &body.notes {
        sheet.gap(2.0);
        let grey = Style {
            color: GREY,
            ..BODY
        };
        sheet.paragraph(grey, note);
    }
    sheet.finish(qr::MODULES)
}

/// The digest the token signs: the pages' content, then, as verification finds them, each
/// face's font program once and each font dictionary's encoding by resource name.
fn content_digest(laid: &LaidOut, fonts: &[EmbeddedFont; 2]) -> Result<[u8; 32], DocumentError> {
    let mut digest = ContentDigest::new();
    for page in &laid.pages {
        digest.page_content(page);
    }
    let resources = fonts::resources(fonts);
    let mut programs: Vec<usize> = resources.iter().map(|(_, face, _)| *face).collect();
    programs.dedup();
    for face in programs {
        digest.font_program(&fonts[face].program);
    }
    for (_, face, dictionary) in &resources {
        let names: Vec<(u8, Cow<'_, str>)> = fonts[*face].dictionaries[*dictionary]
            .glyph_names()
            .collect();
        digest
            .font_encoding(names.iter().map(|(code, name)| (*code, name.as_bytes())))
            .ok_or(DocumentError::Font("a glyph name is too long"))?;
    }
    Ok(digest.finish())
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::SigningKey;
    use kiosk_protocol::InsuranceStatus;
    use time::macros::datetime;

    use super::*;
    use crate::{DocumentKeys, Verdict, verify_pdf};

    fn snapshot() -> MemberSnapshot {
        MemberSnapshot {
            kvnr: "A123456780".into(),
            first_name: "Käthe".into(),
            last_name: "Müller".into(),
            birth_date: "1998-03-07".into(),
            insurer: "Gesundheitskasse Nord (Demo)".into(),
            member_since: "2016-10-01".into(),
            status: InsuranceStatus::Mandatory,
            family: Vec::new(),
            version: 1,
        }
    }

    /// One digit of the KVNR changed in the decoded text stream (as codes of the bold font, in
    /// which the KVNR is set), everything else as signed: the digest no longer matches.
    #[test]
    fn one_changed_kvnr_digit_in_the_text_is_tampered() {
        let signer = DocumentSigner::new(SigningKey::from_bytes(&[1; 32]));
        let context = IssueContext {
            document_id: [7; 16],
            branch_id: "Kiel".into(),
            kiosk_id: "K-1".into(),
            issued_at: datetime!(2026-11-02 09:00 UTC),
            data_as_of: None,
        };
        let mut composed = compose(&DocumentRequest::Membership, &snapshot(), &context, &signer)
            .expect("composes");
        let token = token::sign(&composed.claims, signer.signing_key());
        let mut keys = DocumentKeys::new();
        keys.insert(signer.verifying_key());
        let untouched = composed.write(&token).expect("writes");
        assert!(matches!(verify_pdf(&untouched, &keys), Verdict::Valid(_)));

        // As the content stream writes them: literal strings, escaped.
        let shown = |codes: &[u8]| {
            let mut content = pdf_writer::Content::new();
            content.show(pdf_writer::Str(codes));
            let mut bytes = content.finish().into_vec();
            bytes.truncate(bytes.len() - b" Tj".len());
            bytes
        };
        let mut bold = |text: &str| {
            let runs = composed.laid.bold.encode(text);
            assert_eq!(runs.len(), 1);
            runs[0].codes.clone()
        };
        let original = shown(&bold("A123456780"));
        let changed = shown(&bold("A123456781"));
        let page = &mut composed.laid.pages[0];
        let at = page
            .windows(original.len())
            .position(|w| w == original)
            .expect("the KVNR is in the page's text");
        page.splice(at..at + original.len(), changed);
        let tampered = composed.write(&token).expect("writes");
        assert_eq!(verify_pdf(&tampered, &keys), Verdict::Tampered);
    }
}
