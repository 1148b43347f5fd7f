//! Certificates over IPC: what the identified member can get, the request, the preview and
//! the print's progress.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the member asks for. Dates are `YYYY-MM-DD`; a country is ISO 3166 alpha-2.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum DocumentRequest {
    /// Mitgliedsbescheinigung (§ 175 SGB V).
    Membership,
    /// For the member's own records, next to the electronic report to the university.
    StudentCertificate,
    /// Queues the electronic M10 report (§ 199a SGB V) and makes the receipt.
    UniversityReport { sender_number: String },
    /// Auslandskrankenschein for a country with a bilateral agreement.
    Travel {
        country: String,
        from: String,
        until: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DocumentKind {
    Membership,
    StudentCertificate,
    UniversityReceipt,
    TravelTurkey,
    TravelTunisia,
    TravelBosnia,
}

/// What applies for travel to a country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TravelAdvice {
    /// A bilateral agreement: the kiosk prints the form (`form` names it).
    Form,
    /// The European Health Insurance Card on the back of the card applies; nothing to print.
    Ehic,
    /// A bilateral agreement whose form the counter issues.
    AskStaff,
    /// No agreement: private travel insurance is needed.
    NoAgreement,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TravelCountry {
    /// ISO 3166 alpha-2; the UI names it through the catalogue (`country-TR`).
    pub code: String,
    pub advice: TravelAdvice,
    /// The form's code for `Form` countries, e.g. `T/A 11`.
    pub form: Option<String>,
}

/// Why certificates cannot be made from the data here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DataProblem {
    /// The kiosk has been offline longer than the configured maximum age of member data.
    TooOld,
    /// The kiosk holds no data for the member.
    Missing,
    /// The kiosk's clock cannot be trusted, so the data's age cannot be told.
    ClockUntrusted,
}

/// A printer problem in plain words (the UI has a text for each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PrinterProblem {
    Stopped,
    NotAccepting,
    MediaEmpty,
    MediaJam,
    DoorOpen,
    TonerEmpty,
    Offline,
    Unreachable,
    Other,
}

/// The certificates menu for the identified member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocumentsView {
    /// Set when no certificate can be made; the UI says why and what to do.
    pub data_problem: Option<DataProblem>,
    /// Up to when the member's data is known to be current (RFC 3339), when the kiosk is
    /// offline; certificates then state it.
    pub data_as_of: Option<String>,
    /// The configured maximum age of member data, for the explanation.
    pub max_age_hours: u32,
    /// Whether family members are covered (the travel form lists them).
    pub has_family: bool,
    /// The member is insured as a student (the university report is offered first).
    pub is_student: bool,
    pub travel_countries: Vec<TravelCountry>,
    /// A problem the printer reports now, if any (the member may still prepare documents).
    pub printer_problem: Option<PrinterProblem>,
}

/// A document ready to be printed: its preview, rendered from the same PDF. The pages show
/// the member's data: they are wiped from memory when the answer has been sent.
#[derive(Clone, PartialEq, Eq, Serialize, TS, zeroize::ZeroizeOnDrop)]
#[serde(rename_all = "camelCase")]
pub struct DocumentPreview {
    #[zeroize(skip)]
    pub document_id: String,
    #[zeroize(skip)]
    pub kind: DocumentKind,
    /// One PNG per page, base64.
    pub pages_png_base64: Vec<String>,
    /// For the university report: its request id, as the receipt prints it (its document
    /// number, eight groups of four hex digits).
    #[zeroize(skip)]
    pub report_request_id: Option<String>,
}

impl std::fmt::Debug for DocumentPreview {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocumentPreview")
            .field("document_id", &self.document_id)
            .field("kind", &self.kind)
            .field("pages", &self.pages_png_base64.len())
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PrintState {
    /// Being handed to the printer.
    Sending,
    /// The printer has it and is printing or about to.
    Printing,
    /// The printer has it but cannot go on (`problem` says why); it continues by itself
    /// once the problem is fixed.
    Waiting,
    Completed,
    /// Certainly not printed (`problem` says why); the member may try again.
    Failed,
    /// The kiosk cannot tell whether it printed: staff check; never repeated by itself.
    InDoubt,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrintView {
    pub document_id: String,
    pub state: PrintState,
    pub problem: Option<PrinterProblem>,
}

/// The printer as staff see it in the footer: a problem it reports, and prints that may or may
/// not have happened (`kioskctl print doubts`). No member data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrinterStatusView {
    pub problem: Option<PrinterProblem>,
    pub prints_in_doubt: u32,
}

impl From<kiosk_core::PrintTrouble> for PrinterProblem {
    fn from(trouble: kiosk_core::PrintTrouble) -> PrinterProblem {
        use kiosk_core::PrintTrouble as T;
        match trouble {
            T::Stopped => PrinterProblem::Stopped,
            T::NotAccepting => PrinterProblem::NotAccepting,
            T::MediaEmpty => PrinterProblem::MediaEmpty,
            T::MediaJam => PrinterProblem::MediaJam,
            T::DoorOpen => PrinterProblem::DoorOpen,
            T::TonerEmpty => PrinterProblem::TonerEmpty,
            T::Offline => PrinterProblem::Offline,
            T::Unreachable => PrinterProblem::Unreachable,
            T::Other => PrinterProblem::Other,
        }
    }
}

impl From<&kiosk_core::PrintStatus> for PrintView {
    fn from(status: &kiosk_core::PrintStatus) -> PrintView {
        use kiosk_core::PrintStage as S;
        PrintView {
            document_id: status.document_id.clone(),
            state: match status.stage {
                S::Sending => PrintState::Sending,
                S::Printing => PrintState::Printing,
                S::Waiting => PrintState::Waiting,
                S::Completed => PrintState::Completed,
                S::Failed => PrintState::Failed,
                S::InDoubt => PrintState::InDoubt,
            },
            problem: status.trouble.map(PrinterProblem::from),
        }
    }
}

impl From<kiosk_core::PrinterForStaff> for PrinterStatusView {
    fn from(printer: kiosk_core::PrinterForStaff) -> PrinterStatusView {
        PrinterStatusView {
            problem: printer.trouble.map(PrinterProblem::from),
            prints_in_doubt: printer.prints_in_doubt,
        }
    }
}
