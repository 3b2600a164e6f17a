//! Offboarding against a real sandbox, judged by the server: exactly the chosen people change
//! (the whole organization compared before and after), protected people are refused, a large
//! batch needs its count typed, nobody is deleted without an archive, and an archive adds the
//! person back with their groups and directories.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{open_org, run};
use jumpcloud::models::UserState;
use jumpcloud::Client;
use jumpcloud_sandbox::SandboxBuilder;
use roster_bulk::{Outcome, Reports, ScheduledState};
use roster_engine::offboard::{
    archive_dir, deleted_people, offboarding_job, preview_offboarding, restore_job,
    settle_archives, Chosen, Confirmation, OffboardRequest, Offboarding, Protected,
};
use roster_engine::{ErrorKind, PeopleIndex, Places};

/// Every user's id → (state, manager), as the server has them.
async fn org_state(client: &Client) -> BTreeMap<String, (UserState, bool, Option<String>)> {
    client
        .list_all_users()
        .await
        .unwrap()
        .into_iter()
        .map(|u| (u.id, (u.state, u.suspended, u.manager)))
        .collect()
}

fn changed(
    before: &BTreeMap<String, (UserState, bool, Option<String>)>,
    after: &BTreeMap<String, (UserState, bool, Option<String>)>,
) -> Vec<String> {
    let mut ids: Vec<String> = before
        .iter()
        .filter(|(id, v)| after.get(*id) != Some(v))
        .map(|(id, _)| id.clone())
        .chain(after.keys().filter(|id| !before.contains_key(*id)).cloned())
        .collect();
    ids.sort();
    ids
}

fn active(index: &PeopleIndex, n: usize) -> Vec<String> {
    index
        .snapshot()
        .users()
        .iter()
        .filter(|u| u.state == UserState::Activated && !u.suspended)
        .filter(|u| {
            !index
                .snapshot()
                .users()
                .iter()
                .any(|r| r.manager.as_deref() == Some(u.id.as_str()))
        })
        .take(n)
        .map(|u| u.id.clone())
        .collect()
}

#[tokio::test]
async fn suspend_changes_exactly_the_chosen_people_and_never_the_protected() {
    let sb = SandboxBuilder::new()
        .seed_users(120)
        .fault_rate(0.1)
        .drop_rate(0.05)
        .rate_limit(40.0)
        .start()
        .await
        .unwrap();
    let open = open_org(&sb);
    let dir = tempfile::tempdir().unwrap();
    let places = Places::in_data_dir(dir.path());
    let index = PeopleIndex::load(&open.client).await.unwrap();
    let chosen_ids = active(&index, 4);
    let mut protected = Protected::default();
    protected
        .people
        .insert(chosen_ids[0].clone(), "boss".into());
    protected.save(dir.path(), &open.org.id).unwrap();
    let protected = Protected::load(dir.path(), &open.org.id).unwrap();

    let chosen = Chosen::Ids(chosen_ids.clone());
    let preview = preview_offboarding(&index, &protected, &chosen, &Offboarding::Suspend);
    assert_eq!((preview.changing, preview.refused), (3, 1));
    assert!(
        preview.rows[0].will.contains("protected"),
        "{:?}",
        preview.rows[0]
    );
    assert!(preview
        .consequences
        .iter()
        .any(|c| c.contains("still billed")));
    assert!(!preview.needs_count);

    let before = org_state(&open.client).await;
    let (job, _) = offboarding_job(
        &open,
        &index,
        &protected,
        &OffboardRequest {
            chosen: chosen.clone(),
            what: Offboarding::Suspend.clone(),
            confirmation: Confirmation::default(),
            reason: Some("Long leave".to_owned()),
        },
        &archive_dir(dir.path(), &open.org.id),
    )
    .await
    .unwrap();
    let ran = run(&open, &job, &places).await;
    assert_eq!(ran.report.summary.suspended, 3, "{:?}", ran.report);
    // History has each suspend, with the reason given.
    let history = roster_bulk::history::read_history(&roster_bulk::history::history_file(
        &places.history,
        &open.org.id,
    ))
    .unwrap();
    let suspends: Vec<_> = history
        .iter()
        .filter(|e| e.operation == roster_bulk::OperationKind::Suspend)
        .collect();
    assert_eq!(suspends.len(), 3);
    assert!(suspends.iter().all(|e| e
        .changes
        .iter()
        .any(|c| c.field == "reason" && c.after == Some("Long leave".into()))));
    let after = org_state(&open.client).await;
    let mut expected = chosen_ids[1..].to_vec();
    expected.sort();
    assert_eq!(changed(&before, &after), expected);
    for id in &chosen_ids[1..] {
        assert_eq!(after[id].0, UserState::Suspended);
    }

    // The protected person is refused even when asked for alone.
    let alone = Chosen::Ids(vec![chosen_ids[0].clone()]);
    let err = offboarding_job(
        &open,
        &index,
        &protected,
        &OffboardRequest {
            chosen: alone.clone(),
            what: Offboarding::Delete {
                reports: Reports::None,
            }
            .clone(),
            confirmation: Confirmation::default(),
            reason: None,
        },
        &archive_dir(dir.path(), &open.org.id),
    )
    .await
    .err()
    .unwrap();
    assert_eq!(err.kind, ErrorKind::Precondition);
    assert_eq!(org_state(&open.client).await, after);
    sb.shutdown().await;
}

