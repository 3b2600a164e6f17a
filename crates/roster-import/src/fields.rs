//! The JumpCloud user fields a column can fill.
//!
//! Keys are JumpCloud's own names: the API's (`username`, `email`, `jobTitle`,
//! `employeeIdentifier`, ...) and, for columns of JumpCloud's import template that have no
//! single API field, the template's (`home_city`, `mobile_number`, `EnrollmentDays`,
//! `SystemID`, ...). Columns that can repeat: `groups` (one group name per column, like the
//! template's Group1..GroupN), `directories` (one directory name per column),
//! `attributeN_name`/`attributeN_value` pairs (the template's AttributeN_name/_value), and
//! `attribute:NAME` (a column holding custom attribute NAME's value).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;

/// How a field's values are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Free text.
    Text,
    /// An email address.
    Email,
    /// STAGED, ACTIVATED or SUSPENDED (and friendly synonyms).
    State,
    /// Yes/no.
    Bool,
    /// A whole number in a range.
    Integer { min: u64, max: u64 },
    /// A password: checked for length only and never echoed in reports.
    Password,
}

/// A fixed JumpCloud field.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct FieldSpec {
    /// The field's key (JumpCloud's name).
    pub key: &'static str,
    /// The field's name in plain words.
    pub label: &'static str,
    /// The column header Roster's template uses.
    pub header: &'static str,
    /// How values are checked.
    pub kind: Kind,
    /// The most characters JumpCloud accepts.
    pub max_len: usize,
    /// The value in the template's example row ("" for none).
    pub example: &'static str,
}

/// JumpCloud's limit for text fields (the API spec's maxLength on PUT and in responses).
pub const TEXT_MAX: usize = 1024;
/// The API spec's maxLength for `employeeIdentifier`.
pub const EMPLOYEE_ID_MAX: usize = 256;

const fn spec(
    key: &'static str,
    label: &'static str,
    header: &'static str,
    kind: Kind,
    example: &'static str,
) -> FieldSpec {
    FieldSpec {
        key,
        label,
        header,
        kind,
        max_len: TEXT_MAX,
        example,
    }
}

const UNIX_ID: Kind = Kind::Integer {
    min: 1,
    max: 4_294_967_295,
};

