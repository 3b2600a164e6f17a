//! Start-up, memory and size of a built Roster (a release build or the installed package),
//! measured as a person meets them: launch with `--practice` until the people list is shown,
//! then idle memory summed over Roster and its WebView processes (PSS from
//! `/proc/PID/smaps_rollup`, so shared libraries are counted once), and the sizes of the
//! binary and the packages. Writes a Markdown report.
//!
//! Needs a display (run under `xvfb-run`) and a D-Bus session:
//!   xvfb-run -a dbus-run-session -- cargo run -p roster-e2e --bin startup_bench -- \
//!     --app /usr/bin/roster --runs 5 --out target/bench/startup.md [--deb FILE] [--rpm FILE] \
//!     [--also 'software rendering:ROSTER_SOFTWARE_RENDERING=1']
//!
//! `--also LABEL:KEY=VALUE` measures a second variant in the same run, launches interleaved,
//! and reports each figure's ratio to the shipped one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use roster_e2e::stop;
use std::time::{Duration, Instant};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

struct Args {
    app: PathBuf,
    runs: usize,
    out: PathBuf,
    deb: Option<PathBuf>,
    rpm: Option<PathBuf>,
    idle: Duration,
    /// Variants after the shipped one: a label and extra environment.
    also: Vec<(String, String, String)>,
}

fn args() -> Result<Args, BoxError> {
    let mut a = Args {
        app: PathBuf::from("/usr/bin/roster"),
        runs: 5,
        out: PathBuf::from("target/bench/startup.md"),
        deb: None,
        rpm: None,
        idle: Duration::from_secs(5),
        also: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--app" => a.app = value()?.into(),
            "--runs" => a.runs = value()?.parse()?,
            "--out" => a.out = value()?.into(),
            "--deb" => a.deb = Some(value()?.into()),
            "--rpm" => a.rpm = Some(value()?.into()),
            "--idle-secs" => a.idle = Duration::from_secs(value()?.parse()?),
            "--also" => {
                let v = value()?;
                let (label, kv) = v.split_once(':').ok_or("--also LABEL:KEY=VALUE")?;
                let (k, val) = kv.split_once('=').ok_or("--also LABEL:KEY=VALUE")?;
                a.also
                    .push((label.to_owned(), k.to_owned(), val.to_owned()));
            }
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    Ok(a)
}

/// One launch: until the people list is shown, then idle memory.
struct Run {
    /// From spawning the process to the log line saying the list is shown.
    shown: Duration,
    /// The app's own measure: from its `main` to the list shown.
    shown_inside_ms: u64,
    /// PSS (kB) by process name after idling.
    pss: BTreeMap<String, u64>,
    rss_total: u64,
}

fn main() -> Result<(), BoxError> {
    let args = args()?;
    if !args.app.is_file() {
        return Err(format!(
            "{} is not there: build or install Roster first",
            args.app.display()
        )
        .into());
    }
    // A first launch warms the disk cache: every measured run is a warm start.
    let _ = launch_once(&args, "warm-up", None)?;
    let mut variants: Vec<(String, Option<(String, String)>)> =
        vec![("as shipped".to_owned(), None)];
    for (label, k, v) in &args.also {
        variants.push((label.clone(), Some((k.clone(), v.clone()))));
    }
    let mut runs: Vec<Vec<Run>> = variants.iter().map(|_| Vec::new()).collect();
    for i in 0..args.runs {
        for (n, (label, env)) in variants.iter().enumerate() {
            let run = launch_once(&args, &format!("run-{i}-{n}"), env.as_ref())?;
            eprintln!(
                "{label}, run {i}: list shown after {} ms ({} ms inside), PSS {} MB",
                run.shown.as_millis(),
                run.shown_inside_ms,
                run.pss.values().sum::<u64>() / 1024
            );
            runs[n].push(run);
        }
    }
    let mut report = report(&args, &runs[0])?;
    for (n, (label, env)) in variants.iter().enumerate().skip(1) {
        let (k, v) = env
            .as_ref()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .unwrap_or_default();
        report.push_str(&compare(label, k, v, &runs[0], &runs[n]));
    }
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&args.out, &report)?;
    println!("{report}");
    Ok(())
}

