//! Benchmark: list 50,000 users from the sandbox with 50 ms of latency per
//! request. Reports wall time and requests sent against the minimum,
//! ceil(50000/100) = 500, and writes the figures to docs/benchmarks.md.
//!
//! Run: `cargo bench -p jumpcloud --bench list_users`

use std::time::Instant;

use jumpcloud::{Client, Config, Secret, Url, MAX_PAGE, PAGE_CONCURRENCY};
use jumpcloud_sandbox::SandboxBuilder;

const USERS: usize = 50_000;
const LATENCY_MS: u64 = 50;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seeding = Instant::now();
    let sb = SandboxBuilder::new()
        .seed_users(USERS)
        .latency_ms(LATENCY_MS)
        .start()
        .await?;
    let seed_time = seeding.elapsed();
    let client = Client::new(Config::new(
        Url::parse(&sb.base_url())?,
        Secret::new(sb.api_key()),
    ))?;

    let started = Instant::now();
    let users = client.list_all_users().await?;
    let wall = started.elapsed();
    sb.shutdown().await;

    assert_eq!(users.len(), USERS, "every user listed");
    let minimum = USERS.div_ceil(MAX_PAGE as usize) as u64;
    let sent = client.requests_sent();
    // With the first page alone, then PAGE_CONCURRENCY pages in flight, the
    // latency alone costs this much at best.
    let rounds = 1 + (minimum - 1).div_ceil(PAGE_CONCURRENCY as u64);
    let latency_floor_ms = rounds * LATENCY_MS;
    let wall_ms = wall.as_secs_f64() * 1000.0;

    let section = format!(
        "## Listing 50,000 users\n\n\
         `cargo bench -p jumpcloud --bench list_users` (release; sandbox in-process on 127.0.0.1 with \
         `latency_ms({LATENCY_MS})`, 2-core machine).\n\n\
         | figure | value |\n| --- | --- |\n\
         | users listed | {USERS} |\n\
         | requests sent | {sent} (minimum ceil(50000/100) = {minimum}; ratio {:.2}) |\n\
         | wall time | {wall_ms:.0} ms |\n\
         | latency floor with {PAGE_CONCURRENCY} pages in flight | {latency_floor_ms} ms ({rounds} round trips); wall / floor = {:.2} |\n\
         | one page at a time would need | at least {} ms (sequential ratio {:.1}x slower than measured) |\n\
         | sandbox seeding (not part of the listing) | {} ms |\n\n\
         The request count is the figure that carries over to JumpCloud: exactly one request per \
         page. The rest of the wall time over the floor is the sandbox serving and the client \
         decoding 50,000 users on the machine's 2 cores (a page is cut from a kept order; \
         see \"Sandbox: a 50,000-user organization\").\n",
        sent as f64 / minimum as f64,
        wall_ms / latency_floor_ms as f64,
        minimum * LATENCY_MS,
        (minimum * LATENCY_MS) as f64 / wall_ms,
        seed_time.as_millis(),
    );
    println!("{section}");
    write_section(&section)?;
    Ok(())
}

/// Replace (or add) this benchmark's section in docs/benchmarks.md.
fn write_section(section: &str) -> std::io::Result<()> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/benchmarks.md");
    let heading = section.lines().next().unwrap_or_default();
    let current = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        "# Benchmarks\n\nFigures measured on this project's 2-core machine.\n".to_owned()
    });
    let updated = match current.find(heading) {
        Some(start) => {
            let rest = &current[start + heading.len()..];
            let end = rest
                .find("\n## ")
                .map(|i| start + heading.len() + i + 1)
                .unwrap_or(current.len());
            format!("{}{}{}", &current[..start], section, &current[end..])
        }
        None => format!(
            "{}\n{}",
            current.trim_end_matches('\n').to_owned() + "\n",
            section
        ),
    };
    std::fs::write(path, updated)
}
