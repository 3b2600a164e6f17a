//! One person at a time: adding someone by hand, and the changes made on a profile (details,
//! directories, groups, the activation email). Each becomes a [`Job`] of one row, checked and
//! planned like a spreadsheet's row, and run by [`crate::run_job`] like every other change.

use std::collections::BTreeSet;

use jumpcloud::models::{
    Directory, DirectoryKind, PasswordPolicy, SystemUser, UserState, UserUpdate,
};
use jumpcloud::Secret;
use roster_bulk::{
    plan, Action, DirectoryTarget, FieldChange, GroupTarget, JournalKey, Op, OrgSnapshot,
    PlanOptions, PlannedRow,
};
use roster_import::{check, Delimiter, Field, Mapping, RawRow, RowStatus, Severity, Table};
use serde::{Deserialize, Serialize};

use crate::error::{EngineError, ErrorKind};
use crate::preview::{Job, OrgRef, Source};

/// The fields of the "Add one person" form, by JumpCloud field key, in the form's order.
pub const FORM_FIELDS: &[&str] = &[
    "username",
    "email",
    "firstname",
    "lastname",
    "employeeIdentifier",
    "jobTitle",
    "department",
    "manager",
    "work_number",
    "location",
];

/// How a new person starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StartState {
    /// Not yet activated: JumpCloud sends the activation email when the admin asks.
    Staged,
    /// Active now: JumpCloud emails them to set a password.
    Active,
}

/// What the admin entered in the "Add one person" form (or `roster-cli users add`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct NewPerson {
    /// Field key → value, for the keys of [`FORM_FIELDS`] (others are refused).
    pub values: Vec<(String, String)>,
    /// `None`: the organization's default for people added by hand.
    pub state: Option<StartState>,
    /// Directory ids to bind them to.
    pub directories: Vec<String>,
    /// Group ids to add them to.
    pub groups: Vec<String>,
    /// Identifies this filling of the form: sending the same form twice (a double click, a
    /// retry after a lost answer) adds the person once.
    pub form_id: String,
    /// A first password the admin chose; none: they choose their own when they activate
    /// their account. Never serialized.
    #[serde(skip)]
    pub password: Option<Secret>,
}

impl NewPerson {
    pub fn value(&self, key: &str) -> &str {
        self.values
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, v)| v.trim())
    }
}

/// One problem with what was entered, for the form field it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldIssue {
    /// The form field (a key of [`FORM_FIELDS`], `directories`, `groups` or `state`), or
    /// `None` for the form as a whole.
    pub field: Option<String>,
    /// Whether it stops the person from being added.
    pub blocking: bool,
    pub code: String,
    /// A whole sentence.
    pub message: String,
}

/// What the form's check found, and what adding would do.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonCheck {
    pub issues: Vec<FieldIssue>,
    /// What will happen, one sentence each, in order (empty while something blocks).
    pub summary: Vec<String>,
    /// The state they will start in, with the organization's default applied.
    pub start_state: StartState,
    /// The organization's default for people added by hand.
    pub default_state: StartState,
}

impl PersonCheck {
    pub fn ready(&self) -> bool {
        !self.issues.iter().any(|i| i.blocking)
    }
}

/// The state people added by hand start in, from the organization's settings (JumpCloud's
/// own default is active).
pub fn default_start_state(manual_entry: Option<UserState>) -> StartState {
    match manual_entry {
        Some(UserState::Staged) => StartState::Staged,
        _ => StartState::Active,
    }
}

