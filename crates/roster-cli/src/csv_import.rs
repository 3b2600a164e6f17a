//! `roster-cli csv import FILE --url URL [--org-id ID] [--plan] [--json] [--update-existing]
//! [--journal-dir DIR] [--data-dir DIR]`: the app's engine (`roster-engine`: the same preview,
//! plan, locked journal, History and report), so an import killed half-way resumes when the
//! same command runs again, and the app and the CLI never run the same file at once. Running
//! it again also retries the rows that failed; rows already done are reported as an earlier
//! run's, never sent twice.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use roster_bulk::{
    default_data_dir, Action, CancellationToken, ExecuteOptions, Existing, ImportReport,
    OrgSnapshot, Outcome, Plan, PlanOptions, Progress,
};
use roster_engine::{run_job, ErrorKind, Places, Preview, RunOptions, APP_IDENTIFIER};

use crate::cli::{ImportArgs, JobArgs};
use crate::org::{connection, open_org};
use crate::output::{to_stdout, Failure};

/// How many rows the human output lists before pointing to the report.
const SHOWN_ROWS: usize = 20;

pub fn run(args: &ImportArgs) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::cannot(format!("Cannot start the import: {e}.")))?;
    runtime.block_on(import(args))
}

/// Where journals, History and reports go: the app's data folder, or the folders given.
pub fn places(
    data_dir: Option<&PathBuf>,
    journal_dir: Option<&PathBuf>,
) -> Result<Places, Failure> {
    let data = data_dir
        .cloned()
        .or_else(|| default_data_dir(APP_IDENTIFIER))
        .ok_or_else(|| {
            Failure::cannot("Cannot find Roster's data folder. Give one with --data-dir.")
        })?;
    let mut places = Places::in_data_dir(&data);
    if let Some(journals) = journal_dir {
        places.journals = journals.clone();
    }
    Ok(places)
}

async fn import(args: &ImportArgs) -> Result<(), Failure> {
    let path = args.file.display().to_string();
    let mut preview = Preview::open(&args.file, None).map_err(|e| Failure::cannot(e.message))?;

    let open = open_org(&args.org).await?;
    let snapshot = OrgSnapshot::fetch(&open.client)
        .await
        .map_err(|e| connection(&args.org.url, e))?;
    let options = PlanOptions {
        existing: if args.update_existing {
            Existing::Update
        } else {
            Existing::Skip
        },
        change_state: args.change_state,
        ..PlanOptions::default()
    };
    preview.check_against(open.org.clone(), snapshot, options);
    let job = preview
        .job(&open.org)
        .map_err(|e| Failure::cannot(e.message))?;
    if args.plan {
        return if args.json {
            to_stdout(|out| {
                serde_json::to_writer(&mut *out, &job.plan).map_err(io::Error::other)?;
                writeln!(out)
            })
        } else {
            let detected = preview.table.description();
            to_stdout(|out| preview_text(out, &path, &detected, &open.org.id, &job.plan))
        };
    }

    let places = places(args.job.data_dir.as_ref(), args.job.journal_dir.as_ref())?;
    let (report, saved) = execute(&open, &job, &places, &args.job, args.json).await?;
    print_result(&report, &saved, args.json, |value| value, &[])?;
    finished(&report)
}

/// 0 when every row was done, 1 otherwise.
pub fn finished(report: &ImportReport) -> Result<(), Failure> {
    if report.all_done() {
        Ok(())
    } else {
        Err(Failure {
            message: None,
            code: 1,
        })
    }
}

/// Runs `job` (Ctrl-C stops after the rows in flight; the rest stay in the journal for
/// next time): its report, and where that was saved (in words).
pub async fn execute(
    open: &roster_engine::OpenOrg,
    job: &roster_engine::Job,
    places: &Places,
    args: &JobArgs,
    json: bool,
) -> Result<(ImportReport, String), Failure> {
    let cancel = CancellationToken::new();
    let on_interrupt = {
        let cancel = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                cancel.cancel();
            }
        })
    };
    let live = !json && io::stderr().is_terminal();
    let show = move |p: Progress| {
        if live {
            let eta = p
                .eta_secs
                .map(|s| format!(", about {s} s left"))
                .unwrap_or_default();
            let _ = write!(
                io::stderr().lock(),
                "\r{} of {} done, {} failed{eta}   ",
                p.done,
                p.total,
                p.failed
            );
        }
    };
    let ran = run_job(
        open,
        job,
        places,
        RunOptions {
            execute: ExecuteOptions {
                concurrency: args.concurrency.max(1),
                retry_failed: true,
            },
            job_id: None,
            report_to: args.report.clone(),
            progress: &show,
            cancel: &cancel,
        },
    )
    .await;
    on_interrupt.abort();
    if live {
        let _ = writeln!(io::stderr().lock());
    }
    let ran = ran.map_err(|e| match e.kind {
        ErrorKind::JobRunning => Failure::cannot(format!("Nothing was sent. {}", e.message)),
        _ => Failure::cannot(e.message),
    })?;
    let saved = match &ran.report_path {
        Ok(path) => format!("Report saved to {}.", path.display()),
        Err(e) => e.message.clone(),
    };
    Ok((ran.report, saved))
}

