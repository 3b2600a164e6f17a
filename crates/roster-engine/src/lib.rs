//! Roster's one engine for every change: a source of rows ([`preview`]) → checks → a plan
//! against the organization (bound to it) → a journaled, rate-limited, resumable run
//! ([`run`], over `roster-bulk`) → a per-row report → [`history`]. The app (`src-tauri`) keeps
//! only DTOs, dialogs and channels on top of this; `roster-cli` calls the same functions. No
//! Tauri here.

pub mod error;
pub mod history;
pub mod jobs;
pub mod mappings;
pub mod offboard;
pub mod people;
pub mod person;
pub mod platform;
pub mod preview;
pub mod run;
pub mod usernames;

pub use error::{EngineError, ErrorKind};
pub use jobs::{JobGuard, Jobs};
pub use people::{PeopleIndex, PeopleQuery, PeopleSession, PersonState, SortKey};
pub use person::{NewPerson, PersonCheck, ProfileChange, StartState};
pub use preview::{plain_io, Job, MadeUsernames, OrgRef, Preview, RowFilter, Source};
pub use run::{run_job, OpenOrg, Places, Ran, RunOptions};
pub use usernames::{OrgPattern, UsernamePattern};

/// The app's identifier: its keychain service and its data folder (the CLI shares both).
pub const APP_IDENTIFIER: &str = "app.roster.desktop";
