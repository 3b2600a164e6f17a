//! Running plans against sandboxes: faults, cancellation and resume, rows in doubt, retries.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Mutex;

use jumpcloud::models::NewUser;
use jumpcloud_sandbox::SandboxBuilder;
use roster_bulk::{
    execute, Action, CancellationToken, ExecuteOptions, Existing, Outcome, PlanOptions, Progress,
};

fn quiet(_: Progress) {}

/// The app runs these on Tauri's async runtime, which needs `Send` futures.
fn assert_send<T: Send>(value: T) -> T {
    value
}

#[tokio::test]
async fn every_row_is_accounted_for_despite_faults() {
    let dir = common::scratch();
    let state = common::state_file(dir.path());
    let sb = SandboxBuilder::new()
        .seed_users(10)
        .fault_rate(0.05)
        .drop_rate(0.02)
        .rate_limit(50.0)
        .state_file(&state)
        .start()
        .await
        .unwrap();
    let client = common::client(&sb);
    let bytes = common::csv(200, "fault");
    let (plan, _, key) = common::prepare(&client, &bytes, PlanOptions::default()).await;
    assert_eq!(plan.counts.create, 200);
    let journal = common::open_journal(&dir.path().join("journals"), &key);
    let seen = Mutex::new(Vec::new());
    let record = |p: Progress| seen.lock().unwrap().push(p);
    let report = execute(
        &client,
        &plan,
        &journal,
        &ExecuteOptions::default(),
        &record,
        &CancellationToken::new(),
    )
    .await;
    sb.shutdown().await;

    let lines: Vec<u64> = plan.rows.iter().map(|r| r.line).collect();
    let server = common::truth(&state).await;
    common::assert_agrees(&report, &lines, &server);
    let failures: Vec<_> = report
        .rows
        .iter()
        .filter(|r| r.outcome != Outcome::Created)
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(report.summary.created, 200);
    assert_eq!(server.len(), 210);

    // Groups and directories are bound.
    let calm = common::calm(&state).await;
    let members = common::group_members(&calm).await;
    let calm_client = common::client(&calm);
    let groups = ["All Employees", "Sales", "Engineering", "IT Admins"];
    let directories = calm_client.list_directories().await.unwrap();
    let ldap = directories
        .iter()
        .find(|d| d.name == "JumpCloud LDAP")
        .unwrap();
    for (i, row) in report.rows.iter().enumerate() {
        let id = row.id.clone().unwrap();
        assert!(
            members[groups[i % 4]].contains(&id),
            "line {} not in its group",
            row.line
        );
        if i % 5 == 0 {
            let bound = calm_client.user_directories(&id).await.unwrap();
            assert!(
                bound.iter().any(|d| d.id == ldap.id),
                "line {} not bound",
                row.line
            );
        }
    }
    calm.shutdown().await;

    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.first().map(|p| (p.done, p.remaining)), Some((0, 200)));
    assert_eq!(
        seen.last()
            .map(|p| (p.done, p.failed, p.remaining, p.total)),
        Some((200, 0, 0, 200))
    );
}

#[tokio::test]
async fn cancelled_import_resumes_without_duplicates() {
    let dir = common::scratch();
    let state = common::state_file(dir.path());
    let journals = dir.path().join("journals");
    let sb = SandboxBuilder::new()
        .seed_users(5)
        .latency_ms(15)
        .state_file(&state)
        .start()
        .await
        .unwrap();
    let client = common::client(&sb);
    let bytes = common::csv(120, "cancel");
    let (plan, _, key) = common::prepare(&client, &bytes, PlanOptions::default()).await;

    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    let stop_early = move |p: Progress| {
        if p.done >= 30 {
            trigger.cancel();
        }
    };
    let journal = common::open_journal(&journals, &key);
    let first = execute(
        &client,
        &plan,
        &journal,
        &ExecuteOptions::default(),
        &stop_early,
        &cancel,
    )
    .await;
    drop(journal);
    assert_eq!(first.rows.len(), 120, "no row is lost");
    assert!(first.summary.created >= 30, "{:?}", first.summary);
    assert!(first.summary.pending > 0, "{:?}", first.summary);
    assert_eq!(first.summary.created + first.summary.pending, 120);
    assert!(first.stopped.is_some());
    assert!(!first.all_done());

    // Run again, as the app does after a restart: new snapshot, new plan, same journal.
    let (again, _, key2) = common::prepare(&client, &bytes, PlanOptions::default()).await;
    assert_eq!(key2, key);
    assert_eq!(
        again.counts.skip, first.summary.created,
        "created users now exist"
    );
    let journal = common::open_journal(&journals, &key);
    let before = client.requests_sent();
    let second = common::run(&client, &again, &journal).await;
    let sent = client.requests_sent() - before;
    // This run's counts are this run's: the rows done before are counted apart.
    assert_eq!(
        (second.summary.created, second.summary.earlier),
        (first.summary.pending, first.summary.created),
        "{:?}",
        second.summary
    );
    assert!(second.all_done());
    // Only the pending rows were sent: one create and one group each (a fifth bind too).
    assert!(
        sent as usize <= first.summary.pending * 3,
        "{sent} requests"
    );
    for (a, b) in first.rows.iter().zip(&second.rows) {
        if a.outcome == Outcome::Created {
            assert_eq!(
                (&a.outcome, &a.id, a.earlier.is_none()),
                (&b.outcome, &b.id, true),
                "earlier outcomes are reported as they were"
            );
            assert!(b.earlier.is_some(), "and marked as an earlier run's");
        }
    }
    sb.shutdown().await;
    let lines: Vec<u64> = plan.rows.iter().map(|r| r.line).collect();
    let server = common::truth(&state).await;
    common::assert_agrees(&second, &lines, &server);
    assert_eq!(server.len(), 125);
}

