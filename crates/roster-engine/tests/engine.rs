//! The engine against a real sandbox over HTTP, judged by the server: the journal lock, an
//! edit after a run planned and sent again, the organization guard, cancel by job id, and one
//! History entry per change.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::Duration;

use jumpcloud::models::SystemUser;
use jumpcloud::{Client, Config, RetryPolicy, Secret, Url};
use jumpcloud_sandbox::{RunningSandbox, SandboxBuilder};
use roster_bulk::history::{history_file, read_history};
use roster_bulk::{
    CancellationToken, ExecuteOptions, Existing, HistoryOutcome, Journal, OperationKind,
    OrgSnapshot, PlanOptions, Progress,
};
use roster_engine::{run_job, ErrorKind, Jobs, OpenOrg, OrgRef, Places, Preview, Ran, RunOptions};

fn client(sb: &RunningSandbox) -> Client {
    let mut config = Config::new(
        Url::parse(&sb.base_url()).unwrap(),
        Secret::new(sb.api_key()),
    );
    config.retry = RetryPolicy {
        max_attempts: 10,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_secs(2),
    };
    Client::new(config).unwrap()
}

fn open_org(sb: &RunningSandbox, name: &str) -> OpenOrg {
    OpenOrg {
        org: OrgRef {
            id: sb.org_id().to_owned(),
            name: name.to_owned(),
        },
        client: client(sb),
    }
}

async fn preview(open: &OpenOrg, path: &Path, existing: Existing) -> Preview {
    let mut p = Preview::open(path, None).unwrap();
    check(&mut p, open, existing).await;
    p
}

async fn check(p: &mut Preview, open: &OpenOrg, existing: Existing) {
    let snapshot = OrgSnapshot::fetch(&open.client).await.unwrap();
    p.check_against(
        open.org.clone(),
        snapshot,
        PlanOptions {
            existing,
            ..PlanOptions::default()
        },
    );
}

async fn run(
    open: &OpenOrg,
    p: &Preview,
    places: &Places,
) -> Result<Ran, roster_engine::EngineError> {
    let job = p.job(&open.org)?;
    let cancel = CancellationToken::new();
    run_job(
        open,
        &job,
        places,
        RunOptions {
            execute: ExecuteOptions::default(),
            job_id: Some("job-test".into()),
            report_to: None,
            progress: &|_| {},
            cancel: &cancel,
        },
    )
    .await
}

async fn by_username(client: &Client, username: &str) -> SystemUser {
    client
        .find_user_by_username(username)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{username} is not on the server"))
}

#[tokio::test]
async fn a_second_run_of_the_same_job_is_refused_while_one_holds_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let places = Places::in_data_dir(dir.path());
    let sb = SandboxBuilder::new().seed_users(2).start().await.unwrap();
    let open = open_org(&sb, "Practice");
    let csv = dir.path().join("people.csv");
    std::fs::write(&csv, "username,email\nlockme,lockme@example.com\n").unwrap();
    let p = preview(&open, &csv, Existing::Skip).await;

    // Another window (or roster-cli) is running the same file now.
    let other = Journal::open(&places.journals, &p.job(&open.org).unwrap().key).unwrap();
    let before = open.client.list_all_users().await.unwrap().len();
    let err = run(&open, &p, &places).await.err().expect("refused");
    assert_eq!(err.kind, ErrorKind::JobRunning);
    assert!(
        err.message
            .contains("already running in another Roster window"),
        "{}",
        err.message
    );
    assert_eq!(
        open.client.list_all_users().await.unwrap().len(),
        before,
        "nothing was sent"
    );

    drop(other);
    let ran = run(&open, &p, &places).await.unwrap();
    assert_eq!(ran.report.summary.created, 1);
    by_username(&open.client, "lockme").await;
    sb.shutdown().await;
}

