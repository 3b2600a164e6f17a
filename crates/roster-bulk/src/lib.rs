//! Roster's bulk import, after the offline check (`roster-import`): plan every row against the
//! organization, run the plan with a few rows in flight, write each outcome to a durable
//! journal as it happens (so an interrupted import resumes without doing anything twice), and
//! report every row. No Tauri: the app and `roster-cli` share it. See the README.

pub mod execute;
pub mod fields;
pub mod journal;
pub mod messages;
pub mod plan;
pub mod progress;
pub mod report;
pub mod snapshot;

pub use execute::{execute, ExecuteOptions, DEFAULT_CONCURRENCY};
pub use journal::{default_journal_dir, Journal, JournalError, JournalKey, RowHistory};
pub use plan::{
    plan, Action, DirectoryTarget, Existing, ExistingUser, GroupTarget, MatchedBy, Plan,
    PlanCounts, PlanOptions, PlannedRow,
};
pub use progress::Progress;
pub use report::{
    default_report_path, default_report_path_now, ImportReport, Outcome, ReportSummary, RowResult,
};
pub use snapshot::{Lookup, OrgSnapshot};
pub use tokio_util::sync::CancellationToken;
