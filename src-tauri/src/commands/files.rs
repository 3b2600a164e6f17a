//! Choosing a file with the system's own file dialog.

use std::path::Path;

use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::{AppError, ErrorCode};
use crate::state::AppState;

/// The title of the dialog: what it is for.
pub const OPEN_DIALOG_TITLE: &str = "Choose a spreadsheet to import";

/// A file the admin picked, as Roster read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PickedFile {
    pub path: String,
    pub name: String,
    pub size_bytes: u32,
    /// Lines of text, counting a last line without a line break.
    pub lines: u32,
}

/// Open the native file dialog for spreadsheets. `None` when the admin
/// cancels. The file picked becomes one the import may open.
#[tauri::command]
#[specta::specta]
pub async fn pick_csv_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<PickedFile>, AppError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(OPEN_DIALOG_TITLE)
        .add_filter(
            "Spreadsheet (Excel, OpenDocument, CSV)",
            &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt"],
        )
        .pick_file(move |picked| {
            // The receiver only goes away if the command was abandoned.
            let _ = tx.send(picked);
        });
    let picked = rx.await.map_err(|_| {
        AppError::new(
            ErrorCode::Internal,
            "The file dialog closed unexpectedly. Try again.",
        )
    })?;
    let Some(picked) = picked else {
        return Ok(None);
    };
    let path = picked.into_path().map_err(|_| {
        AppError::new(
            ErrorCode::FileUnreadable,
            "Roster can only open files on this computer or a mapped drive.",
        )
    })?;
    state.remember_chosen(&path);
    tokio::task::spawn_blocking(move || describe(&path))
        .await
        .map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("Reading the file stopped: {e}"),
            )
        })?
        .map(Some)
}

/// Ask where to save a CSV file with the native "Save" dialog (`title` says what is saved,
/// `file_name` is offered). `None` when the admin cancels.
pub async fn ask_save_path<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: &str,
) -> Result<Option<std::path::PathBuf>, AppError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(title)
        .set_file_name(file_name)
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
    picked.into_path().map(Some).map_err(|_| {
        AppError::new(
            ErrorCode::WriteFailed,
            "Roster can only save to folders on this computer or a mapped drive.",
        )
    })
}

/// Read a file's name, size and line count, with errors in plain words.
pub fn describe(path: &Path) -> Result<PickedFile, AppError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = std::fs::read(path).map_err(|e| {
        AppError::new(
            ErrorCode::FileUnreadable,
            format!("Roster could not read \"{name}\": {e}. Check the file is not open in another program, then pick it again."),
        )
    })?;
    let newlines = bytes.iter().filter(|&&b| b == b'\n').count();
    let lines = newlines + usize::from(bytes.last().is_some_and(|&b| b != b'\n'));
    Ok(PickedFile {
        path: path.to_string_lossy().into_owned(),
        name,
        size_bytes: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
        lines: u32::try_from(lines).unwrap_or(u32::MAX),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_with_and_without_final_newline() {
        let dir = std::env::temp_dir().join(format!("roster-describe-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let a = dir.join("a.csv");
        std::fs::write(&a, "username,email\r\nada,ada@example.com\r\n").expect("write");
        let b = dir.join("b.csv");
        std::fs::write(&b, "username\nada").expect("write");
        let e = dir.join("empty.csv");
        std::fs::write(&e, "").expect("write");
        assert_eq!(describe(&a).expect("reads").lines, 2);
        assert_eq!(describe(&b).expect("reads").lines, 2);
        let empty = describe(&e).expect("reads");
        assert_eq!(
            (empty.lines, empty.size_bytes, empty.name.as_str()),
            (0, 0, "empty.csv")
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn missing_file_is_a_plain_error() {
        let err = describe(Path::new("/nonexistent/people.csv")).expect_err("missing");
        assert_eq!(err.code, ErrorCode::FileUnreadable);
        assert!(err.message.contains("\"people.csv\""), "{}", err.message);
    }
}
