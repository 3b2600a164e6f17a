//! System-user rules: input validation, create, update, delete, activate.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use crate::error::{ApiError, ApiResult};
use crate::ids::is_object_id;
use crate::query::Query;
use crate::store::{Doc, Store, UserRec};
use crate::timefmt::{format_millis, now_millis, parse_invariant, parse_millis};
use crate::userdoc;
use crate::userdoc::UserDoc;

/// `POST /search/systemusers` accepts bigger pages than GET (JumpCloud's own module asks for 1000).
pub const SEARCH_MAX_LIMIT: i64 = 1000;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mode {
    Create,
    Update,
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Str(usize),
    Bool,
    PositiveInt,
    DateTime,
    UserRef,
    State,
    Addresses,
    Phones,
    Attributes,
    Relationships,
    RestrictedFields,
    Mfa,
    RecoveryEmail,
    Delegated,
    SshKeys,
}

const C: u8 = 1;
const U: u8 = 2;
const CU: u8 = 3;

/// Writable fields of `systemuserputpost` (C) and `systemuserput` (U).
const FIELDS: &[(&str, Kind, u8)] = &[
    ("account_locked", Kind::Bool, CU),
    ("activated", Kind::Bool, C),
    ("addresses", Kind::Addresses, CU),
    ("allow_public_key", Kind::Bool, CU),
    ("alternateEmail", Kind::Str(1024), CU),
    ("attributes", Kind::Attributes, CU),
    ("company", Kind::Str(1024), CU),
    ("costCenter", Kind::Str(1024), CU),
    ("delegatedAuthority", Kind::Delegated, CU),
    ("department", Kind::Str(1024), CU),
    ("description", Kind::Str(1024), CU),
    ("disableDeviceMaxLoginAttempts", Kind::Bool, CU),
    ("displayname", Kind::Str(1024), CU),
    ("email", Kind::Str(1024), CU),
    ("employeeIdentifier", Kind::Str(256), CU),
    ("employeeType", Kind::Str(1024), CU),
    ("enable_managed_uid", Kind::Bool, CU),
    ("enable_user_portal_multifactor", Kind::Bool, CU),
    ("external_dn", Kind::Str(1024), CU),
    ("external_password_expiration_date", Kind::DateTime, CU),
    ("external_source_type", Kind::Str(1024), CU),
    ("externally_managed", Kind::Bool, CU),
    ("firstname", Kind::Str(1024), CU),
    ("jobTitle", Kind::Str(1024), CU),
    ("lastname", Kind::Str(1024), CU),
    ("ldap_binding_user", Kind::Bool, CU),
    ("location", Kind::Str(1024), CU),
    ("managedAppleId", Kind::Str(1024), CU),
    ("manager", Kind::UserRef, CU),
    ("mfa", Kind::Mfa, CU),
    ("middlename", Kind::Str(1024), CU),
    ("password", Kind::Str(1024), CU),
    ("password_never_expires", Kind::Bool, CU),
    ("passwordless_sudo", Kind::Bool, C),
    ("phoneNumbers", Kind::Phones, CU),
    ("public_key", Kind::Str(16384), CU),
    ("recoveryEmail", Kind::RecoveryEmail, C),
    ("relationships", Kind::Relationships, CU),
    ("restrictedFields", Kind::RestrictedFields, CU),
    ("samba_service_user", Kind::Bool, CU),
    ("ssh_keys", Kind::SshKeys, U),
    ("state", Kind::State, CU),
    ("sudo", Kind::Bool, CU),
    ("suspended", Kind::Bool, CU),
    ("unix_guid", Kind::PositiveInt, CU),
    ("unix_uid", Kind::PositiveInt, CU),
    ("username", Kind::Str(1024), CU),
];

/// The names of the writable fields.
pub fn field_names() -> impl Iterator<Item = &'static str> {
    FIELDS.iter().map(|(name, _, _)| *name)
}

const RESTRICTED_FIELD_NAMES: &[&str] = &[
    "addresses",
    "company",
    "costCenter",
    "department",
    "description",
    "displayname",
    "email",
    "employeeIdentifier",
    "employeeType",
    "firstname",
    "jobTitle",
    "lastname",
    "location",
    "middlename",
    "password",
    "phoneNumbers",
    "sudo",
    "username",
];