/// Every fixed field, in the order of Roster's template.
pub static KNOWN: &[FieldSpec] = &[
    spec("username", "Username", "Username", Kind::Text, "jdoe"),
    spec(
        "email",
        "Email",
        "Email",
        Kind::Email,
        "jane.doe@example.com",
    ),
    spec("firstname", "First name", "FirstName", Kind::Text, "Jane"),
    spec("lastname", "Last name", "LastName", Kind::Text, "Doe"),
    spec("middlename", "Middle name", "MiddleName", Kind::Text, ""),
    spec(
        "displayname",
        "Display name",
        "DisplayName",
        Kind::Text,
        "Jane Doe",
    ),
    spec("password", "Password", "Password", Kind::Password, ""),
    spec("state", "State", "State", Kind::State, "STAGED"),
    spec(
        "alternateEmail",
        "Alternate email",
        "alternateEmail",
        Kind::Email,
        "",
    ),
    spec(
        "recoveryEmail",
        "Recovery email",
        "recoveryEmail",
        Kind::Email,
        "",
    ),
    spec("manager", "Manager", "manager", Kind::Text, ""),
    spec(
        "managedAppleId",
        "Managed Apple ID",
        "managedAppleId",
        Kind::Email,
        "",
    ),
    spec(
        "jobTitle",
        "Job title",
        "jobTitle",
        Kind::Text,
        "Accountant",
    ),
    FieldSpec {
        key: "employeeIdentifier",
        label: "Employee ID",
        header: "employeeIdentifier",
        kind: Kind::Text,
        max_len: EMPLOYEE_ID_MAX,
        example: "000123",
    },
    spec(
        "department",
        "Department",
        "department",
        Kind::Text,
        "Finance",
    ),
    spec("costCenter", "Cost center", "costCenter", Kind::Text, ""),
    spec("company", "Company", "company", Kind::Text, "Example Ltd"),
    spec(
        "employeeType",
        "Employee type",
        "employeeType",
        Kind::Text,
        "Full-time",
    ),
    spec("description", "Description", "description", Kind::Text, ""),
    spec(
        "location",
        "Location",
        "location",
        Kind::Text,
        "Head office",
    ),
    spec(
        "home_streetAddress",
        "Home street address",
        "home_streetAddress",
        Kind::Text,
        "",
    ),
    spec("home_poBox", "Home PO box", "home_poBox", Kind::Text, ""),
    spec("home_city", "Home city", "home_city", Kind::Text, ""),
    spec(
        "home_state",
        "Home state or region",
        "home_state",
        Kind::Text,
        "",
    ),
    spec(
        "home_postalCode",
        "Home postal code",
        "home_postalCode",
        Kind::Text,
        "",
    ),
    spec(
        "home_country",
        "Home country",
        "home_country",
        Kind::Text,
        "",
    ),
    spec(
        "work_streetAddress",
        "Work street address",
        "work_streetAddress",
        Kind::Text,
        "1 Main Street",
    ),
    spec("work_poBox", "Work PO box", "work_poBox", Kind::Text, ""),
    spec(
        "work_city",
        "Work city",
        "work_city",
        Kind::Text,
        "Springfield",
    ),
    spec(
        "work_state",
        "Work state or region",
        "work_state",
        Kind::Text,
        "",
    ),
    spec(
        "work_postalCode",
        "Work postal code",
        "work_postalCode",
        Kind::Text,
        "01234",
    ),
    spec(
        "work_country",
        "Work country",
        "work_country",
        Kind::Text,
        "US",
    ),
    spec(
        "mobile_number",
        "Mobile number",
        "mobile_number",
        Kind::Text,
        "555 0100",
    ),
    spec("home_number", "Home phone", "home_number", Kind::Text, ""),
    spec("work_number", "Work phone", "work_number", Kind::Text, ""),
    spec(
        "work_mobile_number",
        "Work mobile",
        "work_mobile_number",
        Kind::Text,
        "",
    ),
    spec(
        "work_fax_number",
        "Work fax",
        "work_fax_number",
        Kind::Text,
        "",
    ),
    spec("unix_uid", "Unix UID", "unix_uid", UNIX_ID, ""),
    spec("unix_guid", "Unix GID", "unix_guid", UNIX_ID, ""),
    spec(
        "enable_user_portal_multifactor",
        "Require MFA in the user portal",
        "enable_user_portal_multifactor",
        Kind::Bool,
        "",
    ),
    spec(
        "EnrollmentDays",
        "MFA enrollment days",
        "EnrollmentDays",
        Kind::Integer { min: 1, max: 365 },
        "",
    ),
    spec(
        "ldap_binding_user",
        "LDAP binding user",
        "ldap_binding_user",
        Kind::Bool,
        "",
    ),
    spec(
        "ldapserver_id",
        "LDAP server ID",
        "ldapserver_id",
        Kind::Text,
        "",
    ),
    spec(
        "account_locked",
        "Account locked",
        "account_locked",
        Kind::Bool,
        "",
    ),
    spec(
        "allow_public_key",
        "Allow public key",
        "allow_public_key",
        Kind::Bool,
        "",
    ),
    spec(
        "enable_managed_uid",
        "Managed UID",
        "enable_managed_uid",
        Kind::Bool,
        "",
    ),
    spec(
        "externally_managed",
        "Externally managed",
        "externally_managed",
        Kind::Bool,
        "",
    ),
    spec("external_dn", "External DN", "external_dn", Kind::Text, ""),
    spec(
        "external_source_type",
        "External source type",
        "external_source_type",
        Kind::Text,
        "",
    ),
    spec(
        "passwordless_sudo",
        "Passwordless sudo",
        "passwordless_sudo",
        Kind::Bool,
        "",
    ),
    spec("sudo", "Sudo", "sudo", Kind::Bool, ""),
    spec(
        "password_never_expires",
        "Password never expires",
        "password_never_expires",
        Kind::Bool,
        "",
    ),
    spec("SystemID", "Device ID", "SystemID", Kind::Text, ""),
    spec(
        "Administrator",
        "Administrator on the device",
        "Administrator",
        Kind::Bool,
        "",
    ),
];

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Field {
    /// A fixed JumpCloud field.
    Known(&'static FieldSpec),
    /// The name of a user group to add the user to (the column may repeat).
    Group,
    /// The name of a directory (Google Workspace, Microsoft 365, LDAP) to bind the user to
    /// (the column may repeat).
    Directory,
    /// The name of custom attribute N (JumpCloud template: `AttributeN_name`).
    AttributeName(u32),
    /// The value of custom attribute N (JumpCloud template: `AttributeN_value`).
    AttributeValue(u32),
    /// The value of the custom attribute with this name.
    Attribute(String),
}

impl Field {
    /// The fixed field with this key.
    pub fn known(key: &str) -> Option<Field> {
        KNOWN.iter().find(|f| f.key == key).map(Field::Known)
    }

    /// The field's key, as used in mappings, reports and JSON.
    pub fn key(&self) -> Cow<'static, str> {
        match self {
            Field::Known(spec) => Cow::Borrowed(spec.key),
            Field::Group => Cow::Borrowed("groups"),
            Field::Directory => Cow::Borrowed("directories"),
            Field::AttributeName(n) => Cow::Owned(format!("attribute{n}_name")),
            Field::AttributeValue(n) => Cow::Owned(format!("attribute{n}_value")),
            Field::Attribute(name) => Cow::Owned(format!("attribute:{name}")),
        }
    }

    /// The field for a key (the inverse of [`Field::key`]).
    pub fn from_key(key: &str) -> Option<Field> {
        match key {
            "groups" => return Some(Field::Group),
            "directories" => return Some(Field::Directory),
            _ => {}
        }
        if let Some(name) = key.strip_prefix("attribute:") {
            return (!name.is_empty()).then(|| Field::Attribute(name.to_owned()));
        }
        if let Some(rest) = key.strip_prefix("attribute") {
            if let Some(n) = rest.strip_suffix("_name").and_then(parse_index) {
                return Some(Field::AttributeName(n));
            }
            if let Some(n) = rest.strip_suffix("_value").and_then(parse_index) {
                return Some(Field::AttributeValue(n));
            }
        }
        Field::known(key)
    }

    /// The field's name in plain words.
    pub fn label(&self) -> Cow<'static, str> {
        match self {
            Field::Known(spec) => Cow::Borrowed(spec.label),
            Field::Group => Cow::Borrowed("Group"),
            Field::Directory => Cow::Borrowed("Directory"),
            Field::AttributeName(n) => Cow::Owned(format!("Custom attribute {n} name")),
            Field::AttributeValue(n) => Cow::Owned(format!("Custom attribute {n} value")),
            Field::Attribute(name) => Cow::Owned(format!("Custom attribute \"{name}\"")),
        }
    }

    /// Whether several columns may hold this field (groups and directories).
    pub fn repeats(&self) -> bool {
        matches!(self, Field::Group | Field::Directory)
    }

    /// The fixed field's spec, if this is one.
    pub fn spec(&self) -> Option<&'static FieldSpec> {
        match self {
            Field::Known(spec) => Some(spec),
            _ => None,
        }
    }

    /// Whether this is the fixed field `key`.
    pub fn is(&self, key: &str) -> bool {
        self.spec().is_some_and(|s| s.key == key)
    }
}

