//! Roster's desktop shell: state, commands and the window. The work itself
//! happens in the Tauri-free crates under `crates/`.

pub mod commands;
pub mod error;
pub mod import_view;
pub mod logs;
pub mod people_view;
pub mod profile;
pub mod state;
pub mod updates;

use tauri::{Manager, Runtime};
use tauri_specta::{collect_commands, Builder as SpectaBuilder};

use jumpcloud::Endpoints;
use roster_credentials::{Keychain, SavedOrgs};

use crate::state::{AppState, Places};

/// Where the generated TypeScript bindings live, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/lib/bindings.ts";

/// Every command the UI can call, with its types, for tauri-specta.
pub fn specta_builder<R: Runtime>() -> SpectaBuilder<R> {
    SpectaBuilder::<R>::new().commands(collect_commands![
        commands::session::open_practice_org,
        commands::session::current_org,
        commands::connect::probe_login,
        commands::connect::connect,
        commands::connect::saved_orgs,
        commands::connect::switch_org,
        commands::connect::test_connection,
        commands::connect::sign_out,
        commands::people::people_query,
        commands::people::people_matching_ids,
        commands::people::people_facets,
        commands::people::people_reload,
        commands::people::person_profile,
        commands::people::person_change,
        commands::people::person_form,
        commands::people::person_check,
        commands::people::person_add,
        commands::offboard::offboard_preview,
        commands::offboard::offboard_run,
        commands::offboard::deleted_people_list,
        commands::offboard::deleted_person_restore,
        commands::offboard::protected_list,
        commands::offboard::protected_set,
        commands::offboard::scheduled_list,
        commands::offboard::offboard_people_in_file,
        commands::import::import_open,
        commands::import::import_rows,
        commands::import::import_edit_cell,
        commands::import::import_exclude_row,
        commands::import::import_set_mapping,
        commands::import::import_set_username_pattern,
        commands::import::import_set_sheet,
        commands::import::import_save_corrected_copy::<tauri::Wry>,
        commands::import::save_template::<tauri::Wry>,
        commands::import::import_check_org,
        commands::import::import_run,
        commands::import::import_cancel,
        commands::platform::platform_setup,
        commands::platform::platform_list,
        commands::platform::platform_people,
        commands::platform::platform_pick,
        commands::platform::platform_pick_matching,
        commands::platform::platform_preview,
        commands::history::history_list,
        commands::history::history_export::<tauri::Wry>,
        // Generic commands name a runtime only for their types; the handler
        // itself is built for `R`.
        commands::files::pick_csv_file::<tauri::Wry>,
        commands::app::app_about::<tauri::Wry>,
        commands::app::copy_diagnostics::<tauri::Wry>,
        commands::app::open_logs_folder::<tauri::Wry>,
        commands::app::update_check::<tauri::Wry>,
        commands::app::update_install::<tauri::Wry>,
        commands::app::ui_shown,
    ])
}

/// The app on any runtime: the real one, or tauri's mock runtime in tests.
pub fn build_app<R: Runtime>(
    builder: tauri::Builder<R>,
    options: StartOptions,
) -> tauri::Builder<R> {
    let specta = specta_builder::<R>();
    let builder = builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .manage(updates::Updates::default())
        .invoke_handler(specta.invoke_handler())
        .on_window_event(|window, event| {
            // A file dropped on the window is one the admin chose.
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                remember_dropped(window.app_handle(), paths);
            }
        })
        .on_webview_event(|webview, event| {
            if let tauri::WebviewEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                remember_dropped(webview.app_handle(), paths);
            }
        });
    let practice = options.practice;
    match options.places {
        Some(places) => builder.manage(AppState::new(places, practice)),
        None => builder.setup(move |app| {
            start_logging(app.handle());
            let places = places_for(app.handle())?;
            app.manage(AppState::new(places, practice));
            if practice {
                commands::session::open_practice_early(app.handle());
            }
            Ok(())
        }),
    }
}

