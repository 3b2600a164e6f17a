//! Service accounts: OAuth 2 client-credentials tokens (`POST /oauth2/token`, RFC 6749 §4.4)
//! and their use as `Authorization: Bearer` on the API.
//!
//! Client secrets and access tokens are kept only in memory and only as SHA-256 digests; they are
//! never logged and never written to the state file.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::state::AppState;

/// A client secret. Its `Debug` never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: String) -> Self {
        Secret(s)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn digest(&self) -> Digest32 {
        sha256(self.0.as_bytes())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

pub type Digest32 = [u8; 32];

fn sha256(bytes: &[u8]) -> Digest32 {
    Sha256::digest(bytes).into()
}

/// Compares two digests without an early exit.
fn same_digest(a: &Digest32, b: &Digest32) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The service accounts of a sandbox and the tokens issued to them.
pub struct OAuth {
    /// client id → SHA-256 of the client secret.
    accounts: HashMap<String, Digest32>,
    /// The organizations every service account may act on (those of the builder's API key).
    orgs: Arc<Vec<String>>,
    ttl: Duration,
    /// SHA-256 of the access token → when it expires.
    tokens: Mutex<HashMap<Digest32, Instant>>,
}

/// Issued tokens are pruned of expired ones whenever a new one is issued; this many live tokens
/// at most are kept (the oldest-expiring go first), so a runaway client cannot exhaust memory.
const MAX_LIVE_TOKENS: usize = 100_000;

impl OAuth {
    pub fn new(accounts: HashMap<String, Digest32>, orgs: Vec<String>, ttl: Duration) -> Self {
        OAuth {
            accounts,
            orgs: Arc::new(orgs),
            ttl,
            tokens: Mutex::new(HashMap::new()),
        }
    }

    fn tokens(&self) -> std::sync::MutexGuard<'_, HashMap<Digest32, Instant>> {
        self.tokens.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The organizations a live bearer token gives access to; `None` if unknown or expired.
    pub fn orgs_for_token(&self, token: &str) -> Option<Arc<Vec<String>>> {
        let key = sha256(token.as_bytes());
        let now = Instant::now();
        let mut tokens = self.tokens();
        match tokens.get(&key) {
            Some(exp) if *exp > now => Some(self.orgs.clone()),
            Some(_) => {
                tokens.remove(&key);
                None
            }
            None => None,
        }
    }

    fn check_client(&self, id: &str, secret: &str) -> bool {
        let given = sha256(secret.as_bytes());
        self.accounts
            .get(id)
            .is_some_and(|want| same_digest(want, &given))
    }

    fn issue(&self) -> Result<String, getrandom::Error> {
        let mut raw = [0u8; 32];
        getrandom::fill(&mut raw)?;
        let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw);
        let now = Instant::now();
        let mut tokens = self.tokens();
        tokens.retain(|_, exp| *exp > now);
        if tokens.len() >= MAX_LIVE_TOKENS {
            if let Some(oldest) = tokens.iter().min_by_key(|(_, exp)| **exp).map(|(k, _)| *k) {
                tokens.remove(&oldest);
            }
        }
        tokens.insert(sha256(token.as_bytes()), now + self.ttl);
        Ok(token)
    }
}

/// The bearer token of an `Authorization: Bearer <token>` header, if that is the scheme used.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = value.trim_start().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(rest.trim())
}

/// An RFC 6749 §5.2 error response.
struct OAuthError {
    status: StatusCode,
    error: &'static str,
    description: String,
    basic_challenge: bool,
}

impl OAuthError {
    fn new(error: &'static str, description: impl Into<String>) -> Self {
        OAuthError {
            status: StatusCode::BAD_REQUEST,
            error,
            description: description.into(),
            basic_challenge: false,
        }
    }

    fn invalid_request(description: impl Into<String>) -> Self {
        Self::new("invalid_request", description)
    }

    fn invalid_client(description: impl Into<String>, basic_challenge: bool) -> Self {
        OAuthError {
            status: StatusCode::UNAUTHORIZED,
            basic_challenge,
            ..Self::new("invalid_client", description)
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = json!({"error": self.error, "error_description": self.description});
        let mut resp = (self.status, axum::Json(body)).into_response();
        no_store(resp.headers_mut());
        if self.basic_challenge {
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"jumpcloud-sandbox\", charset=\"UTF-8\""),
            );
        }
        resp
    }
}

fn no_store(headers: &mut HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
}

/// Decodes `%XX` escapes and `+` (application/x-www-form-urlencoded), as RFC 6749 §2.3.1 asks
/// of the id and secret inside HTTP Basic. `None` if the result is not UTF-8.
fn form_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// Client credentials taken from an `Authorization: Basic` header.
enum BasicAuth {
    Absent,
    Malformed,
    Given { id: String, secret: String },
}

fn basic_auth(headers: &HeaderMap) -> BasicAuth {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return BasicAuth::Absent;
    };
    let Ok(value) = value.to_str() else {
        return BasicAuth::Malformed;
    };
    let Some((scheme, rest)) = value.trim_start().split_once(' ') else {
        return if value.trim().eq_ignore_ascii_case("basic") {
            BasicAuth::Malformed
        } else {
            BasicAuth::Absent
        };
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return BasicAuth::Absent;
    }
    let rest = rest.trim();
    let engines = [
        base64::engine::general_purpose::STANDARD,
        base64::engine::general_purpose::STANDARD_NO_PAD,
    ];
    let Some(decoded) = engines.iter().find_map(|e| e.decode(rest).ok()) else {
        return BasicAuth::Malformed;
    };
    let Ok(decoded) = String::from_utf8(decoded) else {
        return BasicAuth::Malformed;
    };
    match decoded.split_once(':') {
        Some((id, secret)) => BasicAuth::Given {
            id: id.to_string(),
            secret: secret.to_string(),
        },
        None => BasicAuth::Malformed,
    }
}

