//! The JSON error body every failing request gets: `{"code", "message", "status"}` (schema `Error`),
//! optionally with `details` (schema `ErrorDetails`).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// An API error as the sandbox sends it on the wire.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: u16,
    pub status: &'static str,
    pub message: String,
    pub details: Option<Value>,
    pub retry_after: Option<u64>,
    /// A `WWW-Authenticate` challenge to send with a 401.
    pub www_authenticate: Option<&'static str>,
}

/// The gRPC-style status word JumpCloud pairs with an HTTP code.
pub fn status_word(code: u16) -> &'static str {
    match code {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        405 => "METHOD_NOT_ALLOWED",
        409 => "ALREADY_EXISTS",
        429 => "RESOURCE_EXHAUSTED",
        501 => "UNIMPLEMENTED",
        502 | 503 => "UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => "INTERNAL",
    }
}

impl ApiError {
    pub fn new(code: u16, message: impl Into<String>) -> Self {
        ApiError {
            code,
            status: status_word(code),
            message: message.into(),
            details: None,
            retry_after: None,
            www_authenticate: None,
        }
    }

    /// 400 with a message that starts with "Bad Request: " like the observed live bodies.
    pub fn bad_request(msg: impl std::fmt::Display) -> Self {
        Self::new(400, format!("Bad Request: {msg}"))
    }

    pub fn unauthorized(msg: impl Into<String>) -> Self {
        Self::new(401, msg)
    }

    pub fn forbidden(msg: impl Into<String>) -> Self {
        Self::new(403, msg)
    }

    pub fn not_found(what: impl std::fmt::Display) -> Self {
        Self::new(404, format!("Not Found: {what}"))
    }

    pub fn conflict(msg: impl Into<String>) -> Self {
        Self::new(409, msg)
    }

    pub fn internal(msg: impl Into<String>) -> Self {
        Self::new(500, msg)
    }

    pub fn with_status(mut self, status: &'static str) -> Self {
        self.status = status;
        self
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn body(&self) -> Value {
        let mut body = json!({"code": self.code, "message": self.message, "status": self.status});
        if let (Some(details), Some(obj)) = (&self.details, body.as_object_mut()) {
            obj.insert("details".into(), details.clone());
        }
        body
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = StatusCode::from_u16(self.code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut resp = (code, axum::Json(self.body())).into_response();
        if let Some(secs) = self.retry_after {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if let Some(challenge) = self.www_authenticate {
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(challenge),
            );
        }
        resp
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
