//! WCAG 2.2 AA in the real window: axe-core checks every screen a person meets, in the
//! light and the dark palette, colour contrast included (the UI unit tests run axe too, but
//! jsdom cannot judge colours). Any violation fails with its rule, the elements and why.

use fantoccini::Locator;
use roster_e2e::{answer_open_file_dialog, keys, App, BoxError};

/// Check the screen showing now, collecting failures so one run names them all.
async fn check(app: &App, screen: &str, failures: &mut Vec<String>) -> Result<(), BoxError> {
    // The screen as a person arriving sees it: from the top (content scrolled under the
    // sticky top bar counts as covered), after late renders settle.
    app.client
        .execute("window.scrollTo(0, 0); return true;", vec![])
        .await?;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    if let Err(e) = app.assert_accessible(screen).await {
        failures.push(e.to_string());
    }
    Ok(())
}

/// Every screen, in the palette the window has now.
async fn tour(
    app: &App,
    theme: &str,
    csv: Option<&std::path::Path>,
    failures: &mut Vec<String>,
) -> Result<(), BoxError> {
    app.click("nav-people").await?;
    app.wait_for_text("user-count", "people").await?;
    check(app, &format!("{theme}: people list"), failures).await?;
    if theme == "dark" {
        app.screenshot("dark").await?; // the README's picture of the dark palette
    }

    // A selection, and the delete confirmation for it.
    let picks = app
        .client
        .find_all(Locator::Css("[data-testid=user-row] td.pick"))
        .await?;
    picks.first().ok_or("no rows")?.click().await?;
    app.wait_for_text("selected-count", "1").await?;
    check(
        app,
        &format!("{theme}: people list with a selection"),
        failures,
    )
    .await?;
    app.click("offboard-delete").await?;
    app.wait_for_text("delete-permanent", "permanent").await?;
    check(app, &format!("{theme}: delete confirmation"), failures).await?;
    app.press(keys::ESCAPE).await?;
    app.click("clear-selection").await?;

    // A profile, its three tabs, and the suspend confirmation.
    app.client
        .find(Locator::Css("[data-testid=user-row] td.name a"))
        .await?
        .click()
        .await?;
    app.by_test_id("person-who").await?;
    for tab in ["details", "directories", "groups"] {
        app.click(&format!("person-tab-{tab}")).await?;
        check(app, &format!("{theme}: profile, {tab}"), failures).await?;
    }
    app.click("offboard-suspend").await?;
    app.wait_for_text("billing-notice", "billed").await?;
    check(app, &format!("{theme}: suspend confirmation"), failures).await?;
    app.press(keys::ESCAPE).await?;

    // Adding people: the menu, one by hand, from a directory.
    app.click("nav-people").await?;
    app.click("add-people").await?;
    check(app, &format!("{theme}: add people menu"), failures).await?;
    app.click("add-one-person").await?;
    app.by_test_id("person-form").await?;
    check(app, &format!("{theme}: add a person"), failures).await?;
    app.click("nav-people").await?;
    app.click("add-people").await?;
    app.click("add-from-platform").await?;
    app.by_test_id("platform-screen").await?;
    check(app, &format!("{theme}: import from a directory"), failures).await?;

    // A spreadsheet's preview, picked in the native dialog (the second time round, the
    // one still open).
    match csv {
        Some(csv) => {
            app.click("nav-people").await?;
            app.click("pick-file").await?;
            let csv = csv.to_owned();
            tokio::task::spawn_blocking(move || {
                answer_open_file_dialog(&csv).map_err(|e| e.to_string())
            })
            .await??;
        }
        None => app.click("nav-import").await?,
    }
    app.wait_for_text("import-counts", "to fix").await?;
    check(app, &format!("{theme}: spreadsheet preview"), failures).await?;

    for screen in ["history", "deleted", "settings"] {
        app.click(&format!("nav-{screen}")).await?;
        app.by_test_id(&format!("{screen}-screen")).await?;
        check(app, &format!("{theme}: {screen}"), failures).await?;
    }

    app.click("help-menu").await?;
    check(app, &format!("{theme}: help menu"), failures).await?;
    app.click("help-about").await?;
    app.by_test_id("about-dialog").await?;
    check(app, &format!("{theme}: about"), failures).await?;
    app.press(keys::ESCAPE).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_passes_axe_in_light_and_dark() -> Result<(), BoxError> {
    let app = App::launch("a11y").await?;
    let csv = app.home.join("people.csv");
    std::fs::write(
        &csv,
        "First Name,Last Name,Email,Username\nAda,Lovelace,ada@example.com,alovelace\nAlan,Turing,not-an-email,aturing\n",
    )?;
    let mut failures = Vec::new();

    app.by_test_id("welcome").await?;
    check(&app, "welcome", &mut failures).await?;
    app.click("connect").await?;
    app.by_test_id("connect-form").await?;
    check(&app, "connect", &mut failures).await?;
    app.press(keys::ESCAPE).await?;
    app.client.refresh().await?;
    app.click("open-practice").await?;
    app.wait_for_text("org-banner", "(practice)").await?;

    app.click("nav-settings").await?;
    app.click("appearance-light").await?;
    tour(&app, "light", Some(&csv), &mut failures).await?;

    app.click("nav-settings").await?;
    app.click("appearance-dark").await?;
    let theme = app
        .client
        .execute(
            "return document.documentElement.dataset.theme || '';",
            vec![],
        )
        .await?;
    assert_eq!(theme, serde_json::json!("dark"), "the dark palette is on");
    tour(&app, "dark", None, &mut failures).await?;

    app.close().await?;
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    Ok(())
}
