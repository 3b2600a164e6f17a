//! `roster-cli import google|microsoft --url URL [--directory NAME] [--search Q]
//! [--select EMAIL].. [--all-new] [--username-from email|first.last|flast] [--plan] [--json]`:
//! the app's platform import on the engine (`roster-engine::platform`): list the directory's
//! people, pick, the same preview, plan, journal, History and report as `csv import`. Without
//! `--select` or `--all-new` it lists the people and where they stand, and sends nothing.
//! Rows are keyed by the platform's id (`source` instead of `line` in the JSON).

use std::io::{self, IsTerminal, Write};

use roster_bulk::{Existing, OrgSnapshot, Plan};
use roster_engine::platform::{
    clear_unfinished, find_directory, load_unfinished, not_bound_after, open_pick,
    platform_directories, save_unfinished, unfinished_path, ListProgress, Pick, PickFilter,
    Platform, PlatformChoices, PlatformDirectory, Standing,
};
use roster_engine::{Preview, StartState, UsernamePattern};
use serde_json::{json, Value};

use crate::cli::PlatformArgs;
use crate::csv_import::{action_word, execute, finished, places, print_result};
use crate::org::{connection, open_org};
use crate::output::{to_stdout, Failure};

const SHOWN_ROWS: usize = 20;

pub fn run(args: &PlatformArgs, platform: Platform) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::cannot(format!("Cannot start the import: {e}.")))?;
    runtime.block_on(import(args, platform))
}

fn choices(args: &PlatformArgs, default: StartState) -> Result<PlatformChoices, Failure> {
    let usernames = UsernamePattern::from_key(args.username_from.trim()).ok_or_else(|| {
        Failure::cannot(format!(
            "--username-from must be email, first.last, flast or firstlast, not \"{}\".",
            args.username_from
        ))
    })?;
    let state = match args.state.as_deref().map(str::to_lowercase).as_deref() {
        None => default,
        Some("staged") => StartState::Staged,
        Some("active") | Some("activated") => StartState::Active,
        Some(other) => {
            return Err(Failure::cannot(format!(
                "--state must be staged or active, not \"{other}\"."
            )))
        }
    };
    Ok(PlatformChoices {
        usernames,
        state,
        send_email: !args.no_email,
    })
}

async fn import(args: &PlatformArgs, platform: Platform) -> Result<(), Failure> {
    let open = open_org(&args.org).await?;
    let url = &args.org.url;
    let (snapshot, details) = tokio::try_join!(
        OrgSnapshot::fetch(&open.client),
        open.client.organization(&open.org.id)
    )
    .map_err(|e| connection(url, e))?;
    let default = roster_engine::platform::default_import_state(
        details.settings.new_user_state.application_import,
    );
    let choices = choices(args, default)?;
    let directories = platform_directories(snapshot.all_directories());
    let directory = find_directory(&directories, platform, args.directory.as_deref())
        .map_err(|e| Failure::cannot(e.message))?;

    let live = !args.json && io::stderr().is_terminal();
    let show = move |p: ListProgress| {
        if live {
            let _ = write!(
                io::stderr().lock(),
                "\rListing {}: {} people read   ",
                platform.label(),
                p.people
            );
        }
    };
    let mut pick = open_pick(
        &open.client,
        &snapshot,
        &directory,
        args.search.as_deref(),
        show,
    )
    .await
    .map_err(|e| Failure::cannot(e.message))?;
    if live {
        let _ = writeln!(io::stderr().lock());
    }

    let places = places(args.job.data_dir.as_ref(), args.job.journal_dir.as_ref())?;
    let unfinished = unfinished_path(&places.journals, &open.org.id, &directory.id);
    if args.select.is_empty() && !args.all_new {
        return listing(&pick, args.json);
    }
    for wanted in &args.select {
        let index = pick.find(wanted).ok_or_else(|| {
            Failure::cannot(format!(
                "\"{wanted}\" is not among the people {} lists{}. Nothing was sent.",
                directory.words(),
                args.search
                    .as_deref()
                    .map(|q| format!(" for the search \"{q}\""))
                    .unwrap_or_default()
            ))
        })?;
        pick.select(&[index], true)
            .map_err(|e| Failure::cannot(e.message))?;
    }
    if args.all_new {
        pick.select_matching(
            &PickFilter {
                standing: Some(Standing::New),
                ..PickFilter::default()
            },
            true,
        );
    }
    // The people of an import that was stopped half-way are picked again, so running the
    // same command again finishes it (those it created are no longer "new").
    let mut notes = Vec::new();
    let again = pick.pick_unfinished(&load_unfinished(&unfinished));
    if again > 0 {
        notes.push(format!(
            "An earlier import from {} did not finish: its {again} people are picked again.",
            directory.words()
        ));
    }
    if pick.selected.is_empty() {
        let line = format!(
            "No one to import: everyone {} lists is in JumpCloud already. Nothing was sent.",
            directory.words()
        );
        return if args.json {
            to_stdout(|out| writeln!(out, "{}", json!({"rows": [], "notes": [line]})))
        } else {
            to_stdout(|out| writeln!(out, "{line}"))
        };
    }

    let mut preview =
        Preview::from_platform(&pick, choices).map_err(|e| Failure::cannot(e.message))?;
    let existing = if args.update_existing {
        Existing::Update
    } else {
        Existing::Skip
    };
    let options = preview.options_for(existing, false);
    preview.check_against(open.org.clone(), snapshot, options);
    let job = preview
        .job(&open.org)
        .map_err(|e| Failure::cannot(e.message))?;
    if args.plan {
        return if args.json {
            let mut value =
                serde_json::to_value(&job.plan).map_err(|e| Failure::cannot(e.to_string()))?;
            if let Some(rows) = value.get_mut("rows").and_then(Value::as_array_mut) {
                for row in rows.iter_mut() {
                    *row = keyed_by_source(row.take());
                }
            }
            to_stdout(|out| writeln!(out, "{value}"))
        } else {
            to_stdout(|out| plan_text(out, &directory, &open.org.name, &job.plan))
        };
    }

    save_unfinished(&unfinished, &pick.picked_ids()).map_err(|e| Failure::cannot(e.message))?;
    let (report, saved) = execute(&open, &job, &places, &args.job, args.json).await?;
    // The binding is checked with JumpCloud, not taken on trust.
    let (note, all_bound) = match not_bound_after(&open.client, &directory, &report).await {
        Ok(missing) if missing.is_empty() => (
            format!(
                "Checked with JumpCloud: everyone created or bound is bound to {}.",
                directory.words()
            ),
            true,
        ),
        Ok(missing) => (
            format!(
                "JumpCloud does not list these people as bound to {}: {}. Run the same command again to bind them.",
                directory.words(),
                missing.join(", ")
            ),
            false,
        ),
        Err(e) => (
            format!(
                "Roster could not check the bindings with JumpCloud afterwards: {}",
                e.message
            ),
            false,
        ),
    };
    notes.push(note);
    if all_bound && report.all_done() {
        clear_unfinished(&unfinished);
    }
    print_result(&report, &saved, args.json, keyed_by_source, &notes)?;
    if !all_bound {
        return Err(Failure {
            message: None,
            code: 1,
        });
    }
    finished(&report)
}

