//! Importing from a platform, in the core: who is new, who is in JumpCloud, who is bound;
//! how usernames are made and where they clash; what the plan does to each (no server: the
//! CLI tests judge the sandbox's state after real runs).

#![allow(clippy::unwrap_used)]

use jumpcloud::models::{Directory, DirectoryKind, SystemUser, UserState};
use roster_bulk::{Action, Existing, Op, OrgSnapshot};
use roster_engine::platform::{
    find_directory, platform_directories, Listing, Pick, PickFilter, Platform, PlatformChoices,
    PlatformDirectory, PlatformPerson, Standing,
};
use roster_engine::{OrgRef, Preview, StartState, UsernamePattern};

const GOOGLE_ID: &str = "5f0000000000000000000001";

fn google() -> PlatformDirectory {
    PlatformDirectory {
        id: GOOGLE_ID.into(),
        name: "Google Workspace".into(),
        platform: Platform::Google,
    }
}

fn person(id: &str, first: &str, last: &str, email: &str, department: &str) -> PlatformPerson {
    PlatformPerson {
        id: id.into(),
        email: email.into(),
        firstname: first.into(),
        lastname: last.into(),
        department: department.into(),
        job_title: "Analyst".into(),
        ..PlatformPerson::default()
    }
}

fn user(id: &str, username: &str, email: &str, department: &str) -> SystemUser {
    SystemUser {
        id: id.into(),
        username: username.into(),
        email: email.into(),
        firstname: "Some".into(),
        lastname: "One".into(),
        department: department.into(),
        job_title: "Analyst".into(),
        state: UserState::Activated,
        ..SystemUser::default()
    }
}

/// Amelia is new; Emma is in JumpCloud (her email in other case), not bound; Felix is bound.
fn org() -> (Listing, OrgSnapshot) {
    let listing = Listing {
        directory: google(),
        search: None,
        people: vec![
            person(
                "101",
                "Amelia",
                "Johnson",
                "amelia.johnson@example.com",
                "IT",
            ),
            person("102", "Emma", "Wright", "Emma.Wright@Example.com", "Sales"),
            person("103", "Felix", "Weber", "felix.weber@example.com", "Sales"),
        ],
        requests: 2,
    };
    let snapshot = OrgSnapshot::from_parts(
        vec![
            user(
                "6000000000000000000000e1",
                "ewright",
                "emma.wright@example.com",
                "Sales",
            ),
            user(
                "6000000000000000000000f1",
                "fweber",
                "felix.weber@example.com",
                "Sales",
            ),
        ],
        vec![Directory {
            id: GOOGLE_ID.into(),
            name: "Google Workspace".into(),
            kind: DirectoryKind::GSuite,
        }],
        vec![],
    );
    (listing, snapshot)
}

fn pick_all(listing: Listing, snapshot: &OrgSnapshot) -> Pick {
    let mut pick = Pick::new(listing, snapshot, vec!["6000000000000000000000f1".into()]);
    pick.select(&[0, 1, 2], true).unwrap();
    pick
}

fn choices(usernames: UsernamePattern) -> PlatformChoices {
    PlatformChoices {
        usernames,
        state: StartState::Staged,
        send_email: true,
    }
}

fn org_ref() -> OrgRef {
    OrgRef {
        id: "org".into(),
        name: "Example Corp".into(),
    }
}

fn planned(preview: &mut Preview, snapshot: OrgSnapshot, existing: Existing) {
    let options = preview.options_for(existing, false);
    preview.check_against(org_ref(), snapshot, options);
}

#[test]
fn people_are_matched_by_email_ignoring_case_and_marked_bound_by_the_directory() {
    let (listing, snapshot) = org();
    let pick = Pick::new(listing, &snapshot, vec!["6000000000000000000000f1".into()]);
    let standings: Vec<Standing> = pick.marks.iter().map(|m| m.standing).collect();
    assert_eq!(
        standings,
        [Standing::New, Standing::NotBound, Standing::Bound]
    );
    assert_eq!(
        pick.marks[1].user.as_ref().map(|u| u.1.as_str()),
        Some("ewright")
    );
    let c = pick.counts();
    assert_eq!((c.new, c.not_bound, c.bound), (1, 1, 1));
    assert_eq!(c.new_picked + c.not_bound_picked + c.bound_picked, 0);
}

