//! The people of the open organization, loaded once per session into an index the people
//! list searches, filters and sorts as the admin types.
//!
//! The index is built from the same [`OrgSnapshot`] an import is planned against (checking a
//! spreadsheet reloads it, so the list and the plan never disagree), plus who is in which
//! group and bound to which directory. Roster's own changes are put in at once
//! ([`PeopleIndex::with_changes`]); the app reloads it in the background now and then.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use futures_util::stream::{self, StreamExt, TryStreamExt};
use jumpcloud::models::{Directory, SystemUser, UserGroup, UserState};
use jumpcloud::{Client, Error};
use roster_bulk::OrgSnapshot;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// How many groups' or directories' member lists are fetched at once.
const MEMBERSHIP_CONCURRENCY: usize = 8;

/// A person's account state, as the list shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonState {
    /// Created but not yet activated: they cannot sign in yet.
    Staged,
    Active,
    /// Cannot sign in; their data is kept.
    Suspended,
}

impl PersonState {
    pub fn of(user: &SystemUser) -> Self {
        match user.state {
            UserState::Staged => Self::Staged,
            UserState::Suspended => Self::Suspended,
            UserState::Activated if user.suspended => Self::Suspended,
            UserState::Activated => Self::Active,
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match fold(text).as_str() {
            "staged" | "not yet activated" | "pending" => Some(Self::Staged),
            "active" | "activated" => Some(Self::Active),
            "suspended" => Some(Self::Suspended),
            _ => None,
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Self::Staged => "Not yet activated",
            Self::Active => "Active",
            Self::Suspended => "Suspended",
        }
    }
}

/// The columns the list sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    Name,
    Username,
    Email,
    Department,
    JobTitle,
    Location,
    State,
    Created,
}

impl SortKey {
    const ALL: [SortKey; 8] = [
        SortKey::Name,
        SortKey::Username,
        SortKey::Email,
        SortKey::Department,
        SortKey::JobTitle,
        SortKey::Location,
        SortKey::State,
        SortKey::Created,
    ];

    fn slot(self) -> usize {
        Self::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }
}

/// What the list shows: the search and filters the admin set, and the order.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PeopleQuery {
    /// Words to find in the name, username, email, employee id, department or job title
    /// (every word must appear; accents and case are ignored).
    pub search: String,
    pub state: Option<PersonState>,
    /// A department, as the organization spells it (compared ignoring case and accents).
    pub department: Option<String>,
    pub location: Option<String>,
    /// A directory id: people bound to it, directly or through a group.
    pub directory: Option<String>,
    /// A group id: its members.
    pub group: Option<String>,
    /// Only people created in the last this many days.
    pub created_within_days: Option<u32>,
    pub sort: SortKey,
    pub descending: bool,
}

/// A value people share (a department, a location, a group, a directory) and how many
/// people have it, for the filter menus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Facet {
    /// The id (groups, directories) or the value itself (departments, locations).
    pub id: String,
    pub name: String,
    pub count: usize,
}

/// The filter menus' choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Facets {
    pub departments: Vec<Facet>,
    pub locations: Vec<Facet>,
    pub groups: Vec<Facet>,
    /// Directories, with their kind's name ("Google Workspace") in `name` when unnamed.
    pub directories: Vec<Facet>,
    pub staged: usize,
    pub active: usize,
    pub suspended: usize,
}

/// Who is in which group and bound to which directory, by user id.
#[derive(Debug, Clone, Default)]
pub struct Memberships {
    /// Each group and the ids of its members.
    pub groups: Vec<(UserGroup, Vec<String>)>,
    /// Each directory and the ids of the users bound to it, directly or through a group.
    pub directories: Vec<(Directory, Vec<String>)>,
}

impl Memberships {
    /// Reads every group's members and every directory's users, a few at a time.
    pub async fn fetch(client: &Client, snapshot: &OrgSnapshot) -> Result<Self, Error> {
        Self::fetch_of(
            client,
            snapshot.all_groups().into_iter().cloned().collect(),
            snapshot.all_directories().into_iter().cloned().collect(),
        )
        .await
    }

