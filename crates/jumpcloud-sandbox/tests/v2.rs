//! V2: directories, imports, associations, traversal, user groups, bulk jobs.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashSet;

use common::{assert_error, send, start, start_with, Sb};
use reqwest::Method;
use serde_json::{json, Value};

async fn dir_id(s: &Sb, kind: &str) -> String {
    let (_, dirs) = s.get("/api/v2/directories").await;
    dirs.as_array()
        .unwrap()
        .iter()
        .find(|d| d["type"] == kind)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn directories_are_a_bare_array_with_total_header() {
    let s = start().await;
    let resp = s
        .req(Method::GET, "/api/v2/directories?limit=2")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.headers()["x-total-count"], "3");
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body.as_array().unwrap().len(), 2);
    let (_, all) = s.get("/api/v2/directories").await;
    let kinds: HashSet<_> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["g_suite", "office_365", "ldap_server"]
            .into_iter()
            .collect()
    );
    let (code, body) = s.get("/api/v2/directories?limit=101").await;
    assert_error(code, &body, 400);
}

#[tokio::test]
async fn gsuite_and_office365_objects() {
    let s = start().await;
    let g = dir_id(&s, "g_suite").await;
    let o = dir_id(&s, "office_365").await;
    let (code, body) = s.get(&format!("/api/v2/gsuites/{g}")).await;
    assert_eq!(code, 200);
    assert_eq!(body["id"], g.as_str());
    assert_eq!(body["defaultDomain"]["domain"], "example.com");
    let (code, body) = s.get(&format!("/api/v2/office365s/{o}")).await;
    assert_eq!(code, 200);
    assert_eq!(body["name"], "Microsoft 365");
    let (code, body) = s.get(&format!("/api/v2/gsuites/{o}")).await;
    assert_error(code, &body, 404);
    let (code, body) = s.get("/api/v2/gsuites/nope").await;
    assert_error(code, &body, 400);
    let (code, body) = s
        .patch(
            &format!("/api/v2/gsuites/{g}"),
            json!({"userLockoutAction": "maintain"}),
        )
        .await;
    assert_eq!(code, 200);
    assert_eq!(body["userLockoutAction"], "maintain");
    let (code, body) = s
        .patch(
            &format!("/api/v2/office365s/{o}"),
            json!({"userPasswordExpirationAction": "remove_access"}),
        )
        .await;
    assert_error(code, &body, 400);
}