fn bad(msg: impl std::fmt::Display) -> ApiError {
    ApiError::bad_request(msg)
}

fn check_str(path: &str, v: &Value, max: usize) -> ApiResult<()> {
    let s = v
        .as_str()
        .ok_or_else(|| bad(format!("{path} must be a string")))?;
    if s.chars().count() > max {
        return Err(bad(format!("{path} must be at most {max} characters long")));
    }
    Ok(())
}

/// Checks an array of objects whose listed members are strings of at most `max` characters.
fn check_objects(name: &str, v: &Value, members: &[(&str, usize)]) -> ApiResult<()> {
    let items = v
        .as_array()
        .ok_or_else(|| bad(format!("{name} must be an array")))?;
    for (i, item) in items.iter().enumerate() {
        let obj = item
            .as_object()
            .ok_or_else(|| bad(format!("{name}[{i}] must be an object")))?;
        for (k, max) in members {
            if let Some(x) = obj.get(*k).filter(|x| !x.is_null()) {
                check_str(&format!("{name}[{i}].{k}"), x, *max)?;
            }
        }
    }
    Ok(())
}

fn check_value(name: &str, kind: Kind, v: &Value, mode: Mode) -> ApiResult<()> {
    match kind {
        Kind::Str(max) => check_str(name, v, max),
        Kind::Bool => v
            .as_bool()
            .map(|_| ())
            .ok_or_else(|| bad(format!("{name} must be a boolean"))),
        Kind::PositiveInt => match v.as_i64() {
            Some(n) if n >= 1 && n <= u32::MAX as i64 => Ok(()),
            _ => Err(bad(format!("{name} must be an integer of at least 1"))),
        },
        Kind::DateTime => match v.as_str() {
            Some(s) if parse_millis(s).is_some() => Ok(()),
            _ => Err(bad(format!("{name} must be an RFC 3339 date-time"))),
        },
        Kind::UserRef => match v.as_str() {
            Some("") => Ok(()),
            Some(s) if is_object_id(s) => Ok(()),
            _ => Err(bad(format!("{name} must be the id of a system user"))),
        },
        Kind::State => {
            let allowed: &[&str] = match mode {
                Mode::Create => &["STAGED", "ACTIVATED", "SUSPENDED"],
                Mode::Update => &["ACTIVATED", "SUSPENDED"],
            };
            match v.as_str() {
                Some(s) if allowed.contains(&s) => Ok(()),
                _ => Err(bad(format!("state must be one of {}", allowed.join(", ")))),
            }
        }
        Kind::Addresses => check_objects(
            name,
            v,
            &[
                ("type", 1024),
                ("poBox", 1024),
                ("extendedAddress", 1024),
                ("streetAddress", 1024),
                ("locality", 1024),
                ("region", 1024),
                ("postalCode", 1024),
                ("country", 1024),
            ],
        ),
        Kind::Phones => check_objects(name, v, &[("number", 1024), ("type", 1024)]),
        Kind::Attributes => check_objects(name, v, &[("name", 1024), ("value", 1024)]),
        Kind::Relationships => check_objects(name, v, &[("type", 1024), ("value", 1024)]),
        Kind::SshKeys => {
            check_objects(name, v, &[("name", 1024), ("public_key", 16384)])?;
            for (i, k) in v.as_array().into_iter().flatten().enumerate() {
                if k.get("public_key")
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty)
                {
                    return Err(bad(format!("{name}[{i}].public_key is required")));
                }
            }
            Ok(())
        }
        Kind::RestrictedFields => {
            check_objects(name, v, &[("field", 32), ("id", 24), ("type", 128)])?;
            for (i, item) in v.as_array().into_iter().flatten().enumerate() {
                if let Some(f) = item.get("field").and_then(Value::as_str) {
                    if !RESTRICTED_FIELD_NAMES.contains(&f) {
                        return Err(bad(format!(
                            "{name}[{i}].field {f:?} is not a restrictable field"
                        )));
                    }
                }
                if let Some(t) = item.get("type").and_then(Value::as_str) {
                    if !["active_directory", "federated_identity_provider", "scim"].contains(&t) {
                        return Err(bad(format!("{name}[{i}].type {t:?} is not allowed")));
                    }
                }
            }
            Ok(())
        }
        Kind::Mfa => {
            let m = v
                .as_object()
                .ok_or_else(|| bad(format!("{name} must be an object")))?;
            for b in ["configured", "exclusion"] {
                if m.get(b).is_some_and(|x| !x.is_boolean() && !x.is_null()) {
                    return Err(bad(format!("{name}.{b} must be a boolean")));
                }
            }
            if let Some(d) = m.get("exclusionDays").filter(|x| !x.is_null()) {
                if exclusion_days(d).is_none() {
                    return Err(bad(format!(
                        "{name}.exclusionDays must be an integer of at least 1"
                    )));
                }
            }
            if let Some(d) = m.get("exclusionUntil").filter(|x| !x.is_null()) {
                if exclusion_until(d).is_none() {
                    return Err(bad(format!(
                        "{name}.exclusionUntil must be an RFC 3339 date-time"
                    )));
                }
            }
            Ok(())
        }
        Kind::RecoveryEmail => {
            let m = v
                .as_object()
                .ok_or_else(|| bad(format!("{name} must be an object")))?;
            match m.get("address") {
                None | Some(Value::Null) => Ok(()),
                Some(a) => check_str(&format!("{name}.address"), a, 1024),
            }
        }
        Kind::Delegated => {
            let m = v
                .as_object()
                .ok_or_else(|| bad(format!("{name} must be an object or null")))?;
            if let Some(n) = m.get("name").filter(|x| !x.is_null()) {
                if n.as_str() != Some("ActiveDirectory") {
                    return Err(bad(format!("{name}.name must be ActiveDirectory")));
                }
            }
            if let Some(id) = m.get("id").filter(|x| !x.is_null()) {
                check_str(&format!("{name}.id"), id, 24)?;
            }
            Ok(())
        }
    }
}

