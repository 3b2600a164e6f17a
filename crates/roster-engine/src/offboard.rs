//! Offboarding: suspend, reactivate, delete and schedule — one person or many — as jobs of the
//! one engine. A selection of people (from the list, the profile, the CLI or a CSV of
//! usernames) becomes a plan with one row per person, each saying what will happen or why it
//! will not (protected people are refused on every path); deletes are only planned once the
//! person's archive is written and flushed, and the archive can re-create them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jumpcloud::models::{NewUser, SystemUser, UserState};
use roster_bulk::{Action, DirectoryTarget, GroupTarget, Op, OrgSnapshot, Reports, ScheduledState};
use roster_import::{RowIssue, Severity};
use serde::{Deserialize, Serialize};

use crate::error::{EngineError, ErrorKind};
use crate::people::{display_name, PeopleIndex, PersonState};
use crate::preview::{Job, OrgRef, Source};

/// More people than this in one job needs the count typed to confirm.
pub const BATCH_PEOPLE: usize = 20;
/// ... or more than this share of the organization (percent).
pub const BATCH_PERCENT: usize = 5;

/// What to do to the chosen people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Offboarding {
    /// No sign-in anywhere; data kept; still billed.
    Suspend,
    /// Suspended → active again; a not-yet-activated person is activated (with the email
    /// choice).
    Reactivate { send_email: bool },
    /// Permanent in JumpCloud; archived first. `reports`: what happens to the people they
    /// manage (asked only when they manage someone).
    Delete { reports: Reports },
    /// Suspend or activate on a date (RFC 3339), by JumpCloud itself.
    Schedule {
        state: ScheduledState,
        at: String,
        send_email: bool,
    },
}

impl Offboarding {
    pub fn kind(&self) -> &'static str {
        match self {
            Offboarding::Suspend => "suspend",
            Offboarding::Reactivate { .. } => "reactivate",
            Offboarding::Delete { .. } => "delete",
            Offboarding::Schedule { .. } => "schedule",
        }
    }

    fn destructive(&self) -> bool {
        matches!(
            self,
            Offboarding::Suspend
                | Offboarding::Delete { .. }
                | Offboarding::Schedule {
                    state: ScheduledState::Suspended,
                    ..
                }
        )
    }
}

/// The people an organization's admins protect from suspension and deletion (the IT admins,
/// the CEO), kept per organization in Roster's data folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Protected {
    /// User id → the username when protected (for the list when they are gone).
    pub people: std::collections::BTreeMap<String, String>,
}

impl Protected {
    pub fn file(data_dir: &Path, org_id: &str) -> PathBuf {
        data_dir
            .join("protected")
            .join(format!("{}.json", safe(org_id)))
    }

    pub fn load(data_dir: &Path, org_id: &str) -> Result<Self, EngineError> {
        match std::fs::read(Self::file(data_dir, org_id)) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                EngineError::new(
                    ErrorKind::SettingsFailed,
                    format!("Roster could not read its list of protected people: {e}. Nobody can be suspended or deleted until it is fixed or removed."),
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(EngineError::new(
                ErrorKind::SettingsFailed,
                format!("Roster could not read its list of protected people: {}.", crate::plain_io(&e)),
            )),
        }
    }

    pub fn save(&self, data_dir: &Path, org_id: &str) -> Result<(), EngineError> {
        let path = Self::file(data_dir, org_id);
        write_synced(&path, &serde_json::to_vec_pretty(self).unwrap_or_default()).map_err(|e| {
            EngineError::new(
                ErrorKind::WriteFailed,
                format!(
                    "Roster could not save the list of protected people: {}.",
                    crate::plain_io(&e)
                ),
            )
        })
    }

    pub fn contains(&self, id: &str) -> bool {
        self.people.contains_key(id)
    }
}

/// One person's row of an offboarding preview.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OffboardRow {
    pub id: String,
    pub username: String,
    pub name: String,
    pub email: String,
    pub state: PersonState,
    /// What will happen, or why nothing will ("refused: protected").
    pub will: String,
    /// Nothing will happen to them (with the reason in `will`).
    pub refused: bool,
    /// People they manage (usernames), for a delete.
    pub reports: Vec<String>,
}

