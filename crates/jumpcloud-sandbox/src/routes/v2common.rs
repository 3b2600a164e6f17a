//! Helpers for V2 routes: bare-array responses with `x-total-count`, list parameters, graph
//! connection objects.

use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::error::ApiResult;
use crate::filters::{project, sort_docs, Expr};
use crate::query::{parse_fields, parse_sort, Query, SortKeys};

/// A bare JSON array with the total in the `x-total-count` header.
pub fn array_response(items: Vec<Value>, total: usize) -> Response {
    let mut r = Json(Value::Array(items)).into_response();
    r.headers_mut()
        .insert("x-total-count", HeaderValue::from(total));
    r
}

/// `limit` (default 10, at most 100), `skip`, comma-separated `sort` and `fields`, repeated `filter`.
pub struct V2List {
    pub limit: usize,
    pub skip: usize,
    pub sort: SortKeys,
    pub fields: Option<Vec<String>>,
    pub filter: Expr,
}

impl V2List {
    pub fn parse(q: &Query) -> ApiResult<Self> {
        Ok(V2List {
            limit: q.int("limit", 10, 0, Some(100))? as usize,
            skip: q.int("skip", 0, 0, None)? as usize,
            sort: parse_sort(q.get("sort")),
            fields: parse_fields(q.get("fields")),
            filter: Expr::from_v2_query(q)?,
        })
    }

    /// Filters, sorts, pages and projects; returns the page and the filtered total.
    pub fn apply(&self, docs: &[Map<String, Value>]) -> (Vec<Value>, usize) {
        let mut refs: Vec<&Map<String, Value>> =
            docs.iter().filter(|d| self.filter.matches(d)).collect();
        let total = refs.len();
        sort_docs(&mut refs, &self.sort, "id");
        let page = refs
            .iter()
            .skip(self.skip)
            .take(self.limit)
            .map(|d| project(d, self.fields.as_deref(), "id"))
            .collect();
        (page, total)
    }

    pub fn respond(&self, docs: &[Map<String, Value>]) -> Response {
        let (page, total) = self.apply(docs);
        array_response(page, total)
    }
}

/// `{"to": {"id", "type"}, "attributes"?}`
pub fn connection(to_id: &str, to_type: &str, attributes: Option<&Value>) -> Value {
    let mut c = json!({"to": {"id": to_id, "type": to_type}});
    if let (Some(a), Some(obj)) = (attributes.filter(|a| a.is_object()), c.as_object_mut()) {
        obj.insert("attributes".into(), a.clone());
    }
    c
}

pub fn as_map(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}