#[tokio::test]
async fn google_import_listing_pages_with_tokens() {
    let s = start().await;
    let g = dir_id(&s, "g_suite").await;
    let users: HashSet<String> = s
        .all_users()
        .await
        .iter()
        .map(|u| u["email"].as_str().unwrap().to_string())
        .collect();
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut path = format!("/api/v2/gsuites/{g}/import/users?maxResults=7");
        if let Some(t) = &token {
            path.push_str(&format!("&pageToken={t}"));
        }
        let (code, body) = s.get(&path).await;
        assert_eq!(code, 200, "{body}");
        let page = body["users"].as_array().unwrap();
        assert!(page.len() <= 7);
        seen.extend(page.iter().cloned());
        match body["nextPageToken"].as_str() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    assert!(seen.len() > 20);
    let emails: HashSet<_> = seen
        .iter()
        .map(|u| u["primaryEmail"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(emails.len(), seen.len(), "no person twice");
    let already = emails.intersection(&users).count();
    assert!(
        already >= 3 && already < seen.len(),
        "some but not all are JumpCloud users already: {already}"
    );
    let (code, body) = s
        .get(&format!("/api/v2/gsuites/{g}/import/users?pageToken=bogus"))
        .await;
    assert_error(code, &body, 400);
    let (_, body) = s
        .get(&format!(
            "/api/v2/gsuites/{g}/import/jumpcloudusers?maxResults=3"
        ))
        .await;
    let u = &body["users"][0];
    assert!(u["email"].is_string() && u["firstname"].is_string() && u.get("username").is_none());
    assert!(body["nextPageToken"].is_string());
}

#[tokio::test]
async fn office365_import_listing_pages_with_skip_token() {
    let s = start().await;
    let o = dir_id(&s, "office_365").await;
    let (code, first) = s
        .get(&format!("/api/v2/office365s/{o}/import/users?top=5"))
        .await;
    assert_eq!(code, 200);
    assert_eq!(first["top"], 5);
    assert_eq!(first["users"].as_array().unwrap().len(), 5);
    let skip = first["skipToken"].as_str().unwrap();
    let (_, second) = s
        .get(&format!(
            "/api/v2/office365s/{o}/import/users?top=5&skipToken={skip}"
        ))
        .await;
    assert_ne!(first["users"][0]["id"], second["users"][0]["id"]);
    assert!(second["users"][0]["userPrincipalName"]
        .as_str()
        .unwrap()
        .contains('@'));
}

#[tokio::test]
async fn associations_from_both_sides() {
    let s = start().await;
    let g = dir_id(&s, "g_suite").await;
    let (_, created) = s
        .post(
            "/api/systemusers",
            json!({"username": "assoc", "email": "assoc@example.com"}),
        )
        .await;
    let uid = created["_id"].as_str().unwrap().to_string();
    let (code, body) = s.get(&format!("/api/v2/users/{uid}/associations")).await;
    assert_error(code, &body, 400);
    let (code, _) = s
        .post(
            &format!("/api/v2/users/{uid}/associations"),
            json!({"op": "add", "type": "g_suite", "id": g}),
        )
        .await;
    assert_eq!(code, 204);
    let (code, body) = s
        .post(
            &format!("/api/v2/users/{uid}/associations"),
            json!({"op": "add", "type": "g_suite", "id": g}),
        )
        .await;
    assert_error(code, &body, 409);
    assert_eq!(body["message"], "Already Exists");
    let (code, list) = s
        .get(&format!("/api/v2/users/{uid}/associations?targets=g_suite"))
        .await;
    assert_eq!(code, 200);
    assert_eq!(list, json!([{"to": {"id": g, "type": "g_suite"}}]));
    let resp = s
        .req(
            Method::GET,
            &format!("/api/v2/gsuites/{g}/associations?targets=user&limit=100"),
        )
        .send()
        .await
        .unwrap();
    let total: usize = resp.headers()["x-total-count"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let side: Value = resp.json().await.unwrap();
    assert!(side
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["to"]["id"] == uid.as_str()));
    assert_eq!(total, side.as_array().unwrap().len());
    // Remove from the directory side.
    let (code, _) = s
        .post(
            &format!("/api/v2/gsuites/{g}/associations"),
            json!({"op": "remove", "type": "user", "id": uid}),
        )
        .await;
    assert_eq!(code, 204);
    let (_, list) = s
        .get(&format!(
            "/api/v2/users/{uid}/associations?targets=g_suite,office_365"
        ))
        .await;
    assert_eq!(list, json!([]));
    let (code, body) = s
        .post(
            &format!("/api/v2/users/{uid}/associations"),
            json!({"op": "add", "type": "nonsense", "id": g}),
        )
        .await;
    assert_error(code, &body, 400);
    let (code, body) = s
        .post(
            &format!("/api/v2/users/{uid}/associations"),
            json!({"op": "add", "type": "office_365", "id": g}),
        )
        .await;
    assert_error(code, &body, 404);
    let o = dir_id(&s, "office_365").await;
    let (code, _) = s
        .post(
            &format!("/api/v2/office365s/{o}/associations"),
            json!({"op": "add", "type": "user", "id": uid}),
        )
        .await;
    assert_eq!(code, 204);
}

#[tokio::test]
async fn traversal_includes_group_paths() {
    let s = start().await;
    let g = dir_id(&s, "g_suite").await;
    let (_, groups) = s.get("/api/v2/usergroups?filter=name:eq:Engineering").await;
    let eng = groups[0]["id"].as_str().unwrap().to_string();
    let (_, members) = s
        .get(&format!("/api/v2/usergroups/{eng}/members?limit=100"))
        .await;
    let member = members[0]["to"]["id"].as_str().unwrap().to_string();
    let (code, dirs) = s.get(&format!("/api/v2/users/{member}/directories")).await;
    assert_eq!(code, 200);
    let gs = dirs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == g.as_str())
        .expect("bound through the group");
    assert!(gs["paths"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p[0]["to"]["type"] == "user_group" && p[1]["to"]["id"] == g.as_str()));
    let (code, users) = s.get(&format!("/api/v2/gsuites/{g}/users?limit=100")).await;
    assert_eq!(code, 200);
    assert!(users
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["id"] == member.as_str()));
}

