//! The HTTP client: one `reqwest::Client`, one base URL, credentials, and
//! the retry rules every call goes through.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, RETRY_AFTER};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use url::Url;

use crate::auth::{Credentials, TokenCache};
use crate::error::{Error, ErrorKind};
use crate::retry::RetryPolicy;

/// Everything needed to talk to one organization.
#[derive(Debug, Clone)]
pub struct Config {
    /// The console host: a region's URL, or the sandbox's `http://127.0.0.1:PORT`.
    pub base_url: Url,
    pub credentials: Credentials,
    /// `x-org-id`, required for multi-tenant admins.
    pub org_id: Option<String>,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
}

impl Config {
    pub fn new(base_url: Url, api_key: crate::Secret) -> Self {
        Self::with_credentials(base_url, Credentials::ApiKey(api_key))
    }

    pub fn with_credentials(base_url: Url, credentials: Credentials) -> Self {
        Self {
            base_url,
            credentials,
            org_id: None,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
        }
    }

    pub fn org_id(mut self, org_id: impl Into<String>) -> Self {
        self.org_id = Some(org_id.into());
        self
    }
}

/// Whether a request may simply be sent again after an unclear failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Replay {
    /// Reads, PUTs, deletes: repeating them changes nothing more.
    Safe,
    /// Creates: retried only when JumpCloud surely did not act (429, no connection).
    Unsafe,
}

/// A successful answer.
pub(crate) struct Answer {
    pub headers: HeaderMap,
    pub body: String,
}

#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: Url,
    credentials: Credentials,
    org_id: Option<HeaderValue>,
    retry: RetryPolicy,
    tokens: Arc<TokenCache>,
    sent: Arc<AtomicU64>,
}

/// Routes that refuse `x-org-id` (JumpCloud answers 403 "ID included on
/// unsupported route"); JumpCloud's own SDK strips the header for them.
const NO_ORG_HEADER: &[&str] = &[
    "/api/organizations",
    "/api/search/organizations",
    "/api/users",
    "/api/v2/organizations",
    "/api/v2/administrators",
    "/api/v2/providers",
    "/api/v2/integrations/",
];

impl Client {
    pub fn new(config: Config) -> Result<Self, Error> {
        if let Credentials::ApiKey(key) = &config.credentials {
            if key.is_empty() {
                return Err(Error::new(ErrorKind::BadKey, "the API key is empty"));
            }
            HeaderValue::from_str(key.expose()).map_err(|_| {
                Error::new(
                    ErrorKind::BadKey,
                    "the API key contains characters a key cannot have",
                )
            })?;
        }
        let org_id = match &config.org_id {
            Some(org) => Some(HeaderValue::from_str(org).map_err(|_| {
                Error::new(ErrorKind::Validation, "the organization id is not valid")
            })?),
            None => None,
        };
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let http = reqwest::Client::builder()
            .user_agent(concat!("Roster/", env!("CARGO_PKG_VERSION")))
            .default_headers(headers)
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .build()
            .map_err(|e| Error::new(ErrorKind::Offline, format!("could not set up HTTP: {e}")))?;
        Ok(Self {
            http,
            base_url: config.base_url,
            credentials: config.credentials,
            org_id,
            retry: config.retry,
            tokens: Arc::default(),
            sent: Arc::default(),
        })
    }

    /// How many HTTP requests this client (and its clones) has sent.
    pub fn requests_sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    pub(crate) fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    fn url(&self, path: &str) -> Result<Url, Error> {
        self.base_url.join(path).map_err(|e| {
            Error::new(
                ErrorKind::Validation,
                format!("bad request path {path}: {e}"),
            )
        })
    }

