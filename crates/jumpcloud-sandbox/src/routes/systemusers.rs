//! `/api/systemusers` and `/api/search/systemusers` (V1).

use axum::body::Bytes;
use axum::extract::RawQuery;
use std::collections::BTreeMap;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::{Serialize, Serializer};
use serde_json::{json, Map, Value};

use super::{json_body, object_id, PathId, St};
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::filters::{sort_docs, Expr, TextSearch};
use crate::query::{parse_fields, parse_sort, Query, V1List};
use crate::store::Store;
use crate::users;

/// `GET /api/systemusers`
pub async fn list(
    st: St,
    Extension(ctx): Extension<Ctx>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let q = Query::parse(raw.as_deref());
    let p = V1List::parse(&q, 100)?;
    let store = st.read();
    page(
        &store,
        &ctx.org,
        &p.filter,
        p.search.as_ref(),
        &Page {
            sort: &p.sort,
            skip: p.skip,
            limit: p.limit,
            fields: p.fields.as_deref(),
            memberof: false,
        },
    )
}

struct Page<'a> {
    sort: &'a crate::query::SortKeys,
    skip: usize,
    limit: usize,
    fields: Option<&'a [String]>,
    memberof: bool,
}

/// One user as returned: the stored document itself when nothing is left out or added (no copy),
/// else the picked fields by reference. Either way keys come out sorted, as a `Map` would.
enum Row<'a> {
    Whole(&'a Map<String, Value>),
    Picked(BTreeMap<&'a str, &'a Value>),
}

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Row::Whole(doc) => doc.serialize(s),
            Row::Picked(m) => m.serialize(s),
        }
    }
}

fn row<'a>(
    doc: &'a Map<String, Value>,
    fields: Option<&[String]>,
    extra: Option<(&'a str, &'a Value)>,
) -> Row<'a> {
    if fields.is_none() && extra.is_none() {
        return Row::Whole(doc);
    }
    let mut m: BTreeMap<&str, &Value> = match fields {
        None => doc.iter().map(|(k, v)| (k.as_str(), v)).collect(),
        Some(fields) => {
            let mut m = BTreeMap::new();
            if let Some((k, v)) = doc.get_key_value("_id") {
                m.insert(k.as_str(), v);
            }
            for f in fields {
                let top = f.split('.').next().unwrap_or(f);
                if let Some((k, v)) = doc.get_key_value(top) {
                    m.insert(k.as_str(), v);
                }
            }
            m
        }
    };
    if let Some((k, v)) = extra {
        m.insert(k, v);
    }
    Row::Picked(m)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PageBody<'a> {
    total_count: usize,
    results: Vec<Row<'a>>,
}

/// Filters, sorts and pages the org's users and serializes the page straight from the store
/// (under the read lock, without copying documents).
fn page(
    store: &Store,
    org: &str,
    filter: &Expr,
    search: Option<&TextSearch>,
    p: &Page<'_>,
) -> ApiResult<Response> {
    let mut docs: Vec<&Map<String, Value>> = store
        .users_of(org)
        .map(|u| &u.doc)
        .filter(|d| filter.matches(d) && search.is_none_or(|s| s.matches(d)))
        .collect();
    let total = docs.len();
    sort_docs(&mut docs, p.sort, "_id");
    let shown: Vec<&Map<String, Value>> = docs.into_iter().skip(p.skip).take(p.limit).collect();
    let memberof: Vec<Value> = if p.memberof {
        shown
            .iter()
            .map(|d| {
                let id = d.get("_id").and_then(Value::as_str).unwrap_or_default();
                json!(users::groups_of(store, org, id))
            })
            .collect()
    } else {
        Vec::new()
    };
    let results = shown
        .iter()
        .enumerate()
        .map(|(i, d)| row(d, p.fields, memberof.get(i).map(|m| ("memberof", m))))
        .collect();
    json_response(
        &PageBody {
            total_count: total,
            results,
        },
        256 + shown.len() * 1600,
    )
}

/// Serializes `body` into one buffer of about `size_hint` bytes and answers 200 with it.
fn json_response(body: &impl Serialize, size_hint: usize) -> ApiResult<Response> {
    let mut buf = Vec::with_capacity(size_hint);
    serde_json::to_writer(&mut buf, body)
        .map_err(|e| ApiError::internal(format!("could not encode the response: {e}")))?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        buf,
    )
        .into_response())
}

/// `GET /api/systemusers/{id}`
pub async fn get(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    object_id(&id, "system user")?;
    let q = Query::parse(raw.as_deref());
    let p = V1List::parse(&q, i64::MAX)?;
    let store = st.read();
    let user = store
        .user_in_org(&ctx.org, &id)
        .filter(|u| p.filter.matches(&u.doc))
        .ok_or_else(|| ApiError::not_found(format!("system user {id}")))?;
    json_response(&row(&user.doc, p.fields.as_deref(), None), 2048)
}

