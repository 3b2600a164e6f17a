//! Finding out where a key works: its region and its organizations.

use std::collections::BTreeMap;

use futures_util::future::join_all;
use url::Url;

use crate::auth::{Credentials, JUMPCLOUD_TOKEN_URL};
use crate::client::{Client, Config};
use crate::error::{Error, ErrorKind};
use crate::models::Organization;
use crate::region::Region;
use crate::retry::RetryPolicy;
use crate::secret::Secret;

/// The console URL of each region, and where service accounts get tokens.
/// Normally JumpCloud's; tests point regions at local sandboxes, which
/// serve both the API and `/oauth2/token`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Endpoints {
    /// Regions pointed elsewhere than JumpCloud.
    overrides: BTreeMap<Region, Url>,
}

impl Endpoints {
    pub fn with(mut self, region: Region, url: Url) -> Self {
        self.overrides.insert(region, url);
        self
    }

    pub fn url(&self, region: Region) -> Url {
        self.overrides
            .get(&region)
            .cloned()
            .unwrap_or_else(|| region.base_url())
    }

    /// The OAuth token endpoint for service accounts of `region`.
    pub fn token_url(&self, region: Region) -> Url {
        match self
            .overrides
            .get(&region)
            .and_then(|u| u.join("/oauth2/token").ok())
        {
            Some(local) => local,
            None => Url::parse(JUMPCLOUD_TOKEN_URL)
                .unwrap_or_else(|_| unreachable!("static token URL is valid")),
        }
    }

    /// Parse `us=http://…,eu=http://…` (for test set-ups).
    pub fn parse_overrides(mut self, spec: &str) -> Result<Self, String> {
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (region, url) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?} is not region=url"))?;
            let url = Url::parse(url.trim()).map_err(|e| format!("{url:?}: {e}"))?;
            self = self.with(region.parse()?, url);
        }
        Ok(self)
    }
}

/// Where a key works.
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    pub region: Region,
    /// True when the key was refused in the region asked for and works here instead.
    pub moved: bool,
    pub organizations: Vec<Organization>,
}

/// How an admin signs in, before it is tied to a region.
#[derive(Debug, Clone)]
pub enum Login {
    ApiKey(Secret),
    ServiceAccount {
        client_id: String,
        client_secret: Secret,
    },
}

impl Login {
    /// The credentials to use in `region`.
    pub fn credentials(&self, endpoints: &Endpoints, region: Region) -> Credentials {
        match self {
            Login::ApiKey(key) => Credentials::ApiKey(key.clone()),
            Login::ServiceAccount {
                client_id,
                client_secret,
            } => Credentials::ServiceAccount {
                client_id: client_id.clone(),
                client_secret: client_secret.clone(),
                token_url: endpoints.token_url(region),
            },
        }
    }
}

/// Ask `GET /api/organizations` in `preferred`; if the key is refused
/// there, ask the other regions (concurrently) whether they know it.
pub async fn probe(
    endpoints: &Endpoints,
    login: &Login,
    preferred: Region,
) -> Result<Probe, Error> {
    let first = organizations_in(endpoints, login, preferred).await;
    match first {
        Ok(organizations) => Ok(Probe {
            region: preferred,
            moved: false,
            organizations,
        }),
        Err(err) if err.kind == ErrorKind::BadKey => {
            let others: Vec<Region> = Region::ALL
                .into_iter()
                .filter(|r| *r != preferred)
                .collect();
            let answers = join_all(
                others
                    .iter()
                    .map(|r| organizations_in(endpoints, login, *r)),
            )
            .await;
            for (region, answer) in others.into_iter().zip(answers) {
                if let Ok(organizations) = answer {
                    return Ok(Probe {
                        region,
                        moved: true,
                        organizations,
                    });
                }
            }
            Err(err)
        }
        Err(err) => Err(err),
    }
}

async fn organizations_in(
    endpoints: &Endpoints,
    login: &Login,
    region: Region,
) -> Result<Vec<Organization>, Error> {
    let credentials = login.credentials(endpoints, region);
    let mut config = Config::with_credentials(endpoints.url(region), credentials);
    // A refused key is an answer, not a fault: do not wait on retries of it.
    config.retry = RetryPolicy {
        max_attempts: 3,
        ..RetryPolicy::default()
    };
    let client = Client::new(config)?;
    Ok(client.organizations().await?.results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_replace_only_the_named_regions() {
        let e = Endpoints::default()
            .parse_overrides("eu=http://127.0.0.1:4000, in=http://127.0.0.1:5000")
            .expect("parses");
        assert_eq!(e.url(Region::Us), Region::Us.base_url());
        assert_eq!(e.url(Region::Eu).as_str(), "http://127.0.0.1:4000/");
        assert!(Endpoints::default()
            .parse_overrides("mars=http://x")
            .is_err());
        assert!(Endpoints::default().parse_overrides("eu").is_err());
        assert_eq!(
            e.token_url(Region::Eu).as_str(),
            "http://127.0.0.1:4000/oauth2/token"
        );
        assert_eq!(e.token_url(Region::Us).as_str(), crate::JUMPCLOUD_TOKEN_URL);
    }
}
