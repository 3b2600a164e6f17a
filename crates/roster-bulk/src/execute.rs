//! Running a plan: a few rows in flight at a time, each create (or update) followed by its
//! directory bindings and group memberships, every outcome written to the journal as it
//! happens.

use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

use futures_util::future::join_all;
use jumpcloud::models::Directory;
use jumpcloud::{Client, Error, ErrorKind};
use roster_import::Severity;
use tokio_util::sync::CancellationToken;

use crate::fields;
use crate::journal::{Journal, JournalError};
use crate::messages::{self, Step};
use crate::plan::{Action, MatchedBy, Plan, PlannedRow};
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

/// What a row needs in this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Work {
    /// Do what the plan says (create or update).
    Planned(Action),
    /// A create may have reached JumpCloud in an earlier run: look the user up first.
    LookUpThenCreate,
}

/// How many more times a call refused with 429 (after the client's own retries) is tried
/// again. A 429 means JumpCloud did nothing, so trying again is always safe.
const RATE_LIMIT_ROUNDS: u32 = 20;

const NOT_STARTED: &str =
    "Not done: the import stopped before this row was sent. Run the import again to continue.";

/// Runs `plan`, resuming from `journal`. Never fails and never drops a row: every row of the
/// plan is in the report (rows not started when `cancel` fires are `pending`; rows in flight
/// finish first).
pub async fn execute(
    client: &Client,
    plan: &Plan,
    journal: &Journal,
    options: &ExecuteOptions,
    progress: &(dyn Fn(Progress) + Send + Sync),
    cancel: &CancellationToken,
) -> ImportReport {
    let mut tracker = Tracker::new(plan.rows.len(), progress);
    let mut results: Vec<Option<RowResult>> = vec![None; plan.rows.len()];
    let mut work: Vec<(usize, Work)> = Vec::new();
    for (index, row) in plan.rows.iter().enumerate() {
        match settle(row, journal, options) {
            Ok(result) => {
                tracker.settled(result.outcome.is_done());
                results[index] = Some(result);
            }
            Err(w) => work.push((index, w)),
        }
    }
    tracker.begin(work.len());

    let stop = cancel.child_token();
    let stopped_by_journal: Mutex<Option<String>> = Mutex::new(None);
    let queue = Mutex::new(work.iter().copied());
    let finished: Mutex<Vec<(usize, RowResult)>> = Mutex::new(Vec::with_capacity(work.len()));
    let ctx = Ctx { client, journal };
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
            let (result, failure) = ctx.run(row, what).await;
            if let Some(failure) = failure {
                stopped_by_journal
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .get_or_insert(failure.to_string());
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
            result.unwrap_or_else(|| RowResult {
                line: row.line,
                username: row.username.clone(),
                outcome: Outcome::Pending,
                id: None,
                message: Some(NOT_STARTED.to_owned()),
            })
        })
        .collect();
    let stopped = stopped_by_journal
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .or_else(|| {
            (cancel.is_cancelled() && rows.iter().any(|r| r.outcome == Outcome::Pending)).then(
                || {
                    "The import was cancelled. Run it again to continue with the rows not done."
                        .to_owned()
                },
            )
        });
    tracker.end();
    ImportReport::new(rows, stopped)
}

/// The result of a row that needs no request in this run, or the work it needs.
fn settle(
    row: &PlannedRow,
    journal: &Journal,
    options: &ExecuteOptions,
) -> Result<RowResult, Work> {
    let history = journal.history(row.line);
    if let Some(previous) = history.and_then(|h| h.finished.as_ref()) {
        if previous.outcome != Outcome::Failed || !options.retry_failed {
            return Ok(previous.clone());
        }
    }
    let create_attempted = history.is_some_and(|h| h.create_attempted);
    match row.action {
        Action::Error => Ok(RowResult {
            line: row.line,
            username: row.username.clone(),
            outcome: Outcome::Failed,
            id: None,
            message: Some(not_sent(row)),
        }),
        _ if create_attempted => Err(Work::LookUpThenCreate),
        Action::Skip => Ok(RowResult {
            line: row.line,
            username: row.username.clone(),
            outcome: Outcome::Skipped,
            id: row.existing.as_ref().map(|e| e.id.clone()),
            message: Some(skip_reason(row)),
        }),
        action => Err(Work::Planned(action)),
    }
}

fn not_sent(row: &PlannedRow) -> String {
    let errors: Vec<&str> = row
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| i.message.as_str())
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
        Some(_) => "Already in JumpCloud; left as it is.".to_owned(),
        None => "Empty row; nothing to import.".to_owned(),
    }
}

struct Ctx<'a> {
    client: &'a Client,
    journal: &'a Journal,
}

