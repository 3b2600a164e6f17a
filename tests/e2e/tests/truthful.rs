//! What an admin hit trying the import, walked through the real window: a semicolon-separated
//! Windows-1252 file from Excel with one bad email and one duplicate, both fixed in the grid;
//! an import; then three cells changed and a second run with "update people who already
//! exist". The result must say exactly what this run did ("3 updated", nothing created), and
//! the practice organization's own state must hold the edited values.

use std::collections::HashMap;

use roster_e2e::{answer_open_file_dialog, scratch_dir, App, BoxError};

/// The usernames and departments in the practice organization's saved state.
fn departments(state: &serde_json::Value, out: &mut HashMap<String, String>) {
    match state {
        serde_json::Value::Object(map) => {
            if let (Some(serde_json::Value::String(user)), Some(dept)) =
                (map.get("username"), map.get("department"))
            {
                out.insert(user.clone(), dept.as_str().unwrap_or("").to_owned());
            }
            map.values().for_each(|v| departments(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| departments(v, out)),
        _ => {}
    }
}

/// Edit one grid cell as a person does: click it, type, Enter.
async fn edit(app: &App, line: u32, column: u32, value: &str) -> Result<(), BoxError> {
    app.click(&format!("cell-{line}-{column}")).await?;
    let input = app.by_test_id("cell-input").await?;
    input.send_keys(&format!("{value}\u{E007}")).await?; // U+E007 is WebDriver's Enter
    app.wait_for_text(&format!("cell-{line}-{column}"), value)
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_run_reports_what_it_did_and_the_server_has_the_edits() -> Result<(), BoxError> {
    let dir = scratch_dir("truthful")?;
    let csv = dir.join("april-starters.csv");
    // Windows-1252 ("Zoë" is 0xEB), semicolons, CRLF. Line 3's email is broken; line 6 takes
    // line 2's username.
    let mut bytes = b"First Name;Last Name;E-mail Address;Username;Department\r\nZo".to_vec();
    bytes.push(0xEB);
    bytes.extend_from_slice(
        b";Quist;zoe.quist@example.com;zquist;Sales\r\n\
          Bo;Ek;bo.ek@;boek;Sales\r\n\
          Cy;Dahl;cy.dahl@example.com;cdahl;Sales\r\n\
          Di;Fox;di.fox@example.com;dfox;Sales\r\n\
          Ed;Gil;ed.gil@example.com;zquist;Sales\r\n",
    );
    std::fs::write(&csv, bytes)?;

    let app = App::launch("truthful").await?;
    app.click("open-practice").await?;
    app.wait_for_text("org-banner", "(practice)").await?;
    app.click("pick-file").await?;
    let answered = tokio::task::spawn_blocking({
        let csv = csv.clone();
        move || answer_open_file_dialog(&csv).map_err(|e| e.to_string())
    });
    answered.await??;
    app.wait_for_text("import-description", "Windows-1252")
        .await?;
    app.wait_for_text("import-description", "semicolons")
        .await?;
    app.wait_for_text("problems-3", "bo.ek@").await?;
    app.wait_for_text("problems-6", "also used on line 2")
        .await?;

    // Fix both in the grid.
    edit(&app, 3, 2, "bo.ek@example.com").await?;
    edit(&app, 6, 3, "egil").await?;
    app.wait_for_text("import-counts", "0 to fix").await?;
    app.wait_for_text("plan-counts", "5 to create").await?;
    app.click("start-import").await?;
    app.by_test_id("confirm-import-button")
        .await?
        .click()
        .await?;
    app.wait_for_text("result-counts", "5 created").await?;

    // Three people change department; the second run updates people who exist.
    for line in [2, 3, 4] {
        edit(&app, line, 4, "Research").await?;
    }
    app.click("update-existing").await?;
    let planned = app.wait_for_text("plan-counts", "3 to update").await?;
    assert!(planned.contains("0 to create"), "{planned}");
    app.click("start-import").await?;
    app.by_test_id("confirm-import-button")
        .await?
        .click()
        .await?;
    let result = app.wait_for_text("result-counts", "3 updated").await?;
    assert!(
        result.contains("0 created"),
        "this run created nobody: {result}"
    );
    let earlier = app
        .wait_for_text("result-earlier", "done by an earlier run")
        .await?;
    assert!(earlier.starts_with("2 rows"), "{earlier}");

    // Judge by the server: the practice organization's own saved state.
    let home = app.stop().await?;
    let state_files = roster_e2e::files_containing(&home, "\"zquist\"");
    let state = state_files
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .ok_or("the practice organization's state file was not found")?;
    let mut found = HashMap::new();
    departments(&serde_json::from_slice(&std::fs::read(state)?)?, &mut found);
    for (user, dept) in [
        ("zquist", "Research"),
        ("boek", "Research"),
        ("cdahl", "Research"),
        ("dfox", "Sales"),
        ("egil", "Sales"),
    ] {
        assert_eq!(
            found.get(user).map(String::as_str),
            Some(dept),
            "{user}: {found:?}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
