//! A local fake of the JumpCloud REST API for development and tests.
//!
//! Start one with [`SandboxBuilder`]; point a client at [`RunningSandbox::base_url`]
//! (V1 is `{base}/api/...`, V2 is `{base}/api/v2/...`) and send the key from
//! [`RunningSandbox::api_key`] in the `x-api-key` header.

mod auth;
mod builder;
mod error;
mod filters;
mod ids;
mod knobs;
mod oauth;
mod query;
mod rng;
mod routes;
mod seed;
mod seed_names;
mod server;
mod state;
mod store;
mod timefmt;
mod userdoc;
mod users;

pub use builder::{RunningSandbox, SandboxBuilder, SandboxError};