    /// [`Memberships::fetch`] for these groups and directories (sorted by name here, as
    /// [`OrgSnapshot::all_groups`] sorts them).
    pub async fn fetch_of(
        client: &Client,
        mut groups: Vec<UserGroup>,
        mut directories: Vec<Directory>,
    ) -> Result<Self, Error> {
        groups.sort_by(|a, b| fold(&a.name).cmp(&fold(&b.name)).then(a.id.cmp(&b.id)));
        directories.sort_by(|a, b| fold(&a.name).cmp(&fold(&b.name)).then(a.id.cmp(&b.id)));
        let groups = stream::iter(groups)
            .map(|g| async move {
                let members = readable(client.group_members(&g.id).await)?;
                Ok::<_, Error>(members.map(|m| (g, m)))
            })
            .buffered(MEMBERSHIP_CONCURRENCY)
            .try_collect::<Vec<_>>();
        let directories = stream::iter(directories)
            .map(|d| async move {
                let users = readable(client.directory_users(&d).await)?;
                Ok::<_, Error>(users.map(|u| (d, u)))
            })
            .buffered(MEMBERSHIP_CONCURRENCY)
            .try_collect::<Vec<_>>();
        let (groups, directories) = tokio::try_join!(groups, directories)?;
        Ok(Self {
            groups: groups.into_iter().flatten().collect(),
            directories: directories.into_iter().flatten().collect(),
        })
    }

    /// The memberships for `snapshot`'s groups and directories: those known here are kept,
    /// new ones are read (so checking a spreadsheet does not read every group again).
    pub async fn refreshed(&self, client: &Client, snapshot: &OrgSnapshot) -> Result<Self, Error> {
        let groups: Vec<(UserGroup, Option<Vec<String>>)> = snapshot
            .all_groups()
            .into_iter()
            .map(|g| {
                let known = self.groups.iter().find(|(k, _)| k.id == g.id);
                (g.clone(), known.map(|(_, m)| m.clone()))
            })
            .collect();
        let directories: Vec<(Directory, Option<Vec<String>>)> = snapshot
            .all_directories()
            .into_iter()
            .map(|d| {
                let known = self.directories.iter().find(|(k, _)| k.id == d.id);
                (d.clone(), known.map(|(_, u)| u.clone()))
            })
            .collect();
        let groups = stream::iter(groups)
            .map(|(g, known)| async move {
                let members = match known {
                    Some(members) => Some(members),
                    None => readable(client.group_members(&g.id).await)?,
                };
                Ok::<_, Error>(members.map(|m| (g, m)))
            })
            .buffered(MEMBERSHIP_CONCURRENCY)
            .try_collect::<Vec<_>>();
        let directories = stream::iter(directories)
            .map(|(d, known)| async move {
                let users = match known {
                    Some(users) => Some(users),
                    None => readable(client.directory_users(&d).await)?,
                };
                Ok::<_, Error>(users.map(|u| (d, u)))
            })
            .buffered(MEMBERSHIP_CONCURRENCY)
            .try_collect::<Vec<_>>();
        let (groups, directories) = tokio::try_join!(groups, directories)?;
        Ok(Self {
            groups: groups.into_iter().flatten().collect(),
            directories: directories.into_iter().flatten().collect(),
        })
    }

    /// Puts in one user's current groups and directories (by id), replacing what was known.
    pub fn set_user(&mut self, user_id: &str, groups: &[String], directories: &[String]) {
        for (group, members) in &mut self.groups {
            members.retain(|m| m != user_id);
            if groups.contains(&group.id) {
                members.push(user_id.to_owned());
            }
        }
        for (directory, users) in &mut self.directories {
            users.retain(|m| m != user_id);
            if directories.contains(&directory.id) {
                users.push(user_id.to_owned());
            }
        }
    }

    /// Takes a deleted user out everywhere.
    pub fn remove_user(&mut self, user_id: &str) {
        self.set_user(user_id, &[], &[]);
    }
}

