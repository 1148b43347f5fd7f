//! The app's commands as their Rust source declares them: the handler's list in
//! `src/commands/mod.rs` and each `#[tauri::command]` fn's parameters and result, in the
//! TypeScript the UI's bindings use. `build.rs` reads them, so the command permissions and
//! `ui/src/bindings.ts` follow the code: a renamed argument or a new command changes the
//! bindings (and their staleness test fails), and a command left out of the handler stops
//! the build.

use std::collections::BTreeMap;

use syn::{
    Expr, FnArg, GenericArgument, Item, ItemFn, Pat, PathArguments, ReturnType, Stmt, Type,
    punctuated::Punctuated,
};

/// One command as the page calls it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub name: String,
    /// Argument names as the page sends them (camelCase, Tauri's default) with their types.
    pub params: Vec<(String, String)>,
    pub returns: String,
}

/// Types Tauri hands a command itself; the page does not send them.
const INJECTED: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow", "Webview"];

/// Reads the commands in the handler's order. `mod_rs` is `src/commands/mod.rs`;
/// `module_source` gives the source of `src/commands/<module>.rs`.
pub fn read(
    mod_rs: &str,
    module_source: impl Fn(&str) -> Result<String, String>,
) -> Result<Vec<Command>, String> {
    let file = syn::parse_file(mod_rs).map_err(|e| format!("src/commands/mod.rs: {e}"))?;
    let handler = handler_list(&file)?;
    // Every command file, listed in the handler or not: a command left out is found too.
    let mut modules: BTreeMap<String, Vec<ItemFn>> = BTreeMap::new();
    for item in &file.items {
        if let Item::Mod(module) = item {
            let module = module.ident.to_string();
            let file = syn::parse_file(&module_source(&module)?)
                .map_err(|e| format!("src/commands/{module}.rs: {e}"))?;
            modules.insert(module, command_fns(&file.items));
        }
    }
    let mut commands = Vec::new();
    for (module, name) in &handler {
        let item = modules
            .get(module)
            .into_iter()
            .flatten()
            .find(|item| item.sig.ident == name)
            .ok_or_else(|| {
                format!("the handler lists {module}::{name}, but src/commands/{module}.rs has no #[tauri::command] fn {name}")
            })?;
        commands.push(command(module, item)?);
    }
    for (module, items) in &modules {
        for item in items {
            let name = item.sig.ident.to_string();
            if !handler.iter().any(|(m, n)| m == module && *n == name) {
                return Err(format!(
                    "{module}::{name} is a #[tauri::command] but not in the handler: add it to \
                     generate_handler! in src/commands/mod.rs (and its permission to \
                     capabilities/kiosk.json)"
                ));
            }
        }
    }
    Ok(commands)
}

/// The `module::name` pairs in `generate_handler![...]` of `fn handler`.
fn handler_list(file: &syn::File) -> Result<Vec<(String, String)>, String> {
    let handler = file
        .items
        .iter()
        .find_map(|item| match item {
            Item::Fn(f) if f.sig.ident == "handler" => Some(f),
            _ => None,
        })
        .ok_or("src/commands/mod.rs has no fn handler")?;
    let mac = handler
        .block
        .stmts
        .iter()
        .find_map(|stmt| match stmt {
            Stmt::Expr(Expr::Macro(m), _) => Some(&m.mac),
            Stmt::Macro(m) => Some(&m.mac),
            _ => None,
        })
        .filter(|mac| {
            mac.path
                .segments
                .last()
                .is_some_and(|s| s.ident == "generate_handler")
        })
        .ok_or("fn handler in src/commands/mod.rs must end in tauri::generate_handler![...]")?;
    let paths = mac
        .parse_body_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
        .map_err(|e| format!("generate_handler! in src/commands/mod.rs: {e}"))?;
    paths
        .iter()
        .map(|path| match path.segments.iter().collect::<Vec<_>>()[..] {
            [module, name] => Ok((module.ident.to_string(), name.ident.to_string())),
            _ => Err(format!(
                "generate_handler! lists {}: name each command as module::name",
                path_text(path)
            )),
        })
        .collect()
}

