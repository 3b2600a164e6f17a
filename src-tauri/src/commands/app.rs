//! About Roster, its logs and diagnostics, and updates.

use std::path::PathBuf;

use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;

use crate::error::{AppError, ErrorCode};
use crate::state::AppState;
use crate::updates::{self, UpdateCheck, Updates};

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AboutInfo {
    pub name: String,
    pub version: String,
    /// The operating system, in words ("Debian GNU/Linux 12 (bookworm), x86_64").
    pub os: String,
    pub logs_folder: String,
}

/// The name, version and system for the About box.
#[tauri::command]
#[specta::specta]
pub fn app_about<R: Runtime>(app: AppHandle<R>) -> Result<AboutInfo, AppError> {
    Ok(AboutInfo {
        name: app.package_info().name.clone(),
        version: app.package_info().version.to_string(),
        os: os_words(),
        logs_folder: logs_folder(&app)?.display().to_string(),
    })
}

/// What a help desk needs, copied to the clipboard: the version, the system, the open
/// organization (its id, kind and region) and the recent warnings and errors. No keys,
/// passwords or people's details: only counts. Returns the text copied.
#[tauri::command]
#[specta::specta]
pub async fn copy_diagnostics<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<String, AppError> {
    let org = match (state.org().await, state.open_org().await) {
        (Some(summary), Some(open)) => format!(
            "{} organization {} ({}), {}",
            match summary.kind {
                crate::state::OrgKind::Practice => "practice",
                crate::state::OrgKind::Jumpcloud => "JumpCloud",
            },
            open.org.id,
            summary.location,
            match summary.saved_id {
                Some(_) => "saved",
                None => "not saved",
            }
        ),
        _ => "none open".to_owned(),
    };
    let problems = crate::logs::recent_problems();
    let mut text = format!(
        "Roster {version}\nSystem: {os}\nOrganization: {org}\nJobs running: {jobs}\nLogs folder: {logs}\n",
        version = app.package_info().version,
        os = os_words(),
        jobs = state.jobs.running().len(),
        logs = logs_folder(&app)?.display(),
    );
    if problems.is_empty() {
        text.push_str("Recent warnings and errors: none\n");
    } else {
        text.push_str(&format!(
            "Recent warnings and errors ({}):\n",
            problems.len()
        ));
        for line in problems {
            text.push_str("  ");
            text.push_str(&line);
            text.push('\n');
        }
    }
    let text = crate::logs::scrub(&text);
    app.clipboard().write_text(text.clone()).map_err(|e| {
        tracing::warn!(error = %e, "could not copy the diagnostics");
        AppError::new(
            ErrorCode::Internal,
            "Roster could not put the diagnostics on the clipboard. Open the logs folder instead and attach the newest file.",
        )
    })?;
    tracing::info!(bytes = text.len(), "diagnostics copied");
    Ok(text)
}

/// Open the logs folder in the file manager; returns where it is (also when it could not
/// be opened, the error says where).
#[tauri::command]
#[specta::specta]
pub fn open_logs_folder<R: Runtime>(app: AppHandle<R>) -> Result<String, AppError> {
    let dir = logs_folder(&app)?;
    std::fs::create_dir_all(&dir).ok();
    let shown = dir.display().to_string();
    open_in_file_manager(&dir).map_err(|e| {
        tracing::warn!(error = %e, "could not open the logs folder");
        AppError::new(
            ErrorCode::Internal,
            format!("Roster could not open the logs folder. It is here: {shown}"),
        )
    })?;
    Ok(shown)
}

/// Ask the update server whether there is a newer Roster.
#[tauri::command]
#[specta::specta]
pub async fn update_check<R: Runtime>(
    app: AppHandle<R>,
    updates: State<'_, Updates>,
) -> Result<UpdateCheck, AppError> {
    updates::check(&app, &updates).await
}

/// Install the update found by the last check and restart; refused while a job runs.
#[tauri::command]
#[specta::specta]
pub async fn update_install<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    updates: State<'_, Updates>,
) -> Result<(), AppError> {
    updates::install(&app, &updates, || state.jobs.running().len()).await
}

/// The OS's folder for Roster's logs.
pub fn logs_folder<R: Runtime>(app: &AppHandle<R>) -> Result<PathBuf, AppError> {
    app.path().app_log_dir().map_err(|e| {
        AppError::new(
            ErrorCode::Internal,
            format!("Roster could not find its logs folder: {e}"),
        )
    })
}

fn open_in_file_manager(dir: &std::path::Path) -> std::io::Result<()> {
    let program = if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    std::process::Command::new(program)
        .arg(dir)
        .spawn()
        .map(drop)
}

/// The system in words, for the About box and the diagnostics.
pub fn os_words() -> String {
    let name = if cfg!(target_os = "linux") {
        std::fs::read_to_string("/etc/os-release")
            .ok()
            .and_then(|text| {
                text.lines()
                    .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                    .map(|v| v.trim_matches('"').to_owned())
            })
            .unwrap_or_else(|| "Linux".to_owned())
    } else if cfg!(target_os = "macos") {
        "macOS".to_owned()
    } else if cfg!(target_os = "windows") {
        "Windows".to_owned()
    } else {
        std::env::consts::OS.to_owned()
    };
    format!("{name}, {}", std::env::consts::ARCH)
}

/// What the page has drawn, for [`ui_shown`].
#[derive(Debug, Clone, Copy, serde::Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Shown {
    /// The people list of an open organization, with its first rows.
    PeopleList,
}

/// The page says it has drawn `what`; the first time, the log gets the time since Roster
/// started (for the help desk, and the start-up benchmark).
#[tauri::command]
#[specta::specta]
pub fn ui_shown(what: Shown) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    match what {
        Shown::PeopleList => ONCE.call_once(|| {
            tracing::info!(
                since_start_ms = crate::started().elapsed().as_millis() as u64,
                "people list shown"
            );
        }),
    }
}
