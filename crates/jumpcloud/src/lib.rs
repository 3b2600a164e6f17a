//! A typed client for the parts of JumpCloud's REST API that Roster uses.
//! No Tauri here: the desktop app, the command-line tool and the tests share it.
//!
//! Every call goes through one retry policy: reads and PUTs are retried on
//! 429, 5xx and broken connections with exponential backoff and jitter,
//! honouring `Retry-After`; creates are never sent twice blindly (see
//! [`Client::create_user`]).

mod api;
mod auth;
mod client;
mod connect;
mod error;
pub mod models;
mod pagination;
mod region;
mod retry;
mod secret;

pub use api::{Bound, CreateOutcome, GOOGLE_PAGE, MICROSOFT_PAGE};
pub use auth::{Credentials, JUMPCLOUD_TOKEN_URL};
pub use client::{Client, Config};
pub use connect::{probe, Endpoints, Login, Probe};
pub use error::{Error, ErrorKind, FieldProblem};
pub use pagination::{fetch_all, fetch_all_tokens, PAGE_CONCURRENCY};
pub use region::Region;
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use url::Url;

/// The most users V1 returns per page.
pub const MAX_PAGE: u32 = 100;