/// A member list the key may not read (or that is gone) leaves that group or directory out
/// of the filters instead of failing the whole list; other errors stop the load.
fn readable<T>(result: Result<T, Error>) -> Result<Option<T>, Error> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(e)
            if matches!(
                e.kind,
                jumpcloud::ErrorKind::Forbidden | jumpcloud::ErrorKind::NotFound
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// What the index keeps of each person beyond their user record.
struct Entry {
    /// The searched fields, folded, separated by newlines.
    haystack: Box<str>,
    state: PersonState,
    created_ms: Option<i64>,
    department: u32,
    location: u32,
    groups: Vec<u32>,
    directories: Vec<u32>,
}

const NONE: u32 = u32::MAX;

/// A value table for departments and locations: the folded value's number, and the first
/// spelling seen.
#[derive(Default)]
struct Values {
    by_folded: HashMap<String, u32>,
    names: Vec<String>,
    counts: Vec<usize>,
}

impl Values {
    fn number(&mut self, value: &str) -> u32 {
        let value = value.trim();
        if value.is_empty() {
            return NONE;
        }
        let folded = fold(value);
        let n = *self.by_folded.entry(folded).or_insert_with(|| {
            self.names.push(value.to_owned());
            self.counts.push(0);
            (self.names.len() - 1) as u32
        });
        self.counts[n as usize] += 1;
        n
    }

    fn find(&self, value: &str) -> Option<u32> {
        self.by_folded.get(&fold(value)).copied()
    }

    fn facets(&self) -> Vec<Facet> {
        let mut all: Vec<Facet> = self
            .names
            .iter()
            .zip(&self.counts)
            .map(|(name, &count)| Facet {
                id: name.clone(),
                name: name.clone(),
                count,
            })
            .collect();
        all.sort_by_cached_key(|f| fold(&f.name));
        all
    }
}

/// The organization's people, searchable.
pub struct PeopleIndex {
    snapshot: Arc<OrgSnapshot>,
    memberships: Memberships,
    entries: Vec<Entry>,
    departments: Values,
    locations: Values,
    /// Each sort key's order of all people, made the first time it is asked for.
    orders: [OnceLock<Vec<u32>>; SortKey::ALL.len()],
}

impl PeopleIndex {
    /// Reads the whole organization: its users (pages in flight), directories and groups,
    /// and their members.
    /// The groups and directories come first (one page each, usually), then the users'
    /// pages and the member lists are read at the same time.
    pub async fn load(client: &Client) -> Result<Self, Error> {
        let (directories, groups) =
            tokio::try_join!(client.list_directories(), client.list_user_groups())?;
        let (users, memberships) = tokio::try_join!(
            client.list_all_users(),
            Memberships::fetch_of(client, groups.clone(), directories.clone())
        )?;
        let snapshot = OrgSnapshot::from_parts(users, directories, groups);
        Ok(Self::build(Arc::new(snapshot), memberships))
    }

    /// Indexes a snapshot and its memberships.
    pub fn build(snapshot: Arc<OrgSnapshot>, memberships: Memberships) -> Self {
        let users = snapshot.users();
        let mut departments = Values::default();
        let mut locations = Values::default();
        let mut entries: Vec<Entry> = users
            .iter()
            .map(|u| Entry {
                haystack: haystack(u).into_boxed_str(),
                state: PersonState::of(u),
                created_ms: u.created.as_deref().and_then(parse_rfc3339_ms),
                department: departments.number(&u.department),
                location: locations.number(&u.location),
                groups: Vec::new(),
                directories: Vec::new(),
            })
            .collect();
        for (n, (_, members)) in memberships.groups.iter().enumerate() {
            for id in members {
                if let Some(i) = snapshot.position(id) {
                    entries[i].groups.push(n as u32);
                }
            }
        }
        for (n, (_, bound)) in memberships.directories.iter().enumerate() {
            for id in bound {
                if let Some(i) = snapshot.position(id) {
                    if !entries[i].directories.contains(&(n as u32)) {
                        entries[i].directories.push(n as u32);
                    }
                }
            }
        }
        Self {
            snapshot,
            memberships,
            entries,
            departments,
            locations,
            orders: Default::default(),
        }
    }

    /// The organization as an import plans against it.
    pub fn snapshot(&self) -> &Arc<OrgSnapshot> {
        &self.snapshot
    }

    pub fn memberships(&self) -> &Memberships {
        &self.memberships
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The person at `index` (as [`PeopleIndex::query`] returns them).
    pub fn user(&self, index: u32) -> Option<&SystemUser> {
        self.snapshot.users().get(index as usize)
    }

    pub fn state(&self, index: u32) -> Option<PersonState> {
        self.entries.get(index as usize).map(|e| e.state)
    }

    /// The person with this id, username or email (in that order).
    pub fn find(&self, who: &str) -> Option<&SystemUser> {
        let who = who.trim();
        self.snapshot
            .user_by_id(who)
            .or_else(|| self.snapshot.user_by_username(who))
            .or_else(|| self.snapshot.user_by_email(who))
    }

    /// The groups a person is in (as known when the index was made).
    pub fn groups_of(&self, user_id: &str) -> Vec<&UserGroup> {
        self.entry_of(user_id).map_or_else(Vec::new, |e| {
            e.groups
                .iter()
                .map(|&g| &self.memberships.groups[g as usize].0)
                .collect()
        })
    }

    /// The directories a person is bound to (as known when the index was made).
    pub fn directories_of(&self, user_id: &str) -> Vec<&Directory> {
        self.entry_of(user_id).map_or_else(Vec::new, |e| {
            e.directories
                .iter()
                .map(|&d| &self.memberships.directories[d as usize].0)
                .collect()
        })
    }

    fn entry_of(&self, user_id: &str) -> Option<&Entry> {
        self.snapshot
            .position(user_id)
            .and_then(|i| self.entries.get(i))
    }

    /// The people matching `query`, in its order (indexes for [`PeopleIndex::user`]).
    /// `now_ms` is the time "created in the last N days" counts back from.
    pub fn query(&self, query: &PeopleQuery, now_ms: i64) -> Vec<u32> {
        let terms: Vec<String> = fold(&query.search)
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        // A filter naming a value nobody has matches nobody.
        let department = query
            .department
            .as_deref()
            .map(|d| self.departments.find(d).unwrap_or(NONE - 1));
        let location = query
            .location
            .as_deref()
            .map(|l| self.locations.find(l).unwrap_or(NONE - 1));
        let group = query.group.as_deref().map(|id| {
            self.memberships
                .groups
                .iter()
                .position(|(g, _)| g.id == id)
                .map_or(NONE - 1, |n| n as u32)
        });
        let directory = query.directory.as_deref().map(|id| {
            self.memberships
                .directories
                .iter()
                .position(|(d, _)| d.id == id)
                .map_or(NONE - 1, |n| n as u32)
        });
        let since = query
            .created_within_days
            .map(|days| now_ms - i64::from(days) * 86_400_000);
        let matches = |e: &Entry| {
            query.state.is_none_or(|s| e.state == s)
                && department.is_none_or(|d| e.department == d)
                && location.is_none_or(|l| e.location == l)
                && group.is_none_or(|g| e.groups.contains(&g))
                && directory.is_none_or(|d| e.directories.contains(&d))
                && since.is_none_or(|t| e.created_ms.is_some_and(|c| c >= t))
                && terms.iter().all(|t| e.haystack.contains(t.as_str()))
        };
        let order = self.order(query.sort);
        let pick = |&i: &u32| matches(&self.entries[i as usize]);
        if query.descending {
            order.iter().rev().filter(|i| pick(i)).copied().collect()
        } else {
            order.iter().filter(|i| pick(i)).copied().collect()
        }
    }

    /// Every person in `key`'s order (ties by username, then id).
    fn order(&self, key: SortKey) -> &[u32] {
        self.orders[key.slot()].get_or_init(|| {
            let users = self.snapshot.users();
            let mut order: Vec<u32> = (0..users.len() as u32).collect();
            let text = |u: &SystemUser| -> String {
                match key {
                    SortKey::Name => fold(&display_name(u)),
                    SortKey::Username => fold(&u.username),
                    SortKey::Email => fold(&u.email),
                    SortKey::Department => fold(&u.department),
                    SortKey::JobTitle => fold(&u.job_title),
                    SortKey::Location => fold(&u.location),
                    SortKey::State | SortKey::Created => String::new(),
                }
            };
            // Empty values sort last, whichever the direction of the rest.
            let keys: Vec<(bool, i64, String, String)> = users
                .iter()
                .zip(&self.entries)
                .map(|(u, e)| {
                    let (empty, number) = match key {
                        SortKey::State => (false, e.state as i64),
                        SortKey::Created => (e.created_ms.is_none(), e.created_ms.unwrap_or(0)),
                        _ => (false, 0),
                    };
                    let text = text(u);
                    let empty = empty || (number == 0 && text.is_empty() && !is_numeric(key));
                    (empty, number, text, fold(&u.username))
                })
                .collect();
            order.sort_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]));
            order
        })
    }

    /// The filter menus' choices.
    pub fn facets(&self) -> Facets {
        let count_state = |s: PersonState| self.entries.iter().filter(|e| e.state == s).count();
        Facets {
            departments: self.departments.facets(),
            locations: self.locations.facets(),
            groups: self
                .memberships
                .groups
                .iter()
                .map(|(g, members)| Facet {
                    id: g.id.clone(),
                    name: g.name.clone(),
                    count: members.len(),
                })
                .collect(),
            directories: self
                .memberships
                .directories
                .iter()
                .map(|(d, users)| Facet {
                    id: d.id.clone(),
                    name: if d.name.trim().is_empty() {
                        d.kind.label().to_owned()
                    } else {
                        d.name.clone()
                    },
                    count: users.len(),
                })
                .collect(),
            staged: count_state(PersonState::Staged),
            active: count_state(PersonState::Active),
            suspended: count_state(PersonState::Suspended),
        }
    }

    /// The index with Roster's own changes put in: `changed` users (new or updated, with their
    /// groups' and directories' ids when known) replace theirs, `removed` ids go.
    pub fn with_changes(&self, changed: Vec<ChangedPerson>, removed: &[String]) -> Self {
        let mut memberships = self.memberships.clone();
        for id in removed {
            memberships.remove_user(id);
        }
        let mut users = Vec::with_capacity(changed.len());
        for person in changed {
            if let Some((groups, directories)) = &person.memberships {
                memberships.set_user(&person.user.id, groups, directories);
            }
            users.push(person.user);
        }
        let snapshot = self.snapshot.with_users(users, removed);
        Self::build(Arc::new(snapshot), memberships)
    }

    /// Bytes the index holds beyond the snapshot's users (for the benchmark), roughly.
    pub fn index_bytes(&self) -> usize {
        self.entries
            .iter()
            .map(|e| {
                std::mem::size_of::<Entry>()
                    + e.haystack.len()
                    + (e.groups.capacity() + e.directories.capacity()) * 4
            })
            .sum::<usize>()
            + self
                .orders
                .iter()
                .filter_map(OnceLock::get)
                .map(|o| o.len() * 4)
                .sum::<usize>()
    }
}

