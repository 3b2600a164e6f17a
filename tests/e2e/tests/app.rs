//! The real Roster window, driven like a person would.

use fantoccini::Locator;
use jumpcloud::{Client, Config, Secret, Url};
use jumpcloud_sandbox::SandboxBuilder;
use roster_e2e::{answer_open_file_dialog, scratch_dir, App, BoxError};

/// The usernames the practice organization starts with, first page, as the
/// sandbox itself serves them.
async fn expected_practice_usernames() -> Result<(Vec<String>, u64), BoxError> {
    let sandbox = SandboxBuilder::new()
        .api_key("e2e-expectation")
        .start()
        .await?;
    let client = Client::new(Config::new(
        Url::parse(&sandbox.base_url())?,
        Secret::new("e2e-expectation"),
    ))?;
    let page = client.list_users(0, 100).await?;
    sandbox.shutdown().await;
    Ok((
        page.results.into_iter().map(|u| u.username).collect(),
        page.total_count,
    ))
}

async fn open_practice(app: &App) -> Result<(), BoxError> {
    app.click("open-practice").await?;
    app.wait_for_text("org-banner", "(practice)").await?;
    app.by_test_id("users-table").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_launch_opens_the_practice_organization_and_lists_its_users() -> Result<(), BoxError>
{
    let (expected, total) = expected_practice_usernames().await?;
    assert!(
        !expected.is_empty(),
        "the practice organization should have people"
    );

    let app = App::launch("practice").await?;
    app.wait_for_text("welcome", "Welcome to Roster").await?;
    open_practice(&app).await?;

    let tag = app.by_test_id("practice-tag").await?.text().await?;
    assert!(tag.contains("never reach JumpCloud"), "practice tag: {tag}");
    app.wait_for_text("user-count", &format!("of {total}"))
        .await?;

    let png = app.client.screenshot().await?;
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("users-first.png"), png)?;
    // Sorted by username (a click on its column), the window lists exactly the practice
    // users in the sandbox's own username order.
    app.click("sort-username").await?;
    let started = std::time::Instant::now();
    let shown = loop {
        let cells = app
            .client
            .find_all(Locator::Css("[data-testid=user-row] td.username"))
            .await?;
        let mut shown = Vec::new();
        for cell in cells {
            // The DOM's text: rows scrolled out of view have no rendered text.
            shown.push(
                cell.prop("textContent")
                    .await?
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
            );
        }
        if shown == expected || started.elapsed() > std::time::Duration::from_secs(20) {
            break shown;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(
        shown, expected,
        "the window lists exactly the practice users, in order"
    );

    let png = app.client.screenshot().await?;
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("users.png"), png)?;
    app.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn native_file_dialog_hands_the_picked_file_to_the_app() -> Result<(), BoxError> {
    let dir = scratch_dir("pick")?;
    let csv = dir.join("new-starters.csv");
    std::fs::write(
        &csv,
        "username,email\nada.l,ada@example.com\ngrace.h,grace@example.com\n",
    )?;

    let app = App::launch("pick").await?;
    open_practice(&app).await?;
    app.click("pick-file").await?;
    let answered = tokio::task::spawn_blocking({
        let csv = csv.clone();
        move || answer_open_file_dialog(&csv).map_err(|e| e.to_string())
    });
    answered.await??;

    // The app read the picked file and shows its preview.
    app.wait_for_text("import-screen", "Import new-starters.csv")
        .await?;
    app.wait_for_text("import-counts", "2 ready").await?;
    let description = app.by_test_id("import-description").await?.text().await?;
    assert!(description.contains("separated by commas"), "{description}");
    app.close().await?;
    std::fs::remove_dir_all(&dir).ok();
    Ok(())
}