#[test]
fn the_local_filter_and_picking_all_new_people() {
    let (listing, snapshot) = org();
    let mut pick = Pick::new(listing, &snapshot, vec![]);
    let text = |t: &str| PickFilter {
        text: t.into(),
        standing: None,
    };
    assert_eq!(pick.matching(&text("sales")), [1, 2]);
    assert_eq!(pick.matching(&text("WRIGHT emma")), [1]);
    assert!(pick.matching(&text("nobody")).is_empty());
    pick.select_matching(
        &PickFilter {
            text: String::new(),
            standing: Some(Standing::New),
        },
        true,
    );
    assert_eq!(pick.selected.iter().copied().collect::<Vec<_>>(), [0]);
    assert_eq!(pick.find("EMMA.WRIGHT@example.com"), Some(1));
    assert_eq!(pick.find("103"), Some(2));
    assert!(pick.select(&[7], true).is_err(), "no such person");
}

#[test]
fn new_people_are_created_and_bound_existing_ones_bound_and_bound_ones_skipped() {
    let (listing, snapshot) = org();
    let pick = pick_all(listing, &snapshot);
    let mut preview = Preview::from_platform(&pick, choices(UsernamePattern::EmailLocal)).unwrap();
    planned(&mut preview, snapshot, Existing::Skip);
    let plan = preview.plan().unwrap();
    let actions: Vec<Action> = plan.rows.iter().map(|r| r.action).collect();
    assert_eq!(actions, [Action::Create, Action::Update, Action::Skip]);
    let keys: Vec<&str> = plan.rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["google:101", "google:102", "google:103"]);

    let create = plan.rows[0].ops();
    assert!(
        matches!(&create[0], Op::Create { user, .. } if user.username == "amelia.johnson"
        && user.department == "IT" && user.state == Some(UserState::Staged))
    );
    assert!(matches!(&create[1], Op::Bind { directory } if directory.id == GOOGLE_ID));
    assert_eq!(create.len(), 2);

    // Emma keeps JumpCloud's username, and is only bound: nothing else changes.
    let emma = &plan.rows[1];
    assert_eq!(emma.username, "ewright");
    assert_eq!(emma.ops.len(), 1);
    assert!(matches!(&emma.ops[0], Op::Bind { directory } if directory.id == GOOGLE_ID));
    assert!(
        emma.issues.is_empty(),
        "no warning about her username: {:?}",
        emma.issues
    );
    assert!(plan.rows[2].ops().is_empty());
}

#[test]
fn updating_from_the_platform_sends_only_what_differs_and_binds_only_the_unbound() {
    let (mut listing, snapshot) = org();
    listing.people[1].department = "Marketing".into();
    listing.people[2].department = "Finance".into();
    let pick = pick_all(listing, &snapshot);
    let mut preview = Preview::from_platform(&pick, choices(UsernamePattern::EmailLocal)).unwrap();
    planned(&mut preview, snapshot, Existing::Update);
    let plan = preview.plan().unwrap();
    let emma = &plan.rows[1];
    assert_eq!(emma.action, Action::Update);
    assert!(
        matches!(&emma.ops[..], [Op::Update { changes }, Op::Bind { .. }]
            if changes.department.as_deref() == Some("Marketing") && changes.state.is_none()),
        "{:?}",
        emma.ops
    );
    let felix = &plan.rows[2];
    assert!(
        matches!(&felix.ops[..], [Op::Update { changes }] if changes.department.as_deref() == Some("Finance")),
        "bound already: not bound again: {:?}",
        felix.ops
    );
}

