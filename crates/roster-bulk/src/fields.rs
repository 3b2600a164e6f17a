//! From a checked row's values to the bodies the JumpCloud client sends.

use jumpcloud::models::{
    Address, Attribute, NewUser, PhoneNumber, RecoveryEmail, SystemUser, UserState, UserUpdate,
};
use roster_import::{Field, UserValues};
use serde_json::Value;

/// Text fields sent as they are, on create and on update.
const TEXT_FIELDS: &[&str] = &[
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
    "managedAppleId",
    "external_dn",
    "external_source_type",
];

/// Yes/no fields sent on create and on update.
const FLAGS: &[&str] = &[
    "sudo",
    "password_never_expires",
    "ldap_binding_user",
    "enable_user_portal_multifactor",
    "account_locked",
    "allow_public_key",
    "enable_managed_uid",
    "externally_managed",
];

/// Sent on create only: the PUT schema has no `recoveryEmail` or `passwordless_sudo`, the
/// manager is resolved to a user id only for new users, and a UID/GID is never changed on an
/// existing user (its files on their devices belong to the old one).
const CREATE_ONLY: &[&str] = &[
    "recoveryEmail",
    "passwordless_sudo",
    "manager",
    "unix_uid",
    "unix_guid",
];

/// Always part of the row (identity and state), on create and on update.
const CORE: &[&str] = &["username", "email", "state", "attributes"];

/// Phone columns and the `phoneNumbers[].type` JumpCloud gives them.
const PHONES: &[(&str, &str)] = &[
    ("mobile_number", "mobile"),
    ("home_number", "home"),
    ("work_number", "work"),
    ("work_mobile_number", "work_mobile"),
    ("work_fax_number", "work_fax"),
];

/// Address columns are `<kind>_<part>`: these kinds become `addresses[].type`.
const ADDRESS_KINDS: &[&str] = &["home", "work"];

/// One part of an address.
#[derive(Debug, Clone, Copy)]
enum Part {
    Street,
    PoBox,
    City,
    Region,
    PostalCode,
    Country,
}

/// Address column suffixes (JumpCloud's template's) and the part each fills.
const ADDRESS_PARTS: &[(&str, Part)] = &[
    ("streetAddress", Part::Street),
    ("poBox", Part::PoBox),
    ("city", Part::City),
    ("state", Part::Region),
    ("postalCode", Part::PostalCode),
    ("country", Part::Country),
];

fn part_mut(address: &mut Address, part: Part) -> &mut String {
    match part {
        Part::Street => &mut address.street_address,
        Part::PoBox => &mut address.po_box,
        Part::City => &mut address.locality,
        Part::Region => &mut address.region,
        Part::PostalCode => &mut address.postal_code,
        Part::Country => &mut address.country,
    }
}

fn is_address_column(key: &str) -> bool {
    key.split_once('_').is_some_and(|(kind, part)| {
        ADDRESS_KINDS.contains(&kind) && ADDRESS_PARTS.iter().any(|(p, _)| *p == part)
    })
}

/// Keys that are not user fields but separate calls.
const MEMBERSHIPS: &[&str] = &["groups", "directories"];

/// Whether a create (or an update) sends the field `key`.
fn is_sent(key: &str, update: bool) -> bool {
    CORE.contains(&key)
        || TEXT_FIELDS.contains(&key)
        || FLAGS.contains(&key)
        || PHONES.iter().any(|(k, _)| *k == key)
        || is_address_column(key)
        || (!update && CREATE_ONLY.contains(&key))
}

