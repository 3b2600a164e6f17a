//! `/api/organizations` (V1).

use axum::body::Bytes;
use axum::extract::RawQuery;
use axum::{Extension, Json};
use serde_json::{json, Map, Value};

use super::{json_object, object_id, PathId, St};
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::filters::{project, sort_docs};
use crate::query::{parse_fields, Query, V1List};

/// `GET /api/organizations`: the organizations the key administers.
pub async fn list(
    st: St,
    Extension(ctx): Extension<Ctx>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Value>> {
    let q = Query::parse(raw.as_deref());
    let p = V1List::parse(&q, 100)?;
    let store = st.read();
    let mut docs: Vec<&Map<String, Value>> = ctx
        .orgs
        .iter()
        .filter_map(|id| store.org(id))
        .filter(|d| p.filter.matches(d) && p.search.as_ref().is_none_or(|s| s.matches(d)))
        .collect();
    let total = docs.len();
    sort_docs(&mut docs, &p.sort, "_id");
    let default_fields = ["displayName".to_string(), "logoUrl".to_string()];
    let fields = p.fields.as_deref().unwrap_or(&default_fields);
    let results: Vec<Value> = docs
        .iter()
        .skip(p.skip)
        .take(p.limit)
        .map(|d| project(d, Some(fields), "_id"))
        .collect();
    Ok(Json(json!({"totalCount": total, "results": results})))
}

fn visible(ctx: &Ctx, id: &str) -> ApiResult<()> {
    object_id(id, "organization")?;
    if ctx.orgs.iter().any(|o| o == id) {
        Ok(())
    } else {
        Err(ApiError::not_found(format!("organization {id}")))
    }
}

/// `GET /api/organizations/{id}`
pub async fn get(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Value>> {
    visible(&ctx, &id)?;
    let q = Query::parse(raw.as_deref());
    let store = st.read();
    let doc = store
        .org(&id)
        .ok_or_else(|| ApiError::not_found(format!("organization {id}")))?;
    Ok(Json(project(
        doc,
        parse_fields(q.get("fields")).as_deref(),
        "_id",
    )))
}

const STATE_DEFAULT_KEYS: [&str; 3] = ["manualEntry", "csvImport", "applicationImport"];

fn check_settings(settings: &Map<String, Value>) -> ApiResult<()> {
    if let Some(d) = settings.get("newSystemUserStateDefaults") {
        let d = d.as_object().ok_or_else(|| {
            ApiError::bad_request("settings.newSystemUserStateDefaults must be an object")
        })?;
        for (k, v) in d {
            if !STATE_DEFAULT_KEYS.contains(&k.as_str()) {
                return Err(ApiError::bad_request(format!(
                    "unknown field settings.newSystemUserStateDefaults.{k}"
                )));
            }
            if !matches!(v.as_str(), Some("ACTIVATED") | Some("STAGED")) {
                return Err(ApiError::bad_request(format!(
                    "settings.newSystemUserStateDefaults.{k} must be ACTIVATED or STAGED"
                )));
            }
        }
    }
    if let Some(p) = settings.get("passwordPolicy") {
        if !p.is_object() {
            return Err(ApiError::bad_request(
                "settings.passwordPolicy must be an object",
            ));
        }
    }
    Ok(())
}

fn merge(into: &mut Map<String, Value>, from: &Map<String, Value>) {
    for (k, v) in from {
        match (into.get_mut(k), v) {
            (Some(Value::Object(a)), Value::Object(b)) => merge(a, b),
            _ => {
                into.insert(k.clone(), v.clone());
            }
        }
    }
}

/// `PUT /api/organizations/{id}`: merges `settings`.
pub async fn put(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    visible(&ctx, &id)?;
    let body = json_object(&body)?;
    let settings = match body.get("settings") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(s)) => s.clone(),
        Some(_) => return Err(ApiError::bad_request("settings must be an object")),
    };
    check_settings(&settings)?;
    let doc = st
        .mutate(|store| {
            let doc = store
                .org_mut(&id)
                .ok_or_else(|| ApiError::not_found(format!("organization {id}")))?;
            if let Some(Value::Object(cur)) = doc.get_mut("settings") {
                merge(cur, &settings);
            }
            Ok(doc.clone())
        })
        .await?;
    Ok(Json(Value::Object(doc)))
}
