//! History: Roster's own record of every change it made to JumpCloud, from any screen or the
//! CLI — who (the computer's user and name), when, in which organization, to whom, which
//! fields before → after, how it ended, and where the change came from. JumpCloud's own log
//! names only an API key and keeps 90 days; this one is kept on the admin's computer.
//!
//! One JSON-lines file per organization, `<data dir>/history/<org id>.jsonl`, appended and
//! flushed to disk (fsync) before the next change starts. A torn last line after a crash is
//! skipped on reading and cut off on the next append. The folder is outside anything an app
//! update replaces. Never holds a password, key or token: values come from [`FieldChange`]s,
//! built from the types Roster sends, which have no password.

use std::fs::OpenOptions;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::journal::{now_rfc3339, safe_org};
use crate::ops::OperationKind;

/// One field's value before and after a change (`None`: not set).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// JumpCloud's field name (`jobTitle`), or `directory` / `group` / `state`.
    pub field: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// The person a change was made to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: Option<String>,
    pub username: String,
    pub email: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HistoryOutcome {
    Done,
    Failed,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// RFC 3339, UTC.
    pub at: String,
    /// The operating system's user who ran Roster.
    pub os_user: String,
    /// The computer's name.
    pub computer: String,
    pub org_id: String,
    pub org_name: String,
    pub operation: OperationKind,
    pub person: Person,
    pub changes: Vec<FieldChange>,
    pub outcome: HistoryOutcome,
    /// JumpCloud's error in plain words, when it failed.
    pub error: Option<String>,
    /// Where the change came from: "people.csv, line 7", "added by hand", ...
    pub source: String,
    /// The job it was part of.
    #[serde(default)]
    pub job: Option<String>,
}

/// Who is making the changes: the OS user and the computer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub os_user: String,
    pub computer: String,
}

impl Actor {
    /// The user and computer this process runs as (from the environment; "unknown" when it
    /// does not say).
    pub fn current() -> Self {
        let var = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| std::env::var(n).ok().filter(|v| !v.trim().is_empty()))
        };
        let computer = var(&["COMPUTERNAME", "HOSTNAME"])
            .or_else(|| {
                std::fs::read_to_string("/etc/hostname")
                    .ok()
                    .map(|h| h.trim().to_owned())
                    .filter(|h| !h.is_empty())
            })
            .unwrap_or_else(|| "unknown".to_owned());
        Self {
            os_user: var(&["USER", "USERNAME", "LOGNAME"])
                .or_else(user_from_passwd)
                .unwrap_or_else(|| "unknown".to_owned()),
            computer,
        }
    }
}

/// Linux without a user in the environment (a service, a test harness): the name of this
/// process's user id in /etc/passwd.
fn user_from_passwd() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .to_owned();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut parts = line.split(':');
        let name = parts.next()?;
        (parts.nth(1)? == uid).then(|| name.to_owned())
    })
}

/// Which entries to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryFilter {
    /// Part of a username, an email address or a user id (ignoring capitals).
    pub person: Option<String>,
    pub operation: Option<OperationKind>,
    pub outcome: Option<HistoryOutcome>,
    /// `YYYY-MM-DD` (UTC), inclusive.
    pub since: Option<String>,
    /// `YYYY-MM-DD` (UTC), inclusive.
    pub until: Option<String>,
}

impl HistoryFilter {
    pub fn matches(&self, entry: &HistoryEntry) -> bool {
        if let Some(person) = self
            .person
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let person = person.to_lowercase();
            let p = &entry.person;
            let hit = p.username.to_lowercase().contains(&person)
                || p.email.to_lowercase().contains(&person)
                || p.id.as_deref().is_some_and(|id| id == person);
            if !hit {
                return false;
            }
        }
        if self.operation.is_some_and(|o| o != entry.operation) {
            return false;
        }
        if self.outcome.is_some_and(|o| o != entry.outcome) {
            return false;
        }
        let day = entry.at.get(..10).unwrap_or("");
        if self.since.as_deref().is_some_and(|since| day < since) {
            return false;
        }
        if self.until.as_deref().is_some_and(|until| day > until) {
            return false;
        }
        true
    }
}

#[derive(Debug, thiserror::Error)]
#[error("Roster could not write its History file {path}: {source}")]
pub struct HistoryError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// The History of one organization. Cheap to clone; appends are serialized.
#[derive(Debug, Clone)]
pub struct History {
    path: PathBuf,
    org_id: String,
    org_name: String,
    actor: Actor,
    lock: Arc<Mutex<()>>,
}

/// The file for `org_id` in `dir`: the id reduced to letters, digits, `-` and `_`.
pub fn history_file(dir: &Path, org_id: &str) -> PathBuf {
    dir.join(format!("{}.jsonl", safe_org(org_id)))
}

