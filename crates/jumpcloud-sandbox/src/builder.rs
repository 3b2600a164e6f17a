//! The public entry point: configure, start, stop.

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::knobs::Knobs;
use crate::oauth::{OAuth, Secret};
use crate::seed::{seed, SeedConfig};
use crate::state::{load_state_file, AppState};

/// Why a sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("could not open port {addr}: {reason}")]
    Bind { addr: SocketAddr, reason: String },
    #[error("could not read the state file {path}: {reason}")]
    StateFile { path: PathBuf, reason: String },
    #[error("invalid setting: {0}")]
    InvalidSetting(String),
}

/// Configures a sandbox. `SandboxBuilder::default()` is the same as [`SandboxBuilder::new`].
#[derive(Debug, Clone)]
pub struct SandboxBuilder {
    api_key: String,
    seed_users: usize,
    platform_people: Option<usize>,
    port: u16,
    latency_ms: u64,
    rate_limit: Option<f64>,
    fault_rate: f64,
    drop_rate: f64,
    state_file: Option<PathBuf>,
    orgs: usize,
    service_accounts: Vec<(String, Secret)>,
    token_ttl_secs: u64,
    only_this_key: bool,
}

impl Default for SandboxBuilder {
    fn default() -> Self {
        SandboxBuilder {
            api_key: "sandbox-key".into(),
            seed_users: 40,
            platform_people: None,
            port: 0,
            latency_ms: 0,
            rate_limit: None,
            fault_rate: 0.0,
            drop_rate: 0.0,
            state_file: None,
            orgs: 1,
            service_accounts: Vec::new(),
            token_ttl_secs: 3600,
            only_this_key: false,
        }
    }
}

