use serde::{Deserialize, Serialize};

use super::UserState;

/// A V1 organization, as GET /api/organizations lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Organization {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(rename = "displayName")]
    pub display_name: String,
}

/// GET /api/organizations/{id}: the organization with its settings.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(default)]
pub struct OrgDetails {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(rename = "displayName")]
    pub display_name: String,
    pub settings: OrgSettings,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(default)]
pub struct OrgSettings {
    #[serde(rename = "newSystemUserStateDefaults")]
    pub new_user_state: StateDefaults,
    #[serde(rename = "passwordPolicy")]
    pub password_policy: PasswordPolicy,
}

/// `settings.passwordPolicy`: the rules a password must meet (the ones Roster checks before
/// sending one).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub struct PasswordPolicy {
    pub enable_min_length: bool,
    pub min_length: Option<u32>,
    pub needs_lowercase: bool,
    pub needs_uppercase: bool,
    pub needs_numeric: bool,
    pub needs_symbolic: bool,
    /// When false, a password may not contain the username.
    pub allow_username_substring: bool,
}

/// The state new users get, by how they were created.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(default)]
pub struct StateDefaults {
    #[serde(rename = "manualEntry")]
    pub manual_entry: Option<UserState>,
    #[serde(rename = "csvImport")]
    pub csv_import: Option<UserState>,
    #[serde(rename = "applicationImport")]
    pub application_import: Option<UserState>,
}
