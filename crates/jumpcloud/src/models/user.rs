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

/// A custom attribute (`attributes[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Attribute {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PhoneNumber {
    #[serde(rename = "type")]
    pub kind: String,
    pub number: String,
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
    #[serde(rename = "alternateEmail")]
    pub alternate_email: String,
    pub company: String,
    pub department: String,
    #[serde(rename = "jobTitle")]
    pub job_title: String,
    pub location: String,
    #[serde(rename = "costCenter")]
    pub cost_center: String,
    #[serde(rename = "employeeType")]
    pub employee_type: String,
    #[serde(rename = "employeeIdentifier")]
    pub employee_identifier: String,
    pub description: String,
    /// The manager's user id, if any.
    pub manager: Option<String>,
    pub state: UserState,
    pub suspended: bool,
    pub activated: bool,
    pub account_locked: bool,
    pub attributes: Vec<Attribute>,
    #[serde(rename = "phoneNumbers")]
    pub phone_numbers: Vec<PhoneNumber>,
    pub created: Option<String>,
    #[serde(rename = "creationSource")]
    pub creation_source: Option<String>,
}

/// The body of `POST /api/systemusers`. Empty fields are left out, so
/// JumpCloud applies its defaults (the org's default state, for one).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct NewUser {
    pub username: String,
    pub email: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub firstname: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub lastname: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub middlename: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub displayname: String,
    #[serde(rename = "alternateEmail", skip_serializing_if = "String::is_empty")]
    pub alternate_email: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub company: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub department: String,
    #[serde(rename = "jobTitle", skip_serializing_if = "String::is_empty")]
    pub job_title: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub location: String,
    #[serde(rename = "costCenter", skip_serializing_if = "String::is_empty")]
    pub cost_center: String,
    #[serde(rename = "employeeType", skip_serializing_if = "String::is_empty")]
    pub employee_type: String,
    #[serde(
        rename = "employeeIdentifier",
        skip_serializing_if = "String::is_empty"
    )]
    pub employee_identifier: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The manager's user id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<UserState>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    #[serde(rename = "phoneNumbers", skip_serializing_if = "Vec::is_empty")]
    pub phone_numbers: Vec<PhoneNumber>,
}

/// The body of `PUT /api/systemusers/{id}`: only the fields set are sent;
/// arrays given replace JumpCloud's wholesale.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct UserUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub firstname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lastname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub displayname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(rename = "jobTitle", skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(rename = "employeeIdentifier", skip_serializing_if = "Option::is_none")]
    pub employee_identifier: Option<String>,
    /// Only ACTIVATED or SUSPENDED; `suspended` is sent to match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<UserState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suspended: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Vec<Attribute>>,
}

impl UserUpdate {
    /// Suspend or reactivate, keeping `state` and `suspended` consistent
    /// (as JumpCloud's own module sends them).
    pub fn state(state: UserState) -> Self {
        Self {
            state: Some(state),
            suspended: Some(state == UserState::Suspended),
            ..Self::default()
        }
    }
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
        assert!(serde_json::from_str::<SystemUser>(r#"{"state":"DELETED"}"#).is_err());
    }

    #[test]
    fn new_user_leaves_out_empty_fields() {
        let u = NewUser {
            username: "ada".into(),
            email: "ada@example.com".into(),
            ..NewUser::default()
        };
        assert_eq!(
            serde_json::to_value(&u).expect("json"),
            serde_json::json!({"username": "ada", "email": "ada@example.com"})
        );
    }

    #[test]
    fn state_update_keeps_suspended_consistent() {
        let v = serde_json::to_value(UserUpdate::state(UserState::Suspended)).expect("json");
        assert_eq!(
            v,
            serde_json::json!({"state": "SUSPENDED", "suspended": true})
        );
        let v = serde_json::to_value(UserUpdate::state(UserState::Activated)).expect("json");
        assert_eq!(
            v,
            serde_json::json!({"state": "ACTIVATED", "suspended": false})
        );
    }
}
