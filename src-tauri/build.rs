include!("src/ipc/command_names.rs");

fn main() {
    // Declaring the app's commands makes them subject to capabilities: a command that no
    // capability grants cannot be called from the webview.
    let manifest = tauri_build::AppManifest::new().commands(&COMMAND_NAMES);
    if let Err(error) =
        tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
    {
        panic!("tauri-build: {error:#}");
    }
}
