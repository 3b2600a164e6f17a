//! Importing people from a connected Google Workspace or Microsoft 365: choose the directory,
//! list its people (paged as the platform pages), see who is new, who is in JumpCloud but not
//! bound to it and who is bound already (matched by email, case-insensitively), pick some,
//! and turn them into a [`Preview`] — the same grid, checks, plan, run, journal and report as
//! a spreadsheet. New people are created and bound; people already in JumpCloud are bound
//! (and, when the admin asks, updated from the platform); people bound already are skipped.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Mutex;

use jumpcloud::models::{Directory, DirectoryKind};
use jumpcloud::{Client, GOOGLE_PAGE, MICROSOFT_PAGE};
use roster_bulk::{DirectoryMembers, OrgSnapshot};
use serde::Serialize;

use crate::error::{EngineError, ErrorKind};
use crate::person::StartState;
use crate::usernames::UsernamePattern;

/// A platform JumpCloud imports people from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Google,
    Microsoft,
}

impl Platform {
    pub const ALL: [Platform; 2] = [Platform::Google, Platform::Microsoft];

    pub fn of(kind: &DirectoryKind) -> Option<Self> {
        match kind {
            DirectoryKind::GSuite => Some(Platform::Google),
            DirectoryKind::Office365 => Some(Platform::Microsoft),
            _ => None,
        }
    }

    /// `google`, `microsoft`: the CLI's word and the start of a row's key.
    pub fn key(&self) -> &'static str {
        match self {
            Platform::Google => "google",
            Platform::Microsoft => "microsoft",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.key() == key)
    }

    /// As JumpCloud names it.
    pub fn label(&self) -> &'static str {
        match self {
            Platform::Google => "Google Workspace",
            Platform::Microsoft => "Microsoft 365",
        }
    }

    fn kind(&self) -> DirectoryKind {
        match self {
            Platform::Google => DirectoryKind::GSuite,
            Platform::Microsoft => DirectoryKind::Office365,
        }
    }

    /// The largest page the platform gives.
    pub fn page_size(&self) -> u32 {
        match self {
            Platform::Google => GOOGLE_PAGE,
            Platform::Microsoft => MICROSOFT_PAGE,
        }
    }

    /// Where to connect one, for an organization that has none.
    pub fn how_to_connect(&self) -> String {
        format!(
            "This organization has no {} directory in JumpCloud. To connect one, open the JumpCloud console, go to Integrations, then Cloud Directories, and add {}. Then come back and refresh.",
            self.label(),
            self.label()
        )
    }
}

/// A Google Workspace or Microsoft 365 directory of the organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlatformDirectory {
    pub id: String,
    /// Its name in JumpCloud.
    pub name: String,
    pub platform: Platform,
}

impl PlatformDirectory {
    pub fn directory(&self) -> Directory {
        Directory {
            id: self.id.clone(),
            name: self.name.clone(),
            kind: self.platform.kind(),
        }
    }

    /// "Google Workspace", or "Google Workspace (Contractors)" when JumpCloud calls it
    /// something else: what History and reports say the people came from.
    pub fn words(&self) -> String {
        if self.name.is_empty() || self.name == self.platform.label() {
            self.platform.label().to_owned()
        } else {
            format!("{} ({})", self.platform.label(), self.name)
        }
    }
}

