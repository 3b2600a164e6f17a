//! The preview of a 100,000-row file in the real window: the grid holds a few dozen rows
//! whatever the scroll position, shows the rows of the place scrolled to, and the filter of
//! rows that need attention finds the broken ones far down. Prints the DOM row counts it saw
//! (docs/benchmarks.md quotes them).

use std::time::{Duration, Instant};

use fantoccini::Locator;
use roster_e2e::{answer_open_file_dialog, scratch_dir, App, BoxError};

const ROWS: usize = 100_000;

/// Rows in the page now, and the lines of those that are loaded.
async fn dom_rows(app: &App) -> Result<(usize, Vec<u64>), BoxError> {
    let rows = app
        .client
        .find_all(Locator::Css("[data-testid=import-row]"))
        .await?;
    let mut lines = Vec::new();
    for row in &rows {
        if let Some(line) = row.attr("data-line").await? {
            lines.push(line.parse()?);
        }
    }
    let placeholders = app
        .client
        .find_all(Locator::Css("[data-testid=import-row-loading]"))
        .await?
        .len();
    Ok((rows.len() + placeholders, lines))
}

async fn scroll_to_fraction(app: &App, fraction: f64) -> Result<(), BoxError> {
    app.client
        .execute(
            "const s = document.querySelector('[data-testid=import-scroller]'); \
             s.scrollTop = (s.scrollHeight - s.clientHeight) * arguments[0]; \
             s.dispatchEvent(new Event('scroll'));",
            vec![serde_json::json!(fraction)],
        )
        .await?;
    Ok(())
}

/// Waits until the loaded rows include one near `line`.
async fn rows_near(app: &App, line: u64) -> Result<(usize, Vec<u64>), BoxError> {
    let started = Instant::now();
    loop {
        let (count, lines) = dom_rows(app).await?;
        if lines.iter().any(|&l| l.abs_diff(line) < 200) {
            return Ok((count, lines));
        }
        if started.elapsed() > Duration::from_secs(30) {
            return Err(format!("no rows near line {line}: {lines:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_thousand_rows_scroll_with_a_few_dozen_in_the_page() -> Result<(), BoxError> {
    let dir = scratch_dir("grid")?;
    let csv = dir.join("everyone.csv");
    let mut text = String::from("Username,Email,First Name,Last Name\r\n");
    for i in 0..ROWS {
        // Every 25,000th person has a broken email.
        let email = if i % 25_000 == 24_999 {
            format!("person{i}@")
        } else {
            format!("person{i}@example.com")
        };
        text.push_str(&format!("person{i},{email},Person,Number{i}\r\n"));
    }
    std::fs::write(&csv, text)?;

    let app = App::launch("grid").await?;
    app.click("open-practice").await?;
    app.wait_for_text("org-banner", "(practice)").await?;
    app.click("pick-file").await?;
    tokio::task::spawn_blocking({
        let csv = csv.clone();
        move || answer_open_file_dialog(&csv).map_err(|e| e.to_string())
    })
    .await??;
    app.wait_for_text("import-counts", "4 to fix").await?;

    let mut most = 0;
    for (fraction, line) in [(0.0, 2u64), (0.5, 50_001), (0.9, 90_001), (1.0, 100_001)] {
        scroll_to_fraction(&app, fraction).await?;
        let (count, lines) = rows_near(&app, line).await?;
        assert!(count < 100, "{count} rows in the page at {fraction}");
        assert!(
            lines.windows(2).all(|w| w[0] < w[1]),
            "rows in order: {lines:?}"
        );
        most = most.max(count);
    }
    println!("grid DOM rows while scrolling {ROWS} rows: at most {most}");

    // The broken rows, far down, in the attention filter.
    app.click("filter-attention").await?;
    let started = Instant::now();
    loop {
        let (_, lines) = dom_rows(&app).await?;
        if lines == [25_001, 50_001, 75_001, 100_001] {
            break;
        }
        if started.elapsed() > Duration::from_secs(30) {
            return Err(format!("the attention filter showed {lines:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.wait_for_text("problems-100001", "person99999@").await?;
    app.close().await
}
