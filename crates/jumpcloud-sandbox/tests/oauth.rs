//! Service accounts: `POST /oauth2/token` (client credentials) and bearer tokens on the API.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use common::{assert_error, send, start_with, Sb};
use jumpcloud_sandbox::SandboxBuilder;
use reqwest::{RequestBuilder, Response};
use serde_json::{json, Value};

const ID: &str = "svc-roster";
const SECRET: &str = "s3cret:with&odd=chars";

fn builder() -> SandboxBuilder {
    SandboxBuilder::new()
        .service_account(ID, SECRET)
        .service_account("svc-other", "other-secret")
}

async fn start() -> Sb {
    start_with(builder()).await
}

/// A bare POST to the token endpoint, without any credentials or body.
fn token_req(s: &Sb) -> RequestBuilder {
    s.http.post(s.url("/oauth2/token"))
}

fn form(body: &str) -> (&'static str, String) {
    ("application/x-www-form-urlencoded", body.to_string())
}

fn with_form(r: RequestBuilder, body: &str) -> RequestBuilder {
    let (ct, body) = form(body);
    r.header("content-type", ct).body(body)
}

async fn json_of(resp: Response) -> (u16, reqwest::header::HeaderMap, Value) {
    let code = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body: Value = resp.json().await.unwrap();
    (code, headers, body)
}

/// Asserts an RFC 6749 §5.2 error body.
fn assert_oauth_error(code: u16, body: &Value, want_code: u16, want_error: &str) {
    assert_eq!(code, want_code, "{body}");
    assert_eq!(body["error"], want_error, "{body}");
    assert!(
        body["error_description"]
            .as_str()
            .is_some_and(|d| !d.is_empty()),
        "{body}"
    );
    assert_eq!(body.as_object().unwrap().len(), 2, "{body}");
}

async fn get_token(s: &Sb) -> String {
    let resp = with_form(
        token_req(s).basic_auth(ID, Some(SECRET)),
        "grant_type=client_credentials&scope=api",
    )
    .send()
    .await
    .unwrap();
    let (code, _, body) = json_of(resp).await;
    assert_eq!(code, 200, "{body}");
    body["access_token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn basic_client_authentication_issues_a_token() {
    let s = start().await;
    let resp = with_form(
        token_req(&s).basic_auth(ID, Some(SECRET)),
        "grant_type=client_credentials&scope=api",
    )
    .send()
    .await
    .unwrap();
    let (code, headers, body) = json_of(resp).await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(headers["cache-control"], "no-store");
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["scope"], "api");
    let token = body["access_token"].as_str().unwrap();
    assert!(token.len() >= 32, "{token}");
    assert_eq!(body.as_object().unwrap().len(), 4, "{body}");
    // Opaque and random: a second token differs.
    assert_ne!(get_token(&s).await, token);
}

#[tokio::test]
async fn post_client_authentication_issues_a_token() {
    let s = start().await;
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "client_credentials")
        .append_pair("scope", "api")
        .append_pair("client_id", "svc-other")
        .append_pair("client_secret", "other-secret")
        .finish();
    let resp = with_form(token_req(&s), &body).send().await.unwrap();
    let (code, headers, body) = json_of(resp).await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(body["token_type"], "bearer");
}

#[tokio::test]
async fn basic_credentials_may_be_form_encoded() {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding.
    let s = start().await;
    let encoded: String = form_urlencoded::byte_serialize(SECRET.as_bytes()).collect();
    let basic =
        base64::engine::general_purpose::STANDARD.encode(format!("{ID}:{encoded}").as_bytes());
    let resp = with_form(
        token_req(&s).header("authorization", format!("Basic {basic}")),
        "grant_type=client_credentials",
    )
    .send()
    .await
    .unwrap();
    let (code, _, body) = json_of(resp).await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["scope"], "api", "scope defaults to api");
}

