//! The sandbox's whole in-memory state. Serializable so it can be written to a state file.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::filters::{cmp_sort_values, lookup, Fields};
use crate::ids::object_id;
use crate::query::SortKeys;
use crate::timefmt::now_millis;
use crate::userdoc::{Interner, UserDoc};

pub type Doc = Map<String, Value>;

/// A V1 system user. `doc` is the `systemuserreturn` object exactly as returned, in compact form.
#[derive(Debug, Clone)]
pub struct UserRec {
    pub org: String,
    doc: UserDoc,
    /// Never returned by the API.
    pub password: Option<String>,
    pub password_history: Vec<String>,
}

impl UserRec {
    pub fn new(org: &str, doc: UserDoc) -> Self {
        UserRec {
            org: org.to_string(),
            doc,
            password: None,
            password_history: Vec::new(),
        }
    }

    pub fn id(&self) -> &str {
        self.str_field("_id").unwrap_or_default()
    }

    pub fn str_field(&self, key: &str) -> Option<&str> {
        self.doc.str_field(key)
    }

    /// The stored document (serializes as the whole `systemuserreturn` object).
    pub fn doc(&self) -> &UserDoc {
        &self.doc
    }

    /// A copy of the whole document as a JSON object.
    pub fn to_doc(&self) -> Doc {
        self.doc.to_doc()
    }

    /// Replaces the document.
    pub fn set_doc(&mut self, doc: Doc) {
        self.doc = UserDoc::from_doc(doc, &mut Interner::default());
    }

    /// Changes the document with `f` (on a copy as a JSON object).
    pub fn edit_doc<T>(&mut self, f: impl FnOnce(&mut Doc) -> T) -> T {
        let mut doc = self.to_doc();
        let out = f(&mut doc);
        self.set_doc(doc);
        out
    }
}

impl Fields for UserRec {
    fn field(&self, key: &str) -> Option<Cow<'_, Value>> {
        self.doc.field(key)
    }
}

/// `UserRec` as written to the state file (the document in full).
#[derive(Serialize)]
struct UserRecOut<'a> {
    org: &'a str,
    doc: &'a UserDoc,
    password: &'a Option<String>,
    password_history: &'a [String],
}

/// `UserRec` as read from the state file.
#[derive(Deserialize)]
struct UserRecIn {
    org: String,
    doc: Doc,
    #[serde(default)]
    password: Option<String>,
    #[serde(default)]
    password_history: Vec<String>,
}

impl Serialize for UserRec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        UserRecOut {
            org: &self.org,
            doc: &self.doc,
            password: &self.password,
            password_history: &self.password_history,
        }
        .serialize(s)
    }
}

/// The system users of every organization, by id, with per-organization indexes kept up to date
/// on every change: look-ups by username and email, the unix uids in use, and the orders pages
/// were asked in (each sorted once, then kept sorted as users change). Written to the state file
/// as the map by id alone.
#[derive(Debug, Default, Clone)]
pub struct Users {
    recs: BTreeMap<String, UserRec>,
    orgs: HashMap<String, OrgIndex>,
}

/// The fields [`Users::candidates`] finds users by.
pub const INDEXED: [&str; 2] = ["username", "email"];

/// How many orders an organization keeps at most (more are dropped, and sorted again if asked).
const MAX_ORDERS: usize = 8;

/// The ids of an org's users in one order.
type Ids = Arc<Vec<Box<str>>>;

#[derive(Debug, Default)]
struct OrgIndex {
    count: usize,
    /// For each of [`INDEXED`]: a hash of the lower-cased value → the ids of the users with it
    /// (a hash collision only adds candidates, never loses one).
    by_value: [HashMap<u64, Vec<Box<str>>>; INDEXED.len()],
    /// For each of [`INDEXED`]: users whose value is set but is not a string (an array, a number,
    /// ...), which a filter may still match; always candidates.
    odd: [BTreeSet<String>; INDEXED.len()],
    /// `unix_uid` → how many users have it.
    uids: BTreeMap<i64, usize>,
    /// Sort keys (normalized, see [`Users::order`]) → the org's user ids in that order. Behind a
    /// lock so pages served under the store's read lock can add one.
    orders: Mutex<HashMap<SortKeys, Ids>>,
}

