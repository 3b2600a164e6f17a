//! The client against the sandbox over real HTTP: reads, writes, pagination,
//! errors, and regions.
#![allow(clippy::unwrap_used)]

use std::collections::HashSet;

use jumpcloud::models::{DirectoryKind, NewUser, UserState, UserUpdate};
use jumpcloud::{
    probe, Bound, Client, Config, CreateOutcome, Endpoints, ErrorKind, Login, Region, Secret, Url,
};
use jumpcloud_sandbox::{RunningSandbox, SandboxBuilder};

fn client(sb: &RunningSandbox) -> Client {
    Client::new(Config::new(
        Url::parse(&sb.base_url()).unwrap(),
        Secret::new(sb.api_key()),
    ))
    .unwrap()
}

fn person(n: usize) -> NewUser {
    NewUser {
        username: format!("new.person{n}"),
        email: format!("New.Person{n}@Example.com"),
        firstname: "New".into(),
        lastname: format!("Person {n}"),
        ..NewUser::default()
    }
}

#[tokio::test]
async fn lists_every_user_with_the_fewest_requests() {
    let sb = SandboxBuilder::new().seed_users(250).start().await.unwrap();
    let c = client(&sb);
    let users = c.list_all_users().await.unwrap();
    assert_eq!(users.len(), 250);
    let ids: HashSet<&str> = users.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids.len(), 250, "no user twice");
    assert_eq!(c.requests_sent(), 3, "ceil(250/100) pages");
    sb.shutdown().await;
}

