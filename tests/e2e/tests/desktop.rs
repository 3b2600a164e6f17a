//! Desktop manners, in the real window: the app opens the practice organization and keeps
//! a log in the OS's log folder; a second launch brings the first forward instead of
//! opening a second window; the window opens where it was left, also after the system
//! asked Roster to stop; the Help menu copies diagnostics without secrets.
//!
//! CI also runs this file against the *installed* package (`ROSTER_INSTALLED=1` with
//! `ROSTER_APP_BIN=/usr/bin/roster` after `dpkg -i`): then the binary must be the one the
//! package put there.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use roster_e2e::{app_binary, app_window_geometry, place_app_window, App, BoxError};

/// The log files the app wrote under its home.
fn log_files(home: &Path) -> Vec<PathBuf> {
    let dir = home.join("data/app.roster.test/logs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "log"));
    files.sort();
    files
}

fn log_text(home: &Path) -> String {
    log_files(home)
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

/// With `ROSTER_INSTALLED=1`: the binary under test belongs to the installed package.
fn check_installed(bin: &Path) -> Result<(), BoxError> {
    if std::env::var_os("ROSTER_INSTALLED").is_none() {
        return Ok(());
    }
    let owner = Command::new("dpkg").arg("-S").arg(bin).output()?;
    let owner = String::from_utf8_lossy(&owner.stdout).into_owned();
    assert!(
        owner.starts_with("roster:"),
        "{} is not from the roster package: {owner:?}",
        bin.display()
    );
    let desktop = Command::new("dpkg").args(["-L", "roster"]).output()?;
    let files = String::from_utf8_lossy(&desktop.stdout).into_owned();
    assert!(
        files
            .lines()
            .any(|l| l.starts_with("/usr/share/applications/") && l.ends_with(".desktop")),
        "the package has a menu entry: {files}"
    );
    assert!(
        files.lines().any(|l| l.starts_with("/usr/share/icons/")),
        "the package has icons: {files}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opens_the_practice_organization_and_keeps_a_log() -> Result<(), BoxError> {
    let bin = app_binary()?;
    check_installed(&bin)?;
    let app = App::launch("desktop-smoke").await?;
    app.click("open-practice").await?;
    app.wait_for_text("org-banner", "(practice)").await?;
    app.wait_for_text("user-count", "of 40 people").await?;

    // Help → About names the version and the licences of what Roster is built from.
    app.click("help-menu").await?;
    app.click("help-about").await?;
    let about = app
        .wait_for_text("about-dialog", env!("CARGO_PKG_VERSION"))
        .await?;
    assert!(
        about.contains("tauri"),
        "the licences list names tauri: {about}"
    );

    let home = app.stop().await?;
    let text = log_text(&home);
    assert!(
        text.contains("Roster started"),
        "the log says Roster started:\n{text}"
    );
    assert!(text.contains("organization opened"), "{text}");
    std::fs::remove_dir_all(&home).ok();
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_launch_brings_the_first_forward() -> Result<(), BoxError> {
    let app = App::launch("desktop-single").await?;
    app.wait_for_text("welcome", "Welcome").await?;

    // The same user (the same folders) starts Roster again.
    let mut second = Command::new(app_binary()?)
        .env("ROSTER_PROFILE", "test")
        .env("XDG_DATA_HOME", app.home.join("data"))
        .env("XDG_CONFIG_HOME", app.home.join("config"))
        .env("XDG_CACHE_HOME", app.home.join("cache"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = second.try_wait()? {
            break status;
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = second.kill();
            return Err("the second Roster did not hand over and quit within 30 s".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(status.success(), "the second launch ends quietly: {status}");

    // The first is still there, and heard of the second.
    app.click("open-practice").await?;
    app.wait_for_text("org-banner", "(practice)").await?;
    let home = app.stop().await?;
    let text = log_text(&home);
    assert!(text.contains("Roster was started again"), "{text}");
    std::fs::remove_dir_all(&home).ok();
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_hold_the_version_and_no_secrets() -> Result<(), BoxError> {
    let app = App::launch("desktop-diagnostics").await?;
    app.click("open-practice").await?;
    app.wait_for_text("org-banner", "(practice)").await?;
    app.click("help-menu").await?;
    app.click("help-diagnostics").await?;
    app.wait_for_text("help-status", "Diagnostics copied")
        .await?;
    // What was copied is what the command returned; the page keeps it under "What was copied".
    let copied = app
        .client
        .execute(
            "const e = document.querySelector('[data-testid=diagnostics-text]'); return e ? e.textContent : '';",
            vec![],
        )
        .await?;
    let copied = copied.as_str().unwrap_or_default().to_owned();
    assert!(copied.starts_with("Roster "), "{copied}");
    assert!(copied.contains(env!("CARGO_PKG_VERSION")), "{copied}");
    assert!(copied.contains("practice organization"), "{copied}");
    assert!(!copied.to_lowercase().contains("api key:"), "{copied}");
    app.close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_opens_where_it_was_left() -> Result<(), BoxError> {
    let app = App::launch("desktop-window").await?;
    app.wait_for_text("welcome", "Welcome").await?;
    let first = app_window_geometry()?;
    // Another place and size than the first launch's (1100 × 760 where the system puts it).
    let wanted = (140, 90, 900, 640);
    assert_ne!(first, wanted);
    place_app_window(wanted.0, wanted.1, wanted.2, wanted.3)?;

    // The system asks Roster to stop, as it does at log-out: Roster ends tidily.
    let pid = app.app_pid()?;
    let status = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()?;
    assert!(status.success(), "kill -TERM {pid}: {status}");
    let asked = Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists() {
        if asked.elapsed() > Duration::from_secs(15) {
            return Err(format!("Roster ({pid}) was still running 15 s after SIGTERM").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let home = app.home.clone();
    drop(app); // its session ended with the app
    let text = log_text(&home);
    assert!(text.contains("the system asked Roster to stop"), "{text}");
    assert!(text.contains("Roster stopped"), "{text}");

    // Started again on the same folders, the window is where it was left, as big as it was.
    let again = App::launch_in(home.clone(), &[]).await?;
    again.wait_for_text("welcome", "Welcome").await?;
    assert_eq!(app_window_geometry()?, wanted, "x, y, width, height");
    again.close().await?;
    Ok(())
}