/// The desktop app's own manners, on the real runtime only: one Roster at a time (a second
/// launch brings the first forward, so two windows never work on one job), the window's
/// size and place remembered, and a tidy stop when the system asks (logging out, shutting
/// down, Ctrl+C in a terminal): the window's place is saved and the log says so.
fn desktop_manners(builder: tauri::Builder<tauri::Wry>) -> tauri::Builder<tauri::Wry> {
    builder
        // First, as the plugin asks: a second launch ends here, before anything starts.
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(profile::single_instance_id())
                .callback(|app, _args, _cwd| {
                    tracing::info!("Roster was started again; bringing this window forward");
                    if let Some(window) = app.get_webview_window("main") {
                        let _ = window.unminimize();
                        let _ = window.show();
                        let _ = window.set_focus();
                    }
                })
                .build(),
        )
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(
            tauri::plugin::Builder::<tauri::Wry>::new("lifecycle")
                .setup(|app, _api| {
                    stop_when_asked(app.clone());
                    Ok(())
                })
                .on_event(|app, event| {
                    if let tauri::RunEvent::Exit = event {
                        tracing::info!("Roster stopped");
                        // The process ends without dropping managed state: flush the log now.
                        if let Some(logs) = app.try_state::<logs::LogGuard>() {
                            logs.finish();
                        }
                    }
                })
                .build(),
        )
        .plugin(
            tauri::plugin::Builder::<tauri::Wry>::new("rendering")
                .on_webview_ready(|webview| {
                    let _ = webview.with_webview(software_rendering);
                })
                .build(),
        )
}

/// On a stop signal (SIGTERM from the session at log-out or shutdown, SIGINT, SIGHUP) Roster
/// ends as if its window were closed, so the window-state plugin and the log see the exit;
/// without this the signal's default action ends the process on the spot. A journaled job
/// that is interrupted resumes from its journal next time. Should that exit hang, a second
/// signal (or 10 s) ends the process.
#[cfg(unix)]
fn stop_when_asked(app: tauri::AppHandle) {
    use tokio::signal::unix::{signal, SignalKind};
    tauri::async_runtime::spawn(async move {
        let (Ok(mut term), Ok(mut int), Ok(mut hup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
            signal(SignalKind::hangup()),
        ) else {
            tracing::warn!("Roster cannot listen for stop signals; they will end it at once");
            return;
        };
        let name = tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = int.recv() => "SIGINT",
            _ = hup.recv() => "SIGHUP",
        };
        tracing::info!(signal = name, "the system asked Roster to stop");
        app.exit(0);
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
            _ = tokio::time::sleep(std::time::Duration::from_secs(10)) => {}
        }
        tracing::warn!("Roster did not stop in time; ending it now");
        std::process::exit(1);
    });
}

/// Windows ends apps through its own messages (the window-state plugin hears them).
#[cfg(not(unix))]
fn stop_when_asked(_app: tauri::AppHandle) {}

/// On Linux, `ROSTER_SOFTWARE_RENDERING=1` has WebKitGTK draw without GPU compositing.
/// Where the GPU is Mesa's software one (virtual machines, remote desktops) that saves about
/// a quarter of the memory (docs/benchmarks.md). It is not the default: in that mode
/// WebKitGTK 2.50 can stall taking a snapshot of the page (WebDriver's screenshot hangs), a
/// sign the path is less travelled. Windows and macOS use their own WebViews.
#[cfg(target_os = "linux")]
fn software_rendering(webview: tauri::webview::PlatformWebview) {
    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
    if std::env::var("ROSTER_SOFTWARE_RENDERING").as_deref() != Ok("1") {
        return;
    }
    if let Some(settings) = WebViewExt::settings(&webview.inner()) {
        settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
    }
}

#[cfg(not(target_os = "linux"))]
fn software_rendering(_webview: tauri::webview::PlatformWebview) {}

/// Write logs to the OS's log folder for the app's lifetime. Without a log folder Roster
/// still runs (and says so on stderr).
fn start_logging<R: Runtime>(app: &tauri::AppHandle<R>) {
    let dir = match app.path().app_log_dir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("Roster will keep no logs: no logs folder ({e})");
            return;
        }
    };
    match logs::init(&dir) {
        Ok(guard) => {
            app.manage(guard);
            tracing::info!(
                version = %app.package_info().version,
                os = %commands::app::os_words(),
                "Roster started"
            );
        }
        Err(e) => eprintln!("Roster will keep no logs: {e}"),
    }
}

/// Files dropped on the window are files the admin chose (the page may then open them).
fn remember_dropped<R: Runtime>(app: &tauri::AppHandle<R>, paths: &[std::path::PathBuf]) {
    if let Some(state) = app.try_state::<AppState>() {
        for path in paths {
            state.remember_chosen(path);
        }
    }
}

