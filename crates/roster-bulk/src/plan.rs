//! What an import will do, row by row, decided against the organization before anything is
//! sent.
//!
//! Matching rule: a row is an existing user when its **username** is taken (compared
//! case-insensitively). When the username is free but the **email** belongs to a user, the
//! row is that user too (HR exports often carry other usernames than JumpCloud); the row then
//! gets a warning saying JumpCloud's username is kept (JumpCloud cannot rename through Roster).
//! An email or employee ID that belongs to a *different* user than the one matched is an
//! error, as is one existing user matched by two rows.

use std::collections::{BTreeSet, HashMap, HashSet};

use jumpcloud::models::{DirectoryKind, SystemUser, UserState, UserUpdate};
use roster_import::{CheckReport, RowIssue, RowReport, RowStatus, Severity, Summary, UserValues};
use serde::{Deserialize, Serialize};

use crate::fields;
use crate::history::FieldChange;
use crate::journal::sha256_hex;
use crate::messages;
use crate::ops::Op;
use crate::snapshot::{Lookup, OrgSnapshot};

/// What to do with rows whose user already exists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Existing {
    /// Leave existing users alone (the default).
    #[default]
    Skip,
    /// Change the existing user's fields to the file's values, and add groups/directories.
    Update,
}

/// How a row finds the JumpCloud user it stands for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Matching {
    /// By username, else by email: a spreadsheet's rows (HR exports carry other usernames
    /// than JumpCloud).
    #[default]
    Username,
    /// By email only: a platform's people, whose usernames Roster makes. A username that
    /// belongs to someone else is a clash to fix, never a match.
    Email,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanOptions {
    pub existing: Existing,
    /// Suspend or reactivate existing people when the State column says so. Off by default:
    /// a state change is never a side effect of an update.
    #[serde(default)]
    pub change_state: bool,
    #[serde(default)]
    pub matching: Matching,
    /// Bind existing people to the row's directories even when they are otherwise left
    /// alone (`Existing::Skip`): importing from a platform binds the people already in
    /// JumpCloud to it. Directories they are bound to already are not bound again.
    #[serde(default)]
    pub bind_existing: bool,
}

/// The people known to be bound to some directories, directly or through a group (read
/// for a platform import). A directory not in here is not known either way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectoryMembers {
    by_directory: HashMap<String, HashSet<String>>,
}

impl DirectoryMembers {
    /// Records `users` as everyone bound to `directory`.
    pub fn set(&mut self, directory: &str, users: impl IntoIterator<Item = String>) {
        self.by_directory
            .insert(directory.to_owned(), users.into_iter().collect());
    }

    /// Whether `user` is bound to `directory`, if known.
    pub fn is_bound(&self, directory: &str, user: &str) -> Option<bool> {
        self.by_directory.get(directory).map(|u| u.contains(user))
    }

    /// Records a bind made since the directory was read.
    pub fn add(&mut self, directory: &str, user: &str) {
        if let Some(users) = self.by_directory.get_mut(directory) {
            users.insert(user.to_owned());
        }
    }
}

/// What will happen to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Update,
    /// An existing person is suspended (their other changes are sent too).
    Suspend,
    /// An existing suspended person is reactivated (their other changes are sent too).
    Reactivate,
    Skip,
    /// The row has errors and will not be sent.
    Error,
}

/// How a row was matched to an existing user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchedBy {
    Username,
    Email,
}

/// The existing JumpCloud user a row stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExistingUser {
    pub id: String,
    pub username: String,
    pub matched_by: MatchedBy,
}

/// A group the user will be added to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupTarget {
    pub id: String,
    pub name: String,
}

/// A directory the user will be bound to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DirectoryTarget {
    pub id: String,
    pub name: String,
    pub kind: DirectoryKind,
}

/// One row of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedRow {
    /// The row's stable identity in its source: `line:7` for a file's row (see [`line_key`]).
    pub key: String,
    /// The physical line where the row starts (the header is line 1); 0 for sources that
    /// are not files.
    pub line: u64,
    pub action: Action,
    pub username: String,
    pub email: String,
    /// For updates and skips of existing users.
    pub existing: Option<ExistingUser>,
    pub groups: Vec<GroupTarget>,
    pub directories: Vec<DirectoryTarget>,
    /// The manager resolved to a user id (creates only).
    pub manager_id: Option<String>,
    /// For updates: the fields that will change (only those that differ; `None` or empty
    /// when nothing changes).
    pub changes: Option<UserUpdate>,
    /// The row's status after the org checks (`warning` rows still run).
    pub status: RowStatus,
    /// The file's issues and the org checks', each starting with "Line N".
    pub issues: Vec<RowIssue>,
    /// The values (passwords serialize as `********`).
    pub user: UserValues,
    /// The changes this row sends, in order, when the source planned them itself (updates,
    /// state changes, offboarding); a file's create is made from the row when it runs. Use
    /// [`PlannedRow::ops`].
    pub ops: Vec<Op>,
    /// For History: each field of an update before → after (a create's are read from its
    /// op when it is recorded).
    pub field_changes: Vec<FieldChange>,
    /// The admin left the row out of the import (set by the source, see
    /// [`Plan::mark_left_out`]): it is a skip, reported as left out.
    pub left_out: bool,
}

