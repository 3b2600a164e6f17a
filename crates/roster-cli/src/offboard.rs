//! `roster-cli users suspend|reactivate|delete`, `roster-cli archive`, `roster-cli schedule`,
//! `roster-cli protect`: the engine's offboarding (`roster_engine::offboard`) on the command
//! line. Nothing changes without a confirmation: `--yes`, or an answer typed on a terminal;
//! over the batch threshold `--confirm-count` must equal the count.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::Path;

use roster_bulk::{default_data_dir, CancellationToken, ExecuteOptions, Reports, ScheduledState};
use roster_engine::offboard::{
    archive_dir, deleted_people, list_archives, names_in_file, offboarding_job,
    preview_offboarding, read_archive, restore_job, settle_archives, Chosen, Confirmation,
    OffboardPreview, OffboardRequest, Offboarding, Protected,
};
use roster_engine::{run_job, OpenOrg, PeopleIndex, RunOptions, APP_IDENTIFIER};
use serde_json::{json, Value};

use crate::cli::{
    ArchiveCommand, Common, DeleteArgs, OffboardArgs, ProtectCommand, ScheduleCommand,
};
use crate::csv_import::places;
use crate::org::{connection, open_org};
use crate::output::{to_stdout, Failure};

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::cannot(format!("Cannot start: {e}.")))
}

fn data_dir(given: Option<&std::path::PathBuf>) -> Result<std::path::PathBuf, Failure> {
    given
        .cloned()
        .or_else(|| default_data_dir(APP_IDENTIFIER))
        .ok_or_else(|| {
            Failure::cannot("Cannot find Roster's data folder. Give one with --data-dir.")
        })
}

fn write_json(value: &Value) -> Result<(), Failure> {
    to_stdout(|out| {
        serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::other)?;
        writeln!(out)
    })
}

/// The people named on the command line, or in a CSV's username or email column (with the
/// lines they are on).
fn chosen(users: &[String], csv: Option<&Path>) -> Result<Chosen, Failure> {
    match (users.is_empty(), csv) {
        (false, None) => Ok(Chosen::Named(
            users.iter().map(|u| (0, u.clone())).collect(),
        )),
        (true, Some(path)) => {
            let bytes = std::fs::read(path).map_err(|e| {
                Failure::cannot(format!(
                    "Cannot read {}: {}.",
                    path.display(),
                    roster_engine::plain_io(&e)
                ))
            })?;
            let names = names_in_file(&bytes, &path.display().to_string())
                .map_err(|e| Failure::cannot(e.message))?;
            Ok(Chosen::Named(names))
        }
        (false, Some(_)) => Err(Failure::cannot("Name the people, or give --csv, not both.")),
        (true, None) => Err(Failure::cannot(
            "Name the people (usernames, emails or ids), or give --csv FILE.",
        )),
    }
}

fn preview_json(preview: &OffboardPreview) -> Value {
    json!({
        "changing": preview.changing,
        "refused": preview.refused,
        "needsCount": preview.needs_count,
        "needsReportsChoice": preview.needs_reports_choice,
        "consequences": preview.consequences,
        "rows": preview.rows,
    })
}

fn print_preview(org: &str, what: &str, preview: &OffboardPreview) -> Result<(), Failure> {
    to_stdout(|out| {
        writeln!(
            out,
            "{what} in {org}: {} people change, {} do not.",
            preview.changing, preview.refused
        )?;
        for r in &preview.rows {
            let mark = if r.refused { "  -" } else { "  *" };
            writeln!(out, "{mark} {} ({}): {}", r.username, r.name, r.will)?;
            if !r.refused && !r.reports.is_empty() {
                writeln!(out, "      manages: {}", r.reports.join(", "))?;
            }
        }
        for c in &preview.consequences {
            writeln!(out, "{c}")?;
        }
        Ok(())
    })
}

/// Asks on the terminal; refuses when there is none (exit 2, nothing changed).
fn confirmed(yes: bool, prompt: &str) -> Result<(), Failure> {
    if yes {
        return Ok(());
    }
    if !io::stdin().is_terminal() {
        return Err(Failure::cannot(
            "Nothing was changed: confirm with --yes (there is no terminal to ask on).",
        ));
    }
    eprint!("{prompt} [type yes]: ");
    let mut answer = String::new();
    io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|_| Failure::cannot("Nothing was changed."))?;
    if answer.trim().eq_ignore_ascii_case("yes") {
        Ok(())
    } else {
        Err(Failure::cannot("Nothing was changed."))
    }
}

struct Job<'a> {
    users: &'a [String],
    csv: Option<&'a Path>,
    reason: Option<String>,
    plan: bool,
    yes: bool,
    confirm_count: Option<usize>,
    json: bool,
    data_dir: Option<&'a std::path::PathBuf>,
}

