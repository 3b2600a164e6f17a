//! `/api/v2/directories`, `/gsuites/{id}`, `/office365s/{id}` and their import listings.

use axum::body::Bytes;
use axum::extract::RawQuery;
use axum::response::Response;
use axum::{Extension, Json};
use serde_json::{json, Map, Value};

use super::v2common::{as_map, V2List};
use super::{json_object, object_id, PathId, St};
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::query::Query;
use crate::store::{DirectoryRec, ExternalPerson, Store};

/// The `Directory` object of `GET /directories`.
fn directory_json(d: &DirectoryRec) -> Map<String, Value> {
    let mut m = as_map(json!({"id": d.id, "name": d.name, "type": d.kind}));
    if let Some(dd) = d.extra.get("defaultDomain") {
        m.insert("defaultDomain".into(), dd.clone());
    }
    m
}

/// The `GSuite` / `Office 365` object.
fn detail_json(d: &DirectoryRec) -> Value {
    let mut m = as_map(json!({"id": d.id, "name": d.name}));
    for (k, v) in &d.extra {
        m.insert(k.clone(), v.clone());
    }
    Value::Object(m)
}

/// `GET /api/v2/directories`
pub async fn list(
    st: St,
    Extension(ctx): Extension<Ctx>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let mut p = V2List::parse(&Query::parse(raw.as_deref()))?;
    // `Directory` requires id, name and type, so `fields` never drops them (JumpCloud's module
    // asks for `fields=id` and then picks the directory by its `type`).
    if let Some(fields) = p.fields.as_mut() {
        fields.extend(["name".to_string(), "type".to_string()]);
    }
    let docs: Vec<Map<String, Value>> = st
        .read()
        .directories
        .values()
        .filter(|d| d.org == ctx.org)
        .map(directory_json)
        .collect();
    Ok(p.respond(&docs))
}

pub fn find<'a>(store: &'a Store, org: &str, id: &str, kind: &str) -> ApiResult<&'a DirectoryRec> {
    object_id(id, kind)?;
    store
        .directory_in_org(org, id)
        .filter(|d| d.kind == kind)
        .ok_or_else(|| ApiError::not_found(format!("{kind} {id}")))
}

/// `GET /api/v2/gsuites/{id}`
pub async fn gsuite_get(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
) -> ApiResult<Json<Value>> {
    let store = st.read();
    Ok(Json(detail_json(find(&store, &ctx.org, &id, "g_suite")?)))
}

/// `GET /api/v2/office365s/{id}`
pub async fn office365_get(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
) -> ApiResult<Json<Value>> {
    let store = st.read();
    Ok(Json(detail_json(find(
        &store,
        &ctx.org,
        &id,
        "office_365",
    )?)))
}

async fn patch(
    st: St,
    ctx: Ctx,
    id: String,
    body: Bytes,
    kind: &'static str,
) -> ApiResult<Json<Value>> {
    let body = json_object(&body)?;
    let expiration: &[&str] = if kind == "g_suite" {
        &["suspend", "maintain", "remove_access"]
    } else {
        &["suspend", "maintain"]
    };
    let mut changes = Map::new();
    for (k, v) in &body {
        match k.as_str() {
            "id" => {}
            "name" => {
                v.as_str()
                    .ok_or_else(|| ApiError::bad_request("name must be a string"))?;
                changes.insert(k.clone(), v.clone());
            }
            "groupsEnabled" => {
                v.as_bool()
                    .ok_or_else(|| ApiError::bad_request("groupsEnabled must be a boolean"))?;
                changes.insert(k.clone(), v.clone());
            }
            "userLockoutAction" | "userPasswordExpirationAction" => {
                let allowed: &[&str] = if k == "userLockoutAction" {
                    &["suspend", "maintain"]
                } else {
                    expiration
                };
                if !v.as_str().is_some_and(|s| allowed.contains(&s)) {
                    return Err(ApiError::bad_request(format!(
                        "{k} must be one of {}",
                        allowed.join(", ")
                    )));
                }
                changes.insert(k.clone(), v.clone());
            }
            "defaultDomain" => {
                let m = v
                    .as_object()
                    .ok_or_else(|| ApiError::bad_request("defaultDomain must be an object"))?;
                changes.insert(k.clone(), Value::Object(m.clone()));
            }
            _ => {}
        }
    }
    let doc = st
        .mutate(|store| {
            find(store, &ctx.org, &id, kind)?;
            let d = store
                .directories
                .get_mut(&id)
                .ok_or_else(|| ApiError::not_found(format!("{kind} {id}")))?;
            for (k, v) in changes {
                match k.as_str() {
                    "name" => d.name = v.as_str().unwrap_or_default().to_string(),
                    "defaultDomain" => {
                        let keep = d.extra.get("defaultDomain").cloned();
                        match v.get("id").and_then(Value::as_str) {
                            None => {
                                d.extra.remove("defaultDomain");
                            }
                            Some(new_id) => {
                                let domain = keep
                                    .as_ref()
                                    .filter(|k| k.get("id").and_then(Value::as_str) == Some(new_id))
                                    .and_then(|k| k.get("domain").cloned())
                                    .unwrap_or(json!(""));
                                d.extra.insert(k, json!({"id": new_id, "domain": domain}));
                            }
                        }
                    }
                    _ => {
                        d.extra.insert(k, v);
                    }
                }
            }
            Ok(detail_json(d))
        })
        .await?;
    Ok(Json(doc))
}