/// The sequence an admin hit: a first run creates five people; the same file is opened
/// again, three cells are edited, and it is run with "update people who already exist". The
/// server ends up with the edited values and the result says 3 updated — not "5 created".
#[tokio::test]
async fn edited_rows_are_planned_and_sent_again_and_the_result_is_this_runs() {
    let dir = tempfile::tempdir().unwrap();
    let places = Places::in_data_dir(dir.path());
    let sb = SandboxBuilder::new().seed_users(3).start().await.unwrap();
    let open = open_org(&sb, "Practice");
    let csv = dir.path().join("starters.csv");
    let mut text = String::from("Username;Email;Job Title\r\n");
    for i in 0..5 {
        text.push_str(&format!("starter{i};starter{i}@example.com;Engineer\r\n"));
    }
    std::fs::write(&csv, text).unwrap();

    let first = preview(&open, &csv, Existing::Skip).await;
    let ran = run(&open, &first, &places).await.unwrap();
    assert_eq!(ran.report.summary.created, 5);
    assert!(ran.report_path.is_ok());

    // Open it again (as after a restart), fix three job titles, update existing people.
    let mut second = Preview::open(&csv, None).unwrap();
    for line in [2, 4, 6] {
        second.edit_cell(line, 2, "Lead").unwrap();
    }
    check(&mut second, &open, Existing::Update).await;
    let counts = second.plan().unwrap().counts;
    assert_eq!(
        (counts.create, counts.update, counts.skip),
        (0, 3, 2),
        "only the people who change are updates"
    );
    let ran = run(&open, &second, &places).await.unwrap();
    let s = ran.report.summary;
    assert_eq!((s.created, s.updated, s.earlier), (0, 3, 2), "{s:?}");
    let changed: Vec<u64> = ran
        .report
        .rows
        .iter()
        .filter(|r| r.outcome == roster_bulk::Outcome::Updated && r.earlier.is_none())
        .map(|r| r.line)
        .collect();
    assert_eq!(changed, [2, 4, 6], "the three edited rows changed");
    // The two untouched rows say what really happened to them: an earlier run made them.
    for row in ran.report.rows.iter().filter(|r| r.earlier.is_some()) {
        assert_eq!(row.outcome, roster_bulk::Outcome::Created, "{row:?}");
    }
    for i in 0..5 {
        let user = by_username(&open.client, &format!("starter{i}")).await;
        let expected = if i % 2 == 0 { "Lead" } else { "Engineer" };
        assert_eq!(user.job_title, expected, "starter{i}");
    }

    // Running it once more sends nothing and says the rows were done before.
    let before = open.client.requests_sent();
    let again = run(&open, &second, &places).await.unwrap();
    assert_eq!(open.client.requests_sent(), before);
    assert_eq!(again.report.summary.updated, 0);
    assert_eq!(again.report.summary.earlier, 5);
    assert!(again.report.rows.iter().all(|r| r.earlier.is_some()));
    sb.shutdown().await;
}

#[tokio::test]
async fn a_plan_checked_against_one_organization_never_runs_in_another() {
    let dir = tempfile::tempdir().unwrap();
    let places = Places::in_data_dir(dir.path());
    let a = SandboxBuilder::new().seed_users(2).start().await.unwrap();
    let b = SandboxBuilder::new().seed_users(2).start().await.unwrap();
    let org_a = open_org(&a, "Org A");
    let mut org_b = open_org(&b, "Org B");
    if org_b.org.id == org_a.org.id {
        org_b.org.id.push_str("-b");
    }
    let csv = dir.path().join("people.csv");
    std::fs::write(&csv, "username,email\nwrongorg,wrongorg@example.com\n").unwrap();
    let p = preview(&org_a, &csv, Existing::Skip).await;

    let before = org_b.client.list_all_users().await.unwrap();
    let err = run(&org_b, &p, &places).await.err().expect("refused");
    assert_eq!(err.kind, ErrorKind::OrgChanged);
    assert!(err.message.contains("\"Org A\""), "{}", err.message);
    // Even a job taken for org A and handed to a run in org B is refused.
    let job = p.job(&org_a.org).unwrap();
    let cancel = CancellationToken::new();
    let err = run_job(
        &org_b,
        &job,
        &places,
        RunOptions {
            execute: ExecuteOptions::default(),
            job_id: None,
            report_to: None,
            progress: &|_| {},
            cancel: &cancel,
        },
    )
    .await
    .err()
    .expect("refused");
    assert_eq!(err.kind, ErrorKind::OrgChanged);
    assert_eq!(
        org_b.client.list_all_users().await.unwrap(),
        before,
        "org B unchanged"
    );
    assert!(org_a
        .client
        .find_user_by_username("wrongorg")
        .await
        .unwrap()
        .is_none());
    a.shutdown().await;
    b.shutdown().await;
}