#[tokio::test]
async fn rows_in_doubt_are_looked_up_before_sending_again() {
    let dir = common::scratch();
    let journals = dir.path().join("journals");
    let sb = SandboxBuilder::new().seed_users(3).start().await.unwrap();
    let client = common::client(&sb);
    let bytes = common::csv(3, "doubt");
    let (plan, _, key) = common::prepare(&client, &bytes, PlanOptions::default()).await;
    let (landed, lost) = (&plan.rows[0], &plan.rows[1]);

    // A crash after sending: line 2 reached JumpCloud, line 3 never did.
    let journal = common::open_journal(&journals, &key);
    journal
        .started(
            &landed.key,
            &landed.digest(),
            Action::Create,
            &landed.username,
        )
        .await
        .unwrap();
    journal
        .started(&lost.key, &lost.digest(), Action::Create, &lost.username)
        .await
        .unwrap();
    drop(journal);
    let made = client
        .create_user(&NewUser {
            username: landed.username.clone(),
            email: landed.email.clone(),
            ..NewUser::default()
        })
        .await
        .unwrap();

    let (again, _, _) = common::prepare(&client, &bytes, PlanOptions::default()).await;
    assert_eq!(again.rows[0].action, Action::Skip, "the user exists now");
    let journal = common::open_journal(&journals, &key);
    let report = common::run(&client, &again, &journal).await;
    assert_eq!(report.summary.created, 3, "{report:#?}");
    assert_eq!(report.rows[0].id.as_deref(), Some(made.user().id.as_str()));
    let members = common::group_members(&sb).await;
    assert!(
        members["All Employees"].contains(&made.user().id),
        "the in-doubt row finished its groups"
    );
    let lines: Vec<u64> = again.rows.iter().map(|r| r.line).collect();
    common::assert_agrees(&report, &lines, &client.list_all_users().await.unwrap());
    sb.shutdown().await;
}

#[tokio::test]
async fn completed_journal_does_nothing_twice_even_with_a_torn_last_line() {
    let dir = common::scratch();
    let journals = dir.path().join("journals");
    let sb = SandboxBuilder::new().seed_users(3).start().await.unwrap();
    let client = common::client(&sb);
    let bytes = common::csv(20, "done");
    let (plan, _, key) = common::prepare(&client, &bytes, PlanOptions::default()).await;
    let journal = common::open_journal(&journals, &key);
    let options = ExecuteOptions::default();
    let first = execute(
        &client,
        &plan,
        &journal,
        &options,
        &quiet,
        &CancellationToken::new(),
    )
    .await;
    assert_eq!(first.summary.created, 20);
    let path = journal.path().to_owned();
    drop(journal);

    // The process died while writing a record.
    let mut text = std::fs::read(&path).unwrap();
    text.extend_from_slice(b"{\"event\":\"finished\",\"line\":2,\"outco");
    std::fs::write(&path, text).unwrap();

    let (again, _, _) = common::prepare(&client, &bytes, PlanOptions::default()).await;
    let journal = common::open_journal(&journals, &key);
    assert_eq!(journal.skipped_lines(), 1);
    let before = client.requests_sent();
    let second = execute(
        &client,
        &again,
        &journal,
        &options,
        &quiet,
        &CancellationToken::new(),
    )
    .await;
    assert_eq!(client.requests_sent(), before, "nothing is sent again");
    assert_eq!(second.summary.created, 0, "this run created nobody");
    assert_eq!(second.summary.earlier, 20);
    for (a, b) in first.rows.iter().zip(&second.rows) {
        assert_eq!((&a.key, a.outcome, &a.id), (&b.key, b.outcome, &b.id));
        assert!(b.earlier.is_some(), "{b:?}");
    }
    sb.shutdown().await;
}

