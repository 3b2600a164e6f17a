//! Running a plan: a few rows in flight at a time, each row's changes ([`Op`]s) in order —
//! a create (or update) followed by its directory bindings and group memberships, or a
//! suspend, a delete, ... — every outcome written to the journal as it happens, and every
//! change to History before the next one starts.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::future::join_all;
use jumpcloud::{Client, Error, ErrorKind};
use roster_import::Severity;
use tokio_util::sync::CancellationToken;

use crate::history::{FieldChange, History, Person};
use crate::journal::Journal;
use crate::messages::{self, Step};
use crate::ops::{Applied, Op, ScheduledState};
use crate::plan::{create_ops, Action, MatchedBy, Plan, PlannedRow};
use crate::progress::{Progress, Tracker};
use crate::report::{ImportReport, Outcome, RowResult};

/// How to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExecuteOptions {
    /// Rows in flight at once (at least 1).
    pub concurrency: usize,
    /// Also run the rows whose last outcome in the journal is `failed` ("retry failed rows").
    /// Otherwise their earlier failure is reported again.
    pub retry_failed: bool,
}

/// Rows in flight by default: enough to keep JumpCloud busy across its latency, few enough
/// to stay polite with its rate limit.
pub const DEFAULT_CONCURRENCY: usize = 8;

impl Default for ExecuteOptions {
    fn default() -> Self {
        Self {
            concurrency: DEFAULT_CONCURRENCY,
            retry_failed: false,
        }
    }
}

/// How a row's origin is said in History: "people.csv, line 7", "added by hand", ...
pub type SourceWords = Arc<dyn Fn(&PlannedRow) -> String + Send + Sync>;

/// Where each change is recorded in History, and how a row's origin is said there.
#[derive(Clone)]
pub struct Audit {
    pub history: History,
    pub source: SourceWords,
    /// The job the changes belong to.
    pub job: Option<String>,
}

/// What a row needs in this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Work {
    /// Do what the plan says; `in_doubt`: an earlier run may have sent part of it, so the
    /// changes that are not safe to repeat are looked up first.
    Planned { in_doubt: bool },
    /// A create may have reached JumpCloud in an earlier run: look the user up first, then
    /// finish the create's memberships.
    LookUpThenCreate,
}

/// How many more times a call refused with 429 (after the client's own retries) is tried
/// again. A 429 means JumpCloud did nothing, so trying again is always safe.
const RATE_LIMIT_ROUNDS: u32 = 20;

/// The message of a row the admin left out in the preview.
pub const LEFT_OUT: &str = "Left out by you in the preview; not sent.";

const NOT_STARTED: &str =
    "Not done: the job stopped before this row was sent. Run it again to continue.";

/// Runs `plan`, resuming from `journal`, without History (tests and benchmarks).
pub async fn execute(
    client: &Client,
    plan: &Plan,
    journal: &Journal,
    options: &ExecuteOptions,
    progress: &(dyn Fn(Progress) + Send + Sync),
    cancel: &CancellationToken,
) -> ImportReport {
    execute_audited(client, plan, journal, options, None, progress, cancel).await
}