/// A user Roster changed, with their groups' and directories' ids when it read them.
#[derive(Debug, Clone)]
pub struct ChangedPerson {
    pub user: SystemUser,
    pub memberships: Option<(Vec<String>, Vec<String>)>,
}

impl ChangedPerson {
    /// Reads a user as they are now, with their groups and directories. `None` when the user
    /// is gone.
    pub async fn fetch(client: &Client, id: &str) -> Result<Option<Self>, Error> {
        let user = match client.get_user(id).await {
            Ok(user) => user,
            Err(e) if e.kind == jumpcloud::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let (groups, directories) =
            tokio::try_join!(client.user_groups(id), client.user_directories(id))?;
        Ok(Some(Self {
            user,
            memberships: Some((
                groups.into_iter().map(|g| g.id).collect(),
                directories.into_iter().map(|d| d.id).collect(),
            )),
        }))
    }
}

/// How many changed people are read one by one after a job; past this the whole
/// organization is read again (fewer requests).
const RELOAD_PAST: usize = 200;

/// The open organization's index, kept for the session (loaded once, swapped when reloaded
/// or changed), and the last query's result, so scrolling through it costs nothing.
#[derive(Default)]
pub struct PeopleSession {
    inner: std::sync::Mutex<Option<Loaded>>,
    /// Held while loading, so concurrent callers wait for one load.
    loading: tokio::sync::Mutex<()>,
}

struct Loaded {
    org_id: String,
    index: Arc<PeopleIndex>,
    loaded_ms: i64,
    last: Option<(PeopleQuery, Arc<Vec<u32>>)>,
}

impl PeopleSession {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Loaded>> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The index of `org_id` and when it was read, if it is loaded.
    pub fn current(&self, org_id: &str) -> Option<(Arc<PeopleIndex>, i64)> {
        self.lock()
            .as_ref()
            .filter(|l| l.org_id == org_id)
            .map(|l| (l.index.clone(), l.loaded_ms))
    }

