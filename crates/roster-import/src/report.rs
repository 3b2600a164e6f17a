//! The result of checking a file: per column, per file and per row, as `roster-cli csv check
//! --json` prints it.
//!
//! Later checks (for example against the organization: existing users, unknown groups) add
//! issues with [`RowReport::push`] or [`CheckReport::push_file_issue`] and then call
//! [`CheckReport::recount`] so statuses and the summary agree.

use crate::delimiter::Delimiter;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;

/// How serious an issue is. Errors keep the row out of the import; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A row's overall state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowStatus {
    /// No problems.
    Ready,
    /// Can be imported, but something deserves a look.
    Warning,
    /// Cannot be imported until fixed.
    Error,
    /// Not a user: a row with only empty cells (or, later, a row the admin excluded).
    Skipped,
}

/// A problem with one row, tied to a field where there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowIssue {
    /// The JumpCloud field key, or `None` for the row as a whole.
    pub field: Option<String>,
    pub severity: Severity,
    /// A stable snake_case code the UI can act on.
    pub code: &'static str,
    /// Where in the row, in the file's words: the column's header ("E-Mail"), or `None` for
    /// the row as a whole.
    pub column: Option<String>,
    /// One or two plain sentences without a location (the caller says "Line 7" or
    /// "alice@example.com"); may start in lower case, see [`RowIssue::sentence`].
    pub message: String,
}

impl RowIssue {
    /// The message with its location: "Line 7, E-Mail: \"bob@\" is not …".
    pub fn located(&self, line: u64) -> String {
        match &self.column {
            Some(column) => format!("Line {line}, {column}: {}", self.message),
            None => format!("Line {line}: {}", self.message),
        }
    }

    /// The message on its own, as a sentence (first letter in capitals), for a cell or a
    /// form field that already shows where it is.
    pub fn sentence(&self) -> String {
        let mut chars = self.message.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

/// A problem with the file as a whole (its columns, its encoding).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileIssue {
    /// The column it concerns (1-based), if any.
    pub column: Option<usize>,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
}

/// A column and the field it fills (`None`: not imported).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnReport {
    pub header: String,
    pub field: Option<String>,
}

/// A user's values by JumpCloud field key, in column order. Serialized as a JSON object;
/// passwords are written as `********`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserValues(pub Vec<(Cow<'static, str>, Value)>);

/// How a password is shown in reports.
pub const REDACTED: &str = "********";

impl UserValues {
    /// The value of `key`, if set.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value of `key` as text, if set and text.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Value::as_str)
    }

    /// Sets `key` (replacing an earlier value).
    pub fn set(&mut self, key: impl Into<Cow<'static, str>>, value: Value) {
        let key = key.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => self.0.push((key, value)),
        }
    }

    /// Appends to the array at `key`, creating it.
    pub fn append(&mut self, key: impl Into<Cow<'static, str>>, value: Value) {
        let key = key.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, Value::Array(items))) => items.push(value),
            Some(entry) => entry.1 = Value::Array(vec![value]),
            None => self.0.push((key, Value::Array(vec![value]))),
        }
    }

    /// Whether no value is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for UserValues {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            if key == "password" {
                map.serialize_entry(key.as_ref(), REDACTED)?;
            } else {
                map.serialize_entry(key.as_ref(), value)?;
            }
        }
        map.end()
    }
}

/// One data row: where it is, what it would create, what is wrong with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowReport {
    /// The physical line on which the row starts (the header is line 1).
    pub line: u64,
    pub status: RowStatus,
    pub user: UserValues,
    pub issues: Vec<RowIssue>,
}

impl RowReport {
    /// Adds an issue. Call [`CheckReport::recount`] when done adding.
    pub fn push(
        &mut self,
        field: Option<&str>,
        severity: Severity,
        code: &'static str,
        message: String,
    ) {
        self.issues.push(RowIssue {
            field: field.map(str::to_owned),
            severity,
            code,
            column: None,
            message,
        });
    }