/// Where this build keeps its data, settings and keys: all derived from
/// the app identifier, so the test profile never sees a user's.
fn places_for<R: Runtime>(app: &tauri::AppHandle<R>) -> Result<Places, Box<dyn std::error::Error>> {
    let identifier = app.config().identifier.clone();
    #[allow(unused_mut)]
    let mut endpoints = Endpoints::default();
    // Tests point the regions at local sandboxes: only a debug build with the test profile
    // listens; a release build has no way to send a key anywhere but JumpCloud.
    #[cfg(debug_assertions)]
    if identifier == profile::TEST_IDENTIFIER {
        if let Ok(spec) = std::env::var("ROSTER_TEST_REGION_URLS") {
            endpoints = endpoints.parse_overrides(&spec)?;
        }
    }
    Ok(Places {
        data_dir: app.path().app_data_dir()?,
        saved: SavedOrgs::new(app.path().app_config_dir()?.join("organizations.json")),
        mappings_file: app.path().app_config_dir()?.join("column-choices.json"),
        keychain: Keychain::new(identifier),
        endpoints,
    })
}

/// The app's config, assets and access rules, compiled in from
/// `tauri.conf.json`, `capabilities/` and `ui/dist`. Generic so command tests
/// run the real access rules on the mock runtime.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

/// How Roster was asked to start.
#[derive(Default)]
pub struct StartOptions {
    /// `--practice`: open the practice organization straight away.
    pub practice: bool,
    /// Where to keep things; `None` derives them from the app identifier.
    /// Tests pass their own.
    pub places: Option<Places>,
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

/// When this process started (as near as Roster can tell: its first line of `run`).
pub fn started() -> std::time::Instant {
    static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    *STARTED.get_or_init(std::time::Instant::now)
}

/// Start Roster.
pub fn run() {
    started();
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
    if let Err(e) = build_app(desktop_manners(tauri::Builder::default()), options).run(context) {
        eprintln!("Roster stopped because of an error: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod start_option_tests {
    use super::StartOptions;

    #[test]
    fn parses_practice_and_rejects_unknown() {
        let none = StartOptions::from_args(vec![]).expect("no options");
        assert!(!none.practice && none.places.is_none());
        assert!(
            StartOptions::from_args(vec!["--practice".into()])
                .expect("known")
                .practice
        );
        let err = StartOptions::from_args(vec!["--delete-everyone".into()])
            .err()
            .expect("unknown options are refused");
        assert!(err.contains("--delete-everyone"));
    }
}

#[cfg(test)]
mod command_list_tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The quoted names inside `AppManifest::new().commands(&[ ... ])` in build.rs.
    fn build_rs_commands() -> BTreeSet<String> {
        let text = include_str!("../build.rs");
        let start = text.find(".commands(&[").expect("build.rs lists commands");
        let end = start + text[start..].find("])").expect("the list ends");
        text[start..end]
            .split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    }

    /// The `allow-<name>` permissions of capabilities/main.json, as command names.
    fn capability_commands() -> BTreeSet<String> {
        let json: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/main.json")).expect("json");
        json["permissions"]
            .as_array()
            .expect("permissions")
            .iter()
            .filter_map(|p| p.as_str())
            .filter_map(|p| p.strip_prefix("allow-"))
            .map(|p| p.replace('-', "_"))
            .collect()
    }

    /// The commands the bindings invoke (from the specta builder in this file).
    fn specta_commands() -> BTreeSet<String> {
        let path = std::env::temp_dir().join(format!("roster-cmds-{}.ts", std::process::id()));
        specta_builder::<tauri::test::MockRuntime>()
            .export(specta_typescript::Typescript::default(), &path)
            .expect("export");
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::remove_file(&path).ok();
        // `__TAURI_INVOKE("name"` or, for commands that return no Result,
        // `__TAURI_INVOKE<void>("name"`.
        text.split("__TAURI_INVOKE")
            .skip(1)
            .filter_map(|rest| rest.split_once("(\"").map(|(_, name)| name))
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn lib_build_and_capability_list_the_same_commands() {
        let specta = specta_commands();
        assert!(specta.len() > 10, "{specta:?}");
        assert_eq!(build_rs_commands(), specta, "build.rs and lib.rs disagree");
        assert_eq!(
            capability_commands(),
            specta,
            "capabilities/main.json and lib.rs disagree"
        );
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