/// One figure of a run.
type Figure = dyn Fn(&Run) -> u64;

/// The variant's medians beside the shipped ones, and their ratio.
fn compare(label: &str, key: &str, value: &str, shipped: &[Run], other: &[Run]) -> String {
    use std::fmt::Write as _;
    let med = |runs: &[Run], f: &Figure| median(runs.iter().map(f).collect());
    let rows: [(&str, &Figure, &str); 3] = [
        (
            "launch → people list shown",
            &|r: &Run| r.shown.as_millis() as u64,
            "ms",
        ),
        (
            "idle PSS, all processes",
            &|r: &Run| r.pss.values().sum::<u64>() / 1024,
            "MB",
        ),
        (
            "idle PSS, roster",
            &|r: &Run| r.pss.get("roster").copied().unwrap_or(0) / 1024,
            "MB",
        ),
    ];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nCompared in the same run with {label} (`{key}={value}`), medians:\n"
    );
    let _ = writeln!(out, "| figure | as shipped | {label} | shipped ÷ {label} |");
    let _ = writeln!(out, "|---|---|---|---|");
    for (name, f, unit) in rows {
        let a = med(shipped, f);
        let b = med(other, f);
        let ratio = if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let _ = writeln!(out, "| {name} | {a} {unit} | {b} {unit} | {ratio:.2} |");
    }
    out
}

