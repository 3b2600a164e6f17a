//! Tauri commands: each unpacks its arguments, calls the core, maps errors.
//! Logic lives in `crates/`; nothing here should be longer than a screen.

pub mod app;
pub mod connect;
pub mod files;
pub mod history;
pub mod import;
pub mod offboard;
pub mod people;
pub mod platform;
pub mod session;

use roster_bulk::{ExecuteOptions, Progress};
use roster_engine::{run_job, Job, OpenOrg, Ran, RunOptions};
use tauri::ipc::Channel;

use crate::commands::import::ImportProgress;
use crate::error::AppError;
use crate::state::AppState;

/// Runs `job` in `open` as every command does: registered under a new job id (so it can be
/// stopped, and switching organization stops it), with progress sent on `on_progress` when
/// the page listens. Returns the job's id and what it did.
pub(crate) async fn run_tracked(
    state: &AppState,
    open: &OpenOrg,
    job: &Job,
    execute: ExecuteOptions,
    on_progress: Option<&Channel<ImportProgress>>,
) -> Result<(String, Ran), AppError> {
    let guard = state.jobs.start(&open.org.id);
    let job_id = guard.id().to_owned();
    let send = |p: Progress| {
        if let Some(channel) = on_progress {
            let _ = channel.send(ImportProgress {
                job_id: job_id.clone(),
                done: crate::people_view::small(p.done),
                failed: crate::people_view::small(p.failed),
                remaining: crate::people_view::small(p.remaining),
                total: crate::people_view::small(p.total),
                eta_secs: p.eta_secs.map(|s| u32::try_from(s).unwrap_or(u32::MAX)),
            });
        }
    };
    let ran = run_job(
        open,
        job,
        &state.job_places(),
        RunOptions {
            execute,
            job_id: Some(job_id.clone()),
            report_to: None,
            progress: &send,
            cancel: guard.token(),
        },
    )
    .await?;
    drop(guard);
    Ok((job_id, ran))
}