/// Prints a job's result: JSON (each row passed through `json_row`, `also` as `notes`), or
/// the counts and the rows not done, then `also` (lines of the caller's own).
pub fn print_result(
    report: &ImportReport,
    saved: &str,
    json: bool,
    json_row: impl Fn(serde_json::Value) -> serde_json::Value,
    also: &[String],
) -> Result<(), Failure> {
    if json {
        let mut value = serde_json::to_value(report).map_err(|e| Failure::cannot(e.to_string()))?;
        if let Some(rows) = value.get_mut("rows").and_then(|r| r.as_array_mut()) {
            for row in rows.iter_mut() {
                *row = json_row(row.take());
            }
        }
        if !also.is_empty() {
            value["notes"] = serde_json::json!(also);
        }
        to_stdout(|out| {
            serde_json::to_writer(&mut *out, &value).map_err(io::Error::other)?;
            writeln!(out)
        })?;
    } else {
        to_stdout(|out| {
            summary(out, report, saved)?;
            for line in also {
                writeln!(out, "{line}")?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

pub fn action_word(action: Action) -> &'static str {
    match action {
        Action::Create => "create",
        Action::Update => "update",
        Action::Suspend => "suspend",
        Action::Reactivate => "reactivate",
        Action::Skip => "skip",
        Action::Error => "error",
    }
}

/// `--plan` without `--json`: counts, notices and the rows that need attention.
fn preview_text(
    out: &mut dyn Write,
    path: &str,
    detected: &str,
    org_id: &str,
    plan: &Plan,
) -> io::Result<()> {
    writeln!(out, "{path}: {detected}")?;
    let c = &plan.counts;
    writeln!(
        out,
        "Organization {org_id}: {} rows: {} to create, {} to update, {} to skip, {} with errors.",
        c.rows, c.create, c.update, c.skip, c.error
    )?;
    if c.suspend + c.reactivate > 0 {
        writeln!(
            out,
            "State changes: {} to suspend, {} to reactivate.",
            c.suspend, c.reactivate
        )?;
    }
    for notice in &plan.notices {
        writeln!(out, "  notice: {notice}")?;
    }
    let attention: Vec<_> = plan.attention().collect();
    if attention.is_empty() {
        writeln!(out, "No row needs attention. Nothing was sent.")?;
        return Ok(());
    }
    writeln!(out, "Rows that need attention (nothing was sent):")?;
    for row in attention.iter().take(SHOWN_ROWS) {
        for issue in &row.issues {
            writeln!(
                out,
                "  [{}] {}",
                action_word(row.action),
                issue.located(row.line)
            )?;
        }
    }
    if attention.len() > SHOWN_ROWS {
        writeln!(
            out,
            "  ... and {} more rows; use --json to see them all.",
            attention.len() - SHOWN_ROWS
        )?;
    }
    Ok(())
}

/// The human result: counts, the rows not done, where the report is.
pub fn summary(out: &mut dyn Write, report: &ImportReport, saved: &str) -> io::Result<()> {
    let s = &report.summary;
    write!(
        out,
        "This run: created {}, updated {}, skipped {}, failed {}",
        s.created, s.updated, s.skipped, s.failed
    )?;
    if s.suspended + s.reactivated > 0 {
        write!(
            out,
            ", suspended {}, reactivated {}",
            s.suspended, s.reactivated
        )?;
    }
    if s.pending > 0 {
        write!(out, ", not done {}", s.pending)?;
    }
    writeln!(out, ".")?;
    if s.earlier > 0 {
        let rows = if s.earlier == 1 {
            "row was"
        } else {
            "rows were"
        };
        writeln!(
            out,
            "{} {rows} done by an earlier run of this file and not sent again.",
            s.earlier
        )?;
    }
    if let Some(why) = &report.stopped {
        writeln!(out, "{why}")?;
    }
    let not_done: Vec<_> = report
        .rows
        .iter()
        .filter(|r| r.earlier.is_none() && matches!(r.outcome, Outcome::Failed | Outcome::Pending))
        .collect();
    for row in not_done.iter().take(SHOWN_ROWS) {
        writeln!(
            out,
            "  Line {} ({}): {}",
            row.line,
            row.username,
            row.message.as_deref().unwrap_or("")
        )?;
    }
    if not_done.len() > SHOWN_ROWS {
        writeln!(
            out,
            "  ... and {} more in the report.",
            not_done.len() - SHOWN_ROWS
        )?;
    }
    if !not_done.is_empty() {
        writeln!(
            out,
            "Running the same command again retries the rows that failed or were not done; fix rows with errors in the file first."
        )?;
    }
    writeln!(out, "{saved}")
}
