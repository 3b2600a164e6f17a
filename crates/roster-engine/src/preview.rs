//! A change being prepared from a source of rows: today a spreadsheet file (the same slot
//! takes a workbook, a platform listing, a form, a selection of people). It holds the table as
//! read, the column mapping, the checks, the admin's edits and left-out rows, and — once
//! checked against an organization — the plan, bound to that organization. Edits happen here,
//! so a page only ever holds the rows it shows.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use roster_bulk::{
    plan_with, Action, DirectoryMembers, Existing, JournalKey, Matching, Op, OrgSnapshot, Plan,
    PlanOptions, PlannedRow,
};
use roster_import::{
    check, check_keeping, header_set_key, read_table, suggest_mapping, CheckReport, Field, Mapping,
    RawRow, RowReport, RowStatus, SheetInfo, Table, Workbook, WorkbookFormat,
};

use crate::error::{EngineError, ErrorKind};
use crate::mappings;
use crate::person::StartState;
use crate::platform::{Pick, PlatformChoices, PlatformSource};
use crate::usernames::{org_pattern, OrgPattern, UsernamePattern};

/// The largest file Roster opens (100,000 people take about 8 MB).
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// The organization a plan was made against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgRef {
    /// JumpCloud's id of the organization.
    pub id: String,
    /// Its name, as the banner shows it.
    pub name: String,
}

/// Where the rows come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A spreadsheet file the admin chose: its path and its bytes as read (the journal is
    /// keyed by them).
    File { path: PathBuf, bytes: Vec<u8> },
    /// The "Add one person" form (or `roster-cli users add`).
    Form { username: String },
    /// A change made on someone's profile.
    Profile { username: String },
    /// People chosen in the list (or named on the command line) for an offboarding job.
    Selection { what: String, count: usize },
    /// A deleted person's archive, to add them again.
    Archive { username: String },
    /// People picked from a Google Workspace or Microsoft 365 listing.
    Platform(Box<PlatformSource>),
}

impl Source {
    /// The name to show ("people.csv").
    pub fn name(&self) -> String {
        match self {
            Source::File { path, .. } => path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            Source::Form { .. } => "Add one person".to_owned(),
            Source::Profile { username } => format!("Profile of {username}"),
            Source::Selection { what, count } => format!(
                "{} {count} {}",
                capitalized(what),
                if *count == 1 { "person" } else { "people" }
            ),
            Source::Archive { username } => format!("Archive of {username}"),
            Source::Platform(p) => p.directory.words(),
        }
    }

    /// Where a row came from, in words for History and reports ("people.csv, line 7").
    pub fn row_words(&self, row: &PlannedRow) -> String {
        match self {
            Source::File { .. } => format!("{}, line {}", self.name(), row.line),
            Source::Platform(p) => p.directory.words(),
            Source::Form { .. }
            | Source::Profile { .. }
            | Source::Selection { .. }
            | Source::Archive { .. } => self.name(),
        }
    }

    /// Where the report of a job from this source goes when nothing else is said: beside
    /// the file, or in `reports` (Roster's own folder) for the other sources.
    pub fn report_path(&self, reports: &Path) -> PathBuf {
        match self {
            Source::File { path, .. } => roster_bulk::default_report_path_now(path),
            Source::Form { username } => roster_bulk::default_report_path_now(
                &reports.join(format!("add-{}", safe_stem(username))),
            ),
            Source::Profile { username } => roster_bulk::default_report_path_now(
                &reports.join(format!("profile-{}", safe_stem(username))),
            ),
            Source::Selection { what, count } => roster_bulk::default_report_path_now(
                &reports.join(format!("{}-{count}-people", safe_stem(what))),
            ),
            Source::Archive { username } => roster_bulk::default_report_path_now(
                &reports.join(format!("restore-{}", safe_stem(username))),
            ),
            Source::Platform(p) => roster_bulk::default_report_path_now(&reports.join(format!(
                "import-{}-{}",
                p.directory.platform.key(),
                safe_stem(&p.directory.name)
            ))),
        }
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A file-name-safe form of a username.
fn safe_stem(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect()
}

/// The organization's side of a preview: its snapshot and the plan made with it.
pub struct AgainstOrg {
    pub org: OrgRef,
    pub snapshot: std::sync::Arc<OrgSnapshot>,
    pub options: PlanOptions,
    pub plan: Plan,
}

/// Which rows to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFilter {
    All,
    /// Rows with errors or warnings.
    Attention,
}

/// The Username column Roster added because the file has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MadeUsernames {
    /// Its column (the last one; the file's own columns come first).
    pub column: usize,
    pub pattern: UsernamePattern,
    /// Lines whose username the admin typed (kept when the pattern changes).
    pub edited: BTreeSet<u64>,
}

/// A workbook's sheets, for choosing one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkbookChoice {
    pub format: WorkbookFormat,
    pub sheets: Vec<SheetInfo>,
}

