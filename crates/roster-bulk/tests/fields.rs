//! The fields a row carries arrive in JumpCloud (the sandbox, which checks bodies against the
//! spec): addresses, phone numbers, recovery email, employee type, flags, unix ids; and an
//! update sends only what differs.
#![allow(clippy::unwrap_used)]

mod common;

use jumpcloud::models::{Address, NewUser, PhoneNumber, UserUpdate};
use jumpcloud_sandbox::SandboxBuilder;
use roster_bulk::{Action, Existing, Outcome, PlanOptions};
use serde_json::Value;

#[tokio::test]
async fn a_row_with_addresses_phones_and_flags_arrives_whole() {
    let dir = common::scratch();
    let sb = SandboxBuilder::new().seed_users(2).start().await.unwrap();
    let client = common::client(&sb);
    let csv =
        "Username,Email,FirstName,LastName,MiddleName,work_streetAddress,work_city,work_state,\
work_postalCode,work_country,home_city,home_country,mobile_number,work_number,recoveryEmail,\
employeeType,costCenter,description,managedAppleId,sudo,passwordless_sudo,\
enable_user_portal_multifactor,allow_public_key,ldap_binding_user,password_never_expires,\
unix_uid,unix_guid,Password\n\
ada.l,ada.l@import.example.com,Ada,Lovelace,Augusta,1 Main Street,Springfield,IL,\
01234,US,Paris,FR,555 0100,555 0200,ada@home.example,\
Contractor,CC-7,Analyst,ada@apple.example.com,yes,no,\
TRUE,no,1,false,\
7001,7002,Sup3r-Secret!\n";
    let (plan, _, key) = common::prepare(&client, csv.as_bytes(), PlanOptions::default()).await;
    assert_eq!(plan.counts.create, 1, "{:#?}", plan.rows[0].issues);
    assert_eq!(
        plan.notices,
        vec![
            "Roster does not send passwords: people set their own when they activate their account."
                .to_owned()
        ],
        "every other column is sent"
    );
    let journal = common::open_journal(dir.path(), &key);
    let report = common::run(&client, &plan, &journal).await;
    assert_eq!(report.rows[0].outcome, Outcome::Created, "{report:#?}");
    let id = report.rows[0].id.clone().unwrap();

    let user = client.get_user(&id).await.unwrap();
    assert_eq!(user.middlename, "Augusta");
    assert_eq!(
        user.addresses,
        vec![
            Address {
                kind: "home".into(),
                locality: "Paris".into(),
                country: "FR".into(),
                ..Address::default()
            },
            Address {
                kind: "work".into(),
                street_address: "1 Main Street".into(),
                locality: "Springfield".into(),
                region: "IL".into(),
                postal_code: "01234".into(),
                country: "US".into(),
                ..Address::default()
            },
        ]
    );
    assert_eq!(
        user.phone_numbers,
        vec![
            PhoneNumber {
                kind: "mobile".into(),
                number: "555 0100".into(),
            },
            PhoneNumber {
                kind: "work".into(),
                number: "555 0200".into(),
            },
        ]
    );
    assert_eq!(
        user.recovery_email.map(|r| r.address).as_deref(),
        Some("ada@home.example")
    );
    assert_eq!(user.employee_type, "Contractor");
    assert_eq!(user.cost_center, "CC-7");
    assert_eq!(user.description, "Analyst");
    assert_eq!(user.managed_apple_id, "ada@apple.example.com");
    assert_eq!(user.sudo, Some(true));
    assert_eq!(user.passwordless_sudo, Some(false));
    assert_eq!(user.enable_user_portal_multifactor, Some(true));
    assert_eq!(user.allow_public_key, Some(false));
    assert_eq!(user.ldap_binding_user, Some(true));
    assert_eq!(user.password_never_expires, Some(false));
    assert_eq!((user.unix_uid, user.unix_guid), (Some(7001), Some(7002)));

    // The password column was not sent: the user has no password.
    let raw: Value = reqwest::Client::new()
        .get(format!("{}/api/systemusers/{id}", sb.base_url()))
        .header("x-api-key", sb.api_key())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(raw["password_date"], Value::Null, "{raw:#}");
    assert!(!raw.to_string().contains("Sup3r-Secret!"));
    sb.shutdown().await;
}

#[tokio::test]
async fn an_update_sends_only_the_changed_address() {
    let dir = common::scratch();
    let sb = SandboxBuilder::new().seed_users(2).start().await.unwrap();
    let client = common::client(&sb);
    let existing = client
        .create_user(&NewUser {
            username: "grace.h".into(),
            email: "grace.h@import.example.com".into(),
            employee_type: "Full-time".into(),
            phone_numbers: vec![PhoneNumber {
                kind: "mobile".into(),
                number: "555 0300".into(),
            }],
            addresses: vec![Address {
                kind: "work".into(),
                street_address: "2 Navy Yard".into(),
                locality: "Arlington".into(),
                country: "US".into(),
                ..Address::default()
            }],
            sudo: Some(true),
            ..NewUser::default()
        })
        .await
        .unwrap();
    let id = existing.user().id.clone();

    // Same phone, type and sudo; the work city changes.
    let csv = "Username,Email,employeeType,mobile_number,sudo,work_streetAddress,work_city\n\
grace.h,grace.h@import.example.com,Full-time,555 0300,yes,2 Navy Yard,Washington\n";
    let update = PlanOptions {
        existing: Existing::Update,
        ..PlanOptions::default()
    };
    let (plan, _, key) = common::prepare(&client, csv.as_bytes(), update).await;
    assert_eq!(plan.rows[0].action, Action::Update, "{:#?}", plan.rows[0]);
    let moved = Address {
        kind: "work".into(),
        street_address: "2 Navy Yard".into(),
        locality: "Washington".into(),
        country: "US".into(),
        ..Address::default()
    };
    assert_eq!(
        plan.rows[0].changes,
        Some(UserUpdate {
            addresses: Some(vec![moved.clone()]),
            ..UserUpdate::default()
        }),
        "only the address differs"
    );
    assert!(plan.notices.is_empty(), "{:?}", plan.notices);

    let journal = common::open_journal(dir.path(), &key);
    let before = client.requests_sent();
    let report = common::run(&client, &plan, &journal).await;
    assert_eq!(report.rows[0].outcome, Outcome::Updated, "{report:#?}");
    assert_eq!(client.requests_sent() - before, 1, "one PUT");

    let after = client.get_user(&id).await.unwrap();
    assert_eq!(after.addresses, vec![moved]);
    assert_eq!(after.phone_numbers.len(), 1);
    assert_eq!(after.phone_numbers[0].number, "555 0300");
    assert_eq!(after.employee_type, "Full-time");
    assert_eq!(after.sudo, Some(true));

    // Planned again, the row now changes nothing.
    let again = PlanOptions {
        existing: Existing::Update,
        ..PlanOptions::default()
    };
    let (replan, _, _) = common::prepare(&client, csv.as_bytes(), again).await;
    assert_eq!(replan.rows[0].changes, Some(UserUpdate::default()));
    sb.shutdown().await;
}