/// Runs `plan`, resuming from `journal`, recording every change in `audit`'s History. Never
/// fails and never drops a row: every row of the plan is in the report (rows not started when
/// `cancel` fires are `pending`; rows in flight finish first). Stops early, with the reason in
/// the report, when the journal or History cannot be written.
pub async fn execute_audited(
    client: &Client,
    plan: &Plan,
    journal: &Journal,
    options: &ExecuteOptions,
    audit: Option<&Audit>,
    progress: &(dyn Fn(Progress) + Send + Sync),
    cancel: &CancellationToken,
) -> ImportReport {
    let mut tracker = Tracker::new(plan.rows.len(), progress);
    let mut results: Vec<Option<RowResult>> = vec![None; plan.rows.len()];
    let mut work: Vec<(usize, Work)> = Vec::new();
    let digests: Vec<String> = plan.rows.iter().map(PlannedRow::digest).collect();
    for (index, row) in plan.rows.iter().enumerate() {
        match settle(row, &digests[index], journal, options) {
            Ok(result) => {
                tracker.settled(result.outcome.is_done());
                results[index] = Some(result);
            }
            Err(w) => work.push((index, w)),
        }
    }
    tracker.begin(work.len());

    let stop = cancel.child_token();
    let stopped_by_failure: Mutex<Option<String>> = Mutex::new(None);
    let queue = Mutex::new(work.iter().copied());
    let finished: Mutex<Vec<(usize, RowResult)>> = Mutex::new(Vec::with_capacity(work.len()));
    let ctx = Ctx {
        client,
        journal,
        audit,
    };
    let worker = || async {
        loop {
            if stop.is_cancelled() {
                break;
            }
            let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
            let Some((index, what)) = next else { break };
            let Some(row) = plan.rows.get(index) else {
                continue;
            };
            let (result, failure) = ctx.run(row, &digests[index], what).await;
            if let Some(failure) = failure {
                stopped_by_failure
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get_or_insert(failure);
                stop.cancel();
            }
            if let Some(result) = result {
                tracker.finished(result.outcome.is_done());
                finished
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((index, result));
            }
        }
    };
    join_all((0..options.concurrency.max(1)).map(|_| worker())).await;

    for (index, result) in finished.into_inner().unwrap_or_else(|e| e.into_inner()) {
        if let Some(slot) = results.get_mut(index) {
            *slot = Some(result);
        }
    }
    let rows: Vec<RowResult> = plan
        .rows
        .iter()
        .zip(results)
        .map(|(row, result)| {
            result.unwrap_or_else(|| {
                result_of(row, Outcome::Pending, None, Some(NOT_STARTED.to_owned()))
            })
        })
        .collect();
    let stopped = stopped_by_failure
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .or_else(|| {
            (cancel.is_cancelled() && rows.iter().any(|r| r.outcome == Outcome::Pending)).then(
                || {
                    "The job was cancelled. Run it again to continue with the rows not done."
                        .to_owned()
                },
            )
        });
    tracker.end();
    ImportReport::new(rows, stopped)
}

fn result_of(
    row: &PlannedRow,
    outcome: Outcome,
    id: Option<String>,
    message: Option<String>,
) -> RowResult {
    RowResult {
        key: row.key.clone(),
        line: row.line,
        username: row.username.clone(),
        name: row.display_name(),
        email: row.email.clone(),
        outcome,
        id,
        message,
        earlier: None,
    }
}

/// The result of a row that needs no request in this run, or the work it needs.
fn settle(
    row: &PlannedRow,
    digest: &str,
    journal: &Journal,
    options: &ExecuteOptions,
) -> Result<RowResult, Work> {
    let history = journal.history(&row.key);
    if let Some(previous) = history.and_then(|h| h.finished.as_ref()) {
        // The same values were planned then (old journals have no digest: same file, same
        // mapping), or the row is now a skip of the user that run made or changed.
        let same_plan = previous.digest.is_empty() || previous.digest == digest;
        let skip_of_done = row.action == Action::Skip
            && matches!(previous.result.outcome, Outcome::Created | Outcome::Updated);
        // (Offboarding rows are never skips: a person already changed is left out of the plan.)
        let retry = previous.result.outcome == Outcome::Failed && options.retry_failed;
        if (same_plan || skip_of_done) && !retry {
            let mut result = previous.result.clone();
            result.key = row.key.clone();
            result.name = row.display_name();
            if result.email.is_empty() {
                result.email = row.email.clone();
            }
            result.earlier = Some(if previous.at.is_empty() {
                "an earlier run".to_owned()
            } else {
                previous.at.clone()
            });
            return Ok(result);
        }
    }
    let in_doubt = history.is_some_and(|h| h.in_doubt);
    let create_attempted = history.is_some_and(|h| h.create_attempted);
    let created_before = history.is_some_and(|h| h.created);
    if row.left_out {
        return Ok(result_of(
            row,
            Outcome::Skipped,
            None,
            Some(LEFT_OUT.to_owned()),
        ));
    }
    match row.action {
        Action::Error => Ok(result_of(row, Outcome::Failed, None, Some(not_sent(row)))),
        Action::Create if created_before && !in_doubt => {
            // An earlier run made this user; the preview was checked against the organization
            // before that, so it still plans a create. Do not make it twice.
            let when = history
                .and_then(|h| h.finished.as_ref())
                .map(|f| f.at.clone())
                .filter(|at| !at.is_empty())
                .map(|at| format!(" ({at})"))
                .unwrap_or_default();
            Ok(result_of(
                row,
                Outcome::Skipped,
                None,
                Some(format!(
                    "Created by an earlier run{when}; the changes made to the row since were not sent. Check the rows against the organization again, with \"update people who already exist\", to send them."
                )),
            ))
        }
        Action::Create | Action::Skip if create_attempted => Err(Work::LookUpThenCreate),
        Action::Skip => Ok(result_of(
            row,
            Outcome::Skipped,
            row.existing.as_ref().map(|e| e.id.clone()),
            Some(skip_reason(row)),
        )),
        _ => Err(Work::Planned { in_doubt }),
    }
}