#[test]
fn usernames_follow_the_pattern_and_clashes_show_before_anything_is_sent() {
    let (mut listing, mut snapshot) = org();
    // Someone else already has "ajohnson"; a second Amelia Johnson is on the platform.
    listing.people.push(person(
        "104",
        "Amelia",
        "Johnson",
        "amelia.j@example.com",
        "IT",
    ));
    snapshot = snapshot.with_users(
        vec![user(
            "6000000000000000000000a1",
            "ajohnson",
            "alan.johnson@example.com",
            "IT",
        )],
        &[],
    );
    let mut pick = Pick::new(listing, &snapshot, vec![]);
    pick.select(&[0, 3], true).unwrap();
    let mut preview =
        Preview::from_platform(&pick, choices(UsernamePattern::FirstInitialLast)).unwrap();
    planned(&mut preview, snapshot.clone(), Existing::Skip);
    let plan = preview.plan().unwrap();
    assert_eq!(
        plan.rows.iter().map(|r| r.action).collect::<Vec<_>>(),
        [Action::Error, Action::Error]
    );
    for row in &plan.rows {
        let codes: Vec<&str> = row.issues.iter().map(|i| i.code).collect();
        assert!(codes.contains(&"username_taken"), "{codes:?}");
        let taken = row
            .issues
            .iter()
            .find(|i| i.code == "username_taken")
            .unwrap();
        assert_eq!(taken.field.as_deref(), Some("username"));
        assert!(
            taken.message.contains("alan.johnson@example.com"),
            "{}",
            taken.message
        );
    }
    // Both made the same username: that is a clash inside the import too.
    assert!(plan.rows[1]
        .issues
        .iter()
        .any(|i| i.code.contains("duplicate")));

    // The email's first part makes different, free usernames.
    preview
        .set_username_pattern(UsernamePattern::EmailLocal)
        .unwrap();
    let plan = preview.plan().unwrap();
    let names: Vec<&str> = plan.rows.iter().map(|r| r.username.as_str()).collect();
    assert_eq!(names, ["amelia.johnson", "amelia.j"]);
    assert!(plan.rows.iter().all(|r| r.action == Action::Create));

    // Or one is typed over in the grid.
    preview
        .set_username_pattern(UsernamePattern::FirstInitialLast)
        .unwrap();
    let column = preview.made_usernames.as_ref().unwrap().column;
    preview.edit_cell(3, column, "ameliaj").unwrap();
    let plan = preview.plan().unwrap();
    assert_eq!(plan.rows[1].username, "ameliaj");
    assert_eq!(plan.rows[1].action, Action::Create);
    assert_eq!(
        plan.rows[0].action,
        Action::Error,
        "ajohnson is still taken"
    );
}

#[test]
fn active_people_without_the_email_are_created_staged_then_activated_quietly() {
    let (listing, snapshot) = org();
    let mut pick = Pick::new(listing, &snapshot, vec![]);
    pick.select(&[0], true).unwrap();
    for (send_email, expect_staged) in [(false, true), (true, false)] {
        let mut preview = Preview::from_platform(
            &pick,
            PlatformChoices {
                usernames: UsernamePattern::EmailLocal,
                state: StartState::Active,
                send_email,
            },
        )
        .unwrap();
        planned(&mut preview, snapshot.clone(), Existing::Skip);
        let ops = preview.plan().unwrap().rows[0].ops().into_owned();
        let state = match &ops[0] {
            Op::Create { user, .. } => user.state,
            other => panic!("{other:?}"),
        };
        if expect_staged {
            assert_eq!(state, Some(UserState::Staged));
            assert!(matches!(
                ops.last(),
                Some(Op::Activate { send_email: false })
            ));
        } else {
            assert_eq!(state, Some(UserState::Activated));
            assert!(!ops.iter().any(|o| matches!(o, Op::Activate { .. })));
        }
    }
}

#[test]
fn directories_are_found_by_platform_and_name_and_none_says_how_to_connect() {
    let dirs = platform_directories(&[
        Directory {
            id: "a".into(),
            name: "Contractors".into(),
            kind: DirectoryKind::GSuite,
        },
        Directory {
            id: "b".into(),
            name: "Google Workspace".into(),
            kind: DirectoryKind::GSuite,
        },
        Directory {
            id: "c".into(),
            name: "JumpCloud LDAP".into(),
            kind: DirectoryKind::LdapServer,
        },
    ]);
    assert_eq!(dirs.len(), 2, "LDAP is not a platform to import from");
    assert_eq!(dirs[0].words(), "Google Workspace (Contractors)");
    assert_eq!(dirs[1].words(), "Google Workspace");
    let several = find_directory(&dirs, Platform::Google, None).unwrap_err();
    assert!(
        several.message.contains("\"Contractors\""),
        "{}",
        several.message
    );
    assert_eq!(
        find_directory(&dirs, Platform::Google, Some("contractors"))
            .unwrap()
            .id,
        "a"
    );
    assert!(find_directory(&dirs, Platform::Google, Some("Nope")).is_err());
    let none = find_directory(&dirs, Platform::Microsoft, None).unwrap_err();
    assert!(
        none.message.contains("Cloud Directories"),
        "{}",
        none.message
    );
}

#[test]
fn picking_nobody_is_refused() {
    let (listing, snapshot) = org();
    let pick = Pick::new(listing, &snapshot, vec![]);
    assert!(Preview::from_platform(&pick, choices(UsernamePattern::EmailLocal)).is_err());
}
