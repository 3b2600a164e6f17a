//! The shape of a stored system user (`systemuserreturn`) and its defaults.

use serde_json::{json, Value};

use crate::store::{Doc, Store};

/// Keys every user object carries, with their default values.
pub fn defaults() -> Doc {
    let v = json!({
        "account_locked": false,
        "account_locked_date": null,
        "activated": false,
        "addresses": [],
        "allow_public_key": true,
        "attributes": [],
        "badLoginAttempts": 0,
        "company": "",
        "costCenter": "",
        "creationSource": "jumpcloud:manual",
        "department": "",
        "description": "",
        "disableDeviceMaxLoginAttempts": false,
        "displayname": "",
        "employeeType": "",
        "enable_managed_uid": false,
        "enable_user_portal_multifactor": false,
        "external_dn": "",
        "external_source_type": "",
        "externally_managed": false,
        "firstname": "",
        "jobTitle": "",
        "lastname": "",
        "ldap_binding_user": false,
        "location": "",
        "middlename": "",
        "mfa": {"configured": false, "exclusion": false},
        "mfaEnrollment": {
            "overallStatus": "NOT_ENROLLED",
            "totpStatus": "NOT_ENROLLED",
            "pushStatus": "NOT_ENROLLED",
            "webAuthnStatus": "NOT_ENROLLED",
            "jcGoStatus": "NOT_ENROLLED"
        },
        "password_date": null,
        "password_expiration_date": null,
        "password_expired": false,
        "password_never_expires": false,
        "passwordless_sudo": false,
        "phoneNumbers": [],
        "relationships": [],
        "restrictedFields": [],
        "samba_service_user": false,
        "ssh_keys": [],
        "sudo": false,
        "suspended": false,
        "totp_enabled": false
    });
    match v {
        Value::Object(m) => m,
        _ => Doc::new(),
    }
}

/// Fills in every default key that `doc` lacks.
pub fn apply_defaults(doc: &mut Doc) {
    for (k, v) in defaults() {
        doc.entry(k).or_insert(v);
    }
}

/// The next free unix uid/gid in an org (JumpCloud hands them out from 5000 up).
pub fn next_unix_id(store: &Store, org: &str) -> i64 {
    store
        .users_of(org)
        .filter_map(|u| u.doc.get("unix_uid").and_then(Value::as_i64))
        .max()
        .unwrap_or(5000)
        .max(5000)
        + 1
}

/// A new user document with `_id`, `organization`, `created`, uid/gid and defaults.
pub fn new_doc(id: &str, org: &str, created: &str, unix_id: i64) -> Doc {
    let mut doc = Doc::new();
    doc.insert("_id".into(), json!(id));
    doc.insert("organization".into(), json!(org));
    doc.insert("created".into(), json!(created));
    doc.insert("unix_uid".into(), json!(unix_id));
    doc.insert("unix_guid".into(), json!(unix_id));
    apply_defaults(&mut doc);
    doc
}

/// Keeps `state`, `suspended` and `activated` consistent after a state change.
pub fn set_state(doc: &mut Doc, state: &str) {
    doc.insert("state".into(), json!(state));
    doc.insert("suspended".into(), json!(state == "SUSPENDED"));
    if state == "ACTIVATED" {
        doc.insert("activated".into(), json!(true));
    }
}