/// `POST /api/search/systemusers`: `filter`, `searchFilter`, `fields`, `limit`, `skip` in the body
/// (`limit`/`skip`/`fields`/`sort` also accepted in the query; the body wins).
pub async fn search(
    st: St,
    Extension(ctx): Extension<Ctx>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> ApiResult<Response> {
    let q = Query::parse(raw.as_deref());
    let body = match json_body(&body, true)? {
        Value::Null => Map::new(),
        Value::Object(m) => m,
        _ => return Err(ApiError::bad_request("request body must be a JSON object")),
    };
    let num = |key: &str, from_query: i64, max: Option<i64>| -> ApiResult<i64> {
        match body.get(key) {
            None | Some(Value::Null) => Ok(from_query),
            Some(v) => {
                let n = v
                    .as_i64()
                    .ok_or_else(|| ApiError::bad_request(format!("{key} must be an integer")))?;
                if n < 0 {
                    return Err(ApiError::bad_request(format!(
                        "{key} is below minimum value of 0"
                    )));
                }
                if let Some(max) = max.filter(|m| n > *m) {
                    return Err(ApiError::bad_request(format!(
                        "request parameter \"{key}\" exceeds maximum value of {max}"
                    )));
                }
                Ok(n)
            }
        }
    };
    let limit = num(
        "limit",
        q.int("limit", 10, 0, Some(users::SEARCH_MAX_LIMIT))?,
        Some(users::SEARCH_MAX_LIMIT),
    )?;
    let skip = num("skip", q.int("skip", 0, 0, None)?, None)?;
    let fields = match body.get("fields") {
        None | Some(Value::Null) => parse_fields(q.get("fields")),
        Some(Value::String(s)) => parse_fields(Some(s)),
        Some(Value::Array(a)) => Some(
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
        ),
        Some(_) => {
            return Err(ApiError::bad_request(
                "fields must be a space-separated string",
            ))
        }
    };
    let sort = match body.get("sort").and_then(Value::as_str) {
        Some(s) => parse_sort(Some(s)),
        None => parse_sort(q.get("sort")),
    };
    let filter = Expr::parse_search(body.get("filter").unwrap_or(&Value::Null))?;
    let search = TextSearch::from_body(body.get("searchFilter").unwrap_or(&Value::Null))?;
    let store = st.read();
    page(
        &store,
        &ctx.org,
        &filter,
        search.as_ref(),
        &Page {
            sort: &sort,
            skip: skip as usize,
            limit: limit as usize,
            fields: fields.as_deref(),
            memberof: true,
        },
    )
}

/// `POST /api/systemusers`
pub async fn create(
    st: St,
    Extension(ctx): Extension<Ctx>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let q = Query::parse(raw.as_deref());
    let detailed = users::wants_password_details(&q);
    let body = super::json_object(&body)?;
    let input = users::UserInput::parse(&body, users::Mode::Create)?;
    let doc = st
        .mutate(|store| {
            users::create(
                store,
                &ctx.org,
                input,
                &users::CreateOpts {
                    detailed,
                    default_state: "manualEntry",
                    creation_source: "jumpcloud:manual",
                },
            )
        })
        .await?;
    Ok(Json(Value::Object(doc)))
}

/// `PUT /api/systemusers/{id}`
pub async fn put(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    object_id(&id, "system user")?;
    let q = Query::parse(raw.as_deref());
    let detailed = users::wants_password_details(&q);
    let body = super::json_object(&body)?;
    let input = users::UserInput::parse(&body, users::Mode::Update)?;
    let doc = st
        .mutate(|store| users::update(store, &ctx.org, &id, input, detailed))
        .await?;
    Ok(Json(Value::Object(doc)))
}

/// `DELETE /api/systemusers/{id}[?cascade_manager=null|<id>]`
pub async fn delete(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Value>> {
    object_id(&id, "system user")?;
    let q = Query::parse(raw.as_deref());
    let cascade = q.get("cascade_manager").map(str::to_string);
    let doc = st
        .mutate(|store| users::delete(store, &ctx.org, &id, cascade.as_deref()))
        .await?;
    Ok(Json(Value::Object(doc)))
}

/// `POST /api/systemusers/{id}/state/activate`
pub async fn activate(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    object_id(&id, "system user")?;
    let body = json_body(&body, true)?;
    match &body {
        Value::Null => {}
        Value::Object(m) => match m.get("email") {
            None | Some(Value::Bool(_)) | Some(Value::Null) => {}
            Some(Value::String(s)) if s.contains('@') => {}
            Some(_) => {
                return Err(ApiError::bad_request(
                    "email must be true, false or an email address",
                ))
            }
        },
        _ => return Err(ApiError::bad_request("request body must be a JSON object")),
    }
    st.mutate(|store| users::activate(store, &ctx.org, &id))
        .await?;
    Ok(Json(json!("OK")))
}

/// `POST /api/systemusers/{id}/state/suspend`: no body (or a JSON object, ignored); answers the
/// suspended user.
pub async fn suspend(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    object_id(&id, "system user")?;
    match json_body(&body, true)? {
        Value::Null | Value::Object(_) => {}
        _ => return Err(ApiError::bad_request("request body must be a JSON object")),
    }
    let doc = st
        .mutate(|store| users::suspend(store, &ctx.org, &id))
        .await?;
    Ok(Json(Value::Object(doc)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filters::project;

    /// The borrowed rows serialize exactly like the projected copies they replace.
    #[test]
    fn rows_match_projected_documents() {
        let doc = json!({"_id": "a1", "username": "ann", "email": "a@x.y", "zeta": 1,
            "mfa": {"configured": false}, "memberof": "stale"});
        let doc = doc.as_object().cloned().unwrap_or_default();
        let groups = json!(["g1"]);
        let fields = vec!["email".to_string(), "mfa.configured".into(), "nope".into()];
        for f in [None, Some(fields.as_slice())] {
            for extra in [None, Some(("memberof", &groups))] {
                let mut want = project(&doc, f, "_id");
                if let (Some((k, v)), Value::Object(m)) = (extra, &mut want) {
                    m.insert(k.to_string(), v.clone());
                }
                let got = serde_json::to_string(&row(&doc, f, extra)).unwrap_or_default();
                assert_eq!(got, want.to_string());
            }
        }
    }
}
