//! The sandbox's whole in-memory state. Serializable so it can be written to a state file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ids::object_id;
use crate::timefmt::now_millis;

pub type Doc = Map<String, Value>;

/// A V1 system user. `doc` is the `systemuserreturn` object exactly as returned.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserRec {
    pub org: String,
    pub doc: Doc,
    /// Never returned by the API.
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub password_history: Vec<String>,
}

impl UserRec {
    pub fn id(&self) -> &str {
        self.str_field("_id").unwrap_or_default()
    }

    pub fn str_field(&self, key: &str) -> Option<&str> {
        self.doc.get(key).and_then(Value::as_str)
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
    pub users: BTreeMap<String, UserRec>,
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
