//! The print journal: one row per attempt to print a document, written in the caller's
//! transaction (with its audit record and outbox row).
//!
//! ```text
//! begin_print ─▶ submitting ─ print_submitted ─▶ submitted ─ finish_print ─▶ completed | failed
//!                    │ finish_print(Failed): not sent or refused        │
//!                    ├──────────────────────────────────────────▶ failed │
//!                    │ print_in_doubt: the answer was lost              │ print_in_doubt
//!                    ├──────────────────────▶ in_doubt ◀────────────────┘
//!                    │ print_in_doubt at start-up: the kiosk stopped first
//!                    └──────────────────────▶ in_doubt ─ resolve_print (staff) ─▶ resolved_printed
//!                                                                              | resolved_not_printed
//! ```
//!
//! A document is printed again only after `failed` or `resolved_not_printed`: never while a
//! print of it is on its way, done (completed or resolved as printed), or in doubt. No personal data here: the document id and
//! the session id are random, the kind is a word, a problem a printer reason.

use std::fmt;

use rusqlite::{OptionalExtension, Row, params};

use crate::{Store, StoreError, StoreTx, store::now};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrintState {
    /// Written before the job is sent; a crash leaves it here (start-up puts it in doubt).
    Submitting,
    /// The print server took the job (its id in `cups_job_id`); being followed.
    Submitted,
    Completed,
    /// Certainly not printed (not sent, refused, canceled or aborted): may be printed again.
    Failed,
    /// May or may not have printed: staff check the tray and resolve it.
    InDoubt,
    ResolvedPrinted,
    ResolvedNotPrinted,
}

impl PrintState {
    pub fn as_str(self) -> &'static str {
        match self {
            PrintState::Submitting => "submitting",
            PrintState::Submitted => "submitted",
            PrintState::Completed => "completed",
            PrintState::Failed => "failed",
            PrintState::InDoubt => "in_doubt",
            PrintState::ResolvedPrinted => "resolved_printed",
            PrintState::ResolvedNotPrinted => "resolved_not_printed",
        }
    }

    fn parse(text: &str) -> Option<PrintState> {
        [
            PrintState::Submitting,
            PrintState::Submitted,
            PrintState::Completed,
            PrintState::Failed,
            PrintState::InDoubt,
            PrintState::ResolvedPrinted,
            PrintState::ResolvedNotPrinted,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }

    /// Whether a new print of the same document may start after one in this state.
    pub fn allows_reprint(self) -> bool {
        matches!(self, PrintState::Failed | PrintState::ResolvedNotPrinted)
    }
}

impl fmt::Display for PrintState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a followed job ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintOutcome {
    Completed,
    Failed,
}

/// A print about to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPrint {
    /// The document's random id.
    pub document_id: String,
    /// e.g. `membership-certificate`.
    pub document_kind: String,
    pub session_id: Option<String>,
    pub printer_uri: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintRow {
    pub print_id: i64,
    pub document_id: String,
    pub document_kind: String,
    pub session_id: Option<String>,
    pub printer_uri: String,
    pub state: PrintState,
    pub cups_job_id: Option<i64>,
    /// What went wrong or what the doubt is about: kiosk-core's code for it (`aborted`,
    /// `jobLost`, `interrupted`, …); the store keeps it as given.
    pub problem: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub updated_at: String,
}

const COLUMNS: &str = "print_id, document_id, document_kind, session_id, printer_uri, state, \
                       cups_job_id, problem, created_at, updated_at";

fn row(row: &Row<'_>) -> rusqlite::Result<PrintRow> {
    let state: String = row.get(5)?;
    Ok(PrintRow {
        print_id: row.get(0)?,
        document_id: row.get(1)?,
        document_kind: row.get(2)?,
        session_id: row.get(3)?,
        printer_uri: row.get(4)?,
        state: PrintState::parse(&state).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                5,
                rusqlite::types::Type::Text,
                format!("unknown print state {state:?}").into(),
            )
        })?,
        cups_job_id: row.get(6)?,
        problem: row.get(7)?,
        created_at: row.get(8)?,
        updated_at: row.get(9)?,
    })
}

fn select(
    conn: &rusqlite::Connection,
    filter: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<PrintRow>, StoreError> {
    let mut statement = conn.prepare(&format!("SELECT {COLUMNS} FROM print_jobs {filter}"))?;
    let rows = statement.query_map(params, row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn one(conn: &rusqlite::Connection, print_id: i64) -> Result<Option<PrintRow>, StoreError> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM print_jobs WHERE print_id = ?1"),
            [print_id],
            row,
        )
        .optional()?)
}

impl Store {
    pub fn print(&self, print_id: i64) -> Result<Option<PrintRow>, StoreError> {
        one(&self.conn, print_id)
    }