/// `mfa.exclusionDays`: an integer of at least 1, also as a string (`New-JCUser` sends `"7"`).
fn exclusion_days(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .filter(|n| *n >= 1)
}

/// `mfa.exclusionUntil`: RFC 3339, or the `MM/dd/yyyy HH:mm:ss` that `New-JCUser` sends.
fn exclusion_until(v: &Value) -> Option<i64> {
    v.as_str()
        .and_then(|s| parse_millis(s).or_else(|| parse_invariant(s)))
}

/// Stores `mfa` in the return schema's types: `exclusionDays` a number, `exclusionUntil` RFC 3339.
fn normalize_mfa(v: &mut Value) {
    let Some(m) = v.as_object_mut() else { return };
    if let Some(days) = m.get("exclusionDays").and_then(exclusion_days) {
        m.insert("exclusionDays".into(), json!(days));
    }
    if let Some(ms) = m.get("exclusionUntil").and_then(exclusion_until) {
        m.insert("exclusionUntil".into(), json!(format_millis(ms)));
    }
}

/// A validated request body for create or update: known, writable fields only.
#[derive(Debug)]
pub struct UserInput {
    pub fields: Map<String, Value>,
    pub mode: Mode,
}

impl UserInput {
    pub fn parse(body: &Map<String, Value>, mode: Mode) -> ApiResult<Self> {
        let bit = match mode {
            Mode::Create => C,
            Mode::Update => U,
        };
        let mut fields = Map::new();
        for (name, kind, modes) in FIELDS {
            if modes & bit == 0 {
                continue;
            }
            let Some(v) = body.get(*name) else { continue };
            if !v.is_null() {
                check_value(name, *kind, v, mode)?;
            }
            fields.insert(name.to_string(), v.clone());
        }
        let mut input = UserInput { fields, mode };
        input.normalize()?;
        Ok(input)
    }

