//! Prints in doubt, resolved after someone checked the printer's tray: staff at the panel
//! (`Kiosk::staff_resolve_print`) or IT with `kioskctl print resolve`, both through
//! [`resolve_print_doubt`]. The central system learns the resolution as it learned the doubt
//! (`document.printed`); the audit record names who resolved it.

use kiosk_protocol::{DocumentPrinted, EventPayload, PrintOutcome};
use kiosk_store::{NewAuditRecord, NewOutboxEvent, PrintState, Store, StoreError};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum DoubtError {
    #[error("print {0} is not in this kiosk's print journal")]
    Unknown(i64),
    #[error("print {0} is {1}, not in doubt: nothing to resolve")]
    NotInDoubt(i64, PrintState),
    #[error("print {0}: its report for the central system is damaged")]
    DamagedReport(i64),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Who checked the tray, as the audit record names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolver<'a> {
    Staff(&'a kiosk_domain::staff::StaffId),
    /// IT at the kiosk's command line.
    Operator,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Resolved<'a> {
    print_id: i64,
    printed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    staff_id: Option<&'a str>,
    by: &'static str,
}

/// Records what was found in the tray for a print in doubt: printed (never printed again) or
/// not (may be printed again).
pub fn resolve_print_doubt(
    store: &mut Store,
    print_id: i64,
    printed: bool,
    resolver: Resolver<'_>,
) -> Result<(), DoubtError> {
    match store.print(print_id)? {
        None => return Err(DoubtError::Unknown(print_id)),
        Some(print) if print.state != PrintState::InDoubt => {
            return Err(DoubtError::NotInDoubt(print_id, print.state));
        }
        Some(_) => {}
    }
    let (staff_id, by) = match resolver {
        Resolver::Staff(id) => (Some(id.as_str()), "staff"),
        Resolver::Operator => (None, "operator"),
    };
    let detail = serde_json::to_string(&Resolved {
        print_id,
        printed,
        staff_id,
        by,
    })
    .map_err(StoreError::from)?;
    let report = match store.print_record(print_id)? {
        Some(record) => {
            let mut event: DocumentPrinted =
                serde_json::from_str(&record).map_err(|_| DoubtError::DamagedReport(print_id))?;
            event.outcome = if printed {
                PrintOutcome::ResolvedPrinted
            } else {
                PrintOutcome::ResolvedNotPrinted
            };
            event.problem = None;
            let payload = EventPayload::DocumentPrinted(event);
            Some(NewOutboxEvent::new(payload.kind(), &payload).map_err(StoreError::from)?)
        }
        None => None,
    };
    store.transaction(|tx| -> Result<(), StoreError> {
        tx.resolve_print(print_id, printed)?;
        tx.audit(&NewAuditRecord {
            kind: "print.resolved",
            session_id: None,
            detail,
        })?;
        if let Some(report) = &report {
            tx.enqueue(report)?;
        }
        Ok(())
    })?;
    tracing::info!(print_id, printed, by, "print in doubt resolved");
    Ok(())
}