async fn offboard(
    org: &crate::cli::OrgArgs,
    what: Offboarding,
    job: Job<'_>,
) -> Result<(), Failure> {
    let chosen = chosen(job.users, job.csv)?;
    let open: OpenOrg = open_org(org).await?;
    let index = PeopleIndex::load(&open.client)
        .await
        .map_err(|e| connection(&org.url, e))?;
    let data = data_dir(job.data_dir)?;
    let protected = Protected::load(&data, &open.org.id).map_err(|e| Failure::cannot(e.message))?;
    let preview = preview_offboarding(&index, &protected, &chosen, &what);
    let words = match &what {
        Offboarding::Suspend => "Suspend",
        Offboarding::Reactivate { .. } => "Reactivate",
        Offboarding::Delete { .. } => "Delete",
        Offboarding::Schedule {
            state: ScheduledState::Suspended,
            ..
        } => "Suspend on a date",
        Offboarding::Schedule { .. } => "Activate on a date",
    };
    if job.plan {
        return if job.json {
            write_json(&preview_json(&preview))
        } else {
            print_preview(&open.org.name, words, &preview)
        };
    }
    if !job.json {
        print_preview(&open.org.name, words, &preview)?;
    }
    if preview.needs_count && job.confirm_count != Some(preview.changing) {
        return Err(Failure::cannot(format!(
            "This changes {} people: give --confirm-count {} to confirm. Nothing was changed.",
            preview.changing, preview.changing
        )));
    }
    if preview.changing > 0 {
        confirmed(
            job.yes,
            &format!("{words} {} people in {}?", preview.changing, open.org.name),
        )?;
    }
    let request = OffboardRequest {
        chosen,
        what,
        confirmation: Confirmation {
            typed_count: job
                .confirm_count
                .or((!preview.needs_count).then_some(preview.changing)),
        },
        reason: job.reason,
    };
    let (engine_job, preview) = offboarding_job(
        &open,
        &index,
        &protected,
        &request,
        &archive_dir(&data, &open.org.id),
    )
    .await
    .map_err(|e| Failure::cannot(e.message))?;
    let places = places(Some(&data), None)?;
    let cancel = CancellationToken::new();
    let ran = run_job(
        &open,
        &engine_job,
        &places,
        RunOptions {
            // Running the same command again finishes the job: failed rows are tried again.
            execute: ExecuteOptions {
                retry_failed: true,
                ..ExecuteOptions::default()
            },
            job_id: None,
            report_to: None,
            progress: &|_| {},
            cancel: &cancel,
        },
    )
    .await
    .map_err(|e| Failure::cannot(e.message))?;
    settle_archives(&engine_job, &ran.report);
    // Every person asked for is accounted for: the job's rows, and the refused ones.
    let mut rows: Vec<Value> = ran
        .report
        .rows
        .iter()
        .map(|r| {
            json!({"username": r.username, "outcome": r.outcome.as_str(), "id": r.id,
                   "message": r.message, "earlier": r.earlier.is_some()})
        })
        .collect();
    for r in preview.rows.iter().filter(|r| r.refused) {
        rows.push(json!({"username": r.username, "outcome": "refused", "id": (!r.id.is_empty()).then_some(&r.id), "message": r.will}));
    }
    let failed = ran.report.rows.iter().any(|r| !r.outcome.is_done());
    if job.json {
        write_json(
            &json!({"summary": ran.report.summary, "refused": preview.refused, "rows": rows,
                           "report": ran.report_path.as_ref().ok()}),
        )?;
    } else {
        to_stdout(|out| {
            for r in &rows {
                writeln!(
                    out,
                    "{}: {}{}",
                    r["username"].as_str().unwrap_or_default(),
                    r["outcome"].as_str().unwrap_or_default(),
                    r["message"]
                        .as_str()
                        .map(|m| format!(" — {m}"))
                        .unwrap_or_default()
                )?;
            }
            Ok(())
        })?;
    }
    if failed {
        Err(Failure {
            message: None,
            code: 1,
        })
    } else {
        Ok(())
    }
}

pub fn suspend(args: &OffboardArgs, reactivate: bool) -> Result<(), Failure> {
    let what = match (&args.at, reactivate) {
        (Some(at), reactivate) => Offboarding::Schedule {
            state: if reactivate {
                ScheduledState::Activated
            } else {
                ScheduledState::Suspended
            },
            at: at.clone(),
            send_email: true,
        },
        (None, false) => Offboarding::Suspend,
        (None, true) => Offboarding::Reactivate { send_email: true },
    };
    runtime()?.block_on(offboard(
        &args.org,
        what,
        Job {
            users: &args.users,
            csv: args.csv.as_deref(),
            reason: args.reason.clone(),
            plan: args.confirm.plan,
            yes: args.confirm.yes,
            confirm_count: args.confirm.confirm_count,
            json: args.confirm.json,
            data_dir: args.confirm.data_dir.as_ref(),
        },
    ))
}