impl Clone for OrgIndex {
    fn clone(&self) -> Self {
        OrgIndex {
            count: self.count,
            by_value: self.by_value.clone(),
            odd: self.odd.clone(),
            uids: self.uids.clone(),
            orders: Mutex::default(),
        }
    }
}

/// A hash of `s` lower-cased (without building the lower-cased string).
fn value_hash(s: &str) -> u64 {
    use std::hash::{DefaultHasher, Hasher};
    let mut h = DefaultHasher::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        h.write_u32(u32::from(c));
    }
    h.finish()
}

/// How a user's value for one of [`INDEXED`] is indexed.
enum Indexed<'a> {
    Unset,
    Str(&'a str),
    Odd,
}

fn indexed<'a>(rec: &'a UserRec, key: &str) -> Indexed<'a> {
    if let Some(s) = rec.str_field(key) {
        return Indexed::Str(s);
    }
    match rec.field(key).as_deref() {
        None | Some(Value::Null) => Indexed::Unset,
        Some(_) => Indexed::Odd,
    }
}

/// What a user is sorted by: its values for `keys`, then its `_id`.
type SortKey<'a> = (Vec<Cow<'a, Value>>, Cow<'a, Value>);

fn sort_key<'a>(u: &'a UserRec, keys: &SortKeys) -> SortKey<'a> {
    let values = keys
        .iter()
        .map(|(path, _)| lookup(u, path).unwrap_or(Cow::Owned(Value::Null)))
        .collect();
    (values, u.field("_id").unwrap_or(Cow::Owned(Value::Null)))
}

fn cmp_keys(keys: &SortKeys, a: &SortKey, b: &SortKey) -> Ordering {
    cmp_sort_values(keys, (&a.0, &a.1), (&b.0, &b.1))
}

/// Where user `id` (whose record is `rec`) is, or belongs, in `ids` sorted by `keys`.
fn locate(
    ids: &[Box<str>],
    recs: &BTreeMap<String, UserRec>,
    keys: &SortKeys,
    id: &str,
    rec: &UserRec,
) -> Result<usize, usize> {
    let target = sort_key(rec, keys);
    ids.binary_search_by(|probe| {
        if **probe == *id {
            return Ordering::Equal;
        }
        match recs.get(&**probe) {
            Some(other) => cmp_keys(keys, &sort_key(other, keys), &target),
            None => Ordering::Less,
        }
    })
}

impl OrgIndex {
    /// Indexes a user that `recs` does not hold (yet).
    fn add(&mut self, id: &str, rec: &UserRec, recs: &BTreeMap<String, UserRec>) {
        self.count += 1;
        for (i, key) in INDEXED.iter().enumerate() {
            match indexed(rec, key) {
                Indexed::Unset => {}
                Indexed::Str(s) => self.by_value[i]
                    .entry(value_hash(s))
                    .or_default()
                    .push(id.into()),
                Indexed::Odd => {
                    self.odd[i].insert(id.to_string());
                }
            }
        }
        if let Some(uid) = rec.field("unix_uid").and_then(|v| v.as_i64()) {
            *self.uids.entry(uid).or_default() += 1;
        }
        let orders = self.orders.get_mut().unwrap_or_else(|e| e.into_inner());
        orders.retain(|keys, ids| match locate(ids, recs, keys, id, rec) {
            Err(pos) => {
                Arc::make_mut(ids).insert(pos, id.into());
                true
            }
            // Already there: should not happen; sort again when next asked.
            Ok(_) => false,
        });
    }

