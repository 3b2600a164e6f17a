//! The shape of a stored system user (`systemuserreturn`), its defaults, and the compact form it
//! is kept in.
//!
//! A user object has ~50 keys, most of them at their default value. A [`UserDoc`] keeps only
//! the keys that differ from [`defaults`] (by index into one sorted table of key names), values
//! that many users share (the organization, departments, `mfa` objects, ...) once behind an
//! `Arc`, and nested arrays and objects of a user's own as compact JSON text. The full document is
//! rebuilt when it is read, with its keys in the same (sorted) order as a `serde_json::Map`; it
//! serializes to the same bytes. That takes a seeded user from ~11 KB to ~1 KB.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::{json, Value};

use crate::filters::Fields;
use crate::store::Doc;

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

/// Keys a user object may have besides the defaults and the writable fields.
const OTHER_KEYS: &[&str] = &["_id", "created", "organization"];

/// Fields whose values repeat across an org's users: interned by [`Interner`].
const SHARED_KEYS: &[&str] = &[
    "company",
    "costCenter",
    "creationSource",
    "department",
    "employeeType",
    "external_source_type",
    "firstname",
    "jobTitle",
    "lastname",
    "location",
    "manager",
    "mfa",
    "mfaEnrollment",
    "organization",
    "state",
];

/// Every known key name, sorted, with its default value (if it has one) and whether it is shared.
struct KeyTable {
    names: Vec<String>,
    defaults: Vec<Option<Value>>,
    shared: Vec<bool>,
}

static TABLE: LazyLock<KeyTable> = LazyLock::new(|| {
    let defaults = defaults();
    let mut names: Vec<String> = crate::users::field_names()
        .chain(OTHER_KEYS.iter().copied())
        .chain(SHARED_KEYS.iter().copied())
        .map(str::to_string)
        .chain(defaults.keys().cloned())
        .collect();
    names.sort_unstable();
    names.dedup();
    assert!(names.len() <= usize::from(u8::MAX), "key indexes are u8");
    KeyTable {
        defaults: names.iter().map(|n| defaults.get(n).cloned()).collect(),
        shared: names
            .iter()
            .map(|n| SHARED_KEYS.contains(&n.as_str()))
            .collect(),
        names,
    }
});

/// The index of a known key name.
fn key_index(name: &str) -> Option<u8> {
    TABLE
        .names
        .binary_search_by(|n| n.as_str().cmp(name))
        .ok()
        .and_then(|i| u8::try_from(i).ok())
}

/// One stored value that differs from the default.
#[derive(Debug, Clone)]
pub enum Val {
    /// The user lacks this default key.
    Absent,
    Null,
    Bool(bool),
    /// An integer that fits `i64` (uids, counters).
    Int(i64),
    /// A string of the user's own.
    Str(Box<str>),
    /// A value shared with other users.
    Shared(Arc<Value>),
    /// An array or object of the user's own (no floats in it), as compact JSON text: parsed
    /// when read. Its text is what `serde_json` writes for the value, so parsing gives it back.
    Json(Box<str>),
    /// Anything else.
    Other(Box<Value>),
}

fn has_float(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.is_f64(),
        Value::Array(a) => a.iter().any(has_float),
        Value::Object(m) => m.values().any(has_float),
        _ => false,
    }
}

impl Val {
    fn new(v: Value) -> Val {
        match v {
            Value::Null => Val::Null,
            Value::Bool(b) => Val::Bool(b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => Val::Int(i),
                None => Val::Other(Box::new(Value::Number(n))),
            },
            Value::String(s) => Val::Str(s.into_boxed_str()),
            v @ (Value::Array(_) | Value::Object(_)) if !has_float(&v) => {
                Val::Json(v.to_string().into_boxed_str())
            }
            v => Val::Other(Box::new(v)),
        }
    }

    /// The value as JSON; `None` for [`Val::Absent`].
    fn value(&self) -> Option<Cow<'_, Value>> {
        Some(match self {
            Val::Absent => return None,
            Val::Null => Cow::Owned(Value::Null),
            Val::Bool(b) => Cow::Owned(Value::Bool(*b)),
            Val::Int(i) => Cow::Owned(Value::from(*i)),
            Val::Str(s) => Cow::Owned(Value::String(s.to_string())),
            Val::Shared(v) => Cow::Borrowed(&**v),
            Val::Json(text) => Cow::Owned(serde_json::from_str(text).unwrap_or(Value::Null)),
            Val::Other(v) => Cow::Borrowed(&**v),
        })
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            Val::Shared(v) => v.as_str(),
            Val::Other(v) => v.as_str(),
            _ => None,
        }
    }
}

/// Shares equal values of the [`SHARED_KEYS`] between the users built with one interner.
#[derive(Debug, Default)]
pub struct Interner {
    /// Strings by their text.
    strings: HashMap<String, Arc<Value>>,
    /// Arrays and objects by their JSON text.
    objects: HashMap<String, Arc<Value>>,
}