    /// The index of `org_id`, read from JumpCloud the first time.
    pub async fn index(&self, org_id: &str, client: &Client) -> Result<Arc<PeopleIndex>, Error> {
        if let Some((index, _)) = self.current(org_id) {
            return Ok(index);
        }
        let _loading = self.loading.lock().await;
        if let Some((index, _)) = self.current(org_id) {
            return Ok(index);
        }
        self.load(org_id, client).await
    }

    /// Reads the organization again and puts the new index in.
    pub async fn reload(&self, org_id: &str, client: &Client) -> Result<Arc<PeopleIndex>, Error> {
        let _loading = self.loading.lock().await;
        self.load(org_id, client).await
    }

    /// The organization's users, directories and groups read again (memberships kept from the
    /// loaded index, new groups' and directories' read), as an import plans against them. The
    /// list gets them too.
    pub async fn fresh_snapshot(
        &self,
        org_id: &str,
        client: &Client,
    ) -> Result<Arc<OrgSnapshot>, Error> {
        let Some((index, _)) = self.current(org_id) else {
            return Ok(self.index(org_id, client).await?.snapshot().clone());
        };
        let _loading = self.loading.lock().await;
        let snapshot = OrgSnapshot::fetch(client).await?;
        let memberships = index.memberships().refreshed(client, &snapshot).await?;
        let index = Arc::new(PeopleIndex::build(Arc::new(snapshot), memberships));
        self.put(org_id, index.clone());
        Ok(index.snapshot().clone())
    }

