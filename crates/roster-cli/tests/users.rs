//! `roster-cli users list|show|add` against a sandbox in this test process, judged by the
//! server: bad input exits 1 with each problem on its field and creates no one; good input
//! creates the person with their group and state.

#![allow(clippy::unwrap_used)]

mod common;

use std::process::{Command, Output, Stdio};

use common::{client, json};
use jumpcloud::models::UserState;
use jumpcloud_sandbox::{RunningSandbox, SandboxBuilder};

async fn cli(sb: &RunningSandbox, data: &std::path::Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roster-cli"));
    cmd.arg("users")
        .args(args)
        .args(["--url", &sb.base_url()])
        .env("JUMPCLOUD_API_KEY", sb.api_key())
        .env("XDG_DATA_HOME", data)
        .stdin(Stdio::null());
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

#[tokio::test]
async fn list_show_and_add() {
    let sb = SandboxBuilder::new().seed_users(50).start().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let server = client(&sb);
    let users = server.list_all_users().await.unwrap();

    let out = cli(&sb, dir.path(), &["list", "--json"]).await;
    assert!(out.status.success());
    let listed = json(&out);
    assert_eq!(listed["total"].as_u64().unwrap() as usize, users.len());

    let suspended = users.iter().filter(|u| u.suspended).count();
    let out = cli(&sb, dir.path(), &["list", "--state", "suspended", "--json"]).await;
    assert_eq!(json(&out)["matching"].as_u64().unwrap() as usize, suspended);
    let out = cli(&sb, dir.path(), &["list", "--state", "sleeping"]).await;
    assert_eq!(out.status.code(), Some(2));

    let someone = &users[7];
    let out = cli(
        &sb,
        dir.path(),
        &["list", "--search", &someone.lastname, "--json"],
    )
    .await;
    assert!(json(&out)["people"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["id"] == someone.id.as_str()));

    let out = cli(&sb, dir.path(), &["show", &someone.email, "--json"]).await;
    assert!(out.status.success());
    assert_eq!(json(&out)["person"]["username"], someone.username.as_str());
    let out = cli(&sb, dir.path(), &["show", "nobody-here"]).await;
    assert_eq!(out.status.code(), Some(2));

    // Bad input: exit 1, each problem on its field, nothing created.
    let out = cli(
        &sb,
        dir.path(),
        &[
            "add",
            "--username",
            &someone.username,
            "--email",
            "not-an-email",
            "--group",
            "No Such Group",
            "--json",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    let refused = json(&out);
    assert_eq!(refused["added"], false);
    assert!(refused["issues"][0]["field"] == "groups", "{refused}");
    let out = cli(
        &sb,
        dir.path(),
        &[
            "add",
            "--username",
            &someone.username,
            "--email",
            "not-an-email",
            "--json",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    let fields: Vec<String> = json(&out)["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["field"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(fields.contains(&"email".to_owned()), "{fields:?}");
    assert!(fields.contains(&"username".to_owned()), "{fields:?}");
    assert_eq!(server.list_all_users().await.unwrap().len(), users.len());

    // Good input: created, not yet activated, in the group.
    let out = cli(
        &sb,
        dir.path(),
        &[
            "add",
            "--username",
            "cli.person",
            "--email",
            "cli.person@example.com",
            "--firstname",
            "Cli",
            "--lastname",
            "Person",
            "--state",
            "staged",
            "--group",
            "sales",
            "--json",
        ],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let added = json(&out);
    assert_eq!(added["added"], true);
    let id = added["id"].as_str().unwrap();
    let user = server.get_user(id).await.unwrap();
    assert_eq!(user.state, UserState::Staged);
    let groups = server.user_groups(id).await.unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(
        server.list_all_users().await.unwrap().len(),
        users.len() + 1
    );
    sb.shutdown().await;
}