#[tokio::test]
async fn a_job_cancelled_by_its_id_stops_and_resumes_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let places = Places::in_data_dir(dir.path());
    let sb = SandboxBuilder::new()
        .seed_users(2)
        .latency_ms(20)
        .start()
        .await
        .unwrap();
    let open = open_org(&sb, "Practice");
    let csv = dir.path().join("many.csv");
    let mut text = String::from("username,email\n");
    for i in 0..60 {
        text.push_str(&format!("many{i:02},many{i:02}@example.com\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let p = preview(&open, &csv, Existing::Skip).await;
    let job = p.job(&open.org).unwrap();

    let jobs = Jobs::new();
    let guard = jobs.start(&open.org.id);
    let id = guard.id().to_owned();
    let registry = jobs.clone();
    let cancelled = std::sync::atomic::AtomicBool::new(false);
    let progress = move |p: Progress| {
        if p.done >= 10 && !cancelled.swap(true, std::sync::atomic::Ordering::SeqCst) {
            assert!(registry.cancel(&id), "the job is found by its id");
        }
    };
    let ran = run_job(
        &open,
        &job,
        &places,
        RunOptions {
            execute: ExecuteOptions::default(),
            job_id: Some(guard.id().to_owned()),
            report_to: None,
            progress: &progress,
            cancel: guard.token(),
        },
    )
    .await
    .unwrap();
    drop(guard);
    assert!(
        jobs.running().is_empty(),
        "the guard took the job out of the registry"
    );
    let s = ran.report.summary;
    assert!(s.pending > 0 && s.created >= 10, "{s:?}");
    assert_eq!(s.created + s.pending, 60);
    assert!(ran.report.stopped.is_some());

    let again = run(&open, &p, &places).await.unwrap();
    assert_eq!(again.report.summary.created, s.pending);
    assert_eq!(again.report.summary.earlier, s.created);
    let users = open.client.list_all_users().await.unwrap();
    let made = users
        .iter()
        .filter(|u| u.username.starts_with("many"))
        .count();
    assert_eq!(made, 60, "everyone exactly once");
    sb.shutdown().await;
}

#[tokio::test]
async fn every_change_gets_one_history_entry_with_who_what_and_where() {
    let dir = tempfile::tempdir().unwrap();
    let places = Places::in_data_dir(dir.path());
    let sb = SandboxBuilder::new().seed_users(3).start().await.unwrap();
    let open = open_org(&sb, "Example Corp");
    let existing = open.client.list_all_users().await.unwrap();
    let someone = &existing[0];
    let csv = dir.path().join("people.csv");
    std::fs::write(
        &csv,
        format!(
            "username,email,jobTitle,group\nhistory1,history1@example.com,Analyst,Sales\n{},{},Director,\nbroken,broken@,x,\n",
            someone.username, someone.email
        ),
    )
    .unwrap();
    let p = preview(&open, &csv, Existing::Update).await;
    let ran = run(&open, &p, &places).await.unwrap();
    let s = ran.report.summary;
    assert_eq!((s.created, s.updated, s.failed), (1, 1, 1), "{s:?}");

    let entries = read_history(&history_file(&places.history, &open.org.id)).unwrap();
    // Rows run side by side, so only each row's own entries are in order.
    let mut ops: Vec<(OperationKind, &str)> = entries
        .iter()
        .map(|e| (e.operation, e.person.username.as_str()))
        .collect();
    let create_at = ops.iter().position(|o| o.0 == OperationKind::Create);
    let group_at = ops.iter().position(|o| o.0 == OperationKind::AddToGroup);
    assert!(
        create_at < group_at,
        "the create is recorded before its group"
    );
    ops.sort();
    let mut expected = vec![
        (OperationKind::Create, "history1"),
        (OperationKind::Update, someone.username.as_str()),
        (OperationKind::AddToGroup, "history1"),
    ];
    expected.sort();
    assert_eq!(
        ops, expected,
        "one entry per change, none for the row that was not sent"
    );
    let find = |kind: OperationKind| entries.iter().find(|e| e.operation == kind).unwrap();
    let created = by_username(&open.client, "history1").await;
    let create = find(OperationKind::Create);
    assert_eq!(create.person.id.as_deref(), Some(created.id.as_str()));
    assert_eq!(create.person.email, "history1@example.com");
    assert_eq!(
        (create.org_id.as_str(), create.org_name.as_str()),
        (open.org.id.as_str(), "Example Corp")
    );
    assert_eq!(create.source, "people.csv, line 2");
    assert_eq!(create.outcome, HistoryOutcome::Done);
    assert_eq!(create.job.as_deref(), Some("job-test"));
    assert!(!create.os_user.is_empty() && !create.computer.is_empty());
    assert!(create.at.ends_with('Z'));
    assert!(create
        .changes
        .iter()
        .any(|c| c.field == "jobTitle" && c.before.is_none() && c.after == Some("Analyst".into())));
    let group = find(OperationKind::AddToGroup);
    assert_eq!(group.changes[0].field, "group");
    assert_eq!(group.changes[0].after, Some("Sales".into()));
    let update = find(OperationKind::Update);
    assert_eq!(update.source, "people.csv, line 3");
    let title = update
        .changes
        .iter()
        .find(|c| c.field == "jobTitle")
        .expect("job title changed");
    assert_eq!(
        title.before,
        Some(someone.job_title.clone().into()).filter(|_| !someone.job_title.is_empty())
    );
    assert_eq!(title.after, Some("Director".into()));
    assert_eq!(
        by_username(&open.client, &someone.username).await.job_title,
        "Director"
    );
    let text = std::fs::read_to_string(history_file(&places.history, &open.org.id)).unwrap();
    assert!(!text.contains(sb.api_key()), "no key in History");
    sb.shutdown().await;
}

#[tokio::test]
async fn a_row_left_out_is_reported_as_left_out_and_the_report_reads_like_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let places = Places::in_data_dir(dir.path());
    let sb = SandboxBuilder::new().seed_users(2).start().await.unwrap();
    let open = open_org(&sb, "Practice");
    let csv = dir.path().join("semicolons.csv");
    std::fs::write(
        &csv,
        "Username;Email;First Name;Last Name\r\nkeep1;keep1@example.com;Ada;Lovelace\r\nleave1;leave1@example.com;Bob;Left\r\n",
    )
    .unwrap();
    let mut p = Preview::open(&csv, None).unwrap();
    p.set_excluded(3, true).unwrap();
    check(&mut p, &open, Existing::Skip).await;
    let ran = run(&open, &p, &places).await.unwrap();
    let s = ran.report.summary;
    assert_eq!((s.created, s.skipped, s.failed), (1, 1, 0), "{s:?}");
    let left = &ran.report.rows[1];
    assert_eq!(
        left.message.as_deref(),
        Some(roster_bulk::execute::LEFT_OUT)
    );
    assert!(open
        .client
        .find_user_by_username("leave1")
        .await
        .unwrap()
        .is_none());

    let text = std::fs::read_to_string(ran.report_path.unwrap()).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("\u{feff}Line;Name;Username;Email;Outcome;JumpCloud ID;Message"),
        "a BOM, then the file's own separator"
    );
    assert!(lines
        .next()
        .unwrap()
        .starts_with("2;Ada Lovelace;keep1;keep1@example.com;created;"));
    sb.shutdown().await;
}