impl Interner {
    fn val(&mut self, key: u8, v: Value) -> Val {
        if !TABLE.shared[usize::from(key)] {
            return Val::new(v);
        }
        let arc = match v {
            Value::String(s) => match self.strings.get(s.as_str()) {
                Some(arc) => arc.clone(),
                None => self
                    .strings
                    .entry(s.clone())
                    .or_insert_with(|| Arc::new(Value::String(s)))
                    .clone(),
            },
            v @ (Value::Array(_) | Value::Object(_)) => self
                .objects
                .entry(v.to_string())
                .or_insert_with(|| Arc::new(v))
                .clone(),
            v => return Val::new(v),
        };
        Val::Shared(arc)
    }
}

/// A user document in compact form; see the module documentation.
#[derive(Debug, Clone, Default)]
pub struct UserDoc {
    /// The keys whose values differ from the defaults, by key index (so in key-name order).
    fields: Box<[(u8, Val)]>,
    /// Keys not in the key table (only from hand-edited state files), sorted by name.
    extra: Option<Box<Doc>>,
}

/// A value read from a [`UserDoc`] without copying it.
#[derive(Clone, Copy)]
pub enum FieldRef<'a> {
    Stored(&'a Val),
    Value(&'a Value),
}

impl Serialize for FieldRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FieldRef::Value(v) => v.serialize(s),
            FieldRef::Stored(v) => match v {
                Val::Absent | Val::Null => s.serialize_unit(),
                Val::Bool(b) => s.serialize_bool(*b),
                Val::Int(i) => s.serialize_i64(*i),
                Val::Str(x) => s.serialize_str(x),
                Val::Shared(v) => v.serialize(s),
                Val::Other(v) => v.serialize(s),
                Val::Json(_) => v.value().unwrap_or_default().serialize(s),
            },
        }
    }
}

impl FieldRef<'_> {
    pub fn to_value(self) -> Value {
        match self {
            FieldRef::Value(v) => v.clone(),
            FieldRef::Stored(v) => v.value().map(Cow::into_owned).unwrap_or_default(),
        }
    }
}

impl UserDoc {
    /// The compact form of a whole document: default keys it lacks are remembered as absent.
    pub fn from_doc(doc: Doc, interner: &mut Interner) -> UserDoc {
        let table = &*TABLE;
        let mut present = vec![false; table.names.len()];
        let mut fields = Vec::new();
        let mut extra = Doc::new();
        for (k, v) in doc {
            match key_index(&k) {
                Some(i) => {
                    present[usize::from(i)] = true;
                    if table.defaults[usize::from(i)].as_ref() != Some(&v) {
                        fields.push((i, interner.val(i, v)));
                    }
                }
                None => {
                    extra.insert(k, v);
                }
            }
        }
        for (i, d) in table.defaults.iter().enumerate() {
            if d.is_some() && !present[i] {
                if let Ok(i) = u8::try_from(i) {
                    fields.push((i, Val::Absent));
                }
            }
        }
        fields.sort_unstable_by_key(|(i, _)| *i);
        UserDoc {
            fields: fields.into_boxed_slice(),
            extra: (!extra.is_empty()).then(|| Box::new(extra)),
        }
    }

    /// The defaults with `pairs` set on top (a later pair for the same key wins). Keys must be
    /// known ones (see [`OTHER_KEYS`]); an unknown key is kept all the same.
    pub fn from_pairs(pairs: Vec<(&str, Value)>, interner: &mut Interner) -> UserDoc {
        let table = &*TABLE;
        let mut fields: Vec<(u8, Val)> = Vec::with_capacity(pairs.len());
        let mut extra = Doc::new();
        // From the last pair back, so the first seen of a key is the one that counts.
        let mut seen = [false; 256];
        for (k, v) in pairs.into_iter().rev() {
            let Some(i) = key_index(k) else {
                extra.entry(k.to_string()).or_insert(v);
                continue;
            };
            if std::mem::replace(&mut seen[usize::from(i)], true) {
                continue;
            }
            if table.defaults[usize::from(i)].as_ref() != Some(&v) {
                fields.push((i, interner.val(i, v)));
            }
        }
        fields.sort_unstable_by_key(|(i, _)| *i);
        UserDoc {
            fields: fields.into_boxed_slice(),
            extra: (!extra.is_empty()).then(|| Box::new(extra)),
        }
    }

    /// Every key with its value, in key-name order (the order a `serde_json::Map` has).
    pub fn entries(&self) -> Vec<(&str, FieldRef<'_>)> {
        let table = &*TABLE;
        let mut out = Vec::with_capacity(table.defaults.len() + self.fields.len());
        let mut stored = self.fields.iter().peekable();
        for (i, name) in table.names.iter().enumerate() {
            match stored.next_if(|(k, _)| usize::from(*k) == i) {
                Some((_, Val::Absent)) => {}
                Some((_, v)) => out.push((name.as_str(), FieldRef::Stored(v))),
                None => {
                    if let Some(d) = &table.defaults[i] {
                        out.push((name.as_str(), FieldRef::Value(d)));
                    }
                }
            }
        }
        if let Some(extra) = &self.extra {
            out.extend(extra.iter().map(|(k, v)| (k.as_str(), FieldRef::Value(v))));
            out.sort_by(|a, b| a.0.cmp(b.0));
        }
        out
    }

