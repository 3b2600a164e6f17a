//! `roster-cli import google|microsoft` against a sandbox in this process, judged by the
//! sandbox's state: with faults, dropped connections and a rate limit every picked person
//! ends up in JumpCloud exactly once and bound to the platform, the report agrees with the
//! server, and a second run changes nothing; killed half-way (kill -9), the same command
//! again gives the same result.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{finished_rows, json as json_of, output as run, patient_client as client};
use jumpcloud::models::{Directory, DirectoryKind, SystemUser};
use jumpcloud::Client;
use jumpcloud_sandbox::{RunningSandbox, SandboxBuilder};
use serde_json::Value;

fn command(sb: &RunningSandbox, dir: &Path, platform: &str, extra: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roster-cli"));
    cmd.args(["import", platform, "--url", &sb.base_url(), "--data-dir"])
        .arg(dir.join("data"))
        .arg("--journal-dir")
        .arg(dir.join("journals"))
        .args(extra)
        .env("JUMPCLOUD_API_KEY", sb.api_key())
        .stdin(Stdio::null());
    cmd
}

async fn directory(c: &Client, kind: DirectoryKind) -> Directory {
    c.list_directories()
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.kind == kind)
        .unwrap()
}

/// The server's view: users by lowercased email (how many have it), and who is bound.
async fn server(c: &Client, dir: &Directory) -> (Vec<SystemUser>, HashSet<String>) {
    let users = c.list_all_users().await.unwrap();
    let bound = c.directory_users(dir).await.unwrap().into_iter().collect();
    (users, bound)
}

fn by_email(users: &[SystemUser]) -> HashMap<String, Vec<&SystemUser>> {
    let mut map: HashMap<String, Vec<&SystemUser>> = HashMap::new();
    for u in users {
        map.entry(u.email.to_lowercase()).or_default().push(u);
    }
    map
}

