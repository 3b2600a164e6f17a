//! The admin's main job, in the real window: pick a spreadsheet in the
//! native dialog, see the problem at the right line, fix it in the grid,
//! import into the practice organization, and get a report.

use roster_e2e::{answer_open_file_dialog, scratch_dir, App, BoxError};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pick_fix_import_and_report() -> Result<(), BoxError> {
    let dir = scratch_dir("import")?;
    let csv = dir.join("march-starters.csv");
    // Excel-style: semicolons, CRLF; line 3 has a broken email.
    std::fs::write(
        &csv,
        "First Name;Last Name;E-mail Address;Username\r\n\
         Zainab;Haddad;zainab.haddad@example.com;zhaddad\r\n\
         Tomás;Ibarra;tomas.ibarra@;tibarra\r\n\
         Mei;Lin;mei.lin@example.com;mlin\r\n",
    )?;

    let app = App::launch("import").await?;
    app.click("open-practice").await?;
    app.wait_for_text("org-banner", "(practice)").await?;
    app.click("pick-file").await?;
    let answered = tokio::task::spawn_blocking({
        let csv = csv.clone();
        move || answer_open_file_dialog(&csv).map_err(|e| e.to_string())
    });
    answered.await??;

    // The preview: read as semicolon-separated, one row to fix, on line 3, in the email cell.
    app.wait_for_text("import-description", "separated by semicolons")
        .await?;
    app.wait_for_text("import-counts", "1 to fix").await?;
    // The problem names its column; the row already shows its line.
    let problem = app.wait_for_text("problems-3", "E-mail Address:").await?;
    assert!(problem.contains("tomas.ibarra@"), "{problem}");
    assert!(!problem.contains("Line 3"), "{problem}");
    app.wait_for_text("plan-counts", "2 to create").await?;
    app.wait_for_text("action-2", "Create").await?;
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("import.png"), app.client.screenshot().await?)?;

    // Fix it in the grid (column 2 is the email).
    app.click("cell-3-2").await?;
    // The editor opens with the old text selected, so typing replaces it
    // (WebDriver's clear() would blur it, which saves and closes the editor).
    let input = app.by_test_id("cell-input").await?;
    input.send_keys("tomas.ibarra@example.com\u{E007}").await?; // U+E007 is WebDriver's Enter
    app.wait_for_text("import-counts", "0 to fix").await?;
    app.wait_for_text("plan-counts", "3 to create").await?;

    // Import, after a confirmation that names the organization.
    app.click("start-import").await?;
    app.wait_for_text("confirm-import", "Import into Example Corp (practice)")
        .await?;
    app.by_test_id("confirm-import-button")
        .await?
        .click()
        .await?;
    app.wait_for_text("result-counts", "3 created").await?;
    let report_path = app.by_test_id("report-path").await?.text().await?;
    let report = std::fs::read_to_string(&report_path)?;
    assert!(
        report_path.starts_with(dir.to_string_lossy().as_ref()),
        "saved beside the file: {report_path}"
    );
    for name in ["zhaddad", "tibarra", "mlin"] {
        assert!(
            report
                .lines()
                .any(|l| l.contains(name) && l.contains("created")),
            "{name} in report:\n{report}"
        );
    }

    // History has each person created, with where it came from.
    app.click("nav-history").await?;
    for name in ["zhaddad", "tibarra", "mlin"] {
        app.wait_for_text("history-screen", &format!("Created: {name}"))
            .await?;
    }
    app.wait_for_text("history-screen", "starters.csv, line 3")
        .await?;
    std::fs::write(out.join("history.png"), app.client.screenshot().await?)?;
    app.close().await?;
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