fn command_fns(items: &[Item]) -> Vec<ItemFn> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Fn(f) if f.attrs.iter().any(is_command_attr) => Some(f.clone()),
            _ => None,
        })
        .collect()
}

fn is_command_attr(attr: &syn::Attribute) -> bool {
    let segments: Vec<String> = attr
        .path()
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    segments == ["tauri", "command"]
}

fn command(module: &str, item: &ItemFn) -> Result<Command, String> {
    let name = item.sig.ident.to_string();
    let at = |what: String| format!("{module}::{name}: {what}");
    if item
        .attrs
        .iter()
        .any(|attr| is_command_attr(attr) && !matches!(attr.meta, syn::Meta::Path(_)))
    {
        return Err(at(
            "#[tauri::command(...)] options change the names the page sends; the bindings \
             expect plain #[tauri::command]"
                .into(),
        ));
    }
    let mut params = Vec::new();
    for input in &item.sig.inputs {
        let FnArg::Typed(arg) = input else {
            return Err(at("a command cannot take self".into()));
        };
        if injected(&arg.ty) {
            continue;
        }
        let Pat::Ident(ident) = &*arg.pat else {
            return Err(at(
                "name every argument (no patterns): the page sends it by name".into(),
            ));
        };
        let ts = typescript(&arg.ty).map_err(&at)?;
        params.push((camel(&ident.ident.to_string()), ts));
    }
    let returns = match &item.sig.output {
        ReturnType::Default => "null".to_owned(),
        ReturnType::Type(_, ty) => typescript(ok_type(ty)).map_err(&at)?,
    };
    Ok(Command {
        name,
        params,
        returns,
    })
}

fn injected(ty: &Type) -> bool {
    match ty {
        Type::Reference(r) => injected(&r.elem),
        Type::Path(p) => p
            .path
            .segments
            .last()
            .is_some_and(|s| INJECTED.contains(&s.ident.to_string().as_str())),
        _ => false,
    }
}

/// A command's answer: `T` of a `Result<T, _>` (the error is always an `IpcError`).
fn ok_type(ty: &Type) -> &Type {
    match last_segment(ty) {
        Some((ident, args)) if ident == "Result" || ident == "CommandResult" => {
            args.first().copied().unwrap_or(ty)
        }
        _ => ty,
    }
}

