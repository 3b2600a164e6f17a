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

/// A postal address (`addresses[]`). `type` is JumpCloud's label for it (`home`, `work`, …).
/// Empty parts are left out of the JSON. The `id` JumpCloud adds to each address it returns is
/// not kept: the spec's request bodies have none, and a PUT replaces the whole list anyway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Address {
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(rename = "poBox", skip_serializing_if = "String::is_empty")]
    pub po_box: String,
    #[serde(rename = "extendedAddress", skip_serializing_if = "String::is_empty")]
    pub extended_address: String,
    #[serde(rename = "streetAddress", skip_serializing_if = "String::is_empty")]
    pub street_address: String,
    /// The city.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub locality: String,
    /// The state, province or region.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub region: String,
    #[serde(rename = "postalCode", skip_serializing_if = "String::is_empty")]
    pub postal_code: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub country: String,
}

/// `recoveryEmail`. JumpCloud also returns `verified` and `verifiedAt`, which Roster does not
/// use; a create sends only the address (the POST schema allows nothing else).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct RecoveryEmail {
    pub address: String,
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
    pub addresses: Vec<Address>,
    #[serde(rename = "recoveryEmail")]
    pub recovery_email: Option<RecoveryEmail>,
    #[serde(rename = "managedAppleId")]
    pub managed_apple_id: String,
    pub unix_uid: Option<u64>,
    pub unix_guid: Option<u64>,
    pub external_dn: String,
    pub external_source_type: String,
    // The flags below are `None` when JumpCloud's answer left them out, so a comparison
    // never mistakes "not returned" for "false".
    pub sudo: Option<bool>,
    pub passwordless_sudo: Option<bool>,
    pub password_never_expires: Option<bool>,
    pub ldap_binding_user: Option<bool>,
    pub enable_user_portal_multifactor: Option<bool>,
    pub allow_public_key: Option<bool>,
    pub enable_managed_uid: Option<bool>,
    pub externally_managed: Option<bool>,
    pub created: Option<String>,
    #[serde(rename = "creationSource")]
    pub creation_source: Option<String>,
    /// When the password was last set (none before the person sets one).
    pub password_date: Option<String>,
    pub password_expiration_date: Option<String>,
    pub password_expired: Option<bool>,
    pub mfa: Option<Mfa>,
    #[serde(rename = "mfaEnrollment")]
    pub mfa_enrollment: Option<MfaEnrollment>,
    pub totp_enabled: Option<bool>,
}

/// `mfa`: whether multi-factor sign-in is set up, or the person is excused from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Mfa {
    pub configured: bool,
    pub exclusion: bool,
    #[serde(rename = "exclusionUntil")]
    pub exclusion_until: Option<String>,
}

/// `mfaEnrollment`: how far the person got enrolling (`ENROLLED`, `NOT_ENROLLED`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct MfaEnrollment {
    #[serde(rename = "overallStatus")]
    pub overall_status: String,
}

/// The body of `POST /api/systemusers`. Empty fields are left out, so
/// JumpCloud applies its defaults (the org's default state, for one).
///
/// There is deliberately no `password`: Roster never sends passwords (people set their own
/// when they activate their account).
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Address>,
    /// Only on create: the PUT schema has no `recoveryEmail`.
    #[serde(rename = "recoveryEmail", skip_serializing_if = "Option::is_none")]
    pub recovery_email: Option<RecoveryEmail>,
    #[serde(rename = "managedAppleId", skip_serializing_if = "String::is_empty")]
    pub managed_apple_id: String,
    /// At least 1 (JumpCloud picks one when left out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unix_uid: Option<u64>,
    /// At least 1 (JumpCloud picks one when left out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unix_guid: Option<u64>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub external_dn: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub external_source_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sudo: Option<bool>,
    /// Only on create: the PUT schema has no `passwordless_sudo`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passwordless_sudo: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_never_expires: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ldap_binding_user: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_user_portal_multifactor: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_locked: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_public_key: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_managed_uid: Option<bool>,
    /// Deprecated by JumpCloud (it fills `restrictedFields` instead), still accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub externally_managed: Option<bool>,
}