/// The preview of an offboarding job.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OffboardPreview {
    pub rows: Vec<OffboardRow>,
    /// How many will change.
    pub changing: usize,
    pub refused: usize,
    /// The count must be typed to confirm (more than 20 people or 5% of the organization).
    pub needs_count: bool,
    /// Deleting someone who manages others needs a choice for their reports.
    pub needs_reports_choice: bool,
    /// Plain sentences about the consequences, for the confirmation.
    pub consequences: Vec<String>,
}

/// Who to act on: user ids, or usernames/emails read from a list (a CSV's lines), each with
/// the line it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chosen {
    Ids(Vec<String>),
    Named(Vec<(u64, String)>),
}

fn row_for(user: &SystemUser, index: &PeopleIndex, will: String, refused: bool) -> OffboardRow {
    let reports = index
        .snapshot()
        .users()
        .iter()
        .filter(|u| u.manager.as_deref() == Some(user.id.as_str()))
        .map(|u| u.username.clone())
        .collect();
    OffboardRow {
        id: user.id.clone(),
        username: user.username.clone(),
        name: display_name(user),
        email: user.email.clone(),
        state: PersonState::of(user),
        will,
        refused,
        reports,
    }
}

/// What `what` would do to each chosen person, and what the confirmation must ask.
/// Unknown people are refused rows of their own (by the name given).
pub fn preview_offboarding(
    index: &PeopleIndex,
    protected: &Protected,
    chosen: &Chosen,
    what: &Offboarding,
) -> OffboardPreview {
    let mut rows = Vec::new();
    let mut seen = BTreeSet::new();
    let people: Vec<(Option<&SystemUser>, String)> = match chosen {
        Chosen::Ids(ids) => ids
            .iter()
            .map(|id| (index.snapshot().user_by_id(id), id.clone()))
            .collect(),
        Chosen::Named(names) => names
            .iter()
            .map(|(line, name)| (index.find(name), format!("line {line}: {name}")))
            .collect(),
    };
    for (user, asked) in people {
        let Some(user) = user else {
            rows.push(OffboardRow {
                id: String::new(),
                username: asked.clone(),
                name: String::new(),
                email: String::new(),
                state: PersonState::Active,
                will: format!(
                    "Not found in this organization ({asked}). Nothing is done for this line."
                ),
                refused: true,
                reports: Vec::new(),
            });
            continue;
        };
        if !seen.insert(user.id.clone()) {
            continue;
        }
        let state = PersonState::of(user);
        let (will, refused) = if what.destructive() && protected.contains(&user.id) {
            (
                "Refused: this person is protected in Roster (Settings → Protected people). Remove the protection first if this is really meant.".to_owned(),
                true,
            )
        } else {
            match (what, state) {
                (Offboarding::Suspend, PersonState::Suspended) => {
                    ("Already suspended: nothing to do.".to_owned(), true)
                }
                (Offboarding::Suspend, _) => (
                    "Suspended: no sign-in anywhere; their data is kept.".to_owned(),
                    false,
                ),
                (Offboarding::Reactivate { .. }, PersonState::Active) => {
                    ("Already active: nothing to do.".to_owned(), true)
                }
                (Offboarding::Reactivate { send_email }, PersonState::Staged) => (
                    if *send_email {
                        "Activated, with JumpCloud's activation email.".to_owned()
                    } else {
                        "Activated, without an email.".to_owned()
                    },
                    false,
                ),
                (Offboarding::Reactivate { .. }, PersonState::Suspended) => {
                    ("Reactivated: they can sign in again.".to_owned(), false)
                }
                (Offboarding::Delete { .. }, _) => (
                    "Deleted from JumpCloud, after Roster archives them.".to_owned(),
                    false,
                ),
                (
                    Offboarding::Schedule {
                        state: ScheduledState::Suspended,
                        at,
                        ..
                    },
                    _,
                ) => (format!("Suspended by JumpCloud on {at}."), false),
                (
                    Offboarding::Schedule {
                        state: ScheduledState::Activated,
                        at,
                        ..
                    },
                    PersonState::Active,
                ) => (
                    format!("Already active: nothing is scheduled (asked for {at})."),
                    true,
                ),
                (
                    Offboarding::Schedule {
                        state: ScheduledState::Activated,
                        at,
                        ..
                    },
                    _,
                ) => (format!("Activated by JumpCloud on {at}."), false),
            }
        };
        rows.push(row_for(user, index, will, refused));
    }
    let changing = rows.iter().filter(|r| !r.refused).count();
    let total = index.len().max(1);
    let needs_count = changing > BATCH_PEOPLE || changing * 100 > total * BATCH_PERCENT;
    let needs_reports_choice = matches!(
        what,
        Offboarding::Delete {
            reports: Reports::None
        }
    ) && rows.iter().any(|r| !r.refused && !r.reports.is_empty());
    let mut consequences = Vec::new();
    match what {
        Offboarding::Suspend
        | Offboarding::Schedule {
            state: ScheduledState::Suspended,
            ..
        } => {
            consequences.push("They can no longer sign in to their computer, email or any app connected to JumpCloud.".to_owned());
            consequences
                .push("Their data, settings, groups and directory bindings are kept.".to_owned());
            consequences.push("Suspended people are still billed as active users.".to_owned());
        }
        Offboarding::Reactivate { .. } | Offboarding::Schedule { .. } => {
            consequences.push("They can sign in again with their JumpCloud password, on every connected app and device.".to_owned());
        }
        Offboarding::Delete { .. } => {
            consequences.push("Deleting is permanent in JumpCloud: it has no undelete.".to_owned());
            consequences.push(
                "Their directory bindings, group memberships and device accounts go with them."
                    .to_owned(),
            );
            consequences.push("Roster keeps an archive first, so it can add them again — but not their old id, password, multi-factor setup, device accounts or JumpCloud history.".to_owned());
            consequences.push(
                "To be able to change your mind, suspend them now and delete later.".to_owned(),
            );
        }
    }
    if matches!(what, Offboarding::Schedule { .. }) {
        consequences.push("JumpCloud does it on that date, even when Roster is closed.".to_owned());
    }
    OffboardPreview {
        changing,
        refused: rows.len() - changing,
        needs_count,
        needs_reports_choice,
        consequences,
        rows,
    }
}

