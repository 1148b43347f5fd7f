//! The certificate commands: convert, call kiosk-core (and the printer through `print.rs`),
//! convert back.

use std::time::Instant;

use base64::Engine;
use kiosk_core::{CoreError, PrintStartError, ServiceRequest};
use kiosk_documents::{Advice, DocumentError, DocumentKind, OFFERED_COUNTRIES, TreatyCountry};
use tauri::State;
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

use crate::{
    ipc::{
        DataProblem, DocumentPreview, DocumentRequest, DocumentsView, ErrorCode, IpcError,
        PrintView, PrinterProblem, TravelAdvice, TravelCountry,
    },
    print::Desk,
    state::{CommandResult, KioskState},
};

/// Wide enough to read on a 1280×800 screen, small enough to send quickly.
const PREVIEW_WIDTH_PX: u32 = 900;

fn error(code: ErrorCode, message: impl Into<String>) -> IpcError {
    IpcError::new(code, message)
}

fn refusal(error: CoreError) -> IpcError {
    IpcError::from(error)
}

fn kind(kind: DocumentKind) -> crate::ipc::DocumentKind {
    use crate::ipc::DocumentKind as Ipc;
    match kind {
        DocumentKind::Membership => Ipc::Membership,
        DocumentKind::StudentCertificate => Ipc::StudentCertificate,
        DocumentKind::UniversityReceipt => Ipc::UniversityReceipt,
        DocumentKind::TravelCertificate(TreatyCountry::Turkey) => Ipc::TravelTurkey,
        DocumentKind::TravelCertificate(TreatyCountry::Tunisia) => Ipc::TravelTunisia,
        DocumentKind::TravelCertificate(TreatyCountry::BosniaHerzegovina) => Ipc::TravelBosnia,
    }
}

fn travel_countries() -> Vec<TravelCountry> {
    OFFERED_COUNTRIES
        .iter()
        .flat_map(|(_, codes)| codes.iter())
        .filter_map(|code| {
            let advice = kiosk_documents::TravelDestination::classify(code).ok()?;
            let (advice, form) = match advice {
                Advice::Form(country) => (TravelAdvice::Form, Some(country.form_code().into())),
                Advice::Ehic => (TravelAdvice::Ehic, None),
                Advice::AskStaff => (TravelAdvice::AskStaff, None),
                Advice::NoAgreement => (TravelAdvice::NoAgreement, None),
            };
            Some(TravelCountry {
                code: (*code).to_owned(),
                advice,
                form,
            })
        })
        .collect()
}

#[tauri::command]
pub(crate) async fn documents_view(
    state: State<'_, KioskState>,
    desk: State<'_, Desk>,
) -> CommandResult<DocumentsView> {
    let offer = state
        .lock()
        .documents_offer(state.snapshot_max_age, OffsetDateTime::now_utc())
        .map_err(refusal)?;
    Ok(DocumentsView {
        data_problem: offer.data_problem.map(|p| match p {
            kiosk_core::DataProblem::TooOld => DataProblem::TooOld,
            kiosk_core::DataProblem::Missing => DataProblem::Missing,
            kiosk_core::DataProblem::ClockUntrusted(_) => DataProblem::ClockUntrusted,
        }),
        data_as_of: offer.data_as_of.and_then(|t| t.format(&Rfc3339).ok()),
        max_age_hours: u32::try_from(state.snapshot_max_age.as_secs() / 3600).unwrap_or(u32::MAX),
        has_family: offer.has_family,
        is_student: offer.is_student,
        travel_countries: travel_countries(),
        printer_problem: desk.known_trouble().await.map(PrinterProblem::from),
    })
}

#[tauri::command]
pub(crate) async fn prepare_document(
    request: DocumentRequest,
    state: State<'_, KioskState>,
) -> CommandResult<DocumentPreview> {
    let request = match request {
        DocumentRequest::Membership => ServiceRequest::Membership,
        DocumentRequest::StudentCertificate => ServiceRequest::StudentCertificate,
        DocumentRequest::UniversityReport { sender_number } => {
            ServiceRequest::UniversityReport { sender_number }
        }
        DocumentRequest::Travel {
            country,
            from,
            until,
        } => ServiceRequest::Travel {
            country,
            from,
            until,
        },
    };
    let (prepared, pdf) = {
        let mut kiosk = state.lock();
        let prepared = kiosk
            .prepare_document(
                &request,
                state.snapshot_max_age,
                OffsetDateTime::now_utc(),
                Instant::now(),
            )
            .map_err(refusal)?;
        let pdf = zeroize::Zeroizing::new(
            kiosk
                .document_pdf(&prepared.document_id)
                .map_err(refusal)?
                .to_vec(),
        );
        (prepared, pdf)
    };
    // Rendered outside the lock: the session's ticker must not wait for it.
    let pages = tauri::async_runtime::spawn_blocking(move || preview_pages(&pdf))
        .await
        .map_err(|e| error(ErrorCode::Internal, e.to_string()))?
        .map_err(|e| {
            tracing::error!(error = %e, "the preview could not be rendered");
            error(ErrorCode::Internal, e.to_string())
        })?;
    Ok(DocumentPreview {
        document_id: prepared.document_id,
        kind: kind(prepared.kind),
        pages_png_base64: pages,
        // As the receipt prints it (its document number), so the member can quote either.
        report_request_id: prepared
            .report_request_id
            .map(|id| kiosk_documents::DocumentId::from_bytes(id.into_bytes()).grouped()),
    })
}

fn preview_pages(pdf: &[u8]) -> Result<Vec<String>, DocumentError> {
    Ok(kiosk_documents::preview_pngs(pdf, PREVIEW_WIDTH_PX)?
        .into_iter()
        .map(|png| base64::engine::general_purpose::STANDARD.encode(&*zeroize::Zeroizing::new(png)))
        .collect())
}

#[tauri::command]
pub(crate) fn discard_document(document_id: String, state: State<'_, KioskState>) {
    state.lock().discard_document(&document_id);
}

/// Writes the print down, sends it in the background and answers at once (`sending`); the
/// rest comes as `print-changed` (the rules: kiosk-core's print desk).
#[tauri::command]
pub(crate) async fn print_document(
    document_id: String,
    desk: State<'_, Desk>,
) -> CommandResult<PrintView> {
    match desk.print(&document_id).await {
        Ok(status) => Ok(PrintView::from(&status)),
        Err(PrintStartError::NotReady(why)) => {
            Err(error(ErrorCode::PrinterUnavailable, why.to_string()))
        }
        Err(PrintStartError::Refused(why)) => Err(refusal(why)),
    }
}

#[tauri::command]
pub(crate) fn print_view(document_id: String, desk: State<'_, Desk>) -> Option<PrintView> {
    desk.status_of(&document_id).as_ref().map(PrintView::from)
}