/// The body of `PUT /api/systemusers/{id}` (`systemuserput`): only the fields set are sent;
/// arrays given replace JumpCloud's wholesale (send the merged list). The PUT schema has no
/// `recoveryEmail`, `passwordless_sudo` or `activated`, so neither has this struct; and, like
/// [`NewUser`], it has no `password`.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct UserUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub firstname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lastname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub middlename: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub displayname: Option<String>,
    #[serde(rename = "alternateEmail", skip_serializing_if = "Option::is_none")]
    pub alternate_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(rename = "jobTitle", skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(rename = "costCenter", skip_serializing_if = "Option::is_none")]
    pub cost_center: Option<String>,
    #[serde(rename = "employeeType", skip_serializing_if = "Option::is_none")]
    pub employee_type: Option<String>,
    #[serde(rename = "employeeIdentifier", skip_serializing_if = "Option::is_none")]
    pub employee_identifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `None`: left as it is. `Some(Some(id))`: the manager becomes the user with this id.
    /// `Some(None)`: sent as `"manager": null`, which clears the manager.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manager: Option<Option<String>>,
    /// Only ACTIVATED or SUSPENDED; `suspended` is sent to match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<UserState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suspended: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Vec<Attribute>>,
    /// Replaces all of the user's phone numbers.
    #[serde(rename = "phoneNumbers", skip_serializing_if = "Option::is_none")]
    pub phone_numbers: Option<Vec<PhoneNumber>>,
    /// Replaces all of the user's addresses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub addresses: Option<Vec<Address>>,
    #[serde(rename = "managedAppleId", skip_serializing_if = "Option::is_none")]
    pub managed_apple_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unix_uid: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unix_guid: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_dn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_source_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sudo: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_never_expires: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ldap_binding_user: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_user_portal_multifactor: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_locked: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_public_key: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_managed_uid: Option<bool>,
    /// Deprecated by JumpCloud (it fills `restrictedFields` instead), still accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub externally_managed: Option<bool>,
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

    #[test]
    fn new_user_sends_the_extra_fields_it_is_given() {
        let u = NewUser {
            username: "ada".into(),
            email: "ada@example.com".into(),
            addresses: vec![Address {
                kind: "work".into(),
                street_address: "1 Main Street".into(),
                locality: "Springfield".into(),
                postal_code: "01234".into(),
                ..Address::default()
            }],
            recovery_email: Some(RecoveryEmail {
                address: "ada@home.example".into(),
            }),
            managed_apple_id: "ada@appleid.example.com".into(),
            unix_uid: Some(7001),
            unix_guid: Some(7002),
            external_dn: "CN=Ada,DC=example,DC=com".into(),
            external_source_type: "ldap".into(),
            sudo: Some(true),
            passwordless_sudo: Some(false),
            password_never_expires: Some(true),
            ldap_binding_user: Some(false),
            enable_user_portal_multifactor: Some(true),
            account_locked: Some(false),
            allow_public_key: Some(false),
            enable_managed_uid: Some(true),
            externally_managed: Some(false),
            ..NewUser::default()
        };
        assert_eq!(
            serde_json::to_value(&u).expect("json"),
            serde_json::json!({
                "username": "ada",
                "email": "ada@example.com",
                "addresses": [{"type": "work", "streetAddress": "1 Main Street",
                               "locality": "Springfield", "postalCode": "01234"}],
                "recoveryEmail": {"address": "ada@home.example"},
                "managedAppleId": "ada@appleid.example.com",
                "unix_uid": 7001,
                "unix_guid": 7002,
                "external_dn": "CN=Ada,DC=example,DC=com",
                "external_source_type": "ldap",
                "sudo": true,
                "passwordless_sudo": false,
                "password_never_expires": true,
                "ldap_binding_user": false,
                "enable_user_portal_multifactor": true,
                "account_locked": false,
                "allow_public_key": false,
                "enable_managed_uid": true,
                "externally_managed": false
            })
        );
    }

    #[test]
    fn empty_update_is_an_empty_object() {
        assert_eq!(
            serde_json::to_value(UserUpdate::default()).expect("json"),
            serde_json::json!({})
        );
    }

    #[test]
    fn update_sends_only_what_is_set_and_can_clear_the_manager() {
        let u = UserUpdate {
            middlename: Some("Lovelace".into()),
            cost_center: Some("CC-7".into()),
            employee_type: Some("Contractor".into()),
            alternate_email: Some("ada@alt.example".into()),
            manager: Some(None),
            phone_numbers: Some(vec![PhoneNumber {
                kind: "mobile".into(),
                number: "555 0100".into(),
            }]),
            addresses: Some(Vec::new()),
            unix_uid: Some(7001),
            sudo: Some(false),
            ..UserUpdate::default()
        };
        assert_eq!(
            serde_json::to_value(&u).expect("json"),
            serde_json::json!({
                "middlename": "Lovelace",
                "costCenter": "CC-7",
                "employeeType": "Contractor",
                "alternateEmail": "ada@alt.example",
                "manager": null,
                "phoneNumbers": [{"type": "mobile", "number": "555 0100"}],
                "addresses": [],
                "unix_uid": 7001,
                "sudo": false
            })
        );
        let set = UserUpdate {
            manager: Some(Some("5f1b2c3d4e5f60718293a4b5".into())),
            ..UserUpdate::default()
        };
        assert_eq!(
            serde_json::to_value(&set).expect("json"),
            serde_json::json!({"manager": "5f1b2c3d4e5f60718293a4b5"})
        );
    }

    #[test]
    fn user_decodes_addresses_recovery_email_and_flags() {
        let json = r#"{"_id":"5f1b2c3d4e5f60718293a4b5","username":"ada",
            "addresses":[{"id":"a1","type":"home","locality":"Paris","country":"FR"}],
            "phoneNumbers":[{"id":"p1","type":"mobile","number":"555 0100"}],
            "recoveryEmail":{"address":"ada@home.example","verified":false},
            "unix_uid":5001,"sudo":true,"allow_public_key":false}"#;
        let u: SystemUser = serde_json::from_str(json).expect("decodes");
        assert_eq!(
            u.addresses,
            vec![Address {
                kind: "home".into(),
                locality: "Paris".into(),
                country: "FR".into(),
                ..Address::default()
            }]
        );
        assert_eq!(u.phone_numbers[0].number, "555 0100");
        assert_eq!(
            u.recovery_email.map(|r| r.address).as_deref(),
            Some("ada@home.example")
        );
        assert_eq!(u.unix_uid, Some(5001));
        assert_eq!(u.unix_guid, None);
        assert_eq!(u.sudo, Some(true));
        assert_eq!(u.allow_public_key, Some(false));
        assert_eq!(u.ldap_binding_user, None, "missing flags stay unknown");
    }
}
