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
use crate::filters::{Expr, TextSearch};
use crate::query::{parse_fields, parse_sort, Query, V1List};
use crate::store::{sort_users, Store, UserRec, INDEXED};
use crate::userdoc::{FieldRef, UserDoc};
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
    Whole(&'a UserDoc),
    Picked(BTreeMap<&'a str, Cell<'a>>),
}

/// A value of a picked row: a stored field, or one added (`memberof`).
enum Cell<'a> {
    Field(FieldRef<'a>),
    Added(&'a Value),
}

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Row::Whole(doc) => doc.serialize(s),
            Row::Picked(m) => m.serialize(s),
        }
    }
}

impl Serialize for Cell<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Field(v) => v.serialize(s),
            Cell::Added(v) => v.serialize(s),
        }
    }
}

fn row<'a>(
    doc: &'a UserDoc,
    fields: Option<&[String]>,
    extra: Option<(&'a str, &'a Value)>,
) -> Row<'a> {
    if fields.is_none() && extra.is_none() {
        return Row::Whole(doc);
    }
    let mut m: BTreeMap<&str, Cell> = match fields {
        None => doc
            .entries()
            .into_iter()
            .map(|(k, v)| (k, Cell::Field(v)))
            .collect(),
        Some(fields) => {
            let mut m = BTreeMap::new();
            if let Some((k, v)) = doc.entry("_id") {
                m.insert(k, Cell::Field(v));
            }
            for f in fields {
                let top = f.split('.').next().unwrap_or(f);
                if let Some((k, v)) = doc.entry(top) {
                    m.insert(k, Cell::Field(v));
                }
            }
            m
        }
    };
    if let Some((k, v)) = extra {
        m.insert(k, Cell::Added(v));
    }
    Row::Picked(m)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PageBody<'a> {
    total_count: usize,
    results: Vec<Row<'a>>,
}