/// The key of a file's row.
pub fn line_key(line: u64) -> String {
    format!("line:{line}")
}

/// The digest of a row's action and changes: what was actually planned (see
/// [`PlannedRow::digest`]).
pub fn plan_digest(action: Action, ops: &[Op]) -> String {
    let action = serde_json::to_vec(&action).unwrap_or_default();
    let ops = serde_json::to_vec(ops).unwrap_or_default();
    sha256_hex(&[&action, &ops])
}

/// The changes a create sends: the user, then the directories and groups.
pub fn create_ops(
    user: &UserValues,
    manager_id: Option<String>,
    directories: &[DirectoryTarget],
    groups: &[GroupTarget],
) -> Vec<Op> {
    let mut ops = vec![Op::Create {
        user: fields::new_user(user, manager_id),
        password: None,
    }];
    ops.extend(membership_ops(directories, groups));
    ops
}

fn membership_ops(directories: &[DirectoryTarget], groups: &[GroupTarget]) -> Vec<Op> {
    directories
        .iter()
        .map(|d| Op::Bind {
            directory: d.clone(),
        })
        .chain(groups.iter().map(|g| Op::AddToGroup { group: g.clone() }))
        .collect()
}

/// Each field of `new` (a JSON object of what is sent) with its value before.
pub fn field_changes(
    before: Option<&serde_json::Value>,
    new: &serde_json::Value,
) -> Vec<FieldChange> {
    let Some(new) = new.as_object() else {
        return Vec::new();
    };
    new.iter()
        .map(|(field, after)| FieldChange {
            field: field.clone(),
            before: before
                .and_then(|b| b.get(field))
                .filter(|v| !v.is_null() && *v != &serde_json::Value::String(String::new()))
                .cloned(),
            after: Some(after.clone()),
        })
        .collect()
}

impl PlannedRow {
    /// SHA-256 (hex) of the action and the ops: what was actually planned. A journal entry
    /// with another digest is an earlier plan of the row, so the row is sent again. Computed
    /// when a job runs, not each time the preview is planned again.
    pub fn digest(&self) -> String {
        plan_digest(self.action, &self.ops())
    }

    /// The changes this row sends, in order (empty for skips and errors).
    pub fn ops(&self) -> std::borrow::Cow<'_, [Op]> {
        if self.action == Action::Create && self.ops.is_empty() {
            std::borrow::Cow::Owned(create_ops(
                &self.user,
                self.manager_id.clone(),
                &self.directories,
                &self.groups,
            ))
        } else {
            std::borrow::Cow::Borrowed(&self.ops)
        }
    }

    /// The person's name as planned: the display name, or first and last name.
    pub fn display_name(&self) -> String {
        let get = |k: &str| self.user.get_str(k).unwrap_or_default().trim();
        let display = get("displayname");
        if !display.is_empty() {
            return display.to_owned();
        }
        [get("firstname"), get("lastname")]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether the admin should look at this row (errors and warnings).
    pub fn needs_attention(&self) -> bool {
        self.action == Action::Error || !self.issues.is_empty()
    }

    /// Whether this row sends anything.
    pub fn sends(&self) -> bool {
        matches!(
            self.action,
            Action::Create | Action::Update | Action::Suspend | Action::Reactivate
        )
    }
}

/// Rows per action.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PlanCounts {
    pub rows: usize,
    pub create: usize,
    pub update: usize,
    pub suspend: usize,
    pub reactivate: usize,
    pub skip: usize,
    pub error: usize,
}

/// The whole preview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub counts: PlanCounts,
    pub rows: Vec<PlannedRow>,
    /// Plain sentences about the whole import (columns that are not sent, for one).
    pub notices: Vec<String>,
    /// The check summary after the org checks.
    pub summary: Summary,
    /// The check report with the org checks' issues added (for the preview grid).
    #[serde(skip)]
    pub check: CheckReport,
}