/// Checks the form as JumpCloud would (required fields, email syntax, lengths, username
/// rules) and against the organization (username, email and employee id not taken, the
/// manager, groups and directories found). Returns the check and, when nothing blocks, the
/// planned row.
pub fn check_new_person(
    person: &NewPerson,
    snapshot: &OrgSnapshot,
    default_state: StartState,
    policy: &PasswordPolicy,
) -> (PersonCheck, Option<PlannedRow>) {
    let mut issues = Vec::new();
    if let Some(password) = person.password.as_ref().filter(|p| !p.expose().is_empty()) {
        for problem in password_problems(password, person.value("username"), policy) {
            issues.push(blocking(Some("password"), "password_policy", problem));
        }
    }
    for (key, _) in &person.values {
        if !FORM_FIELDS.contains(&key.as_str()) {
            issues.push(blocking(
                None,
                "unknown_field",
                format!("Roster's form has no field \"{key}\"."),
            ));
        }
    }
    let start_state = person.state.unwrap_or(default_state);
    let mut headers = Vec::new();
    let mut columns = Vec::new();
    let mut cells = Vec::new();
    for key in FORM_FIELDS {
        let Some(field) = Field::from_key(key) else {
            continue;
        };
        headers.push(field.label().into_owned());
        columns.push(Some(field));
        cells.push(person.value(key).to_owned());
    }
    let state = Field::from_key("state").expect("state is a field");
    headers.push(state.label().into_owned());
    columns.push(Some(state));
    cells.push(
        match start_state {
            StartState::Staged => "STAGED",
            StartState::Active => "ACTIVATED",
        }
        .to_owned(),
    );
    let table = Table {
        encoding: "UTF-8",
        bom: false,
        delimiter: Delimiter::Comma,
        header_line: 1,
        headers,
        rows: vec![RawRow { line: 2, cells }],
        unclosed_quote_line: None,
        replaced_characters: false,
        workbook: None,
    };
    let mapping = Mapping {
        columns,
        derive_username_from_email: false,
    };
    let report = check(&table, &mapping);
    let planned = plan(&report, snapshot, &PlanOptions::default());
    let Some(mut row) = planned.rows.into_iter().next() else {
        issues.push(blocking(None, "nothing", "The form is empty.".into()));
        return (
            PersonCheck {
                issues,
                summary: Vec::new(),
                start_state,
                default_state,
            },
            None,
        );
    };
    for issue in &row.issues {
        issues.push(FieldIssue {
            field: issue.field.clone(),
            blocking: issue.severity == Severity::Error,
            code: issue.code.to_owned(),
            message: issue.sentence(),
        });
    }
    // In a spreadsheet an existing person is skipped (or updated); here it is a mistake.
    if let Some(existing) = &row.existing {
        let who = snapshot
            .user_by_id(&existing.id)
            .map(|u| format!("{} ({})", crate::people::display_name(u), u.email))
            .unwrap_or_else(|| existing.username.clone());
        let (field, code, message) = match existing.matched_by {
            roster_bulk::MatchedBy::Username => (
                "username",
                "username_taken",
                format!("The username \"{}\" is already taken by {who}. Choose another username.", person.value("username")),
            ),
            roster_bulk::MatchedBy::Email => (
                "email",
                "email_taken",
                format!("The email \"{}\" already belongs to {who}. Each person needs their own email address.", person.value("email")),
            ),
        };
        issues.retain(|i| i.code != "matched_by_email");
        issues.push(blocking(Some(field), code, message));
    }
    for id in &person.directories {
        match snapshot.directory_by_id(id) {
            Some(d) => row.directories.push(DirectoryTarget {
                id: d.id.clone(),
                name: d.name.clone(),
                kind: d.kind.clone(),
            }),
            None => issues.push(blocking(
                Some("directories"),
                "unknown_directory",
                "One of the chosen directories is not in the organization any more. Choose again."
                    .into(),
            )),
        }
    }
    for id in &person.groups {
        match snapshot.group_by_id(id) {
            Some(g) => row.groups.push(GroupTarget {
                id: g.id.clone(),
                name: g.name.clone(),
            }),
            None => issues.push(blocking(
                Some("groups"),
                "unknown_group",
                "One of the chosen groups is not in the organization any more. Choose again."
                    .into(),
            )),
        }
    }
    // One issue per field is enough: the first blocking one.
    // (Each unmet password rule is kept: the admin fixes them all at once.)
    let mut seen = BTreeSet::new();
    issues.retain(|i| !i.blocking || i.code == "password_policy" || seen.insert(i.field.clone()));
    let ready = !issues.iter().any(|i| i.blocking);
    let with_password = person
        .password
        .as_ref()
        .is_some_and(|p| !p.expose().is_empty());
    let summary = if ready {
        new_person_summary(&row, start_state, with_password)
    } else {
        Vec::new()
    };
    let check = PersonCheck {
        issues,
        summary,
        start_state,
        default_state,
    };
    if ready && row.status != RowStatus::Error {
        row.key = "person".into();
        row.line = 0;
        row.action = Action::Create;
        row.ops = roster_bulk::plan::create_ops(
            &row.user,
            row.manager_id.clone(),
            &row.directories,
            &row.groups,
        );
        if let Some(Op::Create { password, .. }) = row.ops.first_mut() {
            *password = person.password.clone().filter(|p| !p.expose().is_empty());
        }
        (check, Some(row))
    } else {
        (check, None)
    }
}

