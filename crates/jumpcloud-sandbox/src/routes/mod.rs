//! The HTTP routes, one module per API area, and small helpers they share.

pub mod bulk;
mod orgs;
mod paths;
mod systemusers;
mod v2_directories;
mod v2_graph;
mod v2_groups;
mod v2common;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::{Method, Uri};
use axum::middleware::from_fn_with_state;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use serde_json::Value;

use crate::auth::auth_layer;
use crate::error::{ApiError, ApiResult};
use crate::ids::is_object_id;
use crate::knobs::knobs_layer;
use crate::state::AppState;

pub use paths::canonical_uri;

pub type St = axum::extract::State<Arc<AppState>>;

pub fn router(state: Arc<AppState>) -> Router {
    let api = Router::new()
        .route("/api/organizations", get(orgs::list))
        .route("/api/organizations/{id}", get(orgs::get).put(orgs::put))
        .route(
            "/api/systemusers",
            get(systemusers::list).post(systemusers::create),
        )
        .route(
            "/api/systemusers/{id}",
            get(systemusers::get)
                .put(systemusers::put)
                .delete(systemusers::delete),
        )
        .route(
            "/api/systemusers/{id}/state/activate",
            post(systemusers::activate),
        )
        .route(
            "/api/systemusers/{id}/state/suspend",
            post(systemusers::suspend),
        )
        .route("/api/search/systemusers", post(systemusers::search))
        .route("/api/v2/directories", get(v2_directories::list))
        .route(
            "/api/v2/gsuites/{id}",
            get(v2_directories::gsuite_get).patch(v2_directories::gsuite_patch),
        )
        .route(
            "/api/v2/office365s/{id}",
            get(v2_directories::office365_get).patch(v2_directories::office365_patch),
        )
        .route(
            "/api/v2/gsuites/{id}/import/users",
            get(v2_directories::gsuite_import_users),
        )
        .route(
            "/api/v2/gsuites/{id}/import/jumpcloudusers",
            get(v2_directories::gsuite_import_jumpcloudusers),
        )
        .route(
            "/api/v2/office365s/{id}/import/users",
            get(v2_directories::office365_import_users),
        )
        .route(
            "/api/v2/users/{id}/associations",
            get(v2_graph::user_list).post(v2_graph::user_post),
        )
        .route(
            "/api/v2/users/{id}/directories",
            get(v2_graph::user_directories),
        )
        .route("/api/v2/users/{id}/memberof", get(v2_graph::user_memberof))
        .route(
            "/api/v2/{kind}/{id}/associations",
            get(v2_graph::directory_list).post(v2_graph::directory_post),
        )
        .route("/api/v2/{kind}/{id}/users", get(v2_graph::directory_users))
        .route("/api/v2/groups", get(v2_groups::list_all))
        .route(
            "/api/v2/usergroups",
            get(v2_groups::list).post(v2_groups::create),
        )
        .route(
            "/api/v2/usergroups/{id}",
            get(v2_groups::get)
                .put(v2_groups::put)
                .delete(v2_groups::delete),
        )
        .route(
            "/api/v2/usergroups/{id}/members",
            get(v2_groups::members).post(v2_groups::members_post),
        )
        .route(
            "/api/v2/bulk/users",
            post(bulk::users_create).patch(bulk::users_update),
        )
        .route("/api/v2/bulk/users/{id}/results", get(bulk::users_results))
        .route(
            "/api/v2/bulk/userstates",
            get(bulk::userstates_list).post(bulk::userstates_create),
        )
        .route(
            "/api/v2/bulk/userstates/{id}",
            axum::routing::delete(bulk::userstates_delete),
        )
        .route_layer(from_fn_with_state(state.clone(), auth_layer));
    Router::new()
        .merge(api)
        .route("/oauth2/token", post(crate::oauth::token))
        .fallback(no_route)
        .method_not_allowed_fallback(no_method)
        .layer(from_fn_with_state(state.clone(), knobs_layer))
        .with_state(state)
}

async fn no_route(method: Method, uri: Uri) -> impl IntoResponse {
    ApiError::not_found(format!("no route for {method} {}", uri.path()))
}

async fn no_method(method: Method, uri: Uri) -> impl IntoResponse {
    ApiError::new(405, format!("Method Not Allowed: {method} {}", uri.path()))
}

/// The single `{id}`-style path parameter, any rejection turned into a JSON 400.
pub struct PathId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<String>::from_request_parts(parts, state)
            .await
            .map(|Path(id)| PathId(id))
            .map_err(|e| ApiError::bad_request(format!("invalid path: {e}")))
    }
}

/// Checks that a path id is a 24-hex ObjectId.
pub fn object_id(id: &str, what: &str) -> ApiResult<()> {
    if is_object_id(id) {
        Ok(())
    } else {
        Err(ApiError::bad_request(format!(
            "invalid {what} id {id:?}: must be a 24-character hex ObjectId"
        )))
    }
}

/// Parses a JSON request body. An empty body is `null` when allowed, a 400 otherwise.
pub fn json_body(bytes: &Bytes, allow_empty: bool) -> ApiResult<Value> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return if allow_empty {
            Ok(Value::Null)
        } else {
            Err(ApiError::bad_request("request body is required"))
        };
    }
    serde_json::from_slice(bytes)
        .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))
}

/// Parses a JSON body that must be an object.
pub fn json_object(bytes: &Bytes) -> ApiResult<serde_json::Map<String, Value>> {
    match json_body(bytes, false)? {
        Value::Object(m) => Ok(m),
        _ => Err(ApiError::bad_request("request body must be a JSON object")),
    }
}