impl SandboxBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// The key clients must send in `x-api-key` (default `sandbox-key`).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = key.into();
        self
    }

    /// How many users each organization starts with (default 40).
    pub fn seed_users(mut self, n: usize) -> Self {
        self.seed_users = n;
        self
    }

    /// The port to listen on, 0 (the default) for a free one.
    /// How many people not yet in JumpCloud each seeded Google Workspace and Microsoft 365
    /// directory holds (24 and 18 when not said).
    pub fn platform_people(mut self, n: usize) -> Self {
        self.platform_people = Some(n);
        self
    }

    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Delay every request by this many milliseconds.
    pub fn latency_ms(mut self, ms: u64) -> Self {
        self.latency_ms = ms;
        self
    }

    /// Allow this many requests per second (token bucket); more get 429 with `Retry-After`.
    pub fn rate_limit(mut self, req_per_s: f64) -> Self {
        self.rate_limit = Some(req_per_s);
        self
    }

    /// Answer this fraction of requests with a 5xx before doing anything.
    pub fn fault_rate(mut self, p: f64) -> Self {
        self.fault_rate = p;
        self
    }

    /// For this fraction of requests: do the work, then cut the connection without answering.
    pub fn drop_rate(mut self, p: f64) -> Self {
        self.drop_rate = p;
        self
    }

    /// Load state from this file if it exists; write it after every change.
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self
    }

    /// Accept only this start's key: keys kept in a loaded state file (an earlier start's)
    /// are forgotten, their organizations handed to this key. So a key that was ever written
    /// to the state file opens nothing once the sandbox starts again with another.
    pub fn only_this_key(mut self) -> Self {
        self.only_this_key = true;
        self
    }

    /// Make the key a multi-tenant admin of `n` organizations; requests must then send `x-org-id`.
    pub fn multi_tenant_orgs(mut self, n: usize) -> Self {
        self.orgs = n.max(1);
        self
    }

    /// Registers a service account: `POST {base}/oauth2/token` with these client credentials
    /// (client-credentials grant) gives a bearer token with access to the same organizations as
    /// the API key. May be called several times with different ids.
    pub fn service_account(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.service_accounts
            .push((client_id.into(), Secret::new(client_secret.into())));
        self
    }

    /// How long access tokens live, in seconds (default 3600).
    pub fn token_ttl_secs(mut self, secs: u64) -> Self {
        self.token_ttl_secs = secs;
        self
    }

    /// Binds 127.0.0.1 and starts serving in the background.
    pub async fn start(self) -> Result<RunningSandbox, SandboxError> {
        for (name, p) in [
            ("fault rate", self.fault_rate),
            ("drop rate", self.drop_rate),
        ] {
            if !(0.0..=1.0).contains(&p) {
                return Err(SandboxError::InvalidSetting(format!(
                    "{name} must be between 0 and 1, got {p}"
                )));
            }
        }
        if let Some(r) = self.rate_limit {
            if !(r.is_finite() && r > 0.0) {
                return Err(SandboxError::InvalidSetting(format!(
                    "rate limit must be a positive number of requests per second, got {r}"
                )));
            }
        }
        if self.token_ttl_secs == 0 {
            return Err(SandboxError::InvalidSetting(
                "token lifetime must be at least 1 second".into(),
            ));
        }
        let mut accounts = HashMap::new();
        for (id, secret) in &self.service_accounts {
            if id.is_empty() || secret.is_empty() {
                return Err(SandboxError::InvalidSetting(
                    "a service account needs a non-empty client id and client secret".into(),
                ));
            }
            if accounts.insert(id.clone(), secret.digest()).is_some() {
                return Err(SandboxError::InvalidSetting(format!(
                    "service account {id:?} is given more than once"
                )));
            }
        }
        let loaded = match &self.state_file {
            Some(path) => load_state_file(path).map_err(|reason| SandboxError::StateFile {
                path: path.clone(),
                reason,
            })?,
            None => None,
        };
        let store = match loaded {
            Some(store) => store,
            None => seed(&SeedConfig {
                api_key: self.api_key.clone(),
                orgs: self.orgs,
                users_per_org: self.seed_users,
                platform_people: self.platform_people,
            }),
        };
        let org_id = store
            .keys
            .get(&self.api_key)
            .and_then(|orgs| orgs.first())
            .or_else(|| store.keys.values().flatten().next())
            .cloned()
            .unwrap_or_default();
        // A loaded state file may have been made with another key: keep its orgs, accept ours.
        let mut store = store;
        if self.only_this_key {
            store.keys.retain(|key, _| *key == self.api_key);
        }
        if !store.keys.contains_key(&self.api_key) {
            let all: Vec<String> = store
                .orgs
                .iter()
                .filter_map(|o| o.get("_id").and_then(|v| v.as_str()).map(str::to_string))
                .collect();
            store.keys.insert(self.api_key.clone(), all);
        }

        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let listener =
            tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| SandboxError::Bind {
                    addr,
                    reason: bind_reason(&e),
                })?;
        let port = listener
            .local_addr()
            .map_err(|e| SandboxError::Bind {
                addr,
                reason: e.to_string(),
            })?
            .port();
        let knobs = Knobs::new(
            self.latency_ms,
            self.rate_limit,
            self.fault_rate,
            self.drop_rate,
        );
        let oauth = OAuth::new(
            accounts,
            store.keys.get(&self.api_key).cloned().unwrap_or_default(),
            Duration::from_secs(self.token_ttl_secs),
        );
        let state = Arc::new(AppState::new(store, knobs, oauth, self.state_file.clone()));
        if let (true, Some(path)) = (self.only_this_key, &self.state_file) {
            // Written now, so the forgotten keys leave the file at once.
            state
                .mutate(|_| Ok(()))
                .await
                .map_err(|e| SandboxError::StateFile {
                    path: path.clone(),
                    reason: e.message,
                })?;
        }
        let router = crate::routes::router(state);
        let (tx, rx) = watch::channel(false);
        let task = tokio::spawn(crate::server::serve(listener, router, rx));
        Ok(RunningSandbox {
            port,
            api_key: self.api_key,
            org_id,
            shutdown: tx,
            task,
        })
    }
}

fn bind_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => "address in use".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// A sandbox serving in the background. Dropping it stops the server too.
#[derive(Debug)]
pub struct RunningSandbox {
    port: u16,
    api_key: String,
    org_id: String,
    shutdown: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl RunningSandbox {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// The id of the default (first) organization of the key.
    pub fn org_id(&self) -> &str {
        &self.org_id
    }

    /// Stops accepting, lets requests in flight finish (up to 5 s), then returns.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        let _ = self.task.await;
    }
}
