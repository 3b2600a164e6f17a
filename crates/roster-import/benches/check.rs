//! `csv check` of a generated 100,000-row file: intake (encoding, separator, parsing),
//! mapping and validation, as `roster-cli csv check` does them. Not a timed test: it prints
//! the wall time. Run with `cargo bench -p roster-import`.

use roster_import::{check, read_table, suggest_mapping};
use std::time::{Duration, Instant};

const ROWS: usize = 100_000;
const RUNS: usize = 7;

/// A realistic HR export: 12 columns, accented names, a few warnings and errors.
fn generate(rows: usize, separator: char) -> String {
    let first = [
        "Jürgen",
        "José",
        "Anna",
        "Zoë",
        "François",
        "Sören",
        "Mary",
        "Li",
    ];
    let last = [
        "Müller", "García", "König", "Moreau", "Lefèvre", "Weiß", "O'Brien", "Chen",
    ];
    let departments = [
        "Vertrieb",
        "Einkauf",
        "Geschäftsführung",
        "IT",
        "Finance",
        "R&D",
    ];
    let s = separator;
    let mut text = format!(
        "Username{s}First Name{s}Last Name{s}E-Mail{s}Department{s}Job Title{s}Employee ID{s}Location{s}Mobile Phone{s}Manager{s}State{s}Group1\r\n"
    );
    for i in 0..rows {
        let f = first[i % first.len()];
        let l = last[(i / 8) % last.len()];
        let d = departments[i % departments.len()];
        // Every 1000th row has a broken email, every 997th a formula-looking title.
        let email = if i % 1000 == 999 {
            format!("user{i}@")
        } else {
            format!("user{i}@example.com")
        };
        let title = if i % 997 == 0 {
            "=Manager"
        } else {
            "Sachbearbeiter"
        };
        text.push_str(&format!(
            "user{i}{s}{f}{s}{l}{s}{email}{s}{d}{s}{title}{s}{i:07}{s}Berlin{s}+49 30 {i:07}{s}boss@example.com{s}ACTIVATED{s}Staff\r\n"
        ));
    }
    text
}

fn measure(label: &str, bytes: &[u8]) {
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    let mut serialize = Duration::ZERO;
    let mut summary = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let Ok(table) = read_table(bytes) else {
            eprintln!("the generated file could not be read");
            return;
        };
        let mapping = suggest_mapping(&table);
        let report = check(&table, &mapping);
        times.push(start.elapsed());
        let start = Instant::now();
        let json = serde_json::to_vec(&report).map(|v| v.len()).unwrap_or(0);
        serialize = start.elapsed();
        summary = Some((report.summary, json));
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    if let Some((s, json_len)) = summary {
        println!(
            "CSV check, {ROWS} rows, {label} ({:.1} MB): median {:.0} ms, best {:.0} ms over {RUNS} runs (intake + mapping + validation); JSON report {:.0} ms ({:.1} MB); {} ready, {} warning, {} error",
            bytes.len() as f64 / 1e6,
            ms(times[RUNS / 2]),
            ms(times[0]),
            ms(serialize),
            json_len as f64 / 1e6,
            s.ready,
            s.warning,
            s.error
        );
    }
}

fn main() {
    let utf8 = generate(ROWS, ',');
    measure("UTF-8, commas", utf8.as_bytes());
    let text = generate(ROWS, ';');
    let (legacy, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    measure("Windows-1252, semicolons", &legacy);
}