fn blocking(field: Option<&str>, code: &str, message: String) -> FieldIssue {
    FieldIssue {
        field: field.map(str::to_owned),
        blocking: true,
        code: code.to_owned(),
        message,
    }
}

/// What adding the person does, in plain sentences.
fn new_person_summary(row: &PlannedRow, start: StartState, with_password: bool) -> Vec<String> {
    let name = row.display_name();
    let who = if name.is_empty() {
        row.username.clone()
    } else {
        format!("{name} ({})", row.username)
    };
    let mut out = vec![match start {
        StartState::Staged => format!("Add {who} as not yet activated: they cannot sign in until you send the activation email from their profile."),
        StartState::Active if with_password => format!("Add {who} as active, with the password you chose: JumpCloud emails {} a welcome.", row.email),
        StartState::Active => format!("Add {who} as active: JumpCloud emails {} to set a password.", row.email),
    }];
    if with_password && start == StartState::Staged {
        out.push("Their password is set now; they can sign in with it once activated.".to_owned());
    }
    for d in &row.directories {
        out.push(format!(
            "Bind them to {}. {}",
            d.name,
            side_effect(&d.kind, true)
        ));
    }
    for g in &row.groups {
        out.push(format!("Add them to the group \"{}\".", g.name));
    }
    out
}

/// The job that adds the person (refused while the form has a blocking problem).
pub fn new_person_job(
    org: &OrgRef,
    person: &NewPerson,
    snapshot: &OrgSnapshot,
    default_state: StartState,
    policy: &PasswordPolicy,
) -> Result<(Job, PersonCheck), EngineError> {
    let (check, row) = check_new_person(person, snapshot, default_state, policy);
    let Some(row) = row else {
        let first = check
            .issues
            .iter()
            .find(|i| i.blocking)
            .map_or_else(String::new, |i| format!(" {}", i.message));
        return Err(EngineError::new(
            ErrorKind::Validation,
            format!("The person was not added: the form has a problem.{first}"),
        ));
    };
    let identity = serde_json::to_vec(person).unwrap_or_default();
    let source = Source::Form {
        username: row.username.clone(),
    };
    Ok((one_row_job(org, "addperson", &identity, source, row), check))
}

/// A row for one person a source planned itself: `user`'s names, and `existing` when they
/// are in JumpCloud already (the ops apply to them).
pub(crate) fn person_row(
    key: String,
    action: Action,
    user: &SystemUser,
    existing: bool,
    ops: Vec<Op>,
) -> PlannedRow {
    let mut row = PlannedRow {
        key,
        line: 0,
        action,
        username: user.username.clone(),
        email: user.email.clone(),
        existing: existing.then(|| roster_bulk::ExistingUser {
            id: user.id.clone(),
            username: user.username.clone(),
            matched_by: roster_bulk::MatchedBy::Username,
        }),
        groups: Vec::new(),
        directories: Vec::new(),
        manager_id: None,
        changes: None,
        status: RowStatus::Ready,
        issues: Vec::new(),
        user: Default::default(),
        ops,
        field_changes: Vec::new(),
        left_out: false,
    };
    row.user.set("firstname", user.firstname.clone().into());
    row.user.set("lastname", user.lastname.clone().into());
    row.user.set("displayname", user.displayname.clone().into());
    row
}

/// A job of one planned row.
fn one_row_job(org: &OrgRef, kind: &str, identity: &[u8], source: Source, row: PlannedRow) -> Job {
    rows_job(org, kind, identity, source, vec![row])
}

