//! One CSV import being prepared: the file as read, the column mapping, the
//! check report, and the rows the admin excluded. Edits happen here, in
//! Rust, so the page only ever holds the rows it shows.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use roster_bulk::{plan, Action, OrgSnapshot, Plan, PlanOptions};
use roster_import::{
    check, header_set_key, read_table, suggest_mapping, CheckReport, Field, Mapping, RowStatus,
    Severity, Table,
};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::{AppError, ErrorCode};

/// The most rows one `rows()` call returns.
pub const MAX_ROWS_PER_PAGE: u32 = 500;

pub struct ImportSession {
    pub path: PathBuf,
    /// The file as read (the journal is keyed by it).
    pub bytes: Vec<u8>,
    pub table: Table,
    pub mapping: Mapping,
    pub report: CheckReport,
    pub excluded: BTreeSet<u64>,
    /// Once checked against the organization: what each row will do.
    pub against_org: Option<AgainstOrg>,
    /// The column choices are the ones the admin made for this kind of file before.
    pub mapping_remembered: bool,
}

/// The organization's side of a preview: its snapshot and the plan made with it.
pub struct AgainstOrg {
    pub snapshot: OrgSnapshot,
    pub options: PlanOptions,
    pub plan: Plan,
}

/// What a row will do in JumpCloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum RowAction {
    Create,
    Update,
    Skip,
    Error,
}

impl From<Action> for RowAction {
    fn from(a: Action) -> Self {
        match a {
            Action::Create => RowAction::Create,
            Action::Update => RowAction::Update,
            Action::Skip => RowAction::Skip,
            Action::Error => RowAction::Error,
        }
    }
}

/// The plan's counts, for the confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PlanCountsView {
    pub create: u32,
    pub update: u32,
    pub skip: u32,
    pub error: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum RowState {
    Ready,
    Warning,
    Error,
    Skipped,
}

