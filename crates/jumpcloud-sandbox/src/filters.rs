//! Filters: V1 `field:$op:value` strings, Mongo-style search bodies, V2 `field:op:value`
//! strings and text search; plus sorting and field projection over JSON documents.

use std::borrow::Cow;
use std::cmp::Ordering;

use regex::Regex;
use serde_json::{Map, Value};

use crate::error::{ApiError, ApiResult};
use crate::query::{Query, SortKeys};

/// A compiled filter expression.
#[derive(Debug)]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Field { path: String, ops: Vec<Op> },
}

#[derive(Debug)]
pub enum Op {
    Eq(Value),
    Ne(Value),
    Gt(Value),
    Gte(Value),
    Lt(Value),
    Lte(Value),
    In(Vec<Value>),
    Nin(Vec<Value>),
    Exists(bool),
    Regex(Regex),
    /// V2 `search`: case-insensitive substring.
    Contains(String),
}

/// A document whose top-level fields can be read: a JSON object, or a stored user (whose
/// fields may be rebuilt when read, hence the `Cow`).
pub trait Fields {
    fn field(&self, key: &str) -> Option<Cow<'_, Value>>;
}

impl<T: Fields + ?Sized> Fields for &T {
    fn field(&self, key: &str) -> Option<Cow<'_, Value>> {
        (**self).field(key)
    }
}

impl Fields for Map<String, Value> {
    fn field(&self, key: &str) -> Option<Cow<'_, Value>> {
        self.get(key).map(Cow::Borrowed)
    }
}

fn descend<'a, 'p>(mut cur: &'a Value, parts: impl Iterator<Item = &'p str>) -> Option<&'a Value> {
    for p in parts {
        cur = match cur {
            Value::Object(m) => m.get(p)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// Looks up a dotted path (`recoveryEmail.address`) in a document.
pub fn get_path<'a>(doc: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    descend(doc.get(parts.next()?)?, parts)
}

/// [`get_path`] for any [`Fields`].
pub fn lookup<'a, D: Fields + ?Sized>(doc: &'a D, path: &str) -> Option<Cow<'a, Value>> {
    let mut parts = path.split('.');
    match doc.field(parts.next()?)? {
        Cow::Borrowed(top) => descend(top, parts).map(Cow::Borrowed),
        Cow::Owned(top) => {
            let mut parts = parts.peekable();
            if parts.peek().is_none() {
                Some(Cow::Owned(top))
            } else {
                descend(&top, parts).cloned().map(Cow::Owned)
            }
        }
    }
}

fn type_rank(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Number(_) => 1,
        Value::String(_) => 2,
        Value::Object(_) => 3,
        Value::Array(_) => 4,
        Value::Bool(_) => 5,
    }
}

/// Total order over JSON values (Mongo-like type order first).
pub fn cmp_values(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .unwrap_or(0.0)
            .partial_cmp(&y.as_f64().unwrap_or(0.0))
            .unwrap_or(Ordering::Equal),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => type_rank(a).cmp(&type_rank(b)),
    }
}

/// Brings a literal to the document value's type when the literal came from a query string.
fn coerce<'a>(doc: &Value, lit: &'a Value) -> std::borrow::Cow<'a, Value> {
    use std::borrow::Cow;
    match (doc, lit) {
        (Value::Number(_), Value::String(s)) => s
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(|n| Cow::Owned(Value::Number(n)))
            .unwrap_or(Cow::Borrowed(lit)),
        (Value::Bool(_), Value::String(s)) => match s.as_str() {
            "true" => Cow::Owned(Value::Bool(true)),
            "false" => Cow::Owned(Value::Bool(false)),
            _ => Cow::Borrowed(lit),
        },
        (Value::Null, Value::String(s)) if s == "null" => Cow::Owned(Value::Null),
        _ => Cow::Borrowed(lit),
    }
}

/// Compares a document value with a literal; `None` when they are of different kinds.
fn compare(doc: &Value, lit: &Value) -> Option<Ordering> {
    let lit = coerce(doc, lit);
    (type_rank(doc) == type_rank(&lit)).then(|| cmp_values(doc, &lit))
}

fn equals(doc: Option<&Value>, lit: &Value) -> bool {
    let doc = doc.unwrap_or(&Value::Null);
    if let Value::Array(items) = doc {
        if !lit.is_array() {
            return items
                .iter()
                .any(|i| compare(i, lit) == Some(Ordering::Equal));
        }
    }
    if doc.is_null() && matches!(lit, Value::String(s) if s.is_empty()) {
        return true;
    }
    compare(doc, lit) == Some(Ordering::Equal)
}