/// The org's users that match, their number, and the page of them asked for, in its order.
///
/// Nothing here looks at every user when it need not: with no filter, the page is cut straight
/// out of the requested order (by `_id` from the store, any other order sorted once and cached
/// until the org's users change); a filter that demands a username or email be some string
/// starts from the few users the index gives for it; any other filter is checked against each
/// user in the requested order (no sorting).
fn select<'a>(
    store: &'a Store,
    org: &'a str,
    filter: &Expr,
    search: Option<&TextSearch>,
    p: &Page<'_>,
) -> (usize, Vec<&'a UserRec>) {
    let matches = |u: &UserRec| filter.matches(u) && search.is_none_or(|s| s.matches(u));
    let id_match = filter.required_string(&["_id"]);
    let indexed = filter.required_string(&INDEXED);
    if id_match.is_some() || indexed.is_some() {
        let mut found: Vec<&UserRec> = match (id_match, indexed) {
            (Some((_, id)), _) => store.user_in_org(org, id).into_iter().collect(),
            (None, Some((key, value))) => store.users.candidates(org, key, value),
            (None, None) => Vec::new(),
        };
        found.retain(|u| matches(u));
        sort_users(&mut found, p.sort);
        let total = found.len();
        return (
            total,
            found.into_iter().skip(p.skip).take(p.limit).collect(),
        );
    }
    let order = store.users.order(org, p.sort);
    if filter.is_empty() && search.is_none() {
        return (store.users.count(org), order.window(p.skip, p.limit));
    }
    let mut total = 0;
    let mut shown = Vec::new();
    for u in order.iter().filter(|u| matches(u)) {
        if total >= p.skip && shown.len() < p.limit {
            shown.push(u);
        }
        total += 1;
    }
    (total, shown)
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
    let (total, shown) = select(store, org, filter, search, p);
    let memberof: Vec<Value> = if p.memberof {
        let ids: Vec<&str> = shown.iter().map(|u| u.id()).collect();
        users::groups_of_each(store, org, &ids)
            .into_iter()
            .map(|g| json!(g))
            .collect()
    } else {
        Vec::new()
    };
    let results = shown
        .iter()
        .enumerate()
        .map(|(i, u)| row(u.doc(), p.fields, memberof.get(i).map(|m| ("memberof", m))))
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
        .filter(|u| p.filter.matches(*u))
        .ok_or_else(|| ApiError::not_found(format!("system user {id}")))?;
    json_response(&row(user.doc(), p.fields.as_deref(), None), 2048)
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
    use crate::filters::{project, sort_docs};
    use crate::query::SortKeys;
    use crate::seed::{seed, SeedConfig};
    use crate::store::Doc;

    /// Two orgs of 300 users (so every path must also keep the other org out).
    fn big_store() -> Store {
        seed(&SeedConfig {
            api_key: "k".into(),
            orgs: 2,
            users_per_org: 300,
            platform_people: None,
        })
    }

    fn first_org(store: &Store) -> String {
        store.orgs[0]["_id"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The pages the way they were computed before the indexes: every user's whole document
    /// filtered and sorted. Answers the total and all matching ids in order.
    fn slow(
        docs: &[Doc],
        filter: &Expr,
        search: Option<&TextSearch>,
        sort: &SortKeys,
    ) -> (usize, Vec<String>) {
        let mut refs: Vec<&Doc> = docs
            .iter()
            .filter(|d| filter.matches(*d) && search.is_none_or(|s| s.matches(*d)))
            .collect();
        sort_docs(&mut refs, sort, "_id");
        let ids = refs
            .iter()
            .map(|d| d["_id"].as_str().unwrap_or_default().to_string())
            .collect();
        (refs.len(), ids)
    }

    fn window(all: &(usize, Vec<String>), skip: usize, limit: usize) -> (usize, Vec<String>) {
        (
            all.0,
            all.1.iter().skip(skip).take(limit).cloned().collect(),
        )
    }

    fn fast(
        store: &Store,
        org: &str,
        filter: &Expr,
        search: Option<&TextSearch>,
        sort: &SortKeys,
        skip: usize,
        limit: usize,
    ) -> (usize, Vec<String>) {
        let p = Page {
            sort,
            skip,
            limit,
            fields: None,
            memberof: false,
        };
        let (total, shown) = select(store, org, filter, search, &p);
        (total, shown.iter().map(|u| u.id().to_string()).collect())
    }

    const SORTS: &[&str] = &[
        "",
        "_id",
        "-_id",
        "username",
        "-username",
        "lastname firstname",
        "-department,username",
        "unix_uid",
        "-mfa.configured",
        "nope",
    ];

    const WINDOWS: &[(usize, usize)] = &[
        (0, 10),
        (0, 100),
        (7, 1),
        (150, 100),
        (295, 100),
        (1000, 10),
        (3, 0),
    ];

    /// Every sort and window of a store, with and without filters, against the slow way.
    fn assert_same_pages(store: &Store, org: &str, filters: &[Expr], searches: &[TextSearch]) {
        let docs: Vec<Doc> = store.users_of(org).map(|u| u.to_doc()).collect();
        let none = Expr::And(vec![]);
        let cases = std::iter::once((&none, None))
            .chain(filters.iter().map(|f| (f, None)))
            .chain(searches.iter().map(|s| (&none, Some(s))));
        for (filter, search) in cases {
            for sort in SORTS {
                let sort = parse_sort(Some(sort));
                let all = slow(&docs, filter, search, &sort);
                for &(skip, limit) in WINDOWS {
                    let got = fast(store, org, filter, search, &sort, skip, limit);
                    assert_eq!(
                        got,
                        window(&all, skip, limit),
                        "filter {filter:?} search {search:?} sort {sort:?} skip {skip} limit {limit}"
                    );
                }
            }
        }
    }

    fn filters_for(store: &Store, org: &str) -> Vec<Expr> {
        let users: Vec<&UserRec> = store.users_of(org).collect();
        let (a, b) = (users[5], users[120]);
        let s = |k: &str, u: &UserRec| u.str_field(k).unwrap_or_default().to_string();
        let v1 = |spec: String| Expr::parse_v1(&spec).unwrap_or(Expr::Or(vec![]));
        let body = |v: Value| Expr::parse_search(&v).unwrap_or(Expr::Or(vec![]));
        let other_org = store
            .users
            .values()
            .find(|u| u.org != org)
            .map(|u| u.id().to_string())
            .unwrap_or_default();
        vec![
            v1(format!("username:$eq:{}", s("username", a))),
            v1(format!("username:$eq:{}", s("username", a).to_uppercase())),
            v1(format!("email:$eq:{}", s("email", b))),
            v1(format!("_id:$eq:{}", a.id())),
            v1(format!("_id:$eq:{other_org}")),
            v1("username:$eq:nobody".into()),
            v1("username:$eq:null".into()),
            v1("username:$eq:".into()),
            v1("username:$eq:42".into()),
            v1("username:$eq:b".into()),
            v1("department:$eq:Engineering".into()),
            v1("unix_uid:$gt:5100".into()),
            body(json!([{"username": s("username", b)}, {"state": "ACTIVATED"}])),
            body(json!([{"email": {"$eq": s("email", a)}}])),
            body(json!({"or": [{"username": s("username", a)}, {"username": s("username", b)}]})),
            body(json!([{"username": {"$regex": format!("(?i)^{}$", s("username", b))}}])),
        ]
    }

    fn searches() -> Vec<TextSearch> {
        let q = Query::parse(Some("search=an"));
        TextSearch::from_query(&q).into_iter().collect()
    }

    /// Pages served through the cached orders and the username/email index are the pages the
    /// old filter-then-sort-everything code served, for every sort, window and filter.
    #[test]
    fn fast_pages_equal_the_slow_way() {
        let store = big_store();
        let org = first_org(&store);
        assert_same_pages(&store, &org, &filters_for(&store, &org), &searches());
        assert_eq!(store.users.count(&org), 300);
    }

    fn create(store: &mut Store, org: &str, body: Value) -> String {
        let body = body.as_object().cloned().unwrap_or_default();
        let input = users::UserInput::parse(&body, users::Mode::Create);
        let doc = input
            .and_then(|input| {
                users::create(
                    store,
                    org,
                    input,
                    &users::CreateOpts {
                        detailed: false,
                        default_state: "manualEntry",
                        creation_source: "jumpcloud:manual",
                    },
                )
            })
            .unwrap_or_default();
        doc["_id"].as_str().unwrap_or_default().to_string()
    }

    /// After creates, updates, state changes and deletes (with the orders already cached), the
    /// next pages still equal the slow way; so do users whose username is not a string.
    #[test]
    fn pages_follow_every_change() {
        let mut store = big_store();
        let org = first_org(&store);
        // Cache 8 orders first ("" and "_id" are one), as many as an org keeps.
        let none = Expr::And(vec![]);
        for sort in &SORTS[..9] {
            fast(&store, &org, &none, None, &parse_sort(Some(sort)), 0, 1);
        }
        assert_eq!(store.users.cached_orders(&org), 8);
        let ids: Vec<String> = store.users_of(&org).map(|u| u.id().to_string()).collect();

        let new = create(
            &mut store,
            &org,
            json!({"username": "aaa.first", "email": "aaa@x.test", "lastname": "Zz"}),
        );
        assert!(!new.is_empty());
        create(
            &mut store,
            &org,
            json!({"username": "zzz.last", "email": "zzz@x.test"}),
        );
        let body = json!({"username": "mmm.middle", "department": "Engineering"});
        let input =
            users::UserInput::parse(body.as_object().unwrap_or(&Map::new()), users::Mode::Update);
        assert!(input
            .and_then(|i| users::update(&mut store, &org, &ids[10], i, false))
            .is_ok());
        assert!(users::suspend(&mut store, &org, &ids[11]).is_ok());
        assert!(users::delete(&mut store, &org, &ids[200], Some("null")).is_ok());
        assert!(users::delete(&mut store, &org, &ids[250], Some("null")).is_ok());
        // Odd values (only a state file could hold them): a number and an array.
        for (n, username) in [(12, json!(42)), (13, json!(["b", "c"]))] {
            store.users.update(&ids[n], |u| {
                u.edit_doc(|d| d.insert("username".into(), username))
            });
        }
        assert_eq!(store.users.count(&org), 300 + 2 - 2);
        // The orders were kept sorted through the changes, not dropped.
        assert_eq!(store.users.cached_orders(&org), 8);
        let mut filters = filters_for(&store, &org);
        filters.push(Expr::parse_v1("username:$eq:mmm.middle").unwrap_or(Expr::Or(vec![])));
        filters.push(Expr::parse_v1("username:$eq:aaa.first").unwrap_or(Expr::Or(vec![])));
        filters.push(Expr::parse_v1("username:$eq:zzz.last").unwrap_or(Expr::Or(vec![])));
        assert_same_pages(&store, &org, &filters, &searches());
        // And the changed users are where they belong: numbers sort before strings, arrays after.
        let by_name = parse_sort(Some("username"));
        let (total, first) = fast(&store, &org, &none, None, &by_name, 0, 2);
        assert_eq!((total, first), (300, vec![ids[12].clone(), new]));
        let (_, last) = fast(&store, &org, &none, None, &by_name, 299, 1);
        assert_eq!(last, vec![ids[13].clone()]);
        let (total, found) = fast(
            &store,
            &org,
            &Expr::parse_v1("username:$eq:42").unwrap_or(none),
            None,
            &by_name,
            0,
            10,
        );
        assert_eq!((total, found), (1, vec![ids[12].clone()]));
    }

    /// `memberof` for a page, found in one pass over the groups, equals each user's own look-up.
    #[test]
    fn memberof_of_a_page_equals_each_users_groups() {
        let store = big_store();
        let org = first_org(&store);
        let ids: Vec<&str> = store.users_of(&org).map(|u| u.id()).step_by(7).collect();
        let each = users::groups_of_each(&store, &org, &ids);
        for (id, groups) in ids.iter().zip(each) {
            assert_eq!(groups, users::groups_of(&store, &org, id));
        }
    }

    /// The borrowed rows serialize exactly like the projected copies they replace.
    #[test]
    fn rows_match_projected_documents() {
        let doc = json!({"_id": "a1", "username": "ann", "email": "a@x.y", "zeta": 1,
            "mfa": {"configured": false}, "memberof": "stale"});
        let doc = doc.as_object().cloned().unwrap_or_default();
        let compact = UserDoc::from_doc(doc.clone(), &mut crate::userdoc::Interner::default());
        let groups = json!(["g1"]);
        let fields = vec!["email".to_string(), "mfa.configured".into(), "nope".into()];
        for f in [None, Some(fields.as_slice())] {
            for extra in [None, Some(("memberof", &groups))] {
                let mut want = project(&doc, f, "_id");
                if let (Some((k, v)), Value::Object(m)) = (extra, &mut want) {
                    m.insert(k.to_string(), v.clone());
                }
                let got = serde_json::to_string(&row(&compact, f, extra)).unwrap_or_default();
                assert_eq!(got, want.to_string());
            }
        }
    }
}