/// An offboarding job as the admin confirmed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffboardRequest {
    pub chosen: Chosen,
    pub what: Offboarding,
    pub confirmation: Confirmation,
    /// Why (kept in History), optional.
    pub reason: Option<String>,
}

/// What the admin confirmed: the count typed when the batch is large.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confirmation {
    pub typed_count: Option<usize>,
}

/// A person as Roster keeps them before deleting: everything needed to add them again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Archive {
    /// `<user id>-<time>`: the file's name.
    pub id: String,
    pub org_id: String,
    pub org_name: String,
    pub archived_at: String,
    pub user: SystemUser,
    pub directories: Vec<ArchivedLink>,
    pub groups: Vec<ArchivedLink>,
    /// Their manager (id and username), when they had one.
    pub manager: Option<ArchivedLink>,
    /// The people they managed (id and username).
    pub reports: Vec<ArchivedLink>,
    /// When the delete went through, once it did (set by `mark_deleted`).
    #[serde(default)]
    pub deleted_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchivedLink {
    pub id: String,
    pub name: String,
}

/// Where archives are kept (per organization).
pub fn archive_dir(data_dir: &Path, org_id: &str) -> PathBuf {
    data_dir.join("archives").join(safe(org_id))
}

/// Reads the person from JumpCloud now and writes their archive, flushed to disk.
pub async fn write_archive(
    client: &jumpcloud::Client,
    org: &OrgRef,
    snapshot: &OrgSnapshot,
    user_id: &str,
    dir: &Path,
) -> Result<(Archive, PathBuf), EngineError> {
    let (user, directories, groups) = tokio::try_join!(
        client.get_user(user_id),
        client.user_direct_directories(user_id),
        client.user_groups(user_id)
    )?;
    let link = |id: &str, name: String| ArchivedLink {
        id: id.to_owned(),
        name,
    };
    let archive = Archive {
        id: format!("{}-{}", user.id, compact_now()),
        org_id: org.id.clone(),
        org_name: org.name.clone(),
        archived_at: roster_bulk::now_rfc3339(),
        directories: directories
            .iter()
            .map(|d| {
                link(
                    &d.id,
                    snapshot
                        .directory_by_id(&d.id)
                        .map(|x| x.name.clone())
                        .unwrap_or_default(),
                )
            })
            .collect(),
        groups: groups
            .iter()
            .map(|g| {
                link(
                    &g.id,
                    snapshot
                        .group_by_id(&g.id)
                        .map(|x| x.name.clone())
                        .unwrap_or_default(),
                )
            })
            .collect(),
        manager: user.manager.as_deref().map(|m| {
            link(
                m,
                snapshot
                    .user_by_id(m)
                    .map(|u| u.username.clone())
                    .unwrap_or_default(),
            )
        }),
        reports: snapshot
            .users()
            .iter()
            .filter(|u| u.manager.as_deref() == Some(user.id.as_str()))
            .map(|u| link(&u.id, u.username.clone()))
            .collect(),
        user,
        deleted_at: None,
    };
    let path = dir.join(format!("{}.json", archive.id));
    write_synced(
        &path,
        &serde_json::to_vec_pretty(&archive).unwrap_or_default(),
    )
    .map_err(|e| {
        EngineError::new(
            ErrorKind::WriteFailed,
            format!(
                "Roster could not write the archive of {} ({}), so it deleted nobody.",
                archive.user.username,
                crate::plain_io(&e)
            ),
        )
    })?;
    Ok((archive, path))
}

