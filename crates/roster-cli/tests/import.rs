//! `roster-cli csv import` against a sandbox started in this test process: a kill -9 half-way
//! through, then the same command again, must end with every row created exactly once.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::finished_rows;
use jumpcloud::{Client, Config, Secret, Url};
use jumpcloud_sandbox::{RunningSandbox, SandboxBuilder};
use serde_json::{json, Value};

fn csv(rows: usize) -> String {
    let groups = ["All Employees", "Sales", "Engineering", "IT Admins"];
    let mut text = String::from("Username,Email,First Name,Last Name,Group\r\n");
    for i in 0..rows {
        text.push_str(&format!(
            "cli{i:04},cli{i:04}@import.example.com,Person,Number {i},{}\r\n",
            groups[i % groups.len()]
        ));
    }
    text
}

fn command(sb: &RunningSandbox, file: &Path, journals: &Path, extra: &[&str]) -> Command {
    command_at(&sb.base_url(), sb.api_key(), file, journals, extra)
}

fn command_at(url: &str, key: &str, file: &Path, journals: &Path, extra: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roster-cli"));
    cmd.args(["csv", "import"])
        .arg(file)
        .args(["--url", url, "--journal-dir"])
        .arg(journals)
        .args(extra)
        .env("JUMPCLOUD_API_KEY", key)
        // History goes to the app's data folder: keep it inside the test's own folder.
        .env("XDG_DATA_HOME", journals.parent().unwrap_or(journals))
        .stdin(Stdio::null());
    cmd
}

async fn run(mut cmd: Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

fn client(sb: &RunningSandbox) -> Client {
    let config = Config::new(
        Url::parse(&sb.base_url()).unwrap(),
        Secret::new(sb.api_key()),
    );
    Client::new(config).unwrap()
}

struct Files {
    _dir: tempfile::TempDir,
    csv: PathBuf,
    journals: PathBuf,
    state: PathBuf,
}

fn files(rows: usize) -> Files {
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("new hires.csv");
    std::fs::write(&csv_path, csv(rows)).unwrap();
    Files {
        csv: csv_path,
        journals: dir.path().join("journals"),
        state: dir.path().join("state.json"),
        _dir: dir,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_import_resumes_and_creates_every_user_once() {
    let f = files(300);
    let sb = SandboxBuilder::new()
        .seed_users(10)
        .latency_ms(25)
        .state_file(&f.state)
        .start()
        .await
        .unwrap();

    let mut child = command(&sb, &f.csv, &f.journals, &["--json"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while finished_rows(&f.journals) < 40 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the import made no progress"
        );
        if child.try_wait().unwrap().is_some() {
            panic!("the import ended before it could be killed");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let killed = Command::new("kill")
        .args(["-9", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let _ = tokio::task::spawn_blocking(move || child.wait()).await;
    let halfway = client(&sb).list_all_users().await.unwrap().len() - 10;
    assert!(
        halfway < 300,
        "the kill came too late to test anything ({halfway} created)"
    );

    let out = run(command(&sb, &f.csv, &f.journals, &["--json"])).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    // This run's counts: the rows the killed run finished are counted apart, as an earlier
    // run's; together every row was created once.
    let summary = &json["summary"];
    let earlier = summary["earlier"].as_u64().unwrap_or(0);
    assert!(
        earlier > 0,
        "the killed run had finished some rows: {summary}"
    );
    assert_eq!(
        summary["created"].as_u64().unwrap() + earlier,
        300,
        "{summary}"
    );
    assert_eq!(
        (&summary["updated"], &summary["skipped"], &summary["failed"]),
        (&json!(0), &json!(0), &json!(0))
    );
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 300);
    for row in rows {
        let mut keys: Vec<&String> = row.as_object().unwrap().keys().collect();
        keys.sort();
        let mut expected = vec![
            "email", "id", "key", "line", "message", "name", "outcome", "username",
        ];
        if row.get("earlier").is_some() {
            expected.insert(0, "earlier");
        }
        assert_eq!(keys, expected);
        assert_eq!(row["outcome"], "created");
    }
    assert_eq!(
        rows.iter().filter(|r| r.get("earlier").is_some()).count() as u64,
        earlier
    );

    let users = client(&sb).list_all_users().await.unwrap();
    let mut count: HashMap<String, usize> = HashMap::new();
    for user in &users {
        *count.entry(user.username.to_lowercase()).or_default() += 1;
    }
    assert!(count.values().all(|&n| n == 1), "a user exists twice");
    let created = users
        .iter()
        .filter(|u| u.username.starts_with("cli"))
        .count();
    assert_eq!(created, 300);
    for row in rows {
        let id = row["id"].as_str().unwrap();
        assert!(users
            .iter()
            .any(|u| u.id == id && u.username == row["username"]));
    }

    // A report was saved beside the file.
    let dir = f.csv.parent().unwrap();
    let reports: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("new hires-roster-report-")
        })
        .collect();
    assert!(!reports.is_empty());
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plan_sends_nothing_and_names_the_rows_that_need_attention() {
    let f = files(3);
    let mut text = csv(3);
    text.push_str("typo,typo@import.example.com,A,B,Enginering\r\n");
    std::fs::write(&f.csv, text).unwrap();
    let sb = SandboxBuilder::new().seed_users(3).start().await.unwrap();

    let out = run(command(&sb, &f.csv, &f.journals, &["--plan"])).await;
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("4 rows: 3 to create, 0 to update, 0 to skip, 1 with errors."),
        "{text}"
    );
    assert!(text.contains("Line 5, Groups: there is no group named \"Enginering\""));

    let out = run(command(&sb, &f.csv, &f.journals, &["--plan", "--json"])).await;
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["counts"]["create"], 3);
    assert_eq!(client(&sb).list_all_users().await.unwrap().len(), 3);
    assert!(!f.journals.exists(), "a preview writes no journal");

    // The real run: three created, one failed (exit 1), the report says why.
    let out = run(command(&sb, &f.csv, &f.journals, &["--json"])).await;
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["created"], 3);
    assert_eq!(json["summary"]["failed"], 1);
    assert_eq!(json["rows"][3]["outcome"], "failed");
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unusable_key_or_connection_exits_2_with_one_line() {
    let f = files(2);
    let sb = SandboxBuilder::new().seed_users(1).start().await.unwrap();

    let mut no_key = command(&sb, &f.csv, &f.journals, &[]);
    no_key.env_remove("JUMPCLOUD_API_KEY");
    let out = run(no_key).await;
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("JUMPCLOUD_API_KEY"));

    let mut bad_key = command(&sb, &f.csv, &f.journals, &[]);
    bad_key.env("JUMPCLOUD_API_KEY", "wrong-key");
    let out = run(bad_key).await;
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did not accept the API key"), "{err}");

    let missing = command(&sb, Path::new("/nonexistent/file.csv"), &f.journals, &[]);
    let out = run(missing).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
    let (url, key) = (sb.base_url(), sb.api_key().to_owned());
    sb.shutdown().await;

    // Nothing listens there any more.
    let gone = command_at(&url, &key, &f.csv, &f.journals, &[]);
    let out = run(gone).await;
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
}
