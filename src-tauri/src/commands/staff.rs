//! The staff commands: sign-in and out, the lookup and ID check, letter unlocks, a member's
//! call for help, the panel and its interventions. kiosk-core's staff desk does each; every
//! intervention is audited there under the staff number.

use std::time::Instant;

use kiosk_domain::BirthDate;
use tauri::{AppHandle, Emitter, Manager, State};

use crate::{
    ipc::{
        self, CameraHealthView, ErrorCode, HelpReasonView, IdCheckInput, IpcError, KioskNoticeView,
        MemberLookupView, MemberQueryInput, PrintDoubtView, SessionView, StaffPanelView, StaffView,
        SyncStatusView,
    },
    print::Desk,
    scan::ScanState,
    session_end::SessionEnd,
    staff::{Staff, free_mib},
    state::{CommandResult, KioskState},
    sync::SyncState,
};

fn notice(state: &KioskState) -> CommandResult<KioskNoticeView> {
    Ok(KioskNoticeView::of(&state.lock(), Instant::now())?)
}

/// Tells every screen that staff matters changed (sign-in, call, service state).
fn announce(app: &AppHandle, state: &KioskState) {
    if let Ok(view) = notice(state) {
        let _ = app.emit(ipc::KIOSK_NOTICE_CHANGED, view);
    }
}

/// What every screen shows of staff matters (nothing about any member).
#[tauri::command]
pub(super) fn kiosk_notice(state: State<'_, KioskState>) -> CommandResult<KioskNoticeView> {
    notice(&state)
}

#[tauri::command]
pub(super) fn staff_sign_in(
    staff_id: String,
    pin: String,
    app: AppHandle,
    state: State<'_, KioskState>,
    sync: State<'_, SyncState>,
) -> CommandResult<StaffView> {
    let result = state.with(|kiosk, now| {
        kiosk.staff_sign_in(&staff_id, &pin, time::OffsetDateTime::now_utc(), now)
    });
    // A lock is an event for the central system.
    if matches!(&result, Err(e) if e.code == ErrorCode::StaffLockedNow) {
        sync.wake();
    }
    let view = result?;
    announce(&app, &state);
    Ok(view.into())
}

#[tauri::command]
pub(super) fn staff_sign_out(app: AppHandle, state: State<'_, KioskState>) -> CommandResult<()> {
    state.with(|kiosk, _| kiosk.staff_sign_out())?;
    announce(&app, &state);
    Ok(())
}

/// Input from the signed-in staff member.
#[tauri::command]
pub(super) fn staff_activity(state: State<'_, KioskState>) {
    state.lock().staff_activity(Instant::now());
}

#[tauri::command]
pub(super) async fn staff_lookup(
    query: MemberQueryInput,
    state: State<'_, KioskState>,
    desk: State<'_, Staff>,
) -> CommandResult<MemberLookupView> {
    let query = match query {
        MemberQueryInput::Kvnr { kvnr } => kiosk_core::LookupQuery::Kvnr(kvnr),
        MemberQueryInput::NameAndBirthDate {
            last_name,
            first_name,
            birth_date,
        } => {
            let year =
                u16::try_from(kiosk_domain::berlin::date(time::OffsetDateTime::now_utc()).year())
                    .unwrap_or(u16::MAX);
            let date = BirthDate::from_keypad(&birth_date, year)
                .map_err(|e| IpcError::new(ErrorCode::InvalidBirthDate, e.to_string()))?;
            kiosk_core::LookupQuery::NameAndBirthDate {
                last_name,
                first_name,
                birth_date: date.iso(),
            }
        }
    };
    state.lock().staff_activity(Instant::now());
    Ok(desk.lookup(&query, state.snapshot_max_age).await?.into())
}

/// Staff confirm the ID check: a member session opens at level high.
#[tauri::command]
pub(super) fn staff_confirm_id_check(
    check: IdCheckInput,
    app: AppHandle,
    state: State<'_, KioskState>,
    sync: State<'_, SyncState>,
) -> CommandResult<SessionView> {
    let expires_on = keypad_date(&check.expires_on)?;
    let snapshot = state.with(|kiosk, now| {
        kiosk.staff_confirm_id_check(
            &check.kvnr,
            check.kind.into(),
            expires_on,
            &check.number_end,
            check.country.as_deref(),
            check.stays,
            time::OffsetDateTime::now_utc(),
            now,
        )
    })?;
    sync.wake();
    let view = SessionView::from(snapshot);
    let _ = app.emit(ipc::SESSION_CHANGED, view);
    announce(&app, &state);
    Ok(view)
}

/// A date typed as TTMMJJJJ (any year: an expiry lies ahead).
fn keypad_date(digits: &str) -> Result<time::Date, IpcError> {
    let invalid = || IpcError::new(ErrorCode::InvalidDate, "a date has 8 digits: TTMMJJJJ");
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let number =
        |range: std::ops::Range<usize>| digits[range].parse::<u16>().map_err(|_| invalid());
    let month = time::Month::try_from(u8::try_from(number(2..4)?).map_err(|_| invalid())?)
        .map_err(|_| invalid())?;
    time::Date::from_calendar_date(
        i32::from(number(4..8)?),
        month,
        u8::try_from(number(0..2)?).map_err(|_| invalid())?,
    )
    .map_err(|_| invalid())
}

