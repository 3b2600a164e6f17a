//! The one place where what went wrong becomes words: every engine call, the app's commands
//! and `roster-cli` report an [`EngineError`] — a kind the UI acts on (retry, fix this cell,
//! check the key) and a message in plain words. Nothing parses a message Rust formatted.

use roster_bulk::JournalError;

/// Why something failed, as callers need to tell cases apart. The app mirrors these as its
/// error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// No organization is open.
    NotConnected,
    /// Nothing to work on is open (no spreadsheet, no job).
    NothingOpen,
    /// Something has to happen first (check against the organization before running).
    Precondition,
    /// The preview was checked against another organization than the one open now.
    OrgChanged,
    /// The same job is running in another window or in `roster-cli`.
    JobRunning,
    BadKey,
    WrongRegion,
    Forbidden,
    NotFound,
    Conflict,
    /// Something sent (or given) was not accepted.
    Validation,
    RateLimited,
    Offline,
    ServerError,
    /// JumpCloud answered something Roster could not read.
    UnexpectedAnswer,
    /// A file could not be read.
    FileUnreadable,
    /// Roster could not write a file of its own (journal, report, History).
    WriteFailed,
    KeychainUnavailable,
    KeychainLocked,
    KeychainFailed,
    /// Roster's own settings could not be read or written.
    SettingsFailed,
    /// A bug in Roster.
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct EngineError {
    pub kind: ErrorKind,
    /// Plain words for an office admin: what happened and what to do.
    pub message: String,
}

impl EngineError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    pub fn not_connected() -> Self {
        Self::new(
            ErrorKind::NotConnected,
            "No organization is open. Connect to JumpCloud or open the practice organization first.",
        )
    }

    pub fn no_file() -> Self {
        Self::new(
            ErrorKind::NothingOpen,
            "No spreadsheet is open. Pick one first.",
        )
    }

    pub fn internal(what: impl std::fmt::Display) -> Self {
        Self::new(
            ErrorKind::Internal,
            format!("Something went wrong inside Roster ({what}). Try again; if it keeps happening, please report it."),
        )
    }
}

impl From<jumpcloud::Error> for EngineError {
    fn from(err: jumpcloud::Error) -> Self {
        use jumpcloud::ErrorKind as K;
        let said = err
            .server_message
            .as_deref()
            .map(|s| format!(" (JumpCloud said: {s})"))
            .unwrap_or_default();
        let (kind, message) = match err.kind {
            K::BadKey => (
                ErrorKind::BadKey,
                "JumpCloud did not accept the API key. It may have been replaced by a newer one, or it belongs to another region. Paste the current key from the JumpCloud console (your name, top right, then My API Key).".to_owned(),
            ),
            K::WrongRegion => (
                ErrorKind::WrongRegion,
                format!(
                    "This key belongs to JumpCloud's {} region. Choose that region, then connect again.",
                    err.region.map(|r| r.label()).unwrap_or("other")
                ),
            ),
            K::Forbidden => (
                ErrorKind::Forbidden,
                "Your JumpCloud account is not allowed to do this. Ask an administrator with more rights.".to_owned(),
            ),
            K::NotFound => (
                ErrorKind::NotFound,
                "JumpCloud could not find it. It may have been deleted by someone else; refresh the list.".to_owned(),
            ),
            K::Conflict => (
                ErrorKind::Conflict,
                format!("JumpCloud says this already exists.{said}"),
            ),
            K::Validation => (
                ErrorKind::Validation,
                format!("JumpCloud did not accept what was sent.{said}"),
            ),
            K::RateLimited => (
                ErrorKind::RateLimited,
                "JumpCloud asked Roster to slow down. Wait a minute, then try again.".to_owned(),
            ),
            K::Offline => (
                ErrorKind::Offline,
                "Roster could not reach JumpCloud. Check your internet connection, then try again.".to_owned(),
            ),
            K::Server => (
                ErrorKind::ServerError,
                "JumpCloud is having trouble right now. Nothing was changed by this step; try again in a few minutes.".to_owned(),
            ),
            K::Decode => (
                ErrorKind::UnexpectedAnswer,
                format!("JumpCloud answered in a way this version of Roster does not understand. Try again later or update Roster; if it keeps happening, please report it ({}).", err.message),
            ),
        };
        Self::new(kind, message)
    }
}

impl From<JournalError> for EngineError {
    fn from(err: JournalError) -> Self {
        match err {
            JournalError::Busy { .. } => Self::new(ErrorKind::JobRunning, err.to_string()),
            JournalError::Io { .. } | JournalError::Writer => Self::new(
                ErrorKind::WriteFailed,
                format!(
                    "{err}. Nothing was sent. Check that the disk is not full, then try again."
                ),
            ),
        }
    }
}

impl From<roster_credentials::KeychainError> for EngineError {
    fn from(err: roster_credentials::KeychainError) -> Self {
        use roster_credentials::KeychainErrorKind as K;
        let kind = match err.kind {
            K::Unavailable => ErrorKind::KeychainUnavailable,
            K::Locked => ErrorKind::KeychainLocked,
            K::Failed => ErrorKind::KeychainFailed,
        };
        Self::new(kind, err.message)
    }
}

impl From<roster_credentials::SavedOrgsError> for EngineError {
    fn from(err: roster_credentials::SavedOrgsError) -> Self {
        Self::new(ErrorKind::SettingsFailed, err.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_errors_become_plain_words_with_jumpcloud_own() {
        let offline: EngineError =
            jumpcloud::Error::new(jumpcloud::ErrorKind::Offline, "could not connect: tcp").into();
        assert_eq!(offline.kind, ErrorKind::Offline);
        assert!(offline
            .message
            .starts_with("Roster could not reach JumpCloud."));
        assert!(
            !offline.message.contains("tcp"),
            "no jargon: {}",
            offline.message
        );

        let mut refused = jumpcloud::Error::new(jumpcloud::ErrorKind::Validation, "x");
        refused.server_message = Some("email is required".into());
        let refused = EngineError::from(refused);
        assert_eq!(
            refused.message,
            "JumpCloud did not accept what was sent. (JumpCloud said: email is required)"
        );
        let decode = EngineError::from(jumpcloud::Error::new(
            jumpcloud::ErrorKind::Decode,
            "at $.x",
        ));
        assert_eq!(decode.kind, ErrorKind::UnexpectedAnswer);
    }

    #[test]
    fn a_busy_journal_is_a_job_running_elsewhere() {
        let busy = EngineError::from(JournalError::Busy { path: "/x".into() });
        assert_eq!(busy.kind, ErrorKind::JobRunning);
        assert!(busy
            .message
            .contains("already running in another Roster window"));
        let io = EngineError::from(JournalError::Writer);
        assert_eq!(io.kind, ErrorKind::WriteFailed);
    }
}
