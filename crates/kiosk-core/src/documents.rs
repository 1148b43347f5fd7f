//! Certificates for the identified member: what the data here allows, the member's request
//! (checked), the rendered document kept for the session only, and the university report
//! queued for the central system. Printing is in `print.rs`.

use std::time::{Duration, Instant};

use kiosk_documents::{
    Advice, DestinationError, DocumentError, DocumentKind, DocumentRequest, DocumentSigner,
    IssueContext, RenderedDocument, SenderNumber, SenderNumberError, SigningKey, TravelDates,
    TravelDatesError, TravelDestination,
};
use kiosk_domain::{Service, SessionError, SessionId};
use kiosk_protocol::{
    DocumentKeyRegistered, EventPayload, InsuranceStatus, MemberSnapshot, UniversityReportRequested,
};
use time::{Date, OffsetDateTime, format_description::well_known::Rfc3339};
use uuid::Uuid;

use crate::{CoreError, Kiosk};

/// Data last confirmed longer ago than this counts as offline data: certificates state its
/// as-of time ("Datenstand"). With a long sync interval the bar is two intervals and a minute
/// (see [`offline_after`]), so that a kiosk that is online never claims it is not.
pub const OFFLINE_AFTER: Duration = Duration::from_secs(15 * 60);

/// When data counts as offline data for a kiosk that syncs every `interval`.
pub fn offline_after(interval: Duration) -> Duration {
    OFFLINE_AFTER.max(
        interval
            .saturating_mul(2)
            .saturating_add(Duration::from_secs(60)),
    )
}

/// Why a certificate cannot be made; the UI shows each in its own words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentRefusal {
    #[error("the member data here is older than the configured maximum age")]
    DataTooOld,
    #[error("this kiosk holds no data for the member")]
    DataMissing,
    /// Certificates carry today's date and the data's age: neither can be told.
    #[error("the kiosk's clock is not trusted ({0})")]
    ClockUntrusted(kiosk_domain::ClockProblem),
    #[error("{0}")]
    SenderNumber(SenderNumberError),
    #[error("{0}")]
    Destination(DestinationError),
    #[error("the kiosk prints no form for this country")]
    NoFormForCountry,
    #[error("a travel date is not a date (expected YYYY-MM-DD)")]
    InvalidDate,
    #[error("{0}")]
    TravelDates(TravelDatesError),
    #[error("the document is not (or no longer) prepared in this session")]
    UnknownDocument,
    #[error("{0}")]
    Render(DocumentError),
}

/// Whether certificates can be made from the data here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataProblem {
    TooOld,
    Missing,
    /// The clock is not trusted: how old the data is cannot be told.
    ClockUntrusted(kiosk_domain::ClockProblem),
}

/// The certificates menu for the identified member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentsOffer {
    pub data_problem: Option<DataProblem>,
    /// Set when the data is offline data (see [`offline_after`]).
    pub data_as_of: Option<OffsetDateTime>,
    pub has_family: bool,
    pub is_student: bool,
}

/// What the member asked for, as typed (checked here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceRequest {
    Membership,
    StudentCertificate,
    UniversityReport {
        sender_number: String,
    },
    Travel {
        country: String,
        from: String,
        until: String,
    },
}

impl ServiceRequest {
    /// The service it asks for, with the level that needs.
    pub fn service(&self) -> Service {
        match self {
            ServiceRequest::Membership | ServiceRequest::StudentCertificate => {
                Service::MembershipCertificate
            }
            ServiceRequest::UniversityReport { .. } => Service::UniversityReport,
            ServiceRequest::Travel { .. } => Service::TravelCertificate,
        }
    }
}

/// A document of this session, until it ends.
pub(crate) struct SessionDocument {
    pub(crate) rendered: RenderedDocument,
    /// For a university report's receipt: the university's sender number. The report is
    /// queued when the member prints the receipt (their confirmation), once.
    pub(crate) report: Option<PendingReport>,
}

#[derive(Debug)]
pub(crate) struct PendingReport {
    pub(crate) sender_number: SenderNumber,
    pub(crate) queued: bool,
}

/// What the shell shows of a prepared document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreparedDocument {
    pub document_id: String,
    pub kind: DocumentKind,
    pub report_request_id: Option<Uuid>,
}

fn refused(why: DocumentRefusal) -> CoreError {
    CoreError::Document(why)
}

fn parse_date(text: &str) -> Result<Date, CoreError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.trim(), &format).map_err(|_| refused(DocumentRefusal::InvalidDate))
}