impl Op {
    fn matches(&self, v: Option<&Value>) -> bool {
        let ord = |lit: &Value, want: &[Ordering]| {
            v.and_then(|d| compare(d, lit))
                .is_some_and(|o| want.contains(&o))
        };
        match self {
            Op::Eq(lit) => equals(v, lit),
            Op::Ne(lit) => !equals(v, lit),
            Op::Gt(lit) => ord(lit, &[Ordering::Greater]),
            Op::Gte(lit) => ord(lit, &[Ordering::Greater, Ordering::Equal]),
            Op::Lt(lit) => ord(lit, &[Ordering::Less]),
            Op::Lte(lit) => ord(lit, &[Ordering::Less, Ordering::Equal]),
            Op::In(list) => list.iter().any(|l| equals(v, l)),
            Op::Nin(list) => !list.iter().any(|l| equals(v, l)),
            Op::Exists(want) => v.is_some_and(|x| !x.is_null()) == *want,
            Op::Regex(re) => match v {
                Some(Value::String(s)) => re.is_match(s),
                Some(Value::Array(items)) => items
                    .iter()
                    .any(|i| i.as_str().is_some_and(|s| re.is_match(s))),
                _ => false,
            },
            Op::Contains(needle) => v
                .map(scalar_text)
                .is_some_and(|s| s.to_lowercase().contains(needle)),
        }
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn compile_regex(pattern: &str, options: &str) -> ApiResult<Regex> {
    let mut flags = String::new();
    for c in options.chars() {
        match c {
            'i' | 'm' | 's' | 'x' => flags.push(c),
            _ => {}
        }
    }
    let full = if flags.is_empty() {
        pattern.to_string()
    } else {
        format!("(?{flags}){pattern}")
    };
    regex::RegexBuilder::new(&full)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| ApiError::bad_request(format!("invalid $regex {pattern:?}: {e}")))
}

impl Expr {
    pub fn matches<D: Fields + ?Sized>(&self, doc: &D) -> bool {
        match self {
            Expr::And(list) => list.iter().all(|e| e.matches(doc)),
            Expr::Or(list) => list.is_empty() || list.iter().any(|e| e.matches(doc)),
            Expr::Field { path, ops } => {
                let v = lookup(doc, path);
                ops.iter().all(|op| op.matches(v.as_deref()))
            }
        }
    }

    /// True when every document matches (an empty `And`, possibly nested).
    pub fn is_empty(&self) -> bool {
        match self {
            Expr::And(list) => list.iter().all(Expr::is_empty),
            Expr::Or(list) => list.is_empty(),
            Expr::Field { .. } => false,
        }
    }

    /// A string that one of `paths` must equal for a document to match, if the expression
    /// demands one (a `$eq` with a string literal, at the top or inside `And`s). Only literals a
    /// missing or null value can never equal are given (not `""`, not `"null"`), so every match
    /// has the field set to that string, or to a value that is not a string at all (an array
    /// holding it, a number or boolean it coerces to).
    pub fn required_string<'a>(&'a self, paths: &[&str]) -> Option<(&'a str, &'a str)> {
        match self {
            Expr::And(list) => list.iter().find_map(|e| e.required_string(paths)),
            Expr::Or(_) => None,
            Expr::Field { path, ops } if paths.contains(&path.as_str()) => {
                ops.iter().find_map(|op| match op {
                    Op::Eq(Value::String(s)) if !s.is_empty() && s != "null" => {
                        Some((path.as_str(), s.as_str()))
                    }
                    _ => None,
                })
            }
            Expr::Field { .. } => None,
        }
    }

