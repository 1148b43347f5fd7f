//! Renders `ui/src/bindings.ts` from the IPC types and the command table. The file is
//! committed; a test fails when it is stale (`UPDATE_BINDINGS=1` rewrites it).

use ts_rs::{Config, TS};

use super::{
    ApprovalProgressView, ApprovalView, CodeOutcomeView, DeviceView, RegistrationProgressView,
    RegistrationView,
};
use super::{
    CameraHealthView, HelpReasonView, IdCheckInput, IdDocumentKindInput, KioskNoticeView,
    MemberFoundView, MemberLookupView, MemberQueryInput, PrintDoubtView, StaffPanelView,
    StaffRoleView, StaffView,
};
use super::{
    CameraPreview, ClockProblemView, DataProblem, DocumentKind, DocumentPreview, DocumentRequest,
    DocumentsView, EndReason, ErrorCode, IdentificationMethod, IdleWarning, IpcError, KioskInfo,
    Language, LetterRefusal, LetterRefusedView, PrintState, PrintView, PrinterProblem,
    PrinterStatusView, ScanGuidance, ScanGuidanceView, SessionEnded, SessionPhase, SessionView,
    SyncStatusView, TravelAdvice, TravelCountry, TrustLevel,
};

/// A command as the UI calls it: its name, parameters and result in TypeScript.
pub(crate) struct CommandSignature {
    pub name: &'static str,
    /// The function's name in `commands` (camelCase).
    pub function: &'static str,
    pub params: &'static [(&'static str, &'static str)],
    pub returns: &'static str,
}

// `COMMANDS`: build.rs reads them from the `#[tauri::command]` fns in src/commands and the
// handler's list, in its order.
include!(concat!(env!("OUT_DIR"), "/commands.rs"));

fn declare<T: TS>(cfg: &Config, out: &mut String) {
    if let Some(docs) = T::docs() {
        out.push_str(&docs);
    }
    out.push_str("export ");
    out.push_str(&T::decl(cfg));
    out.push('\n');
}

