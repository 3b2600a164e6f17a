//! Offboarding: suspend, reactivate, delete and schedule one person or a selection; deleted
//! people (their archives) and adding them back; protected people; scheduled changes. The
//! plans and jobs are the core's (`roster_engine::offboard`); this unpacks and maps.

use roster_bulk::{ExecuteOptions, Outcome, Reports, ScheduledState};
use roster_engine::offboard::{
    archive_dir, deleted_people, offboarding_job, preview_offboarding, read_archive, restore_job,
    settle_archives, Chosen, Confirmation, OffboardRequest, Offboarding, Protected,
};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::ipc::Channel;
use tauri::State;

use crate::commands::import::ImportProgress;
use crate::error::AppError;
use crate::people_view::{small, AccountState};
use crate::state::AppState;

/// What to do to the chosen people.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum OffboardAction {
    /// No sign-in anywhere; data kept; still billed.
    Suspend,
    /// Back to active; a not-yet-activated person is activated (with or without the email).
    #[serde(rename_all = "camelCase")]
    Reactivate { send_email: bool },
    /// Permanent in JumpCloud (archived first). `reports`: for people who manage others.
    #[serde(rename_all = "camelCase")]
    Delete { reports: ReportsChoice },
    /// JumpCloud suspends or activates them on `at` (RFC 3339), even with Roster closed.
    #[serde(rename_all = "camelCase")]
    Schedule {
        suspend: bool,
        at: String,
        send_email: bool,
    },
}

/// What happens to the people a deleted person manages.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase", tag = "how")]
pub enum ReportsChoice {
    /// Not chosen (refused when they manage someone).
    Ask,
    /// Their reports get no manager.
    Clear,
    /// Their reports get this manager (a user id).
    #[serde(rename_all = "camelCase")]
    HandTo { manager_id: String },
}