impl Kiosk {
    /// The kiosk's document-signing key; made (and announced to the central system through
    /// the outbox, in the same transaction) the first time.
    pub fn document_signer(&mut self) -> Result<DocumentSigner, CoreError> {
        if let Some(stored) = self.store.document_key()? {
            return Ok(DocumentSigner::new(SigningKey::from_bytes(&stored.secret)));
        }
        let mut seed = zeroize::Zeroizing::new([0u8; 32]);
        getrandom::fill(seed.as_mut_slice()).map_err(CoreError::Randomness)?;
        let signer = DocumentSigner::new(SigningKey::from_bytes(&seed));
        let key_id = signer.key_id().to_string();
        let event = EventPayload::DocumentKeyRegistered(DocumentKeyRegistered {
            branch_id: self.branch_id.clone(),
            kiosk_id: self.kiosk_id.clone(),
            key_id: key_id.clone(),
            public_key: base64_of(signer.verifying_key().as_bytes()),
        });
        self.record_event(None, &event, |tx| tx.put_document_key(&key_id, &seed))?;
        tracing::info!(key_id = %key_id, "document-signing key made");
        Ok(signer)
    }

    /// The member's certificate data for `service` and up to when it is known to be current.
    fn member_data(
        &self,
        service: Service,
        max_age: Duration,
        now: OffsetDateTime,
    ) -> Result<Result<(MemberSnapshot, OffsetDateTime), DataProblem>, CoreError> {
        let kvnr = self.authorize(service)?.kvnr().to_owned();
        if let Err(problem) = self.check_clock(now)? {
            return Ok(Err(DataProblem::ClockUntrusted(problem)));
        }
        let Some(stored) = self.store.member_snapshot(&kvnr, max_age)? else {
            return Ok(Err(if self.store.has_member_snapshot(&kvnr)? {
                DataProblem::TooOld
            } else {
                DataProblem::Missing
            }));
        };
        let Ok(snapshot) = serde_json::from_str::<MemberSnapshot>(&stored.snapshot) else {
            tracing::warn!("a stored member snapshot does not parse; treated as absent");
            return Ok(Err(DataProblem::Missing));
        };
        let as_of = OffsetDateTime::parse(&stored.current_as_of, &Rfc3339).map_err(|_| {
            CoreError::Store(kiosk_store::StoreError::Corrupt("snapshot time".into()))
        })?;
        Ok(Ok((snapshot, as_of)))
    }

    pub fn documents_offer(
        &self,
        max_age: Duration,
        now: OffsetDateTime,
    ) -> Result<DocumentsOffer, CoreError> {
        Ok(
            match self.member_data(Service::MembershipCertificate, max_age, now)? {
                Err(problem) => DocumentsOffer {
                    data_problem: Some(problem),
                    data_as_of: None,
                    has_family: false,
                    is_student: false,
                },
                Ok((snapshot, as_of)) => DocumentsOffer {
                    data_problem: None,
                    data_as_of: offline_as_of(as_of, now, self.offline_after),
                    has_family: !snapshot.family.is_empty(),
                    is_student: snapshot.status == InsuranceStatus::Student,
                },
            },
        )
    }

