//! The people list, profiles, and adding one person. The index and the jobs are the core's
//! (`roster_engine::people`, `roster_engine::person`, `run_job`); this unpacks and maps.

use jumpcloud::models::PasswordPolicy;
use jumpcloud::Client;
use roster_bulk::{ExecuteOptions, Outcome};
use roster_engine::person::{
    check_new_person, default_start_state, field_of_refusal, new_person_job, password_rules,
    profile_job, FORM_FIELDS,
};
use roster_engine::{EngineError, ErrorKind, Job, OpenOrg, PeopleIndex};
use std::sync::Arc;
use tauri::State;

use crate::error::AppError;
use crate::people_view::{
    small, DirectoryChoice, FormField, GroupRef, PeopleFacets, PeopleFilter, PeoplePage,
    PersonChangeResult, PersonForm, PersonFormCheck, PersonFormSetup, PersonProfile, PersonRow,
    ProfileEdit,
};
use crate::state::AppState;

/// The most rows one call returns (the list asks for the window it shows).
const MAX_WINDOW: u32 = 500;

/// After this long, the list is read again in the background the next time it is looked at
/// (other admins and JumpCloud's own syncs change the organization too).
const STALE_AFTER_MS: i64 = 5 * 60 * 1000;

async fn index(state: &AppState) -> Result<(OpenOrg, Arc<PeopleIndex>), AppError> {
    let open = state.open_org().await.ok_or_else(AppError::not_connected)?;
    if let Some((index, loaded_ms)) = state.people.current(&open.org.id) {
        if roster_engine::people::now_ms() - loaded_ms > STALE_AFTER_MS
            && !state
                .people_refreshing
                .swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            let people = state.people.clone();
            let flag = state.people_refreshing.clone();
            let (org_id, client) = (open.org.id.clone(), open.client.clone());
            tauri::async_runtime::spawn(async move {
                let _ = people.reload(&org_id, &client).await;
                flag.store(false, std::sync::atomic::Ordering::SeqCst);
            });
        }
        return Ok((open, index));
    }
    let index = state.people.index(&open.org.id, &open.client).await?;
    Ok((open, index))
}

fn loaded_at(state: &AppState, org_id: &str) -> String {
    state
        .people
        .current(org_id)
        .map(|(_, ms)| rfc3339(ms))
        .unwrap_or_default()
}