impl Ctx<'_> {
    /// Runs one row: journal `started`, the requests, journal `finished`. The result is
    /// `None` when the row was not sent (the journal could not be written); the error says
    /// the journal failed, so the import must stop.
    async fn run(&self, row: &PlannedRow, work: Work) -> (Option<RowResult>, Option<JournalError>) {
        let action = match work {
            Work::Planned(action) => action,
            Work::LookUpThenCreate => Action::Create,
        };
        if let Err(e) = self.journal.started(row.line, action, &row.username).await {
            return (None, Some(e));
        }
        let result = match work {
            Work::Planned(Action::Update) => self.update(row).await,
            Work::Planned(_) => self.create(row, false).await,
            Work::LookUpThenCreate => self.create(row, true).await,
        };
        let failure = self.journal.finished(&result).await.err();
        (Some(result), failure)
    }

    async fn create(&self, row: &PlannedRow, look_first: bool) -> RowResult {
        let mut look_first = look_first;
        let mut rounds = 0;
        let id = loop {
            if look_first {
                match patient(|| self.client.find_user_by_username(&row.username)).await {
                    Ok(Some(user)) if user.email.eq_ignore_ascii_case(&row.email) => break user.id,
                    Ok(Some(user)) => {
                        return self.failed(
                            row,
                            None,
                            format!(
                                "The username \"{}\" now belongs to a JumpCloud user with another email address ({}). Check the row, or use another username.",
                                user.username, user.email
                            ),
                        )
                    }
                    Ok(None) => {}
                    Err(e) => return self.failed(row, None, messages::describe(Step::LookUp, &e)),
                }
            }
            let body = fields::new_user(&row.user, row.manager_id.clone());
            match self.client.create_user(&body).await {
                Ok(outcome) => break outcome.user().id.clone(),
                Err(e) if e.kind == ErrorKind::RateLimited && rounds < RATE_LIMIT_ROUNDS => {
                    // An earlier attempt of this create may have landed before the 429s:
                    // look before sending again.
                    rounds += 1;
                    pause(&e).await;
                    look_first = true;
                }
                Err(e) => return self.failed(row, None, messages::describe(Step::Create, &e)),
            }
        };
        match self.memberships(row, &id).await {
            Ok(_) => self.ok(row, Outcome::Created, id, None),
            Err(why) => self.failed(row, Some(id), format!("The user was created. {why}")),
        }
    }

    async fn update(&self, row: &PlannedRow) -> RowResult {
        let Some(existing) = &row.existing else {
            return self.failed(
                row,
                None,
                "Roster lost track of which JumpCloud user this row updates. Preview the file again.".to_owned(),
            );
        };
        let id = existing.id.clone();
        let mut changed = false;
        if let Some(changes) = row.changes.as_ref().filter(|c| !fields::is_empty_update(c)) {
            if let Err(e) = patient(|| self.client.update_user(&id, changes)).await {
                return self.failed(row, Some(id), messages::describe(Step::Update, &e));
            }
            changed = true;
        }
        match self.memberships(row, &id).await {
            Ok(added) => {
                let message = (!changed && !added)
                    .then(|| "Already up to date; nothing needed changing.".to_owned());
                self.ok(row, Outcome::Updated, id, message)
            }
            Err(why) => {
                let done = if changed {
                    "The user was updated. "
                } else {
                    ""
                };
                self.failed(row, Some(id), format!("{done}{why}"))
            }
        }
    }

    /// Binds the directories and adds the groups; `Ok(true)` when something was added.
    async fn memberships(&self, row: &PlannedRow, user_id: &str) -> Result<bool, String> {
        let mut added = false;
        for target in &row.directories {
            let directory = Directory {
                id: target.id.clone(),
                name: target.name.clone(),
                kind: target.kind.clone(),
            };
            let bound = self
                .client
                .bind_user_to_directory(user_id, &directory)
                .await;
            added |= check(bound, Step::Directory(&target.name))?;
        }
        for group in &row.groups {
            let bound = patient(|| self.client.add_user_to_group(&group.id, user_id)).await;
            added |= check(bound, Step::Group(&group.name))?;
        }
        Ok(added)
    }

    fn ok(
        &self,
        row: &PlannedRow,
        outcome: Outcome,
        id: String,
        message: Option<String>,
    ) -> RowResult {
        RowResult {
            line: row.line,
            username: row.username.clone(),
            outcome,
            id: Some(id),
            message,
        }
    }

    fn failed(&self, row: &PlannedRow, id: Option<String>, message: String) -> RowResult {
        RowResult {
            line: row.line,
            username: row.username.clone(),
            outcome: Outcome::Failed,
            id,
            message: Some(message),
        }
    }
}

fn check(bound: Result<jumpcloud::Bound, Error>, step: Step<'_>) -> Result<bool, String> {
    match bound {
        Ok(jumpcloud::Bound::Added) => Ok(true),
        Ok(jumpcloud::Bound::AlreadyBound) => Ok(false),
        Err(e) => Err(messages::describe(step, &e)),
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