    async fn load(&self, org_id: &str, client: &Client) -> Result<Arc<PeopleIndex>, Error> {
        let index = Arc::new(PeopleIndex::load(client).await?);
        self.put(org_id, index.clone());
        Ok(index)
    }

    /// Makes `index` the one of `org_id`.
    pub fn put(&self, org_id: &str, index: Arc<PeopleIndex>) {
        *self.lock() = Some(Loaded {
            org_id: org_id.to_owned(),
            index,
            loaded_ms: now_ms(),
            last: None,
        });
    }

    /// Forgets the index (another organization was opened).
    pub fn forget(&self) {
        *self.lock() = None;
    }

    /// The people matching `query` in the loaded index of `org_id` (the last query's result
    /// when it is the same).
    pub fn query(
        &self,
        org_id: &str,
        query: &PeopleQuery,
    ) -> Option<(Arc<PeopleIndex>, Arc<Vec<u32>>)> {
        let mut guard = self.lock();
        let loaded = guard.as_mut().filter(|l| l.org_id == org_id)?;
        if let Some((q, rows)) = &loaded.last {
            if q == query {
                return Some((loaded.index.clone(), rows.clone()));
            }
        }
        let rows = Arc::new(loaded.index.query(query, now_ms()));
        loaded.last = Some((query.clone(), rows.clone()));
        Some((loaded.index.clone(), rows))
    }

    /// Puts in the people a job changed (read again from JumpCloud, with their groups and
    /// directories). Nothing happens when the index is not loaded.
    pub async fn changed(
        &self,
        org_id: &str,
        client: &Client,
        ids: &[String],
    ) -> Result<(), Error> {
        if self.current(org_id).is_none() || ids.is_empty() {
            return Ok(());
        }
        if ids.len() > RELOAD_PAST {
            self.reload(org_id, client).await?;
            return Ok(());
        }
        let read: Vec<(String, Option<ChangedPerson>)> = stream::iter(ids.iter().cloned())
            .map(|id| async move {
                let person = ChangedPerson::fetch(client, &id).await?;
                Ok::<_, Error>((id, person))
            })
            .buffered(MEMBERSHIP_CONCURRENCY)
            .try_collect()
            .await?;
        let mut changed = Vec::new();
        let mut removed = Vec::new();
        for (id, person) in read {
            match person {
                Some(p) => changed.push(p),
                None => removed.push(id),
            }
        }
        self.put_in(org_id, changed, &removed).await;
        Ok(())
    }

    /// Puts in people already read again (a profile that was just opened), and takes out
    /// `removed` ids. Nothing happens when the index is not loaded.
    pub async fn put_in(&self, org_id: &str, changed: Vec<ChangedPerson>, removed: &[String]) {
        let _loading = self.loading.lock().await;
        let Some((index, _)) = self.current(org_id) else {
            return;
        };
        let index = Arc::new(index.with_changes(changed, removed));
        let mut guard = self.lock();
        if let Some(loaded) = guard.as_mut().filter(|l| l.org_id == org_id) {
            loaded.index = index;
            loaded.last = None;
        }
    }
}

fn is_numeric(key: SortKey) -> bool {
    matches!(key, SortKey::State | SortKey::Created)
}

/// "First Last", or the display name when there is one, or the username.
pub fn display_name(u: &SystemUser) -> String {
    if !u.displayname.trim().is_empty() {
        return u.displayname.trim().to_owned();
    }
    let full = format!("{} {}", u.firstname.trim(), u.lastname.trim());
    let full = full.trim();
    if full.is_empty() {
        u.username.clone()
    } else {
        full.to_owned()
    }
}

fn haystack(u: &SystemUser) -> String {
    let mut text = String::with_capacity(96);
    for part in [
        display_name(u).as_str(),
        &u.firstname,
        &u.lastname,
        &u.username,
        &u.email,
        &u.employee_identifier,
        &u.department,
        &u.job_title,
    ] {
        if !part.is_empty() {
            text.push_str(&fold(part));
            text.push('\n');
        }
    }
    text
}

/// Text folded for comparing: lower case, without accents ("José Núñez" → "jose nunez"),
/// with the letters that do not decompose spelled out (ß → ss, ø → o, æ → ae, ł → l).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' => out.push('d'),
            'þ' | 'Þ' => out.push_str("th"),
            'ı' => out.push('i'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Milliseconds since 1970 of an RFC 3339 time JumpCloud writes ("2024-05-01T10:00:00.000Z",
/// with or without fractions, `Z` or an offset).
pub fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    let b = text.trim().as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i64> {
        std::str::from_utf8(b.get(from..to)?).ok()?.parse().ok()
    };
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    let mut rest = &b[19..];
    let mut millis = 0;
    if let [b'.', digits @ ..] = rest {
        let n = digits.iter().take_while(|c| c.is_ascii_digit()).count();
        let frac = &digits[..n];
        for i in 0..3 {
            millis = millis * 10 + frac.get(i).map_or(0, |d| i64::from(d - b'0'));
        }
        rest = &digits[n..];
    }
    let offset_minutes = match rest {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let digit = |c: &u8| i64::from(c.wrapping_sub(b'0'));
            let minutes = (digit(h1) * 10 + digit(h2)) * 60 + digit(m1) * 10 + digit(m2);
            if *sign == b'+' {
                minutes
            } else {
                -minutes
            }
        }
        _ => return None,
    };
    // Days from civil (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(secs * 1000 + millis)
}

/// Milliseconds since 1970, now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jumpcloud::models::DirectoryKind;

