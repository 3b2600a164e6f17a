//! `/api/v2/bulk/...`: bulk user jobs and scheduled user states.

use axum::body::Bytes;
use axum::extract::RawQuery;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::{json, Map, Value};

use super::v2common::array_response;
use super::{json_body, object_id, PathId, St};
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::query::Query;
use crate::state::AppState;
use crate::store::{BulkJob, Store, UserStateJob};
use crate::timefmt::{format_millis, now_millis, parse_millis};
use crate::userdoc;
use crate::users::{self, CreateOpts, Mode, UserInput};

const CREATION_SOURCES: &[&str] = &[
    "jumpcloud:gapps",
    "jumpcloud:o365",
    "jumpcloud:workday",
    "jumpcloud:scim",
    "jumpcloud:bulk",
    "jumpcloud:custom_integration",
];

fn items(body: &Bytes) -> ApiResult<Vec<Map<String, Value>>> {
    match json_body(body, false)? {
        Value::Array(a) => a
            .into_iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::Object(m) => Ok(m),
                _ => Err(ApiError::bad_request(format!("item {i} must be an object"))),
            })
            .collect(),
        _ => Err(ApiError::bad_request(
            "request body must be a JSON array of users",
        )),
    }
}

fn work_result(
    store: &mut Store,
    outcome: Result<&Map<String, Value>, &ApiError>,
    input: &Map<String, Value>,
    verb: &str,
) -> Value {
    let now = format_millis(now_millis());
    let pick = |m: &Map<String, Value>| {
        let mut p = Map::new();
        for k in ["username", "email", "id"] {
            if let Some(v) = m.get(k).filter(|v| !v.is_null()) {
                p.insert(k.into(), v.clone());
            }
        }
        p
    };
    let (status, msg, meta, persisted) = match outcome {
        Ok(doc) => {
            let mut persisted = pick(doc);
            persisted.insert("id".into(), doc.get("_id").cloned().unwrap_or(Value::Null));
            (
                "finished",
                format!("User {verb}"),
                json!({"systemUserId": doc.get("_id")}),
                persisted,
            )
        }
        Err(e) => (
            "failed",
            e.message.clone(),
            json!({"code": e.code}),
            pick(input),
        ),
    };
    json!({
        "id": store.new_id(),
        "createdAt": now,
        "updatedAt": now,
        "status": status,
        "statusMsg": msg,
        "meta": meta,
        "persistedFields": persisted,
    })
}

/// `POST /api/v2/bulk/users`: creates the users now; results are kept under the job id.
pub async fn users_create(
    st: St,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let q = Query::parse(raw.as_deref());
    q.bool("suppressEmail")?;
    let source = match headers.get("creation-source") {
        None => "jumpcloud:bulk".to_string(),
        Some(v) => {
            let s = v.to_str().unwrap_or_default();
            if !CREATION_SOURCES.contains(&s) {
                return Err(ApiError::bad_request(format!(
                    "invalid creation-source header {s:?}; allowed: {}",
                    CREATION_SOURCES.join(", ")
                )));
            }
            s.to_string()
        }
    };
    let default_state = if source == "jumpcloud:bulk" {
        "csvImport"
    } else {
        "applicationImport"
    };
    let list = items(&body)?;
    let job = st
        .mutate(|store| {
            let mut results = Vec::new();
            for item in &list {
                let outcome = UserInput::parse(item, Mode::Create).and_then(|input| {
                    users::create(
                        store,
                        &ctx.org,
                        input,
                        &CreateOpts {
                            detailed: false,
                            default_state,
                            creation_source: &source,
                        },
                    )
                });
                let r = work_result(store, outcome.as_ref(), item, "created");
                results.push(r);
            }
            let id = store.new_id();
            store.bulk_jobs.insert(
                id.clone(),
                BulkJob {
                    id: id.clone(),
                    org: ctx.org.clone(),
                    results,
                },
            );
            Ok(id)
        })
        .await?;
    Ok(Json(json!({"jobId": job})))
}

