//! Graph associations (from the user side and the directory side) and traversals.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::{json, Map, Value};

use super::v2common::{array_response, as_map, connection, V2List};
use super::{json_object, object_id, PathId, St};
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::filters::project;
use crate::query::Query;
use crate::store::{Assoc, Store};

/// Targets a user may be associated with.
const USER_TARGETS: &[&str] = &[
    "active_directory",
    "application",
    "g_suite",
    "idp_routing_policy",
    "ldap_server",
    "office_365",
    "password_manager_item",
    "radius_server",
    "system",
    "system_group",
];
/// Targets a directory may be associated with.
const DIRECTORY_TARGETS: &[&str] = &["user", "user_group"];

/// Path segment → directory type.
fn directory_kind(segment: &str) -> Option<&'static str> {
    match segment {
        "gsuites" => Some("g_suite"),
        "office365s" => Some("office_365"),
        "ldapservers" => Some("ldap_server"),
        "activedirectories" => Some("active_directory"),
        _ => None,
    }
}

/// The required `targets` query parameter (comma-joined or repeated).
fn targets(q: &Query, allowed: &[&str]) -> ApiResult<Vec<String>> {
    let list: Vec<String> = q
        .all("targets")
        .chain(q.all("targets[]"))
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if list.is_empty() {
        return Err(ApiError::bad_request(format!(
            "query parameter \"targets\" is required (one or more of {})",
            allowed.join(", ")
        )));
    }
    if let Some(bad) = list.iter().find(|t| !allowed.contains(&t.as_str())) {
        return Err(ApiError::bad_request(format!(
            "invalid target {bad:?}; allowed: {}",
            allowed.join(", ")
        )));
    }
    Ok(list)
}

fn paging(q: &Query) -> ApiResult<(usize, usize)> {
    Ok((
        q.int("limit", 10, 0, Some(100))? as usize,
        q.int("skip", 0, 0, None)? as usize,
    ))
}

fn page(items: Vec<Value>, q: &Query) -> ApiResult<Response> {
    let (limit, skip) = paging(q)?;
    let total = items.len();
    Ok(array_response(
        items.into_iter().skip(skip).take(limit).collect(),
        total,
    ))
}

/// A graph operation body: `{op, type, id, attributes?}`.
struct GraphOp {
    op: String,
    kind: String,
    id: String,
    attributes: Option<Value>,
}

fn graph_op(body: &Bytes, allowed: &[&str]) -> ApiResult<GraphOp> {
    let b = json_object(body)?;
    let s = |k: &str| {
        b.get(k)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| ApiError::bad_request(format!("{k} is required")))
    };
    let op = s("op")?;
    if !["add", "remove", "update"].contains(&op.as_str()) {
        return Err(ApiError::bad_request(
            "op must be one of add, remove, update",
        ));
    }
    let kind = s("type")?;
    if !allowed.contains(&kind.as_str()) {
        return Err(ApiError::bad_request(format!(
            "type must be one of {}",
            allowed.join(", ")
        )));
    }
    let id = s("id")?;
    object_id(&id, &kind)?;
    let attributes = match b.get("attributes") {
        None | Some(Value::Null) => None,
        Some(a @ Value::Object(_)) => Some(a.clone()),
        Some(_) => return Err(ApiError::bad_request("attributes must be an object")),
    };
    Ok(GraphOp {
        op,
        kind,
        id,
        attributes,
    })
}

/// Does the graph object exist in the org? Only users, groups and directories exist here.
fn exists(store: &Store, org: &str, kind: &str, id: &str) -> bool {
    match kind {
        "user" => store.user_in_org(org, id).is_some(),
        "user_group" => store.group_in_org(org, id).is_some(),
        k => store.directory_in_org(org, id).is_some_and(|d| d.kind == k),
    }
}

/// Applies an add / remove / update on the edge (from → to).
fn apply_op(
    store: &mut Store,
    org: &str,
    from: (&str, &str),
    to: (&str, &str),
    op: &str,
    attributes: Option<Value>,
) -> ApiResult<()> {
    let pos = store.assocs.iter().position(|a| {
        a.org == org
            && a.from_type == from.0
            && a.from_id == from.1
            && a.to_type == to.0
            && a.to_id == to.1
    });
    match (op, pos) {
        ("add", Some(_)) => Err(ApiError::conflict("Already Exists")),
        ("add", None) => {
            store.assocs.push(Assoc {
                org: org.to_string(),
                from_type: from.0.to_string(),
                from_id: from.1.to_string(),
                to_type: to.0.to_string(),
                to_id: to.1.to_string(),
                attributes,
            });
            Ok(())
        }
        ("remove", Some(i)) => {
            store.assocs.remove(i);
            Ok(())
        }
        ("update", Some(i)) => {
            store.assocs[i].attributes = attributes;
            Ok(())
        }
        _ => Err(ApiError::not_found(format!(
            "association between {} {} and {} {}",
            from.0, from.1, to.0, to.1
        ))),
    }
}

