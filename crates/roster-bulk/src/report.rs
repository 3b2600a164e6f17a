//! The result of an import: one entry per row of the plan, as a struct (serde), and as CSV.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How a row ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Created,
    Updated,
    Suspended,
    Reactivated,
    /// A not-yet-activated person activated.
    Activated,
    Deleted,
    /// A state change JumpCloud will make on a date.
    Scheduled,
    Skipped,
    Failed,
    /// Not done: the import was stopped before this row was started.
    Pending,
}

impl Outcome {
    /// The word used in reports.
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::Updated => "updated",
            Outcome::Suspended => "suspended",
            Outcome::Reactivated => "reactivated",
            Outcome::Activated => "activated",
            Outcome::Deleted => "deleted",
            Outcome::Scheduled => "scheduled",
            Outcome::Skipped => "skipped",
            Outcome::Failed => "failed",
            Outcome::Pending => "pending",
        }
    }

    /// Whether the row needs nothing more (skips count as done).
    pub fn is_done(&self) -> bool {
        matches!(
            self,
            Outcome::Created
                | Outcome::Updated
                | Outcome::Suspended
                | Outcome::Reactivated
                | Outcome::Activated
                | Outcome::Deleted
                | Outcome::Scheduled
                | Outcome::Skipped
        )
    }
}

/// One row's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowResult {
    /// Where the row came from, as the source names it ("line:7", a Google id, a username).
    #[serde(default)]
    pub key: String,
    /// The physical line of a file's row (0 for sources that are not files).
    pub line: u64,
    pub username: String,
    /// The person's name as planned ("Ada Lovelace"), for reports people can read.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    pub outcome: Outcome,
    /// The JumpCloud user id, when there is a user.
    pub id: Option<String>,
    /// What happened, in plain words (always set for failed and pending rows).
    pub message: Option<String>,
    /// Set when this outcome is an earlier run's and nothing was sent for the row now: when
    /// that run finished it (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earlier: Option<String>,
}

