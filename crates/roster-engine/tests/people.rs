//! The people index and one-person jobs against a real sandbox over HTTP, judged by the
//! server: the index agrees with JumpCloud's lists, a person added by hand is there with their
//! state, directory and group (once, however often the form is sent), and profile changes
//! reach JumpCloud — or are refused before anything is sent.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;

use common::{open_org, run};
use jumpcloud::models::{DirectoryKind, UserState, UserUpdate};
use jumpcloud::Secret;
use jumpcloud_sandbox::SandboxBuilder;
use roster_bulk::history::{history_file, read_history};
use roster_bulk::{OperationKind, Outcome};
use roster_engine::people::now_ms;
use roster_engine::person::{check_new_person, new_person_job, profile_job};
use roster_engine::{
    ErrorKind, NewPerson, PeopleIndex, PeopleQuery, PeopleSession, Places, ProfileChange,
    StartState,
};

fn ids(index: &PeopleIndex, query: &PeopleQuery) -> BTreeSet<String> {
    index
        .query(query, now_ms())
        .into_iter()
        .map(|i| index.user(i).unwrap().id.clone())
        .collect()
}

#[tokio::test]
async fn the_index_agrees_with_the_server() {
    let sb = SandboxBuilder::new().seed_users(300).start().await.unwrap();
    let open = open_org(&sb);
    let index = PeopleIndex::load(&open.client).await.unwrap();
    let all = open.client.list_all_users().await.unwrap();
    assert_eq!(index.len(), all.len());
    assert_eq!(ids(&index, &PeopleQuery::default()).len(), all.len());

    let snapshot = index.snapshot().clone();
    let engineering = snapshot
        .all_groups()
        .into_iter()
        .find(|g| g.name == "Engineering")
        .unwrap()
        .clone();
    let members: BTreeSet<String> = open
        .client
        .group_members(&engineering.id)
        .await
        .unwrap()
        .into_iter()
        .collect();
    assert!(!members.is_empty());
    let in_group = ids(
        &index,
        &PeopleQuery {
            group: Some(engineering.id.clone()),
            ..PeopleQuery::default()
        },
    );
    assert_eq!(in_group, members);

    let google = snapshot
        .all_directories()
        .into_iter()
        .find(|d| d.kind == DirectoryKind::GSuite)
        .unwrap()
        .clone();
    let bound: BTreeSet<String> = open
        .client
        .directory_users(&google)
        .await
        .unwrap()
        .into_iter()
        .collect();
    let in_google = ids(
        &index,
        &PeopleQuery {
            directory: Some(google.id.clone()),
            ..PeopleQuery::default()
        },
    );
    assert_eq!(in_google, bound);
    // Engineering is bound to Google Workspace as a group: its members are too.
    assert!(members.is_subset(&in_google));

    // Searching a person's last name finds them; the state filter is the server's.
    let someone = &all[all.len() / 2];
    let found = ids(
        &index,
        &PeopleQuery {
            search: someone.lastname.to_uppercase(),
            ..PeopleQuery::default()
        },
    );
    assert!(found.contains(&someone.id));
    let staged: BTreeSet<String> = all
        .iter()
        .filter(|u| u.state == UserState::Staged)
        .map(|u| u.id.clone())
        .collect();
    assert_eq!(
        ids(
            &index,
            &PeopleQuery {
                state: Some(roster_engine::PersonState::Staged),
                ..PeopleQuery::default()
            },
        ),
        staged
    );
    sb.shutdown().await;
}

fn form(username: &str, email: &str) -> NewPerson {
    NewPerson {
        values: vec![
            ("username".into(), username.into()),
            ("email".into(), email.into()),
            ("firstname".into(), "Zoë".into()),
            ("lastname".into(), "Quist".into()),
            ("jobTitle".into(), "Analyst".into()),
        ],
        state: Some(StartState::Staged),
        form_id: "form-1".into(),
        ..NewPerson::default()
    }
}

