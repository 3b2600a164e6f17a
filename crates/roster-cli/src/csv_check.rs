//! `roster-cli csv check FILE [--json]`.

use crate::cli::CheckArgs;
use crate::output::{to_stdout, Failure};
use roster_import::{check, read_table, suggest_mapping, CheckReport, Severity, Table};
use std::io::{self, Write};

/// How many row issues the summary lists before pointing to `--json`.
const SHOWN_ROW_ISSUES: usize = 20;

pub fn run(args: &CheckArgs) -> Result<(), Failure> {
    let path = args.file.display().to_string();
    let bytes = std::fs::read(&args.file).map_err(|err| {
        Failure::cannot(format!("Cannot read \"{path}\": {}.", plain_io_error(&err)))
    })?;
    let table = read_table(&bytes)
        .map_err(|err| Failure::cannot(format!("Cannot read \"{path}\" as a table: {err}")))?;
    let mapping = suggest_mapping(&table);
    let report = check(&table, &mapping);
    if args.json {
        to_stdout(|out| {
            serde_json::to_writer(&mut *out, &report).map_err(io::Error::other)?;
            writeln!(out)
        })
    } else {
        to_stdout(|out| summary(out, &path, &table, &report))
    }
}

/// An I/O error in plain words, without the OS error number.
pub fn plain_io_error(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "the file does not exist".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::IsADirectory => "it is a folder, not a file".to_owned(),
        // The kind's own words, never a parse of the formatted error.
        kind => kind.to_string(),
    }
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The short human summary.
fn summary(out: &mut dyn Write, path: &str, table: &Table, report: &CheckReport) -> io::Result<()> {
    writeln!(out, "{path}: {}", table.description())?;
    let imported = report.columns.iter().filter(|c| c.field.is_some()).count();
    writeln!(
        out,
        "Columns: {} ({imported} imported, {} not imported)",
        report.columns.len(),
        report.columns.len() - imported
    )?;
    let s = &report.summary;
    writeln!(
        out,
        "Rows: {} ({} ready, {} with warnings, {} with errors, {} skipped)",
        s.rows, s.ready, s.warning, s.error, s.skipped
    )?;
    for issue in &report.issues {
        writeln!(out, "  {}: {}", severity(issue.severity), issue.message)?;
    }
    let mut row_issues = report
        .rows
        .iter()
        .flat_map(|r| r.issues.iter().map(move |i| (r.line, i)));
    let total = report.rows.iter().map(|r| r.issues.len()).sum::<usize>();
    for (line, issue) in row_issues.by_ref().take(SHOWN_ROW_ISSUES) {
        writeln!(
            out,
            "  {}: {}",
            severity(issue.severity),
            issue.located(line)
        )?;
    }
    if total > SHOWN_ROW_ISSUES {
        writeln!(
            out,
            "  ... and {} more; use --json to see every issue.",
            total - SHOWN_ROW_ISSUES
        )?;
    }
    Ok(())
}
