//! A typed client for the parts of JumpCloud's REST API that Roster uses.
//! No Tauri here: the desktop app, the command-line tool and the tests share it.

mod client;
mod error;
pub mod models;
mod region;
mod secret;

pub use client::{Client, Config, MAX_PAGE};
pub use error::{Error, ErrorKind};
pub use region::Region;
pub use secret::Secret;
pub use url::Url;