pub struct Preview {
    pub source: Source,
    pub table: Table,
    /// When the file is a workbook: its sheets (the table is one of them).
    pub workbook: Option<WorkbookChoice>,
    /// How many of the table's columns are the file's own (Roster may add a Username column).
    pub file_columns: usize,
    /// The Username column Roster made, when the file has none.
    pub made_usernames: Option<MadeUsernames>,
    pub mapping: Mapping,
    /// The checks of the file alone (left-out rows marked skipped).
    pub report: CheckReport,
    /// Lines the admin left out.
    pub excluded: BTreeSet<u64>,
    /// Once checked against an organization: what each row will do there.
    pub against_org: Option<AgainstOrg>,
    /// The column choices are the ones the admin made for this kind of file before.
    pub mapping_remembered: bool,
}

/// A plan ready to run: bound to its organization and its journal.
#[derive(Clone)]
pub struct Job {
    pub org: OrgRef,
    pub plan: Plan,
    pub key: JournalKey,
    pub source: Source,
    /// The source's separator, for its report.
    pub separator: char,
}

impl Preview {
    /// Reads and checks a file, with the column choices remembered for its kind of headers
    /// (in the file `remembered`, when given).
    pub fn open(path: &Path, remembered: Option<&Path>) -> Result<Self, EngineError> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.len() > MAX_FILE_BYTES {
                return Err(EngineError::new(
                    ErrorKind::FileUnreadable,
                    format!(
                        "\"{name}\" is {} MB; Roster opens spreadsheets of up to {} MB (about a million people). Split it into smaller files and import them one after the other.",
                        meta.len().div_ceil(1 << 20),
                        MAX_FILE_BYTES >> 20
                    ),
                ));
            }
        }
        let bytes = std::fs::read(path).map_err(|e| {
            EngineError::new(
                ErrorKind::FileUnreadable,
                format!("Roster could not read \"{name}\": {}. Check the file is not open in another program, then pick it again.", plain_io(&e)),
            )
        })?;
        Self::from_bytes(path, bytes, remembered)
    }

    /// As [`Preview::open`], from bytes already read.
    pub fn from_bytes(
        path: &Path,
        bytes: Vec<u8>,
        remembered: Option<&Path>,
    ) -> Result<Self, EngineError> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let unreadable = |e: roster_import::IntakeError| {
            EngineError::new(
                ErrorKind::FileUnreadable,
                format!("\"{name}\" cannot be imported: {e}"),
            )
        };
        let (table, workbook) = if roster_import::is_workbook(&bytes) {
            let mut book = Workbook::open(bytes.clone()).map_err(unreadable)?;
            let sheet = book.default_sheet().to_owned();
            let table = book.table(&sheet).map_err(unreadable)?;
            (
                table,
                Some(WorkbookChoice {
                    format: book.format,
                    sheets: book.sheets.clone(),
                }),
            )
        } else {
            (read_table(&bytes).map_err(unreadable)?, None)
        };
        let source = Source::File {
            path: path.to_path_buf(),
            bytes,
        };
        let (mapping, mapping_remembered, report) = table_parts(&table, remembered);
        let mut preview = Self {
            source,
            file_columns: table.headers.len(),
            table,
            workbook,
            made_usernames: None,
            mapping,
            report,
            excluded: BTreeSet::new(),
            against_org: None,
            mapping_remembered,
        };
        preview.make_usernames();
        preview.recheck();
        Ok(preview)
    }

    /// Puts `table` in place (a file's, or another sheet of its workbook): the column
    /// choices remembered for its headers (or suggested), usernames made when it has none,
    /// nothing left out, checked again (and planned again against the organization).
    fn use_table(&mut self, table: Table, remembered: Option<&Path>) {
        let (mapping, mapping_remembered, report) = table_parts(&table, remembered);
        self.file_columns = table.headers.len();
        self.report = report;
        self.table = table;
        self.mapping = mapping;
        self.mapping_remembered = mapping_remembered;
        self.made_usernames = None;
        self.excluded.clear();
        self.make_usernames();
        self.recheck();
    }

    /// The sheet the rows come from, when the file is a workbook.
    pub fn sheet(&self) -> Option<&str> {
        self.table.workbook.as_ref().map(|w| w.sheet.as_str())
    }

    /// Reads another sheet of the workbook (hidden ones too, when asked by name).
    pub fn set_sheet(&mut self, name: &str, remembered: Option<&Path>) -> Result<(), EngineError> {
        let Source::File { bytes, .. } = &self.source else {
            return Err(EngineError::new(
                ErrorKind::Precondition,
                "Only a workbook has sheets to choose from.",
            ));
        };
        if self.workbook.is_none() {
            return Err(EngineError::new(
                ErrorKind::Precondition,
                "This file is not a workbook, so it has no sheets to choose from.",
            ));
        }
        let file = self.source.name();
        let table = Workbook::open(bytes.clone())
            .and_then(|mut book| book.table(name))
            .map_err(|e| EngineError::new(ErrorKind::Validation, format!("\"{file}\": {e}")))?;
        self.use_table(table, remembered);
        Ok(())
    }

    pub fn path(&self) -> &Path {
        match &self.source {
            Source::File { path, .. } => path,
            _ => Path::new(""),
        }
    }

    /// When the mapping says usernames come from the email addresses (the file has no
    /// username column), adds a Username column holding them, so they show in the grid and
    /// can be edited like any cell.
    fn make_usernames(&mut self) {
        if !self.mapping.derive_username_from_email
            || self.made_usernames.is_some()
            || self.column_of("username").is_some()
            || self.column_of("email").is_none()
        {
            return;
        }
        let column = self.table.headers.len();
        self.table.headers.push("Username".to_owned());
        self.mapping.columns.push(Field::from_key("username"));
        self.mapping.derive_username_from_email = false;
        self.made_usernames = Some(MadeUsernames {
            column,
            pattern: UsernamePattern::EmailLocal,
            edited: BTreeSet::new(),
        });
        self.fill_usernames();
    }

    /// Takes the made Username column away (the admin mapped another column to usernames).
    fn drop_made_usernames(&mut self) {
        let Some(made) = self.made_usernames.take() else {
            return;
        };
        self.table.headers.truncate(made.column);
        self.mapping.columns.truncate(made.column);
        for row in &mut self.table.rows {
            row.cells.truncate(made.column);
        }
    }

    /// Fills the made usernames by the pattern (the ones the admin typed stay).
    fn fill_usernames(&mut self) {
        let Some(made) = &self.made_usernames else {
            return;
        };
        let at = |key: &str| self.column_of(key);
        let (email, first, last) = (at("email"), at("firstname"), at("lastname"));
        let cell = |cells: &[String], i: Option<usize>| {
            i.and_then(|i| cells.get(i)).cloned().unwrap_or_default()
        };
        let (column, pattern) = (made.column, made.pattern);
        let edited = made.edited.clone();
        for row in &mut self.table.rows {
            if edited.contains(&row.line) {
                continue;
            }
            let value = pattern
                .make(
                    &cell(&row.cells, email),
                    &cell(&row.cells, first),
                    &cell(&row.cells, last),
                )
                .unwrap_or_default();
            if row.cells.len() <= column {
                row.cells.resize(column + 1, String::new());
            }
            row.cells[column] = value;
        }
    }

    /// Makes the usernames another way (the ones the admin typed stay), then checks again.
    pub fn set_username_pattern(&mut self, pattern: UsernamePattern) -> Result<(), EngineError> {
        let Some(made) = &mut self.made_usernames else {
            return Err(EngineError::new(
                ErrorKind::Precondition,
                "This file has its own usernames, so Roster does not make any.",
            ));
        };
        made.pattern = pattern;
        self.fill_usernames();
        self.recheck();
        Ok(())
    }

    /// The pattern most usernames of the organization follow, when it differs from the one
    /// used for the made usernames (to offer it).
    pub fn org_username_pattern(&self) -> Option<OrgPattern> {
        let made = self.made_usernames.as_ref()?;
        let org = self.against_org.as_ref()?;
        org_pattern(org.snapshot.users()).filter(|p| p.pattern != made.pattern)
    }

    /// Checks every row again (after an edit, a left-out row or a new mapping), and against
    /// the organization too once it has been.
    pub fn recheck(&mut self) {
        self.report = self.check_included();
        if let Some(org) = &self.against_org {
            let plan = self.plan_rows(&org.snapshot, &org.options);
            if let Some(org) = &mut self.against_org {
                org.plan = plan;
            }
        }
    }

    /// Plans the checked rows against `snapshot`: with the people a platform's directory
    /// has bound already, and each row keyed as its source keys it.
    fn plan_rows(&self, snapshot: &OrgSnapshot, options: &PlanOptions) -> Plan {
        let empty = DirectoryMembers::default();
        let members = match &self.source {
            Source::Platform(p) => &p.members,
            _ => &empty,
        };
        let mut plan = plan_with(&self.report, snapshot, options, members);
        plan.mark_left_out(&self.excluded);
        if let Source::Platform(p) = &self.source {
            for (index, row) in plan.rows.iter_mut().enumerate() {
                if let Some(key) = p.key(index) {
                    row.key = key;
                }
                // The made username is for new people; existing ones keep JumpCloud's.
                if let Some(existing) = &row.existing {
                    row.username = existing.username.clone();
                }
                // Active without JumpCloud's email: created staged, then activated quietly.
                if row.action == Action::Create
                    && !p.send_email
                    && row.user.get_str("state") == Some("ACTIVATED")
                {
                    let mut ops = row.ops().into_owned();
                    if let Some(Op::Create { user, .. }) = ops.first_mut() {
                        user.state = Some(jumpcloud::models::UserState::Staged);
                    }
                    ops.push(Op::Activate { send_email: false });
                    row.ops = ops;
                }
            }
        }
        plan
    }

    /// The plan options for this source: a platform's people are matched by email, and
    /// those already in JumpCloud are bound to it.
    pub fn options_for(&self, existing: Existing, change_state: bool) -> PlanOptions {
        let platform = matches!(self.source, Source::Platform(_));
        PlanOptions {
            existing,
            change_state: existing == Existing::Update && change_state && !platform,
            matching: if platform {
                Matching::Email
            } else {
                Matching::Username
            },
            bind_existing: platform,
        }
    }

    /// People picked from a platform's listing, as rows: their details, a Username column
    /// made by `choices.usernames`, the state new people start in and the directory to bind.
    pub fn from_platform(pick: &Pick, choices: PlatformChoices) -> Result<Self, EngineError> {
        if pick.selected.is_empty() {
            return Err(EngineError::new(
                ErrorKind::Precondition,
                "Pick at least one person to import.",
            ));
        }
        const COLUMNS: [(&str, &str); 14] = [
            ("Email", "email"),
            ("First name", "firstname"),
            ("Last name", "lastname"),
            ("Job title", "jobTitle"),
            ("Department", "department"),
            ("Location", "location"),
            ("Employee ID", "employeeIdentifier"),
            ("Company", "company"),
            ("Cost center", "costCenter"),
            ("Employee type", "employeeType"),
            ("Alternate email", "alternateEmail"),
            ("Work phone", "work_number"),
            ("State", "state"),
            ("Directories", "directories"),
        ];
        let state = match choices.state {
            StartState::Staged => "STAGED",
            StartState::Active => "ACTIVATED",
        };
        let directory = &pick.listing.directory;
        let mut ids = Vec::with_capacity(pick.selected.len());
        let rows = pick
            .selected
            .iter()
            .filter_map(|&i| pick.listing.people.get(i))
            .enumerate()
            .map(|(n, p)| {
                ids.push(p.id.clone());
                RawRow {
                    line: n as u64 + 2,
                    cells: [
                        &p.email,
                        &p.firstname,
                        &p.lastname,
                        &p.job_title,
                        &p.department,
                        &p.location,
                        &p.employee_id,
                        &p.company,
                        &p.cost_center,
                        &p.employee_type,
                        &p.alternate_email,
                        &p.phone,
                    ]
                    .into_iter()
                    .map(|c| c.trim().to_owned())
                    .chain([state.to_owned(), directory.name.clone()])
                    .collect(),
                }
            })
            .collect();
        let table = Table {
            encoding: "UTF-8",
            bom: false,
            delimiter: roster_import::Delimiter::Comma,
            header_line: 1,
            headers: COLUMNS.iter().map(|(h, _)| (*h).to_owned()).collect(),
            rows,
            unclosed_quote_line: None,
            replaced_characters: false,
            workbook: None,
        };
        let mapping = Mapping {
            columns: COLUMNS.iter().map(|(_, k)| Field::from_key(k)).collect(),
            derive_username_from_email: true,
        };
        let report = check(&table, &mapping);
        let file_columns = table.headers.len();
        let mut preview = Self {
            source: Source::Platform(Box::new(PlatformSource {
                directory: directory.clone(),
                ids,
                send_email: choices.send_email,
                members: pick.members.clone(),
            })),
            table,
            workbook: None,
            file_columns,
            made_usernames: None,
            mapping,
            report,
            excluded: BTreeSet::new(),
            against_org: None,
            mapping_remembered: false,
        };
        preview.make_usernames();
        if let Some(made) = &mut preview.made_usernames {
            made.pattern = choices.usernames;
        }
        preview.fill_usernames();
        preview.recheck();
        Ok(preview)
    }

    /// The checks over the rows the admin kept (so leaving out one of two duplicates clears
    /// the other's error); left-out rows are reported as skipped, with no issues.
    fn check_included(&self) -> CheckReport {
        check_keeping(&self.table, &self.mapping, |raw| {
            !self.excluded.contains(&raw.line)
        })
    }

    /// Checks the rows against the organization `org` (existing users, group and directory
    /// names); the plan is bound to it.
    pub fn check_against(
        &mut self,
        org: OrgRef,
        snapshot: impl Into<std::sync::Arc<OrgSnapshot>>,
        options: PlanOptions,
    ) {
        let snapshot = snapshot.into();
        let plan = self.plan_rows(&snapshot, &options);
        self.against_org = Some(AgainstOrg {
            org,
            snapshot,
            options,
            plan,
        });
    }

    /// Forgets the organization's side (another organization was opened).
    pub fn forget_org(&mut self) {
        self.against_org = None;
    }

    /// The report the grid shows: with the organization's findings once checked.
    pub fn current_report(&self) -> &CheckReport {
        self.against_org
            .as_ref()
            .map_or(&self.report, |o| &o.plan.check)
    }

    /// The plan, if checked against an organization.
    pub fn plan(&self) -> Option<&Plan> {
        self.against_org.as_ref().map(|o| &o.plan)
    }

    /// The column that fills `field`, if any.
    pub fn column_of(&self, field: &str) -> Option<usize> {
        self.mapping
            .columns
            .iter()
            .position(|f| f.as_ref().is_some_and(|f| f.key() == field))
    }

    /// The rows matching `filter`: their index, the row as read, and its checks.
    pub fn matching(
        &self,
        filter: RowFilter,
    ) -> impl Iterator<Item = (usize, &RawRow, &RowReport)> + Clone + '_ {
        self.table
            .rows
            .iter()
            .zip(&self.current_report().rows)
            .enumerate()
            .filter(move |(_, (_, r))| match filter {
                RowFilter::All => true,
                RowFilter::Attention => matches!(r.status, RowStatus::Error | RowStatus::Warning),
            })
            .map(|(index, (raw, report))| (index, raw, report))
    }

    /// What the row at `index` (starting on `line`) will do, once checked against the org.
    pub fn planned(&self, index: usize, line: u64) -> Option<&PlannedRow> {
        self.plan()
            .and_then(|p| p.rows.get(index))
            .filter(|planned| planned.line == line)
    }

    fn row_index(&self, line: u64) -> Result<usize, EngineError> {
        self.table
            .rows
            .iter()
            .position(|r| r.line == line)
            .ok_or_else(|| {
                EngineError::new(
                    ErrorKind::NotFound,
                    format!("There is no row starting on line {line}."),
                )
            })
    }

    /// Changes one cell, then checks again.
    pub fn edit_cell(&mut self, line: u64, column: usize, value: &str) -> Result<(), EngineError> {
        let index = self.row_index(line)?;
        if column >= self.table.headers.len() {
            return Err(EngineError::new(
                ErrorKind::Validation,
                "That column does not exist in this file.",
            ));
        }
        let cells = &mut self.table.rows[index].cells;
        if cells.len() <= column {
            cells.resize(column + 1, String::new());
        }
        cells[column] = value.trim().to_owned();
        if let Some(made) = &mut self.made_usernames {
            if made.column == column {
                made.edited.insert(line);
            }
        }
        // A made username follows the email and names it comes from, until it is typed over.
        if self
            .made_usernames
            .as_ref()
            .is_some_and(|m| m.column != column)
        {
            self.fill_usernames();
        }
        self.recheck();
        Ok(())
    }

    /// Leaves a row out (or brings it back).
    pub fn set_excluded(&mut self, line: u64, excluded: bool) -> Result<(), EngineError> {
        self.row_index(line)?;
        if excluded {
            self.excluded.insert(line);
        } else {
            self.excluded.remove(&line);
        }
        self.recheck();
        Ok(())
    }

    /// Uses the admin's choice of field for each column (a key, or none), and remembers it in
    /// `remembered` for files with the same headers.
    pub fn set_mapping(
        &mut self,
        columns: &[Option<String>],
        remembered: Option<&Path>,
    ) -> Result<(), EngineError> {
        // Choices for every column shown, or for the file's own (the made Username column
        // then keeps its field).
        let mut columns = columns.to_vec();
        if columns.len() == self.file_columns && self.made_usernames.is_some() {
            columns.push(Some("username".to_owned()));
        }
        if columns.len() != self.table.headers.len() {
            return Err(EngineError::new(
                ErrorKind::Validation,
                "The column choices do not match the file's columns.",
            ));
        }
        let columns = columns.as_slice();
        let mut mapped = Vec::with_capacity(columns.len());
        for key in columns {
            mapped.push(match key {
                None => None,
                Some(key) => Some(Field::from_key(key).ok_or_else(|| {
                    EngineError::new(
                        ErrorKind::Validation,
                        format!("Roster does not know the field \"{key}\"."),
                    )
                })?),
            });
        }
        self.mapping.columns = mapped;
        // The made Username column goes when another column gives the usernames (or it was
        // set to something else); it comes back when usernames must be made again.
        let made_kept = self.made_usernames.as_ref().is_some_and(|m| {
            self.mapping
                .field(m.column)
                .is_some_and(|f| f.is("username"))
                && self.mapping.columns[..m.column]
                    .iter()
                    .flatten()
                    .all(|f| !f.is("username"))
        });
        if !made_kept {
            self.drop_made_usernames();
        }
        self.mapping.derive_username_from_email =
            !self.mapping.has("username") && self.mapping.has("email");
        self.make_usernames();
        self.fill_usernames();
        self.recheck();
        let Some(remembered) = remembered else {
            return Ok(());
        };
        // Remembered for the file's own columns only.
        let mut own = self.mapping.clone();
        own.columns.truncate(self.file_columns);
        if self.made_usernames.is_some() {
            own.derive_username_from_email = true;
        }
        let headers = &self.table.headers[..self.file_columns];
        mappings::save(remembered, &header_set_key(headers), &own).map_err(
            |e| {
                EngineError::new(
                    ErrorKind::SettingsFailed,
                    format!("Your column choices are used for this file, but Roster could not remember them for next time: {e}."),
                )
            },
        )
    }

    /// The spreadsheet as fixed in the preview (edits, and the Username column Roster made),
    /// every row, in the file's own separator: CSV text for "Save a corrected copy". Values
    /// that would run as formulas are guarded; Roster reads them back as they were.
    pub fn corrected_copy(&self) -> String {
        let width = self.table.headers.len();
        let header = self.table.headers.iter().map(String::as_str);
        let rows = self.table.rows.iter().map(|row| {
            (0..width)
                .map(|i| row.cells.get(i).map(String::as_str).unwrap_or(""))
                .collect::<Vec<&str>>()
        });
        roster_import::write_csv_with(
            std::iter::once(header.collect::<Vec<&str>>()).chain(rows),
            self.table.delimiter.as_char(),
        )
    }

    /// The plan ready to run in the organization `open` (the one open now). Refused when
    /// the rows were not checked against an organization, or were checked against another.
    pub fn job(&self, open: &OrgRef) -> Result<Job, EngineError> {
        let org = self.against_org.as_ref().ok_or_else(|| {
            EngineError::new(
                ErrorKind::Precondition,
                "Check the rows against the organization before importing.",
            )
        })?;
        if org.org.id != open.id {
            return Err(EngineError::new(
                ErrorKind::OrgChanged,
                format!(
                    "These rows were checked against \"{}\", but \"{}\" is open now. Nothing was sent. Check the rows against \"{}\" first.",
                    org.org.name, open.name, open.name
                ),
            ));
        }
        let key = match &self.source {
            Source::File { bytes, .. } => match self.sheet() {
                // Each sheet of a workbook is its own import.
                Some(sheet) => {
                    let mut identity = bytes.clone();
                    identity.extend_from_slice(b"\0sheet:");
                    identity.extend_from_slice(sheet.as_bytes());
                    JournalKey::new(&org.org.id, &identity, &self.mapping)
                }
                None => JournalKey::new(&org.org.id, bytes, &self.mapping),
            },
            Source::Platform(p) => {
                let mut ids = p.ids.clone();
                ids.sort();
                let identity = format!("{}\n{}", p.directory.id, ids.join("\n"));
                JournalKey::for_job(&org.org.id, "platform", identity.as_bytes())
            }
            other => JournalKey::for_job(&org.org.id, "preview", other.name().as_bytes()),
        };
        Ok(Job {
            org: org.org.clone(),
            plan: org.plan.clone(),
            key,
            source: self.source.clone(),
            separator: self.table.delimiter.as_char(),
        })
    }
}

