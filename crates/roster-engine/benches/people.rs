//! Benchmark: the people list of a 50,000-person organization, as the app drives it —
//! load the whole organization at 50 ms latency (pages in flight) and compare with the
//! latency floor; then search as the admin types, filter and sort over 50,000 people (goal:
//! under 16 ms a keystroke, one frame); and the memory the index takes.
//! Writes its section of docs/benchmarks.md.
//!
//! Run: `cargo bench -p roster-engine --bench people`

mod support;

use std::time::{Duration, Instant};

use jumpcloud::{Client, Config, RetryPolicy, Secret, Url};
use jumpcloud_sandbox::SandboxBuilder;
use roster_bulk::OrgSnapshot;
use roster_engine::people::now_ms;
use roster_engine::{PeopleIndex, PeopleQuery, PersonState, SortKey};

const PEOPLE: usize = 50_000;
const LATENCY_MS: u64 = 50;

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// The bytes a user's record holds, roughly: the struct and the text of its fields.
fn user_bytes(user: &jumpcloud::models::SystemUser) -> usize {
    fn text(v: &serde_json::Value) -> usize {
        match v {
            serde_json::Value::String(s) => s.len(),
            serde_json::Value::Array(items) => items.iter().map(text).sum::<usize>() + 24,
            serde_json::Value::Object(map) => map.values().map(text).sum(),
            _ => 0,
        }
    }
    std::mem::size_of::<jumpcloud::models::SystemUser>()
        + serde_json::to_value(user).map_or(0, |v| text(&v))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The median and the slowest of `runs` timings of `f`.
fn time_it(runs: usize, mut f: impl FnMut() -> usize) -> (Duration, Duration, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut found = 0;
    for _ in 0..runs {
        let t = Instant::now();
        found = std::hint::black_box(f());
        times.push(t.elapsed());
    }
    times.sort();
    (times[runs / 2], times[runs - 1], found)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let t = Instant::now();
    let sb = runtime.block_on(
        SandboxBuilder::new()
            .seed_users(PEOPLE)
            .latency_ms(LATENCY_MS)
            .start(),
    )?;
    let seeded = t.elapsed();
    let mut config = Config::new(Url::parse(&sb.base_url())?, Secret::new(sb.api_key()));
    config.retry = RetryPolicy {
        max_attempts: 10,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_secs(2),
    };
    let client = Client::new(config)?;

    // What an import's check reads: users (100 a page, 8 in flight), directories, groups.
    let t = Instant::now();
    let snapshot = runtime.block_on(OrgSnapshot::fetch(&client))?;
    let users_loaded = t.elapsed();
    let pages = snapshot.users().len().div_ceil(100);
    // First page alone (it tells the total), then the rest 8 at a time.
    let rounds = 1 + (pages.saturating_sub(1)).div_ceil(jumpcloud::PAGE_CONCURRENCY);
    let users_floor = Duration::from_millis(rounds as u64 * LATENCY_MS);
    let snapshot_mb = snapshot.users().iter().map(user_bytes).sum::<usize>() as f64 / 1e6;
    drop(snapshot);

    // The load the people list does once per session: directories and groups first, then
    // the users' pages and every group's and directory's member list at the same time.
    let t = Instant::now();
    let index = runtime.block_on(PeopleIndex::load(&client))?;
    let loaded = t.elapsed();
    let memberships = index.memberships().clone();
    let longest_members = memberships
        .groups
        .iter()
        .map(|(_, m)| m.len())
        .chain(memberships.directories.iter().map(|(_, m)| m.len()))
        .max()
        .unwrap_or(0);
    let member_rounds = 1 + longest_members
        .div_ceil(100)
        .saturating_sub(1)
        .div_ceil(jumpcloud::PAGE_CONCURRENCY);
    // One round for the lists of groups and directories, then the longer of the two reads.
    let floor = Duration::from_millis((1 + rounds.max(member_rounds)) as u64 * LATENCY_MS);
    let group_count = memberships.groups.len();
    let directory_count = memberships.directories.len();
    let snapshot = index.snapshot().clone();
    drop(index);

    let before_index = rss_kb();
    let t = Instant::now();
    let index = PeopleIndex::build(snapshot, memberships);
    let built = t.elapsed();
    let after_index = rss_kb();
    runtime.block_on(sb.shutdown());

    // Typing a name letter by letter: each keystroke is one query over everyone.
    let now = now_ms();
    let name = {
        let u = index.user((PEOPLE / 3) as u32).ok_or("no user")?;
        format!("{} {}", u.firstname, u.lastname).to_lowercase()
    };
    let mut keystrokes = Vec::new();
    for end in 1..=name.chars().count() {
        let typed: String = name.chars().take(end).collect();
        let q = PeopleQuery {
            search: typed.clone(),
            ..PeopleQuery::default()
        };
        // Warm the name order once (the first query of a session makes it).
        let _ = index.query(&q, now);
        let (median, worst, found) = time_it(15, || index.query(&q, now).len());
        keystrokes.push((typed, median, worst, found));
    }
    let slowest_key = keystrokes.iter().map(|k| k.2).max().unwrap_or_default();
    let median_key = {
        let mut m: Vec<Duration> = keystrokes.iter().map(|k| k.1).collect();
        m.sort();
        m[m.len() / 2]
    };

    let department = index
        .facets()
        .departments
        .first()
        .map(|d| d.name.clone())
        .unwrap_or_default();
    let group = index.facets().groups.first().map(|g| g.id.clone());
    let filters: Vec<(&str, PeopleQuery)> = vec![
        (
            "state = suspended",
            PeopleQuery {
                state: Some(PersonState::Suspended),
                ..PeopleQuery::default()
            },
        ),
        (
            "department + search \"a\"",
            PeopleQuery {
                department: Some(department),
                search: "a".into(),
                ..PeopleQuery::default()
            },
        ),
        (
            "group (All Employees), sorted by created, newest first",
            PeopleQuery {
                group,
                sort: SortKey::Created,
                descending: true,
                ..PeopleQuery::default()
            },
        ),
        (
            "created in the last 30 days",
            PeopleQuery {
                created_within_days: Some(30),
                ..PeopleQuery::default()
            },
        ),
    ];
    let mut filter_rows = String::new();
    for (label, q) in &filters {
        let _ = index.query(q, now);
        let (median, worst, found) = time_it(15, || index.query(q, now).len());
        filter_rows.push_str(&format!(
            "| {label} | {found} | {:.2} ms | {:.2} ms |\n",
            ms(median),
            ms(worst)
        ));
    }
    // A sort key's order is made the first time it is used.
    let t = Instant::now();
    let by_email = index.query(
        &PeopleQuery {
            sort: SortKey::Email,
            ..PeopleQuery::default()
        },
        now,
    );
    let first_sort = t.elapsed();
    std::hint::black_box(by_email);

    let index_mb = index.index_bytes() as f64 / 1e6;
    let rss_mb = after_index.saturating_sub(before_index) as f64 / 1024.0;
    let section = format!(
        "## People list, 50,000 people\n\n\
         `cargo bench -p roster-engine --bench people` (release, 2-core machine): a sandbox of \
         {PEOPLE} people ({group_count} groups, {directory_count} directories) at {LATENCY_MS} ms \
         latency per request, in this process (seeded in {:.1} s, not counted).\n\n\
         **Loading** the whole organization once per session (users 100 a page, {} pages in flight \
         after the first; the groups' and directories' member lists read at the same time):\n\n\
         | step | wall | latency floor | wall / floor |\n| --- | --- | --- | --- |\n\
         | users, directories, groups (what checking a spreadsheet reads) | {:.2} s | {:.2} s | {:.2}× |\n\
         | everything, with memberships | {:.2} s | {:.2} s | {:.2}× (goal: within 1.5×) |\n\
         | building the index (no I/O) | {:.0} ms | | |\n\n\
         The floor is the time the requests take if the sandbox and the client cost nothing: \
         {rounds} rounds of {LATENCY_MS} ms for {pages} pages of users; with memberships, one round \
         for the lists of groups and directories, then the longer of the users' {rounds} rounds and \
         the longest member list's {member_rounds}. The sandbox shares the 2 cores with the client.\n\n\
         **Search as you type** \"{name}\" over {PEOPLE} people, one query per keystroke (median of 15; \
         the slowest run of any keystroke): median keystroke {:.2} ms, slowest {:.2} ms (goal: under \
         16 ms, one frame). The first query sorted by a column not used before makes that column's \
         order: {:.0} ms (once per session and column).\n\n\
         | filter | people | median | slowest |\n| --- | --- | --- | --- |\n{filter_rows}\n\
         **Memory**: the users' records {snapshot_mb:.1} MB (their text and fields, counted); the \
         index beyond them {index_mb:.1} MB counted (search text, orders, memberships); the process \
         grew {rss_mb:.1} MB resident while the index was built from records already read.\n",
        seeded.as_secs_f64(),
        jumpcloud::PAGE_CONCURRENCY,
        users_loaded.as_secs_f64(),
        users_floor.as_secs_f64(),
        users_loaded.as_secs_f64() / users_floor.as_secs_f64(),
        loaded.as_secs_f64(),
        floor.as_secs_f64(),
        loaded.as_secs_f64() / floor.as_secs_f64(),
        ms(built),
        ms(median_key),
        ms(slowest_key),
        ms(first_sort),
    );
    println!("{section}");
    support::write_section(&section)?;
    Ok(())
}
