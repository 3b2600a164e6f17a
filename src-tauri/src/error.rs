//! The one error type every command returns. It crosses to the UI as
//! `{ "code": "...", "message": "..." }`: the UI picks what to offer from the
//! code (never from the words) and shows the message as it is.

use serde::Serialize;
use specta::Type;

/// Why a command failed, as the UI needs to know it. Mirrored in TypeScript
/// by the generated bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Nothing is open yet: connect or open the practice organization.
    NotConnected,
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
    /// A file could not be read.
    FileUnreadable,
    /// The practice organization could not start.
    PracticeUnavailable,
    /// There is no OS keychain to keep the key in; Roster will not store it elsewhere.
    KeychainUnavailable,
    /// The keychain is locked, refused access, or failed.
    KeychainFailed,
    /// Roster could not read or write its own settings.
    SettingsFailed,
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
        Self::new(
            ErrorCode::NotConnected,
            "No organization is open. Connect to JumpCloud or open the practice organization first.",
        )
    }
}

impl From<jumpcloud::Error> for AppError {
    fn from(err: jumpcloud::Error) -> Self {
        use jumpcloud::ErrorKind as K;
        let (code, message) = match err.kind {
            K::BadKey => (
                ErrorCode::BadKey,
                "JumpCloud did not accept the API key. It may have been replaced by a newer one, or it belongs to another region. Paste the current key from the JumpCloud console (your name, top right, then My API Key).".to_owned(),
            ),
            K::WrongRegion => (
                ErrorCode::WrongRegion,
                format!(
                    "This key belongs to JumpCloud's {} region. Choose that region, then connect again.",
                    err.region.map(|r| r.label()).unwrap_or("other")
                ),
            ),
            K::Forbidden => (
                ErrorCode::Forbidden,
                "Your JumpCloud account is not allowed to do this. Ask an administrator with more rights.".to_owned(),
            ),
            K::NotFound => (
                ErrorCode::NotFound,
                "JumpCloud could not find it. It may have been deleted by someone else; refresh the list.".to_owned(),
            ),
            K::Conflict => (
                ErrorCode::Conflict,
                format!("JumpCloud says this already exists. ({})", err.message),
            ),
            K::Validation => (
                ErrorCode::Validation,
                format!("JumpCloud did not accept what was sent. ({})", err.message),
            ),
            K::RateLimited => (
                ErrorCode::RateLimited,
                "JumpCloud asked Roster to slow down. Wait a minute, then try again.".to_owned(),
            ),
            K::Offline => (
                ErrorCode::Offline,
                "Roster could not reach JumpCloud. Check your internet connection, then try again.".to_owned(),
            ),
            K::Server => (
                ErrorCode::ServerError,
                "JumpCloud is having trouble right now. Nothing was changed by this step; try again in a few minutes.".to_owned(),
            ),
            K::Decode => (
                ErrorCode::Internal,
                format!("JumpCloud answered in a way Roster does not understand. Please report this: {}", err.message),
            ),
        };
        Self::new(code, message)
    }
}

impl From<roster_credentials::KeychainError> for AppError {
    fn from(err: roster_credentials::KeychainError) -> Self {
        let code = match err.kind {
            roster_credentials::KeychainErrorKind::Unavailable => ErrorCode::KeychainUnavailable,
            _ => ErrorCode::KeychainFailed,
        };
        Self::new(code, err.message)
    }
}

impl From<roster_credentials::SavedOrgsError> for AppError {
    fn from(err: roster_credentials::SavedOrgsError) -> Self {
        Self::new(ErrorCode::SettingsFailed, err.message)
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
