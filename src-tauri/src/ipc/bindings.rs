//! Renders `ui/src/bindings.ts` from the IPC types and the command table. The file is
//! committed; a test fails when it is stale (`UPDATE_BINDINGS=1` rewrites it).

use ts_rs::{Config, TS};

use super::{
    CameraPreview, ClockProblemView, DataProblem, DocumentKind, DocumentPreview, DocumentRequest,
    DocumentsView, EndReason, ErrorCode, IdentificationMethod, IdleWarning, IpcError, KioskInfo,
    Language, LetterRefusal, LetterRefusedView, PrintState, PrintView, PrinterProblem,
    PrinterStatusView, ScanGuidance, ScanGuidanceView, SessionEnded, SessionPhase, SessionView,
    SyncStatusView, TravelAdvice, TravelCountry, TrustLevel,
};

/// A command as the UI calls it: its TypeScript wrapper's name, parameters and result.
pub(crate) struct CommandSignature {
    pub name: &'static str,
    pub params: &'static [(&'static str, &'static str)],
    pub returns: &'static str,
}

pub(crate) const COMMANDS: &[CommandSignature] = &[
    CommandSignature {
        name: "kiosk_info",
        params: &[],
        returns: "KioskInfo",
    },
    CommandSignature {
        name: "session_view",
        params: &[],
        returns: "SessionView",
    },
    CommandSignature {
        name: "set_language",
        params: &[("language", "Language")],
        returns: "SessionView",
    },
    CommandSignature {
        name: "start_identification",
        params: &[("method", "IdentificationMethod")],
        returns: "SessionView",
    },
    CommandSignature {
        name: "report_activity",
        params: &[],
        returns: "SessionView",
    },
    CommandSignature {
        name: "extend_session",
        params: &[],
        returns: "SessionView",
    },
    CommandSignature {
        name: "end_session",
        params: &[],
        returns: "null",
    },
    CommandSignature {
        name: "submit_birth_date",
        params: &[("digits", "string")],
        returns: "SessionView",
    },
    CommandSignature {
        name: "camera_preview",
        params: &[],
        returns: "CameraPreview | null",
    },
    CommandSignature {
        name: "sync_status",
        params: &[],
        returns: "SyncStatusView",
    },
    CommandSignature {
        name: "documents_view",
        params: &[],
        returns: "DocumentsView",
    },
    CommandSignature {
        name: "prepare_document",
        params: &[("request", "DocumentRequest")],
        returns: "DocumentPreview",
    },
    CommandSignature {
        name: "discard_document",
        params: &[("documentId", "string")],
        returns: "null",
    },
    CommandSignature {
        name: "print_document",
        params: &[("documentId", "string")],
        returns: "PrintView",
    },
    CommandSignature {
        name: "print_view",
        params: &[("documentId", "string")],
        returns: "PrintView | null",
    },
    CommandSignature {
        name: "printer_status",
        params: &[],
        returns: "PrinterStatusView",
    },
];

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

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
            camel(command.name),
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
         printerChanged: \"{}\",\n}} as const;\n",
        super::SESSION_CHANGED,
        super::SESSION_ENDED,
        super::SYNC_CHANGED,
        super::SCAN_GUIDANCE,
        super::LETTER_REFUSED,
        super::PRINT_CHANGED,
        super::PRINTER_CHANGED
    ));
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    include!("command_names.rs");

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
    fn every_command_has_a_binding_and_a_permission() {
        let bound: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
        assert_eq!(
            bound, COMMAND_NAMES,
            "bindings and build.rs list the same commands"
        );
        let capability = std::fs::read_to_string(
            Path::new(
                std::env::var("CARGO_MANIFEST_DIR")
                    .as_deref()
                    .unwrap_or(env!("CARGO_MANIFEST_DIR")),
            )
            .join("capabilities/kiosk.json"),
        )
        .expect("capability file");
        for name in COMMAND_NAMES {
            let permission = format!("\"allow-{}\"", name.replace('_', "-"));
            assert!(
                capability.contains(&permission),
                "capabilities/kiosk.json lacks {permission}"
            );
        }
    }

    #[test]
    fn camel_case_names() {
        assert_eq!(camel("start_identification"), "startIdentification");
        assert_eq!(camel("kiosk_info"), "kioskInfo");
    }
}