#[tokio::test]
async fn user_groups_and_members() {
    let s = start().await;
    let (code, body) = s.post("/api/v2/usergroups", json!({})).await;
    assert_error(code, &body, 400);
    let (code, grp) = s
        .post(
            "/api/v2/usergroups",
            json!({"name": "Contractors", "description": "temp"}),
        )
        .await;
    assert_eq!(code, 201);
    assert_eq!(grp["type"], "user_group");
    let gid = grp["id"].as_str().unwrap();
    let (code, body) = s
        .post("/api/v2/usergroups", json!({"name": "Contractors"}))
        .await;
    assert_error(code, &body, 409);
    let uid = s.all_users().await[2]["_id"].as_str().unwrap().to_string();
    let path = format!("/api/v2/usergroups/{gid}/members");
    let (code, _) = s
        .post(&path, json!({"op": "add", "type": "user", "id": uid}))
        .await;
    assert_eq!(code, 204);
    let (code, body) = s
        .post(&path, json!({"op": "add", "type": "user", "id": uid}))
        .await;
    assert_error(code, &body, 409);
    let (_, members) = s.get(&path).await;
    assert_eq!(members, json!([{"to": {"id": uid, "type": "user"}}]));
    let (_, found) = s
        .post("/api/search/systemusers", json!({"filter": [{"_id": uid}]}))
        .await;
    assert!(found["results"][0]["memberof"]
        .as_array()
        .unwrap()
        .iter()
        .any(|g| g == gid));
    let (code, _) = s
        .post(&path, json!({"op": "remove", "type": "user", "id": uid}))
        .await;
    assert_eq!(code, 204);
    let (code, body) = s
        .post(&path, json!({"op": "remove", "type": "user", "id": uid}))
        .await;
    assert_error(code, &body, 404);
    let (code, g2) = s
        .put(
            &format!("/api/v2/usergroups/{gid}"),
            json!({"name": "Vendors"}),
        )
        .await;
    assert_eq!(code, 200);
    assert_eq!(g2["name"], "Vendors");
    let (code, _) = s.delete(&format!("/api/v2/usergroups/{gid}")).await;
    assert_eq!(code, 200);
    let (code, body) = s.get(&format!("/api/v2/usergroups/{gid}")).await;
    assert_error(code, &body, 404);
}

#[tokio::test]
async fn bulk_users_create_and_results() {
    let s = start().await;
    let existing = s.all_users().await[0]["username"].clone();
    let body = json!([
        {"username": "bulk1", "email": "Bulk1@example.com", "firstname": "B", "lastname": "One"},
        {"username": existing, "email": "dupe@example.com"},
        {"email": "nousername@example.com"}
    ]);
    let (code, job) = s.post("/api/v2/bulk/users", body.clone()).await;
    assert_eq!(code, 200, "{job}");
    let job = job["jobId"].as_str().unwrap();
    let (code, results) = s.get(&format!("/api/v2/bulk/users/{job}/results")).await;
    assert_eq!(code, 200);
    let statuses: Vec<_> = results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["finished", "failed", "failed"]);
    let (_, u) = s.get("/api/systemusers?filter=username:$eq:bulk1").await;
    assert_eq!(u["results"][0]["state"], "STAGED", "csvImport default");
    assert_eq!(u["results"][0]["email"], "bulk1@example.com");
    // creation-source decides which default applies, and bad values are refused.
    let (code, body) = send(
        s.req(Method::POST, "/api/v2/bulk/users")
            .header("creation-source", "jumpcloud:nope")
            .json(&json!([])),
    )
    .await;
    assert_error(code, &body, 400);
    let (code, _) = send(
        s.req(Method::POST, "/api/v2/bulk/users")
            .header("creation-source", "jumpcloud:gapps")
            .json(&json!([{"username": "g1", "email": "g1@example.com"}])),
    )
    .await;
    assert_eq!(code, 200);
    let (_, u) = s.get("/api/systemusers?filter=username:$eq:g1").await;
    assert_eq!(u["results"][0]["creationSource"], "jumpcloud:gapps");
    let (code, body) = s
        .post("/api/v2/bulk/users", json!({"not": "an array"}))
        .await;
    assert_error(code, &body, 400);
    let id = u["results"][0]["_id"].as_str().unwrap();
    let (code, job) = s
        .patch(
            "/api/v2/bulk/users",
            json!([{"id": id, "department": "Finance"}]),
        )
        .await;
    assert_eq!(code, 200);
    let (_, results) = s
        .get(&format!(
            "/api/v2/bulk/users/{}/results",
            job["jobId"].as_str().unwrap()
        ))
        .await;
    assert_eq!(results[0]["status"], "finished");
    let (_, got) = s.get(&format!("/api/systemusers/{id}")).await;
    assert_eq!(got["department"], "Finance");
    let (code, body) = s
        .get("/api/v2/bulk/users/0123456789abcdef01234567/results")
        .await;
    assert_error(code, &body, 404);
}

