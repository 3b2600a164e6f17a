//! What can go wrong talking to JumpCloud, sorted into the few cases the app
//! explains differently.

use std::time::Duration;

/// The kind of failure. The app decides what to tell the admin from this,
/// never from the message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// 401: the key is wrong, revoked, or belongs to another region.
    BadKey,
    /// 403: the key works but may not do this.
    Forbidden,
    /// 404.
    NotFound,
    /// 409, or a 400 saying the thing already exists.
    Conflict,
    /// 400: the request was refused as invalid.
    Validation,
    /// 429 after our retries ran out.
    RateLimited,
    /// No connection could be made, or it timed out.
    Offline,
    /// 5xx.
    Server,
    /// The answer did not have the shape we expect.
    Decode,
}

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    pub kind: ErrorKind,
    /// What happened, for logs and details; the UI writes its own words per kind.
    pub message: String,
    /// HTTP status, when there was a response.
    pub status: Option<u16>,
    /// Server-suggested wait before retrying (Retry-After), when given.
    pub retry_after: Option<Duration>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            status: None,
            retry_after: None,
        }
    }

    pub(crate) fn from_status(status: u16, body: &str, retry_after: Option<Duration>) -> Self {
        let server_message = serde_json::from_str::<serde_json::Value>(body)
            .ok()
            .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned))
            .unwrap_or_else(|| body.chars().take(300).collect());
        let kind = match status {
            401 => ErrorKind::BadKey,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            409 => ErrorKind::Conflict,
            400 if server_message
                .to_ascii_lowercase()
                .contains("already exists") =>
            {
                ErrorKind::Conflict
            }
            400 | 422 => ErrorKind::Validation,
            429 => ErrorKind::RateLimited,
            _ => ErrorKind::Server,
        };
        Self {
            kind,
            message: format!("JumpCloud answered {status}: {server_message}"),
            status: Some(status),
            retry_after,
        }
    }

    pub(crate) fn transport(err: &reqwest::Error) -> Self {
        let what = if err.is_timeout() {
            "the request timed out"
        } else if err.is_connect() {
            "could not connect"
        } else {
            "the connection failed"
        };
        // reqwest errors can carry the URL; ours hold no secrets (the key is a header).
        Self::new(ErrorKind::Offline, format!("{what}: {err}"))
    }

    /// Worth trying again after a pause.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::RateLimited | ErrorKind::Offline | ErrorKind::Server
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_kinds() {
        let cases = [
            (401, "{\"message\":\"Unauthorized\"}", ErrorKind::BadKey),
            (403, "{}", ErrorKind::Forbidden),
            (404, "{}", ErrorKind::NotFound),
            (409, "{}", ErrorKind::Conflict),
            (400, "{\"message\":\"Already Exists\"}", ErrorKind::Conflict),
            (
                400,
                "{\"message\":\"Bad Request: limit\"}",
                ErrorKind::Validation,
            ),
            (429, "", ErrorKind::RateLimited),
            (503, "oops", ErrorKind::Server),
        ];
        for (status, body, kind) in cases {
            assert_eq!(
                Error::from_status(status, body, None).kind,
                kind,
                "status {status}"
            );
        }
    }

    #[test]
    fn message_quotes_the_server() {
        let e = Error::from_status(400, r#"{"code":400,"message":"email is required"}"#, None);
        assert_eq!(e.message, "JumpCloud answered 400: email is required");
        assert!(!e.is_transient());
        assert!(Error::from_status(502, "", None).is_transient());
    }
}