/// The organization's Google Workspace and Microsoft 365 directories, Google's first, each
/// kind by name.
pub fn platform_directories<'a>(
    directories: impl IntoIterator<Item = &'a Directory>,
) -> Vec<PlatformDirectory> {
    let mut found: Vec<PlatformDirectory> = directories
        .into_iter()
        .filter_map(|d| {
            Platform::of(&d.kind).map(|platform| PlatformDirectory {
                id: d.id.clone(),
                name: d.name.clone(),
                platform,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        (a.platform.key(), a.name.to_lowercase()).cmp(&(b.platform.key(), b.name.to_lowercase()))
    });
    found
}

/// Finds the directory the admin named (its name or id, case-insensitively), of `platform`.
pub fn find_directory(
    directories: &[PlatformDirectory],
    platform: Platform,
    name: Option<&str>,
) -> Result<PlatformDirectory, EngineError> {
    let of_kind: Vec<&PlatformDirectory> = directories
        .iter()
        .filter(|d| d.platform == platform)
        .collect();
    if of_kind.is_empty() {
        return Err(EngineError::new(
            ErrorKind::NotFound,
            platform.how_to_connect(),
        ));
    }
    let names = || {
        of_kind
            .iter()
            .map(|d| format!("\"{}\"", d.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match name {
        None if of_kind.len() == 1 => Ok(of_kind[0].clone()),
        None => Err(EngineError::new(
            ErrorKind::Validation,
            format!(
                "This organization has {} {} directories: {}. Say which one.",
                of_kind.len(),
                platform.label(),
                names()
            ),
        )),
        Some(wanted) => {
            let hits: Vec<&&PlatformDirectory> = of_kind
                .iter()
                .filter(|d| d.id == wanted || d.name.eq_ignore_ascii_case(wanted.trim()))
                .collect();
            match hits.as_slice() {
                [one] => Ok((**one).clone()),
                [] => Err(EngineError::new(
                    ErrorKind::NotFound,
                    format!(
                        "There is no {} directory called \"{wanted}\". This organization has {}.",
                        platform.label(),
                        names()
                    ),
                )),
                _ => Err(EngineError::new(
                    ErrorKind::Validation,
                    format!(
                        "Several {} directories are called \"{wanted}\"; give its id instead.",
                        platform.label()
                    ),
                )),
            }
        }
    }
}

/// A person as the platform lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformPerson {
    /// The platform's id of the person (Google's numeric id, Microsoft's object id).
    pub id: String,
    pub email: String,
    pub firstname: String,
    pub lastname: String,
    pub job_title: String,
    pub department: String,
    pub location: String,
    pub employee_id: String,
    pub company: String,
    pub cost_center: String,
    pub employee_type: String,
    pub alternate_email: String,
    pub phone: String,
}

impl PlatformPerson {
    pub fn name(&self) -> String {
        [self.firstname.trim(), self.lastname.trim()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// How far a listing is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ListProgress {
    /// Pages read so far (of every listing the platform needs).
    pub pages: u32,
    /// People read so far.
    pub people: u32,
}

/// The people of a directory, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub directory: PlatformDirectory,
    /// The platform search it was listed with, if any.
    pub search: Option<String>,
    /// In the platform's order (by email).
    pub people: Vec<PlatformPerson>,
    /// Requests it took.
    pub requests: u32,
}

/// Lists the directory's people, every page, telling `progress` after each. Google's people
/// come from two listings read side by side: ids (`import/users`) and JumpCloud's user shape
/// (`import/jumpcloudusers`: department, job title, employee id and the rest), joined by
/// email. `search` is the platform's own (Google's `query`, Microsoft's `search`).
pub async fn list_people(
    client: &Client,
    directory: &PlatformDirectory,
    search: Option<&str>,
    progress: impl Fn(ListProgress) + Send + Sync,
) -> Result<Listing, EngineError> {
    let search = search.map(str::trim).filter(|s| !s.is_empty());
    let size = directory.platform.page_size();
    let seen = Mutex::new(ListProgress::default());
    let tell = |people: usize| {
        let mut s = seen.lock().unwrap_or_else(|e| e.into_inner());
        s.pages += 1;
        s.people += u32::try_from(people).unwrap_or(u32::MAX);
        progress(*s);
    };
    let people = match directory.platform {
        Platform::Google => {
            let ids = async {
                let mut all = Vec::new();
                let mut token: Option<String> = None;
                let mut tokens = HashSet::new();
                loop {
                    let page = client
                        .google_import_users(&directory.id, search, token.as_deref(), size)
                        .await?;
                    tell(page.users.len());
                    all.extend(page.users);
                    match next_token(page.next_page_token, &mut tokens)? {
                        Some(next) => token = Some(next),
                        None => return Ok::<_, EngineError>(all),
                    }
                }
            };
            let details = async {
                let mut all = Vec::new();
                let mut token: Option<String> = None;
                let mut tokens = HashSet::new();
                loop {
                    let page = client
                        .google_import_jumpcloud_users(
                            &directory.id,
                            search,
                            token.as_deref(),
                            size,
                        )
                        .await?;
                    tell(0);
                    all.extend(page.users);
                    match next_token(page.next_page_token, &mut tokens)? {
                        Some(next) => token = Some(next),
                        None => return Ok::<_, EngineError>(all),
                    }
                }
            };
            let (ids, details) = tokio::try_join!(ids, details)?;
            let mut by_email: HashMap<String, jumpcloud::models::GoogleJumpCloudUser> = details
                .into_iter()
                .map(|d| (d.email.to_lowercase(), d))
                .collect();
            ids.into_iter()
                .map(|u| {
                    let d = by_email
                        .remove(&u.primary_email.to_lowercase())
                        .unwrap_or_default();
                    let phone = d
                        .phone_numbers
                        .iter()
                        .find(|p| p.kind == "work")
                        .or(d.phone_numbers.first())
                        .map(|p| p.number.clone())
                        .unwrap_or_default();
                    PlatformPerson {
                        id: u.id,
                        email: u.primary_email,
                        firstname: non_empty(d.firstname, u.given_name),
                        lastname: non_empty(d.lastname, u.family_name),
                        job_title: d.job_title,
                        department: d.department,
                        location: d.location,
                        employee_id: d.employee_identifier,
                        company: d.company,
                        cost_center: d.cost_center,
                        employee_type: d.employee_type,
                        alternate_email: d.alternate_email,
                        phone,
                    }
                })
                .collect()
        }
        Platform::Microsoft => {
            let mut all = Vec::new();
            let mut token: Option<String> = None;
            let mut tokens = HashSet::new();
            loop {
                let page = client
                    .microsoft_import_users(&directory.id, search, token.as_deref(), size)
                    .await?;
                tell(page.users.len());
                all.extend(page.users.into_iter().map(|u| {
                    PlatformPerson {
                        email: u
                            .mail
                            .filter(|m| !m.is_empty())
                            .unwrap_or(u.user_principal_name),
                        id: u.id,
                        firstname: u.given_name,
                        lastname: u.surname,
                        job_title: u.job_title.unwrap_or_default(),
                        department: u.department.unwrap_or_default(),
                        location: u.office_location.unwrap_or_default(),
                        employee_id: u.employee_id.unwrap_or_default(),
                        company: u.company_name.unwrap_or_default(),
                        phone: u.mobile_phone.unwrap_or_default(),
                        ..PlatformPerson::default()
                    }
                }));
                match next_token(page.skip_token, &mut tokens)? {
                    Some(next) => token = Some(next),
                    None => break all,
                }
            }
        }
    };
    let requests = seen.lock().unwrap_or_else(|e| e.into_inner()).pages;
    Ok(Listing {
        directory: directory.clone(),
        search: search.map(str::to_owned),
        people,
        requests,
    })
}

fn non_empty(first: String, otherwise: String) -> String {
    if first.trim().is_empty() {
        otherwise
    } else {
        first
    }
}

fn next_token(
    next: Option<String>,
    seen: &mut HashSet<String>,
) -> Result<Option<String>, EngineError> {
    match next.filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) if !seen.insert(t.clone()) => Err(EngineError::new(
            ErrorKind::UnexpectedAnswer,
            "JumpCloud gave the same page of people twice, so the list would never end. Try again later; if it keeps happening, please report it.",
        )),
        Some(t) => Ok(Some(t)),
    }
}

/// Where a listed person stands in JumpCloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Not in JumpCloud: importing creates them and binds them.
    New,
    /// In JumpCloud (same email), not bound to this directory: importing binds them.
    NotBound,
    /// In JumpCloud and bound here (directly or through a group): nothing to do.
    Bound,
}

impl Standing {
    pub fn words(&self) -> &'static str {
        match self {
            Standing::New => "new",
            Standing::NotBound => "already in JumpCloud, not bound here",
            Standing::Bound => "already in JumpCloud and bound here",
        }
    }
}

/// A listed person and where they stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    pub standing: Standing,
    /// The JumpCloud user with their email, if any: id and username.
    pub user: Option<(String, String)>,
}