/// Every archive of the organization, newest first.
pub fn list_archives(dir: &Path) -> Result<Vec<Archive>, EngineError> {
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => {
            return Err(EngineError::new(
                ErrorKind::FileUnreadable,
                format!(
                    "Roster could not read its archives: {}.",
                    crate::plain_io(&e)
                ),
            ))
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            if let Ok(archive) = std::fs::read(&path)
                .map_err(|_| ())
                .and_then(|b| serde_json::from_slice::<Archive>(&b).map_err(|_| ()))
            {
                out.push(archive);
            }
        }
    }
    out.sort_by(|a, b| b.archived_at.cmp(&a.archived_at).then(b.id.cmp(&a.id)));
    Ok(out)
}

/// The archive `id` of the organization.
pub fn read_archive(dir: &Path, id: &str) -> Result<Archive, EngineError> {
    let not_found = || {
        EngineError::new(
            ErrorKind::NotFound,
            format!("There is no archive \"{id}\" for this organization. `roster-cli archive list` shows them."),
        )
    };
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(not_found());
    }
    let bytes = std::fs::read(dir.join(format!("{id}.json"))).map_err(|_| not_found())?;
    serde_json::from_slice(&bytes).map_err(|e| {
        EngineError::new(
            ErrorKind::FileUnreadable,
            format!("The archive \"{id}\" cannot be read: {e}."),
        )
    })
}

