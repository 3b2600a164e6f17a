//! The client against a misbehaving sandbox: rate limits, 5xx, and
//! responses lost after the change was made. Every user is accounted for
//! and none is created twice.
#![allow(clippy::unwrap_used)]

use std::collections::HashSet;
use std::time::Duration;

use jumpcloud::models::NewUser;
use jumpcloud::{Client, Config, CreateOutcome, RetryPolicy, Secret, Url};
use jumpcloud_sandbox::{RunningSandbox, SandboxBuilder};

fn client(sb: &RunningSandbox) -> Client {
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

/// A second client on the same sandbox that sees the truth, without faults.
async fn truth(sb_state: &std::path::Path) -> Vec<jumpcloud::models::SystemUser> {
    let calm = SandboxBuilder::new()
        .state_file(sb_state)
        .start()
        .await
        .unwrap();
    let users = client(&calm).list_all_users().await.unwrap();
    calm.shutdown().await;
    users
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("jc-resilience-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("state.json")
}

#[tokio::test]
async fn reads_survive_rate_limits_and_server_faults() {
    let sb = SandboxBuilder::new()
        .seed_users(900)
        .rate_limit(40.0)
        .fault_rate(0.2)
        .start()
        .await
        .unwrap();
    let c = client(&sb);
    let users = c.list_all_users().await.unwrap();
    assert_eq!(users.len(), 900);
    assert_eq!(
        users.iter().map(|u| &u.id).collect::<HashSet<_>>().len(),
        900
    );
    assert!(
        c.requests_sent() > 9,
        "some requests were retried ({} sent)",
        c.requests_sent()
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn creates_under_faults_and_drops_land_exactly_once() {
    let state = scratch("creates");
    let sb = SandboxBuilder::new()
        .state_file(&state)
        .fault_rate(0.15)
        .drop_rate(0.15)
        .rate_limit(200.0)
        .start()
        .await
        .unwrap();
    let c = client(&sb);
    let before = 40;
    let mut recovered = 0;
    for n in 0..40 {
        let user = NewUser {
            username: format!("starter{n}"),
            email: format!("starter{n}@example.com"),
            ..NewUser::default()
        };
        match c.create_user(&user).await.unwrap() {
            CreateOutcome::Created(u) => assert_eq!(u.username, user.username),
            CreateOutcome::Recovered(u) => {
                recovered += 1;
                assert_eq!(u.username, user.username);
            }
        }
    }
    sb.shutdown().await;
    assert!(
        recovered > 0,
        "with 15% dropped answers some creates must have been recovered"
    );

    let all = truth(&state).await;
    assert_eq!(all.len(), before + 40, "every create landed once");
    let names: HashSet<&str> = all.iter().map(|u| u.username.as_str()).collect();
    assert_eq!(names.len(), all.len(), "no username twice");
    for n in 0..40 {
        assert!(names.contains(format!("starter{n}").as_str()));
    }
}

#[tokio::test]
async fn rate_limited_answers_wait_for_retry_after() {
    let sb = SandboxBuilder::new().rate_limit(2.0).start().await.unwrap();
    let c = client(&sb);
    let started = std::time::Instant::now();
    for _ in 0..5 {
        c.list_users(0, 1).await.unwrap();
    }
    // 2 per second with a bucket of 2: five reads need about 1.5 s of waiting.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert!(c.requests_sent() > 5, "429s were answered and retried");
    sb.shutdown().await;
}
