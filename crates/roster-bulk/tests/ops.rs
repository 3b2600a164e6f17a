//! Every operation against the sandbox: it changes the server, its "already done?" look-up
//! sees the change, and doing it again changes nothing more.
#![allow(clippy::unwrap_used)]

mod common;

use jumpcloud::models::{DirectoryKind, NewUser, UserState};
use jumpcloud_sandbox::SandboxBuilder;
use roster_bulk::{
    Applied, DirectoryTarget, GroupTarget, Lookup, Op, OrgSnapshot, Reports, ScheduledState,
};

#[tokio::test]
async fn each_operation_is_seen_done_and_is_safe_to_repeat_where_it_says_so() {
    let sb = SandboxBuilder::new().seed_users(3).start().await.unwrap();
    let client = common::client(&sb);
    let snapshot = OrgSnapshot::fetch(&client).await.unwrap();

    // Create: looked up by username and email.
    let create = Op::Create {
        password: None,
        user: NewUser {
            username: "opsperson".into(),
            email: "opsperson@example.com".into(),
            ..NewUser::default()
        },
    };
    assert!(!create.already_done(&client, None).await.unwrap());
    let Applied::Changed(Some(id)) = create.apply(&client, None).await.unwrap() else {
        panic!("a create gives the new id");
    };
    assert!(create.already_done(&client, None).await.unwrap());
    let id = id.as_str();

    // Bind and unbind a directory.
    let Lookup::Found(ldap) = snapshot.directory("JumpCloud LDAP") else {
        panic!("the sandbox has its LDAP directory");
    };
    assert_eq!(ldap.kind, DirectoryKind::LdapServer);
    let directory = DirectoryTarget {
        id: ldap.id.clone(),
        name: ldap.name.clone(),
        kind: ldap.kind.clone(),
    };
    let bind = Op::Bind {
        directory: directory.clone(),
    };
    let unbind = Op::Unbind { directory };
    assert!(!bind.already_done(&client, Some(id)).await.unwrap());
    assert_eq!(
        bind.apply(&client, Some(id)).await.unwrap(),
        Applied::Changed(None)
    );
    assert!(bind.already_done(&client, Some(id)).await.unwrap());
    assert_eq!(
        bind.apply(&client, Some(id)).await.unwrap(),
        Applied::AlreadyDone
    );
    assert!(!unbind.already_done(&client, Some(id)).await.unwrap());
    unbind.apply(&client, Some(id)).await.unwrap();
    assert!(unbind.already_done(&client, Some(id)).await.unwrap());
    assert!(client
        .user_direct_directories(id)
        .await
        .unwrap()
        .iter()
        .all(|d| d.id != ldap.id));

    // Add to and remove from a group.
    let Lookup::Found(sales) = snapshot.group("Sales") else {
        panic!("the sandbox has Sales");
    };
    let group = GroupTarget {
        id: sales.id.clone(),
        name: sales.name.clone(),
    };
    let join = Op::AddToGroup {
        group: group.clone(),
    };
    let leave = Op::RemoveFromGroup { group };
    assert!(!join.already_done(&client, Some(id)).await.unwrap());
    join.apply(&client, Some(id)).await.unwrap();
    assert!(join.already_done(&client, Some(id)).await.unwrap());
    assert_eq!(
        join.apply(&client, Some(id)).await.unwrap(),
        Applied::AlreadyDone
    );
    leave.apply(&client, Some(id)).await.unwrap();
    assert!(leave.already_done(&client, Some(id)).await.unwrap());
    assert_eq!(
        leave.apply(&client, Some(id)).await.unwrap(),
        Applied::AlreadyDone
    );

    // Suspend and reactivate.
    assert!(!Op::Suspend.already_done(&client, Some(id)).await.unwrap());
    Op::Suspend.apply(&client, Some(id)).await.unwrap();
    assert_eq!(
        client.get_user(id).await.unwrap().state,
        UserState::Suspended
    );
    assert!(Op::Suspend.already_done(&client, Some(id)).await.unwrap());
    Op::Reactivate.apply(&client, Some(id)).await.unwrap();
    assert_eq!(
        client.get_user(id).await.unwrap().state,
        UserState::Activated
    );
    assert!(Op::Reactivate
        .already_done(&client, Some(id))
        .await
        .unwrap());

    // Schedule a change, then cancel it.
    let schedule = Op::Schedule {
        state: ScheduledState::Suspended,
        at: "2031-03-01T17:00:00Z".into(),
    };
    assert!(!schedule.safe_to_repeat());
    assert!(!schedule.already_done(&client, Some(id)).await.unwrap());
    let Applied::Changed(Some(schedule_id)) = schedule.apply(&client, Some(id)).await.unwrap()
    else {
        panic!("a schedule gives its job id");
    };
    assert!(schedule.already_done(&client, Some(id)).await.unwrap());
    let cancel = Op::CancelSchedule {
        schedule_id: schedule_id.clone(),
    };
    assert!(!cancel.already_done(&client, Some(id)).await.unwrap());
    cancel.apply(&client, Some(id)).await.unwrap();
    assert!(cancel.already_done(&client, Some(id)).await.unwrap());
    assert!(client
        .scheduled_state_changes()
        .await
        .unwrap()
        .iter()
        .all(|s| s.id != schedule_id));

    // Delete: never without an archive written first.
    let dir = common::scratch();
    let archive = dir.path().join("opsperson.json");
    let delete = Op::Delete {
        reports: Reports::None,
        archive: archive.clone(),
    };
    let refused = delete.apply(&client, Some(id)).await.unwrap_err();
    assert!(
        refused.message.contains("no archive"),
        "{}",
        refused.message
    );
    assert!(
        client.get_user(id).await.is_ok(),
        "not deleted without an archive"
    );
    std::fs::write(&archive, b"{\"username\":\"opsperson\"}").unwrap();
    // Then gone, and deleting again is done already.
    assert!(!delete.already_done(&client, Some(id)).await.unwrap());
    delete.apply(&client, Some(id)).await.unwrap();
    assert!(delete.already_done(&client, Some(id)).await.unwrap());
    assert_eq!(
        delete.apply(&client, Some(id)).await.unwrap(),
        Applied::AlreadyDone
    );
    assert!(client
        .find_user_by_username("opsperson")
        .await
        .unwrap()
        .is_none());
    sb.shutdown().await;
}