    fn normalize(&mut self) -> ApiResult<()> {
        if let Some(Value::String(e)) = self.fields.get_mut("email") {
            *e = e.trim().to_lowercase();
            let ok = e.split_once('@').is_some_and(|(l, d)| {
                !l.is_empty()
                    && !d.is_empty()
                    && !d.contains('@')
                    && !e.contains(char::is_whitespace)
            });
            if !ok {
                return Err(bad(format!("email {e:?} is not a valid email address")));
            }
        }
        if let Some(Value::String(u)) = self.fields.get_mut("username") {
            *u = u.trim().to_string();
            if u.is_empty() || u.contains(char::is_whitespace) {
                return Err(bad(format!(
                    "username {u:?} must not be empty or contain spaces"
                )));
            }
        }
        if self.mode == Mode::Create {
            for key in ["username", "email"] {
                if self
                    .fields
                    .get(key)
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty)
                {
                    return Err(bad(format!("{key} is required")));
                }
            }
        }
        let state = self.fields.get("state").and_then(Value::as_str);
        let suspended = self.fields.get("suspended").and_then(Value::as_bool);
        if let (Some(state), Some(suspended)) = (state, suspended) {
            if suspended != (state == "SUSPENDED") {
                return Err(bad(format!(
                    "conflicting state and suspended fields (state={state} suspended={suspended})"
                )));
            }
        }
        Ok(())
    }

    fn str(&self, key: &str) -> Option<&str> {
        self.fields.get(key).and_then(Value::as_str)
    }
}

pub fn wants_password_details(q: &Query) -> bool {
    q.all("fullValidationDetails")
        .any(|v| v.split([',', ' ']).any(|f| f == "password"))
}

/// Checks username / email / employeeIdentifier uniqueness within the org.
fn check_unique(
    store: &Store,
    org: &str,
    input: &UserInput,
    except: Option<&str>,
) -> ApiResult<()> {
    // Username and email through the index (its candidates include every case-insensitive match).
    let others = |key: &str, value: &str| {
        store
            .users
            .candidates(org, key, value)
            .into_iter()
            .filter(|u| Some(u.id()) != except)
    };
    if let Some(name) = input.str("username") {
        let lower = name.to_lowercase();
        if others("username", name).any(|u| {
            u.str_field("username")
                .is_some_and(|x| x.to_lowercase() == lower)
        }) {
            return Err(bad(format!(
                "User already exists: username {name:?} is already taken"
            )));
        }
    }
    if let Some(email) = input.str("email") {
        if others("email", email).any(|u| u.str_field("email") == Some(email)) {
            return Err(bad(format!(
                "User already exists: email {email:?} is already taken"
            )));
        }
    }
    if let Some(eid) = input.str("employeeIdentifier").filter(|e| !e.is_empty()) {
        if store
            .users_of(org)
            .any(|u| Some(u.id()) != except && u.str_field("employeeIdentifier") == Some(eid))
        {
            return Err(bad(format!(
                "employeeIdentifier {eid:?} is already used by another user"
            )));
        }
    }
    Ok(())
}

fn check_manager(store: &Store, org: &str, input: &UserInput, me: Option<&str>) -> ApiResult<()> {
    match input.str("manager").filter(|m| !m.is_empty()) {
        Some(m) if Some(m) == me => Err(bad("a user cannot be their own manager")),
        Some(m) if store.user_in_org(org, m).is_none() => Err(bad(format!(
            "manager {m} is not a system user of this organization"
        ))),
        _ => Ok(()),
    }
}

struct Violation {
    code: &'static str,
    message: String,
}