/// Every picked email is one user, bound to the directory.
fn all_there_once_and_bound(
    picked: &[String],
    users: &[SystemUser],
    bound: &HashSet<String>,
) -> BTreeMap<String, String> {
    let map = by_email(users);
    let mut ids = BTreeMap::new();
    for email in picked {
        let found = map.get(&email.to_lowercase()).cloned().unwrap_or_default();
        assert_eq!(
            found.len(),
            1,
            "{email} is in JumpCloud {} times",
            found.len()
        );
        assert!(bound.contains(&found[0].id), "{email} is not bound");
        ids.insert(email.to_lowercase(), found[0].id.clone());
    }
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_faults_every_picked_person_is_there_once_bound_and_a_second_run_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let sb = SandboxBuilder::new()
        .seed_users(30)
        .platform_people(60)
        .fault_rate(0.05)
        .drop_rate(0.02)
        .rate_limit(200.0)
        .start()
        .await
        .unwrap();
    let c = client(&sb);
    let google = directory(&c, DirectoryKind::GSuite).await;

    // The listing, as the admin sees it (paged by 500: the CLI asks for Google's largest).
    let out = run(command(&sb, dir.path(), "google", &["--json"])).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listing = json_of(&out);
    let people = listing["people"].as_array().unwrap();
    let standing = |s: &str| -> Vec<String> {
        people
            .iter()
            .filter(|p| p["standing"] == s)
            .map(|p| p["email"].as_str().unwrap().to_owned())
            .collect()
    };
    let (new, not_bound, bound_already) =
        (standing("new"), standing("not_bound"), standing("bound"));
    assert_eq!(new.len(), 60);
    assert!(
        !not_bound.is_empty() && !bound_already.is_empty(),
        "{}",
        listing["counts"]
    );

    // Judged by the server before: the new ones are nowhere, the others are there.
    let (before_users, before_bound) = server(&c, &google).await;
    let before = by_email(&before_users);
    assert!(new.iter().all(|e| !before.contains_key(&e.to_lowercase())));
    for e in &not_bound {
        assert!(!before_bound.contains(&before[&e.to_lowercase()][0].id));
    }

    // Everyone new, plus everyone in JumpCloud (bound or not).
    let mut args: Vec<&str> = vec!["--all-new", "--json"];
    for e in not_bound.iter().chain(&bound_already) {
        args.extend(["--select", e.as_str()]);
    }
    let picked: Vec<String> = new
        .iter()
        .chain(&not_bound)
        .chain(&bound_already)
        .cloned()
        .collect();
    let mut report = Value::Null;
    for attempt in 0..3 {
        let out = run(command(&sb, dir.path(), "google", &args)).await;
        report = json_of(&out);
        match out.status.code() {
            Some(0) => break,
            Some(1) if attempt < 2 => continue, // some rows failed: running again retries them
            other => panic!("exit {other:?}: {report}"),
        }
    }
    let (users, bound) = server(&c, &google).await;
    let ids = all_there_once_and_bound(&picked, &users, &bound);
    // No one else was created, and the people already bound were left alone.
    assert_eq!(users.len(), before_users.len() + new.len());
    for e in &bound_already {
        let was = &before[&e.to_lowercase()][0];
        let now = users.iter().find(|u| u.id == was.id).unwrap();
        assert_eq!(now, *was, "a bound person was changed");
    }

    // The report agrees with the server: each row names the user JumpCloud has.
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows.len(), picked.len());
    for row in rows {
        let email = row["email"].as_str().unwrap().to_lowercase();
        assert_eq!(row["id"].as_str(), Some(ids[&email].as_str()), "{row}");
        assert!(row.get("line").is_none(), "rows have a source, not a line");
        let source = row["source"].as_str().unwrap();
        assert_eq!(row["key"].as_str().unwrap(), format!("google:{source}"));
        let listed = people.iter().find(|p| p["id"] == source).unwrap();
        assert_eq!(listed["email"].as_str().unwrap().to_lowercase(), email);
        let expected = if new.iter().any(|e| e.to_lowercase() == email) {
            "created"
        } else if not_bound.iter().any(|e| e.to_lowercase() == email) {
            "updated"
        } else {
            "skipped"
        };
        assert_eq!(row["outcome"], expected, "{row}");
    }
    let notes = report["notes"].as_array().unwrap();
    assert!(
        notes
            .last()
            .unwrap()
            .as_str()
            .unwrap()
            .starts_with("Checked with JumpCloud"),
        "{notes:?}"
    );

    // A second run changes nothing on the server, and says so.
    let out = run(command(&sb, dir.path(), "google", &args)).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = json_of(&out);
    let s = &again["summary"];
    assert_eq!(
        (
            s["created"].as_u64(),
            s["updated"].as_u64(),
            s["failed"].as_u64()
        ),
        (Some(0), Some(0), Some(0)),
        "{s}"
    );
    let (users_after, bound_after) = server(&c, &google).await;
    let sorted = |mut v: Vec<SystemUser>| {
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    };
    assert_eq!(sorted(users_after), sorted(users));
    assert_eq!(bound_after, bound);
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_half_way_the_same_command_again_gives_the_same_result() {
    let dir = tempfile::tempdir().unwrap();
    let sb = SandboxBuilder::new()
        .seed_users(10)
        .platform_people(200)
        .latency_ms(20)
        .start()
        .await
        .unwrap();
    let c = client(&sb);
    let microsoft = directory(&c, DirectoryKind::Office365).await;
    let out = run(command(&sb, dir.path(), "microsoft", &["--json"])).await;
    let listing = json_of(&out);
    let new: Vec<String> = listing["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["standing"] == "new")
        .map(|p| p["email"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(new.len(), 200);
    let before = c.list_all_users().await.unwrap().len();

    let args = ["--all-new", "--json", "--username-from", "email"];
    let mut child = command(&sb, dir.path(), "microsoft", &args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let journals = dir.path().join("journals");
    while finished_rows(&journals) < 30 {
        assert!(started.elapsed() < Duration::from_secs(60), "no progress");
        assert!(
            child.try_wait().unwrap().is_none(),
            "ended before it could be killed"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let killed = Command::new("kill")
        .args(["-9", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let _ = tokio::task::spawn_blocking(move || child.wait()).await;
    let halfway = c.list_all_users().await.unwrap().len() - before;
    assert!(
        halfway > 0 && halfway < 200,
        "killed too late or too early: {halfway}"
    );

    let out = run(command(&sb, dir.path(), "microsoft", &args)).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    let report = json_of(&out);
    assert!(
        report["notes"][0]
            .as_str()
            .unwrap()
            .contains("did not finish"),
        "{}",
        report["notes"]
    );
    let s = &report["summary"];
    let count = |k: &str| s[k].as_u64().unwrap_or(0);
    // Together the two runs did each person once: created now, created before (earlier),
    // or created before and bound now.
    assert_eq!(
        count("created") + count("earlier") + count("updated") + count("skipped"),
        200,
        "{s}"
    );
    assert_eq!(count("failed"), 0, "{s}");
    assert!(count("earlier") > 0, "{s}");

    let (users, bound) = server(&c, &microsoft).await;
    assert_eq!(users.len(), before + 200);
    let ids = all_there_once_and_bound(&new, &users, &bound);
    // Usernames as chosen (the email's first part), and the report names each user JumpCloud has.
    for row in report["rows"].as_array().unwrap() {
        let email = row["email"].as_str().unwrap().to_lowercase();
        let user = users.iter().find(|u| u.id == ids[&email]).unwrap();
        assert_eq!(row["username"].as_str(), Some(user.username.as_str()));
        assert_eq!(Some(user.username.as_str()), email.split('@').next());
    }
    sb.shutdown().await;
}