    /// Forgets a user that `recs` no longer holds.
    fn remove(&mut self, id: &str, rec: &UserRec, recs: &BTreeMap<String, UserRec>) {
        self.count -= 1;
        for (i, key) in INDEXED.iter().enumerate() {
            match indexed(rec, key) {
                Indexed::Unset => {}
                Indexed::Str(s) => {
                    let h = value_hash(s);
                    if let Some(ids) = self.by_value[i].get_mut(&h) {
                        ids.retain(|x| &**x != id);
                        if ids.is_empty() {
                            self.by_value[i].remove(&h);
                        }
                    }
                }
                Indexed::Odd => {
                    self.odd[i].remove(id);
                }
            }
        }
        if let Some(uid) = rec.field("unix_uid").and_then(|v| v.as_i64()) {
            if let Some(n) = self.uids.get_mut(&uid) {
                *n -= 1;
                if *n == 0 {
                    self.uids.remove(&uid);
                }
            }
        }
        let orders = self.orders.get_mut().unwrap_or_else(|e| e.into_inner());
        orders.retain(|keys, ids| match locate(ids, recs, keys, id, rec) {
            Ok(pos) => {
                Arc::make_mut(ids).remove(pos);
                true
            }
            Err(_) => false,
        });
    }
}

/// An org's users in one order (see [`Users::order`]).
pub struct Order<'a> {
    recs: &'a BTreeMap<String, UserRec>,
    ids: Ids,
}

impl<'a> Order<'a> {
    /// Every user in this order.
    pub fn iter(&self) -> impl Iterator<Item = &'a UserRec> + '_ {
        let recs = self.recs;
        self.ids.iter().filter_map(move |id| recs.get(&**id))
    }

    /// The users at `skip..skip + limit` in this order.
    pub fn window(&self, skip: usize, limit: usize) -> Vec<&'a UserRec> {
        let recs = self.recs;
        self.ids
            .iter()
            .skip(skip)
            .take(limit)
            .filter_map(|id| recs.get(&**id))
            .collect()
    }
}

/// Sorts users by `keys`, then by `_id`, as [`crate::filters::sort_docs`] sorts documents.
pub fn sort_users(users: &mut Vec<&UserRec>, keys: &SortKeys) {
    if keys.is_empty() {
        users.sort_by(|a, b| a.id().cmp(b.id()));
        return;
    }
    let mut keyed: Vec<(SortKey, &UserRec)> =
        users.iter().map(|&u| (sort_key(u, keys), u)).collect();
    keyed.sort_by(|a, b| cmp_keys(keys, &a.0, &b.0));
    users.clear();
    users.extend(keyed.into_iter().map(|(_, u)| u));
}