#[tokio::test]
async fn a_person_added_by_hand_is_there_once_with_their_directory_and_group() {
    let sb = SandboxBuilder::new().seed_users(60).start().await.unwrap();
    let open = open_org(&sb);
    let dir = tempfile::tempdir().unwrap();
    let places = Places::in_data_dir(dir.path());
    let session = PeopleSession::default();
    let index = session.index(&open.org.id, &open.client).await.unwrap();
    let snapshot = index.snapshot().clone();
    let sales = snapshot
        .all_groups()
        .into_iter()
        .find(|g| g.name == "Sales")
        .unwrap()
        .id
        .clone();
    let m365 = snapshot
        .all_directories()
        .into_iter()
        .find(|d| d.kind == DirectoryKind::Office365)
        .unwrap()
        .id
        .clone();
    let taken = snapshot.users()[3].clone();
    let policy = open
        .client
        .organization(&open.org.id)
        .await
        .unwrap()
        .settings
        .password_policy;

    // A bad email and a taken username are named on their fields; nothing can be sent.
    let mut person = form(&taken.username, "zoe.quist@");
    person.groups = vec![sales.clone()];
    person.directories = vec![m365.clone()];
    let (check, row) = check_new_person(&person, &snapshot, StartState::Active, &policy);
    assert!(row.is_none());
    let fields: BTreeSet<Option<String>> = check
        .issues
        .iter()
        .filter(|i| i.blocking)
        .map(|i| i.field.clone())
        .collect();
    assert!(fields.contains(&Some("email".into())), "{:?}", check.issues);
    assert!(
        fields.contains(&Some("username".into())),
        "{:?}",
        check.issues
    );
    let err = new_person_job(&open.org, &person, &snapshot, StartState::Active, &policy)
        .err()
        .unwrap();
    assert_eq!(err.kind, ErrorKind::Validation);
    let before = open.client.list_all_users().await.unwrap().len();

    // Fixed: it runs, and JumpCloud has them, not yet activated, in Sales, bound to M365.
    person.values[0].1 = "zquist".into();
    person.values[1].1 = "zoe.quist@example.com".into();
    let (job, check) =
        new_person_job(&open.org, &person, &snapshot, StartState::Active, &policy).unwrap();
    assert!(check.ready());
    assert!(
        check.summary.iter().any(|s| s.contains("Microsoft 365")),
        "{:?}",
        check.summary
    );
    let ran = run(&open, &job, &places).await;
    let result = &ran.report.rows[0];
    assert_eq!(result.outcome, Outcome::Created, "{result:?}");
    let id = result.id.clone().unwrap();
    let user = open.client.get_user(&id).await.unwrap();
    assert_eq!(
        (user.username.as_str(), user.state),
        ("zquist", UserState::Staged)
    );
    assert_eq!(user.job_title, "Analyst");
    let groups: Vec<String> = open
        .client
        .user_groups(&id)
        .await
        .unwrap()
        .into_iter()
        .map(|g| g.id)
        .collect();
    assert_eq!(groups, std::slice::from_ref(&sales));
    let dirs: Vec<String> = open
        .client
        .user_directories(&id)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(dirs, std::slice::from_ref(&m365));
    assert_eq!(
        open.client.list_all_users().await.unwrap().len(),
        before + 1
    );

    // History names the form as the source.
    let history = read_history(&history_file(&places.history, &open.org.id)).unwrap();
    let create = history
        .iter()
        .find(|e| e.operation == OperationKind::Create)
        .unwrap();
    assert_eq!(create.source, "Add one person");

    // The same form sent again (a double click) adds no one.
    let again = run(&open, &job, &places).await;
    assert!(again.report.rows[0].earlier.is_some());
    assert_eq!(
        open.client.list_all_users().await.unwrap().len(),
        before + 1
    );

    // The session's index has them at once.
    session
        .changed(&open.org.id, &open.client, std::slice::from_ref(&id))
        .await
        .unwrap();
    let (index, _) = session.current(&open.org.id).unwrap();
    let found = ids(
        &index,
        &PeopleQuery {
            search: "zoe quist".into(),
            group: Some(sales),
            ..PeopleQuery::default()
        },
    );
    assert_eq!(found, BTreeSet::from([id]));
    sb.shutdown().await;
}

