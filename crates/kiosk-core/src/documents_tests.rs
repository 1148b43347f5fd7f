use std::time::{Duration, Instant};

use kiosk_documents::{DocumentKeys, Verdict, verify_pdf};
use kiosk_domain::{
    BirthDate, BirthDateOutcome, IdentificationMethod, Kvnr, MemberIdentity, PendingLetter,
    Service, SessionError, TrustLevel,
};
use kiosk_protocol::{FamilyMember, InsuranceStatus, MemberSnapshot};
use time::OffsetDateTime;

use crate::{
    CoreError, DataProblem, DocumentRefusal, Kiosk, NotPrinted, PrintEnd, PrintRefusal,
    ServiceRequest, tests::kiosk,
};

pub(crate) const MAX_AGE: Duration = Duration::from_secs(72 * 3600);
const KVNR: &str = "A123456780";

fn snapshot(status: InsuranceStatus) -> MemberSnapshot {
    MemberSnapshot {
        kvnr: KVNR.into(),
        first_name: "Jürgen".into(),
        last_name: "Weiß".into(),
        birth_date: "1990-02-03".into(),
        insurer: "Gesundheitskasse Nord (Demo)".into(),
        member_since: "2012-10-01".into(),
        status,
        family: vec![FamilyMember {
            kvnr: "Z987654321".into(),
            first_name: "Lina".into(),
            last_name: "Weiß".into(),
            birth_date: "2019-05-06".into(),
        }],
        version: 3,
    }
}

/// A kiosk with an identified member whose data arrived `age` ago (None: no data at all).
pub(crate) fn identified(age: Option<time::Duration>) -> (Kiosk, Instant, tempfile::TempDir) {
    let (mut kiosk, t0, dir) = kiosk();
    if let Some(age) = age {
        let json = serde_json::to_string(&snapshot(InsuranceStatus::Student)).expect("json");
        kiosk
            .store
            .transaction(|tx| tx.put_snapshot(KVNR, 3, &json, OffsetDateTime::now_utc() - age))
            .expect("snapshot");
    }
    kiosk
        .start_identification(IdentificationMethod::Letter, t0)
        .expect("session");
    let kvnr: Kvnr = KVNR.parse().expect("kvnr");
    let birth_date: BirthDate = "1990-02-03".parse().expect("date");
    kiosk
        .machine
        .letter_read(
            PendingLetter {
                letter_id: "01dc60ab7a641ec79195384de490b754".into(),
                key_id: "L26A".into(),
                member: MemberIdentity::new(&kvnr, "Jürgen Weiß"),
                birth_date: birth_date.clone(),
            },
            t0,
        )
        .expect("letter");
    let Ok(BirthDateOutcome::Match(proof)) = kiosk.machine.check_birth_date(&birth_date, 0) else {
        panic!("the letter's date matches");
    };
    kiosk
        .machine
        .complete_letter_identification(proof, t0)
        .expect("identified");
    (kiosk, t0, dir)
}

