//! Preparing and running a spreadsheet import: open a file, look through its rows, fix cells,
//! leave rows out, change the column mapping, check against the organization, run. Each
//! command unpacks its arguments, calls the engine (`roster-engine`) and converts; the rows
//! stay in Rust and the page asks for the ones it shows.

use std::path::PathBuf;

use roster_bulk::{ExecuteOptions, Existing, Outcome};
use roster_engine::{EngineError, Preview};
use serde::Serialize;
use specta::Type;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use crate::error::{AppError, ErrorCode};
use crate::import_view::{self, ImportSummary, RowFilter, RowsPage};
use crate::state::AppState;

/// Runs `change` on the open preview on a blocking thread (re-checking 100,000 rows takes a
/// moment), then answers with its summary.
async fn change_preview<F>(state: &AppState, change: F) -> Result<ImportSummary, AppError>
where
    F: FnOnce(&mut Preview) -> Result<(), EngineError> + Send + 'static,
{
    let mut guard = state.import.lock().await;
    let mut preview = guard.take().ok_or_else(EngineError::no_file)?;
    let (preview, result) = tokio::task::spawn_blocking(move || {
        let result = change(&mut preview);
        (preview, result)
    })
    .await
    .map_err(EngineError::internal)?;
    let summary = import_view::summary(&preview);
    *guard = Some(preview);
    result?;
    Ok(summary)
}

/// Read and check a spreadsheet (from the file dialog or dropped on the window).
#[tauri::command]
#[specta::specta]
pub async fn import_open(
    state: State<'_, AppState>,
    path: String,
) -> Result<ImportSummary, AppError> {
    let path = PathBuf::from(path);
    if !state.was_chosen(&path) {
        return Err(AppError::new(
            ErrorCode::Precondition,
            "Roster opens only files you choose in its file dialog or drop on its window. Choose the file again.",
        ));
    }
    let remembered = state.places.mappings_file.clone();
    let preview = tokio::task::spawn_blocking(move || Preview::open(&path, Some(&remembered)))
        .await
        .map_err(EngineError::internal)??;
    let summary = import_view::summary(&preview);
    *state.import.lock().await = Some(preview);
    Ok(summary)
}

/// A page of rows, all or only those that need attention.
#[tauri::command]
#[specta::specta]
pub async fn import_rows(
    state: State<'_, AppState>,
    filter: RowFilter,
    offset: u32,
    limit: u32,
) -> Result<RowsPage, AppError> {
    let guard = state.import.lock().await;
    let preview = guard.as_ref().ok_or_else(EngineError::no_file)?;
    Ok(import_view::rows(preview, filter, offset, limit))
}

/// Change one cell (by the line the row starts on and the column number).
#[tauri::command]
#[specta::specta]
pub async fn import_edit_cell(
    state: State<'_, AppState>,
    line: u32,
    column: u32,
    value: String,
) -> Result<ImportSummary, AppError> {
    change_preview(&state, move |p| {
        p.edit_cell(u64::from(line), column as usize, &value)
    })
    .await
}

/// Leave a row out of the import, or bring it back.
#[tauri::command]
#[specta::specta]
pub async fn import_exclude_row(
    state: State<'_, AppState>,
    line: u32,
    excluded: bool,
) -> Result<ImportSummary, AppError> {
    change_preview(&state, move |p| p.set_excluded(u64::from(line), excluded)).await
}

/// Choose which JumpCloud field each column fills (a field key, or none).
#[tauri::command]
#[specta::specta]
pub async fn import_set_mapping(
    state: State<'_, AppState>,
    columns: Vec<Option<String>>,
) -> Result<ImportSummary, AppError> {
    let remembered = state.places.mappings_file.clone();
    change_preview(&state, move |p| p.set_mapping(&columns, Some(&remembered))).await
}

/// Read another sheet of the workbook (its rows, columns and checks replace the current
/// sheet's; the plan against the organization is made again).
#[tauri::command]
#[specta::specta]
pub async fn import_set_sheet(
    state: State<'_, AppState>,
    name: String,
) -> Result<ImportSummary, AppError> {
    let remembered = state.places.mappings_file.clone();
    change_preview(&state, move |p| p.set_sheet(&name, Some(&remembered))).await
}

/// Make the usernames (the file has none) another way: `email`, `first.last`,
/// `flast` or `firstlast`. The ones the admin typed stay.
#[tauri::command]
#[specta::specta]
pub async fn import_set_username_pattern(
    state: State<'_, AppState>,
    pattern: String,
) -> Result<ImportSummary, AppError> {
    let pattern = roster_engine::UsernamePattern::from_key(&pattern).ok_or_else(|| {
        AppError::new(
            ErrorCode::Validation,
            format!("Roster does not know the username pattern \"{pattern}\"."),
        )
    })?;
    change_preview(&state, move |p| p.set_username_pattern(pattern)).await
}

