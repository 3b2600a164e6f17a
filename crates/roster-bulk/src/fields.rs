//! From a checked row's values to the bodies the JumpCloud client sends.

use jumpcloud::models::{Attribute, NewUser, PhoneNumber, SystemUser, UserState, UserUpdate};
use roster_import::{Field, UserValues};
use serde_json::Value;

/// The fields a create sends (besides `groups` and `directories`, which are separate calls).
const CREATE_FIELDS: &[&str] = &[
    "username",
    "email",
    "firstname",
    "lastname",
    "middlename",
    "displayname",
    "alternateEmail",
    "company",
    "department",
    "jobTitle",
    "location",
    "costCenter",
    "employeeType",
    "employeeIdentifier",
    "description",
    "manager",
    "state",
    "attributes",
    "mobile_number",
    "home_number",
    "work_number",
    "work_mobile_number",
    "work_fax_number",
];

/// The fields an update of an existing user sends.
const UPDATE_FIELDS: &[&str] = &[
    "username",
    "email",
    "firstname",
    "lastname",
    "displayname",
    "department",
    "jobTitle",
    "location",
    "employeeIdentifier",
    "state",
    "attributes",
];

/// Phone columns and the `phoneNumbers[].type` JumpCloud gives them.
const PHONES: &[(&str, &str)] = &[
    ("mobile_number", "mobile"),
    ("home_number", "home"),
    ("work_number", "work"),
    ("work_mobile_number", "work_mobile"),
    ("work_fax_number", "work_fax"),
];

/// Keys that are not user fields but separate calls.
const MEMBERSHIPS: &[&str] = &["groups", "directories"];

/// The plain names of the fields in `values` that this version cannot send (for the plan's
/// notice), for a create or an update.
pub fn unsent_fields(values: &UserValues, update: bool) -> Vec<String> {
    let sent = if update { UPDATE_FIELDS } else { CREATE_FIELDS };
    values
        .0
        .iter()
        .map(|(key, _)| key.as_ref())
        .filter(|key| !sent.contains(key) && !MEMBERSHIPS.contains(key))
        .map(label)
        .collect()
}

/// The plain name of a field key.
pub fn label(key: &str) -> String {
    match Field::known(key) {
        Some(field) => field.label().into_owned(),
        None => key.to_owned(),
    }
}

fn text(values: &UserValues, key: &str) -> String {
    match values.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

fn state(values: &UserValues) -> Option<UserState> {
    match values.get_str("state")? {
        "STAGED" => Some(UserState::Staged),
        "ACTIVATED" => Some(UserState::Activated),
        "SUSPENDED" => Some(UserState::Suspended),
        _ => None,
    }
}

/// The custom attributes of a row, in file order.
pub fn attributes(values: &UserValues) -> Vec<Attribute> {
    let Some(Value::Array(items)) = values.get("attributes") else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let name = item.get("name")?.as_str()?;
            let value = item.get("value").map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })?;
            Some(Attribute {
                name: name.to_owned(),
                value,
            })
        })
        .collect()
}

/// The names in the array at `key` (`groups`, `directories`), without repeats (case-insensitive).
pub fn names(values: &UserValues, key: &str) -> Vec<String> {
    let Some(Value::Array(items)) = values.get(key) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for name in items.iter().filter_map(Value::as_str) {
        let name = name.trim();
        if !name.is_empty() && !out.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            out.push(name.to_owned());
        }
    }
    out
}

/// The body of the create. `manager_id` is the manager resolved to a user id.
pub fn new_user(values: &UserValues, manager_id: Option<String>) -> NewUser {
    let phone_numbers = PHONES
        .iter()
        .filter_map(|(key, kind)| {
            let number = text(values, key);
            (!number.is_empty()).then(|| PhoneNumber {
                kind: (*kind).to_owned(),
                number,
            })
        })
        .collect();
    NewUser {
        username: text(values, "username"),
        email: text(values, "email"),
        firstname: text(values, "firstname"),
        lastname: text(values, "lastname"),
        middlename: text(values, "middlename"),
        displayname: text(values, "displayname"),
        alternate_email: text(values, "alternateEmail"),
        company: text(values, "company"),
        department: text(values, "department"),
        job_title: text(values, "jobTitle"),
        location: text(values, "location"),
        cost_center: text(values, "costCenter"),
        employee_type: text(values, "employeeType"),
        employee_identifier: text(values, "employeeIdentifier"),
        description: text(values, "description"),
        manager: manager_id,
        state: state(values),
        attributes: attributes(values),
        phone_numbers,
    }
}

