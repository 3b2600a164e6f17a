//! What the app holds between commands: where things are kept, and the open
//! organization, if any.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use std::sync::Arc;

use jumpcloud::models::OrgSettings;
use jumpcloud::{Client, Endpoints};
use jumpcloud_sandbox::RunningSandbox;
use roster_credentials::{Keychain, SavedOrgs};
use roster_engine::{Jobs, OpenOrg, OrgRef, PeopleSession, Preview};
use serde::Serialize;
use specta::Type;
use tokio::sync::Mutex;

/// Which kind of organization is open. The UI shows the practice one
/// differently so nobody mistakes it for the real directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Practice,
    Jumpcloud,
}

/// The organization a window is working in, as the banner shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OrgSummary {
    pub name: String,
    pub kind: OrgKind,
    /// Where its data lives, in words ("On this computer", "European Union").
    pub location: String,
    /// The saved organization's id (for switching and signing out); none for practice.
    pub saved_id: Option<String>,
}

pub struct Session {
    pub org: OrgSummary,
    /// JumpCloud's id of the organization (journals are kept per organization).
    pub org_id: String,
    pub client: Client,
    /// Kept alive while the practice organization is open; dropped (and so
    /// stopped) when another organization is opened.
    pub practice: Option<RunningSandbox>,
}

/// Where Roster keeps things, fixed at start-up.
pub struct Places {
    /// The app data folder (per identifier: the test profile has its own).
    pub data_dir: PathBuf,
    /// The list of saved organizations (no secrets).
    pub saved: SavedOrgs,
    /// Column choices remembered per kind of spreadsheet.
    pub mappings_file: PathBuf,
    /// API keys, in the OS keychain under a service named after the app identifier.
    pub keychain: Keychain,
    /// The console URL of each region.
    pub endpoints: Endpoints,
}

pub struct AppState {
    session: Mutex<Option<Session>>,
    /// The spreadsheet being prepared for import, if any. Its organization side (the plan)
    /// is dropped when another organization is opened.
    pub import: Mutex<Option<Preview>>,
    /// A platform's people being picked from, with the organization they were marked against.
    pub platform: Mutex<Option<(String, roster_engine::platform::Pick)>>,
    /// The jobs running now, cancellable by id.
    pub jobs: Arc<Jobs>,
    /// The open organization's people, loaded once per session.
    pub people: Arc<PeopleSession>,
    /// A background reload of `people` is under way.
    pub people_refreshing: Arc<AtomicBool>,
    /// The open organization's settings (default states), read once.
    settings: Mutex<Option<(String, OrgSettings)>>,
    /// Files the admin chose in a dialog or dropped on the window: the only ones a command
    /// may open (the page cannot name others).
    chosen: std::sync::Mutex<HashSet<PathBuf>>,
    pub places: Places,
    /// Started with `--practice`: open the practice organization at once.
    practice_on_start: AtomicBool,
    /// Held while the practice organization is being started (so it starts once).
    pub practice_opening: Mutex<()>,
}

impl AppState {
    pub fn new(places: Places, practice_on_start: bool) -> Self {
        Self {
            session: Mutex::new(None),
            import: Mutex::new(None),
            platform: Mutex::new(None),
            jobs: Jobs::new(),
            people: Arc::new(PeopleSession::default()),
            people_refreshing: Arc::new(AtomicBool::new(false)),
            settings: Mutex::new(None),
            chosen: std::sync::Mutex::new(HashSet::new()),
            practice_opening: Mutex::new(()),
            places,
            practice_on_start: AtomicBool::new(practice_on_start),
        }
    }

    /// Remember that the admin chose `path` (a dialog, or a drop on the window).
    pub fn remember_chosen(&self, path: &Path) {
        self.chosen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_path_buf());
    }

    /// Whether the admin chose `path`.
    pub fn was_chosen(&self, path: &Path) -> bool {
        self.chosen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(path)
    }

    /// True once, if the app was started with `--practice`.
    pub fn take_practice_on_start(&self) -> bool {
        self.practice_on_start.swap(false, Ordering::SeqCst)
    }

    /// The open organization's client, without holding the lock across I/O.
    pub async fn client(&self) -> Option<Client> {
        self.session.lock().await.as_ref().map(|s| s.client.clone())
    }

    /// The open organization as the engine needs it: who it is and its client.
    pub async fn open_org(&self) -> Option<OpenOrg> {
        self.session.lock().await.as_ref().map(|s| OpenOrg {
            org: OrgRef {
                id: s.org_id.clone(),
                name: s.org.name.clone(),
            },
            client: s.client.clone(),
        })
    }

    /// Where jobs keep their journals, History and reports.
    pub fn job_places(&self) -> roster_engine::Places {
        roster_engine::Places::in_data_dir(&self.places.data_dir)
    }

    pub async fn org(&self) -> Option<OrgSummary> {
        self.session.lock().await.as_ref().map(|s| s.org.clone())
    }

    /// Make `session` the open one: the previous organization's state goes with it (its
    /// running jobs are stopped, a preview's plan against it is forgotten, a practice
    /// organization is shut down).
    pub async fn open(&self, session: Session) {
        tracing::info!(
            org = %session.org_id,
            kind = ?session.org.kind,
            region = %session.org.location,
            "organization opened"
        );
        let previous = self.session.lock().await.replace(session);
        if let Some(old) = previous {
            self.closed(old).await;
        }
    }

    /// Close the open organization if it is the saved one `saved_id`.
    pub async fn close_if(&self, saved_id: &str) {
        let closed = {
            let mut session = self.session.lock().await;
            if session
                .as_ref()
                .is_some_and(|s| s.org.saved_id.as_deref() == Some(saved_id))
            {
                session.take()
            } else {
                None
            }
        };
        if let Some(old) = closed {
            self.closed(old).await;
        }
    }

    /// The open organization's settings, read from JumpCloud the first time.
    pub async fn org_settings(&self, open: &OpenOrg) -> Result<OrgSettings, jumpcloud::Error> {
        if let Some((id, settings)) = self.settings.lock().await.as_ref() {
            if *id == open.org.id {
                return Ok(settings.clone());
            }
        }
        let settings = open.client.organization(&open.org.id).await?.settings;
        *self.settings.lock().await = Some((open.org.id.clone(), settings.clone()));
        Ok(settings)
    }

    async fn closed(&self, old: Session) {
        self.jobs.cancel_org(&old.org_id);
        self.people.forget();
        *self.settings.lock().await = None;
        // A platform's people belong to that organization's directory.
        *self.platform.lock().await = None;
        let mut import = self.import.lock().await;
        if import
            .as_ref()
            .is_some_and(|p| matches!(p.source, roster_engine::Source::Platform(_)))
        {
            *import = None;
        }
        if let Some(preview) = import.as_mut() {
            if preview
                .against_org
                .as_ref()
                .is_some_and(|o| o.org.id == old.org_id)
            {
                preview.forget_org();
            }
        }
        if let Some(practice) = old.practice {
            practice.shutdown().await;
        }
    }

    pub async fn is_practice_open(&self) -> bool {
        self.session
            .lock()
            .await
            .as_ref()
            .is_some_and(|s| s.practice.is_some())
    }
}
