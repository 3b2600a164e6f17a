//! Importing people from Google Workspace or Microsoft 365: the organization's directories
//! of those kinds, listing one (progress on a channel), filtering and picking in the list
//! (kept in Rust; the page asks for the window it shows), then the picked people become the
//! import preview — from there it is the spreadsheet import's screen and engine.

use roster_engine::platform::{
    open_pick, platform_directories, ListProgress, Pick, PickCounts, PickFilter, Platform,
    PlatformChoices, Standing,
};
use roster_engine::{EngineError, ErrorKind, Preview, StartState, UsernamePattern};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::ipc::Channel;
use tauri::State;

use crate::error::AppError;
use crate::import_view::{self, ImportSummary};
use crate::people_view::small;
use crate::state::AppState;

/// The most people one call returns.
const MAX_WINDOW: u32 = 500;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PlatformDirectoryView {
    pub id: String,
    /// Its name in JumpCloud.
    pub name: String,
    /// `google` or `microsoft`.
    pub platform: String,
    /// "Google Workspace" / "Microsoft 365".
    pub platform_label: String,
    /// What History says people came from.
    pub words: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PlatformChoicesSetup {
    pub directories: Vec<PlatformDirectoryView>,
    /// For each platform with no directory: how to connect one.
    pub missing: Vec<String>,
    /// The state new people start in by default: the organization's default for imported
    /// people (`staged` or `active`).
    pub default_state: String,
    /// That default in words.
    pub default_state_words: String,
}

/// The organization's Google Workspace and Microsoft 365 directories, and the state
/// imported people start in by default.
#[tauri::command]
#[specta::specta]
pub async fn platform_setup(state: State<'_, AppState>) -> Result<PlatformChoicesSetup, AppError> {
    let open = state.open_org().await.ok_or_else(AppError::not_connected)?;
    let (directories, settings) = tokio::try_join!(open.client.list_directories(), async {
        state.org_settings(&open).await
    })
    .map_err(EngineError::from)?;
    let found = platform_directories(&directories);
    let missing = Platform::ALL
        .into_iter()
        .filter(|p| found.iter().all(|d| d.platform != *p))
        .map(|p| p.how_to_connect())
        .collect();
    let default =
        roster_engine::platform::default_import_state(settings.new_user_state.application_import);
    Ok(PlatformChoicesSetup {
        directories: found
            .iter()
            .map(|d| PlatformDirectoryView {
                id: d.id.clone(),
                name: d.name.clone(),
                platform: d.platform.key().to_owned(),
                platform_label: d.platform.label().to_owned(),
                words: d.words(),
            })
            .collect(),
        missing,
        default_state: state_key(default).to_owned(),
        default_state_words: match default {
            StartState::Staged => "This organization's default for imported people is \"staged\": they are added but cannot sign in until you activate them, and get no email until then.".to_owned(),
            StartState::Active => "This organization's default for imported people is \"active\": JumpCloud emails each of them to set a password.".to_owned(),
        },
    })
}

fn state_key(s: StartState) -> &'static str {
    match s {
        StartState::Staged => "staged",
        StartState::Active => "active",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PlatformListProgress {
    pub pages: u32,
    pub people: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PickCountsView {
    pub new: u32,
    pub new_picked: u32,
    pub not_bound: u32,
    pub not_bound_picked: u32,
    pub bound: u32,
    pub bound_picked: u32,
}

impl From<PickCounts> for PickCountsView {
    fn from(c: PickCounts) -> Self {
        PickCountsView {
            new: small(c.new),
            new_picked: small(c.new_picked),
            not_bound: small(c.not_bound),
            not_bound_picked: small(c.not_bound_picked),
            bound: small(c.bound),
            bound_picked: small(c.bound_picked),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PlatformListing {
    pub directory: PlatformDirectoryView,
    pub total: u32,
    pub search: Option<String>,
    pub counts: PickCountsView,
    /// Requests the listing took.
    pub requests: u32,
    /// People of an import from here that did not finish, picked again.
    pub picked_again: u32,
}

/// List the people of a Google Workspace or Microsoft 365 directory (every page; progress
/// on `on_progress`), marked against the organization. `search` is the platform's own.
#[tauri::command]
#[specta::specta]
pub async fn platform_list(
    state: State<'_, AppState>,
    directory_id: String,
    search: Option<String>,
    on_progress: Channel<PlatformListProgress>,
) -> Result<PlatformListing, AppError> {
    let open = state.open_org().await.ok_or_else(AppError::not_connected)?;
    let snapshot = state
        .people
        .fresh_snapshot(&open.org.id, &open.client)
        .await?;
    let directory = platform_directories(snapshot.all_directories())
        .into_iter()
        .find(|d| d.id == directory_id)
        .ok_or_else(|| {
            EngineError::new(
                ErrorKind::NotFound,
                "That directory is no longer in the organization. Choose the platform again.",
            )
        })?;
    let mut pick = open_pick(
        &open.client,
        &snapshot,
        &directory,
        search.as_deref(),
        move |p: ListProgress| {
            let _ = on_progress.send(PlatformListProgress {
                pages: p.pages,
                people: p.people,
            });
        },
    )
    .await?;
    let unfinished = roster_engine::platform::unfinished_path(
        &state.job_places().journals,
        &open.org.id,
        &directory.id,
    );
    let picked_again = pick.pick_unfinished(&roster_engine::platform::load_unfinished(&unfinished));
    let listing = PlatformListing {
        picked_again: small(picked_again),
        directory: PlatformDirectoryView {
            id: directory.id.clone(),
            name: directory.name.clone(),
            platform: directory.platform.key().to_owned(),
            platform_label: directory.platform.label().to_owned(),
            words: directory.words(),
        },
        total: small(pick.listing.people.len()),
        search: pick.listing.search.clone(),
        counts: pick.counts().into(),
        requests: pick.listing.requests,
    };
    *state.platform.lock().await = Some((open.org.id.clone(), pick));
    Ok(listing)
}

/// The list's local filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PlatformFilter {
    pub text: String,
    /// `new`, `not_bound` or `bound`; none for everyone.
    pub standing: Option<String>,
}

fn pick_filter(f: &PlatformFilter) -> Result<PickFilter, AppError> {
    let standing = match f.standing.as_deref() {
        None | Some("") => None,
        Some("new") => Some(Standing::New),
        Some("not_bound") => Some(Standing::NotBound),
        Some("bound") => Some(Standing::Bound),
        Some(other) => {
            return Err(EngineError::new(
                ErrorKind::Validation,
                format!("Roster does not know the filter \"{other}\"."),
            )
            .into())
        }
    };
    Ok(PickFilter {
        text: f.text.clone(),
        standing,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PlatformPersonRow {
    /// Its place in the listing (for picking).
    pub index: u32,
    pub id: String,
    pub email: String,
    pub name: String,
    pub department: String,
    pub job_title: String,
    /// `new`, `not_bound` or `bound`.
    pub standing: String,
    /// In words: "new", "already in JumpCloud, not bound here", ...
    pub standing_words: String,
    /// JumpCloud's username, for people already there.
    pub username: Option<String>,
    pub picked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PlatformPage {
    /// How many match the filter.
    pub matching: u32,
    pub offset: u32,
    pub rows: Vec<PlatformPersonRow>,
    pub counts: PickCountsView,
}

async fn with_pick<T>(
    state: &AppState,
    f: impl FnOnce(&mut Pick) -> Result<T, AppError>,
) -> Result<T, AppError> {
    let open = state.open_org().await.ok_or_else(AppError::not_connected)?;
    let mut guard = state.platform.lock().await;
    match guard.as_mut() {
        Some((org, pick)) if *org == open.org.id => f(pick),
        _ => Err(EngineError::new(
            ErrorKind::NothingOpen,
            "No list of people is open. Choose the platform and list its people first.",
        )
        .into()),
    }
}

fn standing_key(s: Standing) -> &'static str {
    match s {
        Standing::New => "new",
        Standing::NotBound => "not_bound",
        Standing::Bound => "bound",
    }
}

/// A window of the listed people matching `filter`.
#[tauri::command]
#[specta::specta]
pub async fn platform_people(
    state: State<'_, AppState>,
    filter: PlatformFilter,
    offset: u32,
    limit: u32,
) -> Result<PlatformPage, AppError> {
    let filter = pick_filter(&filter)?;
    with_pick(&state, |pick| {
        let hits = pick.matching(&filter);
        let rows = hits
            .iter()
            .skip(offset as usize)
            .take(limit.min(MAX_WINDOW) as usize)
            .map(|&i| {
                let p = &pick.listing.people[i];
                let m = &pick.marks[i];
                PlatformPersonRow {
                    index: small(i),
                    id: p.id.clone(),
                    email: p.email.clone(),
                    name: p.name(),
                    department: p.department.clone(),
                    job_title: p.job_title.clone(),
                    standing: standing_key(m.standing).to_owned(),
                    standing_words: m.standing.words().to_owned(),
                    username: m.user.as_ref().map(|u| u.1.clone()),
                    picked: pick.selected.contains(&i),
                }
            })
            .collect();
        Ok(PlatformPage {
            matching: small(hits.len()),
            offset,
            rows,
            counts: pick.counts().into(),
        })
    })
    .await
}

/// Pick (or unpick) people by their place in the listing.
#[tauri::command]
#[specta::specta]
pub async fn platform_pick(
    state: State<'_, AppState>,
    indices: Vec<u32>,
    picked: bool,
) -> Result<PickCountsView, AppError> {
    with_pick(&state, |pick| {
        let indices: Vec<usize> = indices.iter().map(|&i| i as usize).collect();
        pick.select(&indices, picked)?;
        Ok(pick.counts().into())
    })
    .await
}

/// Pick (or unpick) everyone matching `filter` ("all new people": the `new` standing).
#[tauri::command]
#[specta::specta]
pub async fn platform_pick_matching(
    state: State<'_, AppState>,
    filter: PlatformFilter,
    picked: bool,
) -> Result<PickCountsView, AppError> {
    let filter = pick_filter(&filter)?;
    with_pick(&state, |pick| {
        pick.select_matching(&filter, picked);
        Ok(pick.counts().into())
    })
    .await
}

/// Turn the picked people into the import preview (it replaces an open spreadsheet):
/// usernames made by `username_pattern` (`email`, `first.last`, `flast`, `firstlast`), new
/// people starting `staged` or `active`, active ones emailed by JumpCloud when
/// `send_email`. Then the import screen checks it against the organization.
#[tauri::command]
#[specta::specta]
pub async fn platform_preview(
    state: State<'_, AppState>,
    username_pattern: String,
    start_state: String,
    send_email: bool,
) -> Result<ImportSummary, AppError> {
    let usernames = UsernamePattern::from_key(&username_pattern).ok_or_else(|| {
        EngineError::new(
            ErrorKind::Validation,
            format!("Roster does not know the username pattern \"{username_pattern}\"."),
        )
    })?;
    let state_choice = match start_state.as_str() {
        "staged" => StartState::Staged,
        "active" => StartState::Active,
        other => {
            return Err(EngineError::new(
                ErrorKind::Validation,
                format!("New people start staged or active, not \"{other}\"."),
            )
            .into())
        }
    };
    let choices = PlatformChoices {
        usernames,
        state: state_choice,
        send_email,
    };
    let preview = with_pick(&state, |pick| Ok(Preview::from_platform(pick, choices)?)).await?;
    let summary = import_view::summary(&preview);
    *state.import.lock().await = Some(preview);
    Ok(summary)
}
