//! Declares the app's commands to Tauri (so capabilities govern them) and writes their
//! signatures for the UI's bindings, both read from the commands' Rust source.

#[path = "build/commands.rs"]
mod commands;

use std::{fmt::Write, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=src/commands");
    println!("cargo:rerun-if-changed=build/commands.rs");
    let dir = Path::new("src/commands");
    let read_file =
        |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
    let commands = read_file(&dir.join("mod.rs"))
        .and_then(|mod_rs| {
            commands::read(&mod_rs, |module| {
                read_file(&dir.join(format!("{module}.rs")))
            })
        })
        .unwrap_or_else(|error| panic!("reading the app's commands: {error}"));
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("commands.rs"), table(&commands))
        .expect("writing the command table");

    // Declaring the app's commands makes them subject to capabilities: a command that no
    // capability grants cannot be called from the webview.
    // tauri-build takes 'static names; a build script runs once, so leaking them is free.
    let names: Vec<&'static str> = commands
        .iter()
        .map(|c| &*String::leak(c.name.clone()))
        .collect();
    let manifest = tauri_build::AppManifest::new().commands(names.leak());
    if let Err(error) =
        tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
    {
        panic!("tauri-build: {error:#}");
    }
}

/// The commands as Rust source for `ipc/bindings.rs`.
fn table(commands: &[commands::Command]) -> String {
    let mut out = String::from(
        "// Written by build.rs from src/commands: do not edit.\n\
         pub(crate) const COMMANDS: &[CommandSignature] = &[\n",
    );
    for command in commands {
        let params: Vec<String> = command
            .params
            .iter()
            .map(|(name, ty)| format!("({name:?}, {ty:?})"))
            .collect();
        let _ = writeln!(
            out,
            "    CommandSignature {{ name: {:?}, function: {:?}, params: &[{}], returns: {:?} }},",
            command.name,
            commands::camel(&command.name),
            params.join(", "),
            command.returns
        );
    }
    out.push_str("];\n");
    out
}