impl History {
    /// The History of the organization `org_id` (named `org_name`) in `dir`, written as
    /// `actor`. Nothing is touched until the first append.
    pub fn new(dir: &Path, org_id: &str, org_name: &str, actor: Actor) -> Self {
        Self {
            path: history_file(dir, org_id),
            org_id: org_id.to_owned(),
            org_name: org_name.to_owned(),
            actor,
            lock: Arc::new(Mutex::new(())),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A new entry stamped with now, this actor and this organization.
    #[allow(clippy::too_many_arguments)]
    pub fn entry(
        &self,
        operation: OperationKind,
        person: Person,
        changes: Vec<FieldChange>,
        error: Option<String>,
        source: String,
        job: Option<String>,
    ) -> HistoryEntry {
        HistoryEntry {
            at: now_rfc3339(),
            os_user: self.actor.os_user.clone(),
            computer: self.actor.computer.clone(),
            org_id: self.org_id.clone(),
            org_name: self.org_name.clone(),
            operation,
            person,
            changes,
            outcome: if error.is_some() {
                HistoryOutcome::Failed
            } else {
                HistoryOutcome::Done
            },
            error,
            source,
            job,
        }
    }

    /// Appends `entry` and flushes it to disk before returning (on a blocking thread).
    pub async fn append(&self, entry: HistoryEntry) -> Result<(), HistoryError> {
        let history = self.clone();
        tokio::task::spawn_blocking(move || history.append_now(&entry))
            .await
            .map_err(|e| HistoryError {
                path: self.path.clone(),
                source: std::io::Error::other(e.to_string()),
            })?
    }

    /// Appends `entry` and flushes it to disk (blocking).
    pub fn append_now(&self, entry: &HistoryEntry) -> Result<(), HistoryError> {
        let err = |source| HistoryError {
            path: self.path.clone(),
            source,
        };
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(err)?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&self.path)
            .map_err(err)?;
        // A torn last line (a crash mid-write) is cut off so this entry starts on its own line.
        let len = file.metadata().map_err(err)?.len();
        if len > 0 {
            let mut last = [0u8; 1];
            file.seek(SeekFrom::Start(len - 1)).map_err(err)?;
            file.read_exact(&mut last).map_err(err)?;
            if last[0] != b'\n' {
                let mut bytes = Vec::new();
                file.seek(SeekFrom::Start(0)).map_err(err)?;
                file.read_to_end(&mut bytes).map_err(err)?;
                let keep = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                file.set_len(keep as u64).map_err(err)?;
            }
        }
        let mut line = serde_json::to_vec(entry)
            .map_err(|e| err(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))?;
        line.push(b'\n');
        file.write_all(&line).map_err(err)?;
        file.sync_data().map_err(err)
    }
}

/// Every readable entry of the History file `path`, oldest first (a missing file is an empty
/// History; unreadable lines, such as a torn last one, are skipped).
pub fn read_history(path: &Path) -> std::io::Result<Vec<HistoryEntry>> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    Ok(bytes
        .split(|&b| b == b'\n')
        .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
        .filter_map(|line| serde_json::from_slice(line).ok())
        .collect())
}

/// The entries matching `filter`, newest first.
pub fn query(entries: &[HistoryEntry], filter: &HistoryFilter) -> Vec<HistoryEntry> {
    let mut found: Vec<HistoryEntry> = entries
        .iter()
        .filter(|e| filter.matches(e))
        .cloned()
        .collect();
    found.sort_by(|a, b| b.at.cmp(&a.at));
    found
}

