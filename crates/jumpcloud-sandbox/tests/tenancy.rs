//! Multi-tenant administrators and the `x-org-id` header.
#![allow(clippy::unwrap_used)]

mod common;

use common::{assert_error, send, start, start_with};
use jumpcloud_sandbox::SandboxBuilder;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn multi_tenant_key_must_name_the_org() {
    let mut s = start_with(SandboxBuilder::new().multi_tenant_orgs(3).seed_users(6)).await;
    let (code, body) = s.get("/api/systemusers").await;
    assert_error(code, &body, 401);
    let (code, body) = send(
        s.req(Method::GET, "/api/systemusers")
            .header("x-org-id", "abc"),
    )
    .await;
    assert_error(code, &body, 400);
    let (code, body) = send(
        s.req(Method::GET, "/api/systemusers")
            .header("x-org-id", "0123456789abcdef01234567"),
    )
    .await;
    assert_error(code, &body, 404);

    let (code, orgs) = s.get("/api/organizations").await;
    assert_eq!(code, 200);
    assert_eq!(orgs["totalCount"], 3);
    let ids: Vec<String> = orgs["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids[0], s.sb.org_id());

    s.org = Some(ids[1].clone());
    let second = s.all_users().await;
    assert_eq!(second.len(), 6);
    assert!(second.iter().all(|u| u["organization"] == ids[1].as_str()));
    assert!(second
        .iter()
        .all(|u| !u["email"].as_str().unwrap().ends_with("@example.com")));
    let (code, u) = s
        .post(
            "/api/systemusers",
            json!({"username": "only2", "email": "only2@example.com"}),
        )
        .await;
    assert_eq!(code, 200);

    s.org = Some(ids[0].clone());
    let first = s.all_users().await;
    assert_eq!(first.len(), 6);
    let (code, body) = s
        .get(&format!("/api/systemusers/{}", u["_id"].as_str().unwrap()))
        .await;
    assert_error(code, &body, 404);
    // The same username is free in another org.
    let (code, _) = s
        .post(
            "/api/systemusers",
            json!({"username": "only2", "email": "only2@example.com"}),
        )
        .await;
    assert_eq!(code, 200);

    // Organization routes refuse x-org-id.
    let (code, body) = s.get("/api/organizations").await;
    assert_error(code, &body, 403);
}

#[tokio::test]
async fn single_tenant_may_send_its_own_org() {
    let mut s = start().await;
    s.org = Some(s.sb.org_id().to_string());
    let (code, _) = s.get("/api/systemusers").await;
    assert_eq!(code, 200);
    s.org = Some("0123456789abcdef01234567".into());
    let (code, body) = s.get("/api/systemusers").await;
    assert_error(code, &body, 404);
}
