//! IPP messages, encoded and decoded with the `ipp` crate: the four operations the kiosk uses
//! and typed reads of an answer's attributes.

use bytes::{Bytes, BytesMut};
use ipp::{
    attribute::{IppAttribute, IppAttributeName, IppAttributes},
    model::{DelimiterTag, IppVersion, Operation},
    parser::IppParser,
    reader::IppReader,
    request::IppRequestResponse,
    value::IppValue,
};

use crate::{IppStatus, TransportError, target::Target};

fn request(
    target: &Target,
    operation: Operation,
    user: &str,
) -> Result<IppRequestResponse, TransportError> {
    let encode = |e: ipp::parser::IppParseError| TransportError::Request(e.to_string());
    let mut request =
        IppRequestResponse::new(IppVersion::v1_1(), operation, None).map_err(encode)?;
    let attributes = request.attributes_mut();
    attributes.add(
        DelimiterTag::OperationAttributes,
        IppAttribute::new(
            IppAttributeName::PRINTER_URI,
            IppValue::new_uri(target.uri.as_str()).map_err(encode)?,
        ),
    );
    attributes.add(
        DelimiterTag::OperationAttributes,
        IppAttribute::new(
            IppAttributeName::REQUESTING_USER_NAME,
            IppValue::new_name_without_language(user).map_err(encode)?,
        ),
    );
    Ok(request)
}

fn keywords(names: &[&str]) -> Result<IppValue, TransportError> {
    let values = names
        .iter()
        .map(|n| IppValue::new_keyword(*n))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| TransportError::Request(e.to_string()))?;
    Ok(IppValue::Array(values))
}

/// Print-Job: the request followed by the document.
pub(crate) fn print_job(
    target: &Target,
    user: &str,
    title: &str,
    pdf: &[u8],
) -> Result<Bytes, TransportError> {
    let mut request = request(target, Operation::PrintJob, user)?;
    let title = IppValue::new_name_without_language(title)
        .map_err(|e| TransportError::Request(format!("job title: {e}")))?;
    let format = IppValue::new_mime_media_type("application/pdf")
        .map_err(|e| TransportError::Request(e.to_string()))?;
    let attributes = request.attributes_mut();
    attributes.add(
        DelimiterTag::OperationAttributes,
        IppAttribute::new(IppAttributeName::JOB_NAME, title),
    );
    attributes.add(
        DelimiterTag::OperationAttributes,
        IppAttribute::new(IppAttributeName::DOCUMENT_FORMAT, format),
    );
    let head = request.to_bytes();
    let mut body = BytesMut::with_capacity(head.len() + pdf.len());
    body.extend_from_slice(&head);
    body.extend_from_slice(pdf);
    Ok(body.freeze())
}

pub(crate) fn get_printer_attributes(target: &Target, user: &str) -> Result<Bytes, TransportError> {
    let mut request = request(target, Operation::GetPrinterAttributes, user)?;
    let wanted = keywords(&[
        "printer-state",
        "printer-state-reasons",
        "printer-is-accepting-jobs",
    ])?;
    request.attributes_mut().add(
        DelimiterTag::OperationAttributes,
        IppAttribute::new(IppAttributeName::REQUESTED_ATTRIBUTES, wanted),
    );
    Ok(request.to_bytes())
}

pub(crate) fn get_job_attributes(
    target: &Target,
    user: &str,
    job_id: i32,
) -> Result<Bytes, TransportError> {
    let mut request = request(target, Operation::GetJobAttributes, user)?;
    let wanted = keywords(&["job-id", "job-state", "job-state-reasons"])?;
    let attributes = request.attributes_mut();
    attributes.add(
        DelimiterTag::OperationAttributes,
        IppAttribute::new(IppAttributeName::JOB_ID, IppValue::Integer(job_id)),
    );
    attributes.add(
        DelimiterTag::OperationAttributes,
        IppAttribute::new(IppAttributeName::REQUESTED_ATTRIBUTES, wanted),
    );
    Ok(request.to_bytes())
}

/// Cancel-Job for a job on the queue.
pub(crate) fn cancel_job(
    target: &Target,
    user: &str,
    job_id: i32,
) -> Result<Bytes, TransportError> {
    let mut request = request(target, Operation::CancelJob, user)?;
    request.attributes_mut().add(
        DelimiterTag::OperationAttributes,
        IppAttribute::new(IppAttributeName::JOB_ID, IppValue::Integer(job_id)),
    );
    Ok(request.to_bytes())
}

/// A decoded answer: its status and attributes.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: IppStatus,
    attributes: IppAttributes,
}