/// `PATCH /api/v2/bulk/users`: updates users by `id`.
pub async fn users_update(
    st: St,
    Extension(ctx): Extension<Ctx>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> ApiResult<Json<Value>> {
    let q = Query::parse(raw.as_deref());
    q.bool("suppressEmail")?;
    let list = items(&body)?;
    let job = st
        .mutate(|store| {
            let mut results = Vec::new();
            for item in &list {
                let outcome = match item.get("id").and_then(Value::as_str) {
                    Some(id) if crate::ids::is_object_id(id) => {
                        UserInput::parse(item, Mode::Update)
                            .and_then(|input| users::update(store, &ctx.org, id, input, false))
                    }
                    _ => Err(ApiError::bad_request("id must be a system user id")),
                };
                let r = work_result(store, outcome.as_ref(), item, "updated");
                results.push(r);
            }
            let id = store.new_id();
            store.bulk_jobs.insert(
                id.clone(),
                BulkJob {
                    id: id.clone(),
                    org: ctx.org.clone(),
                    results,
                },
            );
            Ok(id)
        })
        .await?;
    Ok(Json(json!({"jobId": job})))
}

/// `GET /api/v2/bulk/users/{job_id}/results`
pub async fn users_results(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    object_id(&id, "job")?;
    let q = Query::parse(raw.as_deref());
    let limit = q.int("limit", 10, 0, Some(100))? as usize;
    let skip = q.int("skip", 0, 0, None)? as usize;
    let store = st.read();
    let job = store
        .bulk_jobs
        .get(&id)
        .filter(|j| j.org == ctx.org)
        .ok_or_else(|| ApiError::not_found(format!("job {id}")))?;
    let page = job.results.iter().skip(skip).take(limit).cloned().collect();
    Ok(array_response(page, job.results.len()))
}

fn userstate_json(j: &UserStateJob) -> Value {
    json!({
        "scheduledJobId": j.id,
        "systemUserId": j.user_id,
        "state": j.state,
        "scheduledDate": format_millis(j.scheduled_ms),
    })
}

/// `POST /api/v2/bulk/userstates` → 201 with one result per user
pub async fn userstates_create(
    st: St,
    Extension(ctx): Extension<Ctx>,
    body: Bytes,
) -> ApiResult<Response> {
    let b = super::json_object(&body)?;
    let ids: Vec<String> = match b.get("user_ids") {
        Some(Value::Array(a)) if !a.is_empty() => a
            .iter()
            .map(|v| {
                v.as_str()
                    .filter(|s| crate::ids::is_object_id(s))
                    .map(str::to_string)
                    .ok_or_else(|| ApiError::bad_request("user_ids must be system user ids"))
            })
            .collect::<ApiResult<_>>()?,
        _ => {
            return Err(ApiError::bad_request(
                "user_ids is required (a non-empty array of user ids)",
            ))
        }
    };
    let state = match b.get("state").and_then(Value::as_str) {
        Some(s @ ("ACTIVATED" | "SUSPENDED")) => s.to_string(),
        _ => {
            return Err(ApiError::bad_request(
                "state must be ACTIVATED or SUSPENDED",
            ))
        }
    };
    let when = b
        .get("start_date")
        .and_then(Value::as_str)
        .and_then(parse_millis)
        .ok_or_else(|| ApiError::bad_request("start_date is required (an RFC 3339 date-time)"))?;
    let send = match b.get("send_activation_emails") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(x)) => Some(*x),
        Some(_) => {
            return Err(ApiError::bad_request(
                "send_activation_emails must be a boolean",
            ))
        }
    };
    if let Some(o) = b.get("activation_email_override").filter(|v| !v.is_null()) {
        if !o.is_string() {
            return Err(ApiError::bad_request(
                "activation_email_override must be a string",
            ));
        }
        if ids.len() != 1 || state != "ACTIVATED" {
            return Err(ApiError::bad_request(
                "activation_email_override can only be used with a single user_id and a scheduled activation",
            ));
        }
    }
    let out = st
        .mutate(|store| {
            if let Some(missing) = ids
                .iter()
                .find(|id| store.user_in_org(&ctx.org, id).is_none())
            {
                return Err(ApiError::bad_request(format!(
                    "user {missing} is not a system user of this organization"
                )));
            }
            let mut out = Vec::new();
            for user in &ids {
                let job = UserStateJob {
                    id: store.new_id(),
                    org: ctx.org.clone(),
                    user_id: user.clone(),
                    state: state.clone(),
                    scheduled_ms: when,
                    send_activation_emails: send,
                    applied: false,
                };
                out.push(userstate_json(&job));
                store.userstate_jobs.insert(job.id.clone(), job);
            }
            Ok(out)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(Value::Array(out))).into_response())
}

/// `GET /api/v2/bulk/userstates[?userid=..]`: scheduled changes not yet applied.
pub async fn userstates_list(
    st: St,
    Extension(ctx): Extension<Ctx>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let q = Query::parse(raw.as_deref());
    let limit = q.int("limit", 10, 0, Some(100))? as usize;
    let skip = q.int("skip", 0, 0, None)? as usize;
    let user = q.get("userid").filter(|u| !u.is_empty());
    if let Some(u) = user {
        object_id(u, "user")?;
    }
    let store = st.read();
    let mut jobs: Vec<&UserStateJob> = store
        .userstate_jobs
        .values()
        .filter(|j| j.org == ctx.org && !j.applied && user.is_none_or(|u| j.user_id == u))
        .collect();
    jobs.sort_by_key(|j| (j.scheduled_ms, j.id.clone()));
    let total = jobs.len();
    let page = jobs
        .iter()
        .skip(skip)
        .take(limit)
        .map(|j| userstate_json(j))
        .collect();
    Ok(array_response(page, total))
}

/// `DELETE /api/v2/bulk/userstates/{id}` → 204
pub async fn userstates_delete(
    st: St,
    Extension(ctx): Extension<Ctx>,
    PathId(id): PathId,
) -> ApiResult<Response> {
    object_id(&id, "scheduled job")?;
    st.mutate(|store| {
        match store.userstate_jobs.get(&id) {
            Some(j) if j.org == ctx.org && !j.applied => {}
            _ => return Err(ApiError::not_found(format!("scheduled job {id}"))),
        }
        store.userstate_jobs.remove(&id);
        Ok(())
    })
    .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Applies scheduled state changes whose start date has passed (run before each request).
pub async fn apply_due_userstates(state: &AppState) -> ApiResult<()> {
    let now = now_millis();
    let due = state
        .read()
        .userstate_jobs
        .values()
        .any(|j| !j.applied && j.scheduled_ms <= now);
    if !due {
        return Ok(());
    }
    state
        .mutate(|store| {
            let mut ready: Vec<(i64, String)> = store
                .userstate_jobs
                .values()
                .filter(|j| !j.applied && j.scheduled_ms <= now)
                .map(|j| (j.scheduled_ms, j.id.clone()))
                .collect();
            ready.sort();
            for (_, id) in ready {
                let Some(job) = store.userstate_jobs.remove(&id) else {
                    continue;
                };
                store.users.update(&job.user_id, |u| {
                    u.edit_doc(|d| userdoc::set_state(d, &job.state))
                });
            }
            Ok(())
        })
        .await
}