pub fn delete(args: &DeleteArgs) -> Result<(), Failure> {
    runtime()?.block_on(async {
        let reports = match (&args.reassign_reports_to, args.clear_manager) {
            (Some(_), true) => {
                return Err(Failure::cannot("Choose --reassign-reports-to or --clear-manager, not both."))
            }
            (Some(who), false) => {
                let open = open_org(&args.org).await?;
                let index = PeopleIndex::load(&open.client)
                    .await
                    .map_err(|e| connection(&args.org.url, e))?;
                let manager = index.find(who).ok_or_else(|| {
                    Failure::cannot(format!("--reassign-reports-to {who:?}: no one in {} has that username, email or id.", open.org.name))
                })?;
                Reports::HandTo(manager.id.clone())
            }
            (None, true) => Reports::Clear,
            (None, false) => Reports::None,
        };
        offboard(
            &args.org,
            Offboarding::Delete { reports },
            Job {
                users: &args.users,
                csv: args.csv.as_deref(),
                reason: None,
                plan: args.confirm.plan,
                yes: args.confirm.yes,
                confirm_count: args.confirm.confirm_count,
                json: args.confirm.json,
                data_dir: args.confirm.data_dir.as_ref(),
            },
        )
        .await
    })
}

pub fn archive(command: &ArchiveCommand) -> Result<(), Failure> {
    let (args, all, id): (&Common, bool, Option<&str>) = match command {
        ArchiveCommand::List(a) => (&a.common, a.all, None),
        ArchiveCommand::Show(a) | ArchiveCommand::Restore(a) => {
            (&a.common, false, Some(a.id.as_str()))
        }
    };
    runtime()?.block_on(async {
        let open = open_org(&args.org).await?;
        let data = data_dir(args.data_dir.as_ref())?;
        let dir = archive_dir(&data, &open.org.id);
        let id = id.unwrap_or_default();
        match command {
            ArchiveCommand::List(_) => {
                let index = PeopleIndex::load(&open.client)
                    .await
                    .map_err(|e| connection(&args.org.url, e))?;
                let all = if all {
                    list_archives(&dir)
                } else {
                    deleted_people(&dir, index.snapshot())
                }
                .map_err(|e| Failure::cannot(e.message))?;
                if args.json {
                    return write_json(&Value::Array(
                        all.iter()
                            .map(|a| json!({"id": a.id, "username": a.user.username, "email": a.user.email,
                                "deletedAt": a.deleted_at, "archivedAt": a.archived_at,
                                "groups": a.groups.iter().map(|g| &g.name).collect::<Vec<_>>(),
                                "directories": a.directories.iter().map(|d| &d.name).collect::<Vec<_>>()}))
                            .collect(),
                    ));
                }
                to_stdout(|out| {
                    if all.is_empty() {
                        writeln!(out, "Nobody has been deleted with Roster in {}.", open.org.name)?;
                    }
                    for a in &all {
                        writeln!(out, "{}  {} <{}>  deleted {}", a.id, a.user.username, a.user.email, a.deleted_at.as_deref().unwrap_or("(not noted)"))?;
                    }
                    Ok(())
                })
            }
            ArchiveCommand::Show(_) => {
                let a = read_archive(&dir, id).map_err(|e| Failure::cannot(e.message))?;
                write_json(&serde_json::to_value(&a).unwrap_or_default())
            }
            ArchiveCommand::Restore(_) => {
                let a = read_archive(&dir, id).map_err(|e| Failure::cannot(e.message))?;
                let index = PeopleIndex::load(&open.client)
                    .await
                    .map_err(|e| connection(&args.org.url, e))?;
                let (job, notes) = restore_job(&open.org, index.snapshot(), &a).map_err(|e| Failure::cannot(e.message))?;
                let places = places(Some(&data), None)?;
                let cancel = CancellationToken::new();
                let ran = run_job(&open, &job, &places, RunOptions {
                    execute: ExecuteOptions::default(),
                    job_id: None,
                    report_to: None,
                    progress: &|_| {},
                    cancel: &cancel,
                })
                .await
                .map_err(|e| Failure::cannot(e.message))?;
                let row = ran.report.rows.first();
                let done = row.is_some_and(|r| r.outcome == roster_bulk::Outcome::Created);
                if args.json {
                    write_json(&json!({"restored": done, "id": row.and_then(|r| r.id.clone()),
                        "username": a.user.username, "notes": notes, "message": row.and_then(|r| r.message.clone())}))?;
                } else if done {
                    to_stdout(|out| {
                        writeln!(out, "Added {} back (id {}).", a.user.username, row.and_then(|r| r.id.as_deref()).unwrap_or("?"))?;
                        for n in &notes {
                            writeln!(out, "{n}")?;
                        }
                        Ok(())
                    })?;
                } else {
                    let _ = writeln!(io::stderr().lock(), "Not added back: {}", row.and_then(|r| r.message.clone()).unwrap_or_default());
                }
                if done {
                    Ok(())
                } else {
                    Err(Failure { message: None, code: 1 })
                }
            }
        }
    })
}

