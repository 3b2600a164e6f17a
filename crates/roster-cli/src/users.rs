//! `roster-cli users list|show|add`: the app's people index and one-person jobs
//! (`roster_engine::people`, `roster_engine::person`, `run_job`) on the command line.

use std::io::{self, Write};

use jumpcloud::models::SystemUser;
use roster_bulk::{CancellationToken, ExecuteOptions, Lookup, Outcome};
use roster_engine::people::{display_name, now_ms};
use roster_engine::person::{default_start_state, new_person_job, FieldIssue};
use roster_engine::{
    run_job, NewPerson, OpenOrg, PeopleIndex, PeopleQuery, PersonState, RunOptions, StartState,
};
use serde_json::{json, Value};

use crate::cli::{OrgArgs, UsersAddArgs, UsersListArgs, UsersShowArgs};
use crate::csv_import::places;
use crate::org::{connection, open_org};
use crate::output::{to_stdout, Failure};

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::cannot(format!("Cannot start: {e}.")))
}

async fn load(args: &OrgArgs, open: &OpenOrg) -> Result<PeopleIndex, Failure> {
    PeopleIndex::load(&open.client)
        .await
        .map_err(|e| connection(&args.url, e))
}

fn row(user: &SystemUser) -> Value {
    json!({
        "id": user.id,
        "username": user.username,
        "name": display_name(user),
        "email": user.email,
        "department": user.department,
        "jobTitle": user.job_title,
        "location": user.location,
        "employeeId": user.employee_identifier,
        "state": PersonState::of(user),
        "created": user.created,
    })
}

fn write_json(value: &Value) -> Result<(), Failure> {
    to_stdout(|out| {
        serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::other)?;
        writeln!(out)
    })
}

pub fn list(args: &UsersListArgs) -> Result<(), Failure> {
    runtime()?.block_on(async {
        let state = match args.state.as_deref() {
            Some(text) => Some(PersonState::parse(text).ok_or_else(|| {
                Failure::cannot(format!(
                    "--state {text:?}: use active, staged (not yet activated) or suspended."
                ))
            })?),
            None => None,
        };
        let open = open_org(&args.org).await?;
        let index = load(&args.org, &open).await?;
        let query = PeopleQuery {
            search: args.search.clone().unwrap_or_default(),
            state,
            ..PeopleQuery::default()
        };
        let found = index.query(&query, now_ms());
        let users: Vec<&SystemUser> = found.iter().filter_map(|&i| index.user(i)).collect();
        if args.json {
            return write_json(&json!({
                "organization": {"id": open.org.id, "name": open.org.name},
                "total": index.len(),
                "matching": users.len(),
                "people": users.iter().map(|u| row(u)).collect::<Vec<_>>(),
            }));
        }
        to_stdout(|out| {
            writeln!(
                out,
                "{} of {} people in {}",
                users.len(),
                index.len(),
                open.org.name
            )?;
            for u in &users {
                writeln!(
                    out,
                    "{:<24} {:<28} {:<36} {}",
                    u.username,
                    display_name(u),
                    u.email,
                    PersonState::of(u).words()
                )?;
            }
            Ok(())
        })
    })
}

