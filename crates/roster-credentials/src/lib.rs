//! Where Roster keeps credentials: each saved organization's API key (or
//! service-account secret) in the operating system's keychain — macOS
//! Keychain, Windows Credential Manager, the Secret Service on Linux — and
//! nowhere else; and the list of saved organizations (names, regions, ids,
//! never a secret) in a small JSON file.

mod keychain;
mod saved;

pub use keychain::{Keychain, KeychainError, KeychainErrorKind};
pub use saved::{AuthKind, SavedOrg, SavedOrgs, SavedOrgsError};