    fn user(id: &str, first: &str, last: &str, username: &str) -> SystemUser {
        SystemUser {
            id: id.into(),
            firstname: first.into(),
            lastname: last.into(),
            username: username.into(),
            email: format!("{username}@example.com"),
            ..SystemUser::default()
        }
    }

    fn sample() -> PeopleIndex {
        let mut jose = user("a1", "José", "Núñez", "jnunez");
        jose.department = "Sales".into();
        jose.location = "Lisboa".into();
        jose.created = Some("2026-11-28T09:00:00.000Z".into());
        let mut ada = user("a2", "Ada", "Lovelace", "alovelace");
        ada.department = "Engineering".into();
        ada.job_title = "Staff Engineer".into();
        ada.employee_identifier = "E-77".into();
        ada.created = Some("2025-01-01T00:00:00Z".into());
        let mut grace = user("a3", "Grace", "Hopper", "ghopper");
        grace.department = "engineering".into();
        grace.state = UserState::Staged;
        let mut bo = user("a4", "Bo", "Ørsted", "borsted");
        bo.suspended = true;
        bo.department = "Sales".into();
        let snapshot = OrgSnapshot::from_parts(
            vec![jose, ada, grace, bo],
            vec![Directory {
                id: "d1".into(),
                name: "Google Workspace".into(),
                kind: DirectoryKind::GSuite,
            }],
            vec![UserGroup {
                id: "g1".into(),
                name: "VPN".into(),
            }],
        );
        let memberships = Memberships {
            groups: vec![(
                UserGroup {
                    id: "g1".into(),
                    name: "VPN".into(),
                },
                vec!["a2".into(), "a3".into()],
            )],
            directories: vec![(
                Directory {
                    id: "d1".into(),
                    name: "Google Workspace".into(),
                    kind: DirectoryKind::GSuite,
                },
                vec!["a1".into(), "a2".into()],
            )],
        };
        PeopleIndex::build(Arc::new(snapshot), memberships)
    }

    fn usernames(index: &PeopleIndex, q: &PeopleQuery) -> Vec<String> {
        let now = parse_rfc3339_ms("2026-12-01T00:00:00Z").expect("time");
        index
            .query(q, now)
            .into_iter()
            .map(|i| index.user(i).expect("user").username.clone())
            .collect()
    }

    fn search(text: &str) -> PeopleQuery {
        PeopleQuery {
            search: text.into(),
            ..PeopleQuery::default()
        }
    }

    #[test]
    fn search_ignores_accents_and_case_and_needs_every_word() {
        let index = sample();
        assert_eq!(usernames(&index, &search("jose nunez")), ["jnunez"]);
        assert_eq!(usernames(&index, &search("NÚÑEZ")), ["jnunez"]);
        assert_eq!(usernames(&index, &search("orsted")), ["borsted"]);
        assert_eq!(usernames(&index, &search("e-77")), ["alovelace"]);
        assert_eq!(usernames(&index, &search("staff engineer")), ["alovelace"]);
        assert_eq!(
            usernames(&index, &search("ada hopper")),
            Vec::<String>::new()
        );
        assert_eq!(usernames(&index, &search("")).len(), 4);
    }

