//! Import 1,000 rows into an in-process sandbox that answers after 50 ms and allows 20
//! requests per second, and compare the wall time with the bound the rate limit sets
//! (requests / rate). Not a timed test: it prints figures for docs/benchmarks.md.
//!
//! ```sh
//! CARGO_TARGET_DIR=/root/.cache/roster/target cargo bench -p roster-bulk --bench import
//! ```
//!
//! `BENCH_ROWS` (default 1000), `BENCH_CONCURRENCY` (default: the engine's), `BENCH_RATE`
//! (default 20) and `BENCH_LATENCY_MS` (default 50) change the set-up.

use std::time::Instant;

use jumpcloud::{Client, Config, Secret, Url};
use jumpcloud_sandbox::SandboxBuilder;
use roster_bulk::{
    execute_audited, plan, Actor, Audit, CancellationToken, ExecuteOptions, History, Journal,
    JournalKey, OrgSnapshot, PlanOptions, Progress,
};
use roster_import::{check, read_table, suggest_mapping};

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Every fourth row joins a group, every tenth is bound to a directory.
fn csv(rows: usize) -> Vec<u8> {
    let mut text = String::from("Username,Email,First Name,Last Name,Group,Directory\r\n");
    for i in 0..rows {
        let group = if i % 4 == 0 { "All Employees" } else { "" };
        let directory = if i % 10 == 0 { "JumpCloud LDAP" } else { "" };
        text.push_str(&format!(
            "bench{i:05},bench{i:05}@bench.example.com,Bench,User {i},{group},{directory}\r\n"
        ));
    }
    text.into_bytes()
}

fn main() {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start tokio: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = runtime.block_on(bench()) {
        eprintln!("benchmark failed: {e}");
        std::process::exit(1);
    }
}

async fn bench() -> Result<(), Box<dyn std::error::Error>> {
    let rows: usize = env_or("BENCH_ROWS", 1000);
    let rate: f64 = env_or("BENCH_RATE", 20.0);
    let latency: u64 = env_or("BENCH_LATENCY_MS", 50);
    let concurrency: usize = env_or("BENCH_CONCURRENCY", roster_bulk::DEFAULT_CONCURRENCY);

    let sandbox = SandboxBuilder::new()
        .latency_ms(latency)
        .rate_limit(rate)
        .start()
        .await?;
    let client = Client::new(Config::new(
        Url::parse(&sandbox.base_url())?,
        Secret::new(sandbox.api_key()),
    ))?;
    let bytes = csv(rows);
    let journals = tempfile::tempdir()?;

    let started = Instant::now();
    let table = read_table(&bytes)?;
    let mapping = suggest_mapping(&table);
    let report = check(&table, &mapping);
    let snapshot = OrgSnapshot::fetch(&client).await?;
    let planned = plan(&report, &snapshot, &PlanOptions::default());
    let journal = Journal::open(
        journals.path(),
        &JournalKey::new(sandbox.org_id(), &bytes, &mapping),
    )?;
    let options = ExecuteOptions {
        concurrency,
        ..ExecuteOptions::default()
    };
    let quiet = |_: Progress| {};
    // As the app runs it: every change appended and fsynced to History.
    let audit = Audit {
        history: History::new(
            &journals.path().join("history"),
            sandbox.org_id(),
            "Bench",
            Actor::current(),
        ),
        source: std::sync::Arc::new(|row| format!("bench.csv, line {}", row.line)),
        job: None,
    };
    let result = execute_audited(
        &client,
        &planned,
        &journal,
        &options,
        Some(&audit),
        &quiet,
        &CancellationToken::new(),
    )
    .await;
    let wall = started.elapsed().as_secs_f64();
    sandbox.shutdown().await;

    let sent = client.requests_sent();
    // What the import needs at the least: the snapshot's pages, one create per row, one call
    // per group and directory.
    let needed = 3 + planned
        .rows
        .iter()
        .map(|r| 1 + r.groups.len() + r.directories.len())
        .sum::<usize>();
    let bound = needed as f64 / rate;
    println!("CSV import, {rows} rows, latency {latency} ms, rate limit {rate}/s, concurrency {concurrency}");
    println!(
        "  outcome: {} created, {} failed, {} not done",
        result.summary.created, result.summary.failed, result.summary.pending
    );
    for row in result.rows.iter().filter(|r| !r.outcome.is_done()) {
        println!(
            "  line {}: {}",
            row.line,
            row.message.as_deref().unwrap_or("")
        );
    }
    println!("  requests needed: {needed}; sent (with retries after 429): {sent}");
    println!(
        "  wall time: {wall:.1} s; bound (needed / rate): {bound:.1} s; ratio {:.2}x",
        wall / bound
    );
    println!(
        "  bound from requests sent ({sent} / rate): {:.1} s; ratio {:.2}x",
        sent as f64 / rate,
        wall / (sent as f64 / rate)
    );
    Ok(())
}