pub fn render_bindings() -> String {
    let cfg = Config::new();
    let mut out = String::from(
        "// Generated from the Rust IPC types (src-tauri/src/ipc). Do not edit by hand: run\n\
         // `UPDATE_BINDINGS=1 cargo test -p kiosk-app bindings` after changing them.\n\
         import { invoke } from \"@tauri-apps/api/core\";\n\n",
    );
    declare::<Language>(&cfg, &mut out);
    declare::<SessionPhase>(&cfg, &mut out);
    declare::<IdentificationMethod>(&cfg, &mut out);
    declare::<TrustLevel>(&cfg, &mut out);
    declare::<EndReason>(&cfg, &mut out);
    declare::<IdleWarning>(&cfg, &mut out);
    declare::<SessionView>(&cfg, &mut out);
    declare::<SessionEnded>(&cfg, &mut out);
    declare::<KioskInfo>(&cfg, &mut out);
    declare::<ClockProblemView>(&cfg, &mut out);
    declare::<SyncStatusView>(&cfg, &mut out);
    declare::<LetterRefusal>(&cfg, &mut out);
    declare::<LetterRefusedView>(&cfg, &mut out);
    declare::<ScanGuidance>(&cfg, &mut out);
    declare::<ScanGuidanceView>(&cfg, &mut out);
    declare::<CameraPreview>(&cfg, &mut out);
    declare::<DocumentRequest>(&cfg, &mut out);
    declare::<DocumentKind>(&cfg, &mut out);
    declare::<TravelAdvice>(&cfg, &mut out);
    declare::<TravelCountry>(&cfg, &mut out);
    declare::<DataProblem>(&cfg, &mut out);
    declare::<PrinterProblem>(&cfg, &mut out);
    declare::<DocumentsView>(&cfg, &mut out);
    declare::<DocumentPreview>(&cfg, &mut out);
    declare::<PrintState>(&cfg, &mut out);
    declare::<PrintView>(&cfg, &mut out);
    declare::<PrinterStatusView>(&cfg, &mut out);
    declare::<RegistrationView>(&cfg, &mut out);
    declare::<RegistrationProgressView>(&cfg, &mut out);
    declare::<CodeOutcomeView>(&cfg, &mut out);
    declare::<ApprovalView>(&cfg, &mut out);
    declare::<ApprovalProgressView>(&cfg, &mut out);
    declare::<DeviceView>(&cfg, &mut out);
    declare::<StaffRoleView>(&cfg, &mut out);
    declare::<StaffView>(&cfg, &mut out);
    declare::<MemberQueryInput>(&cfg, &mut out);
    declare::<MemberFoundView>(&cfg, &mut out);
    declare::<MemberLookupView>(&cfg, &mut out);
    declare::<IdDocumentKindInput>(&cfg, &mut out);
    declare::<IdCheckInput>(&cfg, &mut out);
    declare::<HelpReasonView>(&cfg, &mut out);
    declare::<KioskNoticeView>(&cfg, &mut out);
    declare::<PrintDoubtView>(&cfg, &mut out);
    declare::<CameraHealthView>(&cfg, &mut out);
    declare::<StaffPanelView>(&cfg, &mut out);
    declare::<ErrorCode>(&cfg, &mut out);
    declare::<IpcError>(&cfg, &mut out);

    out.push_str("\n/** Every command rejects with an IpcError. */\nexport const commands = {\n");
    for command in COMMANDS {
        let params: Vec<String> = command
            .params
            .iter()
            .map(|(name, ty)| format!("{name}: {ty}"))
            .collect();
        let args = if command.params.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = command.params.iter().map(|(name, _)| *name).collect();
            format!(", {{ {} }}", names.join(", "))
        };
        out.push_str(&format!(
            "  {}: ({}) => invoke<{}>(\"{}\"{}),\n",
            command.function,
            params.join(", "),
            command.returns,
            command.name,
            args
        ));
    }
    out.push_str("};\n\n");
    out.push_str(&format!(
        "/** Events the app emits. */\nexport const events = {{\n  \
         /** payload: SessionView; on every change, and every second of the countdown */\n  \
         sessionChanged: \"{}\",\n  \
         /** payload: SessionEnded; webview storage is already wiped: the UI must reload */\n  \
         sessionEnded: \"{}\",\n  \
         /** payload: SyncStatusView; when the connection to the central system changes */\n  \
         syncChanged: \"{}\",\n  \
         /** payload: ScanGuidanceView; how to hold the letter, while the camera looks */\n  \
         scanGuidance: \"{}\",\n  \
         /** payload: LetterRefusedView; a letter or date of birth was not accepted */\n  \
         letterRefused: \"{}\",\n  \
         /** payload: PrintView; each change of a print's state */\n  \
         printChanged: \"{}\",\n  \
         /** payload: PrinterStatusView; for staff, when the printer's state or doubts change */\n  \
         printerChanged: \"{}\",\n  \
         /** payload: KioskNoticeView; staff signed in or out, a member calls, service state */\n  \
         kioskNoticeChanged: \"{}\",\n}} as const;\n",
        super::SESSION_CHANGED,
        super::SESSION_ENDED,
        super::SYNC_CHANGED,
        super::SCAN_GUIDANCE,
        super::LETTER_REFUSED,
        super::PRINT_CHANGED,
        super::PRINTER_CHANGED,
        super::KIOSK_NOTICE_CHANGED
    ));
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn bindings_are_up_to_date() {
        let path = Path::new(
            std::env::var("CARGO_MANIFEST_DIR")
                .as_deref()
                .unwrap_or(env!("CARGO_MANIFEST_DIR")),
        )
        .join("../ui/src/bindings.ts");
        let rendered = render_bindings();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &rendered).expect("write bindings");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == rendered,
            "ui/src/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p kiosk-app bindings`"
        );
    }

    #[test]
    fn the_capability_grants_exactly_the_apps_commands() {
        let capability = std::fs::read_to_string(
            Path::new(
                std::env::var("CARGO_MANIFEST_DIR")
                    .as_deref()
                    .unwrap_or(env!("CARGO_MANIFEST_DIR")),
            )
            .join("capabilities/kiosk.json"),
        )
        .expect("capability file");
        #[derive(serde::Deserialize)]
        struct Capability {
            permissions: Vec<String>,
        }
        let capability: Capability = serde_json::from_str(&capability).expect("json");
        let mut granted: Vec<String> = capability
            .permissions
            .into_iter()
            .filter(|p| !p.starts_with("core:"))
            .collect();
        let mut expected: Vec<String> = COMMANDS
            .iter()
            .map(|c| format!("allow-{}", c.name.replace('_', "-")))
            .collect();
        granted.sort();
        expected.sort();
        assert_eq!(
            granted, expected,
            "capabilities/kiosk.json must grant each command in src/commands/mod.rs, and no other"
        );
    }

    #[test]
    fn every_named_type_in_a_signature_is_declared() {
        let rendered = render_bindings();
        for command in COMMANDS {
            let types = command
                .params
                .iter()
                .map(|(_, ty)| *ty)
                .chain([command.returns]);
            for name in types.flat_map(|ty| ty.split(|c: char| !c.is_alphanumeric())) {
                if name.starts_with(char::is_uppercase) && name != "Array" {
                    assert!(
                        rendered.contains(&format!("export type {name} ")),
                        "{} uses {name}, which the bindings do not declare: add it to render_bindings",
                        command.name
                    );
                }
            }
        }
    }
}