/// Builds the job for a confirmed offboarding. Deletes are archived here, before the job
/// exists: a person whose archive cannot be written is not deleted.
pub async fn offboarding_job(
    open: &crate::OpenOrg,
    index: &PeopleIndex,
    protected: &Protected,
    request: &OffboardRequest,
    archives: &Path,
) -> Result<(Job, OffboardPreview), EngineError> {
    let OffboardRequest {
        chosen,
        what,
        confirmation,
        reason,
    } = request;
    let (client, org) = (&open.client, &open.org);
    let reason = reason.as_deref();
    let preview = preview_offboarding(index, protected, chosen, what);
    if preview.changing == 0 {
        return Err(EngineError::new(
            ErrorKind::Precondition,
            "Nobody would change, so nothing was done.",
        ));
    }
    if preview.needs_count && confirmation.typed_count != Some(preview.changing) {
        return Err(EngineError::new(
            ErrorKind::Precondition,
            format!(
                "This changes {} people: type that number to confirm. Nothing was done.",
                preview.changing
            ),
        ));
    }
    if preview.needs_reports_choice {
        return Err(EngineError::new(
            ErrorKind::Precondition,
            "Some of these people manage others: choose whether their reports get another manager or none. Nothing was done.",
        ));
    }
    let snapshot = index.snapshot();
    let mut rows = Vec::new();
    for r in preview.rows.iter().filter(|r| !r.refused) {
        let Some(user) = snapshot.user_by_id(&r.id) else {
            continue;
        };
        let (action, ops) = match what {
            Offboarding::Suspend => (Action::Suspend, vec![Op::Suspend]),
            Offboarding::Reactivate { send_email } => match r.state {
                PersonState::Staged => (
                    Action::Update,
                    vec![Op::Activate {
                        send_email: *send_email,
                    }],
                ),
                _ => (Action::Reactivate, vec![Op::Reactivate]),
            },
            Offboarding::Delete { reports } => {
                let path = match write_archive(client, org, snapshot, &user.id, archives).await {
                    Ok((_, path)) => path,
                    // Gone from JumpCloud since the list was read: nothing to delete.
                    Err(e) if e.kind == ErrorKind::NotFound => continue,
                    Err(e) => return Err(e),
                };
                let reports = if r.reports.is_empty() {
                    Reports::None
                } else {
                    reports.clone()
                };
                if let Reports::HandTo(to) = &reports {
                    if to == &user.id {
                        return Err(EngineError::new(
                            ErrorKind::Validation,
                            "Their reports cannot be handed to the person being deleted.",
                        ));
                    }
                }
                (
                    Action::Update,
                    vec![Op::Delete {
                        reports,
                        archive: path,
                    }],
                )
            }
            Offboarding::Schedule { state, at, .. } => (
                Action::Update,
                vec![Op::Schedule {
                    state: *state,
                    at: at.clone(),
                }],
            ),
        };
        let mut row =
            crate::person::person_row(format!("user:{}", user.id), action, user, true, ops);
        if let Some(reason) = reason.filter(|r| !r.trim().is_empty()) {
            row.issues.push(RowIssue {
                field: None,
                severity: Severity::Warning,
                code: "reason",
                column: None,
                message: format!("reason: {}", reason.trim()),
            });
            row.field_changes.push(roster_bulk::FieldChange {
                field: "reason".into(),
                before: None,
                after: Some(reason.trim().into()),
            });
        }
        rows.push(row);
    }
    // The journal is named by what was asked (not by who is left to do): run again after an
    // interruption, the same job finds the rows it already did.
    let mut asked: Vec<String> = match chosen {
        Chosen::Ids(ids) => ids.clone(),
        Chosen::Named(names) => names.iter().map(|(_, n)| n.trim().to_lowercase()).collect(),
    };
    asked.sort_unstable();
    asked.dedup();
    let identity = serde_json::to_vec(&(what, &asked, reason)).unwrap_or_default();
    let job = crate::person::rows_job(
        org,
        what.kind(),
        &identity,
        Source::Selection {
            what: what.kind().to_owned(),
            count: rows.len(),
        },
        rows,
    );
    Ok((job, preview))
}