fn parse_index(digits: &str) -> Option<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&n| n >= 1)
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.key())
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let key = String::deserialize(deserializer)?;
        Field::from_key(&key)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown JumpCloud field \"{key}\"")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        let mut all: Vec<Field> = KNOWN.iter().map(Field::Known).collect();
        all.extend([
            Field::Group,
            Field::Directory,
            Field::AttributeName(1),
            Field::AttributeValue(12),
            Field::Attribute("Badge number".to_owned()),
        ]);
        for field in all {
            assert_eq!(Field::from_key(&field.key()), Some(field.clone()));
        }
        assert_eq!(Field::from_key("nope"), None);
        assert_eq!(Field::from_key("attribute0_name"), None);
        assert_eq!(Field::from_key("attribute:"), None);
    }

    #[test]
    fn keys_are_unique() {
        for (i, a) in KNOWN.iter().enumerate() {
            for b in &KNOWN[i + 1..] {
                assert_ne!(a.key, b.key);
                assert_ne!(a.header.to_lowercase(), b.header.to_lowercase());
            }
        }
    }

    #[test]
    fn serde_uses_keys() -> Result<(), serde_json::Error> {
        let fields = vec![
            Field::known("jobTitle"),
            None,
            Some(Field::AttributeValue(2)),
        ];
        let json = serde_json::to_string(&fields)?;
        assert_eq!(json, r#"["jobTitle",null,"attribute2_value"]"#);
        let back: Vec<Option<Field>> = serde_json::from_str(&json)?;
        assert_eq!(back, fields);
        assert!(serde_json::from_str::<Field>(r#""shoe_size""#).is_err());
        Ok(())
    }
}