#[tokio::test]
async fn malformed_requests_are_invalid_request() {
    let s = start().await;
    // Wrong content type.
    let resp = token_req(&s)
        .basic_auth(ID, Some(SECRET))
        .json(&json!({"grant_type": "client_credentials", "scope": "api"}))
        .send()
        .await
        .unwrap();
    let (code, headers, body) = json_of(resp).await;
    assert_oauth_error(code, &body, 400, "invalid_request");
    assert_eq!(headers["cache-control"], "no-store");
    // No content type at all.
    let resp = token_req(&s)
        .basic_auth(ID, Some(SECRET))
        .body("grant_type=client_credentials&scope=api")
        .send()
        .await
        .unwrap();
    let (code, _, body) = json_of(resp).await;
    assert_oauth_error(code, &body, 400, "invalid_request");
    // Missing grant_type (and an empty one counts as missing).
    for b in ["scope=api", "grant_type=&scope=api", ""] {
        let resp = with_form(token_req(&s).basic_auth(ID, Some(SECRET)), b)
            .send()
            .await
            .unwrap();
        let (code, _, body) = json_of(resp).await;
        assert_oauth_error(code, &body, 400, "invalid_request");
    }
    // Duplicate parameters.
    for b in [
        "grant_type=client_credentials&grant_type=client_credentials&scope=api",
        "grant_type=client_credentials&scope=api&scope=api",
    ] {
        let resp = with_form(token_req(&s).basic_auth(ID, Some(SECRET)), b)
            .send()
            .await
            .unwrap();
        let (code, _, body) = json_of(resp).await;
        assert_oauth_error(code, &body, 400, "invalid_request");
    }
    // Two client authentication methods at once.
    let resp = with_form(
        token_req(&s).basic_auth(ID, Some(SECRET)),
        "grant_type=client_credentials&client_id=svc-other&client_secret=other-secret",
    )
    .send()
    .await
    .unwrap();
    let (code, _, body) = json_of(resp).await;
    assert_oauth_error(code, &body, 400, "invalid_request");
    // A secret without an id.
    let resp = with_form(
        token_req(&s),
        "grant_type=client_credentials&client_secret=other-secret",
    )
    .send()
    .await
    .unwrap();
    let (code, _, body) = json_of(resp).await;
    assert_oauth_error(code, &body, 400, "invalid_request");
}

#[tokio::test]
async fn other_grant_types_are_unsupported() {
    let s = start().await;
    for grant in [
        "password",
        "authorization_code",
        "refresh_token",
        "CLIENT_CREDENTIALS",
    ] {
        let resp = with_form(
            token_req(&s).basic_auth(ID, Some(SECRET)),
            &format!("grant_type={grant}&scope=api"),
        )
        .send()
        .await
        .unwrap();
        let (code, _, body) = json_of(resp).await;
        assert_oauth_error(code, &body, 400, "unsupported_grant_type");
    }
}

#[tokio::test]
async fn other_scopes_are_invalid() {
    let s = start().await;
    for scope in ["users", "api+users", "admin", "api%20%20api2"] {
        let resp = with_form(
            token_req(&s).basic_auth(ID, Some(SECRET)),
            &format!("grant_type=client_credentials&scope={scope}"),
        )
        .send()
        .await
        .unwrap();
        let (code, _, body) = json_of(resp).await;
        assert_oauth_error(code, &body, 400, "invalid_scope");
    }
}

#[tokio::test]
async fn bad_client_credentials_are_invalid_client() {
    let s = start().await;
    // Wrong secret over Basic: 401 with a Basic challenge.
    let resp = with_form(
        token_req(&s).basic_auth(ID, Some("wrong")),
        "grant_type=client_credentials&scope=api",
    )
    .send()
    .await
    .unwrap();
    let (code, headers, body) = json_of(resp).await;
    assert_oauth_error(code, &body, 401, "invalid_client");
    assert!(headers["www-authenticate"]
        .to_str()
        .unwrap()
        .starts_with("Basic"));
    // Unknown id over Basic.
    let resp = with_form(
        token_req(&s).basic_auth("nobody", Some(SECRET)),
        "grant_type=client_credentials&scope=api",
    )
    .send()
    .await
    .unwrap();
    let (code, headers, body) = json_of(resp).await;
    assert_oauth_error(code, &body, 401, "invalid_client");
    assert!(headers.contains_key("www-authenticate"));
    // Another account's secret in the form: 401 without a Basic challenge.
    let resp = with_form(
        token_req(&s),
        &format!("grant_type=client_credentials&scope=api&client_id=svc-other&client_secret={ID}"),
    )
    .send()
    .await
    .unwrap();
    let (code, headers, body) = json_of(resp).await;
    assert_oauth_error(code, &body, 401, "invalid_client");
    assert!(!headers.contains_key("www-authenticate"));
    // Malformed Basic and no credentials at all.
    for auth in [Some("Basic !!!not-base64"), Some("Basic Zm9v"), None] {
        let mut r = token_req(&s);
        if let Some(a) = auth {
            r = r.header("authorization", a);
        }
        let resp = with_form(r, "grant_type=client_credentials&scope=api")
            .send()
            .await
            .unwrap();
        let (code, _, body) = json_of(resp).await;
        assert_oauth_error(code, &body, 401, "invalid_client");
    }
}

