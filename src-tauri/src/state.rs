//! What the app holds between commands: the open organization, if any.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use jumpcloud::Client;
use jumpcloud_sandbox::RunningSandbox;
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
}

pub struct Session {
    pub org: OrgSummary,
    pub client: Client,
    /// Kept alive while the practice organization is open; dropped (and so
    /// stopped) when another organization is opened.
    pub practice: Option<RunningSandbox>,
}

pub struct AppState {
    session: Mutex<Option<Session>>,
    /// The app's own data folder (per identifier: the test profile has its own).
    data_dir: PathBuf,
    /// Started with `--practice`: open the practice organization at once.
    practice_on_start: AtomicBool,
}

impl AppState {
    pub fn new(data_dir: PathBuf, practice_on_start: bool) -> Self {
        Self {
            session: Mutex::new(None),
            data_dir,
            practice_on_start: AtomicBool::new(practice_on_start),
        }
    }

    /// True once, if the app was started with `--practice`.
    pub fn take_practice_on_start(&self) -> bool {
        self.practice_on_start.swap(false, Ordering::SeqCst)
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The open organization's client, without holding the lock across I/O.
    pub async fn client(&self) -> Option<Client> {
        self.session.lock().await.as_ref().map(|s| s.client.clone())
    }

    pub async fn org(&self) -> Option<OrgSummary> {
        self.session.lock().await.as_ref().map(|s| s.org.clone())
    }

    /// Make `session` the open one; returns the one it replaces.
    pub async fn replace(&self, session: Session) -> Option<Session> {
        self.session.lock().await.replace(session)
    }

    pub async fn is_practice_open(&self) -> bool {
        self.session
            .lock()
            .await
            .as_ref()
            .is_some_and(|s| s.practice.is_some())
    }
}
