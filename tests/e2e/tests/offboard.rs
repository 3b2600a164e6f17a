//! Offboarding in the real window, on the practice organization: suspend one person from
//! their profile (the confirmation says they are still billed), delete three picked in the
//! list behind type-to-confirm, add one back from Deleted people — and the practice
//! organization's saved state (the server) agrees.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use roster_e2e::{App, BoxError};
use serde_json::Value;

/// The users in the practice organization's saved state, by username.
fn users_in(state: &Value) -> Vec<serde_json::Map<String, Value>> {
    fn walk(v: &Value, out: &mut Vec<serde_json::Map<String, Value>>) {
        match v {
            Value::Object(map) => {
                if map.contains_key("username") && map.contains_key("_id") {
                    out.push(map.clone());
                } else {
                    map.values().for_each(|x| walk(x, out));
                }
            }
            Value::Array(items) => items.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(state, &mut out);
    out
}

/// Text of the cells with this CSS, from the DOM (rows out of view have no rendered text).
async fn texts(app: &App, css: &str) -> Result<Vec<String>, BoxError> {
    let mut out = Vec::new();
    for e in app.client.find_all(Locator::Css(css)).await? {
        out.push(
            e.prop("textContent")
                .await?
                .unwrap_or_default()
                .trim()
                .to_owned(),
        );
    }
    Ok(out)
}

async fn wait_until<F, Fut>(what: &str, mut check: F) -> Result<(), BoxError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<bool, BoxError>>,
{
    let started = Instant::now();
    while !check().await? {
        if started.elapsed() > Duration::from_secs(30) {
            return Err(format!("never: {what}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suspend_one_delete_three_and_add_one_back() -> Result<(), BoxError> {
    let app = App::launch("offboard").await?;
    app.click("open-practice").await?;
    app.wait_for_text("org-banner", "(practice)").await?;
    app.wait_for_text("user-count", "of 40 people").await?;

    // Active people, by username.
    app.by_test_id("filter-state")
        .await?
        .select_by_value("active")
        .await?;
    app.wait_for_text("user-count", "of 40 people").await?;
    app.click("sort-username").await?;
    wait_until("the list is sorted by username", || async {
        let names = texts(&app, "[data-testid=user-row] td.username").await?;
        let mut sorted = names.clone();
        sorted.sort();
        Ok(!names.is_empty() && names == sorted)
    })
    .await?;
    let usernames = texts(&app, "[data-testid=user-row] td.username").await?;
    assert!(usernames.len() >= 10, "{usernames:?}");

    // Suspend the first from their profile.
    let first = usernames[0].clone();
    app.client
        .find(Locator::Css("[data-testid=user-row] td.name a"))
        .await?
        .click()
        .await?;
    app.wait_for_text("person-who", &first).await?;
    app.click("offboard-suspend").await?;
    let billing = app.wait_for_text("billing-notice", "still billed").await?;
    assert!(billing.contains("billed"), "{billing}");
    app.wait_for_text("offboard-people", &first).await?;
    app.click("offboard-confirm").await?;
    app.wait_for_text("person-state", "Suspended").await?;
    let png = app.client.screenshot().await?;
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("offboard-suspended.png"), png)?;

    // Back in the list, pick three others and delete them: the count must be typed.
    app.click("back-to-people").await?;
    app.wait_for_text("user-count", "of 40 people").await?;
    // (The suspended person has left this list of active people.)
    wait_until("the suspended person left the list", || async {
        Ok(!texts(&app, "[data-testid=user-row] td.username")
            .await?
            .contains(&first))
    })
    .await?;
    let usernames = texts(&app, "[data-testid=user-row] td.username").await?;
    let rows = app
        .client
        .find_all(Locator::Css("[data-testid=user-row] td.pick"))
        .await?;
    let picked: Vec<String> = usernames[3..6].to_vec();
    for row in &rows[3..6] {
        row.click().await?;
    }
    app.wait_for_text("selected-count", "3").await?;
    app.click("offboard-delete").await?;
    app.wait_for_text("delete-permanent", "permanent").await?;
    // Someone who manages people: their reports get no manager.
    if !app
        .client
        .find_all(Locator::Css("[data-testid=reports-clear]"))
        .await?
        .is_empty()
    {
        app.click("reports-clear").await?;
    }
    for name in &picked {
        app.wait_for_text("offboard-people", name).await?;
    }
    // Confirm stays off until the count is typed.
    let confirm = app.by_test_id("offboard-confirm").await?;
    assert!(!confirm.is_enabled().await?, "confirm before typing");
    app.by_test_id("confirm-type").await?.send_keys("3").await?;
    app.click("offboard-confirm").await?;
    app.wait_for_text("offboard-counts", "3 deleted").await?;
    app.click("offboard-close").await?;
    wait_until("the list shows 37 people", || async {
        Ok(app
            .by_test_id("user-count")
            .await?
            .text()
            .await?
            .contains("of 37 people"))
    })
    .await?;

    // Deleted people lists them; add the first back. (The page is scrolled down to the
    // result: the navigation stays in sight with the organization's banner.)
    app.click("nav-deleted").await?;
    for name in &picked {
        app.wait_for_text("deleted-table", name).await?;
    }
    let rows = app
        .client
        .find_all(Locator::Css("[data-testid=deleted-row]"))
        .await?;
    assert_eq!(rows.len(), 3);
    let mut restored = None;
    for row in &rows {
        let text = row.prop("textContent").await?.unwrap_or_default();
        if text.contains(picked[0].as_str()) {
            let button = row
                .find(Locator::Css("button[data-testid^=restore-]"))
                .await?;
            button.click().await?;
            restored = Some(picked[0].clone());
            break;
        }
    }
    let restored = restored.ok_or("no Add back button for the first deleted person")?;
    app.click("restore-confirm").await?;
    app.wait_for_text("restore-result", "Added").await?;

    // Judge by the server: the practice organization's saved state.
    let home = app.stop().await?;
    let state = roster_e2e::practice_state(&home, &format!("\"{first}\""))?;
    let users = users_in(&state);
    let find = |name: &str| users.iter().find(|u| u["username"] == name);
    assert_eq!(
        find(&first)
            .and_then(|u| u.get("state"))
            .and_then(Value::as_str),
        Some("SUSPENDED")
    );
    assert!(find(&restored).is_some(), "{restored} was added back");
    for name in &picked[1..] {
        assert!(find(name).is_none(), "{name} is still in the organization");
    }
    assert_eq!(users.len(), 38);
    Ok(())
}
