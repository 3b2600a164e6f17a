//! The JumpCloud objects Roster reads. Every struct ignores fields it does not
//! know and defaults the ones it does not get, so a new JumpCloud field or a
//! trimmed `fields=` response never breaks decoding.

use serde::{Deserialize, Serialize};

/// `state` of a V1 system user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "UPPERCASE")]
pub enum UserState {
    Staged,
    #[default]
    Activated,
    Suspended,
}

/// A V1 `systemuserreturn`, reduced to what Roster uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SystemUser {
    #[serde(rename = "_id")]
    pub id: String,
    pub username: String,
    pub email: String,
    pub firstname: String,
    pub lastname: String,
    pub middlename: String,
    pub displayname: String,
    pub department: String,
    #[serde(rename = "jobTitle")]
    pub job_title: String,
    #[serde(rename = "employeeIdentifier")]
    pub employee_identifier: String,
    /// The manager's user id, if any.
    pub manager: Option<String>,
    pub state: UserState,
    pub suspended: bool,
    pub activated: bool,
    pub created: Option<String>,
}

/// A V1 list answer: `{totalCount, results}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Page<T> {
    #[serde(rename = "totalCount", default)]
    pub total_count: u64,
    #[serde(default = "Vec::new")]
    pub results: Vec<T>,
}

/// A V1 organization, as GET /api/organizations returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Organization {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(rename = "displayName")]
    pub display_name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_decodes_with_unknown_and_missing_fields() {
        let json = r#"{"_id":"5f1b2c3d4e5f60718293a4b5","username":"amara.okafor",
            "email":"amara.okafor@example.com","state":"SUSPENDED","suspended":true,
            "somethingNew":{"x":1},"manager":null}"#;
        let u: SystemUser = serde_json::from_str(json).expect("decodes");
        assert_eq!(u.username, "amara.okafor");
        assert_eq!(u.state, UserState::Suspended);
        assert!(u.suspended);
        assert_eq!(u.firstname, "");
        assert_eq!(u.manager, None);
    }

    #[test]
    fn unknown_state_is_an_error() {
        let r = serde_json::from_str::<SystemUser>(r#"{"state":"DELETED"}"#);
        assert!(r.is_err());
    }
}
