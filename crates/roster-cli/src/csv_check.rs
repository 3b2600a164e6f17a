//! `roster-cli csv check FILE [--json]`.

use crate::cli::CheckArgs;
use crate::output::{to_stdout, Failure};
use roster_import::{
    check, is_workbook, read_table, suggest_mapping, CheckReport, Severity, Table, Workbook,
};
use std::io::{self, Write};

/// How many row issues the summary lists before pointing to `--json`.
const SHOWN_ROW_ISSUES: usize = 20;

pub fn run(args: &CheckArgs) -> Result<(), Failure> {
    let path = args.file.display().to_string();
    let bytes = std::fs::read(&args.file).map_err(|err| {
        Failure::cannot(format!("Cannot read \"{path}\": {}.", plain_io_error(&err)))
    })?;
    let cannot = |err: roster_import::IntakeError| {
        Failure::cannot(format!("Cannot read \"{path}\" as a table: {err}"))
    };
    let (table, sheets) = if is_workbook(&bytes) {
        let mut book = Workbook::open(bytes).map_err(cannot)?;
        let sheet = args
            .sheet
            .clone()
            .unwrap_or_else(|| book.default_sheet().to_owned());
        (book.table(&sheet).map_err(cannot)?, book.sheets)
    } else if args.sheet.is_some() {
        return Err(Failure::cannot(format!(
            "\"{path}\" is not a workbook, so it has no sheets; leave out --sheet."
        )));
    } else {
        (read_table(&bytes).map_err(cannot)?, Vec::new())
    };
    let mapping = suggest_mapping(&table);
    let report = check(&table, &mapping);
    if args.json {
        let mut value =
            serde_json::to_value(&report).map_err(|e| Failure::cannot(e.to_string()))?;
        // A workbook has no encoding or separator: its format and sheet instead.
        if let (Some(w), Some(map)) = (&table.workbook, value.as_object_mut()) {
            for key in ["encoding", "bom", "delimiter"] {
                map.remove(key);
            }
            map.insert("format".into(), serde_json::json!(w.format));
            map.insert("sheet".into(), serde_json::json!(w.sheet));
            map.insert("sheets".into(), serde_json::json!(sheets));
        }
        to_stdout(|out| {
            serde_json::to_writer(&mut *out, &value).map_err(io::Error::other)?;
            writeln!(out)
        })
    } else {
        to_stdout(|out| {
            summary(out, &path, &table, &report)?;
            if sheets.len() > 1 {
                let listed: Vec<String> = sheets
                    .iter()
                    .map(|s| {
                        let mut name = format!("\"{}\"", s.name);
                        if s.hidden {
                            name.push_str(" (hidden)");
                        }
                        name
                    })
                    .collect();
                writeln!(
                    out,
                    "The workbook's sheets: {}. Check another with --sheet NAME.",
                    listed.join(", ")
                )?;
            }
            Ok(())
        })
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