/// The plain names of the fields in `values` that this version cannot send (for the plan's
/// notice), for a create or an update. Passwords are among them: Roster never sends one.
pub fn unsent_fields(values: &UserValues, update: bool) -> Vec<String> {
    values
        .0
        .iter()
        .map(|(key, _)| key.as_ref())
        .filter(|key| !is_sent(key, update) && !MEMBERSHIPS.contains(key))
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

/// A yes/no value (the check step stores them as JSON booleans).
fn flag(values: &UserValues, key: &str) -> Option<bool> {
    values.get(key).and_then(Value::as_bool)
}

/// A whole number of at least 1 (the check step stores them as JSON numbers).
fn number(values: &UserValues, key: &str) -> Option<u64> {
    values.get(key).and_then(Value::as_u64).filter(|n| *n >= 1)
}

/// The phone numbers the row gives, in column order.
fn phones(values: &UserValues) -> Vec<PhoneNumber> {
    // Most rows have none: one look instead of one per kind.
    if !values.0.iter().any(|(k, _)| k.ends_with("_number")) {
        return Vec::new();
    }
    PHONES
        .iter()
        .filter_map(|(key, kind)| {
            let number = text(values, key);
            (!number.is_empty()).then(|| PhoneNumber {
                kind: (*kind).to_owned(),
                number,
            })
        })
        .collect()
}

/// The parts of the `kind` address the row gives (only the non-empty ones).
fn address_parts(values: &UserValues, kind: &str) -> Vec<(Part, String)> {
    ADDRESS_PARTS
        .iter()
        .filter_map(|(suffix, part)| {
            let value = text(values, &format!("{kind}_{suffix}"));
            (!value.is_empty()).then_some((*part, value))
        })
        .collect()
}

/// The addresses the row gives (home, then work); an address with no parts is left out.
fn addresses(values: &UserValues) -> Vec<Address> {
    if !values
        .0
        .iter()
        .any(|(k, _)| k.starts_with("home_") || k.starts_with("work_"))
    {
        return Vec::new();
    }
    ADDRESS_KINDS
        .iter()
        .filter_map(|kind| {
            let parts = address_parts(values, kind);
            if parts.is_empty() {
                return None;
            }
            let mut address = Address {
                kind: (*kind).to_owned(),
                ..Address::default()
            };
            for (part, value) in parts {
                *part_mut(&mut address, part) = value;
            }
            Some(address)
        })
        .collect()
}

/// `existing` phone numbers with the row's numbers put in: a number replaces the one of its
/// type, or is added. `None` when nothing changes (PUT replaces the whole list).
fn merged_phones(values: &UserValues, existing: &[PhoneNumber]) -> Option<Vec<PhoneNumber>> {
    let mut merged = existing.to_vec();
    for phone in phones(values) {
        match merged
            .iter_mut()
            .find(|p| p.kind.eq_ignore_ascii_case(&phone.kind))
        {
            Some(current) => current.number = phone.number,
            None => merged.push(phone),
        }
    }
    (merged != existing).then_some(merged)
}

/// `existing` addresses with the row's parts put in: each part given replaces that part of
/// the address of its type (other parts stay), or a new address is added. `None` when nothing
/// changes (PUT replaces the whole list).
fn merged_addresses(values: &UserValues, existing: &[Address]) -> Option<Vec<Address>> {
    let mut merged = existing.to_vec();
    for kind in ADDRESS_KINDS {
        let parts = address_parts(values, kind);
        if parts.is_empty() {
            continue;
        }
        let index = match merged
            .iter()
            .position(|a| a.kind.eq_ignore_ascii_case(kind))
        {
            Some(index) => index,
            None => {
                merged.push(Address {
                    kind: (*kind).to_owned(),
                    ..Address::default()
                });
                merged.len() - 1
            }
        };
        if let Some(address) = merged.get_mut(index) {
            for (part, value) in parts {
                *part_mut(address, part) = value;
            }
        }
    }
    (merged != existing).then_some(merged)
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

/// The body of the create. `manager_id` is the manager resolved to a user id. Fields the row
/// leaves empty are left out, so JumpCloud's defaults apply. Never a password.
pub fn new_user(values: &UserValues, manager_id: Option<String>) -> NewUser {
    let recovery = text(values, "recoveryEmail");
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
        phone_numbers: phones(values),
        addresses: addresses(values),
        recovery_email: (!recovery.is_empty()).then_some(RecoveryEmail { address: recovery }),
        managed_apple_id: text(values, "managedAppleId"),
        unix_uid: number(values, "unix_uid"),
        unix_guid: number(values, "unix_guid"),
        external_dn: text(values, "external_dn"),
        external_source_type: text(values, "external_source_type"),
        sudo: flag(values, "sudo"),
        passwordless_sudo: flag(values, "passwordless_sudo"),
        password_never_expires: flag(values, "password_never_expires"),
        ldap_binding_user: flag(values, "ldap_binding_user"),
        enable_user_portal_multifactor: flag(values, "enable_user_portal_multifactor"),
        account_locked: flag(values, "account_locked"),
        allow_public_key: flag(values, "allow_public_key"),
        enable_managed_uid: flag(values, "enable_managed_uid"),
        externally_managed: flag(values, "externally_managed"),
    }
}

/// The changes the row makes to `existing`: only fields that differ are sent, so an
/// unchanged user costs no request. Attributes are merged by name (JumpCloud replaces the
/// whole list), and so are phone numbers and addresses (by type); STAGED is not sent to an
/// existing user (JumpCloud refuses it). Empty cells change nothing. Not sent on update:
/// the recovery email and passwordless sudo (JumpCloud's PUT has neither), and the manager
/// (resolved for new users only).
pub fn update_for(values: &UserValues, existing: &SystemUser) -> UserUpdate {
    fn changed(values: &UserValues, key: &str, current: &str) -> Option<String> {
        let new = text(values, key);
        (!new.is_empty() && new != current).then_some(new)
    }
    fn changed_flag(values: &UserValues, key: &str, current: Option<bool>) -> Option<bool> {
        flag(values, key).filter(|new| Some(*new) != current)
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
    let e = existing;
    UserUpdate {
        email,
        firstname: changed(values, "firstname", &e.firstname),
        lastname: changed(values, "lastname", &e.lastname),
        middlename: changed(values, "middlename", &e.middlename),
        displayname: changed(values, "displayname", &e.displayname),
        alternate_email: changed(values, "alternateEmail", &e.alternate_email),
        company: changed(values, "company", &e.company),
        department: changed(values, "department", &e.department),
        job_title: changed(values, "jobTitle", &e.job_title),
        location: changed(values, "location", &e.location),
        cost_center: changed(values, "costCenter", &e.cost_center),
        employee_type: changed(values, "employeeType", &e.employee_type),
        employee_identifier: changed(values, "employeeIdentifier", &e.employee_identifier),
        description: changed(values, "description", &e.description),
        manager: None,
        state: wanted_state,
        suspended: wanted_state.map(|s| s == UserState::Suspended),
        attributes,
        phone_numbers: merged_phones(values, &e.phone_numbers),
        addresses: merged_addresses(values, &e.addresses),
        managed_apple_id: changed(values, "managedAppleId", &e.managed_apple_id),
        // Never changed on an existing user: see CREATE_ONLY.
        unix_uid: None,
        unix_guid: None,
        external_dn: changed(values, "external_dn", &e.external_dn),
        external_source_type: changed(values, "external_source_type", &e.external_source_type),
        sudo: changed_flag(values, "sudo", e.sudo),
        password_never_expires: changed_flag(
            values,
            "password_never_expires",
            e.password_never_expires,
        ),
        ldap_binding_user: changed_flag(values, "ldap_binding_user", e.ldap_binding_user),
        enable_user_portal_multifactor: changed_flag(
            values,
            "enable_user_portal_multifactor",
            e.enable_user_portal_multifactor,
        ),
        account_locked: changed_flag(values, "account_locked", Some(e.account_locked)),
        allow_public_key: changed_flag(values, "allow_public_key", e.allow_public_key),
        enable_managed_uid: changed_flag(values, "enable_managed_uid", e.enable_managed_uid),
        externally_managed: changed_flag(values, "externally_managed", e.externally_managed),
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
        assert_eq!(body.addresses[0].kind, "home");
        assert_eq!(body.addresses[0].locality, "Paris");
        assert_eq!(unsent_fields(&v, false), vec!["Password"]);
        let json = serde_json::to_value(&body).expect("json");
        assert!(json.get("password").is_none(), "passwords are never sent");
        assert!(!json.to_string().contains("secret"));
    }

    #[test]
    fn create_body_takes_addresses_flags_and_numbers() {
        let v = values(&[
            ("username", json!("ada")),
            ("email", json!("ada@example.com")),
            ("work_streetAddress", json!("1 Main Street")),
            ("work_city", json!("Springfield")),
            ("work_state", json!("IL")),
            ("work_postalCode", json!("01234")),
            ("work_country", json!("US")),
            ("home_poBox", json!("PO 7")),
            ("recoveryEmail", json!("ada@home.example")),
            ("managedAppleId", json!("ada@apple.example.com")),
            ("employeeType", json!("Contractor")),
            ("unix_uid", json!(7001)),
            ("unix_guid", json!(7002)),
            ("sudo", json!(true)),
            ("passwordless_sudo", json!(false)),
            ("enable_user_portal_multifactor", json!(true)),
            ("allow_public_key", json!(false)),
            ("external_dn", json!("CN=Ada")),
            ("EnrollmentDays", json!(7)),
            ("SystemID", json!("5f1b2c3d4e5f60718293a4b5")),
        ]);
        let body = new_user(&v, None);
        assert_eq!(
            body.addresses,
            vec![
                Address {
                    kind: "home".into(),
                    po_box: "PO 7".into(),
                    ..Address::default()
                },
                Address {
                    kind: "work".into(),
                    street_address: "1 Main Street".into(),
                    locality: "Springfield".into(),
                    region: "IL".into(),
                    postal_code: "01234".into(),
                    country: "US".into(),
                    ..Address::default()
                },
            ]
        );
        assert_eq!(
            body.recovery_email.as_ref().map(|r| r.address.as_str()),
            Some("ada@home.example")
        );
        assert_eq!(body.managed_apple_id, "ada@apple.example.com");
        assert_eq!(body.employee_type, "Contractor");
        assert_eq!((body.unix_uid, body.unix_guid), (Some(7001), Some(7002)));
        assert_eq!(body.sudo, Some(true));
        assert_eq!(body.passwordless_sudo, Some(false));
        assert_eq!(body.enable_user_portal_multifactor, Some(true));
        assert_eq!(body.allow_public_key, Some(false));
        assert_eq!(body.ldap_binding_user, None, "not in the row, not sent");
        assert_eq!(body.external_dn, "CN=Ada");
        assert_eq!(
            unsent_fields(&v, false),
            vec!["MFA enrollment days", "Device ID"]
        );
        // On update, JumpCloud's PUT has no recovery email and no passwordless sudo, and
        // Roster never changes an existing user's UID or GID.
        assert_eq!(
            unsent_fields(&v, true),
            vec![
                "Recovery email",
                "Unix UID",
                "Unix GID",
                "Passwordless sudo",
                "MFA enrollment days",
                "Device ID"
            ]
        );
    }

    #[test]
    fn update_merges_addresses_and_phones_by_type() {
        let existing = SystemUser {
            id: "u1".into(),
            username: "ada".into(),
            email: "ada@example.com".into(),
            addresses: vec![Address {
                kind: "work".into(),
                street_address: "1 Main Street".into(),
                locality: "Springfield".into(),
                ..Address::default()
            }],
            phone_numbers: vec![PhoneNumber {
                kind: "mobile".into(),
                number: "555 0100".into(),
            }],
            sudo: Some(false),
            unix_uid: Some(5001),
            ..SystemUser::default()
        };
        let same = values(&[
            ("work_city", json!("Springfield")),
            ("mobile_number", json!("555 0100")),
            ("sudo", json!(false)),
            ("unix_uid", json!(5001)),
        ]);
        assert!(is_empty_update(&update_for(&same, &existing)));

        let moved = values(&[
            ("work_city", json!("Shelbyville")),
            ("home_country", json!("FR")),
            ("work_number", json!("555 0200")),
            ("mobile_number", json!("555 0100")),
            ("sudo", json!(true)),
            ("recoveryEmail", json!("ada@home.example")),
            ("passwordless_sudo", json!(true)),
            // A different UID is never sent for an existing user: their files would be orphaned.
            ("unix_uid", json!(6000)),
        ]);
        let update = update_for(&moved, &existing);
        assert!(
            unsent_fields(&moved, true)
                .iter()
                .any(|f| f.contains("UID")),
            "the plan says the UID is kept"
        );
        assert_eq!(
            update.addresses,
            Some(vec![
                Address {
                    kind: "work".into(),
                    street_address: "1 Main Street".into(),
                    locality: "Shelbyville".into(),
                    ..Address::default()
                },
                Address {
                    kind: "home".into(),
                    country: "FR".into(),
                    ..Address::default()
                },
            ])
        );
        assert_eq!(
            update.phone_numbers.as_ref().map(Vec::len),
            Some(2),
            "the mobile is kept, the work phone added"
        );
        assert_eq!(update.sudo, Some(true));
        assert_eq!(update.unix_uid, None);
        let json = serde_json::to_value(&update).expect("json");
        assert!(json.get("recoveryEmail").is_none());
        assert!(json.get("passwordless_sudo").is_none());
    }

    #[test]
    fn unknown_flags_of_the_existing_user_are_sent() {
        // A user read without `allow_public_key` (None) gets the file's value either way.
        let existing = SystemUser::default();
        let v = values(&[("allow_public_key", json!(true))]);
        assert_eq!(update_for(&v, &existing).allow_public_key, Some(true));
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
            ("employeeType", json!("Contractor")),
            ("company", json!("Example Ltd")),
            ("state", json!("SUSPENDED")),
            ("attributes", json!([{"name": "Badge", "value": "7"}])),
        ]);
        let update = update_for(&changed, &existing);
        assert_eq!(update.job_title.as_deref(), Some("Lead"));
        assert_eq!(update.employee_type.as_deref(), Some("Contractor"));
        assert_eq!(update.company.as_deref(), Some("Example Ltd"));
        assert_eq!(update.manager, None, "the manager is not changed on update");
        assert_eq!(update.suspended, Some(true));
        assert_eq!(update.attributes.map(|a| a.len()), Some(2));
    }
}