#[tokio::test]
async fn a_large_batch_needs_its_count_typed() {
    let sb = SandboxBuilder::new().seed_users(200).start().await.unwrap();
    let open = open_org(&sb);
    let dir = tempfile::tempdir().unwrap();
    let places = Places::in_data_dir(dir.path());
    let index = PeopleIndex::load(&open.client).await.unwrap();
    let chosen = Chosen::Ids(active(&index, 25));
    let protected = Protected::default();
    let archives = archive_dir(dir.path(), &open.org.id);
    let preview = preview_offboarding(&index, &protected, &chosen, &Offboarding::Suspend);
    assert!(preview.needs_count);
    let before = org_state(&open.client).await;
    for typed in [None, Some(24)] {
        let err = offboarding_job(
            &open,
            &index,
            &protected,
            &OffboardRequest {
                chosen: chosen.clone(),
                what: Offboarding::Suspend.clone(),
                confirmation: Confirmation { typed_count: typed },
                reason: None,
            },
            &archives,
        )
        .await
        .err()
        .unwrap();
        assert!(err.message.contains("type that number"), "{}", err.message);
    }
    assert_eq!(org_state(&open.client).await, before);
    let (job, _) = offboarding_job(
        &open,
        &index,
        &protected,
        &OffboardRequest {
            chosen: chosen.clone(),
            what: Offboarding::Suspend.clone(),
            confirmation: Confirmation {
                typed_count: Some(25),
            },
            reason: None,
        },
        &archives,
    )
    .await
    .unwrap();
    let ran = run(&open, &job, &places).await;
    assert_eq!(ran.report.summary.suspended, 25);
    assert_eq!(changed(&before, &org_state(&open.client).await).len(), 25);
    sb.shutdown().await;
}

fn archives_in(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| d.count())
}

#[tokio::test]
async fn delete_archives_first_hands_over_the_reports_and_the_archive_adds_them_back() {
    let sb = SandboxBuilder::new().seed_users(60).start().await.unwrap();
    let open = open_org(&sb);
    let dir = tempfile::tempdir().unwrap();
    let places = Places::in_data_dir(dir.path());
    let archives = archive_dir(dir.path(), &open.org.id);
    let index = PeopleIndex::load(&open.client).await.unwrap();
    let users = index.snapshot().users().to_vec();
    // A department head: they manage people, and have a manager (the CEO).
    let head = users
        .iter()
        .find(|u| {
            u.manager.is_some()
                && users
                    .iter()
                    .any(|r| r.manager.as_deref() == Some(u.id.as_str()))
        })
        .unwrap()
        .clone();
    let ceo = head.manager.clone().unwrap();
    let reports: Vec<String> = users
        .iter()
        .filter(|r| r.manager.as_deref() == Some(head.id.as_str()))
        .map(|r| r.id.clone())
        .collect();
    let groups_before = open.client.user_groups(&head.id).await.unwrap();
    let chosen = Chosen::Named(vec![(2, head.username.to_uppercase())]);
    let protected = Protected::default();

    // Without a choice for their reports: refused before anything is written or sent.
    let preview = preview_offboarding(
        &index,
        &protected,
        &chosen,
        &Offboarding::Delete {
            reports: Reports::None,
        },
    );
    assert!(preview.needs_reports_choice);
    assert_eq!(preview.rows[0].reports.len(), reports.len());
    let err = offboarding_job(
        &open,
        &index,
        &protected,
        &OffboardRequest {
            chosen: chosen.clone(),
            what: Offboarding::Delete {
                reports: Reports::None,
            }
            .clone(),
            confirmation: Confirmation::default(),
            reason: None,
        },
        &archives,
    )
    .await
    .err()
    .unwrap();
    assert_eq!(err.kind, ErrorKind::Precondition);
    assert_eq!(archives_in(&archives), 0);
    assert!(open.client.get_user(&head.id).await.is_ok());

    // Handed to the CEO: archived, then deleted; the reports now report to the CEO.
    let what = Offboarding::Delete {
        reports: Reports::HandTo(ceo.clone()),
    };
    let (job, _) = offboarding_job(
        &open,
        &index,
        &protected,
        &OffboardRequest {
            chosen: chosen.clone(),
            what: what.clone(),
            confirmation: Confirmation::default(),
            reason: None,
        },
        &archives,
    )
    .await
    .unwrap();
    assert_eq!(
        archives_in(&archives),
        1,
        "the archive is written before the job runs"
    );
    let ran = run(&open, &job, &places).await;
    assert_eq!(
        ran.report.rows[0].outcome,
        Outcome::Deleted,
        "{:?}",
        ran.report
    );
    settle_archives(&job, &ran.report);
    assert!(open.client.get_user(&head.id).await.is_err());
    for id in &reports {
        assert_eq!(
            open.client.get_user(id).await.unwrap().manager.as_deref(),
            Some(ceo.as_str())
        );
    }

    // The "Deleted people" list has them, with what was theirs.
    let index = PeopleIndex::load(&open.client).await.unwrap();
    let deleted = deleted_people(&archives, index.snapshot()).unwrap();
    assert_eq!(deleted.len(), 1);
    let archive = &deleted[0];
    assert!(archive.deleted_at.is_some());
    assert_eq!(archive.user.username, head.username);
    assert_eq!(archive.reports.len(), reports.len());
    assert_eq!(archive.groups.len(), groups_before.len());

    // Added back: the same username, email, details and groups; a new id.
    let (job, notes) = restore_job(&open.org, index.snapshot(), archive).unwrap();
    assert!(notes[0].contains("new JumpCloud id"));
    let ran = run(&open, &job, &places).await;
    assert_eq!(
        ran.report.rows[0].outcome,
        Outcome::Created,
        "{:?}",
        ran.report
    );
    let id = ran.report.rows[0].id.clone().unwrap();
    assert_ne!(id, head.id);
    let back = open.client.get_user(&id).await.unwrap();
    assert_eq!(
        (
            &back.username,
            &back.email,
            &back.job_title,
            &back.department,
            &back.manager
        ),
        (
            &head.username,
            &head.email,
            &head.job_title,
            &head.department,
            &head.manager
        )
    );
    let mut groups_now: Vec<String> = open
        .client
        .user_groups(&id)
        .await
        .unwrap()
        .into_iter()
        .map(|g| g.id)
        .collect();
    let mut groups_then: Vec<String> = groups_before.into_iter().map(|g| g.id).collect();
    groups_now.sort();
    groups_then.sort();
    assert_eq!(groups_now, groups_then);

    // Adding them back twice is refused: the username is theirs again.
    let index = PeopleIndex::load(&open.client).await.unwrap();
    assert_eq!(
        restore_job(&open.org, index.snapshot(), archive)
            .err()
            .unwrap()
            .kind,
        ErrorKind::Conflict
    );
    sb.shutdown().await;
}

