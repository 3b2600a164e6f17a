//! The job journal: an append-only file of JSON lines, flushed to disk (fsync) record by
//! record, so a job interrupted by a crash, a quit or a sleeping laptop resumes where it
//! stopped and never sends a row twice. It is the same for every kind of job (an import, a
//! bulk suspend, ...): rows are known by their key, and each record carries the digest of the
//! values that were planned, so a row edited since is planned and sent again.
//!
//! One journal per (organization, source); while a job runs, the journal file is locked, so a
//! second window or `roster-cli` cannot run the same job at the same time. Records:
//!
//! ```text
//! {"event":"header","version":2,"org_id":"…","digest":"…"}
//! {"event":"started","key":"line:7","digest":"…","action":"create","username":"ada","at":"…"}
//! {"event":"finished","key":"line:7","digest":"…","line":7,"username":"ada","outcome":"created","id":"…","message":null,"at":"…"}
//! ```
//!
//! A row whose last record is `started` is *in doubt*: it may or may not have reached
//! JumpCloud. A resumed job looks it up before sending it again. A torn last line (the
//! process died mid-write) is ignored and cut off; other unreadable lines are skipped.

use std::collections::HashMap;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use roster_import::Mapping;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::plan::Action;
use crate::report::{Outcome, RowResult};

const VERSION: u32 = 2;

/// Hex SHA-256 of some bytes.
pub fn sha256_hex(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            hasher.update([0u8]);
        }
        hasher.update(part);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Which journal a job uses: the organization and a digest of its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalKey {
    pub org_id: String,
    /// SHA-256 (hex) of what identifies the job's source: for a file, its bytes and mapping.
    pub digest: String,
    /// The file name's first word: `import`, `offboard`, ...
    #[serde(default = "default_kind")]
    pub kind: String,
}

fn default_kind() -> String {
    "import".to_owned()
}

impl JournalKey {
    /// The journal of a file import: the file's bytes and its mapping.
    pub fn new(org_id: &str, file_bytes: &[u8], mapping: &Mapping) -> Self {
        let mapping = serde_json::to_vec(mapping).unwrap_or_default();
        Self {
            org_id: org_id.to_owned(),
            digest: sha256_hex(&[file_bytes, &mapping]),
            kind: default_kind(),
        }
    }

    /// The journal of another kind of job, identified by `identity` (for example the sorted
    /// ids of a selection of people and the operation).
    pub fn for_job(org_id: &str, kind: &str, identity: &[u8]) -> Self {
        let kind: String = kind
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(16)
            .collect();
        Self {
            org_id: org_id.to_owned(),
            digest: sha256_hex(&[identity]),
            kind: if kind.is_empty() {
                default_kind()
            } else {
                kind
            },
        }
    }

    /// `<kind>-<org>-<first 32 hex digits of the digest>.jsonl`; the org id is reduced to
    /// letters, digits, `-` and `_` so it is a safe file name.
    pub fn file_name(&self) -> String {
        let digest: String = self.digest.chars().take(32).collect();
        format!("{}-{}-{digest}.jsonl", self.kind, safe_org(&self.org_id))
    }
}

/// An organization id as a safe part of a file name: letters, digits, `-` and `_` only (at
/// most 64), or `org` when nothing is left.
pub(crate) fn safe_org(org_id: &str) -> String {
    let org: String = org_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(64)
        .collect();
    if org.is_empty() {
        "org".to_owned()
    } else {
        org
    }
}

/// The folder the app and the CLI share for journals: `<data dir>/<app identifier>/import-journals`
/// (as Tauri's app data folder: `$XDG_DATA_HOME` or `~/.local/share` on Linux,
/// `~/Library/Application Support` on macOS, `%APPDATA%` on Windows).
pub fn default_journal_dir(app_identifier: &str) -> Option<PathBuf> {
    Some(default_data_dir(app_identifier)?.join("import-journals"))
}

