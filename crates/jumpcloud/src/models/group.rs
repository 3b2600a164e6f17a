use serde::Deserialize;

/// A V2 user group.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct UserGroup {
    pub id: String,
    #[serde(default)]
    pub name: String,
}