fn password_violations(
    store: &Store,
    org: &str,
    password: &str,
    username: &str,
    history: &[String],
) -> Vec<Violation> {
    let policy = store
        .org(org)
        .and_then(|o| o.get("settings"))
        .and_then(|s| s.get("passwordPolicy"))
        .cloned()
        .unwrap_or(Value::Null);
    let flag = |k: &str| policy.get(k).and_then(Value::as_bool).unwrap_or(false);
    let num = |k: &str| policy.get(k).and_then(Value::as_i64);
    let mut out = Vec::new();
    let mut add = |code: &'static str, message: String| out.push(Violation { code, message });
    let min = if flag("enableMinLength") {
        num("minLength").unwrap_or(8)
    } else {
        1
    };
    if (password.chars().count() as i64) < min.max(1) {
        add(
            "minLength",
            format!("Password must be at least {min} characters long"),
        );
    }
    if flag("needsLowercase") && !password.chars().any(char::is_lowercase) {
        add(
            "lowercaseCharacter",
            "Password must contain a lowercase letter".into(),
        );
    }
    if flag("needsUppercase") && !password.chars().any(char::is_uppercase) {
        add(
            "uppercaseCharacter",
            "Password must contain an uppercase letter".into(),
        );
    }
    if flag("needsNumeric") && !password.chars().any(|c| c.is_ascii_digit()) {
        add("numericCharacter", "Password must contain a number".into());
    }
    if flag("needsSymbolic")
        && !password
            .chars()
            .any(|c| !c.is_alphanumeric() && !c.is_whitespace())
    {
        add(
            "specialCharacter",
            "Password must contain a special character".into(),
        );
    }
    if !flag("allowUsernameSubstring")
        && !username.is_empty()
        && password.to_lowercase().contains(&username.to_lowercase())
    {
        add(
            "usernameSubstring",
            "Password must not contain the username".into(),
        );
    }
    if flag("enableMaxHistory") {
        let depth = num("maxHistory").unwrap_or(1).clamp(1, 24) as usize;
        if history.iter().rev().take(depth).any(|h| h == password) {
            add(
                "passwordHistory",
                format!("Password must not match any of the last {depth} passwords"),
            );
        }
    }
    out
}

fn check_password(
    store: &Store,
    org: &str,
    password: &str,
    username: &str,
    history: &[String],
    detailed: bool,
) -> ApiResult<()> {
    let v = password_violations(store, org, password, username, history);
    let Some(first) = v.first() else {
        return Ok(());
    };
    if !detailed {
        return Err(bad(&first.message));
    }
    let list: Vec<Value> = v
        .iter()
        .map(|x| json!({"field": "password", "description": x.code}))
        .collect();
    Err(
        ApiError::new(400, "Password validation fail").with_details(json!([{
            "fieldViolationsList": list,
            "@type": "type.googleapis.com/google.rpc.BadRequest"
        }])),
    )
}

/// Writes validated fields into a user document (null or "" manager clears it).
fn apply_fields(store: &mut Store, doc: &mut Doc, fields: &Map<String, Value>) {
    let now = format_millis(now_millis());
    for (k, v) in fields {
        if matches!(k.as_str(), "password" | "state" | "suspended" | "activated") {
            continue;
        }
        if v.is_null() || (k == "manager" && v.as_str() == Some("")) {
            doc.remove(k);
            continue;
        }
        let mut v = v.clone();
        match k.as_str() {
            "addresses" | "phoneNumbers" => {
                for item in v.as_array_mut().into_iter().flatten() {
                    if let Some(o) = item.as_object_mut() {
                        if !o.get("id").is_some_and(Value::is_string) {
                            o.insert("id".into(), json!(store.new_id()));
                        }
                    }
                }
            }
            "ssh_keys" => {
                for item in v.as_array_mut().into_iter().flatten() {
                    if let Some(o) = item.as_object_mut() {
                        if !o.get("_id").is_some_and(Value::is_string) {
                            o.insert("_id".into(), json!(store.new_id()));
                        }
                        o.entry("create_date").or_insert_with(|| json!(now.clone()));
                        o.entry("name").or_insert_with(|| json!(""));
                    }
                }
            }
            "mfa" => normalize_mfa(&mut v),
            "recoveryEmail" => {
                let addr = v.get("address").cloned().unwrap_or(json!(""));
                v = json!({"address": addr, "verified": false});
            }
            _ => {}
        }
        doc.insert(k.clone(), v);
    }
    userdoc::apply_defaults(doc);
}

