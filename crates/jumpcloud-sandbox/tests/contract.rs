//! Contract tests: every response the sandbox gives (errors too) is validated with a JSON-Schema
//! validator against the response schema that JumpCloud's published specs give for that
//! operation and status. Schemas come from the spec files under shared/jumpcloud-api/spec
//! (override the folder with JUMPCLOUD_SPEC_DIR):
//! * the 2026 Swagger 2.0 copies (jcapi-powershell, `definitions`) first;
//! * then the 2023 OpenAPI 3 copies (baton-jumpcloud, `components/schemas`), which keep the 4xx;
//! * an error status the operation does not document is checked against `Error`
//!   (`ErrorDetails` for 400), the error schema every JumpCloud spec defines.
//!
//! Objects are checked strictly: a property the spec does not define fails the test, so the
//! sandbox cannot drift from the documented shapes.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use common::{start_with, Sb};
use jumpcloud_sandbox::SandboxBuilder;
use reqwest::Method;
use serde_json::{json, Map, Value};

#[derive(Clone, Copy, Debug)]
enum Api {
    V1,
    V2,
}

struct Specs {
    v1: Value,
    v2: Value,
    v1_oas3: Value,
    v2_oas3: Value,
}

fn spec_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("JUMPCLOUD_SPEC_DIR") {
        return PathBuf::from(dir);
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/jumpcloud-api/spec");
    assert!(
        dir.is_dir(),
        "spec folder {} not found; set JUMPCLOUD_SPEC_DIR",
        dir.display()
    );
    dir
}

/// Makes `x-nullable` / `nullable` schemas accept null, so the validator understands them.
fn allow_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (_, child) in m.iter_mut() {
                allow_nulls(child);
            }
            let nullable = m.get("x-nullable").and_then(Value::as_bool) == Some(true)
                || m.get("nullable").and_then(Value::as_bool) == Some(true);
            if nullable {
                if let Some(Value::String(t)) = m.get("type").cloned() {
                    m.insert("type".into(), json!([t, "null"]));
                    if let Some(Value::Array(e)) = m.get_mut("enum") {
                        e.push(Value::Null);
                    }
                } else if m.contains_key("$ref") {
                    let r = m.remove("$ref").unwrap();
                    m.insert("anyOf".into(), json!([{"$ref": r}, {"type": "null"}]));
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(allow_nulls),
        _ => {}
    }
}

/// Refs used inside `allOf`: those schemas must stay open, or the composition could never pass.
fn all_of_refs(v: &Value, out: &mut HashSet<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::Array(parts)) = m.get("allOf") {
                for p in parts {
                    if let Some(r) = p.get("$ref").and_then(Value::as_str) {
                        out.insert(r.rsplit('/').next().unwrap_or(r).to_string());
                    }
                }
            }
            m.values().for_each(|c| all_of_refs(c, out));
        }
        Value::Array(a) => a.iter().for_each(|c| all_of_refs(c, out)),
        _ => {}
    }
}

/// Closes every object schema that lists `properties` and says nothing about extra ones.
fn close_objects(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if m.contains_key("properties")
                && !m.contains_key("additionalProperties")
                && !m.contains_key("allOf")
            {
                m.insert("additionalProperties".into(), json!(false));
            }
            m.values_mut().for_each(close_objects);
        }
        Value::Array(a) => a.iter_mut().for_each(close_objects),
        _ => {}
    }
}

fn prepare(mut spec: Value, defs_path: &[&str]) -> Value {
    allow_nulls(&mut spec);
    let mut open = HashSet::new();
    all_of_refs(&spec, &mut open);
    let mut cur = &mut spec;
    for p in defs_path {
        cur = cur.get_mut(*p).unwrap();
    }
    for (name, schema) in cur.as_object_mut().unwrap().iter_mut() {
        if !open.contains(name) {
            close_objects(schema);
        }
    }
    spec
}