/// The changes the row makes to `existing`: only fields that differ are sent, so an
/// unchanged user costs no request. Attributes are merged by name (JumpCloud replaces the
/// whole list), and STAGED is not sent to an existing user (JumpCloud refuses it).
pub fn update_for(values: &UserValues, existing: &SystemUser) -> UserUpdate {
    fn changed(values: &UserValues, key: &str, current: &str) -> Option<String> {
        let new = text(values, key);
        (!new.is_empty() && new != current).then_some(new)
    }
    let email = changed(values, "email", &existing.email)
        .filter(|e| !e.eq_ignore_ascii_case(&existing.email));
    let wanted_state = state(values).filter(|s| *s != UserState::Staged && *s != existing.state);
    let file_attributes = attributes(values);
    let attributes = if file_attributes.is_empty() {
        None
    } else {
        let mut merged = existing.attributes.clone();
        for attribute in file_attributes {
            match merged.iter_mut().find(|a| a.name == attribute.name) {
                Some(current) => current.value = attribute.value,
                None => merged.push(attribute),
            }
        }
        (merged != existing.attributes).then_some(merged)
    };
    UserUpdate {
        email,
        firstname: changed(values, "firstname", &existing.firstname),
        lastname: changed(values, "lastname", &existing.lastname),
        displayname: changed(values, "displayname", &existing.displayname),
        department: changed(values, "department", &existing.department),
        job_title: changed(values, "jobTitle", &existing.job_title),
        location: changed(values, "location", &existing.location),
        employee_identifier: changed(values, "employeeIdentifier", &existing.employee_identifier),
        state: wanted_state,
        suspended: wanted_state.map(|s| s == UserState::Suspended),
        attributes,
    }
}

/// Whether an update would change nothing.
pub fn is_empty_update(update: &UserUpdate) -> bool {
    *update == UserUpdate::default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn values(pairs: &[(&'static str, Value)]) -> UserValues {
        let mut v = UserValues::default();
        for (k, val) in pairs {
            v.set(*k, val.clone());
        }
        v
    }

    #[test]
    fn create_body_takes_known_fields_and_phones() {
        let v = values(&[
            ("username", json!("ada")),
            ("email", json!("ada@example.com")),
            ("jobTitle", json!("Engineer")),
            ("state", json!("STAGED")),
            ("mobile_number", json!("555 0100")),
            ("password", json!("secret")),
            ("home_city", json!("Paris")),
            ("groups", json!(["Sales", "sales", "VPN"])),
            ("attributes", json!([{"name": "Badge", "value": "42"}])),
        ]);
        let body = new_user(&v, None);
        assert_eq!(body.job_title, "Engineer");
        assert_eq!(body.state, Some(UserState::Staged));
        assert_eq!(body.phone_numbers[0].kind, "mobile");
        assert_eq!(body.attributes[0].value, "42");
        assert_eq!(names(&v, "groups"), vec!["Sales", "VPN"]);
        assert_eq!(unsent_fields(&v, false), vec!["Password", "Home city"]);
    }

    #[test]
    fn update_sends_only_changes() {
        let existing = SystemUser {
            id: "u1".into(),
            username: "ada".into(),
            email: "ada@example.com".into(),
            job_title: "Engineer".into(),
            attributes: vec![Attribute {
                name: "Floor".into(),
                value: "2".into(),
            }],
            ..SystemUser::default()
        };
        let same = values(&[
            ("email", json!("ADA@example.com")),
            ("jobTitle", json!("Engineer")),
            ("state", json!("STAGED")),
        ]);
        assert!(is_empty_update(&update_for(&same, &existing)));
        let changed = values(&[
            ("jobTitle", json!("Lead")),
            ("state", json!("SUSPENDED")),
            ("attributes", json!([{"name": "Badge", "value": "7"}])),
        ]);
        let update = update_for(&changed, &existing);
        assert_eq!(update.job_title.as_deref(), Some("Lead"));
        assert_eq!(update.suspended, Some(true));
        assert_eq!(update.attributes.map(|a| a.len()), Some(2));
    }
}