impl From<RowStatus> for RowState {
    fn from(s: RowStatus) -> Self {
        match s {
            RowStatus::Ready => RowState::Ready,
            RowStatus::Warning => RowState::Warning,
            RowStatus::Error => RowState::Error,
            RowStatus::Skipped => RowState::Skipped,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum IssueLevel {
    Error,
    Warning,
}

impl From<Severity> for IssueLevel {
    fn from(s: Severity) -> Self {
        match s {
            Severity::Error => IssueLevel::Error,
            Severity::Warning => IssueLevel::Warning,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ColumnView {
    pub index: u32,
    pub header: String,
    /// The JumpCloud field it fills (its key), or none.
    pub field: Option<String>,
    /// The field in plain words, or "Not imported".
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FileIssueView {
    pub level: IssueLevel,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub rows: u32,
    pub ready: u32,
    pub warning: u32,
    pub error: u32,
    pub skipped: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldChoice {
    pub key: String,
    pub label: String,
}

/// What the import screen shows above the grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    pub file_name: String,
    pub path: String,
    /// "Read as Windows-1252 text, separated by semicolons."
    pub description: String,
    pub columns: Vec<ColumnView>,
    pub file_issues: Vec<FileIssueView>,
    pub counts: Counts,
    /// Usernames are made from the email addresses (the file has none).
    pub usernames_from_email: bool,
    /// The column choices come from an earlier file with the same headers.
    pub mapping_remembered: bool,
    pub field_choices: Vec<FieldChoice>,
    /// Set once the rows were checked against the organization.
    pub plan: Option<PlanCountsView>,
    /// Notes from checking against the organization.
    pub plan_notices: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CellIssue {
    /// The column the problem is in, when it is about one.
    pub column: Option<u32>,
    pub level: IssueLevel,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RowView {
    /// The line in the file where the row starts (the header is line 1).
    pub line: u32,
    pub state: RowState,
    /// What the row will do, once checked against the organization.
    pub action: Option<RowAction>,
    pub excluded: bool,
    pub cells: Vec<String>,
    pub issues: Vec<CellIssue>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum RowFilter {
    All,
    /// Rows with errors or warnings.
    Attention,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RowsPage {
    /// Rows matching the filter.
    pub total: u32,
    pub rows: Vec<RowView>,
}

fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl ImportSession {
    /// Read and check a file, with the column choices remembered for its
    /// kind of headers (from `remembered`) when there are some.
    pub fn open(path: &Path, remembered: &Path) -> Result<Self, AppError> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(path).map_err(|e| {
            AppError::new(
                ErrorCode::FileUnreadable,
                format!("Roster could not read \"{name}\": {e}. Check the file is not open in another program, then pick it again."),
            )
        })?;
        let table = read_table(&bytes).map_err(|e| {
            AppError::new(
                ErrorCode::FileUnreadable,
                format!("\"{name}\" cannot be imported: {e}"),
            )
        })?;
        let (mapping, mapping_remembered) =
            match crate::mappings::load(remembered, &header_set_key(&table.headers)) {
                Some(m) if m.columns.len() == table.headers.len() => (m, true),
                _ => (suggest_mapping(&table), false),
            };
        let report = check(&table, &mapping);
        let mut session = Self {
            path: path.to_path_buf(),
            bytes,
            table,
            mapping,
            report,
            excluded: BTreeSet::new(),
            against_org: None,
            mapping_remembered,
        };
        session.recheck();
        Ok(session)
    }

    /// Check every row again (after an edit, an exclusion or a new mapping),
    /// and against the organization too once it has been.
    pub fn recheck(&mut self) {
        self.report = check(&self.table, &self.mapping);
        for row in &mut self.report.rows {
            if self.excluded.contains(&row.line) {
                row.status = RowStatus::Skipped;
            }
        }
        self.report.recount();
        if let Some(org) = &mut self.against_org {
            org.plan = plan(&self.report, &org.snapshot, &org.options);
        }
    }

    /// Check the rows against the organization (existing users, group and
    /// directory names).
    pub fn check_against(&mut self, snapshot: OrgSnapshot, options: PlanOptions) {
        let plan = plan(&self.report, &snapshot, &options);
        self.against_org = Some(AgainstOrg {
            snapshot,
            options,
            plan,
        });
    }

    /// The report the grid shows: with the organization's findings once checked.
    fn current_report(&self) -> &CheckReport {
        self.against_org
            .as_ref()
            .map_or(&self.report, |o| &o.plan.check)
    }

    pub fn summary(&self) -> ImportSummary {
        let columns = self
            .table
            .headers
            .iter()
            .enumerate()
            .map(|(i, header)| {
                let field = self.mapping.field(i);
                ColumnView {
                    index: small(i),
                    header: header.clone(),
                    field: field.map(|f| f.key().into_owned()),
                    label: field
                        .map(|f| f.label().into_owned())
                        .unwrap_or_else(|| "Not imported".to_owned()),
                }
            })
            .collect();
        let s = self.current_report().summary;
        ImportSummary {
            file_name: self
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            path: self.path.to_string_lossy().into_owned(),
            description: self.table.description(),
            columns,
            file_issues: self
                .report
                .issues
                .iter()
                .map(|i| FileIssueView {
                    level: i.severity.into(),
                    message: i.message.clone(),
                })
                .collect(),
            counts: Counts {
                rows: small(s.rows),
                ready: small(s.ready),
                warning: small(s.warning),
                error: small(s.error),
                skipped: small(s.skipped),
            },
            usernames_from_email: self.mapping.derive_username_from_email,
            mapping_remembered: self.mapping_remembered,
            field_choices: roster_import::fields::KNOWN
                .iter()
                .map(|f| FieldChoice {
                    key: f.key.to_owned(),
                    label: f.label.to_owned(),
                })
                .chain([
                    FieldChoice {
                        key: Field::Group.key().into_owned(),
                        label: Field::Group.label().into_owned(),
                    },
                    FieldChoice {
                        key: Field::Directory.key().into_owned(),
                        label: Field::Directory.label().into_owned(),
                    },
                ])
                .collect(),
            plan: self.against_org.as_ref().map(|o| PlanCountsView {
                create: small(o.plan.counts.create),
                update: small(o.plan.counts.update),
                skip: small(o.plan.counts.skip),
                error: small(o.plan.counts.error),
            }),
            plan_notices: self
                .against_org
                .as_ref()
                .map(|o| o.plan.notices.clone())
                .unwrap_or_default(),
        }
    }

    /// The column that fills `field`, if any.
    fn column_of(&self, field: &str) -> Option<u32> {
        self.mapping
            .columns
            .iter()
            .position(|f| f.as_ref().is_some_and(|f| f.key() == field))
            .map(small)
    }

    pub fn rows(&self, filter: RowFilter, offset: u32, limit: u32) -> RowsPage {
        let limit = limit.clamp(1, MAX_ROWS_PER_PAGE) as usize;
        let report = self.current_report();
        let actions: Option<&[roster_bulk::PlannedRow]> =
            self.against_org.as_ref().map(|o| o.plan.rows.as_slice());
        let matching = self.table.rows.iter().zip(&report.rows).enumerate().filter(
            |(_, (_, r))| match filter {
                RowFilter::All => true,
                RowFilter::Attention => matches!(r.status, RowStatus::Error | RowStatus::Warning),
            },
        );
        let total = small(matching.clone().count());
        let rows = matching
            .skip(offset as usize)
            .take(limit)
            .map(|(index, (raw, report))| RowView {
                line: u32::try_from(raw.line).unwrap_or(u32::MAX),
                state: report.status.into(),
                action: actions
                    .and_then(|rows| rows.get(index))
                    .filter(|planned| planned.line == raw.line)
                    .map(|planned| planned.action.into()),
                excluded: self.excluded.contains(&raw.line),
                cells: raw.cells.clone(),
                issues: report
                    .issues
                    .iter()
                    .map(|i| CellIssue {
                        column: i.field.as_deref().and_then(|f| self.column_of(f)),
                        level: i.severity.into(),
                        message: i.message.clone(),
                    })
                    .collect(),
            })
            .collect();
        RowsPage { total, rows }
    }

    fn row_index(&self, line: u32) -> Result<usize, AppError> {
        self.table
            .rows
            .iter()
            .position(|r| r.line == u64::from(line))
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    format!("There is no row starting on line {line}."),
                )
            })
    }

    /// Change one cell, then check again.
    pub fn edit_cell(&mut self, line: u32, column: u32, value: &str) -> Result<(), AppError> {
        let index = self.row_index(line)?;
        let column = column as usize;
        if column >= self.table.headers.len() {
            return Err(AppError::new(
                ErrorCode::Validation,
                "That column does not exist in this file.",
            ));
        }
        let cells = &mut self.table.rows[index].cells;
        if cells.len() <= column {
            cells.resize(column + 1, String::new());
        }
        cells[column] = value.trim().to_owned();
        self.recheck();
        Ok(())
    }

    /// Leave a row out of the import (or bring it back).
    pub fn set_excluded(&mut self, line: u32, excluded: bool) -> Result<(), AppError> {
        self.row_index(line)?;
        if excluded {
            self.excluded.insert(u64::from(line));
        } else {
            self.excluded.remove(&u64::from(line));
        }
        self.recheck();
        Ok(())
    }

    /// Use the admin's choice of field for each column (a key, or none), and
    /// remember it in `remembered` for files with the same headers.
    pub fn set_mapping(
        &mut self,
        columns: &[Option<String>],
        remembered: &Path,
    ) -> Result<(), AppError> {
        if columns.len() != self.table.headers.len() {
            return Err(AppError::new(
                ErrorCode::Validation,
                "The column choices do not match the file's columns.",
            ));
        }
        let mut mapped = Vec::with_capacity(columns.len());
        for key in columns {
            mapped.push(match key {
                None => None,
                Some(key) => Some(Field::from_key(key).ok_or_else(|| {
                    AppError::new(
                        ErrorCode::Validation,
                        format!("Roster does not know the field \"{key}\"."),
                    )
                })?),
            });
        }
        self.mapping.columns = mapped;
        self.mapping.derive_username_from_email =
            !self.mapping.has("username") && self.mapping.has("email");
        self.recheck();
        crate::mappings::save(remembered, &header_set_key(&self.table.headers), &self.mapping)
            .map_err(|e| {
                AppError::new(
                    ErrorCode::SettingsFailed,
                    format!("Your column choices are used for this file, but Roster could not remember them for next time: {e}."),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(text: &str) -> (ImportSession, PathBuf) {
        let dir = std::env::temp_dir().join(format!(
            "roster-import-session-{}-{}",
            std::process::id(),
            text.len()
        ));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("people.csv");
        std::fs::write(&path, text).expect("write");
        (
            ImportSession::open(&path, &dir.join("column-choices.json")).expect("opens"),
            dir,
        )
    }

    #[test]
    fn errors_point_at_the_line_and_column_and_an_edit_fixes_them() {
        let (mut s, dir) =
            session("Username,Email,First Name\nada,ada@example.com,Ada\ngrace,grace@,Grace\n");
        let summary = s.summary();
        assert_eq!(summary.counts.error, 1);
        assert_eq!(summary.columns[1].field.as_deref(), Some("email"));
        let bad = s.rows(RowFilter::Attention, 0, 100);
        assert_eq!(bad.total, 1);
        let row = &bad.rows[0];
        assert_eq!((row.line, row.state), (3, RowState::Error));
        assert_eq!(
            row.issues[0].column,
            Some(1),
            "the issue is in the Email column"
        );

        s.edit_cell(3, 1, " grace@example.com ").expect("edits");
        assert_eq!(s.summary().counts.error, 0);
        assert_eq!(
            s.rows(RowFilter::All, 1, 1).rows[0].cells[1],
            "grace@example.com"
        );
        assert!(s.edit_cell(99, 1, "x").is_err());
        assert!(s.edit_cell(3, 9, "x").is_err());
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn excluded_rows_are_skipped_and_can_come_back() {
        let (mut s, dir) = session("username,email\nada,ada@example.com\nbob,not-an-email\n");
        s.set_excluded(3, true).expect("excludes");
        let c = s.summary().counts;
        assert_eq!((c.error, c.skipped, c.ready), (0, 1, 1));
        assert!(s.rows(RowFilter::All, 0, 10).rows[1].excluded);
        s.set_excluded(3, false).expect("includes");
        assert_eq!(s.summary().counts.error, 1);
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn mapping_override_and_derived_usernames() {
        let (mut s, dir) = session("Mail,Given\nada@example.com,Ada\n");
        let remembered = dir.join("column-choices.json");
        s.set_mapping(
            &[Some("email".into()), Some("firstname".into())],
            &remembered,
        )
        .expect("maps");
        let summary = s.summary();
        assert!(summary.usernames_from_email);
        assert_eq!(summary.counts.ready + summary.counts.warning, 1);
        assert!(s
            .set_mapping(&[Some("nonsense".into()), None], &remembered)
            .is_err());
        assert!(s.set_mapping(&[None], &remembered).is_err());
        // The next file with the same headers starts with these choices.
        let again = ImportSession::open(&s.path, &remembered).expect("opens");
        assert!(again.summary().mapping_remembered);
        assert_eq!(again.summary().columns[0].field.as_deref(), Some("email"));
        assert_eq!(
            again.summary().columns[1].field.as_deref(),
            Some("firstname")
        );
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn checked_against_the_org_each_row_says_what_it_will_do() {
        let (mut s, dir) = session("username,email,group\nada,ada@example.com,\nbob,bob@example.com,\ncy,cy@example.com,Nope\n");
        let existing = jumpcloud::models::SystemUser {
            id: "5f1b2c3d4e5f60718293a4b5".into(),
            username: "bob".into(),
            email: "bob@example.com".into(),
            ..Default::default()
        };
        s.check_against(
            OrgSnapshot::from_parts(vec![existing], vec![], vec![]),
            PlanOptions::default(),
        );
        let plan = s.summary().plan.expect("planned");
        assert_eq!((plan.create, plan.skip, plan.error), (1, 1, 1));
        let actions: Vec<_> = s
            .rows(RowFilter::All, 0, 10)
            .rows
            .iter()
            .map(|r| r.action)
            .collect();
        assert_eq!(
            actions,
            [
                Some(RowAction::Create),
                Some(RowAction::Skip),
                Some(RowAction::Error)
            ]
        );
        let unknown_group = &s.rows(RowFilter::All, 2, 1).rows[0].issues[0];
        assert_eq!(
            unknown_group.column,
            Some(2),
            "the problem is in the group column"
        );

        // An edit is checked against the organization again.
        s.edit_cell(4, 2, "").expect("edits");
        assert_eq!(s.summary().plan.expect("planned").create, 2);
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn unreadable_files_are_plain_errors() {
        let err = ImportSession::open(
            Path::new("/nonexistent/people.csv"),
            Path::new("/nonexistent/c.json"),
        )
        .err()
        .expect("missing");
        assert_eq!(err.code, ErrorCode::FileUnreadable);
        let (_, dir) = session("x");
        let empty = dir.join("empty.csv");
        std::fs::write(&empty, "").expect("write");
        let err = ImportSession::open(&empty, &dir.join("column-choices.json"))
            .err()
            .expect("empty");
        assert!(
            err.message.contains("\"empty.csv\" cannot be imported"),
            "{}",
            err.message
        );
        std::fs::remove_dir_all(dir).ok();
    }
}