    /// Checks the request, renders the document and keeps it for the session. Nothing is
    /// queued yet: a university report goes to the central system when its receipt is
    /// printed (`begin_print`), so a member who only looks at the preview requests nothing.
    pub fn prepare_document(
        &mut self,
        request: &ServiceRequest,
        max_age: Duration,
        now: OffsetDateTime,
        instant: Instant,
    ) -> Result<PreparedDocument, CoreError> {
        let session_id = self
            .machine
            .active_session_id()
            .ok_or(SessionError::NoActiveSession)?;
        let (snapshot, as_of) = match self.member_data(request.service(), max_age, now)? {
            Ok(data) => data,
            Err(DataProblem::ClockUntrusted(problem)) => {
                return Err(refused(DocumentRefusal::ClockUntrusted(problem)));
            }
            Err(DataProblem::TooOld) => return Err(refused(DocumentRefusal::DataTooOld)),
            Err(DataProblem::Missing) => return Err(refused(DocumentRefusal::DataMissing)),
        };
        let today = kiosk_domain::berlin::date(now);
        let document_id = Uuid::new_v4();
        let (document, report) = match request {
            ServiceRequest::Membership => (DocumentRequest::Membership, None),
            ServiceRequest::StudentCertificate => (DocumentRequest::StudentCertificate, None),
            ServiceRequest::UniversityReport { sender_number } => {
                let sender_number = SenderNumber::parse(sender_number)
                    .map_err(|e| refused(DocumentRefusal::SenderNumber(e)))?;
                (
                    DocumentRequest::UniversityReceipt {
                        sender_number: sender_number.clone(),
                    },
                    Some(sender_number),
                )
            }
            ServiceRequest::Travel {
                country,
                from,
                until,
            } => {
                let advice = TravelDestination::classify(country)
                    .map_err(|e| refused(DocumentRefusal::Destination(e)))?;
                let Advice::Form(country) = advice else {
                    return Err(refused(DocumentRefusal::NoFormForCountry));
                };
                let dates = TravelDates::new(parse_date(from)?, parse_date(until)?, today)
                    .map_err(|e| refused(DocumentRefusal::TravelDates(e)))?;
                (
                    DocumentRequest::TravelCertificate {
                        country,
                        from: dates.from(),
                        until: dates.until(),
                    },
                    None,
                )
            }
        };
        let signer = self.document_signer()?;
        let context = IssueContext {
            document_id: document_id.into_bytes(),
            branch_id: self.branch_id.clone(),
            kiosk_id: self.kiosk_id.clone(),
            issued_at: now,
            data_as_of: offline_as_of(as_of, now, self.offline_after),
        };
        let rendered = kiosk_documents::render(&document, &snapshot, &context, &signer)
            .map_err(|e| refused(DocumentRefusal::Render(e)))?;
        // The receipt's document id is the report's request id: the member can quote it.
        let report_request_id = report.is_some().then_some(document_id);
        let report = report.map(|sender_number| PendingReport {
            sender_number,
            queued: false,
        });
        let prepared = PreparedDocument {
            document_id: rendered.claims.document_id().to_string(),
            kind: rendered.kind,
            report_request_id,
        };
        tracing::info!(session = %session_id, kind = rendered.kind.as_str(), bytes = rendered.pdf.len(), "document prepared");
        self.documents.insert(
            prepared.document_id.clone(),
            SessionDocument { rendered, report },
        );
        self.machine.note_activity(instant);
        Ok(prepared)
    }

    /// The PDF of a document prepared in this session.
    pub fn document_pdf(&self, document_id: &str) -> Result<&[u8], CoreError> {
        self.documents
            .get(document_id)
            .map(|d| d.rendered.pdf.as_slice())
            .ok_or(refused(DocumentRefusal::UnknownDocument))
    }

    /// The university report a receipt stands for, as the central system takes it, once: for
    /// the member identified now (the receipt is printed in their session).
    pub(crate) fn report_to_queue(
        &self,
        document_id: &str,
    ) -> Result<Option<(SessionId, EventPayload)>, CoreError> {
        let Some(report) = self
            .documents
            .get(document_id)
            .and_then(|d| d.report.as_ref())
        else {
            return Ok(None);
        };
        if report.queued {
            return Ok(None);
        }
        let member = self.authorize(Service::UniversityReport)?;
        let session_id = self
            .machine
            .active_session_id()
            .ok_or(SessionError::NoActiveSession)?;
        let request_id =
            Uuid::parse_str(document_id).map_err(|_| refused(DocumentRefusal::UnknownDocument))?;
        let event = EventPayload::UniversityReportRequested(UniversityReportRequested {
            session_id: session_id.as_uuid(),
            branch_id: self.branch_id.clone(),
            kiosk_id: self.kiosk_id.clone(),
            request_id,
            kvnr: member.kvnr().to_owned(),
            sender_number: report.sender_number.as_str().to_owned(),
        });
        Ok(Some((session_id, event)))
    }

    /// The member went back: the document is dropped (and wiped).
    pub fn discard_document(&mut self, document_id: &str) {
        self.documents.remove(document_id);
    }

    /// Every document of the session goes with it (each wipes itself when dropped).
    pub(crate) fn wipe_documents(&mut self) {
        self.documents.clear();
    }
}

fn offline_as_of(
    as_of: OffsetDateTime,
    now: OffsetDateTime,
    offline_after: Duration,
) -> Option<OffsetDateTime> {
    let stale = time::Duration::try_from(offline_after).unwrap_or(time::Duration::MAX);
    (now - as_of > stale).then_some(as_of)
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

impl std::fmt::Debug for SessionDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionDocument")
            .field("rendered", &self.rendered)
            .finish_non_exhaustive()
    }
}