    /// Adds an issue about one column (`column`: its name as the file calls it).
    pub fn push_labeled(
        &mut self,
        field: Option<&str>,
        column: &str,
        severity: Severity,
        code: &'static str,
        message: String,
    ) {
        self.issues.push(RowIssue {
            field: field.map(str::to_owned),
            severity,
            code,
            column: Some(column.to_owned()),
            message,
        });
    }

    /// The status the row's issues give it (skipped rows stay skipped).
    pub fn derived_status(&self) -> RowStatus {
        if self.status == RowStatus::Skipped {
            RowStatus::Skipped
        } else if self.issues.iter().any(|i| i.severity == Severity::Error) {
            RowStatus::Error
        } else if self.issues.is_empty() {
            RowStatus::Ready
        } else {
            RowStatus::Warning
        }
    }
}

/// Counts of rows by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub rows: usize,
    pub ready: usize,
    pub warning: usize,
    pub error: usize,
    pub skipped: usize,
}

/// Everything `check` found. Serializes to the JSON of `roster-cli csv check --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// The encoding the file was read with (`UTF-8`, `UTF-16LE`, `windows-1252`, ...).
    pub encoding: String,
    pub bom: bool,
    pub delimiter: Delimiter,
    pub columns: Vec<ColumnReport>,
    /// Problems with the file as a whole.
    pub issues: Vec<FileIssue>,
    pub rows: Vec<RowReport>,
    pub summary: Summary,
}

impl CheckReport {
    /// Adds a file-level issue.
    pub fn push_file_issue(
        &mut self,
        column: Option<usize>,
        severity: Severity,
        code: &'static str,
        message: String,
    ) {
        self.issues.push(FileIssue {
            column,
            severity,
            code,
            message,
        });
    }

    /// Recomputes every row's status from its issues, and the summary.
    pub fn recount(&mut self) {
        let mut summary = Summary {
            rows: self.rows.len(),
            ..Summary::default()
        };
        for row in &mut self.rows {
            row.status = row.derived_status();
            match row.status {
                RowStatus::Ready => summary.ready += 1,
                RowStatus::Warning => summary.warning += 1,
                RowStatus::Error => summary.error += 1,
                RowStatus::Skipped => summary.skipped += 1,
            }
        }
        self.summary = summary;
    }

    /// The row that starts on `line`.
    pub fn row_at(&self, line: u64) -> Option<&RowReport> {
        self.rows.iter().find(|r| r.line == line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn user_values_keep_order_and_redact_passwords() -> Result<(), serde_json::Error> {
        let mut user = UserValues::default();
        user.set("username", json!("ann"));
        user.set("password", json!("hunter2"));
        user.append("groups", json!("Sales"));
        user.append("groups", json!("VPN"));
        user.set("email", json!("a@x.com"));
        assert_eq!(
            serde_json::to_string(&user)?,
            r#"{"username":"ann","password":"********","groups":["Sales","VPN"],"email":"a@x.com"}"#
        );
        assert_eq!(user.get_str("password"), Some("hunter2"));
        Ok(())
    }

    #[test]
    fn recount_follows_issues() {
        let mut report = CheckReport {
            encoding: "UTF-8".into(),
            bom: false,
            delimiter: Delimiter::Comma,
            columns: vec![],
            issues: vec![],
            rows: vec![
                RowReport {
                    line: 2,
                    status: RowStatus::Ready,
                    user: UserValues::default(),
                    issues: vec![],
                },
                RowReport {
                    line: 3,
                    status: RowStatus::Skipped,
                    user: UserValues::default(),
                    issues: vec![],
                },
            ],
            summary: Summary::default(),
        };
        report.recount();
        assert_eq!((report.summary.ready, report.summary.skipped), (1, 1));
        report.rows[0].push(Some("email"), Severity::Warning, "w", "w".into());
        report.recount();
        assert_eq!(report.rows[0].status, RowStatus::Warning);
        report.rows[0].push(None, Severity::Error, "e", "e".into());
        report.recount();
        assert_eq!(report.summary.error, 1);
        assert_eq!(report.row_at(3).map(|r| r.status), Some(RowStatus::Skipped));
    }
}