/// A row of the JSON output: `source` (the platform's id of the person) instead of `line`.
fn keyed_by_source(mut row: Value) -> Value {
    if let Some(map) = row.as_object_mut() {
        map.remove("line");
        let source = map
            .get("key")
            .and_then(Value::as_str)
            .and_then(|k| k.split_once(':'))
            .map(|(_, id)| id.to_owned())
            .unwrap_or_default();
        map.insert("source".into(), json!(source));
    }
    row
}

/// Without --select or --all-new: the people and where they stand.
fn listing(pick: &Pick, json: bool) -> Result<(), Failure> {
    let directory = &pick.listing.directory;
    let c = pick.counts();
    if json {
        let people: Vec<Value> = pick
            .listing
            .people
            .iter()
            .zip(&pick.marks)
            .map(|(p, m)| {
                json!({
                    "id": p.id,
                    "email": p.email,
                    "name": p.name(),
                    "department": p.department,
                    "jobTitle": p.job_title,
                    "standing": m.standing,
                    "userId": m.user.as_ref().map(|u| &u.0),
                    "username": m.user.as_ref().map(|u| &u.1),
                })
            })
            .collect();
        let value = json!({
            "directory": directory_json(directory),
            "people": people,
            "counts": {"new": c.new, "notBound": c.not_bound, "bound": c.bound},
            "requests": pick.listing.requests,
        });
        return to_stdout(|out| writeln!(out, "{value}"));
    }
    to_stdout(|out| {
        writeln!(
            out,
            "{}: {} people: {} new, {} already in JumpCloud but not bound here, {} already bound here.",
            directory.words(),
            pick.listing.people.len(),
            c.new,
            c.not_bound,
            c.bound
        )?;
        for (p, m) in pick.listing.people.iter().zip(&pick.marks) {
            let standing = match m.standing {
                Standing::New => "new",
                Standing::NotBound => "not bound",
                Standing::Bound => "bound",
            };
            writeln!(out, "  {standing:<10} {:<40} {}", p.email, p.name())?;
        }
        writeln!(
            out,
            "Nothing was sent. Import with --select EMAIL (repeatable) or --all-new."
        )
    })
}

fn directory_json(d: &PlatformDirectory) -> Value {
    json!({"id": d.id, "name": d.name, "platform": d.platform})
}

/// `--plan` without `--json`: counts and the people who need attention.
fn plan_text(
    out: &mut dyn Write,
    directory: &PlatformDirectory,
    org: &str,
    plan: &Plan,
) -> io::Result<()> {
    let c = &plan.counts;
    writeln!(
        out,
        "From {} into {org}: {} people: {} to create and bind, {} already in JumpCloud to bind or update, {} to skip, {} with errors.",
        directory.words(),
        c.rows,
        c.create,
        c.update,
        c.skip,
        c.error
    )?;
    for notice in &plan.notices {
        writeln!(out, "  notice: {notice}")?;
    }
    let attention: Vec<_> = plan.attention().collect();
    for row in attention.iter().take(SHOWN_ROWS) {
        for issue in &row.issues {
            writeln!(
                out,
                "  [{}] {}: {}",
                action_word(row.action),
                row.email,
                issue.sentence()
            )?;
        }
    }
    if attention.len() > SHOWN_ROWS {
        writeln!(
            out,
            "  ... and {} more; use --json to see them all.",
            attention.len() - SHOWN_ROWS
        )?;
    }
    writeln!(out, "Nothing was sent.")
}