#[tokio::test]
async fn token_endpoint_needs_no_api_key_and_ignores_org_header() {
    let s = start_with(builder().multi_tenant_orgs(2).seed_users(3)).await;
    let resp = with_form(
        token_req(&s)
            .basic_auth(ID, Some(SECRET))
            .header("x-org-id", "not-an-id"),
        "grant_type=client_credentials&scope=api",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    // Other methods are a JSON 405.
    let (code, body) = send(s.http.get(s.url("/oauth2/token"))).await;
    assert_error(code, &body, 405);
}

#[tokio::test]
async fn bearer_token_works_on_the_api() {
    let s = start().await;
    let token = get_token(&s).await;
    let (code, body) = send(
        s.http
            .get(s.url("/api/systemusers?limit=5"))
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["totalCount"], 40);
    assert_eq!(body["results"].as_array().unwrap().len(), 5);
    let id = body["results"][0]["_id"].as_str().unwrap().to_string();
    let (code, user) = send(
        s.http
            .get(s.url(&format!("/api/systemusers/{id}")))
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(code, 200);
    assert_eq!(user["_id"], id.as_str());
    // Writes too, and V2.
    let (code, created) = send(
        s.http
            .post(s.url("/api/systemusers"))
            .bearer_auth(&token)
            .json(&json!({"username": "viatoken", "email": "viatoken@example.com"})),
    )
    .await;
    assert_eq!(code, 200, "{created}");
    let (code, _) = send(s.http.get(s.url("/api/v2/directories")).bearer_auth(&token)).await;
    assert_eq!(code, 200);
    // The scheme name is case-insensitive.
    let (code, _) = send(
        s.http
            .get(s.url("/api/systemusers"))
            .header("authorization", format!("bearer {token}")),
    )
    .await;
    assert_eq!(code, 200);
}

#[tokio::test]
async fn unknown_bearer_tokens_are_refused() {
    let s = start().await;
    for auth in ["Bearer not-a-token", "Bearer ", "Basic c3ZjOnNlY3JldA=="] {
        let resp = s
            .http
            .get(s.url("/api/systemusers"))
            .header("authorization", auth)
            .send()
            .await
            .unwrap();
        let code = resp.status().as_u16();
        let body: Value = resp.json().await.unwrap();
        assert_error(code, &body, 401);
    }
    let resp = s
        .http
        .get(s.url("/api/systemusers"))
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    assert!(resp.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .contains("invalid_token"));
    // A wrong x-api-key is not rescued by a good token: x-api-key, when sent, is what counts.
    let token = get_token(&s).await;
    let (code, body) = send(
        s.http
            .get(s.url("/api/systemusers"))
            .bearer_auth(&token)
            .header("x-api-key", "wrong"),
    )
    .await;
    assert_error(code, &body, 401);
}

#[tokio::test]
async fn tokens_follow_the_org_header_rules() {
    let s = start_with(builder().multi_tenant_orgs(2).seed_users(3)).await;
    let token = get_token(&s).await;
    let (code, body) = send(s.http.get(s.url("/api/systemusers")).bearer_auth(&token)).await;
    assert_error(code, &body, 401);
    let (code, body) = send(
        s.http
            .get(s.url("/api/systemusers"))
            .bearer_auth(&token)
            .header("x-org-id", s.sb.org_id()),
    )
    .await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["totalCount"], 3);
    let (code, body) = send(
        s.http
            .get(s.url("/api/systemusers"))
            .bearer_auth(&token)
            .header("x-org-id", "0123456789abcdef01234567"),
    )
    .await;
    assert_error(code, &body, 404);
    let (code, orgs) = send(s.http.get(s.url("/api/organizations")).bearer_auth(&token)).await;
    assert_eq!(code, 200);
    assert_eq!(orgs["totalCount"], 2);
    let (code, body) = send(
        s.http
            .get(s.url("/api/organizations"))
            .bearer_auth(&token)
            .header("x-org-id", s.sb.org_id()),
    )
    .await;
    assert_error(code, &body, 403);
}

#[tokio::test]
async fn tokens_expire() {
    let s = start_with(builder().token_ttl_secs(1)).await;
    let resp = with_form(
        token_req(&s).basic_auth(ID, Some(SECRET)),
        "grant_type=client_credentials&scope=api",
    )
    .send()
    .await
    .unwrap();
    let (code, _, body) = json_of(resp).await;
    assert_eq!(code, 200);
    assert_eq!(body["expires_in"], 1);
    let token = body["access_token"].as_str().unwrap().to_string();
    let (code, _) = send(s.http.get(s.url("/api/systemusers")).bearer_auth(&token)).await;
    assert_eq!(code, 200);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let (code, body) = send(s.http.get(s.url("/api/systemusers")).bearer_auth(&token)).await;
    assert_error(code, &body, 401);
    // A new token works again.
    let token = get_token(&s).await;
    let (code, _) = send(s.http.get(s.url("/api/systemusers")).bearer_auth(&token)).await;
    assert_eq!(code, 200);
}

#[tokio::test]
async fn knobs_apply_to_the_token_endpoint() {
    let ok_body = "grant_type=client_credentials&scope=api";
    // Latency.
    let s = start_with(builder().latency_ms(150)).await;
    let t = Instant::now();
    get_token(&s).await;
    assert!(t.elapsed() >= Duration::from_millis(150));
    // Rate limit.
    let s = start_with(builder().rate_limit(1.0)).await;
    get_token(&s).await;
    let resp = with_form(token_req(&s).basic_auth(ID, Some(SECRET)), ok_body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 429);
    assert!(resp.headers().contains_key("retry-after"));
    // Faults.
    let s = start_with(builder().fault_rate(1.0)).await;
    let resp = with_form(token_req(&s).basic_auth(ID, Some(SECRET)), ok_body)
        .send()
        .await
        .unwrap();
    let code = resp.status().as_u16();
    let body: Value = resp.json().await.unwrap();
    assert!((500..600).contains(&code));
    assert_error(code, &body, code);
    // Drops.
    let s = start_with(builder().drop_rate(1.0)).await;
    let err = with_form(token_req(&s).basic_auth(ID, Some(SECRET)), ok_body)
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .expect_err("connection is cut");
    assert!(!err.is_timeout(), "{err}");
}

#[tokio::test]
async fn bad_service_account_settings_are_refused() {
    for b in [
        SandboxBuilder::new().service_account("", "x"),
        SandboxBuilder::new().service_account("id", ""),
        SandboxBuilder::new()
            .service_account("id", "a")
            .service_account("id", "b"),
        SandboxBuilder::new().token_ttl_secs(0),
    ] {
        let err = b.start().await.expect_err("invalid setting");
        assert!(err.to_string().starts_with("invalid setting: "), "{err}");
    }
    // The builder's Debug output never shows a client secret.
    let dbg = format!("{:?}", builder());
    assert!(
        !dbg.contains(SECRET) && !dbg.contains("other-secret"),
        "{dbg}"
    );
}

#[tokio::test]
async fn secrets_and_tokens_stay_out_of_the_state_file() {
    let file = std::env::temp_dir().join(format!(
        "jc-sandbox-oauth-{}-{}.json",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    let s = start_with(builder().state_file(&file)).await;
    let token = get_token(&s).await;
    let (code, _) = send(
        s.http
            .post(s.url("/api/systemusers"))
            .bearer_auth(&token)
            .json(&json!({"username": "stateful", "email": "stateful@example.com"})),
    )
    .await;
    assert_eq!(code, 200);
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.contains("stateful"));
    for secret in [SECRET, "other-secret", token.as_str()] {
        assert!(!saved.contains(secret), "state file leaks a secret");
    }
    s.sb.shutdown().await;
    let _ = std::fs::remove_file(&file);
}

#[tokio::test]
async fn binary_flags_register_service_accounts() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jumpcloud-sandbox"))
        .args([
            "--port",
            "0",
            "--seed-users",
            "4",
            "--service-account",
            "cli-svc:cli:secret",
            "--service-account",
            "cli-two:two",
            "--token-ttl",
            "60",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_string();
    let http = reqwest::Client::new();
    let resp = http
        .post(format!("{url}/oauth2/token"))
        .basic_auth("cli-svc", Some("cli:secret"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials&scope=api")
        .send()
        .await
        .unwrap();
    let (code, _, body) = json_of(resp).await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["expires_in"], 60);
    let token = body["access_token"].as_str().unwrap();
    let (code, body) = send(
        http.get(format!("{url}/api/systemusers"))
            .bearer_auth(token),
    )
    .await;
    assert_eq!(code, 200);
    assert_eq!(body["totalCount"], 4);
    child.kill().unwrap();
    let _ = child.wait();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(err.contains("cli-svc"), "{err}");
    assert!(!err.contains("cli:secret") && !err.contains(token), "{err}");

    // A malformed flag is a plain error with exit code 2 (clap's usage error).
    let out = Command::new(env!("CARGO_BIN_EXE_jumpcloud-sandbox"))
        .args(["--service-account", "no-colon"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}
