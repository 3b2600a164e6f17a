//! Benchmark: suspend 1,000 people in one job against a sandbox at 50 ms latency and a rate
//! limit of 20 requests a second, and compare the wall time with the bound those two set.
//! Writes its section of docs/benchmarks.md.
//!
//! Run: `cargo bench -p roster-engine --bench offboard`

mod support;

use std::time::{Duration, Instant};

use jumpcloud::{Client, Config, RetryPolicy, Secret, Url};
use jumpcloud_sandbox::SandboxBuilder;
use roster_bulk::{CancellationToken, ExecuteOptions, DEFAULT_CONCURRENCY};
use roster_engine::offboard::{
    archive_dir, offboarding_job, Chosen, Confirmation, OffboardRequest, Offboarding, Protected,
};
use roster_engine::{run_job, OpenOrg, OrgRef, PeopleIndex, Places, RunOptions};

const PEOPLE: usize = 1000;
const LATENCY_MS: u64 = 50;
const RATE: f64 = 20.0;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let dir = tempfile::tempdir()?;
    let sb = runtime.block_on(
        SandboxBuilder::new()
            .seed_users(PEOPLE * 6 / 5)
            .latency_ms(LATENCY_MS)
            .rate_limit(RATE)
            .start(),
    )?;
    let mut config = Config::new(Url::parse(&sb.base_url())?, Secret::new(sb.api_key()));
    config.retry = RetryPolicy {
        max_attempts: 30,
        base_delay: Duration::from_millis(50),
        max_delay: Duration::from_secs(5),
    };
    let open = OpenOrg {
        org: OrgRef {
            id: sb.org_id().to_owned(),
            name: "Bench".into(),
        },
        client: Client::new(config)?,
    };
    let index = runtime.block_on(PeopleIndex::load(&open.client))?;
    let people: Vec<String> = index
        .snapshot()
        .users()
        .iter()
        .filter(|u| !u.suspended)
        .take(PEOPLE)
        .map(|u| u.id.clone())
        .collect();
    let request = OffboardRequest {
        chosen: Chosen::Ids(people.clone()),
        what: Offboarding::Suspend,
        confirmation: Confirmation {
            typed_count: Some(people.len()),
        },
        reason: None,
    };
    let places = Places::in_data_dir(dir.path());
    let t = Instant::now();
    let (job, _) = runtime.block_on(offboarding_job(
        &open,
        &index,
        &Protected::default(),
        &request,
        &archive_dir(dir.path(), &open.org.id),
    ))?;
    let cancel = CancellationToken::new();
    let ran = runtime.block_on(run_job(
        &open,
        &job,
        &places,
        RunOptions {
            execute: ExecuteOptions::default(),
            job_id: None,
            report_to: None,
            progress: &|_| {},
            cancel: &cancel,
        },
    ))?;
    let wall = t.elapsed();
    runtime.block_on(sb.shutdown());
    let suspended = ran.report.summary.suspended;
    // One PUT a person: the rate limit allows RATE a second; latency with the rows in flight
    // allows DEFAULT_CONCURRENCY / latency a second. The slower of the two bounds the job.
    let by_rate = people.len() as f64 / RATE;
    let by_latency =
        people.len() as f64 * (LATENCY_MS as f64 / 1000.0) / DEFAULT_CONCURRENCY as f64;
    let bound = by_rate.max(by_latency);
    let section = format!(
        "## Suspending 1,000 people\n\n\
         `cargo bench -p roster-engine --bench offboard` (release, 2-core machine): one job \
         suspends {} people (of {}) in a sandbox at {LATENCY_MS} ms latency and a rate limit of \
         {RATE} requests a second (429 with Retry-After beyond it), {DEFAULT_CONCURRENCY} rows in \
         flight, with its journal and History.\n\n\
         | | time |\n| --- | --- |\n\
         | wall, from the confirmed selection to the report | {:.1} s |\n\
         | bound: {} requests at {RATE}/s (latency alone: {:.1} s) | {:.1} s |\n\
         | wall / bound | {:.2}× |\n\n\
         {suspended} suspended, {} failed.\n",
        people.len(),
        PEOPLE * 6 / 5,
        wall.as_secs_f64(),
        people.len(),
        by_latency,
        bound,
        wall.as_secs_f64() / bound,
        ran.report.summary.failed,
    );
    println!("{section}");
    support::write_section(&section)?;
    Ok(())
}