impl From<&OffboardAction> for Offboarding {
    fn from(a: &OffboardAction) -> Self {
        match a {
            OffboardAction::Suspend => Offboarding::Suspend,
            OffboardAction::Reactivate { send_email } => Offboarding::Reactivate {
                send_email: *send_email,
            },
            OffboardAction::Delete { reports } => Offboarding::Delete {
                reports: match reports {
                    ReportsChoice::Ask => Reports::None,
                    ReportsChoice::Clear => Reports::Clear,
                    ReportsChoice::HandTo { manager_id } => Reports::HandTo(manager_id.clone()),
                },
            },
            OffboardAction::Schedule {
                suspend,
                at,
                send_email,
            } => Offboarding::Schedule {
                state: if *suspend {
                    ScheduledState::Suspended
                } else {
                    ScheduledState::Activated
                },
                at: at.clone(),
                send_email: *send_email,
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OffboardRowView {
    pub id: String,
    pub username: String,
    pub name: String,
    pub email: String,
    pub state: AccountState,
    /// What will happen to them, or why nothing will.
    pub will: String,
    pub refused: bool,
    /// The people they manage (usernames).
    pub reports: Vec<String>,
}

/// What the confirmation shows and asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OffboardPreviewView {
    pub rows: Vec<OffboardRowView>,
    pub changing: u32,
    pub refused: u32,
    /// The count must be typed (more than 20 people or 5% of the organization).
    pub needs_count: bool,
    /// Someone manages others: choose what happens to their reports.
    pub needs_reports_choice: bool,
    pub consequences: Vec<String>,
}

/// What an offboarding job did, person by person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OffboardResult {
    pub job_id: String,
    /// "suspended" 3, "failed" 1, ... (this run only; `earlier` for rows done before).
    pub counts: Vec<OutcomeCount>,
    pub rows: Vec<OffboardResultRow>,
    pub stopped: Option<String>,
    pub report_path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeCount {
    pub outcome: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OffboardResultRow {
    pub username: String,
    pub name: String,
    /// suspended / reactivated / activated / deleted / scheduled / skipped / failed / pending.
    pub outcome: String,
    pub message: Option<String>,
    /// Done by an earlier run of the same job; nothing was sent now.
    pub earlier: bool,
}

fn view(p: roster_engine::offboard::OffboardPreview) -> OffboardPreviewView {
    OffboardPreviewView {
        changing: small(p.changing),
        refused: small(p.refused),
        needs_count: p.needs_count,
        needs_reports_choice: p.needs_reports_choice,
        consequences: p.consequences,
        rows: p
            .rows
            .into_iter()
            .map(|r| OffboardRowView {
                id: r.id,
                username: r.username,
                name: r.name,
                email: r.email,
                state: r.state.into(),
                will: r.will,
                refused: r.refused,
                reports: r.reports,
            })
            .collect(),
    }
}

/// What `action` would do to each of `people` (user ids), for the confirmation.
#[tauri::command]
#[specta::specta]
pub async fn offboard_preview(
    state: State<'_, AppState>,
    people: Vec<String>,
    action: OffboardAction,
) -> Result<OffboardPreviewView, AppError> {
    let open = state.open_org().await.ok_or_else(AppError::not_connected)?;
    let index = state.people.index(&open.org.id, &open.client).await?;
    let protected = Protected::load(&state.places.data_dir, &open.org.id)?;
    Ok(view(preview_offboarding(
        &index,
        &protected,
        &Chosen::Ids(people),
        &(&action).into(),
    )))
}

/// Runs the confirmed offboarding job (deletes archive each person first). `typed_count`:
/// the count the admin typed, for a large batch.
#[tauri::command]
#[specta::specta]
pub async fn offboard_run(
    state: State<'_, AppState>,
    people: Vec<String>,
    action: OffboardAction,
    typed_count: Option<u32>,
    reason: Option<String>,
    on_progress: Channel<ImportProgress>,
) -> Result<OffboardResult, AppError> {
    let open = state.open_org().await.ok_or_else(AppError::not_connected)?;
    // The chosen people are read again (the whole organization past a few hundred): the job
    // is planned against them as they are now.
    state.people.index(&open.org.id, &open.client).await?;
    state
        .people
        .changed(&open.org.id, &open.client, &people)
        .await?;
    let index = state.people.index(&open.org.id, &open.client).await?;
    let protected = Protected::load(&state.places.data_dir, &open.org.id)?;
    let request = OffboardRequest {
        chosen: Chosen::Ids(people.clone()),
        what: (&action).into(),
        confirmation: Confirmation {
            typed_count: typed_count.map(|n| n as usize),
        },
        reason,
    };
    let (job, _) = offboarding_job(
        &open,
        &index,
        &protected,
        &request,
        &archive_dir(&state.places.data_dir, &open.org.id),
    )
    .await?;
    let (job_id, ran) = super::run_tracked(
        &state,
        &open,
        &job,
        // Running the same job again finishes it: rows that failed are tried again.
        ExecuteOptions {
            retry_failed: true,
            ..ExecuteOptions::default()
        },
        Some(&on_progress),
    )
    .await?;
    settle_archives(&job, &ran.report);
    let _ = state
        .people
        .changed(&open.org.id, &open.client, &people)
        .await;
    let s = &ran.report.summary;
    let counts = [
        ("suspended", s.suspended),
        ("reactivated", s.reactivated),
        ("activated", s.activated),
        ("deleted", s.deleted),
        ("scheduled", s.scheduled),
        ("skipped", s.skipped),
        ("failed", s.failed),
        ("pending", s.pending),
        ("earlier", s.earlier),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(outcome, n)| OutcomeCount {
        outcome: outcome.to_owned(),
        count: small(n),
    })
    .collect();
    Ok(OffboardResult {
        job_id,
        counts,
        rows: ran
            .report
            .rows
            .iter()
            .map(|r| OffboardResultRow {
                username: r.username.clone(),
                name: r.name.clone(),
                outcome: r.outcome.as_str().to_owned(),
                message: r.message.clone(),
                earlier: r.earlier.is_some(),
            })
            .collect(),
        stopped: ran.report.stopped.clone(),
        report_path: ran
            .report_path
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default(),
    })
}

/// A deleted person, as their archive has them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DeletedPerson {
    /// The archive's id.
    pub id: String,
    pub username: String,
    pub name: String,
    pub email: String,
    pub deleted_at: Option<String>,
    pub archived_at: String,
    pub groups: Vec<String>,
    pub directories: Vec<String>,
}

/// The people deleted from the open organization (newest first), from Roster's archives.
#[tauri::command]
#[specta::specta]
pub async fn deleted_people_list(
    state: State<'_, AppState>,
) -> Result<Vec<DeletedPerson>, AppError> {
    let open = state.open_org().await.ok_or_else(AppError::not_connected)?;
    let index = state.people.index(&open.org.id, &open.client).await?;
    let dir = archive_dir(&state.places.data_dir, &open.org.id);
    Ok(deleted_people(&dir, index.snapshot())?
        .into_iter()
        .map(|a| DeletedPerson {
            name: roster_engine::people::display_name(&a.user),
            username: a.user.username.clone(),
            email: a.user.email.clone(),
            deleted_at: a.deleted_at.clone(),
            archived_at: a.archived_at.clone(),
            groups: a.groups.iter().map(|g| g.name.clone()).collect(),
            directories: a.directories.iter().map(|d| d.name.clone()).collect(),
            id: a.id,
        })
        .collect())
}

/// What adding a deleted person back did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RestoreResult {
    pub done: bool,
    /// The new id, once added.
    pub id: Option<String>,
    pub message: String,
    /// What does not come back, in plain words.
    pub notes: Vec<String>,
}

/// Adds a deleted person back from their archive `id`.
#[tauri::command]
#[specta::specta]
pub async fn deleted_person_restore(
    state: State<'_, AppState>,
    id: String,
) -> Result<RestoreResult, AppError> {
    let open = state.open_org().await.ok_or_else(AppError::not_connected)?;
    let index = state
        .people
        .fresh_snapshot(&open.org.id, &open.client)
        .await?;
    let archive = read_archive(&archive_dir(&state.places.data_dir, &open.org.id), &id)?;
    let (job, notes) = restore_job(&open.org, &index, &archive)?;
    let (_, ran) = super::run_tracked(&state, &open, &job, ExecuteOptions::default(), None).await?;
    let row = ran.report.rows.first();
    let done = row.is_some_and(|r| r.outcome == Outcome::Created);
    let new_id = row.and_then(|r| r.id.clone());
    if let Some(id) = &new_id {
        let _ = state
            .people
            .changed(&open.org.id, &open.client, std::slice::from_ref(id))
            .await;
    }
    Ok(RestoreResult {
        done,
        message: match row {
            Some(r) if done => format!("Added {} back.", r.username),
            Some(r) => r.message.clone().unwrap_or_default(),
            None => "Nothing was done.".to_owned(),
        },
        id: new_id,
        notes,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProtectedPerson {
    pub id: String,
    pub username: String,
    /// Still in the organization.
    pub present: bool,
}

/// The people Roster never suspends or deletes in the open organization.
#[tauri::command]
#[specta::specta]
pub async fn protected_list(state: State<'_, AppState>) -> Result<Vec<ProtectedPerson>, AppError> {
    let open = state.open_org().await.ok_or_else(AppError::not_connected)?;
    let index = state.people.index(&open.org.id, &open.client).await?;
    let protected = Protected::load(&state.places.data_dir, &open.org.id)?;
    Ok(protected
        .people
        .iter()
        .map(|(id, username)| ProtectedPerson {
            id: id.clone(),
            username: index
                .snapshot()
                .user_by_id(id)
                .map_or_else(|| username.clone(), |u| u.username.clone()),
            present: index.snapshot().user_by_id(id).is_some(),
        })
        .collect())
}

/// Protects the person `id` (or not). Returns the new list.
#[tauri::command]
#[specta::specta]
pub async fn protected_set(
    state: State<'_, AppState>,
    id: String,
    protect: bool,
) -> Result<Vec<ProtectedPerson>, AppError> {
    let open = state.open_org().await.ok_or_else(AppError::not_connected)?;
    let index = state.people.index(&open.org.id, &open.client).await?;
    let mut protected = Protected::load(&state.places.data_dir, &open.org.id)?;
    if protect {
        let user = index.snapshot().user_by_id(&id).ok_or_else(|| {
            AppError::new(
                crate::error::ErrorCode::NotFound,
                "That person is not in the organization any more.",
            )
        })?;
        protected.people.insert(id, user.username.clone());
    } else {
        protected.people.remove(&id);
    }
    protected.save(&state.places.data_dir, &open.org.id)?;
    protected_list(state).await
}

/// A change JumpCloud will make on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledChange {
    pub id: String,
    pub user_id: String,
    pub username: String,
    pub name: String,
    /// "suspend" or "activate".
    pub change: String,
    /// RFC 3339.
    pub at: String,
}

/// Every change scheduled in the open organization.
#[tauri::command]
#[specta::specta]
pub async fn scheduled_list(state: State<'_, AppState>) -> Result<Vec<ScheduledChange>, AppError> {
    let open = state.open_org().await.ok_or_else(AppError::not_connected)?;
    let index = state.people.index(&open.org.id, &open.client).await?;
    let mut list: Vec<ScheduledChange> = open
        .client
        .scheduled_state_changes()
        .await?
        .into_iter()
        .map(|s| {
            let user = index.snapshot().user_by_id(&s.user_id);
            ScheduledChange {
                username: user.map(|u| u.username.clone()).unwrap_or_default(),
                name: user
                    .map(roster_engine::people::display_name)
                    .unwrap_or_default(),
                change: if s.state == jumpcloud::models::UserState::Suspended {
                    "suspend".into()
                } else {
                    "activate".into()
                },
                id: s.id,
                user_id: s.user_id,
                at: s.scheduled_date,
            }
        })
        .collect();
    list.sort_by(|a, b| a.at.cmp(&b.at));
    Ok(list)
}

/// A line of a spreadsheet that names nobody in the organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct UnknownLine {
    pub line: u32,
    pub value: String,
    pub message: String,
}

/// The people a spreadsheet lists, for offboarding them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ListedPeople {
    /// The people found (user ids), in the file's order, each once.
    pub ids: Vec<String>,
    /// Lines naming nobody in the organization.
    pub unknown: Vec<UnknownLine>,
    /// The file's name.
    pub file: String,
}

/// Reads the spreadsheet the admin chose (`path`) and finds the people its Username (or Email)
/// column names; lines naming nobody are listed with their line.
#[tauri::command]
#[specta::specta]
pub async fn offboard_people_in_file(
    state: State<'_, AppState>,
    path: String,
) -> Result<ListedPeople, AppError> {
    let path = std::path::PathBuf::from(path);
    if !state.was_chosen(&path) {
        return Err(AppError::new(
            crate::error::ErrorCode::Precondition,
            "Roster opens only files you choose in its file dialog or drop on its window. Choose the file again.",
        ));
    }
    let open = state.open_org().await.ok_or_else(AppError::not_connected)?;
    let index = state.people.index(&open.org.id, &open.client).await?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = std::fs::read(&path).map_err(|e| {
        AppError::new(
            crate::error::ErrorCode::FileUnreadable,
            format!(
                "Roster could not read \"{name}\": {}. Check the file is not open in another program, then pick it again.",
                roster_engine::plain_io(&e)
            ),
        )
    })?;
    let names = roster_engine::offboard::names_in_file(&bytes, &name)?;
    let mut ids: Vec<String> = Vec::new();
    let mut unknown = Vec::new();
    for (line, value) in names {
        match index.find(&value) {
            Some(user) => {
                if !ids.contains(&user.id) {
                    ids.push(user.id.clone());
                }
            }
            None => unknown.push(UnknownLine {
                line: u32::try_from(line).unwrap_or(u32::MAX),
                message: format!(
                    "Line {line}: nobody in {} has the username or email \"{value}\".",
                    open.org.name
                ),
                value,
            }),
        }
    }
    Ok(ListedPeople {
        ids,
        unknown,
        file: name,
    })
}
