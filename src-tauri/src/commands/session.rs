//! Opening an organization.

use jumpcloud::{Client, Config, Secret, Url};
use jumpcloud_sandbox::SandboxBuilder;
use tauri::State;

use crate::error::{AppError, ErrorCode};
use crate::state::{AppState, OrgKind, OrgSummary, Session};

/// The file in the app's data folder where the practice organization keeps
/// its changes between runs.
pub const PRACTICE_STATE_FILE: &str = "practice-organization.json";

/// Start the built-in practice organization (a local JumpCloud on
/// 127.0.0.1 with a random port and a fresh random key) and open it.
#[tauri::command]
#[specta::specta]
pub async fn open_practice_org(state: State<'_, AppState>) -> Result<OrgSummary, AppError> {
    open_practice(&state).await
}

/// The organization open now, if any. When Roster was started with
/// `--practice`, the first call opens the practice organization.
#[tauri::command]
#[specta::specta]
pub async fn current_org(state: State<'_, AppState>) -> Result<Option<OrgSummary>, AppError> {
    if state.take_practice_on_start() && state.org().await.is_none() {
        return open_practice(&state).await.map(Some);
    }
    Ok(state.org().await)
}

/// With `--practice`, start the practice organization and read its people while the
/// window is still loading, so the list is ready when the page asks (the page's first
/// `current_org` then finds it open, or waits for it).
pub fn open_practice_early<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
    use tauri::Manager;
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        match open_practice(&state).await {
            Ok(_) => {
                if let Some(open) = state.open_org().await {
                    if let Err(e) = state.people.index(&open.org.id, &open.client).await {
                        tracing::warn!(error = %e, "could not read the practice organization's people early");
                    }
                }
            }
            Err(e) => {
                tracing::warn!(error = %e.message, "the practice organization did not start early")
            }
        }
    });
}

async fn open_practice(state: &AppState) -> Result<OrgSummary, AppError> {
    // One at a time: the early start and the page's first call may meet here.
    let _opening = state.practice_opening.lock().await;
    if state.is_practice_open().await {
        if let Some(org) = state.org().await {
            return Ok(org);
        }
    }
    let unavailable = |what: String| {
        AppError::new(
            ErrorCode::PracticeUnavailable,
            format!(
                "The practice organization could not start: {what}. Restart Roster and try again."
            ),
        )
    };
    let data_dir = state.places.data_dir.clone();
    std::fs::create_dir_all(&data_dir)
        .map_err(|e| unavailable(format!("could not create {} ({e})", data_dir.display())))?;

    let key = random_key().map_err(|e| unavailable(format!("no randomness ({e})")))?;
    let mut builder = SandboxBuilder::new();
    if let Some(people) = practice_people() {
        builder = builder.seed_users(people);
    }
    let sandbox = builder
        .api_key(key.expose())
        .state_file(data_dir.join(PRACTICE_STATE_FILE))
        .only_this_key()
        .start()
        .await
        .map_err(|e| unavailable(e.to_string()))?;
    let base = Url::parse(&sandbox.base_url()).map_err(|e| unavailable(e.to_string()))?;
    let client = Client::new(Config::new(base, key))?;
    let name = client
        .organizations()
        .await?
        .results
        .into_iter()
        .next()
        .map(|o| o.display_name)
        .unwrap_or_else(|| "Practice organization".to_owned());

    let org = OrgSummary {
        name: format!("{name} (practice)"),
        kind: OrgKind::Practice,
        location: "On this computer".to_owned(),
        saved_id: None,
    };
    let org_id = sandbox.org_id().to_owned();
    state
        .open(Session {
            org: org.clone(),
            org_id,
            client,
            practice: Some(sandbox),
        })
        .await;
    Ok(org)
}

/// A key nobody else knows, so no other program on this computer can use
/// the practice organization's port.
fn random_key() -> Result<Secret, getrandom::Error> {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes)?;
    Ok(Secret::new(
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>(),
    ))
}

/// How many people a new practice organization starts with, when `ROSTER_PRACTICE_PEOPLE`
/// says (1 to 200,000; to rehearse with an organization the size of yours). An organization
/// kept from an earlier launch keeps its people.
fn practice_people() -> Option<usize> {
    std::env::var("ROSTER_PRACTICE_PEOPLE")
        .ok()?
        .trim()
        .parse()
        .ok()
        .filter(|n| (1..=200_000).contains(n))
}
