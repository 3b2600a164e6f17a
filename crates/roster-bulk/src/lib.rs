//! Roster's job runner, which every change to JumpCloud goes through: plan every row against
//! the organization, run the plan's operations ([`ops`]) with a few rows in flight, write each
//! outcome to a durable, locked journal as it happens (so an interrupted job resumes without
//! doing anything twice), record each change in [`history`], and report every row. No Tauri:
//! the app and `roster-cli` share it (through `roster-engine`). See the README.

pub mod execute;
pub mod fields;
pub mod history;
pub mod journal;
pub mod messages;
pub mod ops;
pub mod plan;
pub mod progress;
pub mod report;
pub mod snapshot;

pub use execute::{
    execute, execute_audited, Audit, ExecuteOptions, SourceWords, DEFAULT_CONCURRENCY,
};
pub use history::{
    Actor, FieldChange, History, HistoryEntry, HistoryError, HistoryFilter, HistoryOutcome, Person,
};
pub use journal::{
    default_data_dir, default_journal_dir, now_rfc3339, Journal, JournalError, JournalKey,
    RowHistory,
};
pub use ops::{Applied, Op, OperationKind, Reports, ScheduledState};
pub use plan::{
    line_key, plan, plan_with, Action, DirectoryMembers, DirectoryTarget, Existing, ExistingUser,
    GroupTarget, MatchedBy, Matching, Plan, PlanCounts, PlanOptions, PlannedRow,
};
pub use progress::Progress;
pub use report::{
    default_report_path, default_report_path_now, ImportReport, Outcome, ReportSummary, RowResult,
};
pub use snapshot::{Lookup, OrgSnapshot};
pub use tokio_util::sync::CancellationToken;