impl Users {
    pub fn get(&self, id: &str) -> Option<&UserRec> {
        self.recs.get(id)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &UserRec> {
        self.recs.values()
    }

    /// Adds a user or replaces the one with this id.
    pub fn insert(&mut self, id: String, rec: UserRec) {
        self.remove(&id);
        if !self.orgs.contains_key(&rec.org) {
            self.orgs.insert(rec.org.clone(), OrgIndex::default());
        }
        if let Some(index) = self.orgs.get_mut(&rec.org) {
            index.add(&id, &rec, &self.recs);
        }
        self.recs.insert(id, rec);
    }

    pub fn remove(&mut self, id: &str) -> Option<UserRec> {
        let rec = self.recs.remove(id)?;
        if let Some(index) = self.orgs.get_mut(&rec.org) {
            index.remove(id, &rec, &self.recs);
        }
        Some(rec)
    }

    /// Changes one user with `f`; `None` when there is no user with this id.
    pub fn update<T>(&mut self, id: &str, f: impl FnOnce(&mut UserRec) -> T) -> Option<T> {
        let mut rec = self.remove(id)?;
        let out = f(&mut rec);
        self.insert(id.to_string(), rec);
        Some(out)
    }

    /// How many users an org has.
    pub fn count(&self, org: &str) -> usize {
        self.orgs.get(org).map_or(0, |i| i.count)
    }

    /// How many orders an org has cached.
    #[cfg(test)]
    pub fn cached_orders(&self, org: &str) -> usize {
        self.orgs.get(org).map_or(0, |i| {
            i.orders.lock().unwrap_or_else(|e| e.into_inner()).len()
        })
    }

    /// The highest `unix_uid` in an org.
    pub fn max_unix_uid(&self, org: &str) -> Option<i64> {
        self.orgs.get(org)?.uids.keys().next_back().copied()
    }

    /// The users of `org` whose `key` (one of [`INDEXED`]) may equal `value`, ignoring case:
    /// every user whose value is that string in any case, and users whose value is not a string;
    /// in id order. Callers check each candidate.
    pub fn candidates(&self, org: &str, key: &str, value: &str) -> Vec<&UserRec> {
        let Some((i, index)) = INDEXED
            .iter()
            .position(|k| *k == key)
            .zip(self.orgs.get(org))
        else {
            return Vec::new();
        };
        let mut ids: Vec<&str> = index.by_value[i]
            .get(&value_hash(value))
            .into_iter()
            .flatten()
            .map(|id| &**id)
            .chain(index.odd[i].iter().map(String::as_str))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter().filter_map(|id| self.recs.get(id)).collect()
    }

    /// The users of `org` sorted by `keys`, then by `_id` (as [`sort_users`] sorts them): sorted
    /// on the first request for that order, then kept sorted as users are added, changed and
    /// removed.
    pub fn order<'a>(&'a self, org: &str, keys: &SortKeys) -> Order<'a> {
        // `_id` ascending is the default order.
        let keys: SortKeys = match keys.as_slice() {
            [(key, false)] if key == "_id" => Vec::new(),
            _ => keys.clone(),
        };
        let Some(index) = self.orgs.get(org) else {
            return Order {
                recs: &self.recs,
                ids: Ids::default(),
            };
        };
        let mut orders = index.orders.lock().unwrap_or_else(|e| e.into_inner());
        let ids = match orders.get(&keys) {
            Some(ids) => ids.clone(),
            None => {
                // By id straight from the map (its keys are the ids); any other order sorted.
                let ids: Vec<Box<str>> = if keys.is_empty() {
                    self.recs
                        .iter()
                        .filter(|(_, u)| u.org == org)
                        .map(|(id, _)| id.as_str().into())
                        .collect()
                } else {
                    let mut all: Vec<&UserRec> =
                        self.recs.values().filter(|u| u.org == org).collect();
                    sort_users(&mut all, &keys);
                    all.into_iter().map(|u| u.id().into()).collect()
                };
                if orders.len() >= MAX_ORDERS {
                    orders.clear();
                }
                let ids = Arc::new(ids);
                orders.insert(keys, ids.clone());
                ids
            }
        };
        Order {
            recs: &self.recs,
            ids,
        }
    }
}

impl Serialize for Users {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.recs.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Users {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = BTreeMap::<String, UserRecIn>::deserialize(d)?;
        let mut interner = Interner::default();
        let mut users = Users::default();
        for (id, r) in raw {
            let rec = UserRec {
                org: r.org,
                doc: UserDoc::from_doc(r.doc, &mut interner),
                password: r.password,
                password_history: r.password_history,
            };
            users.insert(id, rec);
        }
        Ok(users)
    }
}

/// A connected directory (V2 `Directory`): Google Workspace, Microsoft 365, LDAP, ...
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DirectoryRec {
    pub id: String,
    pub org: String,
    /// `g_suite`, `office_365`, `ldap_server`, `active_directory`, `workday`.
    pub kind: String,
    pub name: String,
    /// Extra attributes of the directory object (defaultDomain, userLockoutAction, ...).
    pub extra: Doc,
}