/// The job that adds an archived person again: the same username, email and details, their
/// directories and groups that still exist, and their manager when still there. Says what
/// cannot come back.
pub fn restore_job(
    org: &OrgRef,
    snapshot: &OrgSnapshot,
    archive: &Archive,
) -> Result<(Job, Vec<String>), EngineError> {
    if archive.org_id != org.id {
        return Err(EngineError::new(
            ErrorKind::OrgChanged,
            format!(
                "This archive is of \"{}\", but \"{}\" is open. Open that organization to add them again.",
                archive.org_name, org.name
            ),
        ));
    }
    let u = &archive.user;
    if let Some(other) = snapshot.user_by_username(&u.username) {
        return Err(EngineError::new(
            ErrorKind::Conflict,
            format!("The username \"{}\" is taken again (by {}), so Roster cannot add them back with it.", u.username, other.email),
        ));
    }
    if let Some(other) = snapshot.user_by_email(&u.email) {
        return Err(EngineError::new(
            ErrorKind::Conflict,
            format!(
                "The email {} belongs to {} now, so Roster cannot add them back with it.",
                u.email, other.username
            ),
        ));
    }
    let mut notes = vec![
        "They get a new JumpCloud id; their old password, multi-factor setup, device accounts and JumpCloud history do not come back.".to_owned(),
    ];
    let manager = archive
        .manager
        .as_ref()
        .and_then(|m| snapshot.user_by_id(&m.id).map(|x| x.id.clone()));
    if archive.manager.is_some() && manager.is_none() {
        notes.push("Their manager is no longer in the organization, so they get none.".to_owned());
    }
    let user = NewUser {
        username: u.username.clone(),
        email: u.email.clone(),
        firstname: u.firstname.clone(),
        lastname: u.lastname.clone(),
        middlename: u.middlename.clone(),
        displayname: u.displayname.clone(),
        alternate_email: u.alternate_email.clone(),
        company: u.company.clone(),
        department: u.department.clone(),
        job_title: u.job_title.clone(),
        location: u.location.clone(),
        cost_center: u.cost_center.clone(),
        employee_type: u.employee_type.clone(),
        employee_identifier: u.employee_identifier.clone(),
        description: u.description.clone(),
        manager,
        state: Some(match u.state {
            UserState::Suspended => UserState::Suspended,
            UserState::Staged => UserState::Staged,
            UserState::Activated if u.suspended => UserState::Suspended,
            UserState::Activated => UserState::Activated,
        }),
        attributes: u.attributes.clone(),
        phone_numbers: u.phone_numbers.clone(),
        addresses: u.addresses.clone(),
        recovery_email: u.recovery_email.clone(),
        managed_apple_id: u.managed_apple_id.clone(),
        external_dn: u.external_dn.clone(),
        external_source_type: u.external_source_type.clone(),
        sudo: u.sudo,
        passwordless_sudo: u.passwordless_sudo,
        password_never_expires: u.password_never_expires,
        ldap_binding_user: u.ldap_binding_user,
        enable_user_portal_multifactor: u.enable_user_portal_multifactor,
        allow_public_key: u.allow_public_key,
        enable_managed_uid: u.enable_managed_uid,
        ..NewUser::default()
    };
    let mut ops = vec![Op::Create {
        user,
        password: None,
    }];
    let mut directories = Vec::new();
    for d in &archive.directories {
        match snapshot.directory_by_id(&d.id) {
            Some(dir) => {
                let target = DirectoryTarget {
                    id: dir.id.clone(),
                    name: dir.name.clone(),
                    kind: dir.kind.clone(),
                };
                directories.push(target.clone());
                ops.push(Op::Bind { directory: target });
            }
            None => notes.push(format!(
                "The directory \"{}\" is gone, so they are not bound to it.",
                d.name
            )),
        }
    }
    let mut groups = Vec::new();
    for g in &archive.groups {
        match snapshot.group_by_id(&g.id) {
            Some(group) => {
                let target = GroupTarget {
                    id: group.id.clone(),
                    name: group.name.clone(),
                };
                groups.push(target.clone());
                ops.push(Op::AddToGroup { group: target });
            }
            None => notes.push(format!(
                "The group \"{}\" is gone, so they are not added to it.",
                g.name
            )),
        }
    }
    let mut row = crate::person::person_row("person".into(), Action::Create, u, false, ops);
    row.groups = groups;
    row.directories = directories;
    let job = crate::person::rows_job(
        org,
        "restore",
        archive.id.as_bytes(),
        Source::Archive {
            username: u.username.clone(),
        },
        vec![row],
    );
    Ok((job, notes))
}