/// The column choices for `table` (remembered for its headers, or suggested), whether they
/// were remembered, and the checks with them.
fn table_parts(table: &Table, remembered: Option<&Path>) -> (Mapping, bool, CheckReport) {
    let (mapping, mapping_remembered) =
        match remembered.and_then(|file| mappings::load(file, &header_set_key(&table.headers))) {
            Some(m) if m.columns.len() == table.headers.len() => (m, true),
            _ => (suggest_mapping(table), false),
        };
    let report = check(table, &mapping);
    (mapping, mapping_remembered, report)
}

/// An I/O error in plain words.
pub fn plain_io(err: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match err.kind() {
        K::NotFound => "the file does not exist".to_owned(),
        K::PermissionDenied => "Roster is not allowed to read it".to_owned(),
        _ => err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jumpcloud::models::SystemUser;
    use roster_bulk::Action;

    fn preview(text: &str) -> (Preview, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("people.csv");
        std::fs::write(&path, text).expect("write");
        let remembered = dir.path().join("column-choices.json");
        (Preview::open(&path, Some(&remembered)).expect("opens"), dir)
    }

    fn org(id: &str) -> OrgRef {
        OrgRef {
            id: id.into(),
            name: format!("Org {id}"),
        }
    }

    #[test]
    fn files_over_the_size_limit_get_a_plain_error() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("huge.csv");
        let file = std::fs::File::create(&path).expect("create");
        file.set_len(MAX_FILE_BYTES + 1).expect("size");
        let err = Preview::open(&path, None).err().expect("refused");
        assert_eq!(err.kind, ErrorKind::FileUnreadable);
        assert!(err.message.contains("up to 64 MB"), "{}", err.message);
    }

    #[test]
    fn errors_point_at_the_line_and_an_edit_fixes_them() {
        let (mut p, _dir) =
            preview("Username,Email,First Name\nada,ada@example.com,Ada\ngrace,grace@,Grace\n");
        assert_eq!(p.current_report().summary.error, 1);
        let bad: Vec<_> = p.matching(RowFilter::Attention).collect();
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].1.line, 3);
        assert_eq!(bad[0].2.issues[0].field.as_deref(), Some("email"));
        assert_eq!(p.column_of("email"), Some(1));
        p.edit_cell(3, 1, " grace@example.com ").expect("edits");
        assert_eq!(p.current_report().summary.error, 0);
        assert_eq!(p.table.rows[1].cells[1], "grace@example.com");
        assert_eq!(
            p.edit_cell(99, 1, "x").map_err(|e| e.kind),
            Err(ErrorKind::NotFound)
        );
        assert_eq!(
            p.edit_cell(3, 9, "x").map_err(|e| e.kind),
            Err(ErrorKind::Validation)
        );
    }

    #[test]
    fn excluded_rows_are_skipped_and_can_come_back() {
        let (mut p, _dir) = preview("username,email\nada,ada@example.com\nbob,not-an-email\n");
        p.set_excluded(3, true).expect("excludes");
        let s = p.current_report().summary;
        assert_eq!((s.error, s.skipped, s.ready), (0, 1, 1));
        p.set_excluded(3, false).expect("includes");
        assert_eq!(p.current_report().summary.error, 1);
    }

    #[test]
    fn leaving_out_one_of_two_duplicates_clears_the_other_and_the_row_is_left_out() {
        let (mut p, _dir) = preview(
            "username,email\nada,ada@example.com\nada,ada2@example.com\ncy,cy@example.com\n",
        );
        assert_eq!(
            p.current_report().summary.error,
            2,
            "both duplicates are errors"
        );
        p.set_excluded(3, true).expect("excludes");
        let s = p.current_report().summary;
        assert_eq!(
            (s.error, s.skipped),
            (0, 1),
            "checks run over the rows kept"
        );
        assert!(p.current_report().rows[1].issues.is_empty());
        p.check_against(
            org("a"),
            OrgSnapshot::from_parts(vec![], vec![], vec![]),
            PlanOptions::default(),
        );
        let plan = p.plan().expect("planned");
        let left: Vec<(u64, bool, Action)> = plan
            .rows
            .iter()
            .map(|r| (r.line, r.left_out, r.action))
            .collect();
        assert_eq!(
            left,
            [
                (2, false, Action::Create),
                (3, true, Action::Skip),
                (4, false, Action::Create)
            ]
        );
        p.set_excluded(3, false).expect("includes");
        assert!(p.plan().expect("planned").rows.iter().all(|r| !r.left_out));
        assert_eq!(p.current_report().summary.error, 2);
    }

    #[test]
    fn mapping_choices_are_remembered_for_the_same_headers() {
        let (mut p, dir) = preview("Mail,Given\nada@example.com,Ada\n");
        let remembered = dir.path().join("column-choices.json");
        p.set_mapping(
            &[Some("email".into()), Some("firstname".into())],
            Some(&remembered),
        )
        .expect("maps");
        assert!(
            p.made_usernames.is_some(),
            "usernames are made from the emails"
        );
        assert!(p
            .set_mapping(&[Some("nonsense".into()), None], Some(&remembered))
            .is_err());
        assert!(p.set_mapping(&[None], Some(&remembered)).is_err());
        let again = Preview::open(p.path(), Some(&remembered)).expect("opens");
        assert!(again.mapping_remembered);
        assert_eq!(again.column_of("firstname"), Some(1));
    }

    #[test]
    fn a_file_without_usernames_gets_a_username_column_made_from_the_email() {
        let (mut p, dir) = preview(
            "Email,First Name,Last Name\njane.doe@example.com,Jane,Doe\ntomas@example.com,Tomás,Ibarra\n",
        );
        let made = p.made_usernames.clone().expect("made");
        assert_eq!((made.column, p.file_columns), (3, 3));
        assert_eq!(p.table.headers[3], "Username");
        let names = |p: &Preview| -> Vec<String> {
            p.table.rows.iter().map(|r| r.cells[3].clone()).collect()
        };
        assert_eq!(names(&p), ["jane.doe", "tomas"]);
        assert!(
            p.report
                .issues
                .iter()
                .all(|i| i.code != "username_from_email"),
            "one notice per fact: the column says it"
        );
        assert_eq!(
            p.current_report().rows[0].user.get_str("username"),
            Some("jane.doe")
        );

        // Typed over: kept when the pattern changes.
        p.edit_cell(3, 3, "tibarra").expect("edits");
        p.set_username_pattern(UsernamePattern::FirstInitialLast)
            .expect("pattern");
        assert_eq!(names(&p), ["jdoe", "tibarra"]);
        // A made username follows its email until typed over.
        p.edit_cell(2, 1, "Janet").expect("edits");
        assert_eq!(names(&p), ["jdoe", "tibarra"]);
        p.set_username_pattern(UsernamePattern::FirstDotLast)
            .expect("pattern");
        assert_eq!(names(&p), ["janet.doe", "tibarra"]);

        // Choices remembered for the file's own columns; the column comes back next time.
        let remembered = dir.path().join("column-choices.json");
        p.set_mapping(
            &[
                Some("email".into()),
                Some("firstname".into()),
                Some("lastname".into()),
            ],
            Some(&remembered),
        )
        .expect("maps");
        assert!(p.made_usernames.is_some());
        let again = Preview::open(p.path(), Some(&remembered)).expect("opens");
        assert!(again.mapping_remembered);
        assert!(again.made_usernames.is_some());

        // Another column gives the usernames: the made one goes.
        p.set_mapping(
            &[
                Some("email".into()),
                Some("username".into()),
                Some("lastname".into()),
                Some("username".into()),
            ],
            None,
        )
        .expect("maps");
        assert!(p.made_usernames.is_none());
        assert_eq!(p.table.headers.len(), 3);
        assert_eq!(
            p.current_report().rows[0].user.get_str("username"),
            Some("Janet")
        );
    }

    #[test]
    fn a_corrected_copy_has_the_fixes_and_reads_back_the_same() {
        let (mut p, dir) = preview("Email;Phone\nada@;+44 20 7946 0000\nbob@example.com;\n");
        p.edit_cell(2, 0, "ada@example.com").expect("edits");
        let text = p.corrected_copy();
        assert!(text.starts_with("Email;Phone;Username\r\n"), "{text}");
        let path = dir.path().join("corrected.csv");
        std::fs::write(&path, &text).expect("write");
        let again = Preview::open(&path, None).expect("opens");
        assert_eq!(again.current_report().summary.error, 0);
        assert_eq!(
            again.table.rows[0].cells,
            ["ada@example.com", "+44 20 7946 0000", "ada"]
        );
        assert!(again.made_usernames.is_none(), "the copy has its usernames");
    }

    #[test]
    fn the_organizations_username_pattern_is_offered() {
        let (mut p, _dir) = preview("Email,First Name,Last Name\njane.doe@example.com,Jane,Doe\n");
        let staff: Vec<SystemUser> = [
            ("Ada", "Lovelace"),
            ("Grace", "Hopper"),
            ("Alan", "Turing"),
            ("Edsger", "Dijkstra"),
            ("Barbara", "Liskov"),
        ]
        .iter()
        .enumerate()
        .map(|(i, (f, l))| SystemUser {
            id: format!("{i:024x}"),
            username: format!("{}{}", &f[..1].to_lowercase(), l.to_lowercase()),
            firstname: (*f).into(),
            lastname: (*l).into(),
            email: format!("{}@example.com", f.to_lowercase()),
            ..Default::default()
        })
        .collect();
        p.check_against(
            org("a"),
            OrgSnapshot::from_parts(staff, vec![], vec![]),
            PlanOptions::default(),
        );
        let offered = p.org_username_pattern().expect("offered");
        assert_eq!(offered.pattern, UsernamePattern::FirstInitialLast);
        assert_eq!((offered.matching, offered.of), (5, 5));
        p.set_username_pattern(UsernamePattern::FirstInitialLast)
            .expect("pattern");
        assert!(p.org_username_pattern().is_none(), "already used");
        assert_eq!(p.plan().expect("plan").rows[0].username, "jdoe");
    }

    #[test]
    fn a_plan_runs_only_in_the_organization_it_was_checked_against() {
        let (mut p, _dir) = preview("username,email\nada,ada@example.com\nbob,bob@example.com\n");
        let err = p.job(&org("a")).err().map(|e| e.kind);
        assert_eq!(err, Some(ErrorKind::Precondition));
        let bob = SystemUser {
            id: "5f1b2c3d4e5f60718293a4b5".into(),
            username: "bob".into(),
            email: "bob@example.com".into(),
            ..Default::default()
        };
        p.check_against(
            org("a"),
            OrgSnapshot::from_parts(vec![bob], vec![], vec![]),
            PlanOptions::default(),
        );
        let job = p.job(&org("a")).expect("same org");
        assert_eq!(job.key.org_id, "a");
        let actions: Vec<Action> = job.plan.rows.iter().map(|r| r.action).collect();
        assert_eq!(actions, [Action::Create, Action::Skip]);

        let other = p.job(&org("b")).err().expect("another org is refused");
        assert_eq!(other.kind, ErrorKind::OrgChanged);
        assert!(other.message.contains("\"Org a\""), "{}", other.message);
        p.forget_org();
        assert!(p.plan().is_none());
    }

    #[test]
    fn an_edit_after_planning_changes_the_row_digest() {
        let (mut p, _dir) = preview("username,email,jobTitle\nada,ada@example.com,Engineer\n");
        p.check_against(
            org("a"),
            OrgSnapshot::from_parts(vec![], vec![], vec![]),
            PlanOptions::default(),
        );
        let before = p.plan().map(|plan| plan.rows[0].digest());
        p.edit_cell(2, 2, "Lead").expect("edits");
        let after = p.plan().map(|plan| plan.rows[0].digest());
        assert!(before.is_some() && before != after);
        assert_eq!(
            p.plan().map(|plan| plan.rows[0].key.as_str()),
            Some("line:2")
        );
    }
}
