//! What the import screen receives about the spreadsheet being prepared (the engine's
//! [`Preview`]): the summary above the grid and pages of rows. Conversions only; the preview
//! itself lives in `roster-engine`.

use roster_bulk::Action;
use roster_engine::{Preview, UsernamePattern};
use roster_import::{Field, RowStatus, Severity};
use serde::{Deserialize, Serialize};
use specta::Type;

/// The most rows one `rows()` call returns.
pub const MAX_ROWS_PER_PAGE: u32 = 500;

/// What a row will do in JumpCloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum RowAction {
    Create,
    Update,
    /// An existing person is suspended (only when the admin chose to change states).
    Suspend,
    /// An existing suspended person is reactivated (only when chosen).
    Reactivate,
    Skip,
    Error,
}

impl From<Action> for RowAction {
    fn from(a: Action) -> Self {
        match a {
            Action::Create => RowAction::Create,
            Action::Update => RowAction::Update,
            Action::Suspend => RowAction::Suspend,
            Action::Reactivate => RowAction::Reactivate,
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
    pub suspend: u32,
    pub reactivate: u32,
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
    /// Roster made this column (the file has no usernames): not in the file.
    pub made: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FileIssueView {
    pub level: IssueLevel,
    /// A stable code (`username_from_email`, `unknown_column`, ...) the page can act on.
    pub code: String,
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

/// One way of making usernames.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PatternChoice {
    pub key: String,
    pub label: String,
}

/// The pattern most of the organization's usernames follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OrgPatternView {
    pub key: String,
    pub label: String,
    /// How many people with names follow it, of how many.
    pub matching: u32,
    pub of: u32,
}

/// The usernames Roster makes when the file has none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct UsernamesView {
    /// The column they are in.
    pub column: u32,
    /// How they are made now.
    pub pattern: String,
    pub label: String,
    pub choices: Vec<PatternChoice>,
    /// The organization's own pattern, when it is another one (to offer it).
    pub org_pattern: Option<OrgPatternView>,
}

/// What the import screen shows above the grid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    pub file_name: String,
    /// The people come from this platform's directory ("Google Workspace"), not a file.
    pub platform: Option<String>,
    /// The workbook's sheet the rows come from, when the file is a workbook.
    pub sheet: Option<String>,
    /// The workbook's sheets (empty for a CSV file).
    pub sheets: Vec<SheetView>,
    pub path: String,
    /// "Read as Windows-1252 text, separated by semicolons."
    pub description: String,
    pub columns: Vec<ColumnView>,
    pub file_issues: Vec<FileIssueView>,
    pub counts: Counts,
    /// Usernames are made from the email addresses (the file has none).
    pub usernames_from_email: bool,
    /// The usernames Roster makes, when the file has none (shown as a Username column).
    pub usernames: Option<UsernamesView>,
    /// The column choices come from an earlier file with the same headers.
    pub mapping_remembered: bool,
    pub field_choices: Vec<FieldChoice>,
    /// Set once the rows were checked against the organization.
    pub plan: Option<PlanCountsView>,
    /// Notes from checking against the organization.
    pub plan_notices: Vec<String>,
}