#[tokio::test]
async fn profile_changes_reach_the_server_or_are_refused_before_sending() {
    let sb = SandboxBuilder::new().seed_users(80).start().await.unwrap();
    let open = open_org(&sb);
    let dir = tempfile::tempdir().unwrap();
    let places = Places::in_data_dir(dir.path());
    let index = PeopleIndex::load(&open.client).await.unwrap();
    let snapshot = index.snapshot().clone();
    let engineering = snapshot
        .all_groups()
        .into_iter()
        .find(|g| g.name == "Engineering")
        .unwrap()
        .clone();
    let google = snapshot
        .all_directories()
        .into_iter()
        .find(|d| d.kind == DirectoryKind::GSuite)
        .unwrap()
        .clone();
    let m365 = snapshot
        .all_directories()
        .into_iter()
        .find(|d| d.kind == DirectoryKind::Office365)
        .unwrap()
        .clone();
    let member = open.client.group_members(&engineering.id).await.unwrap()[0].clone();
    let current = open.client.get_user(&member).await.unwrap();

    // Bound to Google Workspace through Engineering: refused, naming the group; still bound.
    let paths = open.client.user_directories(&member).await.unwrap();
    let through = paths.iter().find(|d| d.id == google.id).unwrap();
    assert!(!through.is_direct());
    let err = profile_job(
        &open.org,
        &current,
        &snapshot,
        &ProfileChange::Unbind {
            directory_id: google.id.clone(),
        },
        &through.via_groups(),
    )
    .err()
    .unwrap();
    assert_eq!(err.kind, ErrorKind::Precondition);
    assert!(err.message.contains("\"Engineering\""), "{}", err.message);
    assert!(open
        .client
        .user_directories(&member)
        .await
        .unwrap()
        .iter()
        .any(|d| d.id == google.id));

    // Bind and unbind Microsoft 365 directly.
    let bind = profile_job(
        &open.org,
        &current,
        &snapshot,
        &ProfileChange::Bind {
            directory_id: m365.id.clone(),
        },
        &[],
    )
    .unwrap();
    run(&open, &bind, &places).await;
    let now = open.client.user_directories(&member).await.unwrap();
    assert!(now.iter().any(|d| d.id == m365.id && d.is_direct()));
    let unbind = profile_job(
        &open.org,
        &current,
        &snapshot,
        &ProfileChange::Unbind {
            directory_id: m365.id.clone(),
        },
        &[],
    )
    .unwrap();
    run(&open, &unbind, &places).await;
    assert!(!open
        .client
        .user_directories(&member)
        .await
        .unwrap()
        .iter()
        .any(|d| d.id == m365.id));

    // Someone else changes the job title while the profile is open: the save is refused and
    // their change stays.
    let seen = current.job_title.clone();
    open.client
        .update_user(
            &member,
            &UserUpdate {
                job_title: Some("Changed elsewhere".into()),
                ..UserUpdate::default()
            },
        )
        .await
        .unwrap();
    let fresh = open.client.get_user(&member).await.unwrap();
    let edit = |before: &str| ProfileChange::Details {
        before: vec![("jobTitle".into(), before.into())],
        after: vec![("jobTitle".into(), "Principal engineer".into())],
    };
    let err = profile_job(&open.org, &fresh, &snapshot, &edit(&seen), &[])
        .err()
        .unwrap();
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert!(err.message.contains("Job title"), "{}", err.message);
    assert_eq!(
        open.client.get_user(&member).await.unwrap().job_title,
        "Changed elsewhere"
    );

    // From the value now shown, it is saved, and History has the field before → after.
    let job = profile_job(
        &open.org,
        &fresh,
        &snapshot,
        &edit("Changed elsewhere"),
        &[],
    )
    .unwrap();
    let ran = run(&open, &job, &places).await;
    assert_eq!(ran.report.rows[0].outcome, Outcome::Updated);
    assert_eq!(
        open.client.get_user(&member).await.unwrap().job_title,
        "Principal engineer"
    );
    let history = read_history(&history_file(&places.history, &open.org.id)).unwrap();
    let update = history
        .iter()
        .find(|e| e.operation == OperationKind::Update)
        .unwrap();
    assert!(
        update.changes.iter().any(|c| c.field == "jobTitle"),
        "{update:?}"
    );
    assert_eq!(update.source, format!("Profile of {}", current.username));
    sb.shutdown().await;
}