#[tokio::test]
async fn a_state_column_changes_state_only_when_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let places = Places::in_data_dir(dir.path());
    let sb = SandboxBuilder::new().seed_users(4).start().await.unwrap();
    let open = open_org(&sb, "Practice");
    let users = open.client.list_all_users().await.unwrap();
    let active = users
        .iter()
        .find(|u| u.state == jumpcloud::models::UserState::Activated)
        .expect("an active person");
    let csv = dir.path().join("leavers.csv");
    std::fs::write(
        &csv,
        format!(
            "username,email,jobTitle,state\n{},{},Leaver,SUSPENDED\n",
            active.username, active.email
        ),
    )
    .unwrap();

    // "Update existing" alone: the details change, the state does not.
    let p = preview(&open, &csv, Existing::Update).await;
    let plan = p.plan().unwrap();
    assert_eq!((plan.counts.update, plan.counts.suspend), (1, 0));
    assert!(plan.rows[0]
        .issues
        .iter()
        .any(|i| i.code == "state_change_not_chosen"));
    let ran = run(&open, &p, &places).await.unwrap();
    assert_eq!(ran.report.summary.updated, 1);
    let after = open.client.get_user(&active.id).await.unwrap();
    assert_eq!(after.job_title, "Leaver");
    assert_eq!(
        after.state,
        jumpcloud::models::UserState::Activated,
        "not suspended as a side effect"
    );

    // Chosen: the row is a suspension, counted apart, with the billing notice.
    let mut p = Preview::open(&csv, None).unwrap();
    let snapshot = OrgSnapshot::fetch(&open.client).await.unwrap();
    p.check_against(
        open.org.clone(),
        snapshot,
        PlanOptions {
            existing: Existing::Update,
            change_state: true,
            ..PlanOptions::default()
        },
    );
    let plan = p.plan().unwrap();
    assert_eq!((plan.counts.update, plan.counts.suspend), (0, 1));
    assert!(
        plan.notices.iter().any(|n| n.contains("still billed")),
        "{:?}",
        plan.notices
    );
    let ran = run(&open, &p, &places).await.unwrap();
    assert_eq!(ran.report.summary.suspended, 1, "{:?}", ran.report.summary);
    let after = open.client.get_user(&active.id).await.unwrap();
    assert_eq!(after.state, jumpcloud::models::UserState::Suspended);
    let history = read_history(&history_file(&places.history, &open.org.id)).unwrap();
    assert!(history
        .iter()
        .any(|e| e.operation == OperationKind::Suspend));
    sb.shutdown().await;
}
