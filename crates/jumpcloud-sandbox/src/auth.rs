//! `x-api-key` (or service-account bearer token) authentication and `x-org-id` tenant selection.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, ApiResult};
use crate::ids::is_object_id;
use crate::oauth::bearer_token;
use crate::state::AppState;

/// Who is calling and for which organization. Inserted into request extensions.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The organization the request acts on.
    pub org: String,
    /// Every organization the key administers.
    pub orgs: Vec<String>,
}

/// Routes that refuse `x-org-id` ("403 ID included on unsupported route").
fn refuses_org_header(path: &str) -> bool {
    path.starts_with("/api/organizations")
        || path.starts_with("/api/search/organizations")
        || path.starts_with("/api/v2/organizations")
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).map(|v| v.to_str().unwrap_or("\u{fffd}"))
}

pub fn authenticate(state: &AppState, path: &str, headers: &HeaderMap) -> ApiResult<Ctx> {
    let orgs = if let Some(key) = header(headers, "x-api-key").filter(|k| !k.is_empty()) {
        state
            .read()
            .keys
            .get(key)
            .cloned()
            .ok_or_else(|| ApiError::unauthorized("Unauthorized"))?
    } else if let Some(token) = bearer_token(headers) {
        let mut err = ApiError::unauthorized("Unauthorized: invalid or expired access token");
        err.www_authenticate = Some(r#"Bearer error="invalid_token""#);
        state
            .oauth
            .orgs_for_token(token)
            .map(|orgs| orgs.as_ref().clone())
            .ok_or(err)?
    } else {
        return Err(ApiError::unauthorized("Unauthorized"));
    };
    let default = orgs.first().cloned().unwrap_or_default();
    // An empty `x-org-id` counts as absent: jcapi-python's generated calls send `x-org-id: `
    // (their documented default is "") and worked against the live API.
    let org_header = header(headers, "x-org-id").filter(|id| !id.is_empty());
    if refuses_org_header(path) {
        if org_header.is_some() {
            return Err(ApiError::forbidden(
                "Forbidden: x-org-id is not supported on this route",
            ));
        }
        return Ok(Ctx { org: default, orgs });
    }
    let org = match org_header {
        None if orgs.len() > 1 => {
            return Err(ApiError::unauthorized(
                "Unauthorized: x-org-id header is required for multi-tenant administrators",
            ))
        }
        None => default,
        Some(id) if !is_object_id(id) => {
            return Err(ApiError::bad_request(format!("malformed x-org-id {id:?}")))
        }
        Some(id) if !orgs.iter().any(|o| o == id) => {
            return Err(ApiError::not_found(format!("organization {id}")))
        }
        Some(id) => id.to_string(),
    };
    Ok(Ctx { org, orgs })
}

/// Middleware for everything under `/api`.
pub async fn auth_layer(
    State(state): State<Arc<AppState>>,
    mut req: Request,
    next: Next,
) -> Response {
    let ctx = match authenticate(&state, req.uri().path(), req.headers()) {
        Ok(ctx) => ctx,
        Err(e) => return e.into_response(),
    };
    if let Err(e) = crate::routes::bulk::apply_due_userstates(&state).await {
        return e.into_response();
    }
    req.extensions_mut().insert(ctx);
    next.run(req).await
}
