//! Query-string parsing for list endpoints (repeated keys, `filter[n]`, `search[...]`).

use crate::error::{ApiError, ApiResult};
use crate::filters::{Expr, TextSearch};

/// The decoded `key=value` pairs of a query string, in order, repeats kept.
#[derive(Debug, Default, Clone)]
pub struct Query(pub Vec<(String, String)>);

impl Query {
    pub fn parse(raw: Option<&str>) -> Self {
        Query(
            raw.map(|r| {
                form_urlencoded::parse(r.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default(),
        )
    }

    /// The last value given for `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// An integer parameter within `min..=max`, with JumpCloud-style messages.
    pub fn int(&self, key: &str, default: i64, min: i64, max: Option<i64>) -> ApiResult<i64> {
        let Some(raw) = self.get(key).filter(|v| !v.is_empty()) else {
            return Ok(default);
        };
        let v: i64 = raw.trim().parse().map_err(|_| {
            ApiError::bad_request(format!("request parameter {key:?} must be an integer"))
        })?;
        if v < min {
            return Err(ApiError::bad_request(format!(
                "request parameter {key:?} is below minimum value of {min}"
            )));
        }
        if let Some(max) = max {
            if v > max {
                return Err(ApiError::bad_request(format!(
                    "request parameter {key:?} exceeds maximum value of {max}"
                )));
            }
        }
        Ok(v)
    }

    /// A boolean parameter (`true`/`false`/`1`/`0`).
    pub fn bool(&self, key: &str) -> ApiResult<Option<bool>> {
        match self.get(key) {
            None | Some("") => Ok(None),
            Some("true") | Some("1") => Ok(Some(true)),
            Some("false") | Some("0") => Ok(Some(false)),
            Some(other) => Err(ApiError::bad_request(format!(
                "request parameter {key:?} must be a boolean, got {other:?}"
            ))),
        }
    }
}

/// Sort keys: field path and whether it is descending.
pub type SortKeys = Vec<(String, bool)>;

/// Splits a sort spec on spaces and commas; `-field` sorts descending.
pub fn parse_sort(spec: Option<&str>) -> SortKeys {
    spec.unwrap_or_default()
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(|s| match s.strip_prefix('-') {
            Some(f) => (f.to_string(), true),
            None => (s.trim_start_matches('+').to_string(), false),
        })
        .collect()
}

/// Splits a `fields` spec on spaces and commas; `None` when absent or empty.
pub fn parse_fields(spec: Option<&str>) -> Option<Vec<String>> {
    let fields: Vec<String> = spec
        .unwrap_or_default()
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    (!fields.is_empty()).then_some(fields)
}

/// The parameters of a V1 list call (`GET /api/systemusers` and friends).
#[derive(Debug)]
pub struct V1List {
    pub limit: usize,
    pub skip: usize,
    pub sort: SortKeys,
    pub fields: Option<Vec<String>>,
    pub filter: Expr,
    pub search: Option<TextSearch>,
}

fn is_and_filter_key(k: &str) -> bool {
    k == "filter"
        || k == "filter[]"
        || k.strip_prefix("filter[and][")
            .or_else(|| k.strip_prefix("filter["))
            .and_then(|r| r.strip_suffix(']'))
            .is_some_and(|n| n.is_empty() || n.bytes().all(|b| b.is_ascii_digit()))
}

fn is_or_filter_key(k: &str) -> bool {
    k == "filter[or]"
        || k.strip_prefix("filter[or][")
            .and_then(|r| r.strip_suffix(']'))
            .is_some_and(|n| n.is_empty() || n.bytes().all(|b| b.is_ascii_digit()))
}

impl V1List {
    pub fn parse(q: &Query, max_limit: i64) -> ApiResult<Self> {
        let limit = q.int("limit", 10, 0, Some(max_limit))? as usize;
        let skip = q.int("skip", 0, 0, None)? as usize;
        let mut and = Vec::new();
        let mut or = Vec::new();
        for (k, v) in &q.0 {
            if v.is_empty() {
                continue;
            }
            if is_or_filter_key(k) {
                or.push(Expr::parse_v1(v)?);
            } else if is_and_filter_key(k) {
                and.push(Expr::parse_v1(v)?);
            }
        }
        if !or.is_empty() {
            and.push(Expr::Or(or));
        }
        Ok(V1List {
            limit,
            skip,
            sort: parse_sort(q.get("sort")),
            fields: parse_fields(q.get("fields")),
            filter: Expr::And(and),
            search: TextSearch::from_query(q),
        })
    }
}