/// Marks each listed person: matched by email (case-insensitively) against the
/// organization, and bound or not by `bound` (the directory's users).
pub fn mark(
    people: &[PlatformPerson],
    snapshot: &OrgSnapshot,
    bound: &HashSet<String>,
) -> Vec<Marked> {
    people
        .iter()
        .map(|p| match snapshot.user_by_email(&p.email) {
            None => Marked {
                standing: Standing::New,
                user: None,
            },
            Some(u) => Marked {
                standing: if bound.contains(&u.id) {
                    Standing::Bound
                } else {
                    Standing::NotBound
                },
                user: Some((u.id.clone(), u.username.clone())),
            },
        })
        .collect()
}

/// What the admin looks for in a listing (the local filter).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PickFilter {
    /// Words in the name, email, department or job title (accents and case ignored).
    pub text: String,
    pub standing: Option<Standing>,
}

/// A listing being picked from: where each person stands, and who is picked.
#[derive(Debug, Clone)]
pub struct Pick {
    pub listing: Listing,
    pub marks: Vec<Marked>,
    pub members: DirectoryMembers,
    /// Indices into the listing.
    pub selected: BTreeSet<usize>,
    folded: Vec<String>,
}

impl Pick {
    /// Marks `listing` against the organization (`bound`: the directory's users now).
    pub fn new(listing: Listing, snapshot: &OrgSnapshot, bound: Vec<String>) -> Self {
        let bound_set: HashSet<String> = bound.iter().cloned().collect();
        let marks = mark(&listing.people, snapshot, &bound_set);
        let mut members = DirectoryMembers::default();
        members.set(&listing.directory.id, bound);
        let folded = listing
            .people
            .iter()
            .map(|p| {
                crate::people::fold(&format!(
                    "{} {} {} {} {}",
                    p.firstname, p.lastname, p.email, p.department, p.job_title
                ))
            })
            .collect();
        Pick {
            listing,
            marks,
            members,
            selected: BTreeSet::new(),
            folded,
        }
    }

