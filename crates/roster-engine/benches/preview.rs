//! Benchmark: the import preview with 100,000 rows, as the app drives it —
//! open (read + map + check), fetch one page of rows for the grid, fix one
//! cell (the whole file is checked again), check against an organization of
//! 2,000 people, then fix a cell again (checked against the org too).
//! Writes its section of docs/benchmarks.md.
//!
//! Run: `cargo bench -p roster-engine --bench preview`

mod support;

use std::time::{Duration, Instant};

use jumpcloud::models::SystemUser;
use roster_bulk::{OrgSnapshot, PlanOptions};
use roster_engine::{OrgRef, Preview, RowFilter};

const ROWS: usize = 100_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("roster-preview-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("big.csv");
    let mut text =
        String::from("First Name,Last Name,Email Address,Username,Department,Job Title\r\n");
    for i in 0..ROWS {
        let email = if i % 1000 == 7 {
            format!("person{i}@")
        } else {
            format!("person{i}@example.com")
        };
        text.push_str(&format!(
            "Given{i},Family{i},{email},person{i},Dept{},Title{}\r\n",
            i % 12,
            i % 40
        ));
    }
    std::fs::write(&path, &text)?;
    let remembered = dir.join("column-choices.json");

    let t = Instant::now();
    let mut session = Preview::open(&path, Some(&remembered)).map_err(|e| e.message)?;
    let open = t.elapsed();
    assert_eq!(session.current_report().summary.rows, ROWS);

    // One page as the grid gets it: the matching count, then 100 rows with their cells.
    let t = Instant::now();
    let total = session.matching(RowFilter::Attention).count();
    let page: Vec<(u64, Vec<String>, usize)> = session
        .matching(RowFilter::Attention)
        .take(100)
        .map(|(_, raw, report)| (raw.line, raw.cells.clone(), report.issues.len()))
        .collect();
    let page_time = t.elapsed();
    assert_eq!(total, ROWS / 1000);

    let bad_line = page[0].0;
    let t = Instant::now();
    session
        .edit_cell(bad_line, 2, "fixed@example.com")
        .map_err(|e| e.message)?;
    let edit = t.elapsed();

    let users: Vec<SystemUser> = (0..2000)
        .map(|i| SystemUser {
            id: format!("{i:024x}"),
            username: format!("person{}", i * 50),
            email: format!("person{}@example.com", i * 50),
            ..SystemUser::default()
        })
        .collect();
    let t = Instant::now();
    session.check_against(
        OrgRef {
            id: "bench".into(),
            name: "Bench".into(),
        },
        OrgSnapshot::from_parts(users, vec![], vec![]),
        PlanOptions::default(),
    );
    let plan = t.elapsed();
    let counts = session.plan().ok_or("no plan")?.counts;

    let second_bad = session
        .matching(RowFilter::Attention)
        .map(|(_, raw, _)| raw.line)
        .find(|line| *line != bad_line);
    let t = Instant::now();
    if let Some(line) = second_bad {
        session
            .edit_cell(line, 2, "fixed2@example.com")
            .map_err(|e| e.message)?;
    }
    let edit_with_org = t.elapsed();
    std::fs::remove_dir_all(&dir).ok();

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let section = format!(
        "## Import preview, 100,000 rows\n\n\
         `cargo bench -p roster-engine --bench preview` (release, 2-core machine): the engine's `Preview` \
         with a generated 100,000-row file ({:.1} MB, one broken email every 1,000 rows) and an \
         organization of 2,000 people, as the preview screen drives it. The grid only ever receives \
         one page of rows.\n\n\
         | step | time |\n| --- | --- |\n\
         | open: read, map and check every row | {:.0} ms |\n\
         | one page of rows that need attention | {:.1} ms |\n\
         | fix one cell (every row checked again) | {:.0} ms |\n\
         | check against the organization ({} create, {} skip, {} error) | {:.0} ms |\n\
         | fix one cell once checked against the organization | {:.0} ms |\n",
        text.len() as f64 / 1e6,
        ms(open),
        ms(page_time),
        ms(edit),
        counts.create,
        counts.skip,
        counts.error,
        ms(plan),
        ms(edit_with_org),
    );
    println!("{section}");
    support::write_section(&section)?;
    Ok(())
}
