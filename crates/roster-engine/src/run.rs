//! Running a job: the one path every change takes, from the app and from `roster-cli`. It
//! refuses a plan made against another organization, locks the job's journal (a second
//! window or the CLI gets a plain "already running" error), records every change in the
//! organization's History, and saves the report.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jumpcloud::Client;
use roster_bulk::{
    execute_audited, Actor, Audit, CancellationToken, ExecuteOptions, History, ImportReport,
    Journal, Progress,
};

use crate::error::{EngineError, ErrorKind};
use crate::preview::{Job, OrgRef};

/// The organization a job runs in: who it is and how to reach it.
#[derive(Clone)]
pub struct OpenOrg {
    pub org: OrgRef,
    pub client: Client,
}

/// Where jobs keep their journals, History and reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Places {
    pub journals: PathBuf,
    pub history: PathBuf,
    /// Where a report goes when it cannot go beside its source file.
    pub reports: PathBuf,
}

impl Places {
    /// The folders inside the app's data folder (the app and the CLI share them).
    pub fn in_data_dir(data_dir: &Path) -> Self {
        Self {
            journals: data_dir.join("import-journals"),
            history: data_dir.join("history"),
            reports: data_dir.join("reports"),
        }
    }
}

/// What a run did.
pub struct Ran {
    pub report: ImportReport,
    /// Where the report was saved, or why it could not be.
    pub report_path: Result<PathBuf, EngineError>,
    /// The journal file (for the CLI's messages).
    pub journal: PathBuf,
}

/// How to run a job.
pub struct RunOptions<'a> {
    pub execute: ExecuteOptions,
    /// The job's id (History names it).
    pub job_id: Option<String>,
    /// Save the report here instead of beside the source.
    pub report_to: Option<PathBuf>,
    pub progress: &'a (dyn Fn(Progress) + Send + Sync),
    pub cancel: &'a CancellationToken,
}

/// Runs `job` in `open`: the organization must be the one the job was planned against.
pub async fn run_job(
    open: &OpenOrg,
    job: &Job,
    places: &Places,
    options: RunOptions<'_>,
) -> Result<Ran, EngineError> {
    if job.org.id != open.org.id {
        return Err(EngineError::new(
            ErrorKind::OrgChanged,
            format!(
                "This job was planned for \"{}\", but \"{}\" is open now. Nothing was sent.",
                job.org.name, open.org.name
            ),
        ));
    }
    let dir = places.journals.clone();
    let key = job.key.clone();
    let journal = tokio::task::spawn_blocking(move || Journal::open(&dir, &key))
        .await
        .map_err(EngineError::internal)??;
    tracing::info!(
        job = options.job_id.as_deref().unwrap_or("-"),
        org = %open.org.id,
        rows = job.plan.rows.len(),
        "job started"
    );
    let source = job.source.clone();
    let audit = Audit {
        history: History::new(
            &places.history,
            &open.org.id,
            &open.org.name,
            Actor::current(),
        ),
        source: Arc::new(move |row| source.row_words(row)),
        job: options.job_id.clone(),
    };
    let report = execute_audited(
        &open.client,
        &job.plan,
        &journal,
        &options.execute,
        Some(&audit),
        options.progress,
        options.cancel,
    )
    .await;
    let journal_path = journal.path().to_owned();
    drop(journal);
    let summary = serde_json::to_string(&report.summary).unwrap_or_default();
    match &report.stopped {
        None => {
            tracing::info!(job = options.job_id.as_deref().unwrap_or("-"), %summary, "job finished")
        }
        Some(why) => {
            tracing::warn!(job = options.job_id.as_deref().unwrap_or("-"), %summary, why, "job stopped early")
        }
    }

    let target = options
        .report_to
        .clone()
        .unwrap_or_else(|| job.source.report_path(&places.reports));
    let fallback = places.reports.clone();
    let to_save = report.clone();
    let separator = job.separator;
    let report_path =
        tokio::task::spawn_blocking(move || save_report(&to_save, &target, &fallback, separator))
            .await
            .map_err(EngineError::internal)?;
    Ok(Ran {
        report,
        report_path,
        journal: journal_path,
    })
}

/// Saves the report at `target`; if that folder is read-only, in `fallback` (Roster's own).
fn save_report(
    report: &ImportReport,
    target: &Path,
    fallback: &Path,
    separator: char,
) -> Result<PathBuf, EngineError> {
    if report.write_csv_with(target, separator).is_ok() {
        return Ok(target.to_path_buf());
    }
    let name = target
        .file_name()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("roster-report.csv"));
    let other = fallback.join(name);
    let _ = std::fs::create_dir_all(fallback);
    report.write_csv_with(&other, separator).map_err(|e| {
        EngineError::new(
            ErrorKind::WriteFailed,
            format!("The job ran, but Roster could not save its report: {e}. The results are shown here."),
        )
    })?;
    Ok(other)
}
