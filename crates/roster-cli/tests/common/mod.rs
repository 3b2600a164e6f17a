//! What the CLI's tests share: running the binary off the async runtime, its JSON, clients
//! for judging the sandbox's state.
#![allow(clippy::unwrap_used, dead_code)]

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use jumpcloud::{Client, Config, RetryPolicy, Secret, Url};
use jumpcloud_sandbox::RunningSandbox;
use serde_json::Value;

/// Runs `cmd` to the end on a blocking thread.
pub async fn output(mut cmd: Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap()
}

/// Its stdout as JSON (a failure shows stdout and stderr).
pub fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// A client of the sandbox, for the test's own reads.
pub fn client(sb: &RunningSandbox) -> Client {
    Client::new(Config::new(
        Url::parse(&sb.base_url()).unwrap(),
        Secret::new(sb.api_key()),
    ))
    .unwrap()
}

/// A client patient enough for the sandbox's injected faults.
pub fn patient_client(sb: &RunningSandbox) -> Client {
    let mut config = Config::new(
        Url::parse(&sb.base_url()).unwrap(),
        Secret::new(sb.api_key()),
    );
    config.retry = RetryPolicy {
        max_attempts: 20,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_secs(1),
    };
    Client::new(config).unwrap()
}

/// Lines of the journals in `dir` that record a finished row.
pub fn finished_rows(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .map(|text| text.matches("\"event\":\"finished\"").count())
        .sum()
}
