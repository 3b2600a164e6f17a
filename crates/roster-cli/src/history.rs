//! `roster-cli history (--org-id ID | --url URL) [--person USER] [--since DATE] [--json]`:
//! what Roster changed in the organization, from the app and the CLI, newest first — the
//! same History the app shows.

use std::io::{self, Write};

use roster_bulk::history::value_text;
use roster_bulk::{HistoryEntry, HistoryFilter, HistoryOutcome};

use crate::cli::HistoryArgs;
use crate::csv_import::places;
use crate::org::{api_key, client, organization};
use crate::output::{to_stdout, Failure};

pub fn run(args: &HistoryArgs) -> Result<(), Failure> {
    if let Some(since) = &args.since {
        let valid = since.len() == 10
            && since.char_indices().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !valid {
            return Err(Failure::cannot(format!(
                "--since \"{since}\" is not a date. Write it as YYYY-MM-DD, like 2026-12-01."
            )));
        }
    }
    let org_id = match (&args.org_id, &args.url) {
        (Some(id), _) => id.clone(),
        (None, Some(url)) => {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| Failure::cannot(format!("Cannot start: {e}.")))?;
            runtime.block_on(async {
                let client = client(url, api_key(args.saved_org.as_deref())?, None)?;
                Ok::<_, Failure>(organization(&client, url, None).await?.id)
            })?
        }
        (None, None) => {
            return Err(Failure::cannot(
                "Say which organization: give --org-id, or --url with the API key in JUMPCLOUD_API_KEY.",
            ))
        }
    };
    let places = places(args.data_dir.as_ref(), None)?;
    let filter = HistoryFilter {
        person: args.person.clone(),
        since: args.since.clone(),
        ..HistoryFilter::default()
    };
    let entries = roster_engine::history::all(&places.history, &org_id, &filter)
        .map_err(|e| Failure::cannot(e.message))?;
    if args.json {
        to_stdout(|out| {
            serde_json::to_writer(&mut *out, &entries).map_err(io::Error::other)?;
            writeln!(out)
        })
    } else {
        to_stdout(|out| text(out, &entries))
    }
}

fn text(out: &mut dyn Write, entries: &[HistoryEntry]) -> io::Result<()> {
    if entries.is_empty() {
        return writeln!(out, "No changes recorded.");
    }
    for e in entries {
        let outcome = match e.outcome {
            HistoryOutcome::Done => String::new(),
            HistoryOutcome::Failed => format!(" FAILED: {}", e.error.as_deref().unwrap_or("")),
        };
        writeln!(
            out,
            "{}  {}  {} ({})  by {} on {}  from {}{outcome}",
            e.at,
            e.operation.label(),
            e.person.username,
            e.person.email,
            e.os_user,
            e.computer,
            e.source
        )?;
        for c in &e.changes {
            writeln!(
                out,
                "    {}: {} -> {}",
                c.field,
                value_text(&c.before),
                value_text(&c.after)
            )?;
        }
    }
    let n = entries.len();
    writeln!(out, "{n} {}.", if n == 1 { "change" } else { "changes" })
}
