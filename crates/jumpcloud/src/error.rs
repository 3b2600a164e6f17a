//! What can go wrong talking to JumpCloud, sorted into the few cases the app
//! explains differently.

use std::time::Duration;

use crate::region::Region;

/// The kind of failure. The app decides what to tell the admin from this,
/// never from the message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// 401: the key is wrong, revoked or replaced.
    BadKey,
    /// The key is refused here but accepted in another region (see `Error::region`).
    WrongRegion,
    /// 403: the key works but may not do this.
    Forbidden,
    /// 404.
    NotFound,
    /// 409, or a 400 saying the thing already exists.
    Conflict,
    /// 400: the request was refused as invalid (see `Error::fields`).
    Validation,
    /// 429 after our retries ran out.
    RateLimited,
    /// No connection could be made, it broke, or it timed out.
    Offline,
    /// 5xx after our retries ran out.
    Server,
    /// The answer did not have the shape we expect.
    Decode,
}

/// One field JumpCloud objected to (from `fullValidationDetails`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub problem: String,
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    pub kind: ErrorKind,
    /// What happened, for logs and details; the UI writes its own words per kind.
    pub message: String,
    /// HTTP status, when there was a response.
    pub status: Option<u16>,
    /// Server-suggested wait before retrying (Retry-After), when given.
    pub retry_after: Option<Duration>,
    /// For `Validation`: the fields JumpCloud named.
    pub fields: Vec<FieldProblem>,
    /// For `WrongRegion`: where the key does work.
    pub region: Option<Region>,
    /// A change was sent but we cannot know whether JumpCloud applied it
    /// (the connection broke, or a 5xx came back). Look before retrying.
    pub outcome_unknown: bool,
    /// JumpCloud's own words (its `message`, or the start of its answer), when it answered.
    pub server_message: Option<String>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            status: None,
            retry_after: None,
            fields: Vec::new(),
            region: None,
            outcome_unknown: false,
            server_message: None,
        }
    }

    pub(crate) fn from_status(status: u16, body: &str, retry_after: Option<Duration>) -> Self {
        let json = serde_json::from_str::<serde_json::Value>(body).ok();
        let server_message = json
            .as_ref()
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
        let fields = json.as_ref().map(field_problems).unwrap_or_default();
        Self {
            message: format!("JumpCloud answered {status}: {server_message}"),
            server_message: Some(server_message),
            status: Some(status),
            retry_after,
            fields,
            ..Self::new(kind, "")
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

/// `details[].fieldViolationsList[]` of a Google-style error body.
fn field_problems(body: &serde_json::Value) -> Vec<FieldProblem> {
    let Some(details) = body.get("details").and_then(|d| d.as_array()) else {
        return Vec::new();
    };
    details
        .iter()
        .filter_map(|d| d.get("fieldViolationsList").and_then(|l| l.as_array()))
        .flatten()
        .map(|v| FieldProblem {
            field: v
                .get("field")
                .and_then(|f| f.as_str())
                .unwrap_or_default()
                .to_owned(),
            problem: v
                .get("description")
                .and_then(|f| f.as_str())
                .unwrap_or_default()
                .to_owned(),
        })
        .collect()
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

    #[test]
    fn validation_details_name_the_fields() {
        let body = r#"{"code":400,"message":"Password validation fail","status":"INVALID_ARGUMENT",
            "details":[{"fieldViolationsList":[{"field":"password","description":"specialCharacter"}],
            "@type":"type.googleapis.com/google.rpc.BadRequest"}]}"#;
        let e = Error::from_status(400, body, None);
        assert_eq!(e.kind, ErrorKind::Validation);
        assert_eq!(
            e.fields,
            vec![FieldProblem {
                field: "password".into(),
                problem: "specialCharacter".into()
            }]
        );
    }
}