/// `PATCH /api/v2/gsuites/{id}`
pub async fn gsuite_patch(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    patch(st, ctx, id, body, "g_suite").await
}

/// `PATCH /api/v2/office365s/{id}`
pub async fn office365_patch(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    patch(st, ctx, id, body, "office_365").await
}

/// Opaque page tokens: the offset, hex-encoded behind a prefix.
fn encode_token(offset: usize) -> String {
    format!("sbx{:x}", offset.wrapping_mul(31).wrapping_add(7))
}

fn decode_token(name: &str, token: Option<&str>) -> ApiResult<usize> {
    let Some(t) = token.filter(|t| !t.is_empty()) else {
        return Ok(0);
    };
    t.strip_prefix("sbx")
        .and_then(|h| usize::from_str_radix(h, 16).ok())
        .filter(|n| *n >= 7 && (n - 7) % 31 == 0)
        .map(|n| (n - 7) / 31)
        .ok_or_else(|| ApiError::bad_request(format!("invalid {name} {t:?}")))
}

/// A simple form of Google's / Graph's search: `field:value*` or free text, case-insensitive.
fn person_matches(p: &ExternalPerson, query: Option<&str>) -> bool {
    let Some(q) = query.map(str::trim).filter(|q| !q.is_empty()) else {
        return true;
    };
    let clean = |s: &str| s.trim_matches(['\'', '"', '*']).to_lowercase();
    let fields = |name: &str| -> Vec<&str> {
        match name.to_lowercase().as_str() {
            "email" | "primaryemail" | "userprincipalname" | "mail" => vec![&p.email],
            "givenname" | "firstname" => vec![&p.firstname],
            "familyname" | "surname" | "lastname" => vec![&p.lastname],
            "displayname" | "name" => vec![&p.firstname, &p.lastname],
            _ => vec![],
        }
    };
    q.split_whitespace()
        .all(|term| match term.split_once([':', '=']) {
            Some((f, v)) => {
                let v = clean(v);
                fields(f).iter().any(|x| x.to_lowercase().contains(&v))
            }
            None => {
                let v = clean(term);
                [&p.email, &p.firstname, &p.lastname]
                    .iter()
                    .any(|x| x.to_lowercase().contains(&v))
            }
        })
}

struct ImportPage {
    people: Vec<ExternalPerson>,
    next: Option<usize>,
}

fn import_page(
    store: &Store,
    dir: &str,
    query: Option<&str>,
    order: Option<(&str, bool)>,
    offset: usize,
    size: usize,
) -> ImportPage {
    let mut people: Vec<ExternalPerson> = store
        .external_people
        .get(dir)
        .into_iter()
        .flatten()
        .filter(|p| person_matches(p, query))
        .cloned()
        .collect();
    if let Some((field, desc)) = order {
        people.sort_by(|a, b| {
            let key = |p: &ExternalPerson| match field {
                "givenName" => p.firstname.to_lowercase(),
                "familyName" => p.lastname.to_lowercase(),
                _ => p.email.clone(),
            };
            let o = key(a).cmp(&key(b));
            if desc {
                o.reverse()
            } else {
                o
            }
        });
    }
    let total = people.len();
    let page: Vec<ExternalPerson> = people.into_iter().skip(offset).take(size).collect();
    let next = (offset + size < total).then_some(offset + size);
    ImportPage { people: page, next }
}

/// Sort field and whether it is descending.
type Order<'a> = Option<(&'a str, bool)>;

fn google_params(q: &Query) -> ApiResult<(usize, usize, Order<'_>)> {
    let size = q.int("maxResults", 100, 1, Some(500))? as usize;
    let offset = decode_token("pageToken", q.get("pageToken"))?;
    let order = match q.get("orderBy").filter(|s| !s.is_empty()) {
        None => None,
        Some(f @ ("email" | "givenName" | "familyName")) => {
            let desc = match q.get("sortOrder").filter(|s| !s.is_empty()) {
                None => false,
                Some(s) if s.eq_ignore_ascii_case("ascending") => false,
                Some(s) if s.eq_ignore_ascii_case("descending") => true,
                Some(s) => {
                    return Err(ApiError::bad_request(format!(
                        "sortOrder must be ASCENDING or DESCENDING, got {s:?}"
                    )))
                }
            };
            Some((f, desc))
        }
        Some(f) => {
            return Err(ApiError::bad_request(format!(
                "orderBy must be email, givenName or familyName, got {f:?}"
            )))
        }
    };
    Ok((size, offset, order))
}