#[tokio::test]
async fn scheduled_userstates_apply_when_due() {
    let s = start().await;
    let users = s.all_users().await;
    let active: Vec<&Value> = users.iter().filter(|u| u["state"] == "ACTIVATED").collect();
    let (a, b) = (
        active[5]["_id"].as_str().unwrap(),
        active[6]["_id"].as_str().unwrap(),
    );
    let (code, body) = s
        .post(
            "/api/v2/bulk/userstates",
            json!({"user_ids": [a], "state": "STAGED", "start_date": "2030-01-01T00:00:00Z"}),
        )
        .await;
    assert_error(code, &body, 400);
    let (code, later) = s
        .post(
            "/api/v2/bulk/userstates",
            json!({"user_ids": [a], "state": "SUSPENDED", "start_date": "2099-01-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(code, 201, "{later}");
    assert_eq!(later[0]["systemUserId"], a);
    let (code, _) = s.post("/api/v2/bulk/userstates", json!({"user_ids": [b], "state": "SUSPENDED", "start_date": "2000-01-01T00:00:00.000Z"})).await;
    assert_eq!(code, 201);
    // The past one is applied by the next request; the future one stays listed.
    let (_, gb) = s.get(&format!("/api/systemusers/{b}")).await;
    assert_eq!(gb["state"], "SUSPENDED");
    assert_eq!(gb["suspended"], true);
    let (_, list) = s.get("/api/v2/bulk/userstates").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["scheduledJobId"], later[0]["scheduledJobId"]);
    let job = later[0]["scheduledJobId"].as_str().unwrap();
    let (code, _) = s.delete(&format!("/api/v2/bulk/userstates/{job}")).await;
    assert_eq!(code, 204);
    let (code, body) = s.delete(&format!("/api/v2/bulk/userstates/{job}")).await;
    assert_error(code, &body, 404);
    let (_, list) = s.get(&format!("/api/v2/bulk/userstates?userid={a}")).await;
    assert_eq!(list, json!([]));
}

#[tokio::test]
async fn directory_users_pages_equal_the_whole_sorted_list() {
    // Google Workspace has users bound directly and the Engineering group bound to it.
    let s = start_with(jumpcloud_sandbox::SandboxBuilder::new().seed_users(60)).await;
    let g = dir_id(&s, "g_suite").await;
    // Sorting by id takes the general path (every user's document, then sort and page).
    let (code, whole) = s
        .get(&format!("/api/v2/gsuites/{g}/users?limit=100&sort=id"))
        .await;
    assert_eq!(code, 200);
    let whole = whole.as_array().unwrap().clone();
    assert!(whole.len() > 10, "{}", whole.len());
    assert!(whole
        .iter()
        .any(|u| u["paths"][0].as_array().unwrap().len() == 2));
    // Unsorted pages take the short path: the same documents, in the same order.
    let mut paged = Vec::new();
    for skip in (0..whole.len() + 7).step_by(7) {
        let resp = s
            .req(
                Method::GET,
                &format!("/api/v2/gsuites/{g}/users?limit=7&skip={skip}"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(
            resp.headers()["x-total-count"],
            whole.len().to_string().as_str()
        );
        let page: Value = resp.json().await.unwrap();
        paged.extend(page.as_array().unwrap().iter().cloned());
    }
    assert_eq!(paged, whole);
}