/// Sets the password of `rec`, whose document (being changed) is `doc`.
fn set_password(store: &Store, org: &str, rec: &mut UserRec, doc: &mut Doc, password: &str) {
    let now = now_millis();
    doc.insert("password_date".into(), json!(format_millis(now)));
    let policy = store
        .org(org)
        .and_then(|o| o.get("settings"))
        .and_then(|s| s.get("passwordPolicy"));
    let days = policy
        .filter(|p| {
            p.get("enablePasswordExpirationInDays")
                .and_then(Value::as_bool)
                == Some(true)
        })
        .and_then(|p| p.get("passwordExpirationInDays"))
        .and_then(Value::as_i64);
    let never = doc.get("password_never_expires").and_then(Value::as_bool) == Some(true);
    let exp = match days {
        Some(d) if !never => json!(format_millis(now + d * 86_400_000)),
        _ => Value::Null,
    };
    doc.insert("password_expiration_date".into(), exp);
    doc.insert("password_expired".into(), json!(false));
    if let Some(old) = rec.password.replace(password.to_string()) {
        rec.password_history.push(old);
        if rec.password_history.len() > 24 {
            rec.password_history.remove(0);
        }
    }
}

/// Options for [`create`] that differ between the V1 endpoint and bulk jobs.
pub struct CreateOpts<'a> {
    pub detailed: bool,
    /// Which `newSystemUserStateDefaults` key decides the state when none is given.
    pub default_state: &'a str,
    pub creation_source: &'a str,
}

pub fn create(
    store: &mut Store,
    org: &str,
    input: UserInput,
    opts: &CreateOpts<'_>,
) -> ApiResult<Doc> {
    check_unique(store, org, &input, None)?;
    check_manager(store, org, &input, None)?;
    let username = input.str("username").unwrap_or_default().to_string();
    let password = input.str("password").map(str::to_string);
    if let Some(pw) = &password {
        check_password(store, org, pw, &username, &[], opts.detailed)?;
    }
    let state = match (
        input.str("state"),
        input.fields.get("suspended").and_then(Value::as_bool),
    ) {
        (Some(s), _) => s.to_string(),
        (None, Some(true)) => "SUSPENDED".to_string(),
        (None, _) => store.default_state(org, opts.default_state),
    };
    let id = store.new_id();
    let unix = userdoc::next_unix_id(store, org);
    let mut doc = userdoc::new_doc(&id, org, &format_millis(now_millis()), unix);
    doc.insert("creationSource".into(), json!(opts.creation_source));
    apply_fields(store, &mut doc, &input.fields);
    userdoc::set_state(&mut doc, &state);
    let mut rec = UserRec::new(org, UserDoc::default());
    if let Some(pw) = &password {
        set_password(store, org, &mut rec, &mut doc, pw);
    }
    rec.set_doc(doc.clone());
    store.users.insert(id, rec);
    Ok(doc)
}

pub fn update(
    store: &mut Store,
    org: &str,
    id: &str,
    input: UserInput,
    detailed: bool,
) -> ApiResult<Doc> {
    let current = store
        .user_in_org(org, id)
        .ok_or_else(|| ApiError::not_found(format!("system user {id}")))?
        .clone();
    check_unique(store, org, &input, Some(id))?;
    check_manager(store, org, &input, Some(id))?;
    let password = input.str("password").map(str::to_string);
    if let Some(pw) = &password {
        let username = input
            .str("username")
            .or(current.str_field("username"))
            .unwrap_or_default();
        let mut history = current.password_history.clone();
        history.extend(current.password.clone());
        check_password(store, org, pw, username, &history, detailed)?;
    }
    let mut rec = current;
    let old_state = rec.str_field("state").unwrap_or("ACTIVATED").to_string();
    let mut doc = rec.to_doc();
    apply_fields(store, &mut doc, &input.fields);
    let new_state = match (
        input.str("state"),
        input.fields.get("suspended").and_then(Value::as_bool),
    ) {
        (Some(s), _) => s.to_string(),
        (None, Some(true)) => "SUSPENDED".to_string(),
        (None, Some(false)) if old_state == "SUSPENDED" => "ACTIVATED".to_string(),
        _ => old_state,
    };
    userdoc::set_state(&mut doc, &new_state);
    if let Some(pw) = &password {
        set_password(store, org, &mut rec, &mut doc, pw);
    }
    rec.set_doc(doc.clone());
    store.users.insert(id.to_string(), rec);
    Ok(doc)
}