    /// `field:$op:value` (V1). Values are strings, coerced to the field's type when compared.
    /// The `$` may be left out (`username:eq:jdoe`), as JumpCloud's PowerShell module does.
    pub fn parse_v1(spec: &str) -> ApiResult<Expr> {
        let bad = || {
            ApiError::bad_request(format!(
                "invalid filter {spec:?}: expected <field>:<operator>:<value> with operator $eq, $ne, $gt, $gte, $lt or $lte"
            ))
        };
        let mut parts = spec.splitn(3, ':');
        let (Some(field), Some(op), Some(value)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if field.is_empty() {
            return Err(bad());
        }
        let lit = Value::String(value.to_string());
        let op = match op.strip_prefix('$').unwrap_or(op) {
            "eq" => Op::Eq(lit),
            "ne" => Op::Ne(lit),
            "gt" => Op::Gt(lit),
            "gte" => Op::Gte(lit),
            "lt" => Op::Lt(lit),
            "lte" => Op::Lte(lit),
            "in" => Op::In(value.split('|').map(|s| Value::String(s.into())).collect()),
            _ => return Err(bad()),
        };
        Ok(Expr::Field {
            path: field.to_string(),
            ops: vec![op],
        })
    }

    /// `field:op:value` (V2: eq, ne, gt, ge, lt, le, between, search, in).
    pub fn parse_v2(spec: &str) -> ApiResult<Expr> {
        let bad = || {
            ApiError::bad_request(format!(
                "invalid filter {spec:?}: expected <field>:<operator>:<value> with operator eq, ne, gt, ge, lt, le, between, search or in"
            ))
        };
        let mut parts = spec.splitn(3, ':');
        let (Some(field), Some(op), Some(value)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if field.is_empty() {
            return Err(bad());
        }
        let lit = Value::String(value.to_string());
        let ops = match op {
            "eq" => vec![Op::Eq(lit)],
            "ne" => vec![Op::Ne(lit)],
            "gt" => vec![Op::Gt(lit)],
            "ge" => vec![Op::Gte(lit)],
            "lt" => vec![Op::Lt(lit)],
            "le" => vec![Op::Lte(lit)],
            "in" => vec![Op::In(
                value.split('|').map(|s| Value::String(s.into())).collect(),
            )],
            "search" => vec![Op::Contains(value.to_lowercase())],
            "between" => {
                let (lo, hi) = value.split_once(',').ok_or_else(bad)?;
                vec![
                    Op::Gte(Value::String(lo.into())),
                    Op::Lte(Value::String(hi.into())),
                ]
            }
            _ => return Err(bad()),
        };
        Ok(Expr::Field {
            path: field.to_string(),
            ops,
        })
    }

    /// All repeated `filter=` keys of a V2 list call, ANDed.
    pub fn from_v2_query(q: &Query) -> ApiResult<Expr> {
        q.all("filter")
            .filter(|v| !v.is_empty())
            .map(Expr::parse_v2)
            .collect::<ApiResult<Vec<_>>>()
            .map(Expr::And)
    }

    /// The `filter` of a search body: an array of expression objects (ANDed), or an object with
    /// `and` / `or`, or a single expression object. An expression may also be a V1 filter string
    /// (`"_id:$eq:<id>"`), as JumpCloud's `Get-JCScheduledUserstate` sends inside `or`.
    pub fn parse_search(v: &Value) -> ApiResult<Expr> {
        match v {
            Value::Null => Ok(Expr::And(vec![])),
            Value::String(s) => Expr::parse_v1(s),
            Value::Array(items) => items
                .iter()
                .map(Expr::parse_search)
                .collect::<ApiResult<Vec<_>>>()
                .map(Expr::And),
            Value::Object(m) => {
                let mut all = Vec::new();
                for (k, v) in m {
                    all.push(match k.as_str() {
                        "and" | "$and" => Expr::And(expr_list(k, v)?),
                        "or" | "$or" => Expr::Or(expr_list(k, v)?),
                        _ => Expr::Field {
                            path: k.clone(),
                            ops: parse_ops(k, v)?,
                        },
                    });
                }
                Ok(Expr::And(all))
            }
            _ => Err(ApiError::bad_request(
                "filter must be an object or an array of objects",
            )),
        }
    }
}

fn expr_list(k: &str, v: &Value) -> ApiResult<Vec<Expr>> {
    match v {
        Value::Array(items) => items.iter().map(Expr::parse_search).collect(),
        _ => Err(ApiError::bad_request(format!(
            "filter {k:?} must be an array"
        ))),
    }
}

fn parse_ops(field: &str, v: &Value) -> ApiResult<Vec<Op>> {
    let Value::Object(m) = v else {
        return Ok(vec![Op::Eq(v.clone())]);
    };
    if m.is_empty() || !m.keys().all(|k| k.starts_with('$')) {
        return Ok(vec![Op::Eq(v.clone())]);
    }
    let list = |x: &Value| -> ApiResult<Vec<Value>> {
        x.as_array()
            .cloned()
            .ok_or_else(|| ApiError::bad_request(format!("{field}: $in/$nin need an array")))
    };
    let mut ops = Vec::new();
    for (op, arg) in m {
        ops.push(match op.as_str() {
            "$eq" => Op::Eq(arg.clone()),
            "$ne" => Op::Ne(arg.clone()),
            "$gt" => Op::Gt(arg.clone()),
            "$gte" => Op::Gte(arg.clone()),
            "$lt" => Op::Lt(arg.clone()),
            "$lte" => Op::Lte(arg.clone()),
            "$in" => Op::In(list(arg)?),
            "$nin" => Op::Nin(list(arg)?),
            "$exists" => Op::Exists(arg.as_bool().unwrap_or(true)),
            "$options" => continue,
            "$regex" => {
                let pattern = arg.as_str().ok_or_else(|| {
                    ApiError::bad_request(format!("{field}: $regex needs a string"))
                })?;
                let options = m.get("$options").and_then(Value::as_str).unwrap_or("");
                Op::Regex(compile_regex(pattern, options)?)
            }
            other => {
                return Err(ApiError::bad_request(format!(
                    "unsupported operator {other:?} on {field:?}"
                )))
            }
        });
    }
    Ok(ops)
}

/// Text search: any of `terms` appears (case-insensitively) in any of `fields`.
#[derive(Debug, Clone)]
pub struct TextSearch {
    pub terms: Vec<String>,
    pub fields: Vec<String>,
}

const DEFAULT_SEARCH_FIELDS: &[&str] =
    &["username", "email", "firstname", "lastname", "displayname"];

impl TextSearch {
    fn new(terms: Vec<String>, fields: Vec<String>) -> Option<Self> {
        let terms: Vec<String> = terms
            .into_iter()
            .filter(|t| !t.is_empty())
            .map(|t| t.to_lowercase())
            .collect();
        if terms.is_empty() {
            return None;
        }
        let fields = if fields.is_empty() {
            DEFAULT_SEARCH_FIELDS
                .iter()
                .map(|s| s.to_string())
                .collect()
        } else {
            fields
        };
        Some(TextSearch { terms, fields })
    }

    /// `search[searchTerm]=..&search[fields]=..` (also `[]`/`[n]` forms), or a bare `search=term`.
    pub fn from_query(q: &Query) -> Option<Self> {
        let mut terms = Vec::new();
        let mut fields = Vec::new();
        for (k, v) in &q.0 {
            if k == "search" {
                terms.push(v.clone());
            } else if let Some(rest) = k.strip_prefix("search[searchTerm]") {
                if rest.is_empty() || rest.starts_with('[') {
                    terms.push(v.clone());
                }
            } else if let Some(rest) = k.strip_prefix("search[fields]") {
                if rest.is_empty() || rest.starts_with('[') {
                    fields.extend(
                        v.split([' ', ','])
                            .filter(|s| !s.is_empty())
                            .map(str::to_string),
                    );
                }
            }
        }
        Self::new(terms, fields)
    }

    /// The `searchFilter` object of a search body.
    pub fn from_body(v: &Value) -> ApiResult<Option<Self>> {
        let bad = || {
            ApiError::bad_request(
                "searchFilter must be {\"searchTerm\": string or [string], \"fields\": [string]}",
            )
        };
        match v {
            Value::Null => Ok(None),
            Value::Object(m) => {
                let terms = match m.get("searchTerm") {
                    None | Some(Value::Null) => vec![],
                    Some(Value::String(s)) => vec![s.clone()],
                    Some(Value::Array(a)) => a
                        .iter()
                        .map(|t| t.as_str().map(str::to_string).ok_or_else(bad))
                        .collect::<ApiResult<_>>()?,
                    Some(_) => return Err(bad()),
                };
                let fields = match m.get("fields") {
                    None | Some(Value::Null) => vec![],
                    Some(Value::String(s)) => s
                        .split([' ', ','])
                        .filter(|x| !x.is_empty())
                        .map(str::to_string)
                        .collect(),
                    Some(Value::Array(a)) => a
                        .iter()
                        .map(|t| t.as_str().map(str::to_string).ok_or_else(bad))
                        .collect::<ApiResult<_>>()?,
                    Some(_) => return Err(bad()),
                };
                Ok(Self::new(terms, fields))
            }
            _ => Err(bad()),
        }
    }

    pub fn matches<D: Fields + ?Sized>(&self, doc: &D) -> bool {
        self.fields.iter().any(|f| {
            lookup(doc, f).is_some_and(|v| {
                let text = scalar_text(&v).to_lowercase();
                self.terms.iter().any(|t| text.contains(t.as_str()))
            })
        })
    }
}

/// Sorts documents by the given keys, then by `id_key` so paging is stable.
/// Each document's sort values are looked up once, not at every comparison.
pub fn sort_docs(docs: &mut [&Map<String, Value>], keys: &SortKeys, id_key: &str) {
    static NULL: Value = Value::Null;
    if keys.is_empty()
        && docs.is_sorted_by(|a, b| {
            cmp_values(
                a.get(id_key).unwrap_or(&NULL),
                b.get(id_key).unwrap_or(&NULL),
            )
            .is_le()
        })
    {
        // The store keeps records in id order: nothing to do.
        return;
    }
    let mut keyed: Vec<(Vec<&Value>, &Value, &Map<String, Value>)> = docs
        .iter()
        .map(|d| {
            let values = keys
                .iter()
                .map(|(path, _)| get_path(d, path).unwrap_or(&NULL))
                .collect();
            (values, d.get(id_key).unwrap_or(&NULL), *d)
        })
        .collect();
    keyed.sort_by(|a, b| {
        for (i, (_, desc)) in keys.iter().enumerate() {
            let o = cmp_values(a.0[i], b.0[i]);
            if o != Ordering::Equal {
                return if *desc { o.reverse() } else { o };
            }
        }
        cmp_values(a.1, b.1)
    });
    for (slot, (_, _, doc)) in docs.iter_mut().zip(keyed) {
        *slot = doc;
    }
}

/// The order of [`sort_docs`] between two documents' sort values (one per key) and ids.
pub fn cmp_sort_values(
    keys: &SortKeys,
    a: (&[Cow<Value>], &Value),
    b: (&[Cow<Value>], &Value),
) -> Ordering {
    for (i, (_, desc)) in keys.iter().enumerate() {
        let o = cmp_values(&a.0[i], &b.0[i]);
        if o != Ordering::Equal {
            return if *desc { o.reverse() } else { o };
        }
    }
    cmp_values(a.1, b.1)
}

/// Keeps only the listed top-level fields (a dotted field keeps its top-level parent) plus `id_key`.
pub fn project(doc: &Map<String, Value>, fields: Option<&[String]>, id_key: &str) -> Value {
    let Some(fields) = fields else {
        return Value::Object(doc.clone());
    };
    let mut out = Map::new();
    if let Some(id) = doc.get(id_key) {
        out.insert(id_key.to_string(), id.clone());
    }
    for f in fields {
        let top = f.split('.').next().unwrap_or(f);
        if let Some(v) = doc.get(top) {
            out.insert(top.to_string(), v.clone());
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn v1_filters_coerce_types() {
        let d = doc(
            json!({"username": "ann", "sudo": true, "unix_uid": 5003, "recoveryEmail": {"address": "a@b.c"}}),
        );
        let t = |s: &str| Expr::parse_v1(s).map(|e| e.matches(&d)).unwrap_or(false);
        assert!(t("username:$eq:ann"));
        assert!(t("sudo:$eq:true"));
        assert!(t("unix_uid:$gt:5000"));
        assert!(!t("unix_uid:$lt:5000"));
        assert!(t("recoveryEmail.address:$eq:a@b.c"));
        assert!(t("department:$ne:Sales"));
        assert!(t("username:eq:ann"));
        assert!(t("unix_uid:gte:5003"));
        assert!(!t("unix_uid:lt:5000"));
        assert!(Expr::parse_v1("username:like:ann").is_err());
        assert!(Expr::parse_v1("username:$:ann").is_err());
    }

    #[test]
    fn search_body_filters() {
        let d = doc(
            json!({"username": "JDoe", "state": "SUSPENDED", "created": "2024-01-01T00:00:00.000Z"}),
        );
        let f = Expr::parse_search(
            &json!([{"username": {"$regex": "(?i)(^jdoe$)"}, "state": "SUSPENDED"}]),
        )
        .expect("valid filter");
        assert!(f.matches(&d));
        let f = Expr::parse_search(
            &json!({"or": [{"state": "ACTIVATED"}, {"created": {"$lt": "2025-01-01"}}]}),
        )
        .expect("valid filter");
        assert!(f.matches(&d));
        assert!(Expr::parse_search(&json!([{"x": {"$bogus": 1}}])).is_err());
        let f = Expr::parse_search(&json!({"or": ["username:$eq:nobody", "state:$eq:SUSPENDED"]}))
            .expect("valid filter");
        assert!(f.matches(&d));
        assert!(Expr::parse_search(&json!({"or": ["nope"]})).is_err());
    }
}
