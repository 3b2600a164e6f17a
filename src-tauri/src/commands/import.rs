//! Preparing a CSV import: open a file, look through its rows, fix cells,
//! leave rows out, change the column mapping. The rows stay in Rust; the
//! page asks for the ones it shows.

use std::path::PathBuf;

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
    // Reading and checking 100,000 rows takes a moment: keep it off the async workers.
    let session = tokio::task::spawn_blocking(move || ImportSession::open(&path))
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
    session.set_mapping(&columns)?;
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
