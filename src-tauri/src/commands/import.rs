//! Preparing a CSV import: open a file, look through its rows, fix cells,
//! leave rows out, change the column mapping. The rows stay in Rust; the
//! page asks for the ones it shows.

use std::path::PathBuf;

use roster_bulk::{
    default_report_path_now, execute, CancellationToken, ExecuteOptions, Existing, Journal,
    JournalKey, OrgSnapshot, Outcome, PlanOptions, Progress,
};
use serde::Serialize;
use specta::Type;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::{AppError, ErrorCode};
use crate::import_session::{ImportSession, ImportSummary, RowFilter, RowsPage};
use crate::state::AppState;

fn no_file() -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        "No spreadsheet is open. Pick one first.",
    )
}

/// Read and check a spreadsheet (from the file dialog or dropped on the window).
#[tauri::command]
#[specta::specta]
pub async fn import_open(
    state: State<'_, AppState>,
    path: String,
) -> Result<ImportSummary, AppError> {
    let path = PathBuf::from(path);
    let remembered = state.places.mappings_file.clone();
    // Reading and checking 100,000 rows takes a moment: keep it off the async workers.
    let session = tokio::task::spawn_blocking(move || ImportSession::open(&path, &remembered))
        .await
        .map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("Reading the file stopped: {e}"),
            )
        })??;
    let summary = session.summary();
    *state.import.lock().await = Some(session);
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
    let session = guard.as_ref().ok_or_else(no_file)?;
    Ok(session.rows(filter, offset, limit))
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
    let mut guard = state.import.lock().await;
    let session = guard.as_mut().ok_or_else(no_file)?;
    session.edit_cell(line, column, &value)?;
    Ok(session.summary())
}

/// Leave a row out of the import, or bring it back.
#[tauri::command]
#[specta::specta]
pub async fn import_exclude_row(
    state: State<'_, AppState>,
    line: u32,
    excluded: bool,
) -> Result<ImportSummary, AppError> {
    let mut guard = state.import.lock().await;
    let session = guard.as_mut().ok_or_else(no_file)?;
    session.set_excluded(line, excluded)?;
    Ok(session.summary())
}

/// Choose which JumpCloud field each column fills (a field key, or none).
#[tauri::command]
#[specta::specta]
pub async fn import_set_mapping(
    state: State<'_, AppState>,
    columns: Vec<Option<String>>,
) -> Result<ImportSummary, AppError> {
    let mut guard = state.import.lock().await;
    let session = guard.as_mut().ok_or_else(no_file)?;
    session.set_mapping(&columns, &state.places.mappings_file)?;
    Ok(session.summary())
}

