//! Benchmark: importing from a platform. (1) Listing 10,000 Google Workspace and Microsoft
//! 365 people: requests made against the fewest the platforms' page sizes allow. (2)
//! Importing 1,000 new Google Workspace people (create, then bind, each) in a sandbox at
//! 50 ms latency and 20 requests a second: wall time against the bound those set. Writes its
//! section of docs/benchmarks.md.
//!
//! Run: `cargo bench -p roster-engine --bench platform`

mod support;

use std::time::{Duration, Instant};

use jumpcloud::{Client, Config, RetryPolicy, Secret, Url};
use jumpcloud_sandbox::{RunningSandbox, SandboxBuilder};
use roster_bulk::{CancellationToken, ExecuteOptions, Existing, OrgSnapshot, DEFAULT_CONCURRENCY};
use roster_engine::platform::{
    open_pick, platform_directories, PickFilter, Platform, PlatformChoices, Standing,
};
use roster_engine::UsernamePattern;
use roster_engine::{run_job, OpenOrg, OrgRef, Places, Preview, RunOptions, StartState};

const LISTED: usize = 10_000;
const IMPORTED: usize = 1000;
const LATENCY_MS: u64 = 50;
const RATE: f64 = 20.0;

fn open(sb: &RunningSandbox) -> Result<OpenOrg, Box<dyn std::error::Error>> {
    let mut config = Config::new(Url::parse(&sb.base_url())?, Secret::new(sb.api_key()));
    config.retry = RetryPolicy {
        max_attempts: 30,
        base_delay: Duration::from_millis(50),
        max_delay: Duration::from_secs(5),
    };
    Ok(OpenOrg {
        org: OrgRef {
            id: sb.org_id().to_owned(),
            name: "Bench".into(),
        },
        client: Client::new(config)?,
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;

    // (1) Listing.
    let sb = runtime.block_on(SandboxBuilder::new().platform_people(LISTED).start())?;
    let org = open(&sb)?;
    let snapshot = runtime.block_on(OrgSnapshot::fetch(&org.client))?;
    let mut listing_rows = String::new();
    for platform in Platform::ALL {
        let directory = platform_directories(snapshot.all_directories())
            .into_iter()
            .find(|d| d.platform == platform)
            .ok_or("no directory")?;
        let t = Instant::now();
        let pick = runtime.block_on(open_pick(&org.client, &snapshot, &directory, None, |_| {}))?;
        let wall = t.elapsed();
        let people = pick.listing.people.len();
        let pages = people.div_ceil(platform.page_size() as usize).max(1);
        // Google's people need two listings (ids, and JumpCloud's shape of their details).
        let minimum = match platform {
            Platform::Google => 2 * pages,
            Platform::Microsoft => pages,
        };
        listing_rows.push_str(&format!(
            "| {} | {people} | {} | {minimum} | {:.2}× | {:.2} s |\n",
            platform.label(),
            pick.listing.requests,
            pick.listing.requests as f64 / minimum as f64,
            wall.as_secs_f64()
        ));
    }
    runtime.block_on(sb.shutdown());

    // (2) Importing 1,000 new people.
    let dir = tempfile::tempdir()?;
    let sb = runtime.block_on(
        SandboxBuilder::new()
            .platform_people(IMPORTED)
            .latency_ms(LATENCY_MS)
            .rate_limit(RATE)
            .start(),
    )?;
    let org = open(&sb)?;
    let t_all = Instant::now();
    let snapshot = runtime.block_on(OrgSnapshot::fetch(&org.client))?;
    let google = platform_directories(snapshot.all_directories())
        .into_iter()
        .find(|d| d.platform == Platform::Google)
        .ok_or("no Google Workspace")?;
    let mut pick = runtime.block_on(open_pick(&org.client, &snapshot, &google, None, |_| {}))?;
    pick.select_matching(
        &PickFilter {
            standing: Some(Standing::New),
            ..PickFilter::default()
        },
        true,
    );
    let mut preview = Preview::from_platform(
        &pick,
        PlatformChoices {
            usernames: UsernamePattern::EmailLocal,
            state: StartState::Staged,
            send_email: true,
        },
    )?;
    let options = preview.options_for(Existing::Skip, false);
    preview.check_against(org.org.clone(), snapshot, options);
    let job = preview.job(&org.org)?;
    let places = Places::in_data_dir(dir.path());
    let cancel = CancellationToken::new();
    let t = Instant::now();
    let ran = runtime.block_on(run_job(
        &org,
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
    let wall_all = t_all.elapsed();
    runtime.block_on(sb.shutdown());
    let s = ran.report.summary;
    let requests = 2 * s.created;
    let by_rate = requests as f64 / RATE;
    let by_latency = requests as f64 * (LATENCY_MS as f64 / 1000.0) / DEFAULT_CONCURRENCY as f64;
    let bound = by_rate.max(by_latency);
    let section = format!(
        "## Importing from Google Workspace and Microsoft 365\n\n\
         `cargo bench -p roster-engine --bench platform` (release, 2-core machine).\n\n\
         Listing {LISTED} new people (plus the seeded ones) per platform, no latency: requests \
         made against the fewest the platform's largest page allows (Google 500 a page, in two \
         listings read side by side: ids, and JumpCloud's shape of the details; Microsoft 999 \
         a page).\n\n\
         | platform | people | requests | minimum | requests / minimum | wall |\n\
         | --- | --- | --- | --- | --- | --- |\n{listing_rows}\n\
         Importing {IMPORTED} new Google Workspace people in one job at {LATENCY_MS} ms latency and \
         {RATE} requests a second (429 with Retry-After beyond it), {DEFAULT_CONCURRENCY} people in \
         flight: each is created (`POST /api/systemusers`, staged) then bound (`POST \
         /api/v2/users/{{id}}/associations`), journaled, with History.\n\n\
         | | time |\n| --- | --- |\n\
         | wall of the run, from the confirmed plan to the report | {:.1} s |\n\
         | bound: {requests} requests at {RATE}/s (latency alone: {by_latency:.1} s) | {bound:.1} s |\n\
         | wall / bound | {:.2}× |\n\
         | wall including listing and checking against the organization | {:.1} s |\n\n\
         {} created, {} failed.\n",
        wall.as_secs_f64(),
        wall.as_secs_f64() / bound,
        wall_all.as_secs_f64(),
        s.created,
        s.failed,
    );
    println!("{section}");
    support::write_section(&section)?;
    Ok(())
}