fn last_segment(ty: &Type) -> Option<(String, Vec<&Type>)> {
    let Type::Path(path) = ty else {
        return None;
    };
    let segment = path.path.segments.last()?;
    let args = match &segment.arguments {
        PathArguments::AngleBracketed(args) => args
            .args
            .iter()
            .filter_map(|arg| match arg {
                GenericArgument::Type(ty) => Some(ty),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    Some((segment.ident.to_string(), args))
}

/// The TypeScript of a Rust type as ts-rs renders it. Named types are the IPC types'
/// declarations (the bindings test checks that each is declared).
fn typescript(ty: &Type) -> Result<String, String> {
    match ty {
        Type::Reference(r) => typescript(&r.elem),
        Type::Tuple(t) if t.elems.is_empty() => Ok("null".into()),
        Type::Path(_) => {
            let (ident, args) = last_segment(ty).ok_or("an empty type path")?;
            match (ident.as_str(), &args[..]) {
                ("String" | "str", []) => Ok("string".into()),
                ("bool", []) => Ok("boolean".into()),
                ("u8" | "u16" | "u32" | "i8" | "i16" | "i32" | "f32" | "f64", []) => {
                    Ok("number".into())
                }
                ("Option", [inner]) => Ok(format!("{} | null", typescript(inner)?)),
                ("Vec", [inner]) => Ok(format!("Array<{}>", typescript(inner)?)),
                (_, []) if ident.starts_with(char::is_uppercase) => Ok(ident),
                _ => Err(format!(
                    "the bindings cannot name the type {ident}: use an IPC type from src/ipc"
                )),
            }
        }
        _ => Err("the bindings cannot name this type: use an IPC type from src/ipc".into()),
    }
}

fn path_text(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// Tauri's default: a snake_case argument is sent as camelCase (and the bindings name a
/// command's function so).
pub fn camel(snake: &str) -> String {
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn source(module: &str) -> Result<String, String> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("src/commands/{module}.rs"));
        std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    }

    fn app_commands(edit: impl Fn(&str, String) -> String) -> Result<Vec<Command>, String> {
        read(&edit("mod", source("mod")?), |module| {
            Ok(edit(module, source(module)?))
        })
    }

    fn find<'a>(commands: &'a [Command], name: &str) -> &'a Command {
        commands
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("{name} is a command"))
    }

    #[test]
    fn the_apps_commands_are_read_with_what_the_page_sends() {
        let commands = app_commands(|_, text| text).expect("the app's commands");
        let print = find(&commands, "print_document");
        assert_eq!(
            print.params,
            [("documentId".to_owned(), "string".to_owned())]
        );
        assert_eq!(print.returns, "PrintView", "Result's error is the IpcError");
        assert_eq!(find(&commands, "print_view").returns, "PrintView | null");
        assert_eq!(find(&commands, "end_session").returns, "null");
        assert_eq!(find(&commands, "discard_document").returns, "null");
        let start = find(&commands, "start_identification");
        assert_eq!(
            start.params,
            [("method".to_owned(), "IdentificationMethod".to_owned())],
            "State and AppHandle are Tauri's, not the page's"
        );
    }

    #[test]
    fn a_renamed_argument_changes_the_signature() {
        let renamed = app_commands(|module, text| {
            if module == "session" {
                text.replace("digits: String", "birth_digits: String")
            } else {
                text
            }
        })
        .expect("the app's commands");
        assert_eq!(
            find(&renamed, "submit_birth_date").params,
            [("birthDigits".to_owned(), "string".to_owned())]
        );
    }

    #[test]
    fn a_command_outside_the_handler_or_missing_from_it_is_an_error() {
        let unregistered = app_commands(|module, text| {
            if module == "mod" {
                text.replace("print::printer_status,", "")
            } else {
                text
            }
        });
        assert!(
            unregistered.as_ref().is_err_and(
                |e| e.contains("print::printer_status") && e.contains("not in the handler")
            ),
            "{unregistered:?}"
        );
        let missing = app_commands(|module, text| {
            if module == "print" {
                text.replace("#[tauri::command]", "")
            } else {
                text
            }
        });
        assert!(
            missing
                .as_ref()
                .is_err_and(|e| e.contains("has no #[tauri::command] fn printer_status")),
            "{missing:?}"
        );
    }

    #[test]
    fn what_the_bindings_cannot_follow_is_refused_with_what_to_do() {
        let mod_rs = "mod a; fn handler() { tauri::generate_handler![a::one] }";
        let with = |body: &str| read(mod_rs, |_| Ok(body.to_owned()));
        assert!(
            with("#[tauri::command(rename_all = \"snake_case\")] fn one() {}")
                .is_err_and(|e| e.contains("plain #[tauri::command]"))
        );
        assert!(
            with("#[tauri::command] fn one(x: HashMap<String, String>) {}")
                .is_err_and(|e| e.contains("cannot name the type HashMap"))
        );
        assert_eq!(
            with(
                "#[tauri::command] fn one(page_size: u32, tags: Vec<String>) -> Result<Option<bool>, IpcError> { todo!() }"
            ),
            Ok(vec![Command {
                name: "one".into(),
                params: vec![
                    ("pageSize".into(), "number".into()),
                    ("tags".into(), "Array<string>".into())
                ],
                returns: "boolean | null".into(),
            }])
        );
        assert!(
            read("fn handler() { tauri::generate_handler![one] }", |_| Ok(
                String::new()
            ))
            .is_err_and(|e| e.contains("module::name"))
        );
    }
}