#[tauri::command]
pub(super) fn staff_unlock_letters(
    state: State<'_, KioskState>,
    sync: State<'_, SyncState>,
) -> CommandResult<u32> {
    let count = state.with(|kiosk, _| kiosk.staff_unlock_letters())?;
    sync.wake();
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

/// "Mitarbeiter rufen", from any member screen.
#[tauri::command]
pub(super) fn call_staff(
    reason: HelpReasonView,
    app: AppHandle,
    state: State<'_, KioskState>,
) -> CommandResult<()> {
    state.with(|kiosk, now| kiosk.call_staff(reason.into(), now))?;
    announce(&app, &state);
    Ok(())
}

#[tauri::command]
pub(super) fn staff_answer_call(app: AppHandle, state: State<'_, KioskState>) -> CommandResult<()> {
    state.with(|kiosk, _| kiosk.answer_help_call())?;
    announce(&app, &state);
    Ok(())
}

#[tauri::command]
pub(super) fn staff_set_out_of_service(
    out_of_service: bool,
    app: AppHandle,
    state: State<'_, KioskState>,
) -> CommandResult<()> {
    state.with(|kiosk, _| kiosk.staff_set_out_of_service(out_of_service))?;
    announce(&app, &state);
    Ok(())
}

/// Staff end the member session on screen; it is wiped as any end (the window reloads and
/// the panel opens again for the signed-in staff member).
#[tauri::command]
pub(super) fn staff_end_member_session(
    state: State<'_, KioskState>,
    end: State<'_, SessionEnd>,
) -> CommandResult<()> {
    let ended = state.with(|kiosk, now| kiosk.staff_end_member_session(now))?;
    end.after(&ended);
    Ok(())
}

#[tauri::command]
pub(super) fn staff_resolve_print(
    print_id: u32,
    printed: bool,
    state: State<'_, KioskState>,
    sync: State<'_, SyncState>,
) -> CommandResult<()> {
    state.with(|kiosk, _| kiosk.staff_resolve_print(i64::from(print_id), printed))?;
    sync.wake();
    Ok(())
}

#[tauri::command]
pub(super) fn staff_sync_now(
    state: State<'_, KioskState>,
    sync: State<'_, SyncState>,
) -> CommandResult<()> {
    state.with(|kiosk, _| kiosk.staff_intervention("staff.syncNow", None))?;
    sync.wake();
    Ok(())
}

/// The panel: the kiosk's health and what needs staff. Only for signed-in staff.
#[tauri::command]
pub(super) async fn staff_panel(app: AppHandle) -> CommandResult<StaffPanelView> {
    let state = app.state::<KioskState>();
    let (doubts, accounts) = {
        let kiosk = state.lock();
        if kiosk.staff_view(Instant::now()).is_none() {
            return Err(IpcError::new(
                ErrorCode::StaffNotSignedIn,
                "no staff member is signed in",
            ));
        }
        let doubts = kiosk
            .store()
            .prints_in_doubt()
            .map_err(|e| IpcError::from(kiosk_core::CoreError::from(e)))?;
        let accounts = kiosk
            .store()
            .staff_account_count()
            .map_err(|e| IpcError::from(kiosk_core::CoreError::from(e)))?;
        (doubts, accounts)
    };
    let notice = notice(&state)?;
    let sync = app.state::<SyncState>();
    let sync_view = match sync.handle() {
        Some(handle) => SyncStatusView::enrolled(handle.status()),
        None => {
            let status = kiosk_sync::read_status(state.lock().store(), false, "")
                .map_err(|e| IpcError::from(kiosk_core::CoreError::from(e)))?;
            SyncStatusView::not_enrolled(status)
        }
    };
    let certificate_valid_until =
        kiosk_sync::Credential::load(&kiosk_sync::CredentialPaths::in_data_dir(&state.data_dir))
            .ok()
            .and_then(|c| {
                c.not_after()
                    .format(&time::format_description::well_known::Rfc3339)
                    .ok()
            });
    let desk = app.state::<Desk>().inner().clone();
    let printer = desk.check_for_staff().await.into();
    let camera: CameraHealthView = app.state::<ScanState>().health();
    Ok(StaffPanelView {
        sync: sync_view,
        certificate_valid_until,
        printer,
        printer_uri: state.printer_uri.clone(),
        prints_in_doubt: doubts
            .into_iter()
            .map(|p| PrintDoubtView {
                print_id: u32::try_from(p.print_id).unwrap_or(u32::MAX),
                document_kind: p.document_kind,
                created_at: p.created_at,
                cups_job_id: p.cups_job_id.and_then(|id| i32::try_from(id).ok()),
            })
            .collect(),
        camera,
        free_disk_mib: free_mib(&state.data_dir).map(|m| u32::try_from(m).unwrap_or(u32::MAX)),
        app_version: state.info.app_version.clone(),
        config_file: state.config_file.display().to_string(),
        staff_accounts: u32::try_from(accounts).unwrap_or(u32::MAX),
        out_of_service: notice.out_of_service,
        help_call: notice.help_call,
        member_session_open: state.lock().snapshot(Instant::now()).phase
            != kiosk_domain::SessionPhase::Idle,
    })
}
