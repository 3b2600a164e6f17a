//! `roster-cli csv import FILE --url URL [--org-id ID] [--plan] [--json] [--update-existing]
//! [--journal-dir DIR]`: the app's import engine (`roster-bulk`) and the app's journal, so an
//! import killed half-way resumes when the same command runs again. Running it again also
//! retries the rows that failed; rows already done are reported, never sent twice.

use std::io::{self, IsTerminal, Write};

use jumpcloud::{Client, Config, Secret, Url};
use roster_bulk::{
    default_journal_dir, default_report_path_now, execute, plan, Action, CancellationToken,
    ExecuteOptions, Existing, ImportReport, Journal, JournalKey, OrgSnapshot, Outcome, Plan,
    PlanOptions, Progress,
};
use roster_credentials::Keychain;
use roster_import::{check, read_table, suggest_mapping};

use crate::cli::ImportArgs;
use crate::csv_check::plain_io_error;
use crate::output::{to_stdout, Failure};

/// The app's identifier: its keychain service and its data folder (shared journals).
const APP_IDENTIFIER: &str = "app.roster.desktop";
/// The environment variable holding the API key.
const KEY_VARIABLE: &str = "JUMPCLOUD_API_KEY";
/// How many rows the human output lists before pointing to the report.
const SHOWN_ROWS: usize = 20;

pub fn run(args: &ImportArgs) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::cannot(format!("Cannot start the import: {e}.")))?;
    runtime.block_on(import(args))
}

async fn import(args: &ImportArgs) -> Result<(), Failure> {
    let path = args.file.display().to_string();
    let bytes = std::fs::read(&args.file).map_err(|err| {
        Failure::cannot(format!("Cannot read \"{path}\": {}.", plain_io_error(&err)))
    })?;
    let table = read_table(&bytes)
        .map_err(|err| Failure::cannot(format!("Cannot read \"{path}\" as a table: {err}")))?;
    let mapping = suggest_mapping(&table);
    let checked = check(&table, &mapping);

    let url = Url::parse(&args.url).map_err(|_| {
        Failure::cannot(format!(
            "\"{}\" is not a web address. Give the console's, like https://console.jumpcloud.com.",
            args.url
        ))
    })?;
    let mut config = Config::new(url, api_key(args)?);
    if let Some(org) = &args.org_id {
        config = config.org_id(org.clone());
    }
    let client = Client::new(config).map_err(|e| connection(&args.url, &e))?;
    let org_id = match &args.org_id {
        Some(id) => id.clone(),
        None => only_organization(&client, &args.url).await?,
    };
    let snapshot = OrgSnapshot::fetch(&client)
        .await
        .map_err(|e| connection(&args.url, &e))?;
    let options = PlanOptions {
        existing: if args.update_existing {
            Existing::Update
        } else {
            Existing::Skip
        },
    };
    let plan = plan(&checked, &snapshot, &options);
    if args.plan {
        return if args.json {
            to_stdout(|out| {
                serde_json::to_writer(&mut *out, &plan).map_err(io::Error::other)?;
                writeln!(out)
            })
        } else {
            to_stdout(|out| preview(out, &path, &table.description(), &org_id, &plan))
        };
    }

    let dir = args
        .journal_dir
        .clone()
        .or_else(|| default_journal_dir(APP_IDENTIFIER))
        .ok_or_else(|| {
            Failure::cannot(
                "Cannot find a folder for the import journal. Give one with --journal-dir.",
            )
        })?;
    let journal = Journal::open(&dir, &JournalKey::new(&org_id, &bytes, &mapping))
        .map_err(|e| Failure::cannot(e.to_string()))?;

    // Ctrl-C stops after the rows in flight; the rest stay in the journal for next time.
    let cancel = CancellationToken::new();
    let on_interrupt = {
        let cancel = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                cancel.cancel();
            }
        })
    };
    let live = !args.json && io::stderr().is_terminal();
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
    let run_options = ExecuteOptions {
        concurrency: args.concurrency.max(1),
        retry_failed: true,
    };
    let report = execute(&client, &plan, &journal, &run_options, &show, &cancel).await;
    on_interrupt.abort();
    if live {
        let _ = writeln!(io::stderr().lock());
    }

    let report_path = args
        .report
        .clone()
        .unwrap_or_else(|| default_report_path_now(&args.file));
    let saved = report.write_csv(&report_path);
    if args.json {
        to_stdout(|out| {
            serde_json::to_writer(&mut *out, &report).map_err(io::Error::other)?;
            writeln!(out)
        })?;
    } else {
        let where_ = match &saved {
            Ok(()) => format!("Report saved to {}.", report_path.display()),
            Err(e) => format!(
                "The report could not be saved to {}: {}.",
                report_path.display(),
                plain_io_error(e)
            ),
        };
        to_stdout(|out| summary(out, &report, &where_))?;
    }
    if report.all_done() {
        Ok(())
    } else {
        Err(Failure {
            message: None,
            code: 1,
        })
    }
}

/// The key from the keychain (`--saved-org`) or from the environment.
fn api_key(args: &ImportArgs) -> Result<Secret, Failure> {
    if let Some(saved) = &args.saved_org {
        return match Keychain::new(APP_IDENTIFIER).load(saved) {
            Ok(Some(key)) => Ok(key),
            Ok(None) => Err(Failure::cannot(format!(
                "The keychain has no key for the saved organization \"{saved}\". Connect to it in the Roster app first, or set {KEY_VARIABLE}."
            ))),
            Err(e) => Err(Failure::cannot(format!("Cannot read the keychain: {e}"))),
        };
    }
    match std::env::var(KEY_VARIABLE) {
        Ok(key) if !key.trim().is_empty() => Ok(Secret::new(key.trim())),
        _ => Err(Failure::cannot(format!(
            "Set {KEY_VARIABLE} to the organization's API key (or use --saved-org with an organization saved in the Roster app)."
        ))),
    }
}

fn connection(url: &str, error: &jumpcloud::Error) -> Failure {
    Failure::cannot(format!(
        "Cannot use JumpCloud at {url}: {}",
        roster_bulk::messages::explain(error)
    ))
}

/// The key's organization, when it has exactly one.
async fn only_organization(client: &Client, url: &str) -> Result<String, Failure> {
    let orgs = client
        .organizations()
        .await
        .map_err(|e| connection(url, &e))?
        .results;
    match orgs.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(Failure::cannot(
            "This API key gives access to no organization. Check the key, or give --org-id.",
        )),
        many => Err(Failure::cannot(format!(
            "This API key administers {} organizations. Choose one with --org-id.",
            many.len()
        ))),
    }
}

fn action_word(action: Action) -> &'static str {
    match action {
        Action::Create => "create",
        Action::Update => "update",
        Action::Skip => "skip",
        Action::Error => "error",
    }
}

/// `--plan` without `--json`: counts, notices and the rows that need attention.
fn preview(
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
            writeln!(out, "  [{}] {}", action_word(row.action), issue.message)?;
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
fn summary(out: &mut dyn Write, report: &ImportReport, saved: &str) -> io::Result<()> {
    let s = &report.summary;
    write!(
        out,
        "Created {}, updated {}, skipped {}, failed {}",
        s.created, s.updated, s.skipped, s.failed
    )?;
    if s.pending > 0 {
        write!(out, ", not done {}", s.pending)?;
    }
    writeln!(out, ".")?;
    if let Some(why) = &report.stopped {
        writeln!(out, "{why}")?;
    }
    let not_done: Vec<_> = report
        .rows
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Failed | Outcome::Pending))
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