/// `GET /api/v2/users/{id}/associations?targets=...`
pub async fn user_list(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    object_id(&id, "user")?;
    let q = Query::parse(raw.as_deref());
    let targets = targets(&q, USER_TARGETS)?;
    let store = st.read();
    if store.user_in_org(&ctx.org, &id).is_none() {
        return Err(ApiError::not_found(format!("user {id}")));
    }
    let items = store
        .assocs
        .iter()
        .filter(|a| {
            a.org == ctx.org
                && a.from_type == "user"
                && a.from_id == id
                && targets.contains(&a.to_type)
        })
        .map(|a| connection(&a.to_id, &a.to_type, a.attributes.as_ref()))
        .collect();
    page(items, &q)
}

/// `POST /api/v2/users/{id}/associations`
pub async fn user_post(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
    body: Bytes,
) -> ApiResult<Response> {
    object_id(&id, "user")?;
    let op = graph_op(&body, USER_TARGETS)?;
    st.mutate(|store| {
        if store.user_in_org(&ctx.org, &id).is_none() {
            return Err(ApiError::not_found(format!("user {id}")));
        }
        if !exists(store, &ctx.org, &op.kind, &op.id) {
            return Err(ApiError::not_found(format!("{} {}", op.kind, op.id)));
        }
        apply_op(
            store,
            &ctx.org,
            ("user", &id),
            (&op.kind, &op.id),
            &op.op,
            op.attributes,
        )
    })
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn dir_from_path(segment: &str, id: &str) -> ApiResult<&'static str> {
    let kind = directory_kind(segment)
        .ok_or_else(|| ApiError::not_found(format!("no route for /{segment}")))?;
    object_id(id, kind)?;
    Ok(kind)
}