struct Ctx<'a> {
    client: &'a Client,
    journal: &'a Journal,
    audit: Option<&'a Audit>,
}

/// Why a row failed part-way: the message, and the user id when there is a user.
struct RowFailure {
    id: Option<String>,
    message: String,
}

/// A row's outcome, its user id and a note.
type RowDone = (Outcome, Option<String>, Option<String>);

impl Ctx<'_> {
    /// Runs one row: journal `started`, the changes, journal `finished`. The result is `None`
    /// when the row was not sent (the journal could not be written); the second value says
    /// why the job must stop (the journal or History failed).
    async fn run(
        &self,
        row: &PlannedRow,
        digest: &str,
        work: Work,
    ) -> (Option<RowResult>, Option<String>) {
        let action = match work {
            Work::Planned { .. } => row.action,
            Work::LookUpThenCreate => Action::Create,
        };
        if let Err(e) = self
            .journal
            .started(&row.key, digest, action, &row.username)
            .await
        {
            return (None, Some(e.to_string()));
        }
        let (ops, look_first) = match work {
            Work::Planned { in_doubt } => (row.ops().into_owned(), in_doubt),
            Work::LookUpThenCreate => (
                create_ops(
                    &row.user,
                    row.manager_id.clone(),
                    &row.directories,
                    &row.groups,
                ),
                true,
            ),
        };
        let mut fatal = None;
        let result = match self.run_ops(row, &ops, look_first, &mut fatal).await {
            Ok((outcome, id, message)) => result_of(row, outcome, id, message),
            Err(RowFailure { id, message }) => result_of(row, Outcome::Failed, id, Some(message)),
        };
        let journal_failure = self
            .journal
            .finished(&result, digest)
            .await
            .err()
            .map(|e| e.to_string());
        (Some(result), journal_failure.or(fatal))
    }

    /// The row's changes in order.
    async fn run_ops(
        &self,
        row: &PlannedRow,
        ops: &[Op],
        look_first: bool,
        fatal: &mut Option<String>,
    ) -> Result<RowDone, RowFailure> {
        let mut user_id = row.existing.as_ref().map(|e| e.id.clone());
        let mut outcome = match row.action {
            Action::Create => Outcome::Created,
            Action::Suspend => Outcome::Suspended,
            Action::Reactivate => Outcome::Reactivated,
            _ => Outcome::Updated,
        };
        // Offboarding rows say what they did, not "updated".
        if row.action != Action::Create {
            if ops.iter().any(|o| matches!(o, Op::Delete { .. })) {
                outcome = Outcome::Deleted;
            } else if ops.iter().any(|o| matches!(o, Op::Schedule { .. })) {
                outcome = Outcome::Scheduled;
            } else if ops.iter().any(|o| matches!(o, Op::Activate { .. })) {
                outcome = Outcome::Activated;
            }
        }
        let mut changed_any = false;
        let mut done_so_far: Vec<&'static str> = Vec::new();
        for op in ops {
            let applied = match op {
                Op::Create { user, password } => {
                    outcome = Outcome::Created;
                    match self.create(user, password.as_ref(), look_first).await {
                        Ok(id) => {
                            user_id = Some(id.clone());
                            Ok(Applied::Changed(Some(id)))
                        }
                        Err(e) => Err(e),
                    }
                }
                _ => {
                    let id = user_id.clone();
                    let done = if look_first && !op.safe_to_repeat() {
                        patient(|| op.already_done(self.client, id.as_deref())).await
                    } else {
                        Ok(false)
                    };
                    match done {
                        Ok(true) => Ok(Applied::AlreadyDone),
                        Ok(false) => patient(|| op.apply(self.client, id.as_deref())).await,
                        Err(e) => Err(e),
                    }
                }
            };
            match applied {
                Ok(Applied::AlreadyDone) => {}
                Ok(Applied::Changed(_)) => {
                    changed_any = true;
                    if let Some(why) = self.record(row, op, user_id.clone(), None).await {
                        fatal.get_or_insert(why);
                    }
                    done_so_far.push(done_phrase(op));
                }
                Err(e) => {
                    let message = messages::describe(step_of(op), &e);
                    if let Some(why) = self
                        .record(row, op, user_id.clone(), Some(message.clone()))
                        .await
                    {
                        fatal.get_or_insert(why);
                    }
                    let before = if done_so_far.is_empty() {
                        String::new()
                    } else {
                        format!("{} ", sentence_of(&done_so_far))
                    };
                    return Err(RowFailure {
                        id: user_id,
                        message: format!("{before}{message}"),
                    });
                }
            }
            if fatal.is_some() {
                return Err(RowFailure {
                    id: user_id,
                    message: "Roster stopped because it could not write its History; the changes made so far are in History.".to_owned(),
                });
            }
        }
        // An update that found everything already so changed nothing: say so, never "updated".
        if outcome == Outcome::Updated && !changed_any {
            return Ok((
                Outcome::Skipped,
                user_id,
                Some("Already up to date; nothing needed changing.".to_owned()),
            ));
        }
        Ok((outcome, user_id, None))
    }

    /// Creates the user (looking first when an earlier attempt may have landed); its id.
    async fn create(
        &self,
        user: &jumpcloud::models::NewUser,
        password: Option<&jumpcloud::Secret>,
        look_first: bool,
    ) -> Result<String, Error> {
        let mut look_first = look_first;
        let mut rounds = 0;
        loop {
            if look_first {
                match patient(|| self.client.find_user_by_username(&user.username)).await? {
                    Some(found) if found.email.eq_ignore_ascii_case(&user.email) => {
                        return Ok(found.id)
                    }
                    Some(found) => {
                        let mut e = Error::new(
                            ErrorKind::Conflict,
                            format!("username {} belongs to {}", found.username, found.email),
                        );
                        e.server_message = Some(format!(
                            "the username \"{}\" now belongs to a JumpCloud user with another email address ({})",
                            found.username, found.email
                        ));
                        return Err(e);
                    }
                    None => {}
                }
            }
            match self.client.create_user_with_password(user, password).await {
                Ok(made) => return Ok(made.user().id.clone()),
                Err(e) if e.kind == ErrorKind::RateLimited && rounds < RATE_LIMIT_ROUNDS => {
                    // An earlier attempt of this create may have landed before the 429s:
                    // look before sending again.
                    rounds += 1;
                    pause(&e).await;
                    look_first = true;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Writes the History entry of one change; `Some(why)` when History could not be written.
    async fn record(
        &self,
        row: &PlannedRow,
        op: &Op,
        user_id: Option<String>,
        error: Option<String>,
    ) -> Option<String> {
        let audit = self.audit?;
        let changes = match op {
            Op::Create { user, .. } => {
                crate::plan::field_changes(None, &serde_json::to_value(user).unwrap_or_default())
            }
            Op::Update { .. } => row.field_changes.clone(),
            Op::Bind { directory } => vec![change("directory", None, Some(&directory.name))],
            Op::Unbind { directory } => vec![change("directory", Some(&directory.name), None)],
            Op::AddToGroup { group } => vec![change("group", None, Some(&group.name))],
            Op::RemoveFromGroup { group } => vec![change("group", Some(&group.name), None)],
            Op::Suspend => vec![change("state", None, Some("SUSPENDED"))],
            Op::Reactivate | Op::Activate { .. } => {
                vec![change("state", None, Some("ACTIVATED"))]
            }
            Op::Delete { .. } => Vec::new(),
            Op::Schedule { state, at } => {
                let state = match state {
                    ScheduledState::Suspended => "SUSPENDED",
                    ScheduledState::Activated => "ACTIVATED",
                };
                vec![change("scheduled", None, Some(&format!("{state} on {at}")))]
            }
            Op::CancelSchedule { schedule_id } => {
                vec![change("scheduled", Some(schedule_id), None)]
            }
        };
        // The reason the admin gave for an offboarding goes with each of its changes.
        let mut changes = changes;
        if !matches!(op, Op::Update { .. }) {
            changes.extend(
                row.field_changes
                    .iter()
                    .filter(|c| c.field == "reason")
                    .cloned(),
            );
        }
        let entry = audit.history.entry(
            op.kind(),
            Person {
                id: user_id,
                username: row.username.clone(),
                email: row.email.clone(),
            },
            changes,
            error,
            (audit.source)(row),
            audit.job.clone(),
        );
        audit
            .history
            .append(entry)
            .await
            .err()
            .map(|e| e.to_string())
    }
}

fn change(field: &str, before: Option<&str>, after: Option<&str>) -> FieldChange {
    FieldChange {
        field: field.to_owned(),
        before: before.map(|b| serde_json::Value::String(b.to_owned())),
        after: after.map(|a| serde_json::Value::String(a.to_owned())),
    }
}

fn step_of(op: &Op) -> Step<'_> {
    match op {
        Op::Create { .. } => Step::Create,
        Op::Update { .. } => Step::Update,
        Op::Bind { directory } => Step::Directory(&directory.name),
        Op::Unbind { directory } => Step::Unbind(&directory.name),
        Op::AddToGroup { group } => Step::Group(&group.name),
        Op::RemoveFromGroup { group } => Step::LeaveGroup(&group.name),
        Op::Suspend => Step::Suspend,
        Op::Reactivate | Op::Activate { .. } => Step::Reactivate,
        Op::Delete { .. } => Step::Delete,
        Op::Schedule { .. } => Step::Schedule,
        Op::CancelSchedule { .. } => Step::CancelSchedule,
    }
}

/// What a finished change did, for a later failure's message ("The user was created.").
fn done_phrase(op: &Op) -> &'static str {
    match op {
        Op::Create { .. } => "created",
        Op::Update { .. } => "updated",
        Op::Bind { .. } => "bound to a directory",
        Op::Unbind { .. } => "unbound from a directory",
        Op::AddToGroup { .. } => "added to a group",
        Op::RemoveFromGroup { .. } => "removed from a group",
        Op::Suspend => "suspended",
        Op::Reactivate | Op::Activate { .. } => "reactivated",
        Op::Delete { .. } => "deleted",
        Op::Schedule { .. } => "scheduled",
        Op::CancelSchedule { .. } => "unscheduled",
    }
}

/// "The user was created." / "The user was created and added to a group."
fn sentence_of(done: &[&str]) -> String {
    let mut unique: Vec<&str> = Vec::new();
    for d in done {
        if !unique.contains(d) {
            unique.push(d);
        }
    }
    let list = match unique.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    format!("The user was {list}.")
}

fn not_sent(row: &PlannedRow) -> String {
    let errors: Vec<String> = row
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| match &i.column {
            Some(column) => format!("{column}: {}", i.message),
            None => i.sentence(),
        })
        .collect();
    if errors.is_empty() {
        "Not sent: the row has errors. Fix them in the file and run the import again.".to_owned()
    } else {
        format!("Not sent. {}", errors.join(" "))
    }
}