#[tokio::test]
async fn suspend_on_a_date_is_scheduled_in_jumpcloud_and_reactivate_undoes_a_suspend() {
    let sb = SandboxBuilder::new().seed_users(40).start().await.unwrap();
    let open = open_org(&sb);
    let dir = tempfile::tempdir().unwrap();
    let places = Places::in_data_dir(dir.path());
    let archives = archive_dir(dir.path(), &open.org.id);
    let index = PeopleIndex::load(&open.client).await.unwrap();
    let person = active(&index, 1);
    let protected = Protected::default();
    let what = Offboarding::Schedule {
        state: ScheduledState::Suspended,
        at: "2031-03-31T17:00:00.000Z".into(),
        send_email: false,
    };
    let (job, _) = offboarding_job(
        &open,
        &index,
        &protected,
        &OffboardRequest {
            chosen: Chosen::Ids(person.clone()).clone(),
            what: what.clone(),
            confirmation: Confirmation::default(),
            reason: None,
        },
        &archives,
    )
    .await
    .unwrap();
    let ran = run(&open, &job, &places).await;
    assert_eq!(ran.report.rows[0].outcome, Outcome::Scheduled);
    let scheduled = open.client.scheduled_state_changes().await.unwrap();
    assert!(scheduled
        .iter()
        .any(|s| s.user_id == person[0] && s.state == UserState::Suspended));
    assert_eq!(
        open.client.get_user(&person[0]).await.unwrap().state,
        UserState::Activated
    );

    // Suspend now, then reactivate: back as it was.
    let (job, _) = offboarding_job(
        &open,
        &index,
        &protected,
        &OffboardRequest {
            chosen: Chosen::Ids(person.clone()).clone(),
            what: Offboarding::Suspend.clone(),
            confirmation: Confirmation::default(),
            reason: None,
        },
        &archives,
    )
    .await
    .unwrap();
    run(&open, &job, &places).await;
    let index = PeopleIndex::load(&open.client).await.unwrap();
    let (job, _) = offboarding_job(
        &open,
        &index,
        &protected,
        &OffboardRequest {
            chosen: Chosen::Ids(person.clone()).clone(),
            what: Offboarding::Reactivate { send_email: false }.clone(),
            confirmation: Confirmation::default(),
            reason: None,
        },
        &archives,
    )
    .await
    .unwrap();
    let ran = run(&open, &job, &places).await;
    assert_eq!(ran.report.rows[0].outcome, Outcome::Reactivated);
    let user = open.client.get_user(&person[0]).await.unwrap();
    assert_eq!((user.state, user.suspended), (UserState::Activated, false));
    sb.shutdown().await;
}