pub fn show(args: &UsersShowArgs) -> Result<(), Failure> {
    runtime()?.block_on(async {
        let open = open_org(&args.org).await?;
        let index = load(&args.org, &open).await?;
        let user = index.find(&args.user).ok_or_else(|| {
            Failure::cannot(format!(
                "No one in {} has the username, email or id {:?}.",
                open.org.name, args.user
            ))
        })?;
        let client = &open.client;
        let (user, directories) =
            tokio::try_join!(client.get_user(&user.id), client.user_directories(&user.id))
                .map_err(|e| connection(&args.org.url, e))?;
        let snapshot = index.snapshot();
        let groups: Vec<Value> = index
            .groups_of(&user.id)
            .iter()
            .map(|g| json!({"id": g.id, "name": g.name}))
            .collect();
        let directories: Vec<Value> = directories
            .iter()
            .filter_map(|o| {
                let d = snapshot.directory_by_id(&o.id)?;
                let via: Vec<String> = o
                    .via_groups()
                    .iter()
                    .map(|g| {
                        snapshot
                            .group_by_id(g)
                            .map_or_else(|| g.clone(), |g| g.name.clone())
                    })
                    .collect();
                Some(json!({
                    "id": d.id, "name": d.name, "kind": d.kind.label(),
                    "direct": o.is_direct(), "viaGroups": via,
                }))
            })
            .collect();
        let manager = user
            .manager
            .as_deref()
            .and_then(|id| snapshot.user_by_id(id))
            .map(|m| json!({"id": m.id, "username": m.username, "name": display_name(m)}));
        if args.json {
            return write_json(&json!({
                "person": row(&user),
                "user": user,
                "manager": manager,
                "directories": directories,
                "groups": groups,
            }));
        }
        to_stdout(|out| {
            writeln!(out, "{} ({})", display_name(&user), user.username)?;
            writeln!(out, "  Email:       {}", user.email)?;
            writeln!(out, "  State:       {}", PersonState::of(&user).words())?;
            for (label, value) in [
                ("Job title", &user.job_title),
                ("Department", &user.department),
                ("Location", &user.location),
                ("Employee ID", &user.employee_identifier),
            ] {
                if !value.is_empty() {
                    writeln!(out, "  {:<12} {value}", format!("{label}:"))?;
                }
            }
            if let Some(m) = &manager {
                writeln!(
                    out,
                    "  Manager:     {}",
                    m["name"].as_str().unwrap_or_default()
                )?;
            }
            writeln!(out, "  Directories:")?;
            if directories.is_empty() {
                writeln!(out, "    (none)")?;
            }
            for d in &directories {
                let how = if d["direct"].as_bool().unwrap_or(false) {
                    "directly".to_owned()
                } else {
                    let groups: Vec<&str> = d["viaGroups"]
                        .as_array()
                        .map(|g| g.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    format!("through the group {}", groups.join(", "))
                };
                writeln!(
                    out,
                    "    {} ({how})",
                    d["name"].as_str().unwrap_or_default()
                )?;
            }
            writeln!(out, "  Groups:")?;
            if groups.is_empty() {
                writeln!(out, "    (none)")?;
            }
            for g in &groups {
                writeln!(out, "    {}", g["name"].as_str().unwrap_or_default())?;
            }
            Ok(())
        })
    })
}

/// Bad input: every problem on its own line (or as JSON), exit 1, nothing created.
fn refused(issues: &[FieldIssue], as_json: bool) -> Result<(), Failure> {
    let blocking: Vec<&FieldIssue> = issues.iter().filter(|i| i.blocking).collect();
    if as_json {
        write_json(&json!({"added": false, "issues": blocking}))?;
    } else {
        let mut err = io::stderr().lock();
        for i in &blocking {
            let field = i.field.as_deref().unwrap_or("form");
            let _ = writeln!(err, "{field}: {}", i.message);
        }
        let _ = writeln!(err, "Nothing was created.");
    }
    Err(Failure {
        message: None,
        code: 1,
    })
}

fn issue(field: &str, code: &str, message: String) -> FieldIssue {
    FieldIssue {
        field: Some(field.to_owned()),
        blocking: true,
        code: code.to_owned(),
        message,
    }
}

pub fn add(args: &UsersAddArgs) -> Result<(), Failure> {
    runtime()?.block_on(async {
        let mut issues = Vec::new();
        let state = match args.state.as_deref().map(str::to_lowercase).as_deref() {
            None => None,
            Some("staged") => Some(StartState::Staged),
            Some("active") => Some(StartState::Active),
            Some(other) => {
                issues.push(issue(
                    "state",
                    "bad_state",
                    format!("--state {other:?}: use staged (not yet activated) or active."),
                ));
                None
            }
        };
        let open = open_org(&args.org).await?;
        let index = load(&args.org, &open).await?;
        let snapshot = index.snapshot();
        let mut directories = Vec::new();
        for name in &args.directories {
            match snapshot.directory(name) {
                Lookup::Found(d) => directories.push(d.id.clone()),
                Lookup::Missing => issues.push(issue(
                    "directories",
                    "unknown_directory",
                    format!("{} has no directory named {name:?}.", open.org.name),
                )),
                Lookup::Ambiguous(n) => issues.push(issue(
                    "directories",
                    "ambiguous_directory",
                    format!("{n} directories are named {name:?}; Roster cannot tell which one."),
                )),
            }
        }
        let mut groups = Vec::new();
        for name in &args.groups {
            match snapshot.group(name) {
                Lookup::Found(g) => groups.push(g.id.clone()),
                Lookup::Missing => issues.push(issue(
                    "groups",
                    "unknown_group",
                    format!("{} has no group named {name:?}.", open.org.name),
                )),
                Lookup::Ambiguous(n) => issues.push(issue(
                    "groups",
                    "ambiguous_group",
                    format!("{n} groups are named {name:?}; Roster cannot tell which one."),
                )),
            }
        }
        if !issues.is_empty() {
            return refused(&issues, args.json);
        }
        let mut values = vec![
            ("username".to_owned(), args.username.clone()),
            ("email".to_owned(), args.email.clone()),
        ];
        for (key, value) in [
            ("firstname", &args.firstname),
            ("lastname", &args.lastname),
            ("employeeIdentifier", &args.employee_id),
            ("jobTitle", &args.job_title),
            ("department", &args.department),
            ("manager", &args.manager),
            ("work_number", &args.phone),
            ("location", &args.location),
        ] {
            if let Some(v) = value {
                values.push((key.to_owned(), v.clone()));
            }
        }
        let person = NewPerson {
            values,
            state,
            directories,
            groups,
            form_id: format!("cli-{:016x}", fastrand::u64(..)),
            password: None,
        };
        let settings = open
            .client
            .organization(&open.org.id)
            .await
            .map_err(|e| connection(&args.org.url, e))?
            .settings;
        let default = default_start_state(settings.new_user_state.manual_entry);
        let policy = settings.password_policy;
        let (job, check) = match new_person_job(&open.org, &person, snapshot, default, &policy) {
            Ok(made) => made,
            Err(_) => {
                let (check, _) =
                    roster_engine::person::check_new_person(&person, snapshot, default, &policy);
                return refused(&check.issues, args.json);
            }
        };
        let places = places(args.data_dir.as_ref(), None)?;
        let cancel = CancellationToken::new();
        let ran = run_job(
            &open,
            &job,
            &places,
            RunOptions {
                execute: ExecuteOptions::default(),
                job_id: None,
                report_to: None,
                progress: &|_| {},
                cancel: &cancel,
            },
        )
        .await
        .map_err(|e| Failure::cannot(e.message))?;
        let Some(result) = ran.report.rows.first() else {
            return Err(Failure::cannot("The job ran but reported nothing."));
        };
        let added = !matches!(result.outcome, Outcome::Failed | Outcome::Pending);
        let message = result.message.clone().unwrap_or_default();
        if args.json {
            write_json(&json!({
                "added": added,
                "id": result.id,
                "username": result.username,
                "organization": {"id": open.org.id, "name": open.org.name},
                "summary": check.summary,
                "message": message,
            }))?;
        } else if added {
            to_stdout(|out| {
                for line in &check.summary {
                    writeln!(out, "{line}")?;
                }
                writeln!(
                    out,
                    "Added {} to {} (id {}).",
                    result.username,
                    open.org.name,
                    result.id.as_deref().unwrap_or("?")
                )
            })?;
        } else {
            let _ = writeln!(io::stderr().lock(), "Not added: {message}");
        }
        if added {
            Ok(())
        } else {
            Err(Failure {
                message: None,
                code: 1,
            })
        }
    })
}
