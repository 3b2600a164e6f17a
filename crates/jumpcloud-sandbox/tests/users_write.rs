//! V1 writes: create, update, delete, activate, and the search / filter forms.
#![allow(clippy::unwrap_used)]

mod common;

use common::{assert_error, start, Sb};
use serde_json::{json, Value};

fn new_user(n: &str) -> Value {
    json!({"username": n, "email": format!("{n}@Example.com"), "firstname": "Test", "lastname": n})
}

async fn create(s: &Sb, body: Value) -> Value {
    let (code, user) = s.post("/api/systemusers", body).await;
    assert_eq!(code, 200, "{user}");
    user
}

#[tokio::test]
async fn create_requires_username_and_email() {
    let s = start().await;
    let (code, body) = s.post("/api/systemusers", json!({"username": "x"})).await;
    assert_error(code, &body, 400);
    let (code, body) = s
        .post("/api/systemusers", json!({"email": "x@example.com"}))
        .await;
    assert_error(code, &body, 400);
    let (code, body) = s
        .post(
            "/api/systemusers",
            json!({"username": "x", "email": "not-an-email"}),
        )
        .await;
    assert_error(code, &body, 400);
    let (code, body) = s
        .post("/api/systemusers", json!(["not", "an", "object"]))
        .await;
    assert_error(code, &body, 400);
    let (code, body) = common::send(
        s.req(reqwest::Method::POST, "/api/systemusers")
            .body("{oops"),
    )
    .await;
    assert_error(code, &body, 400);
    let (code, body) = s
        .post(
            "/api/systemusers",
            json!({"username": "x", "email": "x@example.com", "sudo": "yes"}),
        )
        .await;
    assert_error(code, &body, 400);
}

#[tokio::test]
async fn create_lowercases_email_and_uses_org_default_state() {
    let s = start().await;
    let u = create(&s, new_user("newbie")).await;
    assert_eq!(u["email"], "newbie@example.com");
    assert_eq!(u["state"], "ACTIVATED");
    assert_eq!(u["organization"], s.sb.org_id());
    assert_eq!(u["_id"].as_str().unwrap().len(), 24);
    // Change the org default and create again.
    let (code, _) = s
        .put(
            &format!("/api/organizations/{}", s.sb.org_id()),
            json!({"settings": {"newSystemUserStateDefaults": {"manualEntry": "STAGED"}}}),
        )
        .await;
    assert_eq!(code, 200);
    let u = create(&s, new_user("staged1")).await;
    assert_eq!(u["state"], "STAGED");
    assert_eq!(u["activated"], false);
    let u = create(
        &s,
        json!({"username": "sus", "email": "sus@example.com", "state": "SUSPENDED"}),
    )
    .await;
    assert_eq!(u["suspended"], true);
    let (_, total) = s.get("/api/systemusers?limit=1").await;
    assert_eq!(total["totalCount"], 43);
}

#[tokio::test]
async fn duplicates_are_400() {
    let s = start().await;
    let existing = s.all_users().await[0].clone();
    let dup_name = json!({"username": existing["username"].as_str().unwrap().to_uppercase(), "email": "fresh@example.com"});
    let (code, body) = s.post("/api/systemusers", dup_name).await;
    assert_error(code, &body, 400);
    let dup_email =
        json!({"username": "fresh", "email": existing["email"].as_str().unwrap().to_uppercase()});
    let (code, body) = s.post("/api/systemusers", dup_email).await;
    assert_error(code, &body, 400);
    let dup_eid = json!({"username": "fresh", "email": "fresh@example.com", "employeeIdentifier": existing["employeeIdentifier"]});
    let (code, body) = s.post("/api/systemusers", dup_eid).await;
    assert_error(code, &body, 400);
}

#[tokio::test]
async fn max_lengths_are_enforced() {
    let s = start().await;
    let mut b = new_user("longish");
    b["employeeIdentifier"] = json!("x".repeat(257));
    let (code, body) = s.post("/api/systemusers", b).await;
    assert_error(code, &body, 400);
    let mut b = new_user("longish");
    b["description"] = json!("x".repeat(1025));
    let (code, body) = s.post("/api/systemusers", b).await;
    assert_error(code, &body, 400);
    let mut b = new_user("longish");
    b["attributes"] = json!([{"name": "a", "value": "v".repeat(1025)}]);
    let (code, body) = s.post("/api/systemusers", b).await;
    assert_error(code, &body, 400);
    let mut b = new_user("longish");
    b["unix_uid"] = json!(0);
    let (code, body) = s.post("/api/systemusers", b).await;
    assert_error(code, &body, 400);
}