#[tokio::test]
async fn failed_rows_are_retried_only_when_asked() {
    let dir = common::scratch();
    let journals = dir.path().join("journals");
    let sb = SandboxBuilder::new().seed_users(3).start().await.unwrap();
    let client = common::client(&sb);
    let bytes = common::csv(4, "retry");
    let (plan, _, key) = common::prepare(&client, &bytes, PlanOptions::default()).await;
    // Someone takes line 3's username (with another email) after the preview.
    let squatter = client
        .create_user(&NewUser {
            username: plan.rows[1].username.clone(),
            email: "squatter@example.org".into(),
            ..NewUser::default()
        })
        .await
        .unwrap();
    let journal = common::open_journal(&journals, &key);
    let first = common::run(&client, &plan, &journal).await;
    drop(journal);
    assert_eq!((first.summary.created, first.summary.failed), (3, 1));
    let message = first.rows[1].message.clone().unwrap_or_default();
    assert!(
        message.starts_with("Creating the user failed: JumpCloud already has this (username"),
        "{message}"
    );

    client.delete_user(&squatter.user().id).await.unwrap();
    let (again, _, _) = common::prepare(&client, &bytes, PlanOptions::default()).await;
    let journal = common::open_journal(&journals, &key);
    let before = client.requests_sent();
    let same = common::run(&client, &again, &journal).await;
    assert_eq!(client.requests_sent(), before);
    assert_eq!(
        same.summary.earlier, 4,
        "all four outcomes are the first run's"
    );
    assert_eq!(same.rows[1].outcome, Outcome::Failed);

    let retry = ExecuteOptions {
        retry_failed: true,
        ..ExecuteOptions::default()
    };
    let fixed = execute(
        &client,
        &again,
        &journal,
        &retry,
        &quiet,
        &CancellationToken::new(),
    )
    .await;
    assert_eq!(
        (fixed.summary.created, fixed.summary.earlier),
        (1, 3),
        "{fixed:#?}"
    );
    let lines: Vec<u64> = again.rows.iter().map(|r| r.line).collect();
    common::assert_agrees(&fixed, &lines, &client.list_all_users().await.unwrap());
    sb.shutdown().await;
}

#[tokio::test]
async fn updates_send_only_what_differs() {
    let dir = common::scratch();
    let sb = SandboxBuilder::new().seed_users(4).start().await.unwrap();
    let client = common::client(&sb);
    let users = client.list_all_users().await.unwrap();
    let (a, b) = (&users[1], &users[2]);
    let csv = format!(
        "Username,Email,Job Title,Group\n{},{},Chief Tester,Sales\n{},{},{},\n",
        a.username, a.email, b.username, b.email, b.job_title
    );
    let update = PlanOptions {
        existing: Existing::Update,
        ..PlanOptions::default()
    };
    let (plan, _, key) = common::prepare(&client, csv.as_bytes(), update).await;
    // b has nothing to change: not an update, a skip.
    assert_eq!((plan.counts.update, plan.counts.skip), (1, 1));
    let journal = common::open_journal(dir.path(), &key);
    let cancel = CancellationToken::new();
    let options = ExecuteOptions::default();
    let report = assert_send(execute(&client, &plan, &journal, &options, &quiet, &cancel)).await;
    assert_send(roster_bulk::OrgSnapshot::fetch(&client))
        .await
        .unwrap();
    assert_eq!(
        (report.summary.updated, report.summary.skipped),
        (1, 1),
        "{report:#?}"
    );
    assert_eq!(
        report.rows[1].message.as_deref(),
        Some("Already in JumpCloud and up to date; nothing needed changing.")
    );
    let after = client.get_user(&a.id).await.unwrap();
    assert_eq!(after.job_title, "Chief Tester");
    assert!(common::group_members(&sb).await["Sales"].contains(&a.id));

    // The same file again, with a fresh journal: a's group must still be sent (the snapshot
    // does not know memberships), but JumpCloud already has it, so nothing changes and the
    // row says so — it is not reported as updated.
    let (again, _, _) = common::prepare(&client, csv.as_bytes(), update).await;
    assert_eq!(again.counts.update, 1, "the group is planned");
    let fresh = common::scratch();
    let journal = common::open_journal(fresh.path(), &key);
    let report = execute(&client, &again, &journal, &options, &quiet, &cancel).await;
    assert_eq!(
        (report.summary.updated, report.summary.skipped),
        (0, 2),
        "{report:#?}"
    );
    assert_eq!(
        report.rows[0].message.as_deref(),
        Some("Already up to date; nothing needed changing.")
    );
    assert_eq!(
        client.get_user(&a.id).await.unwrap(),
        after,
        "nothing changed on the server"
    );
    sb.shutdown().await;
}