impl Plan {
    /// Marks the rows on these lines as left out by the admin.
    pub fn mark_left_out(&mut self, lines: &BTreeSet<u64>) {
        if lines.is_empty() {
            return;
        }
        for row in &mut self.rows {
            row.left_out = lines.contains(&row.line);
        }
    }

    /// The rows with errors or warnings.
    pub fn attention(&self) -> impl Iterator<Item = &PlannedRow> {
        self.rows.iter().filter(|r| r.needs_attention())
    }
}

/// Classifies every row of `report` against `snapshot`. Never fails: every problem becomes a
/// row issue.
pub fn plan(report: &CheckReport, snapshot: &OrgSnapshot, options: &PlanOptions) -> Plan {
    plan_with(report, snapshot, options, &DirectoryMembers::default())
}

/// [`plan`], knowing who is bound to some directories already: they are not bound again.
pub fn plan_with(
    report: &CheckReport,
    snapshot: &OrgSnapshot,
    options: &PlanOptions,
    members: &DirectoryMembers,
) -> Plan {
    let mut check = report.clone();
    let mut claimed: HashMap<String, u64> = HashMap::new();
    let mut decisions = Vec::with_capacity(check.rows.len());
    for row in &mut check.rows {
        decisions.push(classify(row, snapshot, options, members, &mut claimed));
    }
    check.recount();

    let mut counts = PlanCounts {
        rows: check.rows.len(),
        ..PlanCounts::default()
    };
    let mut unsent_create = BTreeSet::new();
    let mut unsent_update = BTreeSet::new();
    let mut rows = Vec::with_capacity(check.rows.len());
    for (row, decision) in check.rows.iter().zip(decisions) {
        let action = match decision.action {
            Action::Skip => Action::Skip,
            _ if row.status == RowStatus::Error => Action::Error,
            other => other,
        };
        match action {
            Action::Create => {
                counts.create += 1;
                unsent_create.extend(fields::unsent_fields(&row.user, false));
            }
            Action::Update | Action::Suspend | Action::Reactivate => {
                match action {
                    Action::Suspend => counts.suspend += 1,
                    Action::Reactivate => counts.reactivate += 1,
                    _ => counts.update += 1,
                }
                unsent_update.extend(fields::unsent_fields(&row.user, true));
            }
            Action::Skip => counts.skip += 1,
            Action::Error => counts.error += 1,
        }
        let (ops, field_changes) = match action {
            // Made from the row's values when the job runs (see `PlannedRow::ops`): planning
            // 100,000 rows again after each edit stays as fast as before.
            Action::Create => (Vec::new(), Vec::new()),
            Action::Update | Action::Suspend | Action::Reactivate => {
                let mut ops = Vec::new();
                let mut changed = Vec::new();
                if let Some(changes) = decision
                    .changes
                    .as_ref()
                    .filter(|c| !fields::is_empty_update(c))
                {
                    let sent = serde_json::to_value(changes).unwrap_or_default();
                    changed = field_changes(decision.before.as_ref(), &sent);
                    ops.push(Op::Update {
                        changes: changes.clone(),
                    });
                }
                ops.extend(membership_ops(&decision.directories, &decision.groups));
                match action {
                    Action::Suspend => ops.push(Op::Suspend),
                    Action::Reactivate => ops.push(Op::Reactivate),
                    _ => {}
                }
                (ops, changed)
            }
            Action::Skip | Action::Error => (Vec::new(), Vec::new()),
        };
        rows.push(PlannedRow {
            key: line_key(row.line),
            line: row.line,
            action,
            username: row.user.get_str("username").unwrap_or_default().to_owned(),
            email: row.user.get_str("email").unwrap_or_default().to_owned(),
            existing: decision.existing,
            groups: decision.groups,
            directories: decision.directories,
            manager_id: decision.manager_id,
            changes: decision.changes,
            status: row.status,
            issues: row.issues.clone(),
            user: row.user.clone(),
            ops,
            field_changes,
            left_out: false,
        });
    }
    let mut notices = Vec::new();
    if counts.suspend > 0 {
        notices.push(
            "Suspended people cannot sign in anywhere JumpCloud connects them to; their data is kept, and they are still billed as active users."
                .to_owned(),
        );
    }
    let password = fields::label("password");
    let password_on_create = unsent_create.remove(&password);
    let password_on_update = unsent_update.remove(&password);
    if password_on_create || password_on_update {
        notices.push(
            "Roster does not send passwords: people set their own when they activate their account."
                .to_owned(),
        );
    }
    if !unsent_create.is_empty() {
        notices.push(format!(
            "New users are created without these columns, which this version of Roster does not send yet: {}.",
            join(&unsent_create)
        ));
    }
    if !unsent_update.is_empty() {
        notices.push(format!(
            "Existing users keep their current values for these columns, which Roster cannot change on an existing user: {}.",
            join(&unsent_update)
        ));
    }
    Plan {
        counts,
        rows,
        notices,
        summary: check.summary,
        check,
    }
}