/// `GET /api/v2/{gsuites|office365s|ldapservers|activedirectories}/{id}/associations?targets=user,user_group`
pub async fn directory_list(
    st: St,
    Extension(ctx): Extension<Ctx>,
    Path((segment, id)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let kind = dir_from_path(&segment, &id)?;
    let q = Query::parse(raw.as_deref());
    let targets = targets(&q, DIRECTORY_TARGETS)?;
    let store = st.read();
    if !exists(&store, &ctx.org, kind, &id) {
        return Err(ApiError::not_found(format!("{kind} {id}")));
    }
    let items = store
        .assocs
        .iter()
        .filter(|a| {
            a.org == ctx.org && a.to_type == kind && a.to_id == id && targets.contains(&a.from_type)
        })
        .map(|a| connection(&a.from_id, &a.from_type, a.attributes.as_ref()))
        .collect();
    page(items, &q)
}

/// `POST /api/v2/{gsuites|office365s|ldapservers|activedirectories}/{id}/associations`
pub async fn directory_post(
    st: St,
    Extension(ctx): Extension<Ctx>,
    Path((segment, id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult<Response> {
    let kind = dir_from_path(&segment, &id)?;
    let op = graph_op(&body, DIRECTORY_TARGETS)?;
    st.mutate(|store| {
        if !exists(store, &ctx.org, kind, &id) {
            return Err(ApiError::not_found(format!("{kind} {id}")));
        }
        if !exists(store, &ctx.org, &op.kind, &op.id) {
            return Err(ApiError::not_found(format!("{} {}", op.kind, op.id)));
        }
        apply_op(
            store,
            &ctx.org,
            (&op.kind, &op.id),
            (kind, &id),
            &op.op,
            op.attributes,
        )
    })
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

const DIRECTORY_KINDS: &[&str] = &[
    "g_suite",
    "office_365",
    "ldap_server",
    "active_directory",
    "workday",
];

/// Every path from a user to each directory: direct, or through a user group.
fn user_directory_paths(
    store: &Store,
    org: &str,
    user: &str,
) -> BTreeMap<(String, String), Vec<Value>> {
    let mut out: BTreeMap<(String, String), Vec<Value>> = BTreeMap::new();
    for a in store
        .assocs
        .iter()
        .filter(|a| a.org == org && DIRECTORY_KINDS.contains(&a.to_type.as_str()))
    {
        if a.from_type == "user" && a.from_id == user {
            out.entry((a.to_type.clone(), a.to_id.clone()))
                .or_default()
                .push(json!([connection(
                    &a.to_id,
                    &a.to_type,
                    a.attributes.as_ref()
                )]));
        } else if a.from_type == "user_group"
            && store
                .group_in_org(org, &a.from_id)
                .is_some_and(|g| g.members.iter().any(|m| m == user))
        {
            out.entry((a.to_type.clone(), a.to_id.clone()))
                .or_default()
                .push(json!([
                    connection(&a.from_id, "user_group", None),
                    connection(&a.to_id, &a.to_type, a.attributes.as_ref())
                ]));
        }
    }
    out
}

fn with_paths(id: &str, kind: &str, paths: Vec<Value>) -> Map<String, Value> {
    as_map(json!({"id": id, "type": kind, "paths": paths, "compiledAttributes": {}}))
}

/// `GET /api/v2/users/{id}/directories`: directories bound directly or through groups.
pub async fn user_directories(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    object_id(&id, "user")?;
    let p = V2List::parse(&Query::parse(raw.as_deref()))?;
    let store = st.read();
    if store.user_in_org(&ctx.org, &id).is_none() {
        return Err(ApiError::not_found(format!("user {id}")));
    }
    let docs: Vec<Map<String, Value>> = user_directory_paths(&store, &ctx.org, &id)
        .into_iter()
        .map(|((kind, dir), paths)| with_paths(&dir, &kind, paths))
        .collect();
    Ok(p.respond(&docs))
}

/// `GET /api/v2/{gsuites|office365s|ldapservers|activedirectories}/{id}/users`: users bound
/// directly or through groups.
pub async fn directory_users(
    st: St,
    Extension(ctx): Extension<Ctx>,
    Path((segment, id)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let kind = dir_from_path(&segment, &id)?;
    let p = V2List::parse(&Query::parse(raw.as_deref()))?;
    let store = st.read();
    if !exists(&store, &ctx.org, kind, &id) {
        return Err(ApiError::not_found(format!("{kind} {id}")));
    }
    // Each user's ways to the directory, by reference: (the association, the group's id
    // when it comes through a group). Only the page's users become JSON when the list is
    // neither filtered nor sorted (the usual case: a 50,000-person directory is paged
    // through without building every user's paths for every page).
    let mut by_user: BTreeMap<&str, Vec<(&Assoc, bool)>> = BTreeMap::new();
    for a in store
        .assocs
        .iter()
        .filter(|a| a.org == ctx.org && a.to_type == kind && a.to_id == id)
    {
        match a.from_type.as_str() {
            "user" => by_user
                .entry(a.from_id.as_str())
                .or_default()
                .push((a, false)),
            "user_group" => {
                if let Some(g) = store.group_in_org(&ctx.org, &a.from_id) {
                    for m in &g.members {
                        by_user.entry(m.as_str()).or_default().push((a, true));
                    }
                }
            }
            _ => {}
        }
    }
    let doc = |user: &str, ways: &[(&Assoc, bool)]| {
        let paths = ways
            .iter()
            .map(|(a, through_group)| {
                if *through_group {
                    json!([
                        connection(&a.from_id, "user_group", a.attributes.as_ref()),
                        connection(user, "user", None)
                    ])
                } else {
                    json!([connection(user, "user", a.attributes.as_ref())])
                }
            })
            .collect();
        with_paths(user, "user", paths)
    };
    if p.filter.is_empty() && p.sort.is_empty() && p.fields.is_none() {
        let total = by_user.len();
        let page: Vec<Value> = by_user
            .iter()
            .skip(p.skip)
            .take(p.limit)
            .map(|(u, ways)| Value::Object(doc(u, ways)))
            .collect();
        return Ok(array_response(page, total));
    }
    let docs: Vec<Map<String, Value>> = by_user.iter().map(|(u, ways)| doc(u, ways)).collect();
    Ok(p.respond(&docs))
}

/// `GET /api/v2/users/{id}/memberof`: the user's groups, as graph objects with paths.
pub async fn user_memberof(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    object_id(&id, "user")?;
    let p = V2List::parse(&Query::parse(raw.as_deref()))?;
    let store = st.read();
    if store.user_in_org(&ctx.org, &id).is_none() {
        return Err(ApiError::not_found(format!("user {id}")));
    }
    let docs: Vec<Map<String, Value>> = crate::users::groups_of(&store, &ctx.org, &id)
        .iter()
        .map(|g| {
            with_paths(
                g,
                "user_group",
                vec![json!([connection(g, "user_group", None)])],
            )
        })
        .collect();
    let (items, total) = p.apply(&docs);
    let items = items
        .iter()
        .filter_map(Value::as_object)
        .map(|m| project(m, None, "id"))
        .collect();
    Ok(array_response(items, total))
}