#[tokio::test]
async fn password_policy_and_full_validation_details() {
    let s = start().await;
    let mut b = new_user("pw1");
    b["password"] = json!("Password1");
    let (code, body) = s.post("/api/systemusers", b.clone()).await;
    assert_error(code, &body, 400);
    assert!(body.get("details").is_none());
    let (code, body) = s
        .post("/api/systemusers?fullValidationDetails=password", b)
        .await;
    assert_error(code, &body, 400);
    assert_eq!(body["message"], "Password validation fail");
    assert_eq!(
        body["details"][0]["@type"],
        "type.googleapis.com/google.rpc.BadRequest"
    );
    assert_eq!(
        body["details"][0]["fieldViolationsList"][0]["field"],
        "password"
    );
    assert_eq!(
        body["details"][0]["fieldViolationsList"][0]["description"],
        "specialCharacter"
    );
    let mut b = new_user("pw1");
    b["password"] = json!("Str0ng!Secret");
    let u = create(&s, b).await;
    assert!(u.get("password").is_none(), "password never returned");
    assert!(u["password_date"].is_string());
    // Re-using the same password is refused by the history rule.
    let (code, body) = s
        .put(
            &format!(
                "/api/systemusers/{}?fullValidationDetails=password",
                u["_id"].as_str().unwrap()
            ),
            json!({"password": "Str0ng!Secret"}),
        )
        .await;
    assert_error(code, &body, 400);
    assert_eq!(
        body["details"][0]["fieldViolationsList"][0]["description"],
        "passwordHistory"
    );
}

#[tokio::test]
async fn put_state_rules_and_arrays() {
    let s = start().await;
    let u = create(&s, json!({"username": "p1", "email": "p1@example.com", "phoneNumbers": [{"type": "work", "number": "1"}, {"type": "home", "number": "2"}]})).await;
    let path = format!("/api/systemusers/{}", u["_id"].as_str().unwrap());
    let (code, body) = s.put(&path, json!({"state": "STAGED"})).await;
    assert_error(code, &body, 400);
    let (code, body) = s
        .put(&path, json!({"state": "SUSPENDED", "suspended": false}))
        .await;
    assert_error(code, &body, 400);
    let (code, body) = s.put(&path, json!({"state": "SUSPENDED"})).await;
    assert_eq!(code, 200);
    assert_eq!(body["suspended"], true);
    let (_, body) = s.put(&path, json!({"suspended": false})).await;
    assert_eq!(body["state"], "ACTIVATED");
    assert_eq!(body["suspended"], false);
    let (_, body) = s
        .put(
            &path,
            json!({"phoneNumbers": [{"type": "mobile", "number": "3"}]}),
        )
        .await;
    assert_eq!(body["phoneNumbers"].as_array().unwrap().len(), 1);
    assert_eq!(body["phoneNumbers"][0]["number"], "3");
    assert_eq!(body["username"], "p1", "untouched fields stay");
    let (code, body) = s
        .put("/api/systemusers/0123456789abcdef01234567", json!({}))
        .await;
    assert_error(code, &body, 404);
}

#[tokio::test]
async fn manager_set_and_cleared() {
    let s = start().await;
    let boss = create(&s, new_user("boss")).await;
    let u = create(
        &s,
        json!({"username": "rep", "email": "rep@example.com", "manager": boss["_id"]}),
    )
    .await;
    assert_eq!(u["manager"], boss["_id"]);
    let path = format!("/api/systemusers/{}", u["_id"].as_str().unwrap());
    let (_, body) = s.put(&path, json!({"manager": null})).await;
    assert!(body.get("manager").is_none(), "{body}");
    let (code, body) = s
        .put(&path, json!({"manager": "0123456789abcdef01234567"}))
        .await;
    assert_error(code, &body, 400);
}