impl Answer {
    pub fn parse(body: Bytes) -> Result<Answer, TransportError> {
        let reader = IppReader::new(std::io::Cursor::new(body));
        let (header, attributes, _) = IppParser::new(reader)
            .parse_parts()
            .map_err(|e| TransportError::BadAnswer(e.to_string()))?;
        Ok(Answer {
            status: IppStatus(u16::from_ne_bytes(header.operation_or_status.to_ne_bytes())),
            attributes,
        })
    }

    fn value(&self, group: DelimiterTag, name: &str) -> Option<&IppValue> {
        self.attributes
            .groups_of(group)
            .find_map(|g| g.get(name))
            .map(IppAttribute::value)
    }

    /// An integer or enum value.
    pub fn integer(&self, group: DelimiterTag, name: &str) -> Option<i32> {
        match self.value(group, name)? {
            IppValue::Integer(v) | IppValue::Enum(v) => Some(*v),
            IppValue::Array(values) => match values.first()? {
                IppValue::Integer(v) | IppValue::Enum(v) => Some(*v),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn boolean(&self, group: DelimiterTag, name: &str) -> Option<bool> {
        match self.value(group, name)? {
            IppValue::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    /// Every keyword of a (possibly multi-valued) keyword attribute; empty when absent.
    pub fn keywords(&self, group: DelimiterTag, name: &str) -> Vec<String> {
        let one = |v: &IppValue| match v {
            IppValue::Keyword(k) => Some(k.to_string()),
            _ => None,
        };
        match self.value(group, name) {
            Some(IppValue::Array(values)) => values.iter().filter_map(one).collect(),
            Some(value) => one(value).into_iter().collect(),
            None => Vec::new(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use ipp::model::StatusCode;

    /// An encoded answer as a server would send it.
    pub(crate) fn answer(
        status: StatusCode,
        group: DelimiterTag,
        attrs: Vec<IppAttribute>,
    ) -> Bytes {
        let mut response =
            IppRequestResponse::new_response(IppVersion::v1_1(), status, 1).expect("response");
        for attr in attrs {
            response.attributes_mut().add(group, attr);
        }
        response.to_bytes()
    }

    #[test]
    fn a_print_job_carries_title_user_format_and_the_document_last() {
        let target = Target::parse("ipp://localhost:631/printers/K").expect("uri");
        let body = print_job(
            &target,
            "kiosk",
            "Mitgliedsbescheinigung 3f2a",
            b"%PDF-1.7 x",
        )
        .expect("encodes");
        assert!(body.ends_with(b"%PDF-1.7 x"));
        let parsed = IppParser::new(IppReader::new(std::io::Cursor::new(body)))
            .parse()
            .expect("parses");
        assert_eq!(
            parsed.header().operation_or_status,
            Operation::PrintJob as i16
        );
        let ops = parsed
            .attributes()
            .groups_of(DelimiterTag::OperationAttributes)
            .next()
            .expect("operation group");
        let text = |n: &str| ops.get(n).map(|a| a.value().to_string());
        assert_eq!(
            text("printer-uri").as_deref(),
            Some("ipp://localhost:631/printers/K")
        );
        assert_eq!(text("requesting-user-name").as_deref(), Some("kiosk"));
        assert_eq!(
            text("job-name").as_deref(),
            Some("Mitgliedsbescheinigung 3f2a")
        );
        assert_eq!(text("document-format").as_deref(), Some("application/pdf"));
        let names: Vec<String> = ops
            .attributes()
            .iter()
            .map(|a| a.name().to_string())
            .collect();
        assert_eq!(
            &names[..2],
            ["attributes-charset", "attributes-natural-language"]
        );
    }

    #[test]
    fn answers_are_read_by_group_and_type() {
        let body = answer(
            StatusCode::SuccessfulOk,
            DelimiterTag::PrinterAttributes,
            vec![
                IppAttribute::with_name("printer-state", IppValue::Enum(5)).expect("attribute"),
                IppAttribute::with_name("printer-is-accepting-jobs", IppValue::Boolean(false))
                    .expect("attribute"),
                IppAttribute::with_name(
                    "printer-state-reasons",
                    keywords(&["paused", "media-empty-error"]).expect("keywords"),
                )
                .expect("attribute"),
            ],
        );
        let answer = Answer::parse(body).expect("parses");
        assert!(answer.status.is_success());
        let g = DelimiterTag::PrinterAttributes;
        assert_eq!(answer.integer(g, "printer-state"), Some(5));
        assert_eq!(answer.boolean(g, "printer-is-accepting-jobs"), Some(false));
        assert_eq!(
            answer.keywords(g, "printer-state-reasons"),
            ["paused", "media-empty-error"]
        );
        assert!(answer.keywords(g, "nothing").is_empty());
        assert!(matches!(
            Answer::parse(Bytes::from_static(b"<html>")),
            Err(TransportError::BadAnswer(_))
        ));
    }
}
