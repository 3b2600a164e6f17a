//! Reading a 100,000-row workbook next to the same rows as a CSV file: open, the sheet as a
//! table, mapping and checks, as the app's preview does. Writes its section of
//! docs/benchmarks.md. Run with `cargo bench -p roster-import --bench workbook`.

use std::time::{Duration, Instant};

use roster_import::{check, read_table, suggest_mapping, Workbook};
use rust_xlsxwriter::{ExcelDateTime, Format};

const ROWS: u32 = 100_000;
const RUNS: usize = 5;
const HEADERS: [&str; 10] = [
    "Username",
    "Email",
    "First Name",
    "Last Name",
    "Department",
    "Job Title",
    "Employee ID",
    "Start date",
    "Location",
    "Mobile Phone",
];

/// The same people, as a workbook (typed cells: text, numbers, dates) and as CSV text.
fn generate() -> (Vec<u8>, String) {
    let first = ["Jürgen", "José", "Anna", "Zoë", "François", "Mary", "Li"];
    let last = ["Müller", "García", "König", "Moreau", "O'Brien", "Chen"];
    let departments = ["Sales", "Finance", "IT", "R&D", "People"];
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let mut csv = HEADERS.join(",") + "\r\n";
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    for i in 0..ROWS {
        let r = i + 1;
        let (f, l) = (first[i as usize % 7], last[i as usize % 6]);
        let d = departments[i as usize % 5];
        let day = (i % 28) as u8 + 1;
        let cells = [
            format!("user{i}"),
            format!("user{i}@example.com"),
            f.to_owned(),
            l.to_owned(),
            d.to_owned(),
            "Analyst".to_owned(),
            format!("{i:07}"),
            format!("2024-03-{day:02}"),
            "Berlin".to_owned(),
            format!("+49 30 {i:07}"),
        ];
        for (c, v) in cells.iter().enumerate() {
            let c = c as u16;
            if c == 7 {
                let when = ExcelDateTime::from_ymd(2024, 3, day).expect("date");
                sheet
                    .write_datetime_with_format(r, c, when, &date)
                    .expect("date");
            } else {
                sheet.write_string(r, c, v).expect("cell");
            }
        }
        csv.push_str(&cells.join(","));
        csv.push_str("\r\n");
    }
    (book.save_to_buffer().expect("saved"), csv)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let (xlsx, csv) = generate();
    let mut workbook_times = Vec::new();
    let mut csv_times = Vec::new();
    let mut rows = (0, 0);
    for _ in 0..RUNS {
        let t = Instant::now();
        let mut book = Workbook::open(xlsx.clone()).expect("opens");
        let sheet = book.default_sheet().to_owned();
        let table = book.table(&sheet).expect("sheet");
        let report = check(&table, &suggest_mapping(&table));
        workbook_times.push(t.elapsed());
        rows.0 = report.summary.ready;

        let t = Instant::now();
        let table = read_table(csv.as_bytes()).expect("csv");
        let report = check(&table, &suggest_mapping(&table));
        csv_times.push(t.elapsed());
        rows.1 = report.summary.ready;
    }
    let (w, c) = (median(workbook_times), median(csv_times));
    let section = format!(
        "## Reading a 100,000-row workbook\n\n\
         `cargo bench -p roster-import --bench workbook` (release, 2-core machine): {ROWS} people \
         in 10 columns (text, a 7-digit id with leading zeros, a date cell), as an .xlsx \
         ({:.1} MB) and as the same rows in CSV ({:.1} MB); open, the sheet as a table, mapping \
         and checks, median of {RUNS} runs.\n\n\
         | | time |\n| --- | --- |\n\
         | workbook (.xlsx) | {:.2} s |\n\
         | the same rows as CSV | {:.2} s |\n\
         | workbook / CSV | {:.1}× |\n\n\
         Goal: the workbook under 1.5 s. Rows ready: {} (workbook), {} (CSV).\n",
        xlsx.len() as f64 / 1e6,
        csv.len() as f64 / 1e6,
        w.as_secs_f64(),
        c.as_secs_f64(),
        w.as_secs_f64() / c.as_secs_f64(),
        rows.0,
        rows.1,
    );
    println!("{section}");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/benchmarks.md");
    let current = std::fs::read_to_string(&path).unwrap_or_else(|_| "# Benchmarks\n".to_owned());
    let heading = "## Reading a 100,000-row workbook";
    let updated = match current.find(heading) {
        Some(start) => {
            let rest = &current[start + heading.len()..];
            let end = rest
                .find("\n## ")
                .map_or(current.len(), |i| start + heading.len() + i + 1);
            // One blank line between this section and the next heading, if any.
            let next = current[end..].trim_start();
            let gap = if next.is_empty() { "\n" } else { "\n\n" };
            format!("{}{}{gap}{next}", &current[..start], section.trim_end())
        }
        None => format!("{}\n{}", current.trim_end_matches('\n'), section),
    };
    if let Err(e) = std::fs::write(&path, updated) {
        eprintln!("could not update {}: {e}", path.display());
    }
}
