//! `/api/v2/usergroups` and their members.

use axum::body::Bytes;
use axum::extract::RawQuery;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::{json, Map, Value};

use super::v2common::{array_response, connection, V2List};
use super::{json_object, object_id, PathId, St};
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::query::Query;
use crate::store::{GroupRec, Store};

const METHODS: &[&str] = &[
    "NOTSET",
    "STATIC",
    "DYNAMIC_REVIEW_REQUIRED",
    "DYNAMIC_AUTOMATED",
];

/// Validates a `UserGroupPost` / `UserGroupPut` body; returns the writable fields.
fn group_fields(body: &Map<String, Value>) -> ApiResult<Map<String, Value>> {
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| ApiError::bad_request("name is required"))?;
    let mut out = Map::new();
    out.insert("name".into(), json!(name));
    for (k, v) in body {
        if v.is_null() {
            continue;
        }
        let ok = match k.as_str() {
            "description" | "email" => v.is_string(),
            "attributes" | "memberQuery" => v.is_object(),
            "memberQueryExemptions" => v.is_array(),
            "memberSuggestionsNotify" => v.is_boolean(),
            "membershipMethod" => v.as_str().is_some_and(|m| METHODS.contains(&m)),
            _ => continue,
        };
        if !ok {
            return Err(ApiError::bad_request(format!("invalid value for {k}")));
        }
        out.insert(k.clone(), v.clone());
    }
    Ok(out)
}

fn find<'a>(store: &'a Store, org: &str, id: &str) -> ApiResult<&'a GroupRec> {
    object_id(id, "user group")?;
    store
        .group_in_org(org, id)
        .ok_or_else(|| ApiError::not_found(format!("user group {id}")))
}

fn name_taken(store: &Store, org: &str, name: &str, except: Option<&str>) -> bool {
    store.groups.iter().any(|(id, g)| {
        g.org == org
            && Some(id.as_str()) != except
            && g.doc.get("name").and_then(Value::as_str) == Some(name)
    })
}

/// `GET /api/v2/usergroups`
pub async fn list(
    st: St,
    Extension(ctx): Extension<Ctx>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let p = V2List::parse(&Query::parse(raw.as_deref()))?;
    let docs: Vec<Map<String, Value>> = st
        .read()
        .groups
        .values()
        .filter(|g| g.org == ctx.org)
        .map(|g| g.doc.clone())
        .collect();
    Ok(p.respond(&docs))
}

/// Properties of the spec's `Group` object (the `/groups` listing shows only these).
const GROUP_KEYS: &[&str] = &[
    "attributes",
    "description",
    "email",
    "id",
    "memberQueryErrorFlags",
    "name",
    "organizationObjectId",
    "type",
];