    /// Prints staff must check, oldest first.
    pub fn prints_in_doubt(&self) -> Result<Vec<PrintRow>, StoreError> {
        self.prints_in(PrintState::InDoubt)
    }

    /// The prints in one state, oldest first. At start-up, `submitting` ones were interrupted
    /// between sending and the print server's confirmation (they go in doubt: kiosk-core
    /// recovers them); `submitted` ones have a job to follow again.
    pub fn prints_in(&self, state: PrintState) -> Result<Vec<PrintRow>, StoreError> {
        select(
            &self.conn,
            "WHERE state = ?1 ORDER BY print_id",
            [state.as_str()],
        )
    }

    /// The prints of a document, oldest first.
    pub fn prints_of(&self, document_id: &str) -> Result<Vec<PrintRow>, StoreError> {
        select(
            &self.conn,
            "WHERE document_id = ?1 ORDER BY print_id",
            [document_id],
        )
    }
}

impl StoreTx<'_> {
    fn print_row(&self, print_id: i64) -> Result<PrintRow, StoreError> {
        one(self.tx, print_id)?.ok_or(StoreError::UnknownPrint(print_id))
    }

    /// Moves a print from one of `from` to `to`, or refuses.
    fn transition(
        &self,
        print_id: i64,
        from: &[PrintState],
        to: PrintState,
        cups_job_id: Option<i64>,
        problem: Option<&str>,
    ) -> Result<(), StoreError> {
        let current = self.print_row(print_id)?;
        if !from.contains(&current.state) {
            return Err(StoreError::PrintTransition {
                print_id,
                from: current.state,
                to,
            });
        }
        self.tx.execute(
            "UPDATE print_jobs SET state = ?2, cups_job_id = COALESCE(?3, cups_job_id),
                 problem = COALESCE(?4, problem), updated_at = ?5
             WHERE print_id = ?1",
            params![print_id, to.as_str(), cups_job_id, problem, now()],
        )?;
        Ok(())
    }

    /// Records a print about to be sent (`submitting`) and returns its id. Refused with
    /// [`StoreError::PrintExists`] when the document has a print that is submitting,
    /// submitted, completed, in doubt or resolved as printed: only after `failed` or
    /// `resolved_not_printed` may it be printed again.
    pub fn begin_print(&self, print: &NewPrint) -> Result<i64, StoreError> {
        let earlier = select(
            self.tx,
            "WHERE document_id = ?1 ORDER BY print_id DESC",
            [&print.document_id],
        )?;
        if let Some(blocking) = earlier.iter().find(|row| !row.state.allows_reprint()) {
            return Err(StoreError::PrintExists {
                print_id: blocking.print_id,
                state: blocking.state,
            });
        }
        let at = now();
        self.tx.execute(
            "INSERT INTO print_jobs (document_id, document_kind, session_id, printer_uri, state,
                                     created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, 'submitting', ?5, ?5)",
            params![
                print.document_id,
                print.document_kind,
                print.session_id,
                print.printer_uri,
                at
            ],
        )?;
        Ok(self.tx.last_insert_rowid())
    }

    /// The print server took the job under `cups_job_id`.
    pub fn print_submitted(&self, print_id: i64, cups_job_id: i64) -> Result<(), StoreError> {
        self.transition(
            print_id,
            &[PrintState::Submitting],
            PrintState::Submitted,
            Some(cups_job_id),
            None,
        )
    }

    /// The print ended: `Completed` (from submitted) or `Failed` (not sent, refused, canceled,
    /// aborted; from submitting or submitted), with what went wrong.
    pub fn finish_print(
        &self,
        print_id: i64,
        outcome: PrintOutcome,
        problem: Option<&str>,
    ) -> Result<(), StoreError> {
        match outcome {
            PrintOutcome::Completed => self.transition(
                print_id,
                &[PrintState::Submitted],
                PrintState::Completed,
                None,
                problem,
            ),
            PrintOutcome::Failed => self.transition(
                print_id,
                &[PrintState::Submitting, PrintState::Submitted],
                PrintState::Failed,
                None,
                problem,
            ),
        }
    }

    /// It cannot be known whether the print happened (the print server's answer to the submit
    /// was lost, or a submitted job vanished): staff must check.
    pub fn print_in_doubt(&self, print_id: i64, problem: &str) -> Result<(), StoreError> {
        self.transition(
            print_id,
            &[PrintState::Submitting, PrintState::Submitted],
            PrintState::InDoubt,
            None,
            Some(problem),
        )
    }

    /// Staff checked the printer: the print in doubt did (`printed`) or did not happen.
    pub fn resolve_print(&self, print_id: i64, printed: bool) -> Result<(), StoreError> {
        let to = if printed {
            PrintState::ResolvedPrinted
        } else {
            PrintState::ResolvedNotPrinted
        };
        self.transition(print_id, &[PrintState::InDoubt], to, None, None)
    }
}
