//! Planning against a sandbox organization: create, update, skip and error, with unknown
//! groups and directories and emails that belong to someone else.
#![allow(clippy::unwrap_used)]

mod common;

use jumpcloud_sandbox::SandboxBuilder;
use roster_bulk::{plan, Action, Existing, MatchedBy, OrgSnapshot, PlanOptions};
use roster_import::{check, read_table, suggest_mapping, RowStatus};

#[tokio::test]
async fn rows_are_classified_against_the_org() {
    let sb = SandboxBuilder::new().seed_users(6).start().await.unwrap();
    let client = common::client(&sb);
    let snapshot = OrgSnapshot::fetch(&client).await.unwrap();
    let users = snapshot.users();
    let (a, b, c, d) = (&users[1], &users[2], &users[3], &users[4]);
    let csv = format!(
        "Username,Email,Job Title,Employee ID,Group,Directory,Password\n\
         new.person,new.person@example.org,Analyst,N-1,Sales,Google Workspace,Secret-123\n\
         {a_user},{a_mail},Lead,,,,\n\
         {d_user},{b_mail},,,,,\n\
         someone.else,{c_mail_upper},,,sales,,\n\
         typo,typo@example.org,,,Enginering,,\n\
         typo2,typo2@example.org,,,,Gogle Workspace,\n\
         badmail,badmail@,,,,,\n\
         ;;;\n\
         taken.id,taken.id@example.org,,{a_emp},,,\n",
        a_user = a.username,
        a_mail = a.email,
        d_user = d.username,
        b_mail = b.email,
        c_mail_upper = c.email.to_uppercase(),
        a_emp = a.employee_identifier,
    )
    .replace(";;;", ",,,,,,");
    let table = read_table(csv.as_bytes()).unwrap();
    let mapping = suggest_mapping(&table);
    let report = check(&table, &mapping);

    let skip = plan(&report, &snapshot, &PlanOptions::default());
    let actions: Vec<(u64, Action)> = skip.rows.iter().map(|r| (r.line, r.action)).collect();
    assert_eq!(
        actions,
        vec![
            (2, Action::Create),
            (3, Action::Skip),
            (4, Action::Skip),
            (5, Action::Skip),
            (6, Action::Error),
            (7, Action::Error),
            (8, Action::Error),
            (9, Action::Skip),
            (10, Action::Error),
        ]
    );
    assert_eq!(
        (
            skip.counts.create,
            skip.counts.update,
            skip.counts.skip,
            skip.counts.error
        ),
        (1, 0, 4, 4)
    );
    let new = &skip.rows[0];
    assert_eq!(new.groups.len(), 1);
    assert_eq!(new.directories.len(), 1);
    let typo = &skip.rows[4];
    assert_eq!(typo.status, RowStatus::Error);
    assert!(typo.issues.iter().any(|i| i.located(typo.line)
        == "Line 6, Groups: there is no group named \"Enginering\" in this organization. Check the spelling, or create the group in JumpCloud first."));
    assert!(skip.rows[5]
        .issues
        .iter()
        .any(|i| i.code == "unknown_directory"
            && i.located(7).starts_with(
                "Line 7, Directories: there is no directory named \"Gogle Workspace\""
            )));
    assert!(skip.rows[8]
        .issues
        .iter()
        .any(|i| i.code == "employee_id_taken"));
    assert!(
        skip.notices.iter().any(|n| n
            == "Roster does not send passwords: people set their own when they activate their account."),
        "{:?}",
        skip.notices
    );
    // The check report the preview grid shows carries the org issues too.
    assert_eq!(
        skip.check.row_at(6).map(|r| r.status),
        Some(RowStatus::Error)
    );
    assert_eq!(skip.check.summary.error, skip.summary.error);

    let update = plan(
        &report,
        &snapshot,
        &PlanOptions {
            existing: Existing::Update,
            ..PlanOptions::default()
        },
    );
    let actions: Vec<Action> = update.rows.iter().map(|r| r.action).collect();
    assert_eq!(
        actions,
        vec![
            Action::Create,
            Action::Update,
            Action::Error,  // username of D, email of B
            Action::Update, // free username, C's email: C, with a warning
            Action::Error,
            Action::Error,
            Action::Error,
            Action::Skip,
            Action::Error,
        ]
    );
    let by_user = &update.rows[1];
    assert_eq!(
        by_user.existing.as_ref().map(|e| e.matched_by),
        Some(MatchedBy::Username)
    );
    assert_eq!(
        by_user
            .changes
            .as_ref()
            .and_then(|c| c.job_title.as_deref()),
        Some("Lead")
    );
    let taken = &update.rows[2];
    assert!(taken.issues.iter().any(|i| i.code == "email_taken"
        && i.message.contains(&format!(
            "already belongs to the JumpCloud user \"{}\"",
            b.username
        ))));
    let by_mail = &update.rows[3];
    assert_eq!(
        by_mail.existing.as_ref().map(|e| e.id.clone()),
        Some(c.id.clone())
    );
    assert_eq!(
        by_mail.existing.as_ref().map(|e| e.matched_by),
        Some(MatchedBy::Email)
    );
    assert_eq!(by_mail.status, RowStatus::Warning);
    assert_eq!(by_mail.groups.len(), 1, "group names are case-insensitive");

    // The preview is serializable and never shows a password.
    let json = serde_json::to_string(&update).unwrap();
    assert!(!json.contains("Secret-123"));
    assert!(json.contains("\"action\":\"create\""));
    sb.shutdown().await;
}

#[tokio::test]
async fn one_existing_user_claimed_by_two_rows_is_an_error() {
    let sb = SandboxBuilder::new().seed_users(3).start().await.unwrap();
    let client = common::client(&sb);
    let snapshot = OrgSnapshot::fetch(&client).await.unwrap();
    let a = &snapshot.users()[0];
    // Line 2 is A by username, line 3 is A by email: no repeat inside the file.
    let csv = format!(
        "Username,Email\n{},changed@example.org\nother.name,{}\n",
        a.username,
        a.email.to_uppercase()
    );
    let table = read_table(csv.as_bytes()).unwrap();
    let report = check(&table, &suggest_mapping(&table));
    let planned = plan(
        &report,
        &snapshot,
        &PlanOptions {
            existing: Existing::Update,
            ..PlanOptions::default()
        },
    );
    assert_eq!(planned.rows[0].action, Action::Update);
    assert_eq!(planned.rows[1].action, Action::Error);
    assert!(planned.rows[1]
        .issues
        .iter()
        .any(|i| i.code == "same_existing_user" && i.message.contains("line 2")));
    sb.shutdown().await;
}