/// `GET /api/v2/groups` (`Group_List`): every group of the org (here only user groups) as
/// `Group` objects, filterable by `type`, `name`, ...; `x-unfiltered-total-count` on request.
pub async fn list_all(
    st: St,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let p = V2List::parse(&Query::parse(raw.as_deref()))?;
    let docs: Vec<Map<String, Value>> = st
        .read()
        .groups
        .values()
        .filter(|g| g.org == ctx.org)
        .map(|g| {
            g.doc
                .iter()
                .filter(|(k, _)| GROUP_KEYS.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .collect();
    let mut resp = p.respond(&docs);
    let wants_unfiltered = headers
        .get("x-unfiltered-total-count")
        .is_some_and(|v| !v.is_empty());
    if wants_unfiltered {
        resp.headers_mut()
            .insert("x-unfiltered-total-count", HeaderValue::from(docs.len()));
    }
    Ok(resp)
}

/// `POST /api/v2/usergroups` → 201
pub async fn create(st: St, Extension(ctx): Extension<Ctx>, body: Bytes) -> ApiResult<Response> {
    let fields = group_fields(&json_object(&body)?)?;
    let doc = st
        .mutate(|store| {
            let name = fields
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if name_taken(store, &ctx.org, name, None) {
                return Err(ApiError::conflict("Already Exists"));
            }
            let id = store.new_id();
            let mut doc = fields.clone();
            doc.insert("id".into(), json!(id));
            doc.insert("type".into(), json!("user_group"));
            doc.entry("membershipMethod").or_insert(json!("STATIC"));
            store.groups.insert(
                id,
                GroupRec {
                    org: ctx.org.clone(),
                    doc: doc.clone(),
                    members: Vec::new(),
                },
            );
            Ok(doc)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(Value::Object(doc))).into_response())
}

/// `GET /api/v2/usergroups/{id}`
pub async fn get(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
) -> ApiResult<Json<Value>> {
    let store = st.read();
    Ok(Json(Value::Object(
        find(&store, &ctx.org, &id)?.doc.clone(),
    )))
}

/// `PUT /api/v2/usergroups/{id}`
pub async fn put(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    object_id(&id, "user group")?;
    let fields = group_fields(&json_object(&body)?)?;
    let doc = st
        .mutate(|store| {
            find(store, &ctx.org, &id)?;
            let name = fields
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if name_taken(store, &ctx.org, name, Some(&id)) {
                return Err(ApiError::conflict("Already Exists"));
            }
            let g = store
                .groups
                .get_mut(&id)
                .ok_or_else(|| ApiError::not_found(format!("user group {id}")))?;
            let mut doc = fields.clone();
            doc.insert("id".into(), json!(id));
            doc.insert("type".into(), json!("user_group"));
            doc.entry("membershipMethod").or_insert(json!("STATIC"));
            g.doc = doc.clone();
            Ok(doc)
        })
        .await?;
    Ok(Json(Value::Object(doc)))
}

/// `DELETE /api/v2/usergroups/{id}` → 200 with the deleted group
pub async fn delete(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
) -> ApiResult<Json<Value>> {
    object_id(&id, "user group")?;
    let doc = st
        .mutate(|store| {
            find(store, &ctx.org, &id)?;
            let g = store
                .groups
                .remove(&id)
                .ok_or_else(|| ApiError::not_found(format!("user group {id}")))?;
            store
                .assocs
                .retain(|a| !(a.from_type == "user_group" && a.from_id == id));
            Ok(g.doc)
        })
        .await?;
    Ok(Json(Value::Object(doc)))
}

/// `GET /api/v2/usergroups/{id}/members`
pub async fn members(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let q = Query::parse(raw.as_deref());
    let limit = q.int("limit", 10, 0, Some(100))? as usize;
    let skip = q.int("skip", 0, 0, None)? as usize;
    let store = st.read();
    let g = find(&store, &ctx.org, &id)?;
    let items: Vec<Value> = g
        .members
        .iter()
        .skip(skip)
        .take(limit)
        .map(|m| connection(m, "user", None))
        .collect();
    Ok(array_response(items, g.members.len()))
}

/// `POST /api/v2/usergroups/{id}/members` → 204
pub async fn members_post(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
    body: Bytes,
) -> ApiResult<Response> {
    object_id(&id, "user group")?;
    let b = json_object(&body)?;
    let op = b
        .get("op")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    if !["add", "remove", "update"].contains(&op.as_str()) {
        return Err(ApiError::bad_request(
            "op must be one of add, remove, update",
        ));
    }
    if b.get("type").and_then(Value::as_str) != Some("user") {
        return Err(ApiError::bad_request("type must be user"));
    }
    let user = b
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    object_id(&user, "user")?;
    st.mutate(|store| {
        find(store, &ctx.org, &id)?;
        if store.user_in_org(&ctx.org, &user).is_none() {
            return Err(ApiError::not_found(format!("user {user}")));
        }
        let g = store
            .groups
            .get_mut(&id)
            .ok_or_else(|| ApiError::not_found(format!("user group {id}")))?;
        let present = g.members.iter().position(|m| *m == user);
        match (op.as_str(), present) {
            ("add", Some(_)) => Err(ApiError::conflict("Already Exists")),
            ("add", None) => {
                g.members.push(user.clone());
                Ok(())
            }
            ("remove", Some(i)) => {
                g.members.remove(i);
                Ok(())
            }
            ("update", Some(_)) => Ok(()),
            _ => Err(ApiError::not_found(format!(
                "user {user} is not a member of user group {id}"
            ))),
        }
    })
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
