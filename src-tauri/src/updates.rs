//! Signed updates through tauri-plugin-updater. The public key is in `tauri.conf.json`;
//! the private key signs releases in the release workflow and is never in the repository.
//! An update is accepted only when its signature matches that key *and* names the version
//! the server announced (`requireSignedVersion`), so a tampered file, an unsigned one, or an
//! old release offered under a new number is refused before anything is installed.
//!
//! Roster never restarts while a job runs: installing is refused then, and checked again
//! right before the restart.

use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Runtime};
use tauri_plugin_updater::{Update, UpdaterExt};
use tokio::sync::Mutex;

use crate::error::{AppError, ErrorCode};

/// What a check found.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdateCheck {
    /// The version running now.
    pub current: String,
    pub available: Option<UpdateOffer>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdateOffer {
    pub version: String,
    /// The release notes, as published.
    pub notes: Option<String>,
    /// When it was published (RFC 3339).
    pub date: Option<String>,
}

/// The update found by the last check, waiting to be installed.
#[derive(Default)]
pub struct Updates {
    pending: Mutex<Option<Update>>,
}

impl Updates {
    /// The update the last check found, if any.
    pub async fn pending(&self) -> Option<Update> {
        self.pending.lock().await.clone()
    }
}

/// Ask the update server whether there is a newer Roster.
pub async fn check<R: Runtime>(
    app: &AppHandle<R>,
    updates: &Updates,
) -> Result<UpdateCheck, AppError> {
    let current = app.package_info().version.to_string();
    let found = app
        .updater()
        .map_err(update_error)?
        .check()
        .await
        .map_err(update_error)?;
    let available = found.as_ref().map(|u| UpdateOffer {
        version: u.version.clone(),
        notes: u.body.clone(),
        date: u.date.and_then(|d| {
            d.format(&time::format_description::well_known::Rfc3339)
                .ok()
        }),
    });
    match &available {
        Some(offer) => tracing::info!(current, version = offer.version, "an update is available"),
        None => tracing::info!(current, "Roster is up to date"),
    }
    *updates.pending.lock().await = found;
    Ok(UpdateCheck { current, available })
}

/// Download an update and check its signature; the verified bytes, ready to install.
pub async fn download(update: &Update) -> Result<Vec<u8>, AppError> {
    let bytes = update
        .download(|_, _| {}, || {})
        .await
        .map_err(update_error)?;
    tracing::info!(
        version = update.version,
        bytes = bytes.len(),
        "update downloaded and its signature verified"
    );
    Ok(bytes)
}

/// Download, verify and install the update the last check found, then restart — unless a
/// job is running (`running_jobs` is asked before and after the download).
pub async fn install<R: Runtime>(
    app: &AppHandle<R>,
    updates: &Updates,
    running_jobs: impl Fn() -> usize,
) -> Result<(), AppError> {
    refuse_while_running(running_jobs())?;
    let Some(update) = updates.pending.lock().await.clone() else {
        return Err(AppError::new(
            ErrorCode::NothingOpen,
            "There is no update to install. Use Help → Check for updates first.",
        ));
    };
    let bytes = download(&update).await?;
    refuse_while_running(running_jobs())?;
    update.install(bytes).map_err(update_error)?;
    tracing::info!(version = update.version, "update installed; restarting");
    app.restart()
}

fn refuse_while_running(jobs: usize) -> Result<(), AppError> {
    if jobs == 0 {
        return Ok(());
    }
    Err(AppError::new(
        ErrorCode::JobRunning,
        format!(
            "Roster is still working on {} — it will not restart in the middle. Update when it has finished.",
            if jobs == 1 { "a job".to_owned() } else { format!("{jobs} jobs") }
        ),
    ))
}

/// Plain words for what went wrong, and the details in the log.
fn update_error(err: tauri_plugin_updater::Error) -> AppError {
    use tauri_plugin_updater::Error as E;
    tracing::warn!(error = %err, "update failed");
    let message = match &err {
        E::Minisign(_) | E::SignedVersionMismatch { .. } | E::MissingSignedVersion | E::Base64(_) | E::SignatureUtf8(_) => {
            "The update was refused: it is not signed by Roster's publisher, or it was changed after signing. Nothing was installed; the Roster you have keeps working. Please tell your help desk."
        }
        E::Reqwest(_) | E::Network(_) | E::Http(_) => {
            "Roster could not reach its update server. Check the internet connection and try again later."
        }
        E::ReleaseNotFound | E::TargetNotFound(_) | E::TargetsNotFound(_) | E::Serialization(_) | E::InvalidUpdaterFormat => {
            "The update server's answer could not be used (no release for this computer). Try again later."
        }
        E::AuthenticationFailed | E::DebInstallFailed | E::PackageInstallFailed => {
            "The update was downloaded and verified, but could not be installed (permission was not given). Try again, or install it from the download page."
        }
        _ => "The update could not be installed. Nothing was changed; try again later.",
    };
    AppError::new(ErrorCode::UpdateFailed, message)
}

#[cfg(test)]
mod tests {
    use super::refuse_while_running;

    #[test]
    fn never_while_a_job_runs() {
        assert!(refuse_while_running(0).is_ok());
        let err = refuse_while_running(2).expect_err("refused");
        assert!(err.message.contains("2 jobs"), "{}", err.message);
    }
}
