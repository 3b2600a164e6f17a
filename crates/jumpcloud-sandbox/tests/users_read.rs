//! V1 reads: auth, listing, paging, sorting, single users, organizations.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashSet;

use common::{assert_error, send, start, start_with};
use jumpcloud_sandbox::SandboxBuilder;
use reqwest::Method;
use serde_json::Value;

#[tokio::test]
async fn missing_or_wrong_key_is_401() {
    let s = start().await;
    let (code, body) = send(s.http.get(s.url("/api/systemusers"))).await;
    assert_error(code, &body, 401);
    assert_eq!(body["status"], "UNAUTHENTICATED");
    let (code, body) = send(
        s.http
            .get(s.url("/api/systemusers"))
            .header("x-api-key", "nope"),
    )
    .await;
    assert_error(code, &body, 401);
}

#[tokio::test]
async fn custom_key_is_honoured() {
    let s = start_with(SandboxBuilder::new().api_key("k-123")).await;
    assert_eq!(s.sb.api_key(), "k-123");
    let (code, _) = s.get("/api/systemusers").await;
    assert_eq!(code, 200);
}

#[tokio::test]
async fn base_url_has_no_trailing_slash() {
    let s = start().await;
    let url = s.sb.base_url();
    assert_eq!(url, format!("http://127.0.0.1:{}", s.sb.port()));
    assert!(s.sb.port() != 0);
}

#[tokio::test]
async fn list_defaults_to_ten_with_total() {
    let s = start().await;
    let (code, body) = s.get("/api/systemusers").await;
    assert_eq!(code, 200);
    assert_eq!(body["totalCount"], 40);
    assert_eq!(body["results"].as_array().unwrap().len(), 10);
}

#[tokio::test]
async fn limit_over_100_is_400_with_observed_message() {
    let s = start().await;
    let (code, body) = s.get("/api/systemusers?limit=101").await;
    assert_error(code, &body, 400);
    assert_eq!(
        body["message"],
        "Bad Request: request parameter \"limit\" exceeds maximum value of 100"
    );
    let (code, body) = s.get("/api/systemusers?limit=abc").await;
    assert_error(code, &body, 400);
    let (code, body) = s.get("/api/systemusers?skip=-1").await;
    assert_error(code, &body, 400);
}

#[tokio::test]
async fn skip_pages_without_overlap() {
    let s = start().await;
    let all = s.all_users().await;
    assert_eq!(all.len(), 40);
    let ids: HashSet<_> = all
        .iter()
        .map(|u| u["_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 40);
    let (_, p2) = s.get("/api/systemusers?limit=5&skip=5&sort=_id").await;
    assert_eq!(p2["results"][0]["_id"], all[5]["_id"]);
}

#[tokio::test]
async fn sort_ascending_and_descending() {
    let s = start().await;
    let (_, asc) = s.get("/api/systemusers?limit=100&sort=username").await;
    let (_, desc) = s.get("/api/systemusers?limit=100&sort=-username").await;
    let names = |v: &Value| -> Vec<String> {
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["username"].as_str().unwrap().to_string())
            .collect()
    };
    let a = names(&asc);
    let mut sorted = a.clone();
    sorted.sort();
    assert_eq!(a, sorted);
    let mut d = names(&desc);
    d.reverse();
    assert_eq!(a, d);
    // Two keys: department ascending, then lastname descending.
    let (_, two) = s
        .get("/api/systemusers?limit=100&sort=department%20-lastname")
        .await;
    let rows: Vec<(String, String)> = two["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["department"].as_str().unwrap().into(),
                u["lastname"].as_str().unwrap().into(),
            )
        })
        .collect();
    for w in rows.windows(2) {
        assert!(
            w[0].0 < w[1].0 || (w[0].0 == w[1].0 && w[0].1 >= w[1].1),
            "{w:?}"
        );
    }
}

