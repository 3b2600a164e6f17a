//! Importing from Google Workspace in the real window: "+ Add people", choose Google
//! Workspace, search, pick two new people and one already in JumpCloud, preview, import, and
//! see the one already there bound on their Directories tab — and, judged by the server, all
//! three bound in the practice organization's saved state.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use roster_e2e::{App, BoxError};
use serde_json::Value;

/// The emails of the listed rows now (rows are `platform-row-<email>`).
async fn listed(app: &App) -> Result<Vec<String>, BoxError> {
    let rows = app
        .client
        .find_all(Locator::Css("[data-testid^=\"platform-row-\"]"))
        .await?;
    let mut emails = Vec::new();
    for row in rows {
        if let Some(id) = row.attr("data-testid").await? {
            emails.push(id.trim_start_matches("platform-row-").to_owned());
        }
    }
    Ok(emails)
}

/// The listed rows' emails, if every row's text has `words` (rows re-render as they load:
/// a row gone meanwhile is an error, and the caller looks again).
async fn rows_saying(app: &App, words: &str) -> Result<Vec<String>, BoxError> {
    let emails = listed(app).await?;
    for e in &emails {
        let row = app.by_test_id(&format!("platform-row-{e}")).await?;
        let text = row.prop("textContent").await?.unwrap_or_default();
        if !text.contains(words) {
            return Err(format!("{e} does not say {words:?}").into());
        }
    }
    Ok(emails)
}

/// Shows only the people of this standing, and waits for the rows to say so.
async fn show(app: &App, standing: &str, words: &str) -> Result<Vec<String>, BoxError> {
    let select = app.by_test_id("platform-standing").await?;
    select.select_by_value(standing).await?;
    let started = Instant::now();
    loop {
        match rows_saying(app, words).await {
            Ok(emails) if !emails.is_empty() => return Ok(emails),
            _ if started.elapsed() > Duration::from_secs(20) => {
                return Err(format!("no rows only of {standing:?}").into())
            }
            _ => tokio::time::sleep(Duration::from_millis(150)).await,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn choose_google_search_pick_three_import_and_see_them_bound() -> Result<(), BoxError> {
    let app = App::launch("platform").await?;
    app.click("open-practice").await?;
    app.wait_for_text("org-banner", "(practice)").await?;
    app.click("add-people").await?;
    app.click("add-from-platform").await?;
    app.by_test_id("platform-screen").await?;

    // Google Workspace comes first; the search is Google's own.
    let choice = app
        .client
        .wait()
        .for_element(Locator::Css("[data-testid^=\"platform-choice-\"]"))
        .await?;
    choice.click().await?;
    app.type_into("platform-search", "example.com").await?;
    app.click("platform-list").await?;
    app.wait_for_text("platform-counts", "new").await?;
    let new = show(&app, "new", "new").await?;
    let in_jumpcloud = show(&app, "not_bound", "not bound here").await?;
    let picked = [new[0].clone(), new[1].clone(), in_jumpcloud[0].clone()];
    show(&app, "new", "new").await?;
    for e in &picked[..2] {
        app.click(&format!("platform-pick-{e}")).await?;
    }
    show(&app, "not_bound", "not bound here").await?;
    app.click(&format!("platform-pick-{}", picked[2])).await?;
    app.wait_for_text("platform-picked-count", "3").await?;
    show(&app, "", "").await?;
    app.screenshot("platform-import").await?;
    app.click("platform-preview").await?;
    app.by_test_id("import-screen").await?;
    app.wait_for_text("plan-counts", "2 to create · 1 to update")
        .await?;
    app.click("start-import").await?;
    app.by_test_id("confirm-import").await?;
    app.click("confirm-import-button").await?;
    app.wait_for_text("result-counts", "2 created").await?;
    app.wait_for_text(
        "result-note",
        "Checked with JumpCloud: everyone created or bound is bound to Google Workspace",
    )
    .await?;

    // The one already in JumpCloud is bound now, on their Directories tab.
    app.click("nav-people").await?;
    app.type_into("people-search", &picked[2]).await?;
    let started = Instant::now();
    loop {
        let text = app.by_test_id("user-count").await?.text().await?;
        if text.starts_with("1 of") {
            break;
        }
        if started.elapsed() > Duration::from_secs(20) {
            return Err(format!("the search for {} left {text:?}", picked[2]).into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The one row left is theirs; open their profile.
    let started = Instant::now();
    loop {
        let rows = app
            .client
            .find_all(Locator::Css("[data-testid=user-row]"))
            .await?;
        if rows.len() == 1 {
            let text = rows[0].prop("textContent").await?.unwrap_or_default();
            if text.to_lowercase().contains(&picked[2].to_lowercase()) {
                break;
            }
        }
        if started.elapsed() > Duration::from_secs(20) {
            return Err(format!("{} was not the one row left", picked[2]).into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.client
        .find(Locator::Css("[data-testid=user-row] td.name a"))
        .await?
        .click()
        .await?;
    app.wait_for_text("person-who", "@").await?;
    app.click("person-tab-directories").await?;
    app.wait_for_text("directory-row", "Google Workspace")
        .await?;

    // Judged by the server: all three are users bound to Google Workspace.
    let home = app.stop().await?;
    let files = roster_e2e::files_containing(&home, &picked[0]);
    let state_file = files
        .iter()
        .find(|p| {
            p.extension().is_some_and(|e| e == "json") && p.to_string_lossy().contains("practice")
        })
        .or_else(|| {
            files
                .iter()
                .find(|p| p.extension().is_some_and(|e| e == "json"))
        })
        .ok_or("the practice organization's state file was not found")?;
    let state: Value = serde_json::from_slice(&std::fs::read(state_file)?)?;
    let assocs = state
        .get("assocs")
        .and_then(Value::as_array)
        .ok_or("no associations in the state")?;
    for email in &picked {
        let user = roster_e2e::user_where(&state, "email", email)
            .ok_or(format!("{email} is not a user"))?;
        let id = user.get("_id").and_then(Value::as_str).ok_or("no id")?;
        assert!(
            assocs.iter().any(|a| a["from_id"] == id
                && a["from_type"] == "user"
                && a["to_type"] == "g_suite"),
            "{email} is not bound to Google Workspace on the server"
        );
    }
    Ok(())
}