pub fn delete(store: &mut Store, org: &str, id: &str, cascade: Option<&str>) -> ApiResult<Doc> {
    let rec = store
        .user_in_org(org, id)
        .ok_or_else(|| ApiError::not_found(format!("system user {id}")))?;
    let doc = rec.to_doc();
    let reports: Vec<String> = store
        .users_of(org)
        .filter(|u| u.str_field("manager") == Some(id))
        .map(|u| u.id().to_string())
        .collect();
    let new_manager = match cascade {
        None if !reports.is_empty() => {
            return Err(ApiError::conflict(format!(
                "Conflict: user {id} is the manager of {} user(s); pass cascade_manager=null to clear their manager or cascade_manager=<userId> to reassign them",
                reports.len()
            ))
            .with_status("FAILED_PRECONDITION"))
        }
        None | Some("null") | Some("") => None,
        Some(m) => {
            if !is_object_id(m) {
                return Err(bad(format!("cascade_manager must be null or a system user id, got {m:?}")));
            }
            if m == id || store.user_in_org(org, m).is_none() {
                return Err(bad(format!("cascade_manager {m} is not another system user of this organization")));
            }
            Some(m.to_string())
        }
    };
    for r in &reports {
        store.users.update(r, |u| {
            u.edit_doc(|d| match &new_manager {
                Some(m) => d.insert("manager".into(), json!(m)),
                None => d.remove("manager"),
            })
        });
    }
    store.users.remove(id);
    for g in store.groups.values_mut() {
        g.members.retain(|m| m != id);
    }
    store
        .assocs
        .retain(|a| !(a.from_type == "user" && a.from_id == id));
    store.userstate_jobs.retain(|_, j| j.user_id != id);
    Ok(doc)
}

pub fn activate(store: &mut Store, org: &str, id: &str) -> ApiResult<()> {
    let rec = store
        .user_in_org(org, id)
        .ok_or_else(|| ApiError::not_found(format!("system user {id}")))?;
    let state = rec.str_field("state").unwrap_or_default().to_string();
    if state != "STAGED" {
        return Err(ApiError::conflict(format!(
            "Conflict: only STAGED users can be activated; user {id} is {state}"
        ))
        .with_status("FAILED_PRECONDITION"));
    }
    store
        .users
        .update(id, |u| u.edit_doc(|d| userdoc::set_state(d, "ACTIVATED")));
    Ok(())
}

/// `state/suspend`: any state becomes SUSPENDED (again suspending is a no-op); returns the user.
pub fn suspend(store: &mut Store, org: &str, id: &str) -> ApiResult<Doc> {
    if store.user_in_org(org, id).is_none() {
        return Err(ApiError::not_found(format!("system user {id}")));
    }
    store
        .users
        .update(id, |u| {
            u.edit_doc(|d| {
                userdoc::set_state(d, "SUSPENDED");
                d.clone()
            })
        })
        .ok_or_else(|| ApiError::not_found(format!("system user {id}")))
}

/// For each of `users`: the ids of the user groups it is a direct member of, in group-id order
/// (as [`groups_of`] gives them), with one pass over the org's groups.
pub fn groups_of_each(store: &Store, org: &str, users: &[&str]) -> Vec<Vec<String>> {
    let slot: HashMap<&str, usize> = users.iter().enumerate().map(|(i, u)| (*u, i)).collect();
    let mut out = vec![Vec::new(); users.len()];
    for (gid, g) in store.groups.iter().filter(|(_, g)| g.org == org) {
        for m in &g.members {
            if let Some(&i) = slot.get(m.as_str()) {
                if out[i].last() != Some(gid) {
                    out[i].push(gid.clone());
                }
            }
        }
    }
    out
}

/// Ids of the user groups `user` is a direct member of.
pub fn groups_of(store: &Store, org: &str, user: &str) -> Vec<String> {
    store
        .groups
        .iter()
        .filter(|(_, g)| g.org == org && g.members.iter().any(|m| m == user))
        .map(|(id, _)| id.clone())
        .collect()
}