fn specs() -> &'static Specs {
    static SPECS: OnceLock<Specs> = OnceLock::new();
    SPECS.get_or_init(|| {
        let dir = spec_dir();
        let json = |f: &str| -> Value {
            serde_json::from_slice(&std::fs::read(dir.join(f)).unwrap()).unwrap()
        };
        let yaml = |f: &str| -> Value {
            serde_yaml::from_slice(&std::fs::read(dir.join(f)).unwrap()).unwrap()
        };
        Specs {
            v1: prepare(
                json("jcapi-powershell__SwaggerSpecs__JumpCloud.SDK.V1.json"),
                &["definitions"],
            ),
            v2: prepare(
                json("jcapi-powershell__SwaggerSpecs__JumpCloud.SDK.V2.json"),
                &["definitions"],
            ),
            v1_oas3: prepare(
                yaml("baton-jumpcloud__pkg__jcapi1__api__openapi.yaml"),
                &["components", "schemas"],
            ),
            v2_oas3: prepare(
                yaml("baton-jumpcloud__pkg__jcapi2__api__openapi.yaml"),
                &["components", "schemas"],
            ),
        }
    })
}

/// Finds the operation whose path template matches `tpl` (`{}` matches any parameter name).
fn operation<'a>(spec: &'a Value, tpl: &str, method: &Method) -> Option<&'a Value> {
    let want: Vec<&str> = tpl.split('/').collect();
    spec["paths"].as_object()?.iter().find_map(|(path, item)| {
        let got: Vec<&str> = path.split('/').collect();
        let same = got.len() == want.len()
            && got
                .iter()
                .zip(&want)
                .all(|(g, w)| g == w || (*w == "{}" && g.starts_with('{')));
        if same {
            item.get(method.as_str().to_lowercase())
        } else {
            None
        }
    })
}

/// A self-contained schema: `schema` plus the spec's definitions for `$ref`s to resolve.
fn with_defs(schema: &Value, spec: &Value) -> Value {
    let mut root = Map::new();
    if let Value::Object(m) = schema {
        root.extend(m.clone());
    }
    for key in ["definitions", "components"] {
        if let Some(d) = spec.get(key) {
            root.insert(key.into(), d.clone());
        }
    }
    Value::Object(root)
}

/// The schema for a response, or None when the spec documents the status without a body.
fn response_schema(
    api: Api,
    method: &Method,
    tpl: &str,
    status: u16,
) -> Result<Option<Value>, String> {
    let s = specs();
    let (swagger, oas3) = match api {
        Api::V1 => (&s.v1, &s.v1_oas3),
        Api::V2 => (&s.v2, &s.v2_oas3),
    };
    let code = status.to_string();
    let op = operation(swagger, tpl, method);
    let documented = op.and_then(|o| o["responses"].get(&code));
    if let Some(sc) = documented.and_then(|r| r.get("schema")) {
        return Ok(Some(with_defs(sc, swagger)));
    }
    // The 2026 copy lost some bodies in its transform (e.g. state/activate); the 2023 copy has them.
    let op3 = operation(oas3, tpl, method);
    let documented3 = op3.and_then(|o| o["responses"].get(&code));
    if let Some(sc) = documented3.and_then(|r| r.pointer("/content/application~1json/schema")) {
        return Ok(Some(with_defs(sc, oas3)));
    }
    if status < 400 && (documented.is_some() || documented3.is_some()) {
        return Ok(None);
    }
    if status >= 400 {
        let name = if status == 400 {
            "ErrorDetails"
        } else {
            "Error"
        };
        return Ok(Some(with_defs(
            &json!({"$ref": format!("#/components/schemas/{name}")}),
            oas3,
        )));
    }
    if op.is_none() && op3.is_none() {
        return Err(format!("{method} {tpl} is not in the {api:?} specs"));
    }
    Err(format!("{method} {tpl} does not document status {status}"))
}

fn validate(api: Api, method: &Method, tpl: &str, status: u16, body: &Value) {
    let schema = response_schema(api, method, tpl, status).unwrap_or_else(|e| panic!("{e}"));
    let Some(schema) = schema else {
        assert!(
            body.is_null(),
            "{method} {tpl} {status} should have no body, got {body}"
        );
        return;
    };
    check_schema(&schema, &format!("{method} {tpl} {status}"), body);
}