fn join(names: &BTreeSet<String>) -> String {
    names
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

struct Decision {
    action: Action,
    existing: Option<ExistingUser>,
    groups: Vec<GroupTarget>,
    directories: Vec<DirectoryTarget>,
    manager_id: Option<String>,
    changes: Option<UserUpdate>,
    /// For updates: the existing user as JSON (for History's "before").
    before: Option<serde_json::Value>,
}

fn classify(
    row: &mut RowReport,
    snapshot: &OrgSnapshot,
    options: &PlanOptions,
    members: &DirectoryMembers,
    claimed: &mut HashMap<String, u64>,
) -> Decision {
    let mut decision = Decision {
        action: Action::Error,
        existing: None,
        groups: Vec::new(),
        directories: Vec::new(),
        manager_id: None,
        changes: None,
        before: None,
    };
    if row.status == RowStatus::Skipped {
        decision.action = Action::Skip;
        return decision;
    }
    let line = row.line;
    let username = row.user.get_str("username").unwrap_or_default().to_owned();
    let email = row.user.get_str("email").unwrap_or_default().to_owned();

    let by_username = (!username.is_empty())
        .then(|| snapshot.user_by_username(&username))
        .flatten();
    let by_email = (!email.is_empty())
        .then(|| snapshot.user_by_email(&email))
        .flatten();
    let matched: Option<(&SystemUser, MatchedBy)> = match (by_username, by_email) {
        // The email is the person; a username someone else has is a clash to fix.
        (by_username, by_email) if options.matching == Matching::Email => {
            if let Some(other) = by_username.filter(|u| by_email.is_none_or(|mine| mine.id != u.id))
            {
                if by_email.is_none() {
                    row.push_labeled(
                        Some("username"),
                        "Username",
                        Severity::Error,
                        "username_taken",
                        messages::username_taken(&username, other),
                    );
                }
            }
            by_email.map(|user| (user, MatchedBy::Email))
        }
        (Some(user), Some(other)) if other.id != user.id => {
            row.push_labeled(
                Some("email"),
                "Email",
                Severity::Error,
                "email_taken",
                messages::email_taken(&email, &other.username),
            );
            Some((user, MatchedBy::Username))
        }
        (Some(user), _) => Some((user, MatchedBy::Username)),
        (None, Some(user)) => {
            row.push_labeled(
                Some("username"),
                "Username",
                Severity::Warning,
                "matched_by_email",
                messages::matched_by_email(&email, &user.username),
            );
            Some((user, MatchedBy::Email))
        }
        (None, None) => None,
    };

    if let Some(employee_id) = row.user.get_str("employeeIdentifier") {
        if let Some(other) = snapshot.user_by_employee_id(employee_id) {
            if matched.is_none_or(|(user, _)| user.id != other.id) {
                row.push_labeled(
                    Some("employeeIdentifier"),
                    "Employee ID",
                    Severity::Error,
                    "employee_id_taken",
                    messages::employee_id_taken(employee_id, &other.username),
                );
            }
        }
    }

    if let Some((user, matched_by)) = matched {
        decision.existing = Some(ExistingUser {
            id: user.id.clone(),
            username: user.username.clone(),
            matched_by,
        });
        if options.existing == Existing::Skip && options.bind_existing {
            resolve_memberships(row, snapshot, &mut decision, true);
            drop_bound(&mut decision, members, &user.id);
            decision.groups.clear();
            decision.action = if decision.directories.is_empty() {
                Action::Skip
            } else {
                Action::Update
            };
            return decision;
        }
        if options.existing == Existing::Skip {
            // Resolved quietly: a resumed import may still have to add a user it created
            // before it was interrupted to its groups and directories.
            resolve_memberships(row, snapshot, &mut decision, false);
            decision.action = Action::Skip;
            return decision;
        }
        if let Some(first) = claimed.insert(user.id.clone(), line) {
            row.push(
                None,
                Severity::Error,
                "same_existing_user",
                format!(
                    "this row and line {first} both stand for the JumpCloud user \"{}\". Keep one of them.",
                    user.username
                ),
            );
        }
        // A platform's State column is for new people only.
        let state_column = options.matching == Matching::Username;
        if state_column
            && row.user.get_str("state") == Some("STAGED")
            && user.state != UserState::Staged
        {
            row.push_labeled(
                Some("state"),
                "State",
                Severity::Warning,
                "staged_existing_user",
                messages::staged_not_for_update(),
            );
        }
        let mut changes = fields::update_for(&row.user, user);
        if !state_column {
            changes.state = None;
            changes.suspended = None;
        }
        decision.action = Action::Update;
        // A change of state is its own action, never a side effect of an update.
        if let Some(state) = changes.state.take() {
            changes.suspended = None;
            let wanted = if state == UserState::Suspended {
                Action::Suspend
            } else {
                Action::Reactivate
            };
            if options.change_state {
                decision.action = wanted;
            } else {
                let what = if wanted == Action::Suspend {
                    "suspend"
                } else {
                    "reactivate"
                };
                row.push_labeled(
                    Some("state"),
                    "State",
                    Severity::Warning,
                    "state_change_not_chosen",
                    format!("the State column would {what} this person. Roster leaves their state as it is unless you choose to change people's state too."),
                );
            }
        }
        decision.changes = Some(changes);
        decision.before = serde_json::to_value(user).ok();
    } else {
        decision.action = Action::Create;
        if let Some(manager) = row.user.get_str("manager").map(str::to_owned) {
            let found = snapshot
                .user_by_id(&manager)
                .or_else(|| snapshot.user_by_username(&manager))
                .or_else(|| snapshot.user_by_email(&manager));
            match found {
                Some(user) => decision.manager_id = Some(user.id.clone()),
                None => row.push_labeled(
                    Some("manager"),
                    "Manager",
                    Severity::Error,
                    "unknown_manager",
                    messages::unknown_manager(&manager),
                ),
            }
        }
    }

    resolve_memberships(row, snapshot, &mut decision, true);
    if let Some(existing) = &decision.existing {
        let id = existing.id.clone();
        drop_bound(&mut decision, members, &id);
    }
    // An existing person with nothing to change is not an update: it is a skip, so the plan
    // and the result count only the people who change.
    if decision.action == Action::Update
        && decision
            .changes
            .as_ref()
            .is_none_or(fields::is_empty_update)
        && decision.groups.is_empty()
        && decision.directories.is_empty()
        && !row.issues.iter().any(|i| i.severity == Severity::Error)
    {
        decision.action = Action::Skip;
    }
    decision
}

/// Leaves out the directories `user` is known to be bound to already.
fn drop_bound(decision: &mut Decision, members: &DirectoryMembers, user: &str) {
    decision
        .directories
        .retain(|d| members.is_bound(&d.id, user) != Some(true));
}

/// Finds the groups and directories named in the row; unknown or ambiguous names become row
/// errors when `report_errors`.
fn resolve_memberships(
    row: &mut RowReport,
    snapshot: &OrgSnapshot,
    decision: &mut Decision,
    report_errors: bool,
) {
    let report = |row: &mut RowReport, field: &str, code: &'static str, message: String| {
        if report_errors {
            let column = if field == "groups" {
                "Groups"
            } else {
                "Directories"
            };
            row.push_labeled(Some(field), column, Severity::Error, code, message);
        }
    };
    for name in fields::names(&row.user, "groups") {
        match snapshot.group(&name) {
            Lookup::Found(group) => decision.groups.push(GroupTarget {
                id: group.id.clone(),
                name: group.name.clone(),
            }),
            Lookup::Missing => report(
                row,
                "groups",
                "unknown_group",
                messages::unknown_group(&name),
            ),
            Lookup::Ambiguous(n) => report(
                row,
                "groups",
                "ambiguous_group",
                messages::ambiguous_group(&name, n),
            ),
        }
    }
    for name in fields::names(&row.user, "directories") {
        match snapshot.directory(&name) {
            Lookup::Found(dir) if dir.kind.association_type().is_some() => {
                decision.directories.push(DirectoryTarget {
                    id: dir.id.clone(),
                    name: dir.name.clone(),
                    kind: dir.kind.clone(),
                });
            }
            Lookup::Found(dir) => report(
                row,
                "directories",
                "unbindable_directory",
                messages::unbindable_directory(&dir.name),
            ),
            Lookup::Missing => report(
                row,
                "directories",
                "unknown_directory",
                messages::unknown_directory(&name),
            ),
            Lookup::Ambiguous(n) => report(
                row,
                "directories",
                "ambiguous_directory",
                messages::ambiguous_directory(&name, n),
            ),
        }
    }
}
