//! The people workspace in the real window, on a practice organization of 5,000 people:
//! search narrows the list while the page keeps only a few dozen rows, a profile opens,
//! binding Google Workspace says what it does first, and a person added by hand (after the
//! form caught a bad email) is in the list, in History and — judged by the server — in the
//! practice organization.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use roster_e2e::{App, BoxError};
use serde_json::Value;

const PEOPLE: usize = 5000;

/// How many list rows the page holds now.
async fn rows_in_page(app: &App) -> Result<usize, BoxError> {
    Ok(app
        .client
        .find_all(Locator::Css("[data-testid=user-row]"))
        .await?
        .len())
}

/// Waits until no element has this test id.
async fn wait_gone(app: &App, id: &str) -> Result<(), BoxError> {
    let css = format!("[data-testid=\"{id}\"]");
    let started = Instant::now();
    while !app.client.find_all(Locator::Css(&css)).await?.is_empty() {
        if started.elapsed() > Duration::from_secs(20) {
            return Err(format!("[{id}] never went away").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn find_open_bind_and_add_one_person_in_a_big_practice_organization() -> Result<(), BoxError>
{
    let people = PEOPLE.to_string();
    let app = App::launch_with("people", &[("ROSTER_PRACTICE_PEOPLE", &people)]).await?;
    app.click("open-practice").await?;
    app.wait_for_text("org-banner", "(practice)").await?;
    app.wait_for_text("user-count", "5,000 of 5,000 people")
        .await?;

    // The page holds a few dozen rows, not 5,000.
    let shown = rows_in_page(&app).await?;
    assert!(
        (5..200).contains(&shown),
        "{shown} rows in the page for 5,000 people"
    );

    // Search by someone's last name: the list narrows to them and their namesakes.
    let mut last = None;
    for name in app
        .client
        .find_all(Locator::Css("[data-testid=user-row] td.name a"))
        .await?
    {
        let text = name.prop("textContent").await?.unwrap_or_default();
        if let Some(word) = text.split_whitespace().last() {
            if word.len() > 3 && word.chars().all(|c| c.is_ascii_alphabetic()) {
                last = Some(word.to_owned());
                break;
            }
        }
    }
    let last = last.ok_or("no plain last name among the first rows")?;
    app.type_into("people-search", &last).await?;
    // The count changes once the search has run (it waits for a pause in the typing).
    let started = Instant::now();
    let (narrowed, matching) = loop {
        let text = app.by_test_id("user-count").await?.text().await?;
        let n: usize = text
            .split_whitespace()
            .next()
            .and_then(|n| n.replace(',', "").parse().ok())
            .unwrap_or(PEOPLE);
        if n != PEOPLE || started.elapsed() > Duration::from_secs(20) {
            break (text, n);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        (1..PEOPLE).contains(&matching),
        "search {last:?} left {narrowed:?}"
    );
    // Every row shown is one the search found: its name, username or email has the name.
    let needle = last.to_lowercase();
    let started = Instant::now();
    loop {
        let mut all_match = true;
        let rows = app
            .client
            .find_all(Locator::Css("[data-testid=user-row]"))
            .await?;
        for row in &rows {
            let text = row.prop("textContent").await?.unwrap_or_default();
            if !text.to_lowercase().contains(&needle) {
                all_match = false;
            }
        }
        if all_match && !rows.is_empty() {
            break;
        }
        if started.elapsed() > Duration::from_secs(20) {
            return Err(format!("rows not matching {last:?} stayed in the list").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    app.screenshot("people-search").await?;

    // Open the first one's profile; the filter is kept for Back.
    app.client
        .find(Locator::Css("[data-testid=user-row] td.name a"))
        .await?
        .click()
        .await?;
    let opened = app.wait_for_text("person-who", "@").await?;
    assert!(
        opened.to_lowercase().contains(&needle),
        "the profile of someone the search found: {opened}"
    );
    // Back to the list, as it was.
    app.click("back-to-people").await?;
    app.wait_for_text("user-count", &format!("{} of 5,000", matching))
        .await?;

    // Add one person by hand; the form catches the bad email on its field.
    app.click("add-people").await?;
    app.click("add-one-person").await?;
    app.by_test_id("person-form").await?;
    app.type_into("field-email", "pat.doe@").await?;
    app.type_into("field-firstname", "Pat").await?;
    app.type_into("field-lastname", "Doe").await?;
    let issue = app.wait_for_text("issue-email", "pat.doe@").await?;
    assert!(!issue.is_empty());
    app.screenshot("add-person-issue").await?;
    app.type_into("field-email", "pat.doe@example.com").await?;
    wait_gone(&app, "issue-email").await?;
    let offered = app
        .by_test_id("field-username")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    assert_eq!(offered, "pat.doe", "the username is offered from the email");
    app.wait_for_text("form-summary", "Add Pat Doe (pat.doe)")
        .await?;
    app.click("add-person-submit").await?;
    app.wait_for_text("person-who", "pat.doe").await?;

    // On their profile, bind Google Workspace: the confirmation says what it does first.
    app.click("person-tab-directories").await?;

    let select = app.by_test_id("bind-select").await?;
    let mut google = None;
    let mut offered = Vec::new();
    for option in select.find_all(Locator::Css("option")).await? {
        let text = option.prop("textContent").await?.unwrap_or_default();
        if text.contains("Google Workspace") {
            google = option.prop("value").await?;
        }
        offered.push(text);
    }
    let google = google.ok_or(format!("Google Workspace is not offered: {offered:?}"))?;
    select.select_by_value(&google).await?;
    app.click("bind-submit").await?;
    let effect = app.wait_for_text("side-effect", "Google account").await?;
    app.screenshot("bind-google").await?;
    assert!(effect.contains("JumpCloud may create"), "{effect}");
    app.click("confirm-bind-button").await?;
    app.wait_for_text("directory-row", "Google Workspace")
        .await?;

    // In the list at once, and in History.
    app.click("nav-people").await?;
    app.type_into("people-search", "pat doe").await?;
    app.wait_for_text("user-count", "1 of 5,001 people").await?;
    app.click("nav-history").await?;
    app.wait_for_text("history-entry", "pat.doe").await?;

    // Judge by the server: the practice organization's saved state.
    let home = app.stop().await?;
    let files = roster_e2e::files_containing(&home, "\"pat.doe\"");
    let state_file = files
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .ok_or("the practice organization's state file was not found")?;
    let state: Value = serde_json::from_slice(&std::fs::read(state_file)?)?;
    let pat = roster_e2e::user_where(&state, "username", "pat.doe")
        .ok_or("pat.doe is not in the organization")?;
    assert_eq!(pat.get("firstname").and_then(Value::as_str), Some("Pat"));
    assert_eq!(
        pat.get("email").and_then(Value::as_str),
        Some("pat.doe@example.com")
    );
    let bound_id = pat.get("_id").and_then(Value::as_str).ok_or("no id")?;
    let assocs = state
        .get("assocs")
        .and_then(Value::as_array)
        .ok_or("no associations in the state")?;
    assert!(
        assocs.iter().any(|a| a["from_id"] == bound_id
            && a["from_type"] == "user"
            && a["to_type"] == "g_suite"),
        "pat.doe is not bound to Google Workspace on the server"
    );
    Ok(())
}