fn skip_reason(row: &PlannedRow) -> String {
    match &row.existing {
        Some(existing) if existing.matched_by == MatchedBy::Email => format!(
            "Already in JumpCloud with this email address (username \"{}\"); left as it is.",
            existing.username
        ),
        Some(_) if row.changes.is_some() => {
            "Already in JumpCloud and up to date; nothing needed changing.".to_owned()
        }
        Some(_) => "Already in JumpCloud; left as it is.".to_owned(),
        // Not a person (a template's example row, a report footer): the check says why.
        None if !row.issues.is_empty() => {
            let why: Vec<String> = row.issues.iter().map(|i| i.sentence()).collect();
            format!("Not imported: {}", why.join(" "))
        }
        None => "Empty row; nothing to import.".to_owned(),
    }
}

/// Runs a call that is safe to repeat, trying again after a pause while JumpCloud keeps
/// answering 429 (the client has already retried a few times by then).
async fn patient<T, F, Fut>(mut call: F) -> Result<T, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Error>>,
{
    let mut rounds = 0;
    loop {
        match call().await {
            Err(e) if e.kind == ErrorKind::RateLimited && rounds < RATE_LIMIT_ROUNDS => {
                rounds += 1;
                pause(&e).await;
            }
            other => return other,
        }
    }
}

/// Waits as long as JumpCloud asked (at least a second), plus up to half a second of jitter
/// so the rows in flight do not all come back at once.
async fn pause(error: &Error) {
    let asked = error
        .retry_after
        .unwrap_or_default()
        .max(Duration::from_secs(1));
    tokio::time::sleep(asked + Duration::from_millis(fastrand::u64(0..500))).await;
}