pub fn schedule(command: &ScheduleCommand) -> Result<(), Failure> {
    let args = match command {
        ScheduleCommand::List(c) => c,
        ScheduleCommand::Cancel(a) => &a.common,
    };
    runtime()?.block_on(async {
        let open = open_org(&args.org).await?;
        match command {
            ScheduleCommand::List(_) => {
                let index = PeopleIndex::load(&open.client)
                    .await
                    .map_err(|e| connection(&args.org.url, e))?;
                let list = open
                    .client
                    .scheduled_state_changes()
                    .await
                    .map_err(|e| connection(&args.org.url, e))?;
                let rows: Vec<Value> = list
                    .iter()
                    .map(|s| {
                        json!({"id": s.id, "userId": s.user_id,
                            "username": index.snapshot().user_by_id(&s.user_id).map(|u| u.username.clone()),
                            "state": s.state, "at": s.scheduled_date})
                    })
                    .collect();
                if args.json {
                    return write_json(&Value::Array(rows));
                }
                to_stdout(|out| {
                    if rows.is_empty() {
                        writeln!(out, "Nothing is scheduled in {}.", open.org.name)?;
                    }
                    for r in &rows {
                        writeln!(out, "{}  {}  {}  {}", r["id"].as_str().unwrap_or_default(),
                            r["username"].as_str().unwrap_or("?"), r["state"].as_str().unwrap_or_default(),
                            r["at"].as_str().unwrap_or_default())?;
                    }
                    Ok(())
                })
            }
            ScheduleCommand::Cancel(crate::cli::IdArgs { id, .. }) => {
                open.client
                    .cancel_scheduled_state_change(id)
                    .await
                    .map_err(|e| connection(&args.org.url, e))?;
                if args.json {
                    write_json(&json!({"cancelled": id}))
                } else {
                    to_stdout(|out| writeln!(out, "Cancelled {id}."))
                }
            }
        }
    })
}

pub fn protect(command: &ProtectCommand) -> Result<(), Failure> {
    let (args, add, users) = match command {
        ProtectCommand::List(c) => (c, None, Vec::new()),
        ProtectCommand::Add(p) => (&p.common, Some(true), p.users.clone()),
        ProtectCommand::Remove(p) => (&p.common, Some(false), p.users.clone()),
    };
    runtime()?.block_on(async {
        let open = open_org(&args.org).await?;
        let data = data_dir(args.data_dir.as_ref())?;
        let mut protected =
            Protected::load(&data, &open.org.id).map_err(|e| Failure::cannot(e.message))?;
        if let Some(add) = add {
            let index = PeopleIndex::load(&open.client)
                .await
                .map_err(|e| connection(&args.org.url, e))?;
            for who in &users {
                let found = index.find(who).map(|u| (u.id.clone(), u.username.clone()));
                match (add, found) {
                    (true, Some((id, username))) => {
                        protected.people.insert(id, username);
                    }
                    (false, Some((id, _))) => {
                        protected.people.remove(&id);
                    }
                    (false, None) => {
                        let before = protected.people.len();
                        protected.people.retain(|_, u| !u.eq_ignore_ascii_case(who));
                        if protected.people.len() == before {
                            return Err(Failure::cannot(format!("{who:?} is not protected.")));
                        }
                    }
                    (true, None) => {
                        return Err(Failure::cannot(format!(
                        "No one in {} has the username, email or id {who:?}. Nothing was changed.",
                        open.org.name
                    )))
                    }
                }
            }
            protected
                .save(&data, &open.org.id)
                .map_err(|e| Failure::cannot(e.message))?;
        }
        if args.json {
            return write_json(&Value::Array(
                protected
                    .people
                    .iter()
                    .map(|(id, username)| json!({"id": id, "username": username}))
                    .collect(),
            ));
        }
        to_stdout(|out| {
            if protected.people.is_empty() {
                writeln!(out, "Nobody is protected in {}.", open.org.name)?;
            }
            for (id, username) in &protected.people {
                writeln!(out, "{username}  {id}")?;
            }
            Ok(())
        })
    })
}
