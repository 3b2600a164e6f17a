//! History: every change Roster made to the open organization, filtered, newest first, a
//! page at a time; and the same entries saved as a CSV file where the admin chooses.

use roster_bulk::{HistoryEntry, HistoryFilter, HistoryOutcome as Outcome, OperationKind};
use roster_engine::EngineError;
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Runtime, State};

use crate::error::AppError;
use crate::state::AppState;

/// The kinds of change, as History names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum HistoryOperation {
    Create,
    Update,
    Bind,
    Unbind,
    AddToGroup,
    RemoveFromGroup,
    Suspend,
    Reactivate,
    Delete,
    Schedule,
    CancelSchedule,
}

impl From<OperationKind> for HistoryOperation {
    fn from(k: OperationKind) -> Self {
        match k {
            OperationKind::Create => Self::Create,
            OperationKind::Update => Self::Update,
            OperationKind::Bind => Self::Bind,
            OperationKind::Unbind => Self::Unbind,
            OperationKind::AddToGroup => Self::AddToGroup,
            OperationKind::RemoveFromGroup => Self::RemoveFromGroup,
            OperationKind::Suspend => Self::Suspend,
            OperationKind::Reactivate => Self::Reactivate,
            OperationKind::Delete => Self::Delete,
            OperationKind::Schedule => Self::Schedule,
            OperationKind::CancelSchedule => Self::CancelSchedule,
        }
    }
}

impl From<HistoryOperation> for OperationKind {
    fn from(k: HistoryOperation) -> Self {
        match k {
            HistoryOperation::Create => Self::Create,
            HistoryOperation::Update => Self::Update,
            HistoryOperation::Bind => Self::Bind,
            HistoryOperation::Unbind => Self::Unbind,
            HistoryOperation::AddToGroup => Self::AddToGroup,
            HistoryOperation::RemoveFromGroup => Self::RemoveFromGroup,
            HistoryOperation::Suspend => Self::Suspend,
            HistoryOperation::Reactivate => Self::Reactivate,
            HistoryOperation::Delete => Self::Delete,
            HistoryOperation::Schedule => Self::Schedule,
            HistoryOperation::CancelSchedule => Self::CancelSchedule,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum HistoryOutcome {
    Done,
    Failed,
}

/// Which entries to show.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct HistoryQuery {
    /// Part of a username or email address, or a user id.
    pub person: Option<String>,
    pub operation: Option<HistoryOperation>,
    pub outcome: Option<HistoryOutcome>,
    /// `YYYY-MM-DD`, inclusive.
    pub since: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub until: Option<String>,
    pub offset: u32,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldChangeView {
    pub field: String,
    /// The field in plain words.
    pub label: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntryView {
    /// RFC 3339, UTC.
    pub at: String,
    pub os_user: String,
    pub computer: String,
    pub org_id: String,
    pub org_name: String,
    pub operation: HistoryOperation,
    /// Plain words: "Created ada (ada@example.com)".
    pub summary: String,
    pub person_id: Option<String>,
    pub username: String,
    pub email: String,
    pub changes: Vec<FieldChangeView>,
    pub outcome: HistoryOutcome,
    /// JumpCloud's error in plain words, when it failed.
    pub error: Option<String>,
    /// Where it came from: "people.csv, line 7", "added by hand".
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct HistoryPage {
    /// Entries matching the query.
    pub total: u32,
    /// Newest first.
    pub entries: Vec<HistoryEntryView>,
}

/// The most entries one page holds.
const MAX_PAGE: u32 = 500;

fn filter_of(query: &HistoryQuery) -> HistoryFilter {
    let day = |d: &Option<String>| {
        d.as_ref()
            .map(|d| d.trim().to_owned())
            .filter(|d| !d.is_empty())
    };
    HistoryFilter {
        person: query.person.clone(),
        operation: query.operation.map(Into::into),
        outcome: query.outcome.map(|o| match o {
            HistoryOutcome::Done => Outcome::Done,
            HistoryOutcome::Failed => Outcome::Failed,
        }),
        since: day(&query.since),
        until: day(&query.until),
    }
}

fn view(e: HistoryEntry) -> HistoryEntryView {
    let who = if e.person.email.is_empty() {
        e.person.username.clone()
    } else {
        format!("{} ({})", e.person.username, e.person.email)
    };
    let failed = if e.outcome == Outcome::Failed {
        " — failed"
    } else {
        ""
    };
    HistoryEntryView {
        summary: format!("{}: {who}{failed}", e.operation.label()),
        at: e.at,
        os_user: e.os_user,
        computer: e.computer,
        org_id: e.org_id,
        org_name: e.org_name,
        operation: e.operation.into(),
        person_id: e.person.id,
        username: e.person.username,
        email: e.person.email,
        changes: e
            .changes
            .into_iter()
            .map(|c| FieldChangeView {
                label: roster_bulk::fields::label(&c.field),
                before: Some(roster_bulk::history::value_text(&c.before)).filter(|t| !t.is_empty()),
                after: Some(roster_bulk::history::value_text(&c.after)).filter(|t| !t.is_empty()),
                field: c.field,
            })
            .collect(),
        outcome: match e.outcome {
            Outcome::Done => HistoryOutcome::Done,
            Outcome::Failed => HistoryOutcome::Failed,
        },
        error: e.error,
        source: e.source,
    }
}

/// The open organization's History, filtered, newest first.
#[tauri::command]
#[specta::specta]
pub async fn history_list(
    state: State<'_, AppState>,
    query: HistoryQuery,
) -> Result<HistoryPage, AppError> {
    let open = state.open_org().await.ok_or_else(AppError::not_connected)?;
    let dir = state.job_places().history;
    let filter = filter_of(&query);
    let (offset, limit) = (
        query.offset as usize,
        query.limit.clamp(1, MAX_PAGE) as usize,
    );
    let page = tokio::task::spawn_blocking(move || {
        roster_engine::history::page(&dir, &open.org.id, &filter, offset, limit)
    })
    .await
    .map_err(EngineError::internal)??;
    Ok(HistoryPage {
        total: u32::try_from(page.total).unwrap_or(u32::MAX),
        entries: page.entries.into_iter().map(view).collect(),
    })
}

/// Save every entry matching the query (its offset and limit aside) as a CSV file where the
/// admin chooses. Returns where it was saved; none if cancelled.
#[tauri::command]
#[specta::specta]
pub async fn history_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    query: HistoryQuery,
) -> Result<Option<String>, AppError> {
    let open = state.open_org().await.ok_or_else(AppError::not_connected)?;
    let Some(path) = crate::commands::files::ask_save_path(
        &app,
        "Save Roster's History as a spreadsheet",
        "roster-history.csv",
    )
    .await?
    else {
        return Ok(None);
    };
    let dir = state.job_places().history;
    let filter = filter_of(&query);
    let target = path.clone();
    tokio::task::spawn_blocking(move || {
        roster_engine::history::export(&dir, &open.org.id, &filter, &target)
    })
    .await
    .map_err(EngineError::internal)??;
    Ok(Some(path.to_string_lossy().into_owned()))
}
