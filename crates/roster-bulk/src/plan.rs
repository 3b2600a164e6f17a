//! What an import will do, row by row, decided against the organization before anything is
//! sent.
//!
//! Matching rule: a row is an existing user when its **username** is taken (compared
//! case-insensitively). When the username is free but the **email** belongs to a user, the
//! row is that user too (HR exports often carry other usernames than JumpCloud); the row then
//! gets a warning saying JumpCloud's username is kept (JumpCloud cannot rename through Roster).
//! An email or employee ID that belongs to a *different* user than the one matched is an
//! error, as is one existing user matched by two rows.

use std::collections::{BTreeSet, HashMap};

use jumpcloud::models::{DirectoryKind, SystemUser, UserState, UserUpdate};
use roster_import::{CheckReport, RowIssue, RowReport, RowStatus, Severity, Summary, UserValues};
use serde::{Deserialize, Serialize};

use crate::fields;
use crate::messages;
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

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanOptions {
    pub existing: Existing,
}

/// What will happen to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Update,
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
    /// The physical line where the row starts (the header is line 1).
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
}

impl PlannedRow {
    /// Whether the admin should look at this row (errors and warnings).
    pub fn needs_attention(&self) -> bool {
        self.action == Action::Error || !self.issues.is_empty()
    }

    /// Whether this row sends anything.
    pub fn sends(&self) -> bool {
        matches!(self.action, Action::Create | Action::Update)
    }
}

/// Rows per action.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PlanCounts {
    pub rows: usize,
    pub create: usize,
    pub update: usize,
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
    /// The rows with errors or warnings.
    pub fn attention(&self) -> impl Iterator<Item = &PlannedRow> {
        self.rows.iter().filter(|r| r.needs_attention())
    }
}

/// Classifies every row of `report` against `snapshot`. Never fails: every problem becomes a
/// row issue.
pub fn plan(report: &CheckReport, snapshot: &OrgSnapshot, options: &PlanOptions) -> Plan {
    let mut check = report.clone();
    let mut claimed: HashMap<String, u64> = HashMap::new();
    let mut decisions = Vec::with_capacity(check.rows.len());
    for row in &mut check.rows {
        decisions.push(classify(row, snapshot, options, &mut claimed));
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
            Action::Update => {
                counts.update += 1;
                unsent_update.extend(fields::unsent_fields(&row.user, true));
            }
            Action::Skip => counts.skip += 1,
            Action::Error => counts.error += 1,
        }
        rows.push(PlannedRow {
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
        });
    }
    let mut notices = Vec::new();
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
}

fn classify(
    row: &mut RowReport,
    snapshot: &OrgSnapshot,
    options: &PlanOptions,
    claimed: &mut HashMap<String, u64>,
) -> Decision {
    let mut decision = Decision {
        action: Action::Error,
        existing: None,
        groups: Vec::new(),
        directories: Vec::new(),
        manager_id: None,
        changes: None,
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
        (Some(user), Some(other)) if other.id != user.id => {
            row.push(
                Some("email"),
                Severity::Error,
                "email_taken",
                messages::email_taken(line, &email, &other.username),
            );
            Some((user, MatchedBy::Username))
        }
        (Some(user), _) => Some((user, MatchedBy::Username)),
        (None, Some(user)) => {
            row.push(
                Some("username"),
                Severity::Warning,
                "matched_by_email",
                messages::matched_by_email(line, &email, &user.username),
            );
            Some((user, MatchedBy::Email))
        }
        (None, None) => None,
    };

    if let Some(employee_id) = row.user.get_str("employeeIdentifier") {
        if let Some(other) = snapshot.user_by_employee_id(employee_id) {
            if matched.is_none_or(|(user, _)| user.id != other.id) {
                row.push(
                    Some("employeeIdentifier"),
                    Severity::Error,
                    "employee_id_taken",
                    messages::employee_id_taken(line, employee_id, &other.username),
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
                    "Line {line}: this row and line {first} both stand for the JumpCloud user \"{}\". Keep one of them.",
                    user.username
                ),
            );
        }
        if row.user.get_str("state") == Some("STAGED") && user.state != UserState::Staged {
            row.push(
                Some("state"),
                Severity::Warning,
                "staged_existing_user",
                messages::staged_not_for_update(line),
            );
        }
        decision.changes = Some(fields::update_for(&row.user, user));
        decision.action = Action::Update;
    } else {
        decision.action = Action::Create;
        if let Some(manager) = row.user.get_str("manager").map(str::to_owned) {
            let found = snapshot
                .user_by_id(&manager)
                .or_else(|| snapshot.user_by_username(&manager))
                .or_else(|| snapshot.user_by_email(&manager));
            match found {
                Some(user) => decision.manager_id = Some(user.id.clone()),
                None => row.push(
                    Some("manager"),
                    Severity::Error,
                    "unknown_manager",
                    messages::unknown_manager(line, &manager),
                ),
            }
        }
    }

    resolve_memberships(row, snapshot, &mut decision, true);
    decision
}

/// Finds the groups and directories named in the row; unknown or ambiguous names become row
/// errors when `report_errors`.
fn resolve_memberships(
    row: &mut RowReport,
    snapshot: &OrgSnapshot,
    decision: &mut Decision,
    report_errors: bool,
) {
    let line = row.line;
    let report = |row: &mut RowReport, field: &str, code: &'static str, message: String| {
        if report_errors {
            row.push(Some(field), Severity::Error, code, message);
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
                messages::unknown_group(line, &name),
            ),
            Lookup::Ambiguous(n) => report(
                row,
                "groups",
                "ambiguous_group",
                messages::ambiguous_group(line, &name, n),
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
                messages::unbindable_directory(line, &dir.name),
            ),
            Lookup::Missing => report(
                row,
                "directories",
                "unknown_directory",
                messages::unknown_directory(line, &name),
            ),
            Lookup::Ambiguous(n) => report(
                row,
                "directories",
                "ambiguous_directory",
                messages::ambiguous_directory(line, &name, n),
            ),
        }
    }
}
