//! Shared helpers: sandboxes, clients, CSV files, and the truth on the server.
#![allow(dead_code, clippy::unwrap_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use jumpcloud::models::SystemUser;
use jumpcloud::{Client, Config, RetryPolicy, Secret, Url};
use jumpcloud_sandbox::{RunningSandbox, SandboxBuilder};
use roster_bulk::{
    plan, ImportReport, Journal, JournalKey, OrgSnapshot, Outcome, Plan, PlanOptions,
};
use roster_import::{check, read_table, suggest_mapping};
use serde_json::Value;

pub fn client(sb: &RunningSandbox) -> Client {
    let mut config = Config::new(
        Url::parse(&sb.base_url()).unwrap(),
        Secret::new(sb.api_key()),
    );
    config.retry = RetryPolicy {
        max_attempts: 10,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_secs(3),
    };
    Client::new(config).unwrap()
}

/// A folder of its own for one test.
pub fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// `username,email,firstname,lastname,Group,Directory` rows `user0001`... Every row has a
/// group (cycling through the seeded ones); every fifth row a directory.
pub fn csv(rows: usize, prefix: &str) -> Vec<u8> {
    let groups = ["All Employees", "Sales", "Engineering", "IT Admins"];
    let mut text = String::from("Username,Email,First Name,Last Name,Group,Directory\r\n");
    for i in 0..rows {
        let directory = if i % 5 == 0 { "JumpCloud LDAP" } else { "" };
        text.push_str(&format!(
            "{prefix}{i:04},{prefix}{i:04}@import.example.com,Person,Number {i},{},{directory}\r\n",
            groups[i % groups.len()]
        ));
    }
    text.into_bytes()
}

/// Intake, mapping, check, snapshot and plan, as the app does it.
pub async fn prepare(
    client: &Client,
    bytes: &[u8],
    options: PlanOptions,
) -> (Plan, OrgSnapshot, JournalKey) {
    let table = read_table(bytes).unwrap();
    let mapping = suggest_mapping(&table);
    let report = check(&table, &mapping);
    let snapshot = OrgSnapshot::fetch(client).await.unwrap();
    let plan = plan(&report, &snapshot, &options);
    let key = JournalKey::new("test-org", bytes, &mapping);
    (plan, snapshot, key)
}

pub fn open_journal(dir: &Path, key: &JournalKey) -> Journal {
    Journal::open(dir, key).unwrap()
}

/// The users on the server, read through a calm sandbox on the same state file.
pub async fn truth(state: &Path) -> Vec<SystemUser> {
    let calm = SandboxBuilder::new()
        .state_file(state)
        .start()
        .await
        .unwrap();
    let users = client(&calm).list_all_users().await.unwrap();
    calm.shutdown().await;
    users
}

/// A calm sandbox on `state`.
pub async fn calm(state: &Path) -> RunningSandbox {
    SandboxBuilder::new()
        .state_file(state)
        .start()
        .await
        .unwrap()
}

/// Ids of the members of each group (by group name), read with plain HTTP.
pub async fn group_members(sb: &RunningSandbox) -> HashMap<String, Vec<String>> {
    let http = reqwest::Client::new();
    let get = |path: String| {
        let http = http.clone();
        let url = format!("{}{path}", sb.base_url());
        let key = sb.api_key().to_owned();
        async move {
            http.get(url)
                .header("x-api-key", key)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let groups = get("/api/v2/usergroups?limit=100".into()).await;
    let mut out = HashMap::new();
    for group in groups.as_array().unwrap() {
        let id = group["id"].as_str().unwrap();
        let mut members = Vec::new();
        let mut skip = 0;
        loop {
            let page = get(format!(
                "/api/v2/usergroups/{id}/members?limit=100&skip={skip}"
            ))
            .await;
            let page = page.as_array().unwrap().clone();
            members.extend(
                page.iter()
                    .filter_map(|m| m["to"]["id"].as_str().map(str::to_owned)),
            );
            if page.len() < 100 {
                break;
            }
            skip += 100;
        }
        out.insert(group["name"].as_str().unwrap().to_owned(), members);
    }
    out
}

/// Checks the report against the server: each created row's user is there once with the
/// reported id, no username twice, every row of the file accounted for.
pub fn assert_agrees(report: &ImportReport, lines: &[u64], server: &[SystemUser]) {
    let reported: Vec<u64> = report.rows.iter().map(|r| r.line).collect();
    assert_eq!(
        reported, lines,
        "every row of the plan is in the report, once"
    );
    let mut by_name: HashMap<String, Vec<&SystemUser>> = HashMap::new();
    for user in server {
        by_name
            .entry(user.username.to_lowercase())
            .or_default()
            .push(user);
    }
    for (name, users) in &by_name {
        assert_eq!(users.len(), 1, "{name} exists {} times", users.len());
    }
    for row in &report.rows {
        let on_server = by_name.get(&row.username.to_lowercase());
        match row.outcome {
            Outcome::Created
            | Outcome::Updated
            | Outcome::Suspended
            | Outcome::Reactivated
            | Outcome::Activated
            | Outcome::Scheduled => {
                let user = on_server.map(|u| u[0]);
                assert_eq!(
                    user.map(|u| u.id.clone()),
                    row.id.clone(),
                    "line {}",
                    row.line
                );
            }
            // (An import never deletes.)
            Outcome::Deleted => assert!(on_server.is_none(), "line {}", row.line),
            Outcome::Failed | Outcome::Pending | Outcome::Skipped => {}
        }
    }
}

pub fn state_file(dir: &Path) -> PathBuf {
    dir.join("state.json")
}

/// Run a plan with the default options, no progress output and no cancel.
pub async fn run(client: &Client, plan: &Plan, journal: &Journal) -> ImportReport {
    roster_bulk::execute(
        client,
        plan,
        journal,
        &roster_bulk::ExecuteOptions::default(),
        &|_| {},
        &roster_bulk::CancellationToken::new(),
    )
    .await
}