/// A job of rows a source planned itself (one person, a selection, an archive). `kind` and
/// `identity` name its journal: the same job sent again does nothing twice.
pub(crate) fn rows_job(
    org: &OrgRef,
    kind: &str,
    identity: &[u8],
    source: Source,
    rows: Vec<PlannedRow>,
) -> Job {
    let mut counts = roster_bulk::PlanCounts {
        rows: rows.len(),
        ..Default::default()
    };
    for row in &rows {
        match row.action {
            Action::Create => counts.create += 1,
            Action::Suspend => counts.suspend += 1,
            Action::Reactivate => counts.reactivate += 1,
            Action::Skip => counts.skip += 1,
            Action::Error => counts.error += 1,
            Action::Update => counts.update += 1,
        }
    }
    let plan = roster_bulk::Plan {
        counts,
        rows,
        notices: Vec::new(),
        summary: Default::default(),
        check: roster_import::CheckReport {
            encoding: "UTF-8".into(),
            bom: false,
            delimiter: Delimiter::Comma,
            columns: Vec::new(),
            issues: Vec::new(),
            rows: Vec::new(),
            summary: Default::default(),
        },
    };
    Job {
        org: org.clone(),
        plan,
        key: JournalKey::for_job(&org.id, kind, identity),
        source,
        separator: ',',
    }
}

/// The organization's password rules, one sentence each (for the form's hint).
pub fn password_rules(policy: &PasswordPolicy) -> Vec<String> {
    let mut out = Vec::new();
    if policy.enable_min_length {
        out.push(format!(
            "At least {} characters",
            policy.min_length.unwrap_or(8).max(1)
        ));
    }
    for (needed, words) in [
        (policy.needs_lowercase, "a lowercase letter"),
        (policy.needs_uppercase, "an uppercase letter"),
        (policy.needs_numeric, "a number"),
        (policy.needs_symbolic, "a symbol, such as ! or #"),
    ] {
        if needed {
            out.push(format!("Has {words}"));
        }
    }
    if !policy.allow_username_substring {
        out.push("Does not contain the username".to_owned());
    }
    out
}

/// Each rule of the organization's password policy `password` does not meet, in plain words.
pub fn password_problems(
    password: &Secret,
    username: &str,
    policy: &PasswordPolicy,
) -> Vec<String> {
    let p = password.expose();
    let mut out = Vec::new();
    let min = if policy.enable_min_length {
        policy.min_length.unwrap_or(8).max(1)
    } else {
        1
    };
    if (p.chars().count() as u32) < min {
        out.push(format!("The password needs at least {min} characters."));
    }
    if policy.needs_lowercase && !p.chars().any(char::is_lowercase) {
        out.push("The password needs a lowercase letter.".to_owned());
    }
    if policy.needs_uppercase && !p.chars().any(char::is_uppercase) {
        out.push("The password needs an uppercase letter.".to_owned());
    }
    if policy.needs_numeric && !p.chars().any(|c| c.is_ascii_digit()) {
        out.push("The password needs a number.".to_owned());
    }
    if policy.needs_symbolic
        && !p
            .chars()
            .any(|c| !c.is_alphanumeric() && !c.is_whitespace())
    {
        out.push("The password needs a symbol, such as ! or #.".to_owned());
    }
    if !policy.allow_username_substring
        && !username.trim().is_empty()
        && p.to_lowercase().contains(&username.trim().to_lowercase())
    {
        out.push("The password may not contain the username.".to_owned());
    }
    out
}

/// What a binding does beyond JumpCloud, in plain words.
pub fn side_effect(kind: &DirectoryKind, bind: bool) -> &'static str {
    match (kind, bind) {
        (DirectoryKind::GSuite, true) => "JumpCloud may create a Google account for them (or link the one with their email) and manage its password.",
        (DirectoryKind::GSuite, false) => "JumpCloud suspends their Google account: they can no longer sign in to Gmail, Drive or Calendar (their data stays in Google).",
        (DirectoryKind::Office365, true) => "JumpCloud may create a Microsoft 365 account for them (or link the one with their email) and manage its password.",
        (DirectoryKind::Office365, false) => "Their Microsoft 365 sign-in stops: they can no longer sign in to Outlook, Teams or OneDrive (their data stays in Microsoft 365).",
        (_, true) => "They can sign in to it with their JumpCloud password.",
        (_, false) => "They can no longer sign in to it with JumpCloud.",
    }
}