fn launch_once(args: &Args, name: &str, env: Option<&(String, String)>) -> Result<Run, BoxError> {
    let home = std::env::temp_dir().join(format!("roster-startup-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home)?;
    let started = Instant::now();
    let mut command = Command::new(&args.app);
    if let Some((k, v)) = env {
        command.env(k, v);
    }
    let mut child = command
        .arg("--practice")
        .env("ROSTER_PROFILE", "test")
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let logs = home.join("data/app.roster.test/logs");
    let result = (|| {
        let (shown, inside) = wait_for_shown(&mut child, &logs, started)?;
        std::thread::sleep(args.idle);
        let (pss, rss_total) = memory_of_tree(child.id());
        Ok(Run {
            shown,
            shown_inside_ms: inside,
            pss,
            rss_total,
        })
    })();
    stop(&mut child);
    let _ = std::fs::remove_dir_all(&home);
    result
}

/// Poll the log for "people list shown" (written when the page has drawn the list).
fn wait_for_shown(
    child: &mut Child,
    logs: &Path,
    started: Instant,
) -> Result<(Duration, u64), BoxError> {
    loop {
        if let Some(status) = child.try_wait()? {
            return Err(format!("Roster exited before showing the list: {status}").into());
        }
        if started.elapsed() > Duration::from_secs(60) {
            return Err("the people list was not shown within 60 s".into());
        }
        for entry in std::fs::read_dir(logs).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            if let Some(line) = text.lines().find(|l| l.contains("people list shown")) {
                let elapsed = started.elapsed();
                let inside = line
                    .split_whitespace()
                    .find_map(|w| w.strip_prefix("since_start_ms="))
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| format!("no since_start_ms in {line:?}"))?;
                return Ok((elapsed, inside));
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// PSS by process name for `root` and its descendants, and their summed RSS (kB).
fn memory_of_tree(root: u32) -> (BTreeMap<String, u64>, u64) {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // The name is in parentheses and may hold spaces: the parent id follows the last ')'.
        let Some(after) = stat.rsplit_once(')').map(|(_, r)| r) else {
            continue;
        };
        if let Some(ppid) = after.split_whitespace().nth(1).and_then(|p| p.parse().ok()) {
            parents.push((pid, ppid));
        }
    }
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(
            parents
                .iter()
                .filter(|(_, pp)| *pp == parent)
                .map(|(p, _)| *p),
        );
        i += 1;
    }
    let mut pss = BTreeMap::new();
    let mut rss_total = 0;
    for pid in tree {
        let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        let rollup =
            std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        let field = |key: &str| {
            rollup
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
        };
        *pss.entry(name.trim().to_owned()).or_insert(0) += field("Pss:");
        rss_total += field("Rss:");
    }
    (pss, rss_total)
}

fn median(mut v: Vec<u64>) -> u64 {
    v.sort_unstable();
    v[v.len() / 2]
}

fn mb(kb: u64) -> String {
    format!("{:.0} MB", kb as f64 / 1024.0)
}

fn file_mb(path: &Path) -> String {
    std::fs::metadata(path)
        .map(|m| format!("{:.1} MB", m.len() as f64 / 1_048_576.0))
        .unwrap_or_else(|_| "missing".to_owned())
}

fn report(args: &Args, runs: &[Run]) -> Result<String, BoxError> {
    use std::fmt::Write as _;
    let shown: Vec<u64> = runs.iter().map(|r| r.shown.as_millis() as u64).collect();
    let inside: Vec<u64> = runs.iter().map(|r| r.shown_inside_ms).collect();
    let mut names: Vec<String> = runs.iter().flat_map(|r| r.pss.keys().cloned()).collect();
    names.sort();
    names.dedup();
    let mut out = String::new();
    writeln!(out, "# Roster start-up, memory and size")?;
    writeln!(out)?;
    writeln!(out, "App: `{}`, {} warm launches with `--practice` after one warm-up, {} s idle before memory is read.", args.app.display(), runs.len(), args.idle.as_secs())?;
    writeln!(out)?;
    writeln!(out, "| figure | median | min | max |")?;
    writeln!(out, "|---|---|---|---|")?;
    let row = |out: &mut String, label: &str, v: &[u64], fmt: &dyn Fn(u64) -> String| {
        let _ = writeln!(
            out,
            "| {label} | {} | {} | {} |",
            fmt(median(v.to_vec())),
            fmt(*v.iter().min().unwrap_or(&0)),
            fmt(*v.iter().max().unwrap_or(&0))
        );
    };
    row(
        &mut out,
        "launch → people list shown (wall clock)",
        &shown,
        &|v| format!("{v} ms"),
    );
    row(
        &mut out,
        "main → people list shown (Roster's own clock)",
        &inside,
        &|v| format!("{v} ms"),
    );
    let total: Vec<u64> = runs.iter().map(|r| r.pss.values().sum()).collect();
    row(&mut out, "idle PSS, all processes", &total, &|v| mb(v));
    for name in &names {
        let v: Vec<u64> = runs
            .iter()
            .map(|r| r.pss.get(name).copied().unwrap_or(0))
            .collect();
        row(&mut out, &format!("idle PSS, {name}"), &v, &|v| mb(v));
    }
    let rss: Vec<u64> = runs.iter().map(|r| r.rss_total).collect();
    row(
        &mut out,
        "idle RSS summed (counts shared pages again)",
        &rss,
        &|v| mb(v),
    );
    writeln!(out)?;
    writeln!(out, "| size | |")?;
    writeln!(out, "|---|---|")?;
    writeln!(out, "| binary | {} |", file_mb(&args.app))?;
    if let Some(deb) = &args.deb {
        writeln!(out, "| .deb | {} |", file_mb(deb))?;
    }
    if let Some(rpm) = &args.rpm {
        writeln!(out, "| .rpm | {} |", file_mb(rpm))?;
    }
    if let Ok(o) = Command::new("dpkg-query")
        .args(["-W", "-f=${Installed-Size}", "roster"])
        .output()
    {
        if let Ok(kb) = String::from_utf8_lossy(&o.stdout).trim().parse::<u64>() {
            writeln!(out, "| installed (dpkg) | {:.1} MB |", kb as f64 / 1024.0)?;
        }
    }
    Ok(out)
}
