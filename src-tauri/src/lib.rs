//! Roster's desktop shell: state, commands and the window. The work itself
//! happens in the Tauri-free crates under `crates/`.

pub mod commands;
pub mod error;
pub mod profile;
pub mod state;

use std::path::PathBuf;

use tauri::{Manager, Runtime};
use tauri_specta::{collect_commands, Builder as SpectaBuilder};

use crate::state::AppState;

/// Where the generated TypeScript bindings live, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/lib/bindings.ts";

/// Every command the UI can call, with its types, for tauri-specta.
pub fn specta_builder<R: Runtime>() -> SpectaBuilder<R> {
    SpectaBuilder::<R>::new().commands(collect_commands![
        commands::session::open_practice_org,
        commands::session::current_org,
        commands::users::list_users,
        // Generic commands name a runtime only for their types; the handler
        // itself is built for `R`.
        commands::files::pick_csv_file::<tauri::Wry>,
    ])
}

/// The app on any runtime: the real one, or tauri's mock runtime in tests.
/// `data_dir` overrides the app data folder (tests use a temporary one).
pub fn build_app<R: Runtime>(
    builder: tauri::Builder<R>,
    options: StartOptions,
) -> tauri::Builder<R> {
    let specta = specta_builder::<R>();
    let builder = builder
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(specta.invoke_handler());
    let practice = options.practice;
    match options.data_dir {
        Some(dir) => builder.manage(AppState::new(dir, practice)),
        None => builder.setup(move |app| {
            let dir = app.path().app_data_dir()?;
            app.manage(AppState::new(dir, practice));
            Ok(())
        }),
    }
}

/// The app's config, assets and access rules, compiled in from
/// `tauri.conf.json`, `capabilities/` and `ui/dist`. Generic so command tests
/// run the real access rules on the mock runtime.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// How Roster was asked to start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StartOptions {
    /// `--practice`: open the practice organization straight away.
    pub practice: bool,
    /// Use this folder instead of the app data folder (tests).
    pub data_dir: Option<PathBuf>,
}

impl StartOptions {
    /// Read the command line (without the program name).
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<Self, String> {
        let mut options = Self::default();
        for arg in args {
            match arg.as_str() {
                "--practice" => options.practice = true,
                other => {
                    return Err(format!(
                        "unknown option {other:?} (Roster knows: --practice)"
                    ))
                }
            }
        }
        Ok(options)
    }
}

/// Start Roster.
pub fn run() {
    let options = match StartOptions::from_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(e) => {
            eprintln!("Roster could not start: {e}");
            std::process::exit(2);
        }
    };
    let mut context = context::<tauri::Wry>();
    if let Err(e) = profile::apply_from_env(&mut context) {
        eprintln!("Roster could not start: {e}");
        std::process::exit(2);
    }
    if let Err(e) = build_app(tauri::Builder::default(), options).run(context) {
        eprintln!("Roster stopped because of an error: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod start_option_tests {
    use super::StartOptions;

    #[test]
    fn parses_practice_and_rejects_unknown() {
        assert_eq!(StartOptions::from_args(vec![]), Ok(StartOptions::default()));
        assert!(
            StartOptions::from_args(vec!["--practice".into()])
                .expect("known")
                .practice
        );
        let err = StartOptions::from_args(vec!["--delete-everyone".into()]).expect_err("unknown");
        assert!(err.contains("--delete-everyone"));
    }
}

#[cfg(test)]
mod bindings_tests {
    use std::path::Path;

    use specta_typescript::Typescript;

    use super::*;

    /// Fails when `ui/src/lib/bindings.ts` does not match the Rust commands.
    /// Regenerate with `ROSTER_UPDATE_BINDINGS=1 cargo test -p roster bindings`.
    #[test]
    fn typescript_bindings_are_current() {
        let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH);
        let fresh = std::env::temp_dir().join(format!("roster-bindings-{}.ts", std::process::id()));
        specta_builder::<tauri::test::MockRuntime>()
            .export(
                Typescript::default().header("// Generated from the Rust commands by tauri-specta. Do not edit.\n// Regenerate: ROSTER_UPDATE_BINDINGS=1 cargo test -p roster bindings\n"),
                &fresh,
            )
            .expect("bindings export");
        let fresh_text = std::fs::read_to_string(&fresh).expect("read fresh bindings");
        std::fs::remove_file(&fresh).ok();
        if std::env::var_os("ROSTER_UPDATE_BINDINGS").is_some() {
            std::fs::write(&committed, &fresh_text).expect("write bindings");
            return;
        }
        let current = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            current == fresh_text,
            "ui/src/lib/bindings.ts is out of date with the Rust commands. Run: ROSTER_UPDATE_BINDINGS=1 cargo test -p roster bindings"
        );
    }
}
