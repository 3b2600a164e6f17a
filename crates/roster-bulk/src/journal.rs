//! The import journal: an append-only file of JSON lines, flushed to disk (fsync) record by
//! record, so an import interrupted by a crash, a quit or a sleeping laptop resumes where it
//! stopped and never sends a row twice.
//!
//! One journal per (organization, file bytes + mapping). Records:
//!
//! ```text
//! {"event":"header","version":1,"org_id":"…","digest":"…"}
//! {"event":"started","line":7,"action":"create","username":"ada"}
//! {"event":"finished","line":7,"username":"ada","outcome":"created","id":"…","message":null}
//! ```
//!
//! A row whose last record is `started` is *in doubt*: it may or may not have reached
//! JumpCloud. A resumed import looks the user up before sending it again. A torn last line (the
//! process died mid-write) is ignored and cut off; other unreadable lines are skipped.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use roster_import::Mapping;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::plan::Action;
use crate::report::{Outcome, RowResult};

const VERSION: u32 = 1;

/// Which journal an import uses: the organization and a digest of the file and its mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalKey {
    pub org_id: String,
    /// SHA-256 (hex) of the file's bytes, a zero byte, and the mapping's JSON.
    pub digest: String,
}

impl JournalKey {
    pub fn new(org_id: &str, file_bytes: &[u8], mapping: &Mapping) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(file_bytes);
        hasher.update([0u8]);
        hasher.update(serde_json::to_vec(mapping).unwrap_or_default());
        let digest = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Self {
            org_id: org_id.to_owned(),
            digest,
        }
    }

    /// `import-<org>-<first 32 hex digits of the digest>.jsonl`; the org id is reduced to
    /// letters, digits, `-` and `_` so it is a safe file name.
    pub fn file_name(&self) -> String {
        let org: String = self
            .org_id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .take(64)
            .collect();
        let org = if org.is_empty() {
            "org".to_owned()
        } else {
            org
        };
        let digest: String = self.digest.chars().take(32).collect();
        format!("import-{org}-{digest}.jsonl")
    }
}

/// The folder the app and the CLI share for journals: `<data dir>/<app identifier>/import-journals`
/// (as Tauri's app data folder: `$XDG_DATA_HOME` or `~/.local/share` on Linux,
/// `~/Library/Application Support` on macOS, `%APPDATA%` on Windows).
pub fn default_journal_dir(app_identifier: &str) -> Option<PathBuf> {
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
    Some(data.join(app_identifier).join("import-journals"))
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
        line: u64,
        action: Action,
        username: String,
    },
    Finished {
        line: u64,
        username: String,
        outcome: Outcome,
        id: Option<String>,
        message: Option<String>,
    },
}

/// What the journal knows about one row from earlier runs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RowHistory {
    /// The last `finished` record, if the last record is one.
    pub finished: Option<RowResult>,
    /// The last record is `started`: it is unknown whether JumpCloud got the row.
    pub in_doubt: bool,
    /// A create was started for this row at some point (so a user with its username and
    /// email was most likely made by this import).
    pub create_attempted: bool,
}

/// Why the journal could not be used.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("Roster could not use its import journal {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("Roster could not write its import journal: the writer stopped unexpectedly")]
    Writer,
}

/// An open journal. Cheap to clone (the file is shared).
#[derive(Debug, Clone)]
pub struct Journal {
    path: PathBuf,
    file: Arc<Mutex<File>>,
    history: Arc<HashMap<u64, RowHistory>>,
    skipped_lines: usize,
}

impl Journal {
    /// Opens (or creates) the journal for `key` in `dir`, reading what earlier runs recorded.
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
        let mut history: HashMap<u64, RowHistory> = HashMap::new();
        let mut has_header = false;
        for text in bytes[..complete].split(|&b| b == b'\n') {
            if text.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<Record>(text) {
                Ok(Record::Header { .. }) => has_header = true,
                Ok(Record::Started { line, action, .. }) => {
                    let entry = history.entry(line).or_default();
                    entry.finished = None;
                    entry.in_doubt = true;
                    entry.create_attempted |= action == Action::Create;
                }
                Ok(Record::Finished {
                    line,
                    username,
                    outcome,
                    id,
                    message,
                }) => {
                    let entry = history.entry(line).or_default();
                    entry.in_doubt = false;
                    entry.finished = Some(RowResult {
                        line,
                        username,
                        outcome,
                        id,
                        message,
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

    /// What earlier runs recorded for the row on `line`.
    pub fn history(&self, line: u64) -> Option<&RowHistory> {
        self.history.get(&line)
    }

    /// How many unreadable lines were ignored when opening (a torn last line counts).
    pub fn skipped_lines(&self) -> usize {
        self.skipped_lines
    }

    /// Records that a row is about to be sent (flushed before returning).
    pub async fn started(
        &self,
        line: u64,
        action: Action,
        username: &str,
    ) -> Result<(), JournalError> {
        self.append(Record::Started {
            line,
            action,
            username: username.to_owned(),
        })
        .await
    }

    /// Records a row's outcome (flushed before returning).
    pub async fn finished(&self, result: &RowResult) -> Result<(), JournalError> {
        self.append(Record::Finished {
            line: result.line,
            username: result.username.clone(),
            outcome: result.outcome,
            id: result.id.clone(),
            message: result.message.clone(),
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
            line,
            username: format!("u{line}"),
            outcome,
            id: Some("abc".into()),
            message: None,
        }
    }

    #[tokio::test]
    async fn records_survive_reopening_and_a_torn_last_line() -> Result<(), JournalError> {
        let dir = tempfile::tempdir().map_err(|source| JournalError::Io {
            path: PathBuf::new(),
            source,
        })?;
        let journal = Journal::open(dir.path(), &key())?;
        journal.started(2, Action::Create, "u2").await?;
        journal.finished(&result(2, Outcome::Created)).await?;
        journal.started(3, Action::Create, "u3").await?;
        journal.started(4, Action::Update, "u4").await?;
        journal.finished(&result(4, Outcome::Failed)).await?;
        drop(journal);
        // A crash in the middle of writing line 5's record.
        let path = dir.path().join(key().file_name());
        let mut file = OpenOptions::new()
            .append(true)
            .open(&path)
            .map_err(|source| JournalError::Io {
                path: path.clone(),
                source,
            })?;
        file.write_all(b"{\"event\":\"started\",\"li")
            .map_err(|source| JournalError::Io {
                path: path.clone(),
                source,
            })?;
        drop(file);

        let journal = Journal::open(dir.path(), &key())?;
        assert_eq!(journal.skipped_lines(), 1);
        let two = journal.history(2).cloned().unwrap_or_default();
        assert_eq!(two.finished.map(|r| r.outcome), Some(Outcome::Created));
        let three = journal.history(3).cloned().unwrap_or_default();
        assert!(three.in_doubt && three.create_attempted);
        let four = journal.history(4).cloned().unwrap_or_default();
        assert!(!four.in_doubt && !four.create_attempted);
        assert!(journal.history(5).is_none());
        // Appending after the cut starts on a fresh line.
        journal.finished(&result(3, Outcome::Created)).await?;
        drop(journal);
        let journal = Journal::open(dir.path(), &key())?;
        assert_eq!(journal.skipped_lines(), 0);
        assert_eq!(
            journal
                .history(3)
                .and_then(|h| h.finished.as_ref())
                .map(|r| r.outcome),
            Some(Outcome::Created)
        );
        Ok(())
    }

    #[test]
    fn keys_differ_by_org_file_and_mapping() {
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
    }
}