/// Save the spreadsheet as fixed in the preview (edits, and the usernames
/// Roster made) where the admin chooses, in the file's own separator.
/// Returns where it was saved; none if cancelled.
#[tauri::command]
#[specta::specta]
pub async fn import_save_corrected_copy<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<String>, AppError> {
    let (text, name) = {
        let guard = state.import.lock().await;
        let preview = guard.as_ref().ok_or_else(EngineError::no_file)?;
        let stem = preview
            .path()
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "people".to_owned());
        (preview.corrected_copy(), format!("{stem}-corrected.csv"))
    };
    let Some(path) = crate::commands::files::ask_save_path(
        &app,
        "Save a corrected copy of the spreadsheet",
        &name,
    )
    .await?
    else {
        return Ok(None);
    };
    let mut bytes = Vec::from("\u{feff}".as_bytes());
    bytes.extend_from_slice(text.as_bytes());
    std::fs::write(&path, bytes).map_err(|e| {
        AppError::new(
            ErrorCode::WriteFailed,
            format!(
                "Roster could not save the copy to {}: {e}. Choose another folder.",
                path.display()
            ),
        )
    })?;
    Ok(Some(path.to_string_lossy().into_owned()))
}

/// Save Roster's CSV template (the common columns, or with `all` every
/// supported one, and an example row) where the admin chooses. Returns where
/// it was saved; none if cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_template<R: Runtime>(
    app: AppHandle<R>,
    all: bool,
) -> Result<Option<String>, AppError> {
    let Some(path) = crate::commands::files::ask_save_path(
        &app,
        "Save the CSV template",
        "roster-import-template.csv",
    )
    .await?
    else {
        return Ok(None);
    };
    std::fs::write(&path, roster_import::template_csv_for(all)).map_err(|e| {
        AppError::new(
            ErrorCode::WriteFailed,
            format!(
                "Roster could not save the template to {}: {e}. Choose another folder.",
                path.display()
            ),
        )
    })?;
    Ok(Some(path.to_string_lossy().into_owned()))
}

/// Check the open spreadsheet against the open organization: which rows
/// create people, which update or skip existing ones, and which name groups
/// or directories the organization does not have. `change_state`: suspend or
/// reactivate existing people as the State column says (never otherwise).
#[tauri::command]
#[specta::specta]
pub async fn import_check_org(
    state: State<'_, AppState>,
    update_existing: bool,
    change_state: bool,
) -> Result<ImportSummary, AppError> {
    let open = state.open_org().await.ok_or_else(AppError::not_connected)?;
    // The people list's index, read again: the plan and the list see the same organization.
    let snapshot = state
        .people
        .fresh_snapshot(&open.org.id, &open.client)
        .await?;
    let existing = if update_existing {
        Existing::Update
    } else {
        Existing::Skip
    };
    change_preview(&state, move |p| {
        let options = p.options_for(existing, change_state);
        p.check_against(open.org, snapshot, options);
        Ok(())
    })
    .await
}

/// How far a running import is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
    /// The job's id, for `import_cancel` (in every message; the first comes before any row
    /// runs).
    pub job_id: String,
    pub done: u32,
    pub failed: u32,
    pub remaining: u32,
    pub total: u32,
    /// Seconds left, once Roster can tell.
    pub eta_secs: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum RowOutcome {
    Created,
    Updated,
    Suspended,
    Reactivated,
    Skipped,
    Failed,
    Pending,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ResultRow {
    pub line: u32,
    pub username: String,
    pub outcome: RowOutcome,
    pub id: Option<String>,
    pub message: Option<String>,
    /// True: this outcome is an earlier run's; nothing was sent for the row now.
    pub earlier: bool,
    /// When that earlier run finished it (RFC 3339), when known.
    pub earlier_at: Option<String>,
}

/// What an import did. The counts are this run's; rows an earlier run finished are counted
/// in `earlier` only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportResult {
    pub job_id: String,
    pub created: u32,
    pub updated: u32,
    pub suspended: u32,
    pub reactivated: u32,
    pub skipped: u32,
    pub failed: u32,
    /// Rows not done because the import was stopped.
    pub pending: u32,
    /// Rows finished by an earlier run of the same file and not sent again.
    pub earlier: u32,
    /// Why it stopped early, if it did.
    pub stopped: Option<String>,
    /// What Roster checked afterwards (an import from a platform: the bindings, with
    /// JumpCloud).
    pub notes: Vec<String>,
    /// Where the report (one line per row) was saved.
    pub report_path: String,
    /// This run's failed and pending rows first, then the rest (at most 1,000 rows).
    pub rows: Vec<ResultRow>,
}

/// How many result rows the page gets (the full list is in the report file).
const RESULT_ROWS: usize = 1000;

fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Run the import that was checked against the organization. Progress
/// arrives on `on_progress` (at most every 100 ms; the first and last
/// always), each message with the job's id. Every row's outcome is written to
/// a journal as it happens, so running the same file again resumes;
/// `retry_failed` also re-runs rows that failed last time. Refused when the
/// rows were checked against another organization than the one open now.
#[tauri::command]
#[specta::specta]
pub async fn import_run(
    state: State<'_, AppState>,
    retry_failed: bool,
    on_progress: Channel<ImportProgress>,
) -> Result<ImportResult, AppError> {
    let open = state.open_org().await.ok_or_else(AppError::not_connected)?;
    let job = {
        let guard = state.import.lock().await;
        guard
            .as_ref()
            .ok_or_else(EngineError::no_file)?
            .job(&open.org)?
    };
    // The people of an import from a platform are noted first: stopped half-way, they are
    // picked again the next time people are listed there.
    let unfinished = match &job.source {
        roster_engine::Source::Platform(p) => {
            let path = roster_engine::platform::unfinished_path(
                &state.job_places().journals,
                &open.org.id,
                &p.directory.id,
            );
            roster_engine::platform::save_unfinished(&path, &p.ids)?;
            Some(path)
        }
        _ => None,
    };
    let (job_id, ran) = super::run_tracked(
        &state,
        &open,
        &job,
        ExecuteOptions {
            retry_failed,
            ..ExecuteOptions::default()
        },
        Some(&on_progress),
    )
    .await?;
    let report = ran.report;
    // The bindings are checked with JumpCloud, not taken on trust.
    let mut notes = Vec::new();
    let mut all_bound = true;
    if let roster_engine::Source::Platform(p) = &job.source {
        let words = p.directory.words();
        match roster_engine::platform::not_bound_after(&open.client, &p.directory, &report).await {
            Ok(missing) if missing.is_empty() => notes.push(format!(
                "Checked with JumpCloud: everyone created or bound is bound to {words}."
            )),
            Ok(missing) => {
                all_bound = false;
                notes.push(format!(
                    "JumpCloud does not list these people as bound to {words}: {}. Import them again to bind them.",
                    missing.join(", ")
                ));
            }
            Err(e) => {
                all_bound = false;
                notes.push(format!(
                    "Roster could not check the bindings with JumpCloud afterwards: {}",
                    e.message
                ));
            }
        }
    }
    if let Some(path) = unfinished.filter(|_| report.all_done() && all_bound) {
        roster_engine::platform::clear_unfinished(&path);
    }
    // The people list gets the changed people (read again in the background).
    let changed: Vec<String> = report
        .rows
        .iter()
        .filter(|r| {
            r.earlier.is_none()
                && !matches!(
                    r.outcome,
                    Outcome::Failed | Outcome::Pending | Outcome::Skipped
                )
        })
        .filter_map(|r| r.id.clone())
        .collect();
    if !changed.is_empty() {
        let people = state.people.clone();
        let client = open.client.clone();
        let org_id = open.org.id.clone();
        tauri::async_runtime::spawn(async move {
            let _ = people.changed(&org_id, &client, &changed).await;
        });
    }
    let report_path = ran.report_path?;
    let mut rows: Vec<&roster_bulk::RowResult> = report.rows.iter().collect();
    rows.sort_by_key(|r| {
        (
            r.earlier.is_some(),
            !matches!(r.outcome, Outcome::Failed | Outcome::Pending),
            r.line,
        )
    });
    Ok(ImportResult {
        job_id,
        created: small(report.summary.created),
        updated: small(report.summary.updated),
        suspended: small(report.summary.suspended),
        reactivated: small(report.summary.reactivated),
        skipped: small(report.summary.skipped),
        failed: small(report.summary.failed),
        pending: small(report.summary.pending),
        earlier: small(report.summary.earlier),
        stopped: report.stopped.clone(),
        notes,
        report_path: report_path.to_string_lossy().into_owned(),
        rows: rows
            .into_iter()
            .take(RESULT_ROWS)
            .map(|r| ResultRow {
                line: u32::try_from(r.line).unwrap_or(u32::MAX),
                username: r.username.clone(),
                outcome: match r.outcome {
                    Outcome::Created => RowOutcome::Created,
                    Outcome::Updated => RowOutcome::Updated,
                    Outcome::Suspended => RowOutcome::Suspended,
                    Outcome::Reactivated | Outcome::Activated => RowOutcome::Reactivated,
                    Outcome::Deleted | Outcome::Scheduled => RowOutcome::Updated,
                    Outcome::Skipped => RowOutcome::Skipped,
                    Outcome::Failed => RowOutcome::Failed,
                    Outcome::Pending => RowOutcome::Pending,
                },
                id: r.id.clone(),
                message: r.message.clone(),
                earlier: r.earlier.is_some(),
                earlier_at: r.earlier.clone().filter(|at| at.ends_with('Z')),
            })
            .collect(),
    })
}

/// Stop the running job `job_id` after the rows in flight; the rest stay to do.
/// False when no such job is running (it already ended).
#[tauri::command]
#[specta::specta]
pub async fn import_cancel(state: State<'_, AppState>, job_id: String) -> Result<bool, AppError> {
    Ok(state.jobs.cancel(&job_id))
}