/// A value as text for people: strings bare, the rest as JSON.
pub fn value_text(value: &Option<Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// The entries as CSV (formula-safe), for "Export".
pub fn to_csv(entries: &[HistoryEntry]) -> String {
    let header = [
        "When (UTC)",
        "Computer user",
        "Computer",
        "Organization",
        "Organization ID",
        "Operation",
        "Username",
        "Email",
        "JumpCloud ID",
        "Changes",
        "Outcome",
        "Error",
        "Source",
    ]
    .map(String::from);
    let rows = entries.iter().map(|e| {
        let changes: Vec<String> = e
            .changes
            .iter()
            .map(|c| {
                format!(
                    "{}: {} → {}",
                    c.field,
                    value_text(&c.before),
                    value_text(&c.after)
                )
            })
            .collect();
        [
            e.at.clone(),
            e.os_user.clone(),
            e.computer.clone(),
            e.org_name.clone(),
            e.org_id.clone(),
            e.operation.label().to_owned(),
            e.person.username.clone(),
            e.person.email.clone(),
            e.person.id.clone().unwrap_or_default(),
            changes.join("; "),
            match e.outcome {
                HistoryOutcome::Done => "done".to_owned(),
                HistoryOutcome::Failed => "failed".to_owned(),
            },
            e.error.clone().unwrap_or_default(),
            e.source.clone(),
        ]
    });
    roster_import::write_csv(std::iter::once(header).chain(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor() -> Actor {
        Actor {
            os_user: "pat".into(),
            computer: "desk-1".into(),
        }
    }

    fn person(username: &str) -> Person {
        Person {
            id: Some(format!("id-{username}")),
            username: username.into(),
            email: format!("{username}@example.com"),
        }
    }

    #[tokio::test]
    async fn entries_are_kept_in_order_and_a_torn_line_is_tolerated() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let history = History::new(dir.path(), "org1", "Example Corp", actor());
        let first = history.entry(
            OperationKind::Create,
            person("ada"),
            vec![FieldChange {
                field: "email".into(),
                before: None,
                after: Some("ada@example.com".into()),
            }],
            None,
            "people.csv, line 2".into(),
            Some("job-1".into()),
        );
        history.append(first.clone()).await.map_err(|e| e.source)?;
        // A crash in the middle of the next entry.
        let mut file = OpenOptions::new().append(true).open(history.path())?;
        file.write_all(b"{\"at\":\"2026")?;
        drop(file);
        assert_eq!(read_history(history.path())?, vec![first.clone()]);

        let second = history.entry(
            OperationKind::Suspend,
            person("bob"),
            vec![],
            Some("JumpCloud could not find it.".into()),
            "selection of 2 people".into(),
            None,
        );
        history.append(second.clone()).await.map_err(|e| e.source)?;
        let all = read_history(history.path())?;
        assert_eq!(all, vec![first.clone(), second.clone()]);
        assert_eq!(second.outcome, HistoryOutcome::Failed);
        assert_eq!(
            (second.os_user.as_str(), second.computer.as_str()),
            ("pat", "desk-1")
        );
        assert_eq!(second.org_name, "Example Corp");
        Ok(())
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_user_is_found_without_the_environment() {
        // This process's user id has a name in /etc/passwd on any Linux that runs the tests.
        let name = user_from_passwd().expect("a user name");
        assert!(!name.is_empty() && !name.contains(':'), "{name}");
    }

    #[test]
    fn filters_by_person_operation_outcome_and_day() {
        let history = History::new(Path::new("/nowhere"), "o", "O", actor());
        let mut a = history.entry(
            OperationKind::Create,
            person("ada"),
            vec![],
            None,
            "x".into(),
            None,
        );
        a.at = "2026-11-30T10:00:00Z".into();
        let mut b = history.entry(
            OperationKind::Suspend,
            person("bob"),
            vec![],
            Some("no".into()),
            "x".into(),
            None,
        );
        b.at = "2026-12-01T10:00:00Z".into();
        let all = vec![a.clone(), b.clone()];
        let f = |filter: HistoryFilter| -> Vec<String> {
            query(&all, &filter)
                .into_iter()
                .map(|e| e.person.username)
                .collect()
        };
        assert_eq!(f(HistoryFilter::default()), ["bob", "ada"], "newest first");
        assert_eq!(
            f(HistoryFilter {
                person: Some("ADA@".into()),
                ..Default::default()
            }),
            ["ada"]
        );
        assert_eq!(
            f(HistoryFilter {
                operation: Some(OperationKind::Suspend),
                ..Default::default()
            }),
            ["bob"]
        );
        assert_eq!(
            f(HistoryFilter {
                outcome: Some(HistoryOutcome::Done),
                ..Default::default()
            }),
            ["ada"]
        );
        assert_eq!(
            f(HistoryFilter {
                since: Some("2026-12-01".into()),
                ..Default::default()
            }),
            ["bob"]
        );
        assert_eq!(
            f(HistoryFilter {
                until: Some("2026-11-30".into()),
                ..Default::default()
            }),
            ["ada"]
        );
    }

    #[test]
    fn csv_export_is_formula_safe() {
        let history = History::new(Path::new("/nowhere"), "o", "O", actor());
        let mut entry = history.entry(
            OperationKind::Update,
            person("ada"),
            vec![FieldChange {
                field: "jobTitle".into(),
                before: Some("Engineer".into()),
                after: Some("=HYPERLINK(1)".into()),
            }],
            None,
            "people.csv, line 2".into(),
            None,
        );
        entry.person.username = "=cmd".into();
        let csv = to_csv(&[entry]);
        assert!(csv.starts_with("When (UTC),Computer user,Computer,"));
        assert!(csv.contains(",'=cmd,"), "{csv}");
        assert!(csv.contains("jobTitle: Engineer → =HYPERLINK(1)"), "{csv}");
    }
}