/// `GET /api/v2/gsuites/{id}/import/users` (Google Directory API paging).
pub async fn gsuite_import_users(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Value>> {
    let q = Query::parse(raw.as_deref());
    let (size, offset, order) = google_params(&q)?;
    let store = st.read();
    find(&store, &ctx.org, &id, "g_suite")?;
    let page = import_page(
        &store,
        &id,
        q.get("query"),
        order.or(Some(("email", false))),
        offset,
        size,
    );
    let users: Vec<Value> = page
        .people
        .iter()
        .map(|p| json!({"id": p.external_id, "primaryEmail": p.email, "givenName": p.firstname, "familyName": p.lastname}))
        .collect();
    let mut out = as_map(json!({"users": users}));
    if let Some(n) = page.next {
        out.insert("nextPageToken".into(), json!(encode_token(n)));
    }
    Ok(Json(Value::Object(out)))
}

/// `GET /api/v2/gsuites/{id}/import/jumpcloudusers`: the same people in JumpCloud's user shape.
pub async fn gsuite_import_jumpcloudusers(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Value>> {
    let q = Query::parse(raw.as_deref());
    let (size, offset, order) = google_params(&q)?;
    let allow_empty = q.bool("allowEmptyFields")?.unwrap_or(false);
    let store = st.read();
    find(&store, &ctx.org, &id, "g_suite")?;
    let company = store
        .org(&ctx.org)
        .and_then(|o| o.get("displayName"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let page = import_page(
        &store,
        &id,
        q.get("query"),
        order.or(Some(("email", false))),
        offset,
        size,
    );
    let users: Vec<Value> = page
        .people
        .iter()
        .map(|p| {
            let mut m = Map::new();
            for (k, v) in [
                ("email", &p.email),
                ("firstname", &p.firstname),
                ("lastname", &p.lastname),
                ("company", &company),
                ("department", &p.department),
                ("jobTitle", &p.job_title),
                ("location", &p.location),
                ("employeeIdentifier", &p.employee_identifier),
                ("alternateEmail", &String::new()),
                ("costCenter", &String::new()),
                ("employeeType", &String::new()),
            ] {
                if allow_empty || !v.is_empty() {
                    m.insert(k.into(), json!(v));
                }
            }
            m.insert(
                "phoneNumbers".into(),
                json!([{"type": "work", "number": p.phone}]),
            );
            m.insert("addresses".into(), json!([]));
            Value::Object(m)
        })
        .collect();
    let mut out = as_map(json!({"users": users}));
    if let Some(n) = page.next {
        out.insert("nextPageToken".into(), json!(encode_token(n)));
    }
    Ok(Json(Value::Object(out)))
}

/// `GET /api/v2/office365s/{id}/import/users` (Microsoft Graph paging: `top` / `skipToken`).
pub async fn office365_import_users(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Value>> {
    let q = Query::parse(raw.as_deref());
    let top = q.int("top", 100, 1, Some(999))? as usize;
    let offset = decode_token("skipToken", q.get("skipToken"))?;
    let query = q.get("search").or(q.get("filter"));
    let order = match q.get("orderby").filter(|s| !s.is_empty()) {
        None => Some(("email", false)),
        Some(spec) => {
            let mut parts = spec.split_whitespace();
            let field = match parts.next().unwrap_or_default() {
                "userPrincipalName" | "mail" => "email",
                "givenName" => "givenName",
                "surname" => "familyName",
                "displayName" => "givenName",
                other => return Err(ApiError::bad_request(format!("cannot order by {other:?}"))),
            };
            Some((
                field,
                parts.next().is_some_and(|d| d.eq_ignore_ascii_case("desc")),
            ))
        }
    };
    let store = st.read();
    find(&store, &ctx.org, &id, "office_365")?;
    let page = import_page(&store, &id, query, order, offset, top);
    let users: Vec<Value> = page
        .people
        .iter()
        .map(|p| json!({"id": p.external_id, "userPrincipalName": p.email, "givenName": p.firstname, "surname": p.lastname}))
        .collect();
    let mut out = as_map(json!({"top": top, "users": users}));
    if let Some(n) = page.next {
        out.insert("skipToken".into(), json!(encode_token(n)));
    }
    Ok(Json(Value::Object(out)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip() {
        for n in [0, 1, 25, 1000] {
            assert_eq!(decode_token("t", Some(&encode_token(n))).ok(), Some(n));
        }
        assert!(decode_token("t", Some("garbage")).is_err());
        assert!(decode_token("t", Some("sbx9")).is_err());
    }
}