    /// The people matching `filter`, in listing order (indices).
    pub fn matching(&self, filter: &PickFilter) -> Vec<usize> {
        let words: Vec<String> = crate::people::fold(&filter.text)
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        (0..self.listing.people.len())
            .filter(|&i| filter.standing.is_none_or(|s| self.marks[i].standing == s))
            .filter(|&i| words.iter().all(|w| self.folded[i].contains(w.as_str())))
            .collect()
    }

    /// Picks (or unpicks) these people; out-of-range indices are refused.
    pub fn select(&mut self, indices: &[usize], on: bool) -> Result<(), EngineError> {
        if let Some(bad) = indices.iter().find(|&&i| i >= self.listing.people.len()) {
            return Err(EngineError::new(
                ErrorKind::NotFound,
                format!("There is no person number {bad} in this list. List the people again."),
            ));
        }
        for &i in indices {
            if on {
                self.selected.insert(i);
            } else {
                self.selected.remove(&i);
            }
        }
        Ok(())
    }

    /// Picks everyone matching `filter` (or unpicks them).
    pub fn select_matching(&mut self, filter: &PickFilter, on: bool) {
        let hits = self.matching(filter);
        let _ = self.select(&hits, on);
    }

    /// The index of the person with this platform id or email (case-insensitively).
    pub fn find(&self, id_or_email: &str) -> Option<usize> {
        let wanted = id_or_email.trim();
        self.listing
            .people
            .iter()
            .position(|p| p.id == wanted || p.email.eq_ignore_ascii_case(wanted))
    }

    /// How many are picked, by standing.
    pub fn counts(&self) -> PickCounts {
        let mut c = PickCounts::default();
        for (i, m) in self.marks.iter().enumerate() {
            let picked = self.selected.contains(&i);
            match m.standing {
                Standing::New => {
                    c.new += 1;
                    c.new_picked += usize::from(picked);
                }
                Standing::NotBound => {
                    c.not_bound += 1;
                    c.not_bound_picked += usize::from(picked);
                }
                Standing::Bound => {
                    c.bound += 1;
                    c.bound_picked += usize::from(picked);
                }
            }
        }
        c
    }
}

/// People in a listing and how many of them are picked, by standing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PickCounts {
    pub new: usize,
    pub new_picked: usize,
    pub not_bound: usize,
    pub not_bound_picked: usize,
    pub bound: usize,
    pub bound_picked: usize,
}

/// The admin's choices for an import from a platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlatformChoices {
    /// How usernames are made (the platforms have none).
    pub usernames: UsernamePattern,
    /// The state new people start in.
    pub state: StartState,
    /// Active new people get JumpCloud's activation email.
    pub send_email: bool,
}