fn is_form_content_type(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| {
            mime.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// The form parameters; a parameter given twice is an error. Empty values count as omitted
/// (RFC 6749 §3.1).
fn form_params(body: &[u8]) -> Result<BTreeMap<String, String>, OAuthError> {
    let mut params = BTreeMap::new();
    for (k, v) in form_urlencoded::parse(body) {
        if params.contains_key(k.as_ref()) {
            return Err(OAuthError::invalid_request(format!(
                "parameter {k:?} is given more than once"
            )));
        }
        params.insert(k.into_owned(), v.into_owned());
    }
    params.retain(|_, v| !v.is_empty());
    Ok(params)
}

/// `POST /oauth2/token`: client-credentials grant.
pub async fn token(State(st): State<Arc<AppState>>, headers: HeaderMap, body: Bytes) -> Response {
    match issue_token(&st, &headers, &body) {
        Ok(resp) => resp,
        Err(TokenFailure::OAuth(e)) => e.into_response(),
        Err(TokenFailure::Api(e)) => e.into_response(),
    }
}

enum TokenFailure {
    OAuth(OAuthError),
    Api(ApiError),
}

impl From<OAuthError> for TokenFailure {
    fn from(e: OAuthError) -> Self {
        TokenFailure::OAuth(e)
    }
}

fn issue_token(st: &AppState, headers: &HeaderMap, body: &[u8]) -> Result<Response, TokenFailure> {
    if !is_form_content_type(headers) {
        return Err(OAuthError::invalid_request(
            "Content-Type must be application/x-www-form-urlencoded",
        )
        .into());
    }
    let params = form_params(body)?;
    let grant_type = params
        .get("grant_type")
        .ok_or_else(|| OAuthError::invalid_request("grant_type is required"))?;
    let form_id = params.get("client_id");
    let form_secret = params.get("client_secret");
    let basic = basic_auth(headers);
    let (id, secret, used_basic) = match (basic, form_id, form_secret) {
        (BasicAuth::Given { .. } | BasicAuth::Malformed, _, Some(_)) => {
            return Err(OAuthError::invalid_request(
                "use only one client authentication method (HTTP Basic or client_secret)",
            )
            .into())
        }
        (BasicAuth::Malformed, _, None) => {
            return Err(OAuthError::invalid_client("malformed HTTP Basic credentials", true).into())
        }
        (BasicAuth::Given { id, secret }, form_id, None) => {
            let decoded_id = form_decode(&id);
            if let Some(form_id) = form_id {
                if *form_id != id && decoded_id.as_deref() != Some(form_id.as_str()) {
                    return Err(OAuthError::invalid_request(
                        "client_id does not match the HTTP Basic credentials",
                    )
                    .into());
                }
            }
            (id, secret, true)
        }
        (BasicAuth::Absent, Some(id), Some(secret)) => (id.clone(), secret.clone(), false),
        (BasicAuth::Absent, None, Some(_)) => {
            return Err(OAuthError::invalid_request("client_id is required").into())
        }
        (BasicAuth::Absent, _, None) => {
            return Err(
                OAuthError::invalid_client("client authentication is required", true).into(),
            )
        }
    };
    let mut authenticated = st.oauth.check_client(&id, &secret);
    if !authenticated && used_basic {
        // RFC 6749 §2.3.1: id and secret inside Basic are form-encoded (many clients skip that).
        if let (Some(i), Some(s)) = (form_decode(&id), form_decode(&secret)) {
            authenticated = st.oauth.check_client(&i, &s);
        }
    }
    if !authenticated {
        return Err(OAuthError::invalid_client(
            "unknown client or wrong client secret",
            used_basic,
        )
        .into());
    }
    if grant_type != "client_credentials" {
        return Err(OAuthError::new(
            "unsupported_grant_type",
            format!("grant_type {grant_type:?} is not supported; use client_credentials"),
        )
        .into());
    }
    let scope = params.get("scope").map(String::as_str).unwrap_or("api");
    if scope.split(' ').any(|s| s != "api") {
        return Err(OAuthError::new(
            "invalid_scope",
            format!("scope {scope:?} is not available; the only scope is \"api\""),
        )
        .into());
    }
    let token = st.oauth.issue().map_err(|e| {
        TokenFailure::Api(ApiError::internal(format!(
            "could not generate an access token: {e}"
        )))
    })?;
    let body = json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": st.oauth.ttl.as_secs(),
        "scope": "api",
    });
    let mut resp = (StatusCode::OK, axum::Json(body)).into_response();
    no_store(resp.headers_mut());
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_decoding() {
        assert_eq!(form_decode("a%3Ab+c").as_deref(), Some("a:b c"));
        assert_eq!(form_decode("100%").as_deref(), Some("100%"));
        assert_eq!(form_decode("%zz%4").as_deref(), Some("%zz%4"));
        assert_eq!(form_decode("%ff"), None);
    }

    #[test]
    fn secrets_are_redacted() {
        assert_eq!(format!("{:?}", Secret::new("hunter2".into())), "<redacted>");
    }

    #[test]
    fn tokens_expire() {
        let oauth = OAuth::new(HashMap::new(), vec!["o".into()], Duration::from_millis(0));
        let t = oauth.issue().unwrap_or_default();
        assert_eq!(t.len(), 43);
        assert!(oauth.orgs_for_token(&t).is_none());
        let oauth = OAuth::new(HashMap::new(), vec!["o".into()], Duration::from_secs(60));
        let t = oauth.issue().unwrap_or_default();
        assert!(oauth.orgs_for_token(&t).is_some());
        assert!(oauth.orgs_for_token("nope").is_none());
    }
}
