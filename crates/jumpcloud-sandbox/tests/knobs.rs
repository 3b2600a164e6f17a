//! One test per knob: latency, rate limit, fault rate, drop rate, state file; plus the binary.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{assert_error, start_with};
use jumpcloud_sandbox::SandboxBuilder;
use reqwest::Method;
use serde_json::json;

fn temp_path(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::env::temp_dir().join(format!(
        "jc-sandbox-{tag}-{}-{nanos}.json",
        std::process::id()
    ))
}

#[tokio::test]
async fn latency_delays_each_request() {
    let s = start_with(SandboxBuilder::new().latency_ms(150)).await;
    let t = Instant::now();
    let (code, _) = s.get("/api/systemusers").await;
    assert_eq!(code, 200);
    assert!(
        t.elapsed() >= Duration::from_millis(150),
        "{:?}",
        t.elapsed()
    );
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let s = start_with(SandboxBuilder::new().rate_limit(2.0)).await;
    let mut limited = None;
    for _ in 0..6 {
        let resp = s.req(Method::GET, "/api/systemusers").send().await.unwrap();
        if resp.status().as_u16() == 429 {
            limited = Some(resp);
            break;
        }
    }
    let resp = limited.expect("a burst over the limit is refused");
    let retry: u64 = resp.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_error(429, &body, 429);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (code, _) = s.get("/api/systemusers").await;
    assert_eq!(code, 200, "tokens come back");
}

#[tokio::test]
async fn fault_rate_fails_before_doing_anything() {
    let file = temp_path("fault");
    let s = start_with(SandboxBuilder::new().fault_rate(1.0).state_file(&file)).await;
    let (code, body) = s
        .post(
            "/api/systemusers",
            json!({"username": "ghost", "email": "ghost@example.com"}),
        )
        .await;
    assert!((500..600).contains(&code), "{code}");
    assert_error(code, &body, code);
    assert!(!file.exists(), "nothing was committed");
    s.sb.shutdown().await;
}

#[tokio::test]
async fn drop_rate_commits_then_cuts_the_connection() {
    let file = temp_path("drop");
    let s = start_with(SandboxBuilder::new().drop_rate(1.0).state_file(&file)).await;
    let sent = s
        .req(Method::POST, "/api/systemusers")
        .json(&json!({"username": "dropped", "email": "dropped@example.com"}))
        .timeout(Duration::from_secs(5))
        .send()
        .await;
    let err = sent.expect_err("the client sees no response");
    assert!(
        !err.is_timeout(),
        "connection is cut, not left hanging: {err}"
    );
    s.sb.shutdown().await;
    // The change was committed: a fresh sandbox on the same state file has the user.
    let s = start_with(SandboxBuilder::new().state_file(&file)).await;
    let (_, body) = s.get("/api/systemusers?filter=username:$eq:dropped").await;
    assert_eq!(body["totalCount"], 1, "{body}");
    s.sb.shutdown().await;
    let _ = std::fs::remove_file(&file);
}

#[tokio::test]
async fn state_file_survives_restart() {
    let file = temp_path("state");
    let s = start_with(SandboxBuilder::new().state_file(&file)).await;
    let org = s.sb.org_id().to_string();
    let (code, u) = s
        .post(
            "/api/systemusers",
            json!({"username": "keeper", "email": "keeper@example.com"}),
        )
        .await;
    assert_eq!(code, 200);
    assert!(file.exists());
    s.sb.shutdown().await;
    let s = start_with(SandboxBuilder::new().state_file(&file).seed_users(5)).await;
    assert_eq!(s.sb.org_id(), org, "same organization after reload");
    let (code, got) = s
        .get(&format!("/api/systemusers/{}", u["_id"].as_str().unwrap()))
        .await;
    assert_eq!(code, 200);
    assert_eq!(got, u);
    let (_, all) = s.get("/api/systemusers?limit=1").await;
    assert_eq!(
        all["totalCount"], 41,
        "loaded state is used instead of a new seed"
    );
    s.sb.shutdown().await;
    let _ = std::fs::remove_file(&file);
}

#[tokio::test]
async fn busy_port_is_a_plain_error() {
    let s = start_with(SandboxBuilder::new()).await;
    let err = SandboxBuilder::new()
        .port(s.sb.port())
        .start()
        .await
        .expect_err("port is taken");
    let msg = err.to_string();
    assert_eq!(
        msg,
        format!(
            "could not open port 127.0.0.1:{}: address in use",
            s.sb.port()
        )
    );
}

#[tokio::test]
async fn binary_prints_listening_line() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jumpcloud-sandbox"))
        .args(["--port", "0", "--api-key", "bin-key", "--seed-users", "4"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .expect("first line")
        .to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");
    let resp = reqwest::Client::new()
        .get(format!("{url}/api/systemusers"))
        .header("x-api-key", "bin-key")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["totalCount"], 4);
    child.kill().unwrap();
    let _ = child.wait();
}

/// The practice organization starts with a new key each time: with `only_this_key`, a key
/// an earlier start wrote to the state file opens nothing any more, and leaves the file.
#[tokio::test]
async fn only_this_key_forgets_the_keys_of_earlier_starts() {
    let dir = std::env::temp_dir().join(format!("sandbox-only-key-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("practice.json");
    let _ = std::fs::remove_file(&path);
    let first = SandboxBuilder::new()
        .api_key("first-launch-key")
        .state_file(&path)
        .only_this_key()
        .start()
        .await
        .unwrap();
    let org = first.org_id().to_owned();
    first.shutdown().await;
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("first-launch-key"));

    let second = SandboxBuilder::new()
        .api_key("second-launch-key")
        .state_file(&path)
        .only_this_key()
        .start()
        .await
        .unwrap();
    assert_eq!(second.org_id(), org, "the same organization, kept");
    let url = format!("{}/api/systemusers?limit=1", second.base_url());
    let http = reqwest::Client::new();
    let old = http
        .get(&url)
        .header("x-api-key", "first-launch-key")
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 401, "an earlier start's key opens nothing");
    let new = http
        .get(&url)
        .header("x-api-key", "second-launch-key")
        .send()
        .await
        .unwrap();
    assert_eq!(new.status(), 200);
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        !saved.contains("first-launch-key"),
        "and it left the state file"
    );
    second.shutdown().await;
    std::fs::remove_dir_all(&dir).ok();
}