#[tokio::test]
async fn seed_is_realistic_and_deterministic() {
    let a = start().await.all_users().await;
    let b = start().await.all_users().await;
    assert_eq!(a, b, "two sandboxes seed the same users");
    let states: HashSet<_> = a.iter().map(|u| u["state"].as_str().unwrap()).collect();
    assert_eq!(states.len(), 3, "{states:?}");
    for u in &a {
        let email = u["email"].as_str().unwrap();
        assert_eq!(email, email.to_lowercase());
        assert!(email.ends_with("@example.com"), "{email}");
        assert_eq!(u["suspended"], u["state"] == "SUSPENDED");
        assert!(u["_id"].as_str().unwrap().len() == 24);
        if let Some(m) = u["manager"].as_str() {
            assert!(a.iter().any(|x| x["_id"] == m), "manager {m} exists");
        }
    }
    let depts: HashSet<_> = a
        .iter()
        .map(|u| u["department"].as_str().unwrap())
        .collect();
    assert!(depts.len() >= 5);
    assert!(a.iter().filter(|u| u["manager"].is_string()).count() >= 30);
    let n = start_with(SandboxBuilder::new().seed_users(3))
        .await
        .all_users()
        .await;
    assert_eq!(n.len(), 3);
}

#[tokio::test]
async fn get_one_user_404_and_400() {
    let s = start().await;
    let all = s.all_users().await;
    let id = all[3]["_id"].as_str().unwrap();
    let (code, body) = s.get(&format!("/api/systemusers/{id}")).await;
    assert_eq!(code, 200);
    assert_eq!(body, all[3]);
    let (code, body) = s.get("/api/systemusers/0123456789abcdef01234567").await;
    assert_error(code, &body, 404);
    let (code, body) = s.get("/api/systemusers/123456").await;
    assert_error(code, &body, 400);
    assert!(body["message"].as_str().unwrap().starts_with("Bad Request"));
    let (code, body) = s.get(&format!("/api/systemusers/{id}?fields=email")).await;
    assert_eq!(code, 200);
    assert_eq!(body.as_object().unwrap().len(), 2, "{body}");
}

#[tokio::test]
async fn fields_projection_keeps_id() {
    let s = start().await;
    let (_, body) = s
        .get("/api/systemusers?fields=username%20email&limit=3")
        .await;
    for u in body["results"].as_array().unwrap() {
        let keys: HashSet<_> = u.as_object().unwrap().keys().cloned().collect();
        assert_eq!(
            keys,
            ["_id", "username", "email"]
                .iter()
                .map(|s| s.to_string())
                .collect()
        );
    }
}

#[tokio::test]
async fn organizations_list_and_get() {
    let s = start().await;
    let (code, body) = s.get("/api/organizations").await;
    assert_eq!(code, 200);
    assert_eq!(body["totalCount"], 1);
    assert_eq!(body["results"][0]["_id"], s.sb.org_id());
    assert!(body["results"][0]["displayName"].is_string());
    let (code, org) = s
        .get(&format!("/api/organizations/{}", s.sb.org_id()))
        .await;
    assert_eq!(code, 200);
    let d = &org["settings"]["newSystemUserStateDefaults"];
    for k in ["manualEntry", "csvImport", "applicationImport"] {
        assert!(
            matches!(d[k].as_str(), Some("ACTIVATED") | Some("STAGED")),
            "{d}"
        );
    }
    let (code, body) = s.get("/api/organizations/0123456789abcdef01234567").await;
    assert_error(code, &body, 404);
    let (code, body) = s.get("/api/organizations/xyz").await;
    assert_error(code, &body, 400);
}

#[tokio::test]
async fn unknown_route_and_method_are_json_errors() {
    let s = start().await;
    let (code, body) = s.get("/api/nothing-here").await;
    assert_error(code, &body, 404);
    let (code, body) = send(s.req(Method::PATCH, "/api/systemusers")).await;
    assert_error(code, &body, 405);
}
