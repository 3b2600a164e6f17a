//! Sandbox throughput over loopback: requests per second and p50/p99 latency for
//! `GET /api/systemusers?limit=100`, `GET /api/systemusers/{id}` and `POST /api/search/systemusers`.
//!
//! Run with `cargo bench -p jumpcloud-sandbox --bench throughput` (release profile).
//!
//! Two layouts, each with 32 concurrent client tasks on keep-alive HTTP/1.1 connections:
//! * `shared`: sandbox and client on one multi-thread Tokio runtime (2 workers), as in the
//!   crate's own tests;
//! * `separate`: the sandbox on its own thread with its own multi-thread runtime (2 workers), the
//!   client on another runtime (2 workers), so they never share a scheduler (the OS still shares
//!   the cores).
//!
//! Every kind is bounded: `BENCH_REQUESTS` requests (default 20,000) or 60 s, whichever comes
//! first, after 1,000 warm-up requests. Only 127.0.0.1 is contacted. Non-2xx answers count as
//! errors and make the run fail.
#![allow(clippy::unwrap_used)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jumpcloud_sandbox::SandboxBuilder;
use serde_json::{json, Value};

const CONCURRENCY: usize = 32;
const WARMUP: usize = 1_000;
const MAX_TIME: Duration = Duration::from_secs(60);
const API_KEY: &str = "sandbox-key";

#[derive(Clone, Copy)]
enum Kind {
    List,
    Get,
    Search,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::List, Kind::Get, Kind::Search];

    fn label(self) -> &'static str {
        match self {
            Kind::List => "GET /api/systemusers?limit=100",
            Kind::Get => "GET /api/systemusers/{id}",
            Kind::Search => "POST /api/search/systemusers",
        }
    }
}

struct Outcome {
    kind: Kind,
    done: usize,
    errors: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn requests_per_kind() -> usize {
    std::env::var("BENCH_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(20_000)
}

fn client() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-api-key", API_KEY.parse().unwrap());
    headers.insert("accept", "application/json".parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .pool_max_idle_per_host(CONCURRENCY)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

struct Target {
    base: String,
    ids: Vec<String>,
}

async fn user_ids(http: &reqwest::Client, base: &str) -> Vec<String> {
    let body: Value = http
        .get(format!("{base}/api/systemusers?limit=100&fields=_id"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["_id"].as_str().unwrap().to_string())
        .collect()
}

async fn one(http: &reqwest::Client, t: &Target, kind: Kind, n: usize) -> bool {
    let req = match kind {
        Kind::List => http.get(format!("{}/api/systemusers?limit=100", t.base)),
        Kind::Get => http.get(format!(
            "{}/api/systemusers/{}",
            t.base,
            t.ids[n % t.ids.len()]
        )),
        Kind::Search => http
            .post(format!("{}/api/search/systemusers", t.base))
            .json(&json!({
                "filter": [{"department": "Engineering"}, {"state": {"$ne": "SUSPENDED"}}],
                "fields": "username email department",
                "limit": 10,
            })),
    };
    match req.send().await {
        Ok(resp) => {
            let ok = resp.status().is_success();
            // Read the whole body: that is part of the work.
            resp.bytes().await.is_ok() && ok
        }
        Err(_) => false,
    }
}

/// Runs `count` requests of one kind with `CONCURRENCY` tasks, bounded by `MAX_TIME`.
async fn run_kind(http: &reqwest::Client, t: &Arc<Target>, kind: Kind, count: usize) -> Outcome {
    let next = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + MAX_TIME;
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(CONCURRENCY);
    for _ in 0..CONCURRENCY {
        let (http, t, next) = (http.clone(), t.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(count / CONCURRENCY + 1);
            let mut errors = 0;
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= count || Instant::now() >= deadline {
                    break;
                }
                let t0 = Instant::now();
                if one(&http, &t, kind, n).await {
                    lat.push(t0.elapsed());
                } else {
                    errors += 1;
                }
            }
            (lat, errors)
        }));
    }
    let mut latencies = Vec::with_capacity(count);
    let mut errors = 0;
    for task in tasks {
        let (lat, e) = task.await.unwrap();
        latencies.extend(lat);
        errors += e;
    }
    let elapsed = start.elapsed();
    latencies.sort_unstable();
    Outcome {
        kind,
        done: latencies.len() + errors,
        errors,
        elapsed,
        latencies,
    }
}

async fn run_all(base: String, count: usize) -> Vec<Outcome> {
    let http = client();
    let ids = user_ids(&http, &base).await;
    assert!(!ids.is_empty(), "the sandbox has seeded users");
    let target = Arc::new(Target { base, ids });
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let warm = run_kind(&http, &target, kind, WARMUP).await;
        assert_eq!(warm.errors, 0, "warm-up of {} failed", kind.label());
        out.push(run_kind(&http, &target, kind, count).await);
    }
    out
}

fn multi_thread_runtime(name: &str) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(name)
        .enable_all()
        .build()
        .unwrap()
}

/// Sandbox and client on one runtime.
fn shared(count: usize) -> Vec<Outcome> {
    let rt = multi_thread_runtime("shared");
    rt.block_on(async {
        let sb = SandboxBuilder::new()
            .api_key(API_KEY)
            .start()
            .await
            .unwrap();
        let out = run_all(sb.base_url(), count).await;
        sb.shutdown().await;
        out
    })
}

/// Sandbox on its own thread and runtime; client on another runtime.
fn separate(count: usize) -> Vec<Outcome> {
    let (url_tx, url_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = std::thread::spawn(move || {
        let rt = multi_thread_runtime("sandbox");
        rt.block_on(async {
            let sb = SandboxBuilder::new()
                .api_key(API_KEY)
                .start()
                .await
                .unwrap();
            url_tx.send(sb.base_url()).unwrap();
            let _ = stop_rx.await;
            sb.shutdown().await;
        });
    });
    let base = url_rx.recv().unwrap();
    let out = multi_thread_runtime("client").block_on(run_all(base, count));
    let _ = stop_tx.send(());
    server.join().unwrap();
    out
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let count = requests_per_kind();
    println!(
        "sandbox throughput: {count} requests per kind (or 60 s), {CONCURRENCY} concurrent tasks, \
         {} CPUs",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!();
    println!("| layout | request | requests | errors | seconds | req/s | p50 ms | p99 ms |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    let mut failed = false;
    for (layout, run) in [
        ("shared", shared as fn(usize) -> Vec<Outcome>),
        ("separate", separate),
    ] {
        for o in run(count) {
            failed |= o.errors > 0;
            let secs = o.elapsed.as_secs_f64();
            println!(
                "| {layout} | `{}` | {} | {} | {:.2} | {:.0} | {} | {} |",
                o.kind.label(),
                o.done,
                o.errors,
                secs,
                o.done as f64 / secs,
                ms(percentile(&o.latencies, 50.0)),
                ms(percentile(&o.latencies, 99.0)),
            );
        }
    }
    if failed {
        eprintln!("some requests failed");
        std::process::exit(1);
    }
}