#[tokio::test]
async fn delete_returns_user_and_guards_managers() {
    let s = start().await;
    let boss = create(&s, new_user("boss")).await;
    let boss2 = create(&s, new_user("boss2")).await;
    let rep = create(
        &s,
        json!({"username": "rep", "email": "rep@example.com", "manager": boss["_id"]}),
    )
    .await;
    let bid = boss["_id"].as_str().unwrap();
    let (code, body) = s.delete(&format!("/api/systemusers/{bid}")).await;
    assert_error(code, &body, 409);
    let (code, body) = s
        .delete(&format!(
            "/api/systemusers/{bid}?cascade_manager={}",
            boss2["_id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(code, 200);
    assert_eq!(body["_id"], bid);
    let (_, r) = s
        .get(&format!(
            "/api/systemusers/{}",
            rep["_id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(r["manager"], boss2["_id"]);
    let (code, _) = s
        .delete(&format!(
            "/api/systemusers/{}?cascade_manager=null",
            boss2["_id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(code, 200);
    let (_, r) = s
        .get(&format!(
            "/api/systemusers/{}",
            rep["_id"].as_str().unwrap()
        ))
        .await;
    assert!(r.get("manager").is_none());
    let (code, body) = s.get(&format!("/api/systemusers/{bid}")).await;
    assert_error(code, &body, 404);
    let (code, body) = s.delete(&format!("/api/systemusers/{bid}")).await;
    assert_error(code, &body, 404);
}

#[tokio::test]
async fn activate_staged_user() {
    let s = start().await;
    let u = create(
        &s,
        json!({"username": "st", "email": "st@example.com", "state": "STAGED"}),
    )
    .await;
    let path = format!(
        "/api/systemusers/{}/state/activate",
        u["_id"].as_str().unwrap()
    );
    let (code, _) = s.post(&path, json!({"email": false})).await;
    assert_eq!(code, 200);
    let (_, got) = s
        .get(&format!("/api/systemusers/{}", u["_id"].as_str().unwrap()))
        .await;
    assert_eq!(got["state"], "ACTIVATED");
    let (code, body) = s.post(&path, json!({})).await;
    assert_error(code, &body, 409);
    let (code, body) = s.post(&path, json!({"email": 5})).await;
    assert_error(code, &body, 400);
}

#[tokio::test]
async fn v1_list_filters() {
    let s = start().await;
    let all = s.all_users().await;
    let count = |f: &dyn Fn(&Value) -> bool| all.iter().filter(|u| f(u)).count();
    let total = |b: &Value| b["totalCount"].as_u64().unwrap() as usize;
    let (_, b) = s
        .get("/api/systemusers?filter=department:$eq:Engineering")
        .await;
    assert_eq!(total(&b), count(&|u| u["department"] == "Engineering"));
    let (_, b) = s
        .get("/api/systemusers?filter=department:$eq:Engineering&filter=state:$eq:ACTIVATED")
        .await;
    assert_eq!(
        total(&b),
        count(&|u| u["department"] == "Engineering" && u["state"] == "ACTIVATED")
    );
    let (_, b) = s
        .get("/api/systemusers?filter[0]=department:$eq:Sales&filter[1]=state:$ne:ACTIVATED")
        .await;
    assert_eq!(
        total(&b),
        count(&|u| u["department"] == "Sales" && u["state"] != "ACTIVATED")
    );
    let (_, b) = s
        .get("/api/systemusers?filter[or][0]=state:$eq:STAGED&filter[or][1]=state:$eq:SUSPENDED")
        .await;
    assert_eq!(total(&b), count(&|u| u["state"] != "ACTIVATED"));
    let (_, b) = s.get("/api/systemusers?filter=unix_uid:$gte:5010").await;
    assert_eq!(
        total(&b),
        count(&|u| u["unix_uid"].as_i64().unwrap() >= 5010)
    );
    let (code, b) = s.get("/api/systemusers?filter=department:like:Sales").await;
    assert_error(code, &b, 400);
    let who = all[7]["username"].as_str().unwrap();
    let (_, b) = s
        .get(&format!(
            "/api/systemusers?search[fields]=username&search[searchTerm]={}",
            &who[1..]
        ))
        .await;
    assert!(b["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["username"] == who));
}

#[tokio::test]
async fn search_endpoint_filters_and_text() {
    let s = start().await;
    let all = s.all_users().await;
    let it = all.iter().filter(|u| u["department"] == "IT").count();
    let (code, b) = s
        .post(
            "/api/search/systemusers",
            json!({"filter": [{"department": "IT"}], "fields": "email username sudo"}),
        )
        .await;
    assert_eq!(code, 200, "{b}");
    assert_eq!(b["totalCount"].as_u64().unwrap() as usize, it);
    let first = &b["results"][0];
    assert!(first["memberof"].is_array());
    assert!(first.get("firstname").is_none());
    let (_, b) = s
        .post(
            "/api/search/systemusers",
            json!({"filter": {"or": [{"department": "IT"}, {"department": "Sales"}]}}),
        )
        .await;
    let n = all
        .iter()
        .filter(|u| u["department"] == "IT" || u["department"] == "Sales")
        .count();
    assert_eq!(b["totalCount"].as_u64().unwrap() as usize, n);
    let name = all[4]["username"].as_str().unwrap();
    let (_, b) = s.post("/api/search/systemusers", json!({"filter": [{"username": {"$regex": format!("(?i)(^{}$)", name.to_uppercase())}}]})).await;
    assert_eq!(b["totalCount"], 1);
    let (_, b) = s.post("/api/search/systemusers", json!({"searchFilter": {"searchTerm": "@example.com", "fields": ["email"]}, "limit": 1000})).await;
    assert_eq!(b["totalCount"], 40);
    assert_eq!(b["results"].as_array().unwrap().len(), 40);
    let (code, b) = s
        .post(
            "/api/search/systemusers",
            json!({"filter": [{"x": {"$where": "1"}}]}),
        )
        .await;
    assert_error(code, &b, 400);
    let (code, b) = s
        .post("/api/search/systemusers?limit=5&skip=2", json!({}))
        .await;
    assert_eq!(code, 200);
    assert_eq!(b["results"].as_array().unwrap().len(), 5);
}