/// Save Roster's CSV template (every supported column and one example row)
/// where the admin chooses. Returns where it was saved; none if cancelled.
#[tauri::command]
#[specta::specta]
pub async fn save_template<R: Runtime>(app: AppHandle<R>) -> Result<Option<String>, AppError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Save the CSV template")
        .set_file_name("roster-import-template.csv")
        .add_filter("CSV file", &["csv"])
        .save_file(move |picked| {
            let _ = tx.send(picked);
        });
    let picked = rx.await.map_err(|_| {
        AppError::new(
            ErrorCode::Internal,
            "The save dialog closed unexpectedly. Try again.",
        )
    })?;
    let Some(picked) = picked else {
        return Ok(None);
    };
    let path = picked.into_path().map_err(|_| {
        AppError::new(
            ErrorCode::FileUnreadable,
            "Roster can only save to folders on this computer or a mapped drive.",
        )
    })?;
    std::fs::write(&path, roster_import::template_csv()).map_err(|e| {
        AppError::new(
            ErrorCode::FileUnreadable,
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
/// or directories the organization does not have.
#[tauri::command]
#[specta::specta]
pub async fn import_check_org(
    state: State<'_, AppState>,
    update_existing: bool,
) -> Result<ImportSummary, AppError> {
    let client = state.client().await.ok_or_else(AppError::not_connected)?;
    let snapshot = OrgSnapshot::fetch(&client).await?;
    let options = PlanOptions {
        existing: if update_existing {
            Existing::Update
        } else {
            Existing::Skip
        },
    };
    let mut guard = state.import.lock().await;
    let session = guard.as_mut().ok_or_else(no_file)?;
    session.check_against(snapshot, options);
    Ok(session.summary())
}

/// How far a running import is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
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
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportResult {
    pub created: u32,
    pub updated: u32,
    pub skipped: u32,
    pub failed: u32,
    /// Rows not done because the import was stopped.
    pub pending: u32,
    /// Why it stopped early, if it did.
    pub stopped: Option<String>,
    /// Where the report (one line per row) was saved.
    pub report_path: String,
    /// Failed and pending rows first, then the rest (at most 1,000 rows).
    pub rows: Vec<ResultRow>,
}

/// How many result rows the page gets (the full list is in the report file).
const RESULT_ROWS: usize = 1000;

fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Run the import that was checked against the organization. Progress
/// arrives on `on_progress` (at most every 100 ms; the first and last
/// always). Every row's outcome is written to a journal as it happens, so
/// running the same file again resumes; `retry_failed` also re-runs rows
/// that failed last time.
#[tauri::command]
#[specta::specta]
pub async fn import_run(
    state: State<'_, AppState>,
    retry_failed: bool,
    on_progress: Channel<ImportProgress>,
) -> Result<ImportResult, AppError> {
    let (client, org_id) = state
        .client_and_org_id()
        .await
        .ok_or_else(AppError::not_connected)?;
    let (plan, key, source) = {
        let guard = state.import.lock().await;
        let session = guard.as_ref().ok_or_else(no_file)?;
        let org = session.against_org.as_ref().ok_or_else(|| {
            AppError::new(
                ErrorCode::Validation,
                "Check the rows against the organization before importing.",
            )
        })?;
        (
            org.plan.clone(),
            JournalKey::new(&org_id, &session.bytes, &session.mapping),
            session.path.clone(),
        )
    };
    let journal_dir = state.places.data_dir.join("import-journals");
    let journal = Journal::open(&journal_dir, &key).map_err(|e| {
        AppError::new(
            ErrorCode::SettingsFailed,
            format!(
                "Roster could not open its import journal in {}: {e}. Nothing was sent.",
                journal_dir.display()
            ),
        )
    })?;
    let cancel = CancellationToken::new();
    *state
        .import_cancel
        .lock()
        .unwrap_or_else(|e| e.into_inner()) = Some(cancel.clone());
    let send = |p: Progress| {
        let _ = on_progress.send(ImportProgress {
            done: small(p.done),
            failed: small(p.failed),
            remaining: small(p.remaining),
            total: small(p.total),
            eta_secs: p.eta_secs.map(|s| u32::try_from(s).unwrap_or(u32::MAX)),
        });
    };
    let options = ExecuteOptions {
        retry_failed,
        ..ExecuteOptions::default()
    };
    let report = execute(&client, &plan, &journal, &options, &send, &cancel).await;
    *state
        .import_cancel
        .lock()
        .unwrap_or_else(|e| e.into_inner()) = None;

    let report_path = save_report(&report, &source, &state.places.data_dir)?;
    let mut rows: Vec<&roster_bulk::RowResult> = report.rows.iter().collect();
    rows.sort_by_key(|r| {
        (
            !matches!(r.outcome, Outcome::Failed | Outcome::Pending),
            r.line,
        )
    });
    Ok(ImportResult {
        created: small(report.summary.created),
        updated: small(report.summary.updated),
        skipped: small(report.summary.skipped),
        failed: small(report.summary.failed),
        pending: small(report.summary.pending),
        stopped: report.stopped.clone(),
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
                    Outcome::Skipped => RowOutcome::Skipped,
                    Outcome::Failed => RowOutcome::Failed,
                    Outcome::Pending => RowOutcome::Pending,
                },
                id: r.id.clone(),
                message: r.message.clone(),
            })
            .collect(),
    })
}

/// Stop the running import after the rows in flight; the rest stay to do.
#[tauri::command]
#[specta::specta]
pub async fn import_cancel(state: State<'_, AppState>) -> Result<bool, AppError> {
    let token = state
        .import_cancel
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    Ok(token.map(|t| t.cancel()).is_some())
}

/// Save the report beside the spreadsheet; if that folder is read-only,
/// in Roster's own folder.
fn save_report(
    report: &roster_bulk::ImportReport,
    source: &std::path::Path,
    data_dir: &std::path::Path,
) -> Result<PathBuf, AppError> {
    let beside = default_report_path_now(source);
    if report.write_csv(&beside).is_ok() {
        return Ok(beside);
    }
    let name = beside
        .file_name()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("roster-report.csv"));
    let fallback = data_dir.join("reports").join(name);
    if let Some(dir) = fallback.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    report.write_csv(&fallback).map_err(|e| {
        AppError::new(
            ErrorCode::SettingsFailed,
            format!("The import ran, but Roster could not save its report: {e}. The results are shown here."),
        )
    })?;
    Ok(fallback)
}