    async fn authorize(
        &self,
        mut request: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, Error> {
        match &self.credentials {
            Credentials::ApiKey(key) => {
                let mut value = HeaderValue::from_str(key.expose())
                    .map_err(|_| Error::new(ErrorKind::BadKey, "the API key is not valid"))?;
                value.set_sensitive(true);
                request = request.header("x-api-key", value);
            }
            Credentials::ServiceAccount {
                client_id,
                client_secret,
                token_url,
            } => {
                let token = self
                    .tokens
                    .token(&self.http, client_id, client_secret, token_url)
                    .await?;
                let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
                    .map_err(|_| Error::new(ErrorKind::BadKey, "the access token is not valid"))?;
                value.set_sensitive(true);
                request = request.header(AUTHORIZATION, value);
            }
        }
        Ok(request)
    }

    /// Send one logical request, retrying as its `Replay` allows.
    pub(crate) async fn send<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&B>,
        replay: Replay,
    ) -> Result<Answer, Error> {
        let url = self.url(path)?;
        let with_org = !NO_ORG_HEADER.iter().any(|p| path.starts_with(p));
        let mut attempt = 0;
        let mut renewed_token = false;
        loop {
            attempt += 1;
            let mut request = self.http.request(method.clone(), url.clone()).query(query);
            if let (true, Some(org)) = (with_org, &self.org_id) {
                request = request.header("x-org-id", org.clone());
            }
            if let Some(body) = body {
                request = request.json(body);
            }
            let request = self.authorize(request).await?;
            self.sent.fetch_add(1, Ordering::Relaxed);
            let may_retry = attempt < self.retry.max_attempts;

            let started = std::time::Instant::now();
            let response = match request.send().await {
                Ok(r) => r,
                Err(e) => {
                    let mut err = Error::transport(&e);
                    // No connection at all means nothing was sent.
                    if may_retry && (replay == Replay::Safe || e.is_connect()) {
                        tracing::warn!(%method, path, attempt, error = %e, "no answer; trying again");
                        tokio::time::sleep(self.retry.delay(attempt, None)).await;
                        continue;
                    }
                    err.outcome_unknown = replay == Replay::Unsafe && !e.is_connect();
                    tracing::warn!(%method, path, attempt, error = %e, outcome_unknown = err.outcome_unknown, "request failed");
                    return Err(err);
                }
            };
            let status = response.status().as_u16();
            tracing::debug!(%method, path, status, attempt, ms = started.elapsed().as_millis() as u64, "answered");
            let retry_after = retry_after(response.headers());
            let headers = response.headers().clone();
            let body_text = match response.text().await {
                Ok(t) => t,
                Err(e) => {
                    let mut err = Error::transport(&e);
                    if may_retry && replay == Replay::Safe {
                        tokio::time::sleep(self.retry.delay(attempt, None)).await;
                        continue;
                    }
                    err.outcome_unknown = replay == Replay::Unsafe;
                    return Err(err);
                }
            };
            if (200..300).contains(&status) {
                return Ok(Answer {
                    headers,
                    body: body_text,
                });
            }
            if status == 401
                && !renewed_token
                && matches!(self.credentials, Credentials::ServiceAccount { .. })
            {
                // The token may have been revoked or expired early: renew once.
                renewed_token = true;
                attempt -= 1;
                self.tokens.invalidate().await;
                continue;
            }
            let mut err = Error::from_status(status, &body_text, retry_after);
            // 429: JumpCloud did nothing, so even a create may go again.
            let transient = status == 429 || (status >= 500 && replay == Replay::Safe);
            if transient && may_retry {
                let delay = self.retry.delay(attempt, retry_after);
                tracing::warn!(%method, path, status, attempt, delay_ms = delay.as_millis() as u64, "JumpCloud asked to wait; trying again");
                tokio::time::sleep(delay).await;
                continue;
            }
            err.outcome_unknown = status >= 500 && replay == Replay::Unsafe;
            tracing::warn!(%method, path, status, attempt, outcome_unknown = err.outcome_unknown, "JumpCloud refused the request");
            return Err(err);
        }
    }

    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, Error> {
        let answer = self
            .send::<()>(Method::GET, path, query, None, Replay::Safe)
            .await?;
        decode(path, &answer.body)
    }

    /// GET returning the body and the `x-total-count` header (V2 lists).
    pub(crate) async fn get_counted<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<(T, Option<u64>), Error> {
        let answer = self
            .send::<()>(Method::GET, path, query, None, Replay::Safe)
            .await?;
        let total = answer
            .headers
            .get("x-total-count")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        Ok((decode(path, &answer.body)?, total))
    }
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
}

/// Decode a body, naming the JSON path of the first field that does not fit.
pub(crate) fn decode<T: DeserializeOwned>(what: &str, body: &str) -> Result<T, Error> {
    let de = &mut serde_json::Deserializer::from_str(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        Error::new(
            ErrorKind::Decode,
            format!(
                "JumpCloud's answer to {what} has an unexpected shape at `{}`: {}",
                e.path(),
                e.inner()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{Page, SystemUser};
    use crate::Secret;

    #[test]
    fn decode_errors_name_the_path() {
        let err = decode::<Page<SystemUser>>(
            "/api/systemusers",
            r#"{"totalCount":1,"results":[{"state":7}]}"#,
        )
        .expect_err("state 7 is not a state");
        assert_eq!(err.kind, ErrorKind::Decode);
        assert!(
            err.message.contains("`results[0].state`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn key_with_newline_is_refused_before_sending() {
        let cfg = Config::new(
            Url::parse("http://127.0.0.1:9").expect("url"),
            Secret::new("a\nb"),
        );
        let err = Client::new(cfg).expect_err("newline cannot be a header");
        assert_eq!(err.kind, ErrorKind::BadKey);
        assert!(!err.message.contains("a\nb"));
    }

    #[test]
    fn organizations_routes_go_without_org_header() {
        assert!(NO_ORG_HEADER
            .iter()
            .any(|p| "/api/organizations/abc".starts_with(p)));
        assert!(!NO_ORG_HEADER
            .iter()
            .any(|p| "/api/systemusers".starts_with(p)));
    }
}