/// The app's data folder, `<data dir>/<app identifier>`, as Tauri names it.
pub fn default_data_dir(app_identifier: &str) -> Option<PathBuf> {
    let env = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let data = if cfg!(target_os = "windows") {
        env("APPDATA")
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| h.join("Library").join("Application Support"))
    } else {
        env("XDG_DATA_HOME").or_else(|| env("HOME").map(|h| h.join(".local").join("share")))
    }?;
    Some(data.join(app_identifier))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "lowercase")]
enum Record {
    Header {
        version: u32,
        org_id: String,
        digest: String,
    },
    Started {
        #[serde(default)]
        key: String,
        #[serde(default)]
        digest: String,
        /// Version 1 journals keyed rows by line only.
        #[serde(default)]
        line: u64,
        action: Action,
        username: String,
        #[serde(default)]
        at: String,
    },
    Finished {
        #[serde(default)]
        key: String,
        #[serde(default)]
        digest: String,
        line: u64,
        username: String,
        #[serde(default)]
        email: String,
        outcome: Outcome,
        id: Option<String>,
        message: Option<String>,
        #[serde(default)]
        at: String,
    },
}

/// The key of a version 1 record (which had only a line).
fn key_of(key: String, line: u64) -> String {
    if key.is_empty() {
        format!("line:{line}")
    } else {
        key
    }
}

/// An earlier run's outcome for a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    pub result: RowResult,
    /// The digest of the values that run planned.
    pub digest: String,
    /// When it finished (RFC 3339; empty in old journals).
    pub at: String,
}

/// What the journal knows about one row from earlier runs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RowHistory {
    /// The last `finished` record, if the last record is one.
    pub finished: Option<Finished>,
    /// The last record is `started`: it is unknown whether JumpCloud got the row.
    pub in_doubt: bool,
    /// A create was started for this row at some point (so a user with its username and
    /// email was most likely made by this job).
    pub create_attempted: bool,
    /// A create finished for this row at some point: JumpCloud has the user.
    pub created: bool,
}

/// Why the journal could not be used.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("Roster could not use its journal {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("Roster could not write its journal: the writer stopped unexpectedly")]
    Writer,
    /// Another window or `roster-cli` is running the same job now.
    #[error("This job is already running in another Roster window or in roster-cli. Wait for it to finish there, or stop it there, then try again.")]
    Busy { path: PathBuf },
}

/// An open journal, locked for this process until the last clone is dropped. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Journal {
    path: PathBuf,
    file: Arc<Mutex<File>>,
    history: Arc<HashMap<String, RowHistory>>,
    skipped_lines: usize,
}

/// The current time, RFC 3339 in UTC, to the second.
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    let now = now.replace_nanosecond(0).unwrap_or(now);
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

