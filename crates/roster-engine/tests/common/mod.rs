//! What the engine's sandbox tests share: a patient client, the organization, a plain run.
#![allow(clippy::unwrap_used, dead_code)]

use std::time::Duration;

use jumpcloud::{Client, Config, RetryPolicy, Secret, Url};
use jumpcloud_sandbox::RunningSandbox;
use roster_bulk::{CancellationToken, ExecuteOptions};
use roster_engine::{run_job, Job, OpenOrg, OrgRef, Places, Ran, RunOptions};

/// A client that retries long enough for the sandbox's injected faults and rate limits.
pub fn client(sb: &RunningSandbox) -> Client {
    let mut config = Config::new(
        Url::parse(&sb.base_url()).unwrap(),
        Secret::new(sb.api_key()),
    );
    config.retry = RetryPolicy {
        max_attempts: 12,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_secs(2),
    };
    Client::new(config).unwrap()
}

/// The sandbox's organization, named "Practice".
pub fn open_org(sb: &RunningSandbox) -> OpenOrg {
    OpenOrg {
        org: OrgRef {
            id: sb.org_id().to_owned(),
            name: "Practice".to_owned(),
        },
        client: client(sb),
    }
}

/// Runs `job` with the default options; it must run.
pub async fn run(open: &OpenOrg, job: &Job, places: &Places) -> Ran {
    let cancel = CancellationToken::new();
    run_job(
        open,
        job,
        places,
        RunOptions {
            execute: ExecuteOptions::default(),
            job_id: None,
            report_to: None,
            progress: &|_| {},
            cancel: &cancel,
        },
    )
    .await
    .unwrap()
}
