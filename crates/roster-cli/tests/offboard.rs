//! `roster-cli users suspend|delete`, `archive`, `protect` against a sandbox in this test
//! process, judged by the server: exactly the named people change; nothing changes without a
//! confirmation; protected people are refused; a delete killed half-way and run again leaves
//! nobody deleted without an archive and every named person gone; an archive adds them back.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{client, json};
use jumpcloud::models::UserState;
use jumpcloud::Client;
use jumpcloud_sandbox::{RunningSandbox, SandboxBuilder};

fn command(sb: &RunningSandbox, data: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roster-cli"));
    cmd.args(args)
        .args(["--url", &sb.base_url(), "--data-dir"])
        .arg(data)
        .env("JUMPCLOUD_API_KEY", sb.api_key())
        .env("XDG_DATA_HOME", data)
        .stdin(Stdio::null());
    cmd
}

async fn cli(sb: &RunningSandbox, data: &Path, args: &[&str]) -> Output {
    let mut cmd = command(sb, data, args);
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

async fn states(client: &Client) -> BTreeMap<String, (UserState, bool)> {
    client
        .list_all_users()
        .await
        .unwrap()
        .into_iter()
        .map(|u| (u.username, (u.state, u.suspended)))
        .collect()
}

/// Active people who manage nobody.
async fn plain_people(client: &Client, n: usize) -> Vec<String> {
    let users = client.list_all_users().await.unwrap();
    users
        .iter()
        .filter(|u| u.state == UserState::Activated && !u.suspended)
        .filter(|u| {
            !users
                .iter()
                .any(|r| r.manager.as_deref() == Some(u.id.as_str()))
        })
        .take(n)
        .map(|u| u.username.clone())
        .collect()
}

#[tokio::test]
async fn suspend_asks_first_refuses_the_protected_and_changes_only_the_named() {
    let sb = SandboxBuilder::new().seed_users(60).start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let server = client(&sb);
    let people = plain_people(&server, 3).await;
    let before = states(&server).await;

    // No --yes and no terminal: refused, nothing changed.
    let out = cli(
        &sb,
        dir.path(),
        &["users", "suspend", &people[0], &people[1]],
    )
    .await;
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    assert_eq!(states(&server).await, before);

    // Protect the third; suspending all three changes exactly the first two.
    let out = cli(&sb, dir.path(), &["protect", "add", &people[2]]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = cli(
        &sb,
        dir.path(),
        &[
            "users", "suspend", &people[0], &people[1], &people[2], "--reason", "Leave", "--yes",
            "--json",
        ],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result = json(&out);
    let outcomes: BTreeMap<String, String> = result["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["username"].as_str().unwrap().to_owned(),
                r["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(outcomes[&people[0]], "suspended");
    assert_eq!(outcomes[&people[1]], "suspended");
    assert_eq!(outcomes[&people[2]], "refused");
    let after = states(&server).await;
    let changed: Vec<&String> = before.keys().filter(|k| before[*k] != after[*k]).collect();
    assert_eq!(
        changed,
        [&people[0], &people[1]]
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
    );

    // Deleting the protected one alone: refused, still there.
    let out = cli(&sb, dir.path(), &["users", "delete", &people[2], "--yes"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(states(&server).await.contains_key(&people[2]));
    sb.shutdown().await;
}

#[tokio::test]
async fn a_delete_killed_half_way_then_run_again_archives_everyone_first_and_restores() {
    let sb = SandboxBuilder::new()
        .seed_users(80)
        .latency_ms(40)
        .start()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let server = client(&sb);
    let people = plain_people(&server, 24).await;
    let csv = dir.path().join("leavers.csv");
    let mut text = String::from("Name,Username\n");
    for p in &people {
        text.push_str(&format!("Someone,{p}\n"));
    }
    text.push_str("Nobody,no-such-person\n");
    std::fs::write(&csv, text).unwrap();
    let csv = csv.to_str().unwrap().to_owned();
    let before = server.list_all_users().await.unwrap().len();

    // Over the batch threshold: the count is needed.
    let out = cli(
        &sb,
        dir.path(),
        &["users", "delete", "--csv", &csv, "--yes"],
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--confirm-count 24"));
    assert_eq!(server.list_all_users().await.unwrap().len(), before);

    // Killed once a few are gone.
    let mut child = command(
        &sb,
        dir.path(),
        &[
            "users",
            "delete",
            "--csv",
            &csv,
            "--yes",
            "--confirm-count",
            "24",
        ],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let started = Instant::now();
    loop {
        let now = server.list_all_users().await.unwrap().len();
        if now <= before - 3 || started.elapsed() > Duration::from_secs(60) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let gone_mid: usize = before - server.list_all_users().await.unwrap().len();
    assert!(
        (3..24).contains(&gone_mid),
        "{gone_mid} deleted before the kill"
    );

    // Run again: the rest go; every one of the 24 is gone and has an archive.
    let left: Vec<String> = {
        let now: Vec<String> = server
            .list_all_users()
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.username)
            .collect();
        people.iter().filter(|p| now.contains(p)).cloned().collect()
    };
    let count = left.len().to_string();
    // (8 or more of what is left is over 5% of this small organization: the count is asked.)
    let args = [
        "users",
        "delete",
        "--csv",
        csv.as_str(),
        "--yes",
        "--json",
        "--confirm-count",
        count.as_str(),
    ];
    let out = cli(&sb, dir.path(), &args).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let now: Vec<String> = server
        .list_all_users()
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.username)
        .collect();
    for p in &people {
        assert!(!now.contains(p), "{p} is still there");
    }
    assert_eq!(now.len(), before - 24, "nobody else was deleted");
    let out = cli(&sb, dir.path(), &["archive", "list", "--all", "--json"]).await;
    let archives = json(&out);
    let archived: std::collections::BTreeSet<&str> = archives
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["username"].as_str().unwrap())
        .collect();
    for p in &people {
        assert!(
            archived.contains(p.as_str()),
            "{p} was deleted without an archive"
        );
    }

    // Add one back from the archive.
    let one = archives
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["username"] == people[0].as_str())
        .unwrap();
    let out = cli(
        &sb,
        dir.path(),
        &["archive", "restore", one["id"].as_str().unwrap(), "--json"],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let restored = json(&out);
    assert_eq!(restored["restored"], true);
    let back = server
        .get_user(restored["id"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(back.username, people[0]);
    sb.shutdown().await;
}