/// Validates against a named definition of the 2026 Swagger copy, for an operation whose path
/// is in the spec but whose operation the copy lost (`/systemusers/{id}/state/suspend`).
fn validate_definition(api: Api, name: &str, body: &Value) {
    let s = specs();
    let swagger = match api {
        Api::V1 => &s.v1,
        Api::V2 => &s.v2,
    };
    assert!(
        swagger["definitions"].get(name).is_some(),
        "no definition {name}"
    );
    let schema = with_defs(&json!({"$ref": format!("#/definitions/{name}")}), swagger);
    check_schema(&schema, name, body);
}

fn check_schema(schema: &Value, what: &str, body: &Value) {
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(schema)
        .unwrap_or_else(|e| panic!("schema for {what} does not compile: {e}"));
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("  at {}: {e}", e.instance_path))
        .take(10)
        .collect();
    assert!(
        errors.is_empty(),
        "{what}: response does not match the spec:\n{}\nbody: {body}",
        errors.join("\n")
    );
}

struct Checker {
    s: Sb,
    count: usize,
}

impl Checker {
    async fn call(
        &mut self,
        api: Api,
        method: Method,
        tpl: &str,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let prefix = match api {
            Api::V1 => "/api",
            Api::V2 => "/api/v2",
        };
        let mut req = self.s.req(method.clone(), &format!("{prefix}{path}"));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let (status, value) = common::send(req).await;
        validate(api, &method, tpl, status, &value);
        self.count += 1;
        (status, value)
    }

    /// A POST with no body whose 2xx answer is checked against the definition `def`.
    async fn post_empty(&mut self, api: Api, tpl: &str, path: &str, def: &str) -> (u16, Value) {
        let req = self.s.req(Method::POST, &format!("/api{path}"));
        let (status, value) = common::send(req).await;
        if status < 400 {
            validate_definition(api, def, &value);
        } else {
            validate(api, &Method::POST, tpl, status, &value);
        }
        self.count += 1;
        (status, value)
    }
}

