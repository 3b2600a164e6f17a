//! Dropping files on the real window under Xvfb: a real GTK drag source offers the file
//! (as a file manager does) and xdotool drags it onto Roster. A CSV file and an Excel
//! workbook (built here with a library) both open in the import preview; the workbook names
//! its sheet and can switch to another, and importing it keeps the employee ids' leading
//! zeros — judged by the practice organization's saved state.

use std::path::Path;

use roster_e2e::{drop_file_on_window, scratch_dir, App, BoxError};
use serde_json::Value;

const DRAG_SOURCE: &str = env!("CARGO_BIN_EXE_drag_source");

async fn drop_on_roster(path: &Path) -> Result<(), BoxError> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || {
        drop_file_on_window(Path::new(DRAG_SOURCE), &path, "^Roster$").map_err(|e| e.to_string())
    })
    .await??;
    Ok(())
}

fn workbook(path: &Path) -> Result<(), BoxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("Read me")?;
    notes.write_string(0, 0, "New starters are on the next sheet")?;
    let s = book.add_worksheet();
    s.set_name("Starters")?;
    s.set_active(true);
    for (c, h) in [
        "Username",
        "Email",
        "First name",
        "Last name",
        "Employee ID",
    ]
    .iter()
    .enumerate()
    {
        s.write_string(0, c as u16, *h)?;
    }
    for (r, (user, first, id)) in [
        ("dropped.ada", "Ada", "000417"),
        ("dropped.alan", "Alan", "000418"),
    ]
    .iter()
    .enumerate()
    {
        let row = r as u32 + 1;
        s.write_string(row, 0, *user)?;
        s.write_string(row, 1, format!("{user}@example.com"))?;
        s.write_string(row, 2, *first)?;
        s.write_string(row, 3, "Dropped")?;
        s.write_string(row, 4, *id)?;
    }
    book.save(path)?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_csv_and_a_dropped_workbook_open_in_the_preview() -> Result<(), BoxError> {
    let dir = scratch_dir("drop")?;
    let csv = dir.join("dropped.csv");
    std::fs::write(
        &csv,
        "Username;Email\r\ndropped.one;dropped.one@example.com\r\ndropped.two;two@\r\n",
    )?;
    let xlsx = dir.join("dropped starters.xlsx");
    workbook(&xlsx)?;

    let app = App::launch("drop").await?;
    app.click("open-practice").await?;
    app.wait_for_text("org-banner", "(practice)").await?;
    drop_on_roster(&csv).await?;
    app.wait_for_text("import-description", "separated by semicolons")
        .await?;
    app.wait_for_text("import-counts", "1 to fix").await?;

    app.click("nav-people").await?;
    drop_on_roster(&xlsx).await?;
    app.wait_for_text(
        "import-description",
        "Sheet \u{201c}Starters\u{201d} of the Excel workbook, 2 rows.",
    )
    .await?;
    app.wait_for_text("plan-counts", "2 to create").await?;
    // The sheet choice counts the same people the preview shows.
    app.wait_for_text("import-sheet", "Starters \u{2014} 2 rows")
        .await?;
    app.screenshot("drop-workbook").await?;

    // The other sheet, then back.
    let sheet = app.by_test_id("import-sheet").await?;
    sheet.select_by_value("Read me").await?;
    app.wait_for_text("import-description", "\u{201c}Read me\u{201d}")
        .await?;
    app.by_test_id("import-sheet")
        .await?
        .select_by_value("Starters")
        .await?;
    app.wait_for_text("plan-counts", "2 to create").await?;

    app.click("start-import").await?;
    app.by_test_id("confirm-import").await?;
    app.click("confirm-import-button").await?;
    app.wait_for_text("result-counts", "2 created").await?;

    let home = app.stop().await?;
    let files = roster_e2e::files_containing(&home, "\"dropped.ada\"");
    let state_file = files
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .ok_or("the practice organization's state file was not found")?;
    let state: Value = serde_json::from_slice(&std::fs::read(state_file)?)?;
    let ada = roster_e2e::user_where(&state, "username", "dropped.ada")
        .ok_or("dropped.ada is not in the organization")?;
    assert_eq!(
        ada.get("employeeIdentifier").and_then(Value::as_str),
        Some("000417"),
        "the leading zeros survive"
    );
    assert!(roster_e2e::user_where(&state, "username", "dropped.alan").is_some());
    Ok(())
}
