//! How requests prove who they are: an admin's API key, or a service
//! account's OAuth 2 access token (client-credentials grant).

use std::time::{Duration, Instant};

use serde::Deserialize;
use tokio::sync::Mutex;
use url::Url;

use crate::error::{Error, ErrorKind};
use crate::secret::Secret;

/// JumpCloud's token endpoint for service accounts.
pub const JUMPCLOUD_TOKEN_URL: &str = "https://admin-oauth.id.jumpcloud.com/oauth2/token";

/// A token is renewed this long before it expires.
const EARLY_RENEWAL: Duration = Duration::from_secs(60);

#[derive(Debug, Clone)]
pub enum Credentials {
    /// An administrator's API key, sent as `x-api-key`.
    ApiKey(Secret),
    /// A service account; tokens come from `token_url` (JumpCloud's, or the sandbox's).
    ServiceAccount {
        client_id: String,
        client_secret: Secret,
        token_url: Url,
    },
}

impl Credentials {
    pub fn service_account(client_id: impl Into<String>, client_secret: Secret) -> Self {
        let token_url = Url::parse(JUMPCLOUD_TOKEN_URL)
            .unwrap_or_else(|_| unreachable!("static token URL is valid"));
        Self::ServiceAccount {
            client_id: client_id.into(),
            client_secret,
            token_url,
        }
    }
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

/// Holds the current access token of a service account.
#[derive(Debug, Default)]
pub(crate) struct TokenCache {
    current: Mutex<Option<(Secret, Instant)>>,
}

impl TokenCache {
    /// A token valid for at least another minute, fetching one if needed.
    pub(crate) async fn token(
        &self,
        http: &reqwest::Client,
        client_id: &str,
        client_secret: &Secret,
        token_url: &Url,
    ) -> Result<Secret, Error> {
        let mut current = self.current.lock().await;
        if let Some((token, expires)) = current.as_ref() {
            if Instant::now() + EARLY_RENEWAL < *expires {
                return Ok(token.clone());
            }
        }
        let response = http
            .post(token_url.clone())
            .basic_auth(client_id, Some(client_secret.expose()))
            .form(&[("grant_type", "client_credentials"), ("scope", "api")])
            .send()
            .await
            .map_err(|e| Error::transport(&e))?;
        let status = response.status();
        let body = response.text().await.map_err(|e| Error::transport(&e))?;
        if status.as_u16() == 400 || status.as_u16() == 401 {
            return Err(Error {
                status: Some(status.as_u16()),
                ..Error::new(
                    ErrorKind::BadKey,
                    "the service account's client id or secret was not accepted",
                )
            });
        }
        if !status.is_success() {
            return Err(Error::from_status(status.as_u16(), &body, None));
        }
        let answer: TokenAnswer = serde_json::from_str(&body).map_err(|e| {
            Error::new(
                ErrorKind::Decode,
                format!("the token answer has an unexpected shape: {e}"),
            )
        })?;
        let lifetime = Duration::from_secs(answer.expires_in.unwrap_or(3600));
        let token = Secret::new(answer.access_token);
        *current = Some((token.clone(), Instant::now() + lifetime));
        Ok(token)
    }

    /// Forget the token (after a 401), so the next request fetches a new one.
    pub(crate) async fn invalidate(&self) {
        *self.current.lock().await = None;
    }
}