#[tokio::test]
async fn a_chosen_password_is_checked_against_the_policy_and_never_written_down() {
    let sb = SandboxBuilder::new().seed_users(10).start().await.unwrap();
    let open = open_org(&sb);
    let dir = tempfile::tempdir().unwrap();
    let places = Places::in_data_dir(dir.path());
    let index = PeopleIndex::load(&open.client).await.unwrap();
    let snapshot = index.snapshot().clone();
    let policy = open
        .client
        .organization(&open.org.id)
        .await
        .unwrap()
        .settings
        .password_policy;

    // Each unmet rule is named on the password field; nothing is sent.
    let mut person = form("pat.doe", "pat.doe@example.com");
    person.state = Some(StartState::Active);
    person.password = Some(Secret::new("pat.doe"));
    let (check, row) = check_new_person(&person, &snapshot, StartState::Active, &policy);
    assert!(row.is_none());
    let problems: Vec<&str> = check
        .issues
        .iter()
        .filter(|i| i.field.as_deref() == Some("password"))
        .map(|i| i.message.as_str())
        .collect();
    assert!(
        problems.iter().any(|m| m.contains("8 characters")),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|m| m.contains("uppercase")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|m| m.contains("may not contain the username")),
        "{problems:?}"
    );

    // A good one: the person is created with it (JumpCloud records when it was set), and the
    // password is in none of Roster's files.
    let secret = "Wander-Fjord-42";
    person.password = Some(Secret::new(secret));
    let (job, check) =
        new_person_job(&open.org, &person, &snapshot, StartState::Active, &policy).unwrap();
    assert!(
        check.summary[0].contains("password you chose"),
        "{:?}",
        check.summary
    );
    let ran = run(&open, &job, &places).await;
    let id = ran.report.rows[0].id.clone().unwrap();
    let user = open.client.get_user(&id).await.unwrap();
    assert!(user.password_date.is_some(), "the password was set");
    assert_eq!(user.state, UserState::Activated);
    for entry in walk(dir.path()) {
        let text = std::fs::read_to_string(&entry).unwrap_or_default();
        assert!(
            !text.contains(secret),
            "{} holds the password",
            entry.display()
        );
    }
    assert!(!format!("{:?}", job.plan).contains(secret));
    assert!(!serde_json::to_string(&job.plan).unwrap().contains(secret));
    sb.shutdown().await;
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[tokio::test]
async fn checking_a_spreadsheet_reads_the_people_again_and_keeps_the_memberships() {
    let sb = SandboxBuilder::new().seed_users(40).start().await.unwrap();
    let open = open_org(&sb);
    let session = PeopleSession::default();
    let index = session.index(&open.org.id, &open.client).await.unwrap();
    let sales = index
        .snapshot()
        .all_groups()
        .into_iter()
        .find(|g| g.name == "Sales")
        .unwrap()
        .id
        .clone();
    let in_sales = PeopleQuery {
        group: Some(sales),
        ..PeopleQuery::default()
    };
    let members = ids(&index, &in_sales);

    // Someone else adds a person in JumpCloud meanwhile.
    let made = open
        .client
        .create_user(&jumpcloud::models::NewUser {
            username: "elsewhere".into(),
            email: "elsewhere@example.com".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let snapshot = session
        .fresh_snapshot(&open.org.id, &open.client)
        .await
        .unwrap();
    assert!(snapshot.user_by_username("elsewhere").is_some());
    let (index, _) = session.current(&open.org.id).unwrap();
    assert!(index.find(&made.user().id).is_some());
    assert_eq!(ids(&index, &in_sales), members);
    sb.shutdown().await;
}
