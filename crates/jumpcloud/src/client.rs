//! The HTTP client: one `reqwest::Client`, one base URL, the key as a header.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE, RETRY_AFTER};
use serde::de::DeserializeOwned;
use url::Url;

use crate::error::{Error, ErrorKind};
use crate::models::{Organization, Page, SystemUser};
use crate::secret::Secret;

/// The most users V1 returns per page.
pub const MAX_PAGE: u32 = 100;

/// Everything needed to talk to one organization.
#[derive(Debug, Clone)]
pub struct Config {
    /// The console host: a region's URL, or the sandbox's `http://127.0.0.1:PORT`.
    pub base_url: Url,
    pub api_key: Secret,
    /// `x-org-id`, required for multi-tenant admins.
    pub org_id: Option<String>,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
}

impl Config {
    pub fn new(base_url: Url, api_key: Secret) -> Self {
        Self {
            base_url,
            api_key,
            org_id: None,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: Url,
}

impl Client {
    pub fn new(config: Config) -> Result<Self, Error> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let mut key = HeaderValue::from_str(config.api_key.expose()).map_err(|_| {
            Error::new(
                ErrorKind::BadKey,
                "the API key contains characters a key cannot have",
            )
        })?;
        key.set_sensitive(true);
        headers.insert("x-api-key", key);
        if let Some(org) = &config.org_id {
            let org = HeaderValue::from_str(org).map_err(|_| {
                Error::new(ErrorKind::Validation, "the organization id is not valid")
            })?;
            headers.insert("x-org-id", org);
        }
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
        })
    }

    fn url(&self, path: &str) -> Result<Url, Error> {
        self.base_url.join(path).map_err(|e| {
            Error::new(
                ErrorKind::Validation,
                format!("bad request path {path}: {e}"),
            )
        })
    }

    async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, Error> {
        let response = self
            .http
            .get(self.url(path)?)
            .query(query)
            .send()
            .await
            .map_err(|e| Error::transport(&e))?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = response.text().await.map_err(|e| Error::transport(&e))?;
        if !status.is_success() {
            return Err(Error::from_status(status.as_u16(), &body, retry_after));
        }
        decode(path, &body)
    }

    /// One page of V1 system users, sorted by username.
    pub async fn list_users(&self, skip: u64, limit: u32) -> Result<Page<SystemUser>, Error> {
        let limit = limit.clamp(1, MAX_PAGE);
        self.get(
            "/api/systemusers",
            &[
                ("skip", skip.to_string()),
                ("limit", limit.to_string()),
                ("sort", "username".into()),
            ],
        )
        .await
    }

    /// The organizations this key can see (one for most admins).
    pub async fn organizations(&self) -> Result<Page<Organization>, Error> {
        self.get("/api/organizations", &[("limit", MAX_PAGE.to_string())])
            .await
    }
}

/// Decode a body, naming the JSON path of the first field that does not fit.
fn decode<T: DeserializeOwned>(what: &str, body: &str) -> Result<T, Error> {
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
}