/// The row source of an import from a platform: which directory, and the platform id of
/// each row (in table order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformSource {
    pub directory: PlatformDirectory,
    pub ids: Vec<String>,
    pub send_email: bool,
    /// The directory's people bound when listed.
    pub members: DirectoryMembers,
}

impl PlatformSource {
    /// A row's key: `google:<id>`.
    pub fn key(&self, index: usize) -> Option<String> {
        self.ids
            .get(index)
            .map(|id| format!("{}:{id}", self.directory.platform.key()))
    }
}

/// The state new people start in, from the organization's `applicationImport` default.
pub fn default_import_state(
    application_import: Option<jumpcloud::models::UserState>,
) -> StartState {
    crate::person::default_start_state(application_import)
}

/// Lists the directory's people and reads who is bound to it, side by side, then marks them
/// against `snapshot`.
pub async fn open_pick(
    client: &Client,
    snapshot: &OrgSnapshot,
    directory: &PlatformDirectory,
    search: Option<&str>,
    progress: impl Fn(ListProgress) + Send + Sync,
) -> Result<Pick, EngineError> {
    let dir = directory.directory();
    let (listing, bound) =
        tokio::try_join!(list_people(client, directory, search, progress), async {
            client
                .directory_users(&dir)
                .await
                .map_err(EngineError::from)
        })?;
    Ok(Pick::new(listing, snapshot, bound))
}

/// After a run: the people the report says were created or bound who JumpCloud does not
/// list as bound to the directory (should be none). Their usernames.
pub async fn not_bound_after(
    client: &Client,
    directory: &PlatformDirectory,
    report: &roster_bulk::ImportReport,
) -> Result<Vec<String>, EngineError> {
    use roster_bulk::Outcome;
    let bound: HashSet<String> = client
        .directory_users(&directory.directory())
        .await?
        .into_iter()
        .collect();
    Ok(report
        .rows
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Created | Outcome::Updated))
        .filter(|r| r.id.as_ref().is_none_or(|id| !bound.contains(id)))
        .map(|r| r.username.clone())
        .collect())
}

/// Where the people of an import from `directory` that has not finished are kept: picked
/// again the next time people are imported from it (an import killed half-way resumes with
/// the same people, even those who are no longer "new").
pub fn unfinished_path(
    journals: &std::path::Path,
    org_id: &str,
    directory_id: &str,
) -> std::path::PathBuf {
    journals.join(format!("platform-unfinished-{org_id}-{directory_id}.json"))
}

/// The platform ids of an unfinished import (none when there is none, or it is unreadable).
pub fn load_unfinished(path: &std::path::Path) -> Vec<String> {
    std::fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Records the people of an import about to run (written and flushed before anything is sent).
pub fn save_unfinished(path: &std::path::Path, ids: &[String]) -> Result<(), EngineError> {
    use std::io::Write;
    let fail = |e: std::io::Error| {
        EngineError::new(
            ErrorKind::WriteFailed,
            format!(
                "Roster could not note which people this import is for ({e}). Nothing was sent."
            ),
        )
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let mut file = std::fs::File::create(path).map_err(fail)?;
    file.write_all(&serde_json::to_vec(ids).unwrap_or_default())
        .and_then(|()| file.sync_all())
        .map_err(fail)
}

/// The import finished: nothing to pick again.
pub fn clear_unfinished(path: &std::path::Path) {
    let _ = std::fs::remove_file(path);
}

impl Pick {
    /// Picks again the people of an unfinished import who are in this listing; how many.
    pub fn pick_unfinished(&mut self, ids: &[String]) -> usize {
        let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
        let found: Vec<usize> = self
            .listing
            .people
            .iter()
            .enumerate()
            .filter(|(_, p)| wanted.contains(p.id.as_str()))
            .map(|(i, _)| i)
            .collect();
        let _ = self.select(&found, true);
        found.len()
    }

    /// The platform ids of the picked people.
    pub fn picked_ids(&self) -> Vec<String> {
        self.selected
            .iter()
            .filter_map(|&i| self.listing.people.get(i))
            .map(|p| p.id.clone())
            .collect()
    }
}