/// Rows per outcome **in this run**; rows an earlier run finished (and this one did not send)
/// are counted in `earlier` only. `pending` and `earlier` are left out of the JSON when 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSummary {
    pub created: usize,
    pub updated: usize,
    pub skipped: usize,
    pub failed: usize,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub suspended: usize,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub reactivated: usize,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub activated: usize,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub deleted: usize,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub scheduled: usize,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pending: usize,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub earlier: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Every row of the plan, in file order. Serializes to the JSON of `roster-cli csv import
/// --json`: `{"summary": {...}, "rows": [{"line", "username", "outcome", "id", "message"}]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub summary: ReportSummary,
    pub rows: Vec<RowResult>,
    /// Why the import stopped early (cancelled, or the journal could not be written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
}

impl ImportReport {
    /// A report of `rows` (sorted by line), with the summary counted.
    pub fn new(mut rows: Vec<RowResult>, stopped: Option<String>) -> Self {
        rows.sort_by_key(|r| r.line);
        let mut summary = ReportSummary::default();
        for row in &rows {
            if row.earlier.is_some() {
                summary.earlier += 1;
                continue;
            }
            match row.outcome {
                Outcome::Created => summary.created += 1,
                Outcome::Updated => summary.updated += 1,
                Outcome::Suspended => summary.suspended += 1,
                Outcome::Reactivated => summary.reactivated += 1,
                Outcome::Activated => summary.activated += 1,
                Outcome::Deleted => summary.deleted += 1,
                Outcome::Scheduled => summary.scheduled += 1,
                Outcome::Skipped => summary.skipped += 1,
                Outcome::Failed => summary.failed += 1,
                Outcome::Pending => summary.pending += 1,
            }
        }
        Self {
            summary,
            rows,
            stopped,
        }
    }

    /// Whether every row is done (created, updated or skipped).
    pub fn all_done(&self) -> bool {
        self.rows.iter().all(|r| r.outcome.is_done())
    }

    /// The report as CSV text (through `roster_import::write_csv`, so no value can run as a
    /// formula in a spreadsheet). A row an earlier run finished says so in its outcome.
    pub fn to_csv(&self) -> String {
        self.to_csv_with(',')
    }

    /// [`ImportReport::to_csv`] separated by `separator` (the source file's, so a spreadsheet
    /// opens it as the admin's own files).
    pub fn to_csv_with(&self, separator: char) -> String {
        let header = [
            "Line",
            "Name",
            "Username",
            "Email",
            "Outcome",
            "JumpCloud ID",
            "Message",
        ]
        .map(String::from);
        let rows = self.rows.iter().map(|r| {
            let outcome = match &r.earlier {
                Some(at) => format!(
                    "{} by an earlier run ({at}), not sent again",
                    r.outcome.as_str()
                ),
                None => r.outcome.as_str().to_owned(),
            };
            [
                r.line.to_string(),
                r.name.clone(),
                r.username.clone(),
                r.email.clone(),
                outcome,
                r.id.clone().unwrap_or_default(),
                r.message.clone().unwrap_or_default(),
            ]
        });
        roster_import::write_csv_with(std::iter::once(header).chain(rows), separator)
    }

    /// Writes the CSV to `path` (UTF-8 with a BOM, so Excel reads accents right).
    pub fn write_csv(&self, path: &Path) -> std::io::Result<()> {
        self.write_csv_with(path, ',')
    }

    /// [`ImportReport::write_csv`] separated by `separator`.
    pub fn write_csv_with(&self, path: &Path, separator: char) -> std::io::Result<()> {
        let mut bytes = Vec::from("\u{feff}".as_bytes());
        bytes.extend_from_slice(self.to_csv_with(separator).as_bytes());
        std::fs::write(path, bytes)
    }
}

/// Where the app and the CLI save the report by default: beside the source file, named
/// `<name>-roster-report-<YYYYMMDD-HHMMSS>.csv` (UTC).
pub fn default_report_path(source: &Path, now: time::OffsetDateTime) -> PathBuf {
    let now = now.to_offset(time::UtcOffset::UTC);
    let stem = source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "import".to_owned());
    let name = format!(
        "{stem}-roster-report-{:04}{:02}{:02}-{:02}{:02}{:02}.csv",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    );
    match source.parent() {
        Some(dir) => dir.join(name),
        None => PathBuf::from(name),
    }
}

/// [`default_report_path`] with the current time.
pub fn default_report_path_now(source: &Path) -> PathBuf {
    default_report_path(source, time::OffsetDateTime::now_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: u64, outcome: Outcome, message: Option<&str>) -> RowResult {
        RowResult {
            key: format!("line:{line}"),
            line,
            username: format!("u{line}"),
            name: String::new(),
            email: format!("u{line}@example.com"),
            outcome,
            id: None,
            message: message.map(str::to_owned),
            earlier: None,
        }
    }

    #[test]
    fn json_has_exactly_the_cli_shape() -> Result<(), serde_json::Error> {
        let report = ImportReport::new(
            vec![
                row(3, Outcome::Failed, Some("x")),
                row(2, Outcome::Created, None),
            ],
            None,
        );
        assert_eq!(
            serde_json::to_value(&report)?,
            serde_json::json!({
                "summary": {"created": 1, "updated": 0, "skipped": 0, "failed": 1},
                "rows": [
                    {"key": "line:2", "line": 2, "username": "u2", "name": "", "email": "u2@example.com", "outcome": "created", "id": null, "message": null},
                    {"key": "line:3", "line": 3, "username": "u3", "name": "", "email": "u3@example.com", "outcome": "failed", "id": null, "message": "x"}
                ]
            })
        );
        assert!(!report.all_done());
        Ok(())
    }

    #[test]
    fn rows_an_earlier_run_finished_are_counted_apart() {
        let mut earlier = row(2, Outcome::Created, None);
        earlier.earlier = Some("2026-12-01T09:14:00Z".into());
        let report = ImportReport::new(vec![earlier, row(3, Outcome::Updated, None)], None);
        assert_eq!(
            (
                report.summary.created,
                report.summary.updated,
                report.summary.earlier
            ),
            (0, 1, 1)
        );
        assert!(report
            .to_csv()
            .contains("created by an earlier run (2026-12-01T09:14:00Z), not sent again"));
    }

    #[test]
    fn csv_neutralizes_formulas() {
        let report = ImportReport::new(vec![row(2, Outcome::Failed, Some("=HYPERLINK(1)"))], None);
        assert_eq!(
            report.to_csv(),
            "Line,Name,Username,Email,Outcome,JumpCloud ID,Message\r\n2,,u2,u2@example.com,failed,,'=HYPERLINK(1)\r\n"
        );
        let mut semi = row(3, Outcome::Created, Some("a;b"));
        semi.name = "Ada Lovelace".into();
        let report = ImportReport::new(vec![semi], None);
        assert_eq!(
            report.to_csv_with(';'),
            "Line;Name;Username;Email;Outcome;JumpCloud ID;Message\r\n3;Ada Lovelace;u3;u3@example.com;created;;\"a;b\"\r\n",
            "in the source's separator, a value holding it quoted"
        );
    }

    #[test]
    fn default_path_is_beside_the_source() {
        let at = time::OffsetDateTime::from_unix_timestamp(1_800_000_000)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        assert_eq!(
            default_report_path(Path::new("/data/new hires.csv"), at),
            PathBuf::from("/data/new hires-roster-report-20270115-080000.csv")
        );
    }
}