#[tokio::test]
async fn creates_updates_binds_and_deletes() {
    let sb = SandboxBuilder::new().start().await.unwrap();
    let c = client(&sb);

    let created = c.create_user(&person(1)).await.unwrap();
    let CreateOutcome::Created(user) = created else {
        panic!("expected a clean create")
    };
    assert_eq!(
        user.email, "new.person1@example.com",
        "JumpCloud lower-cases emails"
    );
    assert_eq!(
        c.find_user_by_username("new.person1")
            .await
            .unwrap()
            .unwrap()
            .id,
        user.id
    );
    assert!(c
        .find_user_by_username("nobody.here")
        .await
        .unwrap()
        .is_none());

    let again = c.create_user(&person(1)).await.unwrap_err();
    assert_eq!(again.kind, ErrorKind::Conflict, "{}", again.message);

    let updated = c
        .update_user(&user.id, &UserUpdate::state(UserState::Suspended))
        .await
        .unwrap();
    assert_eq!(
        (updated.state, updated.suspended),
        (UserState::Suspended, true)
    );

    let dirs = c.list_directories().await.unwrap();
    let google = dirs
        .iter()
        .find(|d| d.kind == DirectoryKind::GSuite)
        .unwrap();
    assert_eq!(
        c.bind_user_to_directory(&user.id, google).await.unwrap(),
        Bound::Added
    );
    assert_eq!(
        c.bind_user_to_directory(&user.id, google).await.unwrap(),
        Bound::AlreadyBound,
        "binding twice is fine"
    );
    let bound = c.user_directories(&user.id).await.unwrap();
    assert!(bound.iter().any(|o| o.id == google.id));

    let groups = c.list_user_groups().await.unwrap();
    let all = groups.iter().find(|g| g.name == "All Employees").unwrap();
    c.add_user_to_group(&all.id, &user.id).await.unwrap();

    let deleted = c.delete_user(&user.id).await.unwrap();
    assert_eq!(deleted.id, user.id);
    assert_eq!(
        c.get_user(&user.id).await.unwrap_err().kind,
        ErrorKind::NotFound
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn wrong_key_is_bad_key_and_organizations_name_the_org() {
    let sb = SandboxBuilder::new().start().await.unwrap();
    let good = client(&sb).organizations().await.unwrap();
    assert_eq!(good.results.len(), 1);
    assert_eq!(good.results[0].display_name, "Example Corp");
    let details = client(&sb).organization(&good.results[0].id).await.unwrap();
    assert_eq!(
        details.settings.new_user_state.manual_entry,
        Some(UserState::Activated)
    );

    let bad = Client::new(Config::new(
        Url::parse(&sb.base_url()).unwrap(),
        Secret::new("nope"),
    ))
    .unwrap();
    let err = bad.list_users(0, 10).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::BadKey);
    assert!(
        !err.message.contains("nope"),
        "the key never appears in errors"
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn multi_tenant_admin_lists_orgs_and_works_in_one() {
    let sb = SandboxBuilder::new()
        .multi_tenant_orgs(3)
        .start()
        .await
        .unwrap();
    let base = Url::parse(&sb.base_url()).unwrap();
    let key = Secret::new(sb.api_key());
    let without_org = Client::new(Config::new(base.clone(), key.clone())).unwrap();
    let orgs = without_org.organizations().await.unwrap().results;
    assert_eq!(orgs.len(), 3);
    assert_eq!(
        without_org.list_users(0, 5).await.unwrap_err().kind,
        ErrorKind::BadKey,
        "x-org-id is required"
    );

    // With an org id, the organizations route still works (the header is left off there).
    let second = Client::new(Config::new(base, key).org_id(orgs[1].id.clone())).unwrap();
    assert_eq!(second.organizations().await.unwrap().results.len(), 3);
    assert!(second.list_users(0, 5).await.unwrap().total_count > 0);
    sb.shutdown().await;
}

#[tokio::test]
async fn probe_finds_the_region_a_key_belongs_to() {
    let us = SandboxBuilder::new()
        .api_key("us-key")
        .start()
        .await
        .unwrap();
    let eu = SandboxBuilder::new()
        .api_key("eu-key")
        .start()
        .await
        .unwrap();
    let endpoints = Endpoints::default()
        .with(Region::Us, Url::parse(&us.base_url()).unwrap())
        .with(Region::Eu, Url::parse(&eu.base_url()).unwrap())
        // Nothing listens here: an unreachable region must not spoil the answer.
        .with(Region::In, Url::parse("http://127.0.0.1:9").unwrap());

    let at_home = probe(
        &endpoints,
        &Login::ApiKey(Secret::new("us-key")),
        Region::Us,
    )
    .await
    .unwrap();
    assert_eq!((at_home.region, at_home.moved), (Region::Us, false));
    assert_eq!(at_home.organizations.len(), 1);

    let moved = probe(
        &endpoints,
        &Login::ApiKey(Secret::new("eu-key")),
        Region::Us,
    )
    .await
    .unwrap();
    assert_eq!((moved.region, moved.moved), (Region::Eu, true));

    let nowhere = probe(
        &endpoints,
        &Login::ApiKey(Secret::new("nobody")),
        Region::Us,
    )
    .await
    .unwrap_err();
    assert_eq!(nowhere.kind, ErrorKind::BadKey);
    us.shutdown().await;
    eu.shutdown().await;
}

#[tokio::test]
async fn service_accounts_sign_in_with_tokens() {
    let sb = SandboxBuilder::new()
        .service_account("svc-roster", "svc-secret-42")
        .token_ttl_secs(2)
        .start()
        .await
        .unwrap();
    let base = Url::parse(&sb.base_url()).unwrap();
    let endpoints = Endpoints::default().with(Region::Us, base.clone());
    let login = Login::ServiceAccount {
        client_id: "svc-roster".into(),
        client_secret: Secret::new("svc-secret-42"),
    };
    let found = probe(&endpoints, &login, Region::Us).await.unwrap();
    assert_eq!(found.organizations.len(), 1);

    let c = Client::new(Config::with_credentials(
        base.clone(),
        login.credentials(&endpoints, Region::Us),
    ))
    .unwrap();
    assert!(c.list_users(0, 5).await.unwrap().total_count > 0);
    // Tokens live 2 s here; the client renews them before they run out.
    tokio::time::sleep(std::time::Duration::from_millis(2200)).await;
    assert!(c.list_users(0, 5).await.unwrap().total_count > 0);

    let wrong = Login::ServiceAccount {
        client_id: "svc-roster".into(),
        client_secret: Secret::new("nope"),
    };
    let c = Client::new(Config::with_credentials(
        base,
        wrong.credentials(&endpoints, Region::Us),
    ))
    .unwrap();
    let err = c.list_users(0, 5).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::BadKey);
    assert!(!err.message.contains("nope"));
    sb.shutdown().await;
}

#[tokio::test]
async fn import_listings_follow_page_tokens() {
    let sb = SandboxBuilder::new().start().await.unwrap();
    let c = client(&sb);
    let dirs = c.list_directories().await.unwrap();
    let google = dirs
        .iter()
        .find(|d| d.kind == DirectoryKind::GSuite)
        .unwrap();
    let microsoft = dirs
        .iter()
        .find(|d| d.kind == DirectoryKind::Office365)
        .unwrap();

    let one_page = c
        .google_import_users(&google.id, None, None, 500)
        .await
        .unwrap();
    assert!(one_page.next_page_token.is_none());
    let by_fives = c.google_import_all_users(&google.id, 5).await.unwrap();
    assert!(
        one_page.users.len() > 5,
        "enough people to need several pages"
    );
    assert_eq!(
        by_fives, one_page.users,
        "small pages add up to the same people, in order"
    );

    let ms_all = c
        .microsoft_import_users(&microsoft.id, None, None, 999)
        .await
        .unwrap()
        .users;
    let ms_by_fours = c
        .microsoft_import_all_users(&microsoft.id, 4)
        .await
        .unwrap();
    assert_eq!(ms_by_fours, ms_all);
    sb.shutdown().await;
}