#[tokio::test]
async fn v1_responses_match_the_spec() {
    let s = start_with(SandboxBuilder::new()).await;
    let org = s.sb.org_id().to_string();
    let mut c = Checker { s, count: 0 };
    use Api::V1;
    let (_, list) = c
        .call(
            V1,
            Method::GET,
            "/systemusers",
            "/systemusers?limit=100",
            None,
        )
        .await;
    c.call(
        V1,
        Method::GET,
        "/systemusers",
        "/systemusers?limit=1000",
        None,
    )
    .await;
    c.call(
        V1,
        Method::GET,
        "/systemusers",
        "/systemusers?fields=email%20username&filter=state:$eq:STAGED",
        None,
    )
    .await;
    c.call(
        V1,
        Method::GET,
        "/systemusers",
        "/systemusers?filter=bogus",
        None,
    )
    .await;
    let first = list["results"][0]["_id"].as_str().unwrap().to_string();
    let boss = list["results"][1]["_id"].as_str().unwrap().to_string();
    c.call(
        V1,
        Method::GET,
        "/systemusers/{}",
        &format!("/systemusers/{first}"),
        None,
    )
    .await;
    c.call(
        V1,
        Method::GET,
        "/systemusers/{}",
        "/systemusers/0123456789abcdef01234567",
        None,
    )
    .await;
    c.call(V1, Method::GET, "/systemusers/{}", "/systemusers/123", None)
        .await;
    let new = json!({"username": "contract", "email": "Contract@Example.com", "password": "Val1d!Passw0rd",
        "addresses": [{"type": "work", "locality": "Boulder"}], "attributes": [{"name": "team", "value": "blue"}],
        "mfa": {"exclusion": true, "exclusionDays": 7}, "recoveryEmail": {"address": "r@example.org"}, "manager": boss});
    let (code, created) = c
        .call(
            V1,
            Method::POST,
            "/systemusers",
            "/systemusers",
            Some(new.clone()),
        )
        .await;
    assert_eq!(code, 200);
    let id = created["_id"].as_str().unwrap().to_string();
    c.call(V1, Method::POST, "/systemusers", "/systemusers", Some(new))
        .await;
    c.call(
        V1,
        Method::POST,
        "/systemusers",
        "/systemusers?fullValidationDetails=password",
        Some(json!({"username": "w", "email": "w@example.com", "password": "weak"})),
    )
    .await;
    c.call(V1, Method::PUT, "/systemusers/{}", &format!("/systemusers/{id}"), Some(json!({"state": "SUSPENDED", "ssh_keys": [{"name": "k", "public_key": "ssh-ed25519 AAAA"}]}))).await;
    c.call(
        V1,
        Method::PUT,
        "/systemusers/{}",
        &format!("/systemusers/{id}"),
        Some(json!({"state": "STAGED"})),
    )
    .await;
    c.call(
        V1,
        Method::POST,
        "/search/systemusers",
        "/search/systemusers",
        Some(json!({"filter": [{"department": "IT"}], "fields": "email username sudo"})),
    )
    .await;
    c.call(V1, Method::POST, "/search/systemusers", "/search/systemusers", Some(json!({"searchFilter": {"searchTerm": ["a", "e"], "fields": ["username"]}, "limit": 1000}))).await;
    c.call(
        V1,
        Method::POST,
        "/search/systemusers",
        "/search/systemusers",
        Some(json!({"filter": "nope"})),
    )
    .await;
    // Request shapes of existing clients (tests/clients.rs).
    let name = list["results"][2]["username"].as_str().unwrap().to_string();
    let (code, _) = c
        .call(
            V1,
            Method::GET,
            "/systemusers",
            &format!("/systemusers?filter=username:eq:{name}&fields=_id&limit=100&skip=0"),
            None,
        )
        .await;
    assert_eq!(code, 200);
    c.call(
        V1,
        Method::GET,
        "/systemusers/{}",
        &format!("/Systemusers/{first}?limit=1000&skip=0"),
        None,
    )
    .await;
    c.call(
        V1,
        Method::PUT,
        "/systemusers/{}",
        &format!("/Systemusers/{first}"),
        Some(json!({"state": "ACTIVATED", "suspended": false})),
    )
    .await;
    c.call(
        V1,
        Method::POST,
        "/search/systemusers",
        "/search/systemusers",
        Some(
            json!({"filter": {"or": [format!("_id:$eq:{first}"), format!("_id:$eq:{boss}")]},
            "fields": "firstname lastname email username _id"}),
        ),
    )
    .await;
    let (code, _) = c
        .call(
            V1,
            Method::POST,
            "/systemusers",
            "/systemusers",
            Some(
                json!({"username": "mfa1", "email": "mfa1@example.com", "state": "STAGED",
                "suspended": false, "mfa": {"exclusion": true, "exclusionDays": "7"}}),
            ),
        )
        .await;
    assert_eq!(code, 200);
    let (code, _) = c
        .call(
            V1,
            Method::POST,
            "/systemusers",
            "/systemusers",
            Some(json!({"username": "mfa2", "email": "mfa2@example.com",
                "mfa": {"exclusion": true, "exclusionUntil": "09/20/2030 13:45:12"}})),
        )
        .await;
    assert_eq!(code, 200);
    let suspend = "/systemusers/{}/state/suspend";
    let (code, _) = c
        .post_empty(
            V1,
            suspend,
            &format!("/systemusers/{first}/state/suspend"),
            "systemuserreturn",
        )
        .await;
    assert_eq!(code, 200);
    let (code, _) = c
        .post_empty(
            V1,
            suspend,
            "/systemusers/0123456789abcdef01234567/state/suspend",
            "systemuserreturn",
        )
        .await;
    assert_eq!(code, 404);
    c.s.org = Some(String::new());
    let (code, _) = c
        .call(V1, Method::GET, "/systemusers", "/systemusers", None)
        .await;
    assert_eq!(code, 200);
    c.s.org = None;
    let (_, staged) = c
        .call(
            V1,
            Method::POST,
            "/systemusers",
            "/systemusers",
            Some(json!({"username": "stg", "email": "stg@example.com", "state": "STAGED"})),
        )
        .await;
    let sid = staged["_id"].as_str().unwrap().to_string();
    c.call(
        V1,
        Method::POST,
        "/systemusers/{}/state/activate",
        &format!("/systemusers/{sid}/state/activate"),
        Some(json!({"email": false})),
    )
    .await;
    c.call(
        V1,
        Method::POST,
        "/systemusers/{}/state/activate",
        &format!("/systemusers/{sid}/state/activate"),
        Some(json!({})),
    )
    .await;
    c.call(
        V1,
        Method::DELETE,
        "/systemusers/{}",
        &format!("/systemusers/{boss}"),
        None,
    )
    .await;
    c.call(
        V1,
        Method::DELETE,
        "/systemusers/{}",
        &format!("/systemusers/{boss}?cascade_manager=null"),
        None,
    )
    .await;
    c.call(
        V1,
        Method::DELETE,
        "/systemusers/{}",
        &format!("/systemusers/{id}"),
        None,
    )
    .await;
    c.call(V1, Method::GET, "/organizations", "/organizations", None)
        .await;
    c.call(
        V1,
        Method::GET,
        "/organizations/{}",
        &format!("/organizations/{org}"),
        None,
    )
    .await;
    c.call(
        V1,
        Method::GET,
        "/organizations/{}",
        "/organizations/0123456789abcdef01234567",
        None,
    )
    .await;
    c.call(
        V1,
        Method::PUT,
        "/organizations/{}",
        &format!("/organizations/{org}"),
        Some(json!({"settings": {"newSystemUserStateDefaults": {"manualEntry": "STAGED"}}})),
    )
    .await;
    // Unauthenticated.
    let (code, body) = common::send(c.s.http.get(c.s.url("/api/systemusers"))).await;
    validate(V1, &Method::GET, "/systemusers", code, &body);
    assert!(c.count >= 34);
}