fn refusal(result: Result<impl std::fmt::Debug, CoreError>) -> DocumentRefusal {
    match result {
        Err(CoreError::Document(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn travel(country: &str, from: time::Date, until: time::Date) -> ServiceRequest {
    ServiceRequest::Travel {
        country: country.into(),
        from: from.to_string(),
        until: until.to_string(),
    }
}

fn kinds_in_outbox(kiosk: &Kiosk) -> Vec<String> {
    kiosk
        .store()
        .pending_events(100)
        .expect("outbox")
        .into_iter()
        .map(|e| e.kind)
        .filter(|kind| kind != "audit.recorded")
        .collect()
}

#[test]
fn the_offer_says_whether_the_data_allows_certificates() {
    let now = OffsetDateTime::now_utc();
    let (fresh, ..) = identified(Some(time::Duration::minutes(1)));
    let offer = fresh.documents_offer(MAX_AGE, now).expect("offer");
    assert_eq!(offer.data_problem, None);
    assert_eq!(offer.data_as_of, None, "fresh data is not offline data");
    assert!(offer.has_family && offer.is_student);

    let (offline, ..) = identified(Some(time::Duration::hours(5)));
    let offer = offline.documents_offer(MAX_AGE, now).expect("offer");
    assert!(offer.data_as_of.is_some(), "offline data states its time");

    let (old, ..) = identified(Some(time::Duration::hours(80)));
    let offer = old.documents_offer(MAX_AGE, now).expect("offer");
    assert_eq!(offer.data_problem, Some(DataProblem::TooOld));
    let (none, ..) = identified(None);
    let offer = none.documents_offer(MAX_AGE, now).expect("offer");
    assert_eq!(offer.data_problem, Some(DataProblem::Missing));
}

#[test]
fn with_a_clock_set_back_no_certificate_is_dated() {
    use kiosk_domain::ClockProblem;
    let (mut kiosk, t0, _dir) = identified(Some(time::Duration::minutes(1)));
    let set_back = OffsetDateTime::now_utc() - time::Duration::days(2);
    let offer = kiosk.documents_offer(MAX_AGE, set_back).expect("offer");
    assert_eq!(
        offer.data_problem,
        Some(DataProblem::ClockUntrusted(ClockProblem::WentBack))
    );
    assert_eq!(
        refusal(kiosk.prepare_document(&ServiceRequest::Membership, MAX_AGE, set_back, t0)),
        DocumentRefusal::ClockUntrusted(ClockProblem::WentBack)
    );
    // The right time again: certificates are made.
    membership(&mut kiosk, t0);
}

/// A membership certificate prepared now; its document id.
pub(crate) fn membership(kiosk: &mut Kiosk, t0: Instant) -> String {
    kiosk
        .prepare_document(
            &ServiceRequest::Membership,
            MAX_AGE,
            OffsetDateTime::now_utc(),
            t0,
        )
        .expect("prepared")
        .document_id
}

#[test]
fn too_old_data_prints_nothing() {
    let (mut kiosk, t0, _dir) = identified(Some(time::Duration::hours(80)));
    let now = OffsetDateTime::now_utc();
    assert_eq!(
        refusal(kiosk.prepare_document(&ServiceRequest::Membership, MAX_AGE, now, t0)),
        DocumentRefusal::DataTooOld
    );
}

#[test]
fn a_membership_certificate_is_signed_with_the_announced_kiosk_key() {
    let (mut kiosk, t0, _dir) = identified(Some(time::Duration::minutes(1)));
    let now = OffsetDateTime::now_utc();
    let prepared = kiosk
        .prepare_document(&ServiceRequest::Membership, MAX_AGE, now, t0)
        .expect("prepared");
    let signer = kiosk.document_signer().expect("the same key");
    let mut keys = DocumentKeys::new();
    keys.insert(signer.verifying_key());
    let pdf = kiosk.document_pdf(&prepared.document_id).expect("kept");
    match verify_pdf(pdf, &keys) {
        Verdict::Valid(claims) => {
            assert_eq!(claims.kvnr().as_str(), KVNR);
            assert_eq!(claims.document_id().to_string(), prepared.document_id);
        }
        other => panic!("{other:?}"),
    }
    // The key was announced once, before the first document.
    let kinds = kinds_in_outbox(&kiosk);
    assert_eq!(
        kinds
            .iter()
            .filter(|k| *k == "documentKey.registered")
            .count(),
        1
    );
    // The session's documents go with it.
    kiosk.end_session(t0).expect("ended");
    assert!(refusal(kiosk.document_pdf(&prepared.document_id)) == DocumentRefusal::UnknownDocument);
}

#[test]
fn a_university_report_is_queued_when_its_receipt_is_printed_and_the_receipt_names_the_request() {
    let (mut kiosk, t0, _dir) = identified(Some(time::Duration::minutes(1)));
    let now = OffsetDateTime::now_utc();
    assert!(matches!(
        refusal(kiosk.prepare_document(
            &ServiceRequest::UniversityReport {
                sender_number: "H12345".into()
            },
            MAX_AGE,
            now,
            t0
        )),
        DocumentRefusal::SenderNumber(_)
    ));
    assert!(!kinds_in_outbox(&kiosk).contains(&"universityReport.requested".to_string()));
    let prepared = kiosk
        .prepare_document(
            &ServiceRequest::UniversityReport {
                sender_number: " h0000719 ".into(),
            },
            MAX_AGE,
            now,
            t0,
        )
        .expect("receipt");
    let request_id = prepared.report_request_id.expect("request id");
    assert_eq!(request_id.simple().to_string(), prepared.document_id);
    let queued = |kiosk: &Kiosk| {
        kinds_in_outbox(kiosk)
            .iter()
            .filter(|k| *k == "universityReport.requested")
            .count()
    };
    // Looking at the preview requests nothing; printing the receipt is the confirmation.
    assert_eq!(queued(&kiosk), 0, "nothing is queued at the preview");
    let uri = "ipp://localhost:631/printers/Test";
    let ticket = kiosk
        .begin_print(&prepared.document_id, uri)
        .expect("ticket");
    assert!(ticket.report_queued);
    assert_eq!(queued(&kiosk), 1);
    let events = kiosk.store().pending_events(100).expect("outbox");
    let report = events
        .iter()
        .find(|e| e.kind == "universityReport.requested")
        .expect("queued");
    assert!(report.payload.contains("H0000719") && report.payload.contains(KVNR));
    assert!(
        report.payload.contains(&request_id.to_string()),
        "{}",
        report.payload
    );
    // A print that failed and is tried again asks for the report once only.
    let again = failed_and_tried_again(&mut kiosk, &ticket, &prepared.document_id, uri);
    assert!(!again.report_queued);
    assert_eq!(queued(&kiosk), 1);
    // The audit trail keeps the fact, not the insurance number.
    let audit = kiosk.store().audit_trail(100).expect("audit");
    let entry = audit
        .iter()
        .find(|a| a.kind == "universityReport.requested")
        .expect("audited");
    assert!(!entry.detail.contains(KVNR));
}

/// The printer was not reached: the print failed for certain, and the member tries again.
fn failed_and_tried_again(
    kiosk: &mut Kiosk,
    ticket: &crate::PrintTicket,
    document_id: &str,
    uri: &str,
) -> crate::PrintTicket {
    kiosk
        .print_finished(ticket.print_id, &PrintEnd::Failed(NotPrinted::Unreachable))
        .expect("failed");
    kiosk.begin_print(document_id, uri).expect("retry")
}

#[test]
fn travel_requests_are_checked_field_by_field() {
    let (mut kiosk, t0, _dir) = identified(Some(time::Duration::minutes(1)));
    let now = OffsetDateTime::now_utc();
    let today = kiosk_domain::berlin::date(now);
    let day = time::Duration::days(1);
    let mut check = |request: ServiceRequest| kiosk.prepare_document(&request, MAX_AGE, now, t0);
    assert!(matches!(
        refusal(check(travel("FR", today, today + 7 * day))),
        DocumentRefusal::NoFormForCountry
    ));
    assert!(matches!(
        refusal(check(travel("ZZ", today, today + 7 * day))),
        DocumentRefusal::Destination(_)
    ));
    assert!(matches!(
        refusal(check(ServiceRequest::Travel {
            country: "TR".into(),
            from: "31.12.2026".into(),
            until: today.to_string()
        })),
        DocumentRefusal::InvalidDate
    ));
    assert!(matches!(
        refusal(check(travel("TR", today - day, today + 7 * day))),
        DocumentRefusal::TravelDates(_)
    ));
    assert!(matches!(
        refusal(check(travel("TR", today + 7 * day, today))),
        DocumentRefusal::TravelDates(_)
    ));
    let prepared = check(travel("BA", today + day, today + 20 * day)).expect("form");
    assert_eq!(prepared.kind.as_str(), "travelBosnia");
}

#[test]
fn a_print_is_recorded_once_and_never_repeated_by_accident() {
    let (mut kiosk, t0, _dir) = identified(Some(time::Duration::minutes(1)));
    let now = OffsetDateTime::now_utc();
    let prepared = kiosk
        .prepare_document(&ServiceRequest::Membership, MAX_AGE, now, t0)
        .expect("prepared");
    let uri = "ipp://localhost:631/printers/Test";
    let ticket = kiosk
        .begin_print(&prepared.document_id, uri)
        .expect("ticket");
    assert!(ticket.pdf.starts_with(b"%PDF"));
    assert!(!ticket.title.contains("Weiß") && !ticket.title.contains(KVNR));
    assert!(matches!(
        kiosk.begin_print(&prepared.document_id, uri),
        Err(CoreError::Print(PrintRefusal::AlreadyPrinted { .. }))
    ));
    // Not sent at all: the member may try again.
    let again = failed_and_tried_again(&mut kiosk, &ticket, &prepared.document_id, uri);
    kiosk
        .print_submitted(again.print_id, 17)
        .expect("submitted");
    kiosk
        .print_finished(again.print_id, &PrintEnd::Completed)
        .expect("completed");
    assert!(kiosk.begin_print(&prepared.document_id, uri).is_err());

    let events = kiosk.store().pending_events(100).expect("outbox");
    let printed: Vec<&str> = events
        .iter()
        .filter(|e| e.kind == "document.printed")
        .map(|e| e.payload.as_str())
        .collect();
    assert_eq!(printed.len(), 2);
    assert!(printed[0].contains("\"outcome\":\"failed\"") && printed[0].contains("unreachable"));
    assert!(printed[1].contains("\"outcome\":\"completed\""));
    assert!(
        printed
            .iter()
            .all(|p| !p.contains(KVNR) && !p.contains("Weiß"))
    );
}

#[test]
fn a_print_interrupted_by_a_crash_is_in_doubt_and_reported_once() {
    let (mut kiosk, t0, dir) = identified(Some(time::Duration::minutes(1)));
    let now = OffsetDateTime::now_utc();
    let uri = "ipp://localhost:631/printers/Test";
    let first = kiosk
        .prepare_document(&ServiceRequest::Membership, MAX_AGE, now, t0)
        .expect("prepared");
    let second = kiosk
        .prepare_document(&ServiceRequest::StudentCertificate, MAX_AGE, now, t0)
        .expect("prepared");
    let interrupted = kiosk.begin_print(&first.document_id, uri).expect("ticket");
    let submitted = kiosk.begin_print(&second.document_id, uri).expect("ticket");
    kiosk
        .print_submitted(submitted.print_id, 42)
        .expect("submitted");
    drop(kiosk); // the crash

    let (mut restarted, _) = crate::tests::kiosk_in(dir.path());
    let resume = restarted.recover_prints().expect("recovered");
    assert_eq!(resume.len(), 1, "the submitted job is followed again");
    assert_eq!(resume[0].cups_job_id, Some(42));
    let doubts = restarted.store().prints_in_doubt().expect("doubts");
    assert_eq!(doubts.len(), 1);
    assert_eq!(doubts[0].print_id, interrupted.print_id);
    // A second start reports nothing new.
    restarted.recover_prints().expect("recovered");
    let in_doubt_events = restarted
        .store()
        .pending_events(100)
        .expect("outbox")
        .into_iter()
        .filter(|e| e.kind == "document.printed" && e.payload.contains("inDoubt"))
        .count();
    assert_eq!(in_doubt_events, 1);
}

#[test]
fn a_long_sync_interval_raises_the_offline_bar() {
    let minute = Duration::from_secs(60);
    assert_eq!(crate::offline_after(Duration::from_secs(30)), 15 * minute);
    assert_eq!(crate::offline_after(60 * minute), 121 * minute);
}

#[test]
fn every_service_goes_through_one_level_check() {
    let (kiosk, _t0, _dir) = identified(Some(time::Duration::minutes(1)));
    assert!(kiosk.authorize(Service::MembershipCertificate).is_ok());
    assert!(matches!(
        kiosk.authorize(Service::HealthPeriods),
        Err(CoreError::Session(SessionError::LevelTooLow {
            needs: TrustLevel::High,
            has: TrustLevel::Substantial,
            ..
        }))
    ));
    let (idle, _, _idle_dir) = crate::tests::kiosk();
    assert!(matches!(
        idle.authorize(Service::MembershipCertificate),
        Err(CoreError::Session(SessionError::NotIdentified))
    ));
}