/// A change made on someone's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum ProfileChange {
    /// New values of some details (field key → value; empty clears the field), and the values
    /// the admin started from, so a change someone else made meanwhile is not overwritten.
    Details {
        before: Vec<(String, String)>,
        after: Vec<(String, String)>,
    },
    Bind {
        directory_id: String,
    },
    Unbind {
        directory_id: String,
    },
    AddToGroup {
        group_id: String,
    },
    RemoveFromGroup {
        group_id: String,
    },
    /// Activate a not-yet-activated person, with or without JumpCloud's activation email.
    Activate {
        send_email: bool,
    },
    /// Cancel a change JumpCloud was to make on a date.
    CancelSchedule {
        schedule_id: String,
    },
}

/// The details the profile edits, by field key (a subset of the V1 user's text fields).
pub const EDITABLE_DETAILS: &[&str] = &[
    "firstname",
    "middlename",
    "lastname",
    "displayname",
    "email",
    "alternateEmail",
    "jobTitle",
    "department",
    "company",
    "costCenter",
    "employeeType",
    "employeeIdentifier",
    "location",
    "description",
    "manager",
];

/// The value of a detail field on a user (the manager as their id).
pub fn detail(user: &SystemUser, key: &str) -> String {
    match key {
        "firstname" => user.firstname.clone(),
        "middlename" => user.middlename.clone(),
        "lastname" => user.lastname.clone(),
        "displayname" => user.displayname.clone(),
        "email" => user.email.clone(),
        "alternateEmail" => user.alternate_email.clone(),
        "jobTitle" => user.job_title.clone(),
        "department" => user.department.clone(),
        "company" => user.company.clone(),
        "costCenter" => user.cost_center.clone(),
        "employeeType" => user.employee_type.clone(),
        "employeeIdentifier" => user.employee_identifier.clone(),
        "location" => user.location.clone(),
        "description" => user.description.clone(),
        "manager" => user.manager.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

fn set_detail(update: &mut UserUpdate, key: &str, value: String) {
    let v = Some(value.clone());
    match key {
        "firstname" => update.firstname = v,
        "middlename" => update.middlename = v,
        "lastname" => update.lastname = v,
        "displayname" => update.displayname = v,
        "email" => update.email = v,
        "alternateEmail" => update.alternate_email = v,
        "jobTitle" => update.job_title = v,
        "department" => update.department = v,
        "company" => update.company = v,
        "costCenter" => update.cost_center = v,
        "employeeType" => update.employee_type = v,
        "employeeIdentifier" => update.employee_identifier = v,
        "location" => update.location = v,
        "description" => update.description = v,
        "manager" => update.manager = Some((!value.is_empty()).then_some(value)),
        _ => {}
    }
}

/// The job that makes `change` to `current` (the person as JumpCloud has them now, read just
/// before). Refused when the change is not possible: an unknown field, a detail someone else
/// changed meanwhile, a binding that comes through a group, nothing to change.
pub fn profile_job(
    org: &OrgRef,
    current: &SystemUser,
    snapshot: &OrgSnapshot,
    change: &ProfileChange,
    through_groups: &[String],
) -> Result<Job, EngineError> {
    let invalid = |m: String| EngineError::new(ErrorKind::Validation, m);
    let mut row = person_row("person".into(), Action::Update, current, true, Vec::new());
    let name = crate::people::display_name(current);
    let directory = |id: &str| -> Result<&Directory, EngineError> {
        snapshot.directory_by_id(id).ok_or_else(|| {
            invalid(
                "That directory is not in the organization any more. Reload the profile.".into(),
            )
        })
    };
    let group = |id: &str| {
        snapshot
            .group_by_id(id)
            .map(|g| GroupTarget {
                id: g.id.clone(),
                name: g.name.clone(),
            })
            .ok_or_else(|| {
                invalid(
                    "That group is not in the organization any more. Reload the profile.".into(),
                )
            })
    };
    let target = |d: &Directory| DirectoryTarget {
        id: d.id.clone(),
        name: d.name.clone(),
        kind: d.kind.clone(),
    };
    let kind;
    match change {
        ProfileChange::Details { before, after } => {
            kind = "details";
            let mut update = UserUpdate::default();
            let mut conflicts = Vec::new();
            for (key, value) in after {
                if !EDITABLE_DETAILS.contains(&key.as_str()) {
                    return Err(invalid(format!("\"{key}\" cannot be changed here.")));
                }
                let value = value.trim().to_owned();
                let now = detail(current, key);
                if now == value {
                    continue;
                }
                let started = before.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim());
                if started.is_some_and(|s| s != now.trim()) {
                    conflicts.push(roster_bulk::fields::label(key));
                    continue;
                }
                row.field_changes.push(FieldChange {
                    field: key.clone(),
                    before: (!now.is_empty()).then(|| now.clone().into()),
                    after: Some(value.clone().into()),
                });
                set_detail(&mut update, key, value);
            }
            if !conflicts.is_empty() {
                return Err(EngineError::new(
                    ErrorKind::Conflict,
                    format!(
                        "Someone else changed {} of {name} since you opened the profile. Nothing was saved. Reload the profile to see their change, then make yours again.",
                        conflicts.join(", ")
                    ),
                ));
            }
            if update == UserUpdate::default() {
                return Err(EngineError::new(
                    ErrorKind::Precondition,
                    "Nothing changed, so nothing was saved.",
                ));
            }
            if let Some(Some(manager)) = &update.manager {
                if snapshot.user_by_id(manager).is_none() || manager == &current.id {
                    return Err(invalid(
                        "Choose a manager from the organization (not the person themselves)."
                            .into(),
                    ));
                }
            }
            row.changes = Some(update.clone());
            row.ops.push(Op::Update { changes: update });
        }
        ProfileChange::Bind { directory_id } => {
            kind = "bind";
            let d = directory(directory_id)?;
            row.ops.push(Op::Bind {
                directory: target(d),
            });
        }
        ProfileChange::Unbind { directory_id } => {
            kind = "unbind";
            let d = directory(directory_id)?;
            if !through_groups.is_empty() {
                let groups: Vec<String> = through_groups
                    .iter()
                    .map(|id| {
                        snapshot
                            .group_by_id(id)
                            .map_or_else(|| id.clone(), |g| format!("\"{}\"", g.name))
                    })
                    .collect();
                return Err(EngineError::new(
                    ErrorKind::Precondition,
                    format!(
                        "{name} is bound to {} through the group {}, so the binding cannot be removed here. Remove them from that group, or unbind the group in JumpCloud.",
                        d.name,
                        groups.join(" and ")
                    ),
                ));
            }
            row.ops.push(Op::Unbind {
                directory: target(d),
            });
        }
        ProfileChange::AddToGroup { group_id } => {
            kind = "addgroup";
            row.ops.push(Op::AddToGroup {
                group: group(group_id)?,
            });
        }
        ProfileChange::RemoveFromGroup { group_id } => {
            kind = "removegroup";
            row.ops.push(Op::RemoveFromGroup {
                group: group(group_id)?,
            });
        }
        ProfileChange::Activate { send_email } => {
            kind = "activate";
            if current.state != UserState::Staged {
                return Err(EngineError::new(
                    ErrorKind::Precondition,
                    format!("{name} is already activated."),
                ));
            }
            row.ops.push(Op::Activate {
                send_email: *send_email,
            });
        }
        ProfileChange::CancelSchedule { schedule_id } => {
            kind = "cancelschedule";
            row.ops.push(Op::CancelSchedule {
                schedule_id: schedule_id.clone(),
            });
        }
    }
    let identity = serde_json::to_vec(&(current.id.as_str(), change, crate::people::now_ms()))
        .unwrap_or_default();
    let source = Source::Profile {
        username: current.username.clone(),
    };
    Ok(one_row_job(org, kind, &identity, source, row))
}

/// The form field a refusal from JumpCloud is about, when its words name one ("email",
/// "Username", "employeeIdentifier").
pub fn field_of_refusal(message: &str) -> Option<String> {
    let lower = message.to_lowercase();
    FORM_FIELDS
        .iter()
        .chain(&["password"])
        .find(|key| {
            let label = Field::from_key(key).map(|f| f.label().to_lowercase());
            lower.contains(&key.to_lowercase()) || label.is_some_and(|l| lower.contains(&l))
        })
        .map(|k| (*k).to_owned())
}