#[tokio::test]
async fn v2_responses_match_the_spec() {
    let s = start_with(SandboxBuilder::new()).await;
    let mut c = Checker { s, count: 0 };
    use Api::V2;
    let (_, dirs) = c
        .call(V2, Method::GET, "/directories", "/directories", None)
        .await;
    let find = |k: &str| {
        dirs.as_array()
            .unwrap()
            .iter()
            .find(|d| d["type"] == k)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (g, o, l) = (find("g_suite"), find("office_365"), find("ldap_server"));
    c.call(
        V2,
        Method::GET,
        "/gsuites/{}",
        &format!("/gsuites/{g}"),
        None,
    )
    .await;
    c.call(
        V2,
        Method::GET,
        "/gsuites/{}",
        &format!("/gsuites/{o}"),
        None,
    )
    .await;
    c.call(
        V2,
        Method::PATCH,
        "/gsuites/{}",
        &format!("/gsuites/{g}"),
        Some(json!({"userLockoutAction": "maintain"})),
    )
    .await;
    c.call(
        V2,
        Method::GET,
        "/office365s/{}",
        &format!("/office365s/{o}"),
        None,
    )
    .await;
    c.call(
        V2,
        Method::PATCH,
        "/office365s/{}",
        &format!("/office365s/{o}"),
        Some(json!({"groupsEnabled": true})),
    )
    .await;
    c.call(
        V2,
        Method::GET,
        "/gsuites/{}/import/users",
        &format!("/gsuites/{g}/import/users?maxResults=5"),
        None,
    )
    .await;
    c.call(
        V2,
        Method::GET,
        "/gsuites/{}/import/users",
        &format!("/gsuites/{g}/import/users?pageToken=x"),
        None,
    )
    .await;
    c.call(
        V2,
        Method::GET,
        "/gsuites/{}/import/jumpcloudusers",
        &format!("/gsuites/{g}/import/jumpcloudusers?maxResults=5"),
        None,
    )
    .await;
    c.call(
        V2,
        Method::GET,
        "/office365s/{}/import/users",
        &format!("/office365s/{o}/import/users?top=5"),
        None,
    )
    .await;
    let (_, by_name) = c
        .call(
            V2,
            Method::GET,
            "/directories",
            "/directories?filter=name:eq:Google%20Workspace&fields=id&limit=100&skip=0",
            None,
        )
        .await;
    assert_eq!(by_name.as_array().unwrap().len(), 1);
    for path in [
        "/groups?limit=100&skip=0",
        "/groups?filter=type:eq:user_group",
        "/groups?filter=type:eq:system_group",
        "/groups?fields=name&sort=-name",
    ] {
        let (code, _) = c.call(V2, Method::GET, "/groups", path, None).await;
        assert_eq!(code, 200);
    }
    let (code, _) = c
        .call(V2, Method::GET, "/groups", "/groups?limit=101", None)
        .await;
    assert_eq!(code, 400);
    let (_, users) = c
        .call(
            V2,
            Method::GET,
            "/usergroups",
            "/usergroups?limit=100",
            None,
        )
        .await;
    let gid = users[0]["id"].as_str().unwrap().to_string();
    let (_, grp) = c
        .call(
            V2,
            Method::POST,
            "/usergroups",
            "/usergroups",
            Some(json!({"name": "Contract", "membershipMethod": "STATIC"})),
        )
        .await;
    c.call(
        V2,
        Method::POST,
        "/usergroups",
        "/usergroups",
        Some(json!({"name": "Contract"})),
    )
    .await;
    let new_gid = grp["id"].as_str().unwrap().to_string();
    c.call(
        V2,
        Method::GET,
        "/usergroups/{}",
        &format!("/usergroups/{gid}"),
        None,
    )
    .await;
    c.call(
        V2,
        Method::PUT,
        "/usergroups/{}",
        &format!("/usergroups/{new_gid}"),
        Some(json!({"name": "Contract 2"})),
    )
    .await;
    let (_, members) = c
        .call(
            V2,
            Method::GET,
            "/usergroups/{}/members",
            &format!("/usergroups/{gid}/members?limit=100"),
            None,
        )
        .await;
    let uid = members[0]["to"]["id"].as_str().unwrap().to_string();
    c.call(
        V2,
        Method::POST,
        "/usergroups/{}/members",
        &format!("/usergroups/{new_gid}/members"),
        Some(json!({"op": "add", "type": "user", "id": uid})),
    )
    .await;
    c.call(
        V2,
        Method::POST,
        "/usergroups/{}/members",
        &format!("/usergroups/{new_gid}/members"),
        Some(json!({"op": "add", "type": "user", "id": uid})),
    )
    .await;
    c.call(
        V2,
        Method::DELETE,
        "/usergroups/{}",
        &format!("/usergroups/{new_gid}"),
        None,
    )
    .await;
    c.call(
        V2,
        Method::POST,
        "/users/{}/associations",
        &format!("/users/{uid}/associations"),
        Some(json!({"op": "add", "type": "office_365", "id": o})),
    )
    .await;
    c.call(
        V2,
        Method::POST,
        "/users/{}/associations",
        &format!("/users/{uid}/associations"),
        Some(json!({"op": "add", "type": "office_365", "id": o})),
    )
    .await;
    c.call(
        V2,
        Method::GET,
        "/users/{}/associations",
        &format!("/users/{uid}/associations?targets=office_365,g_suite"),
        None,
    )
    .await;
    c.call(
        V2,
        Method::GET,
        "/users/{}/associations",
        &format!("/users/{uid}/associations"),
        None,
    )
    .await;
    c.call(
        V2,
        Method::POST,
        "/gsuites/{}/associations",
        &format!("/gsuites/{g}/associations"),
        Some(json!({"op": "add", "type": "user", "id": uid})),
    )
    .await;
    c.call(
        V2,
        Method::GET,
        "/gsuites/{}/associations",
        &format!("/gsuites/{g}/associations?targets=user,user_group"),
        None,
    )
    .await;
    c.call(
        V2,
        Method::GET,
        "/office365s/{}/associations",
        &format!("/office365s/{o}/associations?targets=user"),
        None,
    )
    .await;
    c.call(
        V2,
        Method::POST,
        "/ldapservers/{}/associations",
        &format!("/ldapservers/{l}/associations"),
        Some(json!({"op": "add", "type": "user_group", "id": gid})),
    )
    .await;
    c.call(
        V2,
        Method::GET,
        "/users/{}/directories",
        &format!("/users/{uid}/directories"),
        None,
    )
    .await;
    c.call(
        V2,
        Method::GET,
        "/users/{}/memberof",
        &format!("/users/{uid}/memberof"),
        None,
    )
    .await;
    c.call(
        V2,
        Method::GET,
        "/gsuites/{}/users",
        &format!("/gsuites/{g}/users"),
        None,
    )
    .await;
    c.call(
        V2,
        Method::GET,
        "/office365s/{}/users",
        &format!("/office365s/{o}/users"),
        None,
    )
    .await;
    let (_, job) = c
        .call(
            V2,
            Method::POST,
            "/bulk/users",
            "/bulk/users",
            Some(json!([{"username": "b1", "email": "b1@example.com"}, {"email": "x"}])),
        )
        .await;
    let job = job["jobId"].as_str().unwrap().to_string();
    c.call(
        V2,
        Method::GET,
        "/bulk/users/{}/results",
        &format!("/bulk/users/{job}/results"),
        None,
    )
    .await;
    c.call(
        V2,
        Method::PATCH,
        "/bulk/users",
        "/bulk/users",
        Some(json!([{"id": uid, "jobTitle": "Lead"}])),
    )
    .await;
    c.call(
        V2,
        Method::POST,
        "/bulk/users",
        "/bulk/users",
        Some(json!({})),
    )
    .await;
    let (_, sched) = c.call(V2, Method::POST, "/bulk/userstates", "/bulk/userstates", Some(json!({"user_ids": [uid], "state": "SUSPENDED", "start_date": "2099-05-01T00:00:00Z"}))).await;
    c.call(
        V2,
        Method::POST,
        "/bulk/userstates",
        "/bulk/userstates",
        Some(json!({"user_ids": [], "state": "SUSPENDED"})),
    )
    .await;
    c.call(
        V2,
        Method::GET,
        "/bulk/userstates",
        "/bulk/userstates",
        None,
    )
    .await;
    let sj = sched[0]["scheduledJobId"].as_str().unwrap().to_string();
    c.call(
        V2,
        Method::DELETE,
        "/bulk/userstates/{}",
        &format!("/bulk/userstates/{sj}"),
        None,
    )
    .await;
    c.call(
        V2,
        Method::DELETE,
        "/bulk/userstates/{}",
        &format!("/bulk/userstates/{sj}"),
        None,
    )
    .await;
    assert!(c.count >= 46);
}

#[tokio::test]
async fn knob_and_tenant_errors_match_the_spec() {
    // 429 from the rate limiter.
    let s = start_with(SandboxBuilder::new().rate_limit(1.0)).await;
    let mut saw = false;
    for _ in 0..4 {
        let (code, body) = s.get("/api/systemusers").await;
        validate(Api::V1, &Method::GET, "/systemusers", code, &body);
        saw |= code == 429;
    }
    assert!(saw);
    // 5xx from the fault knob.
    let s = start_with(SandboxBuilder::new().fault_rate(1.0)).await;
    let (code, body) = s.get("/api/v2/directories").await;
    assert!(code >= 500);
    validate(Api::V2, &Method::GET, "/directories", code, &body);
    // Multi-tenant header errors.
    let mut s = start_with(SandboxBuilder::new().multi_tenant_orgs(2).seed_users(2)).await;
    for org in [
        None,
        Some(""),
        Some("bad"),
        Some("0123456789abcdef01234567"),
    ] {
        s.org = org.map(str::to_string);
        let (code, body) = s.get("/api/systemusers").await;
        assert!(code >= 400);
        validate(Api::V1, &Method::GET, "/systemusers", code, &body);
    }
    s.org = Some(s.sb.org_id().to_string());
    let (code, body) = s.get("/api/organizations").await;
    assert_eq!(code, 403);
    validate(Api::V1, &Method::GET, "/organizations", code, &body);
}

#[test]
fn the_validator_rejects_what_the_spec_does_not_allow() {
    let bad_type = json!({"totalCount": "forty", "results": []});
    let extra_field = json!({"totalCount": 1, "results": [{"_id": "x", "notInSpec": true}]});
    let bad_enum = json!({"totalCount": 1, "results": [{"_id": "x", "state": "DELETED"}]});
    for body in [bad_type, extra_field, bad_enum] {
        let caught = std::panic::catch_unwind(|| {
            validate(Api::V1, &Method::GET, "/systemusers", 200, &body)
        });
        assert!(caught.is_err(), "accepted {body}");
    }
    let no_such_status = std::panic::catch_unwind(|| {
        validate(Api::V1, &Method::GET, "/systemusers", 201, &json!({}))
    });
    assert!(no_such_status.is_err());
    validate(
        Api::V1,
        &Method::GET,
        "/systemusers",
        200,
        &json!({"totalCount": 0, "results": []}),
    );
}
