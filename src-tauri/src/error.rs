//! The one error type every command returns. It crosses to the UI as
//! `{ "code": "...", "message": "..." }`: the UI picks what to offer from the
//! code (never from the words) and shows the message as it is.

use roster_engine::{EngineError, ErrorKind};
use serde::Serialize;
use specta::Type;

/// Why a command failed, as the UI needs to know it. Mirrored in TypeScript
/// by the generated bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No organization is open: connect or open the practice organization.
    NotConnected,
    /// Nothing to work on is open (no spreadsheet, no job).
    NothingOpen,
    /// Something has to happen first (check against the organization before importing).
    Precondition,
    /// The preview was checked against another organization than the one open now.
    OrgChanged,
    /// This job is already running in another Roster window or in roster-cli.
    JobRunning,
    /// JumpCloud refused the API key.
    BadKey,
    /// The key works, but in another region.
    WrongRegion,
    /// The key may not do this.
    Forbidden,
    NotFound,
    /// The thing already exists.
    Conflict,
    /// Something sent was not accepted.
    Validation,
    /// JumpCloud asked us to slow down and our retries ran out.
    RateLimited,
    /// JumpCloud could not be reached.
    Offline,
    /// JumpCloud had a problem on its side.
    ServerError,
    /// JumpCloud answered something Roster could not read.
    UnexpectedAnswer,
    /// A file could not be read.
    FileUnreadable,
    /// Roster could not write a file (a journal, a report, History, a template).
    WriteFailed,
    /// The practice organization could not start.
    PracticeUnavailable,
    /// There is no OS keychain to keep the key in; Roster will not store it elsewhere.
    KeychainUnavailable,
    /// The keychain is locked, or access to it was refused.
    KeychainLocked,
    /// The keychain failed.
    KeychainFailed,
    /// Roster could not read or write its own settings.
    SettingsFailed,
    /// An update could not be checked, verified or installed.
    UpdateFailed,
    /// A bug in Roster.
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    /// Plain words for an office admin: what happened and what to do.
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub fn not_connected() -> Self {
        EngineError::not_connected().into()
    }
}

/// The engine's kinds are the app's codes: the words come from the engine.
impl From<EngineError> for AppError {
    fn from(err: EngineError) -> Self {
        let code = match err.kind {
            ErrorKind::NotConnected => ErrorCode::NotConnected,
            ErrorKind::NothingOpen => ErrorCode::NothingOpen,
            ErrorKind::Precondition => ErrorCode::Precondition,
            ErrorKind::OrgChanged => ErrorCode::OrgChanged,
            ErrorKind::JobRunning => ErrorCode::JobRunning,
            ErrorKind::BadKey => ErrorCode::BadKey,
            ErrorKind::WrongRegion => ErrorCode::WrongRegion,
            ErrorKind::Forbidden => ErrorCode::Forbidden,
            ErrorKind::NotFound => ErrorCode::NotFound,
            ErrorKind::Conflict => ErrorCode::Conflict,
            ErrorKind::Validation => ErrorCode::Validation,
            ErrorKind::RateLimited => ErrorCode::RateLimited,
            ErrorKind::Offline => ErrorCode::Offline,
            ErrorKind::ServerError => ErrorCode::ServerError,
            ErrorKind::UnexpectedAnswer => ErrorCode::UnexpectedAnswer,
            ErrorKind::FileUnreadable => ErrorCode::FileUnreadable,
            ErrorKind::WriteFailed => ErrorCode::WriteFailed,
            ErrorKind::KeychainUnavailable => ErrorCode::KeychainUnavailable,
            ErrorKind::KeychainLocked => ErrorCode::KeychainLocked,
            ErrorKind::KeychainFailed => ErrorCode::KeychainFailed,
            ErrorKind::SettingsFailed => ErrorCode::SettingsFailed,
            ErrorKind::Internal => ErrorCode::Internal,
        };
        Self::new(code, err.message)
    }
}

impl From<jumpcloud::Error> for AppError {
    fn from(err: jumpcloud::Error) -> Self {
        EngineError::from(err).into()
    }
}

impl From<roster_credentials::KeychainError> for AppError {
    fn from(err: roster_credentials::KeychainError) -> Self {
        EngineError::from(err).into()
    }
}

impl From<roster_credentials::SavedOrgsError> for AppError {
    fn from(err: roster_credentials::SavedOrgsError) -> Self {
        EngineError::from(err).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_and_message() {
        let e = AppError::new(ErrorCode::BadKey, "Try again.");
        let json = serde_json::to_value(&e).expect("serializes");
        assert_eq!(
            json,
            serde_json::json!({"code": "bad_key", "message": "Try again."})
        );
    }

    #[test]
    fn every_code_serializes_to_snake_case() {
        let codes = [
            (ErrorCode::NotConnected, "not_connected"),
            (ErrorCode::NothingOpen, "nothing_open"),
            (ErrorCode::Precondition, "precondition"),
            (ErrorCode::OrgChanged, "org_changed"),
            (ErrorCode::JobRunning, "job_running"),
            (ErrorCode::UnexpectedAnswer, "unexpected_answer"),
            (ErrorCode::WriteFailed, "write_failed"),
            (ErrorCode::KeychainLocked, "keychain_locked"),
            (ErrorCode::BadKey, "bad_key"),
            (ErrorCode::WrongRegion, "wrong_region"),
            (ErrorCode::Forbidden, "forbidden"),
            (ErrorCode::NotFound, "not_found"),
            (ErrorCode::Conflict, "conflict"),
            (ErrorCode::Validation, "validation"),
            (ErrorCode::RateLimited, "rate_limited"),
            (ErrorCode::Offline, "offline"),
            (ErrorCode::ServerError, "server_error"),
            (ErrorCode::FileUnreadable, "file_unreadable"),
            (ErrorCode::PracticeUnavailable, "practice_unavailable"),
            (ErrorCode::KeychainUnavailable, "keychain_unavailable"),
            (ErrorCode::KeychainFailed, "keychain_failed"),
            (ErrorCode::SettingsFailed, "settings_failed"),
            (ErrorCode::UpdateFailed, "update_failed"),
            (ErrorCode::Internal, "internal"),
        ];
        for (code, text) in codes {
            assert_eq!(
                serde_json::to_value(code).expect("serializes"),
                serde_json::json!(text)
            );
        }
    }

    #[test]
    fn client_errors_become_plain_words() {
        let e: AppError =
            jumpcloud::Error::new(jumpcloud::ErrorKind::Offline, "could not connect: tcp").into();
        assert_eq!(e.code, ErrorCode::Offline);
        assert!(e.message.starts_with("Roster could not reach JumpCloud."));
        assert!(!e.message.contains("tcp"), "no jargon: {}", e.message);
    }
}