    #[test]
    fn filters_combine() {
        let index = sample();
        let q = |f: fn(&mut PeopleQuery)| {
            let mut q = PeopleQuery::default();
            f(&mut q);
            usernames(&index, &q)
        };
        assert_eq!(
            q(|q| q.department = Some("ENGINEERING".into())),
            ["alovelace", "ghopper"]
        );
        assert_eq!(q(|q| q.state = Some(PersonState::Staged)), ["ghopper"]);
        assert_eq!(q(|q| q.state = Some(PersonState::Suspended)), ["borsted"]);
        assert_eq!(q(|q| q.group = Some("g1".into())), ["alovelace", "ghopper"]);
        assert_eq!(
            q(|q| q.directory = Some("d1".into())),
            ["alovelace", "jnunez"]
        );
        assert_eq!(q(|q| q.created_within_days = Some(7)), ["jnunez"]);
        assert_eq!(q(|q| q.location = Some("lisboa".into())), ["jnunez"]);
        assert!(q(|q| q.department = Some("Nobody here".into())).is_empty());
        assert!(q(|q| q.group = Some("no-such-group".into())).is_empty());
        assert_eq!(
            q(|q| {
                q.department = Some("sales".into());
                q.state = Some(PersonState::Active);
            }),
            ["jnunez"]
        );
    }

    #[test]
    fn sorts_by_any_column_both_ways() {
        let index = sample();
        let sorted = |sort: SortKey, descending: bool| {
            usernames(
                &index,
                &PeopleQuery {
                    sort,
                    descending,
                    ..PeopleQuery::default()
                },
            )
        };
        assert_eq!(
            sorted(SortKey::Name, false),
            ["alovelace", "borsted", "ghopper", "jnunez"]
        );
        assert_eq!(
            sorted(SortKey::Name, true),
            ["jnunez", "ghopper", "borsted", "alovelace"]
        );
        // Ties (the same department in two spellings) go by username.
        assert_eq!(
            sorted(SortKey::Department, false),
            ["alovelace", "ghopper", "borsted", "jnunez"]
        );
        assert_eq!(
            sorted(SortKey::Created, false)[..2],
            ["alovelace", "jnunez"]
        );
        assert_eq!(
            sorted(SortKey::State, false),
            ["ghopper", "alovelace", "jnunez", "borsted"]
        );
    }

    #[test]
    fn facets_count_people() {
        let facets = sample().facets();
        let departments: Vec<(&str, usize)> = facets
            .departments
            .iter()
            .map(|f| (f.name.as_str(), f.count))
            .collect();
        assert_eq!(departments, [("Engineering", 2), ("Sales", 2)]);
        assert_eq!((facets.staged, facets.active, facets.suspended), (1, 2, 1));
        assert_eq!(facets.groups[0].count, 2);
        assert_eq!(facets.directories[0].name, "Google Workspace");
    }

    #[test]
    fn changes_are_put_in_at_once() {
        let index = sample();
        let mut ada = index.find("alovelace").expect("ada").clone();
        ada.department = "Research".into();
        let new = ChangedPerson {
            user: user("a9", "Zoë", "Ng", "zng"),
            memberships: Some((vec!["g1".into()], vec![])),
        };
        let changed = index.with_changes(
            vec![
                ChangedPerson {
                    user: ada,
                    memberships: Some((vec![], vec!["d1".into()])),
                },
                new,
            ],
            &["a4".into()],
        );
        assert_eq!(changed.len(), 4);
        assert!(changed.find("borsted").is_none());
        assert_eq!(usernames(&changed, &search("zoe")), ["zng"]);
        let research = PeopleQuery {
            department: Some("research".into()),
            ..PeopleQuery::default()
        };
        assert_eq!(usernames(&changed, &research), ["alovelace"]);
        let vpn = PeopleQuery {
            group: Some("g1".into()),
            ..PeopleQuery::default()
        };
        assert_eq!(usernames(&changed, &vpn), ["ghopper", "zng"]);
        // The original is untouched.
        assert_eq!(usernames(&index, &vpn), ["alovelace", "ghopper"]);
    }

    #[test]
    fn an_unreadable_member_list_is_left_out_but_other_errors_stop_the_load() {
        use jumpcloud::ErrorKind as K;
        let err = |k| Err::<Vec<String>, _>(Error::new(k, "x"));
        assert_eq!(readable(err(K::Forbidden)).ok(), Some(None));
        assert_eq!(readable(err(K::NotFound)).ok(), Some(None));
        assert!(readable(err(K::Offline)).is_err());
        assert_eq!(
            readable(Ok(vec!["a".to_owned()])).ok(),
            Some(Some(vec!["a".to_owned()]))
        );
    }

    #[test]
    fn parses_jumpcloud_times() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339_ms("2026-12-01T10:00:00.250Z"),
            Some(1_796_119_200_250)
        );
        assert_eq!(
            parse_rfc3339_ms("2026-12-01T12:00:00+02:00"),
            parse_rfc3339_ms("2026-12-01T10:00:00Z")
        );
        assert_eq!(parse_rfc3339_ms("yesterday"), None);
    }
}
