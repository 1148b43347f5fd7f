//! Staff assist as the UI sees it: the signed-in staff member, a lookup's members, the ID
//! document staff enter, a member's call for help, and the panel's view of the kiosk.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{PrinterStatusView, SyncStatusView};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum StaffRoleView {
    Assist,
    BranchLead,
}

/// The signed-in staff member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StaffView {
    pub staff_id: String,
    pub role: StaffRoleView,
    /// Seconds until the staff session ends without input.
    pub ends_in_seconds: u32,
    /// The open member session was opened by this staff member's ID check, and they stay.
    pub with_member: bool,
}

impl From<kiosk_core::StaffView> for StaffView {
    fn from(view: kiosk_core::StaffView) -> Self {
        StaffView {
            staff_id: view.staff_id,
            role: match view.role {
                kiosk_domain::staff::StaffRole::Assist => StaffRoleView::Assist,
                kiosk_domain::staff::StaffRole::BranchLead => StaffRoleView::BranchLead,
            },
            ends_in_seconds: view.ends_in,
            with_member: view.with_member,
        }
    }
}

/// Whom staff look for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "by", rename_all = "camelCase")]
pub enum MemberQueryInput {
    Kvnr {
        kvnr: String,
    },
    #[serde(rename_all = "camelCase")]
    NameAndBirthDate {
        last_name: String,
        first_name: String,
        /// As typed: TTMMJJJJ.
        birth_date: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberFoundView {
    pub kvnr: String,
    pub name: String,
    /// TT.MM.JJJJ
    pub birth_date: String,
    pub locked_letters: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberLookupView {
    pub members: Vec<MemberFoundView>,
    /// From this kiosk's data: the central system did not answer.
    pub offline: bool,
}

impl From<kiosk_core::MemberLookup> for MemberLookupView {
    fn from(lookup: kiosk_core::MemberLookup) -> Self {
        MemberLookupView {
            members: lookup
                .members
                .into_iter()
                .map(|m| MemberFoundView {
                    name: format!("{} {}", m.first_name, m.last_name),
                    birth_date: german_date(&m.birth_date),
                    kvnr: m.kvnr,
                    locked_letters: u32::try_from(m.locked_letters).unwrap_or(u32::MAX),
                })
                .collect(),
            offline: lookup.offline,
        }
    }
}

/// YYYY-MM-DD as TT.MM.JJJJ.
fn german_date(iso: &str) -> String {
    match (iso.get(0..4), iso.get(5..7), iso.get(8..10)) {
        (Some(y), Some(m), Some(d)) => format!("{d}.{m}.{y}"),
        _ => iso.to_owned(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum IdDocumentKindInput {
    Personalausweis,
    Reisepass,
    Aufenthaltstitel,
    EuNationalId,
}

impl From<IdDocumentKindInput> for kiosk_domain::staff::IdDocumentKind {
    fn from(kind: IdDocumentKindInput) -> Self {
        use kiosk_domain::staff::IdDocumentKind as K;
        match kind {
            IdDocumentKindInput::Personalausweis => K::Personalausweis,
            IdDocumentKindInput::Reisepass => K::Reisepass,
            IdDocumentKindInput::Aufenthaltstitel => K::Aufenthaltstitel,
            IdDocumentKindInput::EuNationalId => K::EuNationalId,
        }
    }
}

/// What staff entered from the ID document.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IdCheckInput {
    pub kvnr: String,
    pub kind: IdDocumentKindInput,
    /// As typed: TTMMJJJJ.
    pub expires_on: String,
    /// The last 4 characters of the document number.
    pub number_end: String,
    /// For an EU national ID: the issuing country (ISO alpha-2).
    pub country: Option<String>,
    /// The staff member stays with the member (else the kiosk is handed over).
    pub stays: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum HelpReasonView {
    LetterLocked,
    PrinterProblem,
    DataTooOld,
    Other,
}

impl From<HelpReasonView> for kiosk_core::HelpReason {
    fn from(reason: HelpReasonView) -> Self {
        match reason {
            HelpReasonView::LetterLocked => kiosk_core::HelpReason::LetterLocked,
            HelpReasonView::PrinterProblem => kiosk_core::HelpReason::PrinterProblem,
            HelpReasonView::DataTooOld => kiosk_core::HelpReason::DataTooOld,
            HelpReasonView::Other => kiosk_core::HelpReason::Other,
        }
    }
}

impl From<kiosk_core::HelpReason> for HelpReasonView {
    fn from(reason: kiosk_core::HelpReason) -> Self {
        match reason {
            kiosk_core::HelpReason::LetterLocked => HelpReasonView::LetterLocked,
            kiosk_core::HelpReason::PrinterProblem => HelpReasonView::PrinterProblem,
            kiosk_core::HelpReason::DataTooOld => HelpReasonView::DataTooOld,
            kiosk_core::HelpReason::Other => HelpReasonView::Other,
        }
    }
}

/// What every screen needs to know of staff matters: out of service, a member waiting, staff
/// signed in. Nothing about any member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KioskNoticeView {
    pub out_of_service: bool,
    pub help_call: Option<HelpReasonView>,
    pub staff: Option<StaffView>,
}

impl KioskNoticeView {
    /// The kiosk's staff matters now.
    pub(crate) fn of(
        kiosk: &kiosk_core::Kiosk,
        now: std::time::Instant,
    ) -> Result<Self, kiosk_core::CoreError> {
        Ok(KioskNoticeView {
            out_of_service: kiosk.is_out_of_service()?,
            help_call: kiosk.help_call(now).map(|call| call.reason.into()),
            staff: kiosk.staff_view(now).map(Into::into),
        })
    }
}

/// A print in doubt, as staff check the tray for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrintDoubtView {
    pub print_id: u32,
    pub document_kind: String,
    pub created_at: String,
    pub cups_job_id: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CameraHealthView {
    /// The camera runs only while a letter identification waits.
    pub running: bool,
    pub frames_per_second: Option<f32>,
    /// Seconds since a code was last read, since the app started.
    pub last_read_seconds_ago: Option<u32>,
}

/// The staff panel: the kiosk's health and what needs staff.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StaffPanelView {
    pub sync: SyncStatusView,
    /// When the kiosk's certificate ends (RFC 3339); none when not enrolled.
    pub certificate_valid_until: Option<String>,
    pub printer: PrinterStatusView,
    pub printer_uri: String,
    pub prints_in_doubt: Vec<PrintDoubtView>,
    pub camera: CameraHealthView,
    pub free_disk_mib: Option<u32>,
    pub app_version: String,
    pub config_file: String,
    pub staff_accounts: u32,
    pub out_of_service: bool,
    pub help_call: Option<HelpReasonView>,
    pub member_session_open: bool,
}