impl Journal {
    /// Opens (or creates) the journal for `key` in `dir`, reading what earlier runs recorded,
    /// and locks it. [`JournalError::Busy`] when another process (or another `open` here)
    /// holds it.
    pub fn open(dir: &Path, key: &JournalKey) -> Result<Self, JournalError> {
        let path = dir.join(key.file_name());
        let io = |source| JournalError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(JournalError::Busy { path }),
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(io)?;

        // A last line without its newline was torn by a crash: cut it off so the next
        // record starts on a line of its own.
        let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let mut skipped_lines = 0;
        if complete < bytes.len() {
            skipped_lines += 1;
            file.set_len(complete as u64).map_err(io)?;
            file.seek(SeekFrom::End(0)).map_err(io)?;
        }
        let mut history: HashMap<String, RowHistory> = HashMap::new();
        let mut has_header = false;
        for text in bytes[..complete].split(|&b| b == b'\n') {
            if text.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<Record>(text) {
                Ok(Record::Header { .. }) => has_header = true,
                Ok(Record::Started {
                    key, line, action, ..
                }) => {
                    let entry = history.entry(key_of(key, line)).or_default();
                    entry.finished = None;
                    entry.in_doubt = true;
                    entry.create_attempted |= action == Action::Create;
                }
                Ok(Record::Finished {
                    key,
                    digest,
                    line,
                    username,
                    email,
                    outcome,
                    id,
                    message,
                    at,
                }) => {
                    let key = key_of(key, line);
                    let entry = history.entry(key.clone()).or_default();
                    entry.in_doubt = false;
                    entry.created |= outcome == Outcome::Created;
                    entry.finished = Some(Finished {
                        result: RowResult {
                            key,
                            line,
                            username,
                            name: String::new(),
                            email,
                            outcome,
                            id,
                            message,
                            earlier: None,
                        },
                        digest,
                        at,
                    });
                }
                Err(_) => skipped_lines += 1,
            }
        }
        let journal = Self {
            path,
            file: Arc::new(Mutex::new(file)),
            history: Arc::new(history),
            skipped_lines,
        };
        if !has_header {
            journal.append_now(&Record::Header {
                version: VERSION,
                org_id: key.org_id.clone(),
                digest: key.digest.clone(),
            })?;
        }
        Ok(journal)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What earlier runs recorded for the row with `key`.
    pub fn history(&self, key: &str) -> Option<&RowHistory> {
        self.history.get(key)
    }

    /// How many unreadable lines were ignored when opening (a torn last line counts).
    pub fn skipped_lines(&self) -> usize {
        self.skipped_lines
    }

    /// Records that a row is about to be sent (flushed before returning).
    pub async fn started(
        &self,
        key: &str,
        digest: &str,
        action: Action,
        username: &str,
    ) -> Result<(), JournalError> {
        self.append(Record::Started {
            key: key.to_owned(),
            digest: digest.to_owned(),
            line: 0,
            action,
            username: username.to_owned(),
            at: now_rfc3339(),
        })
        .await
    }

    /// Records a row's outcome (flushed before returning).
    pub async fn finished(&self, result: &RowResult, digest: &str) -> Result<(), JournalError> {
        self.append(Record::Finished {
            key: result.key.clone(),
            digest: digest.to_owned(),
            line: result.line,
            username: result.username.clone(),
            email: result.email.clone(),
            outcome: result.outcome,
            id: result.id.clone(),
            message: result.message.clone(),
            at: now_rfc3339(),
        })
        .await
    }

    async fn append(&self, record: Record) -> Result<(), JournalError> {
        let journal = self.clone();
        tokio::task::spawn_blocking(move || journal.append_now(&record))
            .await
            .map_err(|_| JournalError::Writer)?
    }

    fn append_now(&self, record: &Record) -> Result<(), JournalError> {
        let io = |source| JournalError::Io {
            path: self.path.clone(),
            source,
        };
        let mut line = serde_json::to_vec(record)
            .map_err(|e| io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))?;
        line.push(b'\n');
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        file.write_all(&line).map_err(io)?;
        file.sync_data().map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> JournalKey {
        let mapping = Mapping {
            columns: vec![],
            derive_username_from_email: false,
        };
        JournalKey::new("5f0c1d2e3f40516273849a0b", b"username,email\n", &mapping)
    }

    fn result(line: u64, outcome: Outcome) -> RowResult {
        RowResult {
            key: format!("line:{line}"),
            line,
            username: format!("u{line}"),
            name: String::new(),
            email: String::new(),
            outcome,
            id: Some("abc".into()),
            message: None,
            earlier: None,
        }
    }

    fn io(source: std::io::Error) -> JournalError {
        JournalError::Io {
            path: PathBuf::new(),
            source,
        }
    }

    #[tokio::test]
    async fn records_survive_reopening_and_a_torn_last_line() -> Result<(), JournalError> {
        let dir = tempfile::tempdir().map_err(io)?;
        let journal = Journal::open(dir.path(), &key())?;
        journal
            .started("line:2", "d2", Action::Create, "u2")
            .await?;
        journal.finished(&result(2, Outcome::Created), "d2").await?;
        journal
            .started("line:3", "d3", Action::Create, "u3")
            .await?;
        journal
            .started("line:4", "d4", Action::Update, "u4")
            .await?;
        journal.finished(&result(4, Outcome::Failed), "d4").await?;
        drop(journal);
        // A crash in the middle of writing line 5's record.
        let path = dir.path().join(key().file_name());
        let mut file = OpenOptions::new().append(true).open(&path).map_err(io)?;
        file.write_all(b"{\"event\":\"started\",\"li").map_err(io)?;
        drop(file);

        let journal = Journal::open(dir.path(), &key())?;
        assert_eq!(journal.skipped_lines(), 1);
        let two = journal.history("line:2").cloned().unwrap_or_default();
        let finished = two.finished.expect("line 2 finished");
        assert_eq!(finished.result.outcome, Outcome::Created);
        assert_eq!(finished.digest, "d2");
        assert!(finished.at.ends_with('Z'), "{}", finished.at);
        assert!(two.created);
        let three = journal.history("line:3").cloned().unwrap_or_default();
        assert!(three.in_doubt && three.create_attempted && !three.created);
        let four = journal.history("line:4").cloned().unwrap_or_default();
        assert!(!four.in_doubt && !four.create_attempted);
        assert!(journal.history("line:5").is_none());
        // Appending after the cut starts on a fresh line.
        journal.finished(&result(3, Outcome::Created), "d3").await?;
        drop(journal);
        let journal = Journal::open(dir.path(), &key())?;
        assert_eq!(journal.skipped_lines(), 0);
        assert_eq!(
            journal
                .history("line:3")
                .and_then(|h| h.finished.as_ref())
                .map(|f| f.result.outcome),
            Some(Outcome::Created)
        );
        Ok(())
    }

    #[tokio::test]
    async fn version_1_journals_are_read_by_line() -> Result<(), JournalError> {
        let dir = tempfile::tempdir().map_err(io)?;
        let path = dir.path().join(key().file_name());
        std::fs::write(
            &path,
            "{\"event\":\"header\",\"version\":1,\"org_id\":\"o\",\"digest\":\"d\"}\n\
             {\"event\":\"started\",\"line\":7,\"action\":\"create\",\"username\":\"ada\"}\n\
             {\"event\":\"finished\",\"line\":7,\"username\":\"ada\",\"outcome\":\"created\",\"id\":\"x\",\"message\":null}\n",
        )
        .map_err(io)?;
        let journal = Journal::open(dir.path(), &key())?;
        let seven = journal.history("line:7").cloned().unwrap_or_default();
        assert_eq!(
            seven.finished.map(|f| (f.result.outcome, f.digest)),
            Some((Outcome::Created, String::new()))
        );
        Ok(())
    }

    #[test]
    fn a_second_open_of_the_same_journal_is_refused_until_the_first_is_closed(
    ) -> Result<(), JournalError> {
        let dir = tempfile::tempdir().map_err(io)?;
        let first = Journal::open(dir.path(), &key())?;
        let again = first.clone();
        match Journal::open(dir.path(), &key()) {
            Err(JournalError::Busy { .. }) => {}
            other => panic!("expected Busy, got {other:?}"),
        }
        drop(first);
        assert!(
            matches!(
                Journal::open(dir.path(), &key()),
                Err(JournalError::Busy { .. })
            ),
            "a clone still holds the lock"
        );
        drop(again);
        Journal::open(dir.path(), &key())?;
        Ok(())
    }

    #[test]
    fn keys_differ_by_org_file_mapping_and_kind() {
        let a = key();
        let mapping = Mapping {
            columns: vec![],
            derive_username_from_email: true,
        };
        let b = JournalKey::new(&a.org_id, b"username,email\n", &mapping);
        let c = JournalKey::new(
            "other",
            b"username,email\n",
            &Mapping {
                columns: vec![],
                derive_username_from_email: false,
            },
        );
        assert_ne!(a.digest, b.digest);
        assert_eq!(a.digest, c.digest);
        assert_ne!(a.file_name(), c.file_name());
        assert!(JournalKey::new("../..", b"", &mapping)
            .file_name()
            .starts_with("import-org-"));
        let job = JournalKey::for_job(&a.org_id, "suspend/../", b"ids");
        assert!(
            job.file_name().starts_with("suspend-"),
            "{}",
            job.file_name()
        );
    }
}
