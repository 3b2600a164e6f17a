//! Helpers shared by the behaviour tests.
#![allow(dead_code, clippy::unwrap_used)]

use jumpcloud_sandbox::{RunningSandbox, SandboxBuilder};
use reqwest::{Method, RequestBuilder, Response};
use serde_json::Value;

pub struct Sb {
    pub sb: RunningSandbox,
    pub http: reqwest::Client,
    pub org: Option<String>,
}

pub async fn start() -> Sb {
    start_with(SandboxBuilder::new()).await
}

pub async fn start_with(b: SandboxBuilder) -> Sb {
    let sb = b.start().await.expect("sandbox starts");
    Sb {
        sb,
        http: reqwest::Client::new(),
        org: None,
    }
}

impl Sb {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.sb.base_url(), path)
    }

    /// A request with the sandbox's key (and `x-org-id` when set).
    pub fn req(&self, method: Method, path: &str) -> RequestBuilder {
        let mut r = self
            .http
            .request(method, self.url(path))
            .header("x-api-key", self.sb.api_key())
            .header("accept", "application/json");
        if let Some(org) = &self.org {
            r = r.header("x-org-id", org);
        }
        r
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        send(self.req(Method::GET, path)).await
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        send(self.req(Method::POST, path).json(&body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        send(self.req(Method::PUT, path).json(&body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> (u16, Value) {
        send(self.req(Method::PATCH, path).json(&body)).await
    }

    pub async fn delete(&self, path: &str) -> (u16, Value) {
        send(self.req(Method::DELETE, path)).await
    }

    /// All users of the org (paged by 100).
    pub async fn all_users(&self) -> Vec<Value> {
        let mut out = Vec::new();
        loop {
            let (code, body) = self
                .get(&format!(
                    "/api/systemusers?limit=100&skip={}&sort=_id",
                    out.len()
                ))
                .await;
            assert_eq!(code, 200, "{body}");
            let page = body["results"].as_array().cloned().unwrap_or_default();
            let total = body["totalCount"].as_u64().unwrap() as usize;
            out.extend(page.clone());
            if page.is_empty() || out.len() >= total {
                return out;
            }
        }
    }
}

pub async fn send(r: RequestBuilder) -> (u16, Value) {
    let resp: Response = r.send().await.expect("request is answered");
    let code = resp.status().as_u16();
    let text = resp.text().await.expect("body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("JSON body, got {text:?}"))
    };
    (code, body)
}

/// Asserts a JumpCloud-style error body.
pub fn assert_error(code: u16, body: &Value, want: u16) {
    assert_eq!(code, want, "unexpected status, body {body}");
    assert_eq!(body["code"], want, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert!(
        body["status"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}