/// Notes in the archive that the delete went through (the "Deleted people" list shows only
/// those).
pub fn mark_deleted(path: &Path) -> Result<(), EngineError> {
    let bytes = std::fs::read(path)
        .map_err(|e| EngineError::new(ErrorKind::FileUnreadable, crate::plain_io(&e)))?;
    let mut archive: Archive = serde_json::from_slice(&bytes)
        .map_err(|e| EngineError::new(ErrorKind::FileUnreadable, e.to_string()))?;
    if archive.deleted_at.is_none() {
        archive.deleted_at = Some(roster_bulk::now_rfc3339());
        write_synced(
            path,
            &serde_json::to_vec_pretty(&archive).unwrap_or_default(),
        )
        .map_err(|e| EngineError::new(ErrorKind::WriteFailed, crate::plain_io(&e)))?;
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file, flushed to disk before it takes the
/// name (a crash leaves the old file or the new one, never half of one).
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("tmp");
    {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent() {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

fn safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn compact_now() -> String {
    roster_bulk::now_rfc3339()
        .chars()
        .filter(char::is_ascii_digit)
        .take(17)
        .collect()
}

/// After a delete job (this run or an earlier one): marks the archives of the people it
/// deleted, so the "Deleted people" list has them.
pub fn settle_archives(job: &Job, report: &roster_bulk::ImportReport) {
    for result in report
        .rows
        .iter()
        .filter(|r| r.outcome == roster_bulk::Outcome::Deleted)
    {
        let archive = job
            .plan
            .rows
            .iter()
            .find(|row| row.key == result.key)
            .and_then(|row| {
                row.ops.iter().find_map(|op| match op {
                    Op::Delete { archive, .. } => Some(archive.clone()),
                    _ => None,
                })
            });
        if let Some(path) = archive {
            let _ = mark_deleted(&path);
        }
    }
}

/// The people deleted from the organization, from their archives (newest first): those
/// whose delete went through, and those archived who are no longer in `snapshot` (a delete
/// interrupted before Roster noted it).
pub fn deleted_people(dir: &Path, snapshot: &OrgSnapshot) -> Result<Vec<Archive>, EngineError> {
    let mut seen = BTreeSet::new();
    Ok(list_archives(dir)?
        .into_iter()
        .filter(|a| a.deleted_at.is_some() || snapshot.user_by_id(&a.user.id).is_none())
        .filter(|a| seen.insert(a.user.id.clone()))
        .collect())
}

/// The people a spreadsheet names, for an offboarding: the values of its Username column (or
/// its Email column), each with its line. Read like any import (encoding, separator, header
/// aliases); a file with neither column is refused.
pub fn names_in_file(bytes: &[u8], file_name: &str) -> Result<Vec<(u64, String)>, EngineError> {
    let table = roster_import::read_any(bytes).map_err(|e| {
        EngineError::new(
            ErrorKind::FileUnreadable,
            format!("\"{file_name}\" cannot be read: {e}"),
        )
    })?;
    let mapping = roster_import::suggest_mapping(&table);
    let column = ["username", "email"]
        .iter()
        .find_map(|key| {
            mapping
                .columns
                .iter()
                .position(|f| f.as_ref().is_some_and(|f| f.key() == *key))
        })
        .ok_or_else(|| {
            EngineError::new(
                ErrorKind::FileUnreadable,
                format!("\"{file_name}\" has no username or email column. Put the people's usernames or emails in a column named Username or Email."),
            )
        })?;
    Ok(table
        .rows
        .iter()
        .filter_map(|r| {
            let value = r.cells.get(column)?.trim();
            (!value.is_empty()).then(|| (r.line, value.to_owned()))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_protected_list_stops_offboarding_with_plain_words() {
        let dir = tempfile::tempdir().expect("dir");
        let path = Protected::file(dir.path(), "org1");
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, b"{not json").expect("write");
        let err = Protected::load(dir.path(), "org1").expect_err("refused");
        assert_eq!(err.kind, ErrorKind::SettingsFailed);
        assert!(
            err.message.contains("Nobody can be suspended or deleted"),
            "{}",
            err.message
        );
        // A missing list is an empty one; a saved one reads back.
        assert!(Protected::load(dir.path(), "org2")
            .expect("empty")
            .people
            .is_empty());
        let mut p = Protected::default();
        p.people.insert("u1".into(), "ceo".into());
        p.save(dir.path(), "org2").expect("saved");
        assert!(Protected::load(dir.path(), "org2")
            .expect("read")
            .contains("u1"));
    }
}