/// A sheet of a workbook, for the sheet choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SheetView {
    pub name: String,
    /// Hidden in the workbook.
    pub hidden: bool,
    /// Rows under its header row.
    pub rows: u32,
    /// Roster recognises a header row in it.
    pub has_header: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CellIssue {
    /// The column the problem is in, when it is about one.
    pub column: Option<u32>,
    /// The JumpCloud field it is about (`email`), when it is about one.
    pub field: Option<String>,
    /// A stable code (`invalid_email`, `duplicate_username`, ...) a form or grid can act on.
    pub code: String,
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

/// The summary above the grid.
pub fn summary(p: &Preview) -> ImportSummary {
    let columns = p
        .table
        .headers
        .iter()
        .enumerate()
        .map(|(i, header)| {
            let field = p.mapping.field(i);
            let made = p.made_usernames.as_ref().is_some_and(|m| m.column == i);
            ColumnView {
                index: small(i),
                header: header.clone(),
                field: field.map(|f| f.key().into_owned()),
                label: if made {
                    "Username, made by Roster".to_owned()
                } else {
                    field
                        .map(|f| f.label().into_owned())
                        .unwrap_or_else(|| "Not imported".to_owned())
                },
                made,
            }
        })
        .collect();
    let s = p.current_report().summary;
    let plan = p.plan();
    ImportSummary {
        file_name: p.source.name(),
        platform: match &p.source {
            roster_engine::Source::Platform(source) => Some(source.directory.words()),
            _ => None,
        },
        sheet: p.sheet().map(str::to_owned),
        sheets: p
            .workbook
            .iter()
            .flat_map(|w| &w.sheets)
            .map(|s| SheetView {
                name: s.name.clone(),
                hidden: s.hidden,
                rows: small(s.rows),
                has_header: s.has_header,
            })
            .collect(),
        path: p.path().to_string_lossy().into_owned(),
        description: match &p.source {
            roster_engine::Source::Platform(source) => format!(
                "{} picked from {}. New people are created and bound to it; people already in JumpCloud are bound to it (they keep their username); people bound to it already are skipped.",
                if s.rows == 1 { "1 person".to_owned() } else { format!("{} people", s.rows) },
                source.directory.words()
            ),
            _ => p.table.description(),
        },
        columns,
        file_issues: p
            .report
            .issues
            .iter()
            .map(|i| FileIssueView {
                level: i.severity.into(),
                code: i.code.to_owned(),
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
        usernames_from_email: p.mapping.derive_username_from_email || p.made_usernames.is_some(),
        usernames: p.made_usernames.as_ref().map(|m| UsernamesView {
            column: small(m.column),
            pattern: m.pattern.key().to_owned(),
            label: m.pattern.label().to_owned(),
            choices: UsernamePattern::ALL
                .iter()
                .map(|c| PatternChoice {
                    key: c.key().to_owned(),
                    label: c.label().to_owned(),
                })
                .collect(),
            org_pattern: p.org_username_pattern().map(|o| OrgPatternView {
                key: o.pattern.key().to_owned(),
                label: o.pattern.label().to_owned(),
                matching: small(o.matching),
                of: small(o.of),
            }),
        }),
        mapping_remembered: p.mapping_remembered,
        field_choices: roster_import::fields::KNOWN
            .iter()
            .map(|f| FieldChoice {
                key: f.key.to_owned(),
                label: f.label.to_owned(),
            })
            .chain([Field::Group, Field::Directory].map(|f| FieldChoice {
                key: f.key().into_owned(),
                label: f.label().into_owned(),
            }))
            .collect(),
        plan: plan.map(|plan| PlanCountsView {
            create: small(plan.counts.create),
            update: small(plan.counts.update),
            suspend: small(plan.counts.suspend),
            reactivate: small(plan.counts.reactivate),
            skip: small(plan.counts.skip),
            error: small(plan.counts.error),
        }),
        plan_notices: plan.map(|plan| plan.notices.clone()).unwrap_or_default(),
    }
}

/// A page of rows for the grid. Each problem is marked in its column by its field and code;
/// its message is the sentence alone (the grid shows the line).
pub fn rows(p: &Preview, filter: RowFilter, offset: u32, limit: u32) -> RowsPage {
    let limit = limit.clamp(1, MAX_ROWS_PER_PAGE) as usize;
    let filter = match filter {
        RowFilter::All => roster_engine::RowFilter::All,
        RowFilter::Attention => roster_engine::RowFilter::Attention,
    };
    let matching = p.matching(filter);
    let total = small(matching.clone().count());
    let rows = matching
        .skip(offset as usize)
        .take(limit)
        .map(|(index, raw, report)| RowView {
            line: u32::try_from(raw.line).unwrap_or(u32::MAX),
            state: report.status.into(),
            action: p
                .planned(index, raw.line)
                .map(|planned| planned.action.into()),
            excluded: p.excluded.contains(&raw.line),
            cells: raw.cells.clone(),
            issues: report
                .issues
                .iter()
                .map(|i| CellIssue {
                    column: i.field.as_deref().and_then(|f| p.column_of(f)).map(small),
                    field: i.field.clone(),
                    code: i.code.to_owned(),
                    level: i.severity.into(),
                    message: i.sentence(),
                })
                .collect(),
        })
        .collect();
    RowsPage { total, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jumpcloud::models::SystemUser;
    use roster_bulk::{OrgSnapshot, PlanOptions};
    use roster_engine::OrgRef;

    fn preview(text: &str) -> (Preview, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("people.csv");
        std::fs::write(&path, text).expect("write");
        (Preview::open(&path, None).expect("opens"), dir)
    }

    #[test]
    fn problems_are_marked_in_their_column_with_their_code() {
        let (p, _dir) =
            preview("Username,Email,First Name\nada,ada@example.com,Ada\ngrace,grace@,Grace\n");
        let summary = summary(&p);
        assert_eq!(summary.counts.error, 1);
        assert_eq!(summary.columns[1].field.as_deref(), Some("email"));
        let bad = rows(&p, RowFilter::Attention, 0, 100);
        assert_eq!(bad.total, 1);
        let row = &bad.rows[0];
        assert_eq!((row.line, row.state), (3, RowState::Error));
        let issue = &row.issues[0];
        assert_eq!(issue.column, Some(1), "the issue is in the Email column");
        assert_eq!(issue.field.as_deref(), Some("email"));
        assert_eq!(issue.code, "invalid_email");
        assert!(
            issue
                .message
                .starts_with("\"grace@\" is not a complete email address"),
            "no line or column inside the cell's message: {}",
            issue.message
        );
        assert_eq!(rows(&p, RowFilter::All, 1, 1).rows[0].cells[1], "grace@");
    }

    #[test]
    fn checked_against_the_org_each_row_says_what_it_will_do() {
        let (mut p, _dir) = preview("username,email,group\nada,ada@example.com,\nbob,bob@example.com,\ncy,cy@example.com,Nope\n");
        let existing = SystemUser {
            id: "5f1b2c3d4e5f60718293a4b5".into(),
            username: "bob".into(),
            email: "bob@example.com".into(),
            ..Default::default()
        };
        p.check_against(
            OrgRef {
                id: "o".into(),
                name: "O".into(),
            },
            OrgSnapshot::from_parts(vec![existing], vec![], vec![]),
            PlanOptions::default(),
        );
        let plan = summary(&p).plan.expect("planned");
        assert_eq!((plan.create, plan.skip, plan.error), (1, 1, 1));
        let actions: Vec<_> = rows(&p, RowFilter::All, 0, 10)
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
        let unknown_group = &rows(&p, RowFilter::All, 2, 1).rows[0].issues[0];
        assert_eq!(
            unknown_group.column,
            Some(2),
            "the problem is in the group column"
        );
        assert_eq!(unknown_group.code, "unknown_group");
        p.edit_cell(4, 2, "").expect("edits");
        assert_eq!(summary(&p).plan.expect("planned").create, 2);
    }
}
