//! The JumpCloud objects Roster reads and sends. Every struct read from
//! JumpCloud ignores fields it does not know and defaults the ones it does
//! not get, so a new JumpCloud field or a trimmed `fields=` answer never
//! breaks decoding. Structs sent to JumpCloud leave out empty fields.

mod bulk;
mod directory;
mod group;
mod import;
mod org;
mod user;

pub use bulk::{ScheduledStateChange, ScheduledStateRequest};
pub use directory::{Directory, DirectoryKind, GraphConnection, GraphObject, GraphTarget};
pub use group::UserGroup;
pub use import::{
    GoogleImportPage, GoogleImportUser, GoogleJumpCloudPage, GoogleJumpCloudUser, ImportPhone,
    MicrosoftImportPage, MicrosoftImportUser,
};
pub use org::{OrgDetails, OrgSettings, Organization, PasswordPolicy, StateDefaults};
pub use user::{
    Address, Attribute, Mfa, MfaEnrollment, NewUser, PhoneNumber, RecoveryEmail, SystemUser,
    UserState, UserUpdate,
};

use serde::Deserialize;

/// A V1 list answer: `{totalCount, results}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Page<T> {
    #[serde(rename = "totalCount", default)]
    pub total_count: u64,
    #[serde(default = "Vec::new")]
    pub results: Vec<T>,
}