fn rfc3339(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// The people matching `filter` (the session's index loaded first if need be).
async fn matching(
    state: &AppState,
    filter: &PeopleFilter,
) -> Result<(OpenOrg, Arc<PeopleIndex>, Arc<Vec<u32>>), AppError> {
    let (open, _) = index(state).await?;
    let (index, rows) = state
        .people
        .query(&open.org.id, &filter.into())
        .ok_or_else(|| {
            AppError::new(
                crate::error::ErrorCode::Internal,
                "The people list was not loaded.",
            )
        })?;
    Ok((open, index, rows))
}

/// A window of the people matching `filter`, in its order. The first call of a session reads
/// the whole organization.
#[tauri::command]
#[specta::specta]
pub async fn people_query(
    state: State<'_, AppState>,
    filter: PeopleFilter,
    offset: u32,
    limit: u32,
) -> Result<PeoplePage, AppError> {
    let (open, index, rows) = matching(&state, &filter).await?;
    let start = (offset as usize).min(rows.len());
    let end = (start + limit.min(MAX_WINDOW) as usize).min(rows.len());
    Ok(PeoplePage {
        total: small(index.len()),
        matching: small(rows.len()),
        offset: small(start),
        rows: rows[start..end]
            .iter()
            .filter_map(|&i| index.user(i))
            .map(PersonRow::of)
            .collect(),
        loaded_at: loaded_at(&state, &open.org.id),
    })
}

/// The ids of everyone matching `filter` ("select all N that match").
#[tauri::command]
#[specta::specta]
pub async fn people_matching_ids(
    state: State<'_, AppState>,
    filter: PeopleFilter,
) -> Result<Vec<String>, AppError> {
    let (_, index, rows) = matching(&state, &filter).await?;
    Ok(rows
        .iter()
        .filter_map(|&i| index.user(i).map(|u| u.id.clone()))
        .collect())
}

/// The filter menus' choices.
#[tauri::command]
#[specta::specta]
pub async fn people_facets(state: State<'_, AppState>) -> Result<PeopleFacets, AppError> {
    let (_, index) = index(&state).await?;
    Ok(PeopleFacets::of(&index))
}

/// Reads the whole organization again.
#[tauri::command]
#[specta::specta]
pub async fn people_reload(state: State<'_, AppState>) -> Result<String, AppError> {
    let open = state.open_org().await.ok_or_else(AppError::not_connected)?;
    state.people.reload(&open.org.id, &open.client).await?;
    Ok(loaded_at(&state, &open.org.id))
}

/// Someone's profile, read from JumpCloud now (and put in the list).
#[tauri::command]
#[specta::specta]
pub async fn person_profile(
    state: State<'_, AppState>,
    id: String,
) -> Result<PersonProfile, AppError> {
    let (open, _) = index(&state).await?;
    profile(&state, &open, &id).await
}

async fn profile(state: &AppState, open: &OpenOrg, id: &str) -> Result<PersonProfile, AppError> {
    let client = &open.client;
    let (user, groups, directories) = tokio::try_join!(
        client.get_user(id),
        client.user_groups(id),
        client.user_directories(id)
    )?;
    // What was just read goes in the list too (no second read).
    let person = roster_engine::people::ChangedPerson {
        user: user.clone(),
        memberships: Some((
            groups.iter().map(|g| g.id.clone()).collect(),
            directories.iter().map(|d| d.id.clone()).collect(),
        )),
    };
    state.people.put_in(&open.org.id, vec![person], &[]).await;
    let (index, _) = state
        .people
        .current(&open.org.id)
        .ok_or_else(AppError::not_connected)?;
    Ok(PersonProfile::of(&user, &index, &groups, &directories))
}

/// Make a change on someone's profile: it runs as a job (journal, History, report) like
/// every change, and the profile comes back as JumpCloud has it afterwards.
#[tauri::command]
#[specta::specta]
pub async fn person_change(
    state: State<'_, AppState>,
    id: String,
    change: ProfileEdit,
) -> Result<PersonChangeResult, AppError> {
    let change: roster_engine::ProfileChange = change.into();
    let (open, index) = index(&state).await?;
    let client = &open.client;
    let current = client.get_user(&id).await?;
    let through_groups = match &change {
        roster_engine::ProfileChange::Unbind { directory_id } => client
            .user_directories(&id)
            .await?
            .into_iter()
            .find(|d| d.id == *directory_id)
            .filter(|d| !d.is_direct())
            .map(|d| d.via_groups())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let job = profile_job(
        &open.org,
        &current,
        index.snapshot(),
        &change,
        &through_groups,
    )?;
    run_one(&state, &open, job).await
}

/// Runs a job of one person and says what happened; the list is updated with them.
async fn run_one(
    state: &AppState,
    open: &OpenOrg,
    job: Job,
) -> Result<PersonChangeResult, AppError> {
    let (_, ran) = super::run_tracked(state, open, &job, ExecuteOptions::default(), None).await?;
    let row = ran.report.rows.first().ok_or_else(|| {
        EngineError::new(ErrorKind::Internal, "The job ran but reported nothing.")
    })?;
    let done = !matches!(row.outcome, Outcome::Failed | Outcome::Pending);
    if let Some(id) = &row.id {
        refresh(state, &open.org.id, &open.client, id).await;
    }
    // A form or change sent twice (a double click, a retry after a lost answer) is done once:
    // say the first attempt did it, not this one.
    let message = match &row.earlier {
        Some(_) if done => {
            "An earlier attempt of this same change already did it; nothing was sent now."
                .to_owned()
        }
        _ => row.message.clone().unwrap_or_default(),
    };
    Ok(PersonChangeResult {
        done,
        field: (!done).then(|| field_of_refusal(&message)).flatten(),
        message,
        id: row.id.clone(),
        report_path: ran
            .report_path
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default(),
    })
}

/// Puts a changed person in the list; a failure only leaves the list a little behind (it is
/// read again in the background).
async fn refresh(state: &AppState, org_id: &str, client: &Client, id: &str) {
    let _ = state.people.changed(org_id, client, &[id.to_owned()]).await;
}

/// The organization's default state for people added by hand, and its password policy.
async fn org_rules(
    state: &AppState,
    open: &OpenOrg,
) -> Result<(roster_engine::StartState, PasswordPolicy), AppError> {
    let settings = state.org_settings(open).await?;
    Ok((
        default_start_state(settings.new_user_state.manual_entry),
        settings.password_policy,
    ))
}

/// The "Add one person" form: its fields, the organization's default state, the directories
/// and groups to choose from.
#[tauri::command]
#[specta::specta]
pub async fn person_form(state: State<'_, AppState>) -> Result<PersonFormSetup, AppError> {
    let (open, index) = index(&state).await?;
    let (default, policy) = org_rules(&state, &open).await?;
    let snapshot = index.snapshot();
    let mut fields: Vec<FormField> = FORM_FIELDS
        .iter()
        .filter_map(|k| roster_import::Field::from_key(k).map(|f| (k, f)))
        .map(|(k, f)| FormField {
            key: (*k).to_owned(),
            label: f.label().into_owned(),
            required: matches!(*k, "username" | "email"),
            secret: false,
        })
        .collect();
    fields.push(FormField {
        key: "password".into(),
        label: "Password (optional)".into(),
        required: false,
        secret: true,
    });
    Ok(PersonFormSetup {
        fields,
        password_rules: password_rules(&policy),
        default_state: default.into(),
        directories: snapshot
            .all_directories()
            .into_iter()
            .map(|d| DirectoryChoice::of(d, 0))
            .collect(),
        groups: snapshot
            .all_groups()
            .into_iter()
            .map(|g| GroupRef {
                id: g.id.clone(),
                name: g.name.clone(),
            })
            .collect(),
        form_id: format!("{:016x}", fastrand::u64(..)),
    })
}

/// Checks the form as the admin types: per-field problems and what adding would do.
#[tauri::command]
#[specta::specta]
pub async fn person_check(
    state: State<'_, AppState>,
    form: PersonForm,
) -> Result<PersonFormCheck, AppError> {
    let (open, index) = index(&state).await?;
    let (default, policy) = org_rules(&state, &open).await?;
    let (check, _) = check_new_person(&(&form).into(), index.snapshot(), default, &policy);
    Ok((&check).into())
}

/// Adds the person: checked again, then run as a job of one row.
#[tauri::command]
#[specta::specta]
pub async fn person_add(
    state: State<'_, AppState>,
    form: PersonForm,
) -> Result<PersonChangeResult, AppError> {
    let (open, index) = index(&state).await?;
    let (default, policy) = org_rules(&state, &open).await?;
    let (job, _) = new_person_job(
        &open.org,
        &(&form).into(),
        index.snapshot(),
        default,
        &policy,
    )?;
    run_one(&state, &open, job).await
}