/// A person who lives in a Google Workspace or Microsoft 365 tenant and may be imported.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExternalPerson {
    pub external_id: String,
    pub email: String,
    pub firstname: String,
    pub lastname: String,
    pub department: String,
    pub job_title: String,
    pub location: String,
    pub employee_identifier: String,
    pub phone: String,
}

/// An association edge between a user or user group and a directory (or a user and a group
/// association target). Stored once, seen from both sides.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Assoc {
    pub org: String,
    /// `user` or `user_group`.
    pub from_type: String,
    pub from_id: String,
    /// A directory type (`g_suite`, ...) or another graph type.
    pub to_type: String,
    pub to_id: String,
    #[serde(default)]
    pub attributes: Option<Value>,
}

/// A V2 user group.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GroupRec {
    pub org: String,
    pub doc: Doc,
    pub members: Vec<String>,
}

/// One bulk-user job (`POST|PATCH /bulk/users`) and its results.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BulkJob {
    pub id: String,
    pub org: String,
    pub results: Vec<Value>,
}

/// A scheduled user state change (`/bulk/userstates`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserStateJob {
    pub id: String,
    pub org: String,
    pub user_id: String,
    pub state: String,
    pub scheduled_ms: i64,
    pub send_activation_emails: Option<bool>,
    #[serde(default)]
    pub applied: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Store {
    pub format: u32,
    pub id_machine: u64,
    pub id_counter: u64,
    /// Organization objects (schema `organization`), in creation order.
    pub orgs: Vec<Doc>,
    /// API key → the organizations it administers (first = default).
    pub keys: BTreeMap<String, Vec<String>>,
    pub users: Users,
    pub directories: BTreeMap<String, DirectoryRec>,
    pub external_people: BTreeMap<String, Vec<ExternalPerson>>,
    pub assocs: Vec<Assoc>,
    pub groups: BTreeMap<String, GroupRec>,
    pub bulk_jobs: BTreeMap<String, BulkJob>,
    pub userstate_jobs: BTreeMap<String, UserStateJob>,
}

impl Store {
    /// A fresh id stamped with the current time.
    pub fn new_id(&mut self) -> String {
        let secs = (now_millis() / 1000).max(0) as u64;
        self.new_id_at(secs)
    }

    pub fn new_id_at(&mut self, secs: u64) -> String {
        self.id_counter += 1;
        object_id(secs, self.id_machine, self.id_counter)
    }

    pub fn org(&self, id: &str) -> Option<&Doc> {
        self.orgs
            .iter()
            .find(|o| o.get("_id").and_then(Value::as_str) == Some(id))
    }

    pub fn org_mut(&mut self, id: &str) -> Option<&mut Doc> {
        self.orgs
            .iter_mut()
            .find(|o| o.get("_id").and_then(Value::as_str) == Some(id))
    }

    /// `settings.newSystemUserStateDefaults.<which>` of an org, `ACTIVATED` when unset.
    pub fn default_state(&self, org: &str, which: &str) -> String {
        self.org(org)
            .and_then(|o| o.get("settings"))
            .and_then(|s| s.get("newSystemUserStateDefaults"))
            .and_then(|d| d.get(which))
            .and_then(Value::as_str)
            .unwrap_or("ACTIVATED")
            .to_string()
    }

    pub fn user_in_org(&self, org: &str, id: &str) -> Option<&UserRec> {
        self.users.get(id).filter(|u| u.org == org)
    }

    /// An org's users in id order.
    pub fn users_of<'a>(&'a self, org: &'a str) -> impl Iterator<Item = &'a UserRec> + 'a {
        self.users.values().filter(move |u| u.org == org)
    }

    pub fn directory_in_org(&self, org: &str, id: &str) -> Option<&DirectoryRec> {
        self.directories.get(id).filter(|d| d.org == org)
    }

    pub fn group_in_org(&self, org: &str, id: &str) -> Option<&GroupRec> {
        self.groups.get(id).filter(|g| g.org == org)
    }
}
