//! Connecting to "JumpCloud" (local sandboxes standing in for the US and EU
//! regions) through the real window, with the real keychain; then switching,
//! testing the connection and signing out. Afterwards, the key must be
//! nowhere in the app's folders or output.

use fantoccini::Locator;
use jumpcloud_sandbox::SandboxBuilder;
use roster_credentials::Keychain;
use roster_e2e::{files_containing, App, BoxError};

const EU_KEY: &str = "e2e-eu-admin-key-7c1f9a";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_switch_test_and_sign_out() -> Result<(), BoxError> {
    let us = SandboxBuilder::new()
        .api_key("e2e-us-admin-key")
        .start()
        .await?;
    let eu = SandboxBuilder::new()
        .api_key(EU_KEY)
        .seed_users(12)
        .start()
        .await?;
    let regions = format!(
        "us={},eu={},in=http://127.0.0.1:9",
        us.base_url(),
        eu.base_url()
    );
    let app = App::launch_with("connect", &[("ROSTER_TEST_REGION_URLS", &regions)]).await?;

    // First launch: connect, with the key in the wrong region (US is chosen).
    app.click("connect").await?;
    app.by_test_id("api-key").await?.send_keys(EU_KEY).await?;
    app.click("connect-submit").await?;
    app.wait_for_text(
        "region-offer",
        "This key belongs to the European Union region — use it?",
    )
    .await?;
    app.click("use-region").await?;

    app.wait_for_text("org-banner", "European Union region")
        .await?;
    app.wait_for_text("user-count", "of 12").await?;
    let saved_id = {
        let keychain = Keychain::new("app.roster.test");
        let orgs =
            std::fs::read_to_string(app.home.join("config/app.roster.test/organizations.json"))?;
        let file: serde_json::Value = serde_json::from_str(&orgs)?;
        let id = file["organizations"][0]["id"]
            .as_str()
            .ok_or("no saved org")?
            .to_owned();
        let stored = keychain
            .load(&id)?
            .ok_or("the key is not in the keychain")?;
        assert_eq!(stored.expose(), EU_KEY);
        id
    };

    app.click("test-connection").await?;
    app.wait_for_text("connection-note", "Connected.").await?;

    // Switch to the practice organization and back: a menu, never a bare arrow key; leaving
    // practice for a real organization asks first.
    app.click("org-switcher").await?;
    app.click("org-option-practice").await?;
    app.wait_for_text("org-banner", "(practice)").await?;
    app.wait_for_text("user-count", "of 40").await?;
    app.click("org-switcher").await?;
    app.click(&format!("org-option-{saved_id}")).await?;
    app.wait_for_text(
        "confirm-leave-practice",
        "You are leaving the practice organization",
    )
    .await?;
    app.by_test_id("confirm-leave-practice-button")
        .await?
        .click()
        .await?;
    app.wait_for_text("org-banner", "European Union region")
        .await?;
    app.wait_for_text("user-count", "of 12").await?;

    // Sign out: asked first, then the key leaves the keychain.
    app.click("sign-out").await?;
    app.wait_for_text("confirm-sign-out", "removes its API key")
        .await?;
    app.by_test_id("confirm-sign-out-button")
        .await?
        .click()
        .await?;
    app.wait_for_text("welcome", "Welcome to Roster").await?;
    assert!(app
        .client
        .find(Locator::Css("[data-testid=saved-orgs]"))
        .await
        .is_err());
    assert!(Keychain::new("app.roster.test").load(&saved_id)?.is_none());

    // The key is in no file Roster wrote and in none of its output.
    let home = app.stop().await?;
    let leaks = files_containing(&home, EU_KEY);
    assert!(leaks.is_empty(), "the API key leaked into {leaks:?}");
    // The scan covered the logs: they are there, and they saw the connection.
    let logs = home.join("data/app.roster.test/logs");
    let logged: String = std::fs::read_dir(&logs)?
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    assert!(
        logged.contains("organization opened"),
        "the log records the connection: {logged}"
    );
    assert!(
        home.join("driver.log").is_file(),
        "the app's output was captured"
    );
    std::fs::remove_dir_all(&home).ok();
    us.shutdown().await;
    eu.shutdown().await;
    Ok(())
}