    /// One key with its value, without copying it.
    pub fn entry(&self, name: &str) -> Option<(&str, FieldRef<'_>)> {
        let Some(i) = key_index(name) else {
            let (k, v) = self.extra.as_ref()?.get_key_value(name)?;
            return Some((k.as_str(), FieldRef::Value(v)));
        };
        let name = TABLE.names[usize::from(i)].as_str();
        match self.fields.binary_search_by_key(&i, |(k, _)| *k) {
            Ok(p) => match &self.fields[p].1 {
                Val::Absent => None,
                v => Some((name, FieldRef::Stored(v))),
            },
            Err(_) => TABLE.defaults[usize::from(i)]
                .as_ref()
                .map(|d| (name, FieldRef::Value(d))),
        }
    }

    /// A string field, borrowed.
    pub fn str_field(&self, name: &str) -> Option<&str> {
        match self.entry(name)?.1 {
            FieldRef::Stored(v) => v.as_str(),
            FieldRef::Value(v) => v.as_str(),
        }
    }

    /// The whole document as a JSON object.
    pub fn to_doc(&self) -> Doc {
        self.entries()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_value()))
            .collect()
    }
}

impl Fields for UserDoc {
    fn field(&self, key: &str) -> Option<Cow<'_, Value>> {
        match self.entry(key)?.1 {
            FieldRef::Stored(v) => v.value(),
            FieldRef::Value(v) => Some(Cow::Borrowed(v)),
        }
    }
}

/// Serializes as the whole document, exactly as the `serde_json::Map` it stands for.
impl Serialize for UserDoc {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let entries = self.entries();
        let mut map = s.serialize_map(Some(entries.len()))?;
        for (k, v) in &entries {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// The next free unix uid/gid in an org (JumpCloud hands them out from 5000 up).
pub fn next_unix_id(store: &crate::store::Store, org: &str) -> i64 {
    store.users.max_unix_uid(org).unwrap_or(5000).max(5000) + 1
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

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(v: Value) -> Doc {
        v.as_object().cloned().unwrap_or_default()
    }

    /// Whatever goes in comes out the same: as a `Map`, field by field, and as JSON bytes.
    #[test]
    fn compact_docs_round_trip() {
        let mut full = new_doc("5f0000000000000000000001", "org1", "2021-03-01", 5001);
        full.insert("username".into(), json!("ann"));
        full.insert(
            "phoneNumbers".into(),
            json!([{"id": "p1", "number": "+1", "type": "work"}]),
        );
        full.insert(
            "mfa".into(),
            json!({"configured": true, "exclusion": false}),
        );
        full.insert(
            "attributes".into(),
            json!([{"name": "score", "value": 1.5}]),
        );
        full.insert("badLoginAttempts".into(), json!(-3));
        full.insert("big".into(), json!(u64::MAX));
        full.insert("zeta".into(), json!({"nested": [1, 2]}));
        full.insert("aardvark".into(), json!(null));
        full.remove("sudo");
        full.remove("description");
        let docs = [
            full,
            obj(json!({})),
            obj(json!({"_id": "x", "memberof": "stale", "zeta": 1})),
            new_doc("a", "o", "c", 1),
        ];
        let mut interner = Interner::default();
        for doc in docs {
            let compact = UserDoc::from_doc(doc.clone(), &mut interner);
            assert_eq!(compact.to_doc(), doc);
            assert_eq!(
                serde_json::to_string(&compact).unwrap_or_default(),
                serde_json::to_string(&doc).unwrap_or_default()
            );
            for key in doc.keys().map(String::as_str).chain(["nope", "sudo"]) {
                assert_eq!(
                    compact.field(key).map(Cow::into_owned),
                    doc.get(key).cloned(),
                    "{key}"
                );
                assert_eq!(compact.str_field(key), doc.get(key).and_then(Value::as_str));
            }
        }
    }

    #[test]
    fn pairs_set_on_top_of_the_defaults() {
        let mut interner = Interner::default();
        let compact = UserDoc::from_pairs(
            vec![
                ("_id", json!("a")),
                ("state", json!("STAGED")),
                ("company", json!("Acme")),
                ("state", json!("ACTIVATED")),
                ("sudo", json!(false)),
            ],
            &mut interner,
        );
        let mut want = defaults();
        want.insert("_id".into(), json!("a"));
        want.insert("state".into(), json!("ACTIVATED"));
        want.insert("company".into(), json!("Acme"));
        assert_eq!(compact.to_doc(), want);
    }
}
