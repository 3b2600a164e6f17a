//! The commands as the UI calls them, through Tauri's IPC on the mock
//! runtime, against a real practice organization on 127.0.0.1.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use jumpcloud::{Endpoints, Region, Url};
use roster_credentials::{Keychain, SavedOrgs};
use roster_lib::state::Places;
use roster_lib::{build_app, context, StartOptions};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

struct Harness {
    app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    dir: PathBuf,
}

/// The places a test app uses: its own folders, its own keychain service.
fn places(dir: &std::path::Path, endpoints: Endpoints) -> Places {
    let leaf = dir.file_name().unwrap().to_string_lossy().into_owned();
    Places {
        data_dir: dir.join("data"),
        saved: SavedOrgs::new(dir.join("config").join("organizations.json")),
        mappings_file: dir.join("config").join("column-choices.json"),
        keychain: Keychain::new(format!("app.roster.test.commands.{leaf}")),
        endpoints,
    }
}

impl Harness {
    fn new(name: &str, practice: bool) -> Self {
        Self::with_endpoints(name, practice, Endpoints::default(), true)
    }

    /// `fresh: false` reuses the folders of an earlier harness of that name (a restart).
    fn with_endpoints(name: &str, practice: bool, endpoints: Endpoints, fresh: bool) -> Self {
        let dir = std::env::temp_dir().join(format!("roster-cmd-{name}-{}", std::process::id()));
        if fresh {
            let _ = std::fs::remove_dir_all(&dir);
        }
        let options = StartOptions {
            practice,
            places: Some(places(&dir, endpoints)),
        };
        let app = build_app(mock_builder(), options)
            .build(context())
            .expect("app builds");
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("window");
        Self { app, window, dir }
    }

    /// Call a command like the page does; Ok is the JSON it returned, Err the error JSON.
    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // The origin the bundled page has on Linux and macOS.
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request).map(|body| body.deserialize::<Value>().unwrap())
    }
}

impl Harness {
    /// As if the admin had picked `path` in the file dialog (or dropped it on the window).
    fn choose(&self, path: &std::path::Path) {
        use tauri::Manager;
        self.app
            .state::<roster_lib::state::AppState>()
            .remember_chosen(path);
    }

    fn cleanup(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn listing_before_opening_says_what_to_do() {
    let h = Harness::new("closed", false);
    assert_eq!(h.invoke("current_org", json!({})).unwrap(), Value::Null);
    let err = h
        .invoke(
            "people_query",
            json!({"filter": {"sort": "username"}, "offset": 0, "limit": 100}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "not_connected");
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains("open the practice organization"));
}

#[test]
fn practice_organization_opens_and_lists_its_users() {
    let h = Harness::new("practice", false);
    let org = h.invoke("open_practice_org", json!({})).unwrap();
    assert_eq!(org["kind"], "practice");
    assert!(
        org["name"].as_str().unwrap().ends_with("(practice)"),
        "{org}"
    );
    assert_eq!(h.invoke("current_org", json!({})).unwrap(), org);

    let page = h
        .invoke(
            "people_query",
            json!({"filter": {"sort": "username"}, "offset": 0, "limit": 100}),
        )
        .unwrap();
    let total = page["total"].as_u64().unwrap();
    let users = page["rows"].as_array().unwrap();
    assert!(total > 0);
    assert_eq!(users.len() as u64, total.min(100));
    let names: Vec<&str> = users
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "sorted by username");
    for u in users {
        assert!(
            ["active", "staged", "suspended"].contains(&u["state"].as_str().unwrap()),
            "{u}"
        );
    }

    // A small page, then the next one: no overlap.
    let first = h
        .invoke(
            "people_query",
            json!({"filter": {"sort": "username"}, "offset": 0, "limit": 5}),
        )
        .unwrap();
    let second = h
        .invoke(
            "people_query",
            json!({"filter": {"sort": "username"}, "offset": 5, "limit": 5}),
        )
        .unwrap();
    assert_eq!(first["rows"].as_array().unwrap().len(), 5);
    assert_eq!(first["rows"][4]["username"], users[4]["username"]);
    assert_eq!(second["rows"][0]["username"], users[5]["username"]);

    // Opening it again keeps the same session.
    assert_eq!(h.invoke("open_practice_org", json!({})).unwrap(), org);
    h.cleanup();
}

#[test]
fn started_with_practice_flag_opens_it_on_first_look() {
    let h = Harness::new("flag", true);
    let org = h.invoke("current_org", json!({})).unwrap();
    assert_eq!(org["kind"], "practice");
}

#[test]
fn commands_outside_the_capability_are_refused() {
    let h = Harness::new("acl", false);
    // The dialog plugin is installed, but the page has no permission to use it directly.
    let err = h
        .invoke("plugin:dialog|open", json!({"options": {}}))
        .unwrap_err();
    assert!(err.as_str().unwrap().contains("not allowed"), "{err}");
}

#[test]
fn bad_arguments_are_refused_not_panicked() {
    let h = Harness::new("badargs", false);
    h.invoke("open_practice_org", json!({})).unwrap();
    let err = h
        .invoke(
            "people_query",
            json!({"filter": {}, "offset": -1, "limit": "all"}),
        )
        .unwrap_err();
    // Tauri refuses the arguments before the command runs, naming what was wrong.
    let text = err.as_str().unwrap_or_default();
    assert!(
        text.contains("invalid args") && text.contains("offset"),
        "{err}"
    );
    // The app is still fine afterwards.
    assert!(h
        .invoke(
            "people_query",
            json!({"filter": {"sort": "username"}, "offset": 0, "limit": 5}),
        )
        .is_ok());
}

/// All text files under a folder, concatenated (for secret scans).
fn all_text_under(dir: &std::path::Path) -> String {
    let mut out = String::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.push_str(&all_text_under(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    out
}

#[test]
fn connect_switch_and_sign_out_keep_the_key_in_the_keychain_only() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (us, eu) = rt.block_on(async {
        let us = jumpcloud_sandbox::SandboxBuilder::new()
            .api_key("us-admin-key-1111")
            .start()
            .await
            .unwrap();
        let eu = jumpcloud_sandbox::SandboxBuilder::new()
            .api_key("eu-admin-key-2222")
            .start()
            .await
            .unwrap();
        (us, eu)
    });
    let endpoints = Endpoints::default()
        .with(Region::Us, Url::parse(&us.base_url()).unwrap())
        .with(Region::Eu, Url::parse(&eu.base_url()).unwrap())
        .with(Region::In, Url::parse("http://127.0.0.1:9").unwrap());
    let key = "eu-admin-key-2222";

    let h = Harness::with_endpoints("connect", false, endpoints.clone(), true);
    let empty = h
        .invoke(
            "probe_login",
            json!({"login": {"kind": "apiKey", "apiKey": "   "}, "region": "us"}),
        )
        .unwrap_err();
    assert_eq!(empty["code"], "validation");

    // Chosen region US; the key belongs to the EU sandbox.
    let found = h
        .invoke(
            "probe_login",
            json!({"login": {"kind": "apiKey", "apiKey": key}, "region": "us"}),
        )
        .unwrap();
    assert_eq!(found["region"], "eu");
    assert_eq!(found["moved"], true);
    let org_id = found["organizations"][0]["id"].as_str().unwrap().to_owned();

    let refused = h
        .invoke(
            "probe_login",
            json!({"login": {"kind": "apiKey", "apiKey": "not-a-key"}, "region": "us"}),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "bad_key");

    let org = h
        .invoke(
            "connect",
            json!({"login": {"kind": "apiKey", "apiKey": key}, "region": "eu", "orgId": org_id}),
        )
        .unwrap();
    assert_eq!(org["kind"], "jumpcloud");
    assert_eq!(org["location"], "JumpCloud, European Union region");
    let saved_id = org["savedId"].as_str().unwrap().to_owned();
    let page = h
        .invoke(
            "people_query",
            json!({"filter": {"sort": "username"}, "offset": 0, "limit": 10}),
        )
        .unwrap();
    assert!(page["total"].as_u64().unwrap() > 0);
    let check = h.invoke("test_connection", json!({})).unwrap();
    assert!(check.as_str().unwrap().starts_with("Connected."), "{check}");

    // The key is in the keychain, and nowhere in Roster's folders or answers.
    let keychain = places(&h.dir, endpoints.clone()).keychain;
    assert_eq!(keychain.load(&saved_id).unwrap().unwrap().expose(), key);
    assert!(
        !all_text_under(&h.dir).contains(key),
        "the key must not be in any file"
    );
    for answer in [&found, &org, &page, &check] {
        assert!(!answer.to_string().contains(key));
    }
    drop(h);

    // "Restart": a new app on the same folders lists the org and opens it from the keychain.
    let h = Harness::with_endpoints("connect", false, endpoints.clone(), false);
    assert_eq!(h.invoke("current_org", json!({})).unwrap(), Value::Null);
    let saved = h.invoke("saved_orgs", json!({})).unwrap();
    assert_eq!(saved[0]["id"], saved_id.as_str());
    assert_eq!(saved[0]["regionLabel"], "European Union");
    let reopened = h.invoke("switch_org", json!({"id": saved_id})).unwrap();
    assert_eq!(reopened, org);
    h.invoke(
        "people_query",
        json!({"filter": {"sort": "username"}, "offset": 0, "limit": 10}),
    )
    .unwrap();

    // Sign out: key gone, list empty, nothing open.
    let remaining = h.invoke("sign_out", json!({"id": saved_id})).unwrap();
    assert_eq!(remaining, json!([]));
    assert_eq!(keychain.load(&saved_id).unwrap(), None);
    let after = h
        .invoke(
            "people_query",
            json!({"filter": {"sort": "username"}, "offset": 0, "limit": 10}),
        )
        .unwrap_err();
    assert_eq!(after["code"], "not_connected");
    let gone = h.invoke("switch_org", json!({"id": saved_id})).unwrap_err();
    assert_eq!(gone["code"], "not_found");
    h.cleanup();
    rt.block_on(async {
        us.shutdown().await;
        eu.shutdown().await;
    });
}

#[test]
fn import_preview_through_the_commands() {
    let h = Harness::new("import", false);
    let csv = h.dir.join("people.csv");
    std::fs::create_dir_all(&h.dir).unwrap();
    std::fs::write(
        &csv,
        "Username;E-mail\r\nada;ada@example.com\r\ngrace;grace@\r\n",
    )
    .unwrap();
    // A path the admin did not choose is refused: the page cannot name files.
    let refused = h
        .invoke("import_open", json!({"path": csv.to_string_lossy()}))
        .unwrap_err();
    assert_eq!(refused["code"], "precondition", "{refused}");
    h.choose(&csv);
    let summary = h
        .invoke("import_open", json!({"path": csv.to_string_lossy()}))
        .unwrap();
    assert_eq!(summary["counts"]["error"], 1);
    assert!(
        summary["description"]
            .as_str()
            .unwrap()
            .contains("semicolons"),
        "{summary}"
    );

    let bad = h
        .invoke(
            "import_rows",
            json!({"filter": "attention", "offset": 0, "limit": 50}),
        )
        .unwrap();
    assert_eq!(bad["total"], 1);
    assert_eq!(bad["rows"][0]["line"], 3);
    assert_eq!(bad["rows"][0]["issues"][0]["column"], 1);

    let fixed = h
        .invoke(
            "import_edit_cell",
            json!({"line": 3, "column": 1, "value": "grace@example.com"}),
        )
        .unwrap();
    assert_eq!(fixed["counts"]["error"], 0);
    h.choose(std::path::Path::new("/nonexistent/x.csv"));
    let missing = h
        .invoke("import_open", json!({"path": "/nonexistent/x.csv"}))
        .unwrap_err();
    assert_eq!(missing["code"], "file_unreadable");
    h.cleanup();
}

/// The channel argument as the page sends it (messages go nowhere on the mock runtime).
fn channel() -> Value {
    json!("__CHANNEL__:7")
}

#[test]
fn switching_organization_never_runs_the_old_plan_in_the_new_one() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let other = rt.block_on(async {
        jumpcloud_sandbox::SandboxBuilder::new()
            .api_key("other-admin-key-3333")
            .seed_users(3)
            .start()
            .await
            .unwrap()
    });
    let endpoints = Endpoints::default()
        .with(Region::Us, Url::parse(&other.base_url()).unwrap())
        .with(Region::Eu, Url::parse("http://127.0.0.1:9").unwrap())
        .with(Region::In, Url::parse("http://127.0.0.1:9").unwrap());
    let h = Harness::with_endpoints("orgswitch", false, endpoints, true);
    h.invoke("open_practice_org", json!({})).unwrap();
    let csv = h.dir.join("starters.csv");
    std::fs::write(&csv, "username,email\nswitcher,switcher@example.com\n").unwrap();
    h.choose(&csv);
    h.invoke("import_open", json!({"path": csv.to_string_lossy()}))
        .unwrap();
    let checked = h
        .invoke(
            "import_check_org",
            json!({"updateExisting": false, "changeState": false}),
        )
        .unwrap();
    assert_eq!(checked["plan"]["create"], 1);

    // Now a real organization is opened instead.
    let found = h
        .invoke(
            "probe_login",
            json!({"login": {"kind": "apiKey", "apiKey": "other-admin-key-3333"}, "region": "us"}),
        )
        .unwrap();
    let org_id = found["organizations"][0]["id"].as_str().unwrap().to_owned();
    h.invoke(
        "connect",
        json!({"login": {"kind": "apiKey", "apiKey": "other-admin-key-3333"}, "region": "us", "orgId": org_id}),
    )
    .unwrap();
    let before = h
        .invoke(
            "people_query",
            json!({"filter": {"sort": "username"}, "offset": 0, "limit": 100}),
        )
        .unwrap();
    let refused = h
        .invoke(
            "import_run",
            json!({"retryFailed": false, "onProgress": channel()}),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "precondition", "{refused}");
    let after = h
        .invoke(
            "people_query",
            json!({"filter": {"sort": "username"}, "offset": 0, "limit": 100}),
        )
        .unwrap();
    assert_eq!(before, after, "nothing was sent to the new organization");

    // Checked against the new organization, it runs there.
    h.invoke(
        "import_check_org",
        json!({"updateExisting": false, "changeState": false}),
    )
    .unwrap();
    let ran = h
        .invoke(
            "import_run",
            json!({"retryFailed": false, "onProgress": channel()}),
        )
        .unwrap();
    assert_eq!(ran["created"], 1, "{ran}");
    let job_id = ran["jobId"].as_str().unwrap().to_owned();
    assert!(job_id.starts_with("job-"), "{job_id}");
    // The job is over: cancelling it (or an id nobody knows) finds nothing.
    assert_eq!(
        h.invoke("import_cancel", json!({"jobId": job_id})).unwrap(),
        json!(false)
    );
    assert_eq!(
        h.invoke("import_cancel", json!({"jobId": "job-nonexistent"}))
            .unwrap(),
        json!(false)
    );
    let made = rt.block_on(async {
        let client = jumpcloud::Client::new(jumpcloud::Config::new(
            Url::parse(&other.base_url()).unwrap(),
            jumpcloud::Secret::new("other-admin-key-3333"),
        ))
        .unwrap();
        client.find_user_by_username("switcher").await.unwrap()
    });
    assert!(
        made.is_some(),
        "created in the organization it was checked against"
    );

    // History of the new organization has the change, with where it came from.
    let history = h
        .invoke(
            "history_list",
            json!({"query": {"person": "switcher", "operation": null, "outcome": null, "since": null, "until": null, "offset": 0, "limit": 50}}),
        )
        .unwrap();
    assert_eq!(history["total"], 1, "{history}");
    let entry = &history["entries"][0];
    assert_eq!(entry["operation"], "create");
    assert_eq!(entry["source"], "starters.csv, line 2");
    assert_eq!(entry["outcome"], "done");
    assert!(
        entry["summary"]
            .as_str()
            .unwrap()
            .starts_with("Created: switcher"),
        "{entry}"
    );
    let keychain = Keychain::new(format!(
        "app.roster.test.commands.{}",
        h.dir.file_name().unwrap().to_string_lossy()
    ));
    if let Some(saved) = h.invoke("saved_orgs", json!({})).unwrap()[0]["id"].as_str() {
        let _ = keychain.delete(saved);
    }
    h.cleanup();
    rt.block_on(other.shutdown());
}

#[test]
fn people_list_profile_and_add_one_person_through_the_commands() {
    let h = Harness::new("people", false);
    h.invoke("open_practice_org", json!({})).unwrap();
    let all = h
        .invoke(
            "people_query",
            json!({"filter": {}, "offset": 0, "limit": 500}),
        )
        .unwrap();
    let total = all["total"].as_u64().unwrap();
    assert_eq!(all["matching"].as_u64().unwrap(), total);
    assert!(all["loadedAt"].as_str().unwrap().ends_with('Z'));

    // Searching someone's last name finds them, in any case and with the filter kept.
    let someone = &all["rows"][3];
    let last = someone["name"]
        .as_str()
        .unwrap()
        .split(' ')
        .next_back()
        .unwrap()
        .to_uppercase();
    let found = h
        .invoke(
            "people_query",
            json!({"filter": {"search": last}, "offset": 0, "limit": 50}),
        )
        .unwrap();
    assert!(found["matching"].as_u64().unwrap() < total);
    assert!(found["rows"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == someone["id"]));
    let facets = h.invoke("people_facets", json!({})).unwrap();
    let staged = facets["staged"].as_u64().unwrap();
    let only_staged = h
        .invoke(
            "people_matching_ids",
            json!({"filter": {"state": "staged"}}),
        )
        .unwrap();
    assert_eq!(only_staged.as_array().unwrap().len() as u64, staged);

    // The form: a bad email is named on its field; fixed, the person is added.
    let setup = h.invoke("person_form", json!({})).unwrap();
    let sales = setup["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "Sales")
        .unwrap()["id"]
        .clone();
    let form = |email: &str| {
        json!({"form": {
            "values": [{"key": "username", "value": "new.person"}, {"key": "email", "value": email},
                       {"key": "firstname", "value": "New"}, {"key": "lastname", "value": "Person"}],
            "state": "staged", "directories": [], "groups": [sales], "formId": setup["formId"]}})
    };
    let check = h.invoke("person_check", form("new.person@")).unwrap();
    assert_eq!(check["ready"], false);
    assert!(
        check["issues"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["field"] == "email" && i["blocking"] == true),
        "{check}"
    );
    let refused = h.invoke("person_add", form("new.person@")).unwrap_err();
    assert_eq!(refused["code"], "validation");
    let added = h
        .invoke("person_add", form("new.person@example.com"))
        .unwrap();
    assert_eq!(added["done"], true, "{added}");
    let id = added["id"].as_str().unwrap().to_owned();
    assert_eq!(added["message"], "");
    // The same form sent again (a double click) adds no one: the username is theirs now.
    let again = h
        .invoke("person_add", form("new.person@example.com"))
        .unwrap_err();
    assert_eq!(again["code"], "validation");
    assert!(
        again["message"]
            .as_str()
            .unwrap()
            .contains("already taken by New Person"),
        "{again}"
    );

    // In the list at once, and their profile (read from JumpCloud) has the group.
    let now = h
        .invoke(
            "people_query",
            json!({"filter": {"search": "new person"}, "offset": 0, "limit": 10}),
        )
        .unwrap();
    assert_eq!(now["rows"][0]["id"], id.as_str());
    assert_eq!(now["total"].as_u64().unwrap(), total + 1);
    let profile = h.invoke("person_profile", json!({"id": id})).unwrap();
    assert_eq!(profile["person"]["state"], "staged");
    assert_eq!(profile["canActivate"], true);
    assert_eq!(profile["groups"][0]["name"], "Sales");

    // Bind them to Google Workspace: the choice says what it does; the profile shows it.
    let google = profile["otherDirectories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "Google Workspace")
        .unwrap()
        .clone();
    assert!(google["bindEffect"]
        .as_str()
        .unwrap()
        .contains("Google account"));
    let bound = h
        .invoke(
            "person_change",
            json!({"id": id, "change": {"kind": "bind", "directoryId": google["id"]}}),
        )
        .unwrap();
    assert_eq!(bound["done"], true, "{bound}");
    let profile = h.invoke("person_profile", json!({"id": id})).unwrap();
    assert_eq!(profile["directories"][0]["directory"]["id"], google["id"]);
    assert_eq!(profile["directories"][0]["direct"], true);

    // A detail edit from a stale value is refused; nothing changes.
    let stale = h
        .invoke(
            "person_change",
            json!({"id": id, "change": {"kind": "details",
                "before": [{"key": "jobTitle", "value": "Something else"}],
                "after": [{"key": "jobTitle", "value": "Analyst"}]}}),
        )
        .unwrap_err();
    assert_eq!(stale["code"], "conflict");
    let saved = h
        .invoke(
            "person_change",
            json!({"id": id, "change": {"kind": "details",
                "before": [{"key": "jobTitle", "value": ""}],
                "after": [{"key": "jobTitle", "value": "Analyst"}]}}),
        )
        .unwrap();
    assert_eq!(saved["done"], true);
    let profile = h.invoke("person_profile", json!({"id": id})).unwrap();
    let title = profile["details"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["fields"].as_array().unwrap())
        .find(|f| f["key"] == "jobTitle")
        .unwrap()
        .clone();
    assert_eq!(title["value"], "Analyst");
    // Everything the V1 user has is shown: JumpCloud gave them a unix user id.
    let uid = profile["details"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["fields"].as_array().unwrap())
        .find(|f| f["key"] == "unix_uid")
        .unwrap()
        .clone();
    assert!(
        uid["value"].as_str().unwrap().parse::<u64>().unwrap() > 0,
        "{uid}"
    );
    h.cleanup();
}

#[test]
fn offboarding_through_the_commands_suspends_deletes_and_adds_back() {
    let h = Harness::new("offboard", false);
    h.invoke("open_practice_org", json!({})).unwrap();
    let page = h
        .invoke(
            "people_query",
            json!({"filter": {"state": "active"}, "offset": 0, "limit": 50}),
        )
        .unwrap();
    let rows = page["rows"].as_array().unwrap();
    // People who manage nobody (a delete of a manager asks about their reports).
    let ids: Vec<Value> = rows.iter().map(|r| r["id"].clone()).collect();
    let look = h
        .invoke(
            "offboard_preview",
            json!({"people": ids, "action": {"kind": "suspend"}}),
        )
        .unwrap();
    let plain: Vec<Value> = look["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["reports"].as_array().unwrap().is_empty())
        .map(|r| r["id"].clone())
        .collect();
    let (a, b, c) = (plain[0].clone(), plain[1].clone(), plain[2].clone());

    // Protect c; a suspend of all three changes a and b and says c is protected.
    h.invoke("protected_set", json!({"id": c, "protect": true}))
        .unwrap();
    let preview = h
        .invoke(
            "offboard_preview",
            json!({"people": [a, b, c], "action": {"kind": "suspend"}}),
        )
        .unwrap();
    assert_eq!(preview["changing"], 2);
    assert!(preview["consequences"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s.as_str().unwrap().contains("still billed")));
    let refused = preview["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == c)
        .unwrap()
        .clone();
    assert_eq!(refused["refused"], true);
    assert!(refused["will"].as_str().unwrap().contains("protected"));
    let done = h
        .invoke(
            "offboard_run",
            json!({"people": [a, b, c], "action": {"kind": "suspend"}, "typedCount": null,
                   "reason": "Leave", "onProgress": channel()}),
        )
        .unwrap();
    assert_eq!(
        done["counts"][0],
        json!({"outcome": "suspended", "count": 2})
    );
    for id in [&a, &b] {
        let p = h.invoke("person_profile", json!({"id": id})).unwrap();
        assert_eq!(p["person"]["state"], "suspended");
    }
    let p = h.invoke("person_profile", json!({"id": c})).unwrap();
    assert_eq!(p["person"]["state"], "active");

    // Delete a (archived first), see them among the deleted, add them back.
    let done = h
        .invoke(
            "offboard_run",
            json!({"people": [a], "action": {"kind": "delete", "reports": {"how": "ask"}},
                   "typedCount": null, "reason": null, "onProgress": channel()}),
        )
        .unwrap();
    assert_eq!(done["counts"][0]["outcome"], "deleted", "{done}");
    let gone = h.invoke("person_profile", json!({"id": a})).unwrap_err();
    assert_eq!(gone["code"], "not_found");
    let deleted = h.invoke("deleted_people_list", json!({})).unwrap();
    assert_eq!(deleted.as_array().unwrap().len(), 1);
    let archive = deleted[0]["id"].as_str().unwrap().to_owned();
    let back = h
        .invoke("deleted_person_restore", json!({"id": archive}))
        .unwrap();
    assert_eq!(back["done"], true, "{back}");
    let p = h
        .invoke("person_profile", json!({"id": back["id"]}))
        .unwrap();
    assert_eq!(p["person"]["username"], deleted[0]["username"]);

    // A spreadsheet of leavers: the people it names, and the lines that name nobody.
    let csv = h.dir.join("leavers.csv");
    let named = h
        .invoke(
            "people_query",
            json!({"filter": {"sort": "username"}, "offset": 0, "limit": 2}),
        )
        .unwrap();
    std::fs::write(
        &csv,
        format!(
            "Name;E-mail\nOne;{}\nNobody;nobody@nowhere.example\nTwo;{}\n",
            named["rows"][0]["email"].as_str().unwrap().to_uppercase(),
            named["rows"][1]["email"].as_str().unwrap()
        ),
    )
    .unwrap();
    let refused = h
        .invoke("offboard_people_in_file", json!({"path": csv}))
        .unwrap_err();
    assert_eq!(
        refused["code"], "precondition",
        "only files the admin chose"
    );
    h.choose(&csv);
    let listed = h
        .invoke("offboard_people_in_file", json!({"path": csv}))
        .unwrap();
    assert_eq!(
        listed["ids"],
        json!([named["rows"][0]["id"], named["rows"][1]["id"]])
    );
    assert_eq!(listed["unknown"][0]["line"], 3);
    assert!(listed["unknown"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("Line 3:"));
    h.cleanup();
}

#[test]
fn importing_from_google_workspace_through_the_commands_binds_the_picked_people() {
    let h = Harness::new("platform", false);
    h.invoke("open_practice_org", json!({})).unwrap();
    let setup = h.invoke("platform_setup", json!({})).unwrap();
    let dirs = setup["directories"].as_array().unwrap();
    assert_eq!(dirs.len(), 2, "{setup}");
    assert!(setup["missing"].as_array().unwrap().is_empty());
    let google = dirs.iter().find(|d| d["platform"] == "google").unwrap();
    let list = |h: &Harness| {
        h.invoke(
            "platform_list",
            json!({"directoryId": google["id"], "search": null, "onProgress": channel()}),
        )
        .unwrap()
    };
    let before = list(&h);
    let counts = before["counts"].clone();
    assert!(counts["new"].as_u64().unwrap() > 2 && counts["notBound"].as_u64().unwrap() > 0);

    let page = |h: &Harness, standing: &str| {
        h.invoke(
            "platform_people",
            json!({"filter": {"text": "", "standing": standing}, "offset": 0, "limit": 50}),
        )
        .unwrap()
    };
    let new = page(&h, "new");
    let not_bound = page(&h, "not_bound");
    let picked: Vec<Value> = vec![
        new["rows"][0]["index"].clone(),
        new["rows"][1]["index"].clone(),
        not_bound["rows"][0]["index"].clone(),
    ];
    let c = h
        .invoke("platform_pick", json!({"indices": picked, "picked": true}))
        .unwrap();
    assert_eq!(
        (c["newPicked"].as_u64(), c["notBoundPicked"].as_u64()),
        (Some(2), Some(1))
    );
    let bad = h
        .invoke(
            "platform_pick",
            json!({"indices": [999999], "picked": true}),
        )
        .unwrap_err();
    assert_eq!(bad["code"], "not_found");

    let summary = h
        .invoke(
            "platform_preview",
            json!({"usernamePattern": "email", "startState": "staged", "sendEmail": true}),
        )
        .unwrap();
    assert_eq!(summary["platform"], "Google Workspace");
    assert_eq!(summary["counts"]["rows"], 3);
    let checked = h
        .invoke(
            "import_check_org",
            json!({"updateExisting": false, "changeState": false}),
        )
        .unwrap();
    assert_eq!(
        (&checked["plan"]["create"], &checked["plan"]["update"]),
        (&json!(2), &json!(1)),
        "{checked}"
    );
    let result = h
        .invoke(
            "import_run",
            json!({"retryFailed": false, "onProgress": channel()}),
        )
        .unwrap();
    assert_eq!(
        (&result["created"], &result["updated"], &result["failed"]),
        (&json!(2), &json!(1), &json!(0)),
        "{result}"
    );
    assert!(
        result["notes"][0]
            .as_str()
            .unwrap()
            .starts_with("Checked with JumpCloud"),
        "{result}"
    );

    // Judged by the server: listed again, the three are bound now.
    let after = list(&h);
    let n = |v: &Value, k: &str| v["counts"][k].as_u64().unwrap();
    assert_eq!(n(&after, "new"), n(&before, "new") - 2);
    assert_eq!(n(&after, "notBound"), n(&before, "notBound") - 1);
    assert_eq!(n(&after, "bound"), n(&before, "bound") + 3);
    h.cleanup();
}

#[test]
fn a_workbook_opens_on_its_sheet_with_people_and_another_sheet_can_be_chosen() {
    let h = Harness::new("workbook", false);
    std::fs::create_dir_all(&h.dir).unwrap();
    let path = h.dir.join("starters.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("Read me").unwrap();
    notes
        .write_string(0, 0, "Fill in the Starters sheet")
        .unwrap();
    let s = book.add_worksheet();
    s.set_name("Starters").unwrap();
    for (c, h) in ["Username", "Email", "Employee ID"].iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write_string(1, 0, "ada").unwrap();
    s.write_string(1, 1, "ada@example.com").unwrap();
    s.write_string(1, 2, "00123").unwrap();
    s.write_string(2, 0, "grace").unwrap();
    s.write_number(2, 2, 456).unwrap();
    book.save(&path).unwrap();
    h.choose(&path);

    let summary = h
        .invoke("import_open", json!({"path": path.to_string_lossy()}))
        .unwrap();
    assert_eq!(summary["sheet"], "Starters", "{summary}");
    assert_eq!(summary["sheets"].as_array().unwrap().len(), 2);
    assert_eq!(summary["sheets"][0]["hasHeader"], false);
    assert_eq!(
        summary["description"],
        "Sheet \u{201c}Starters\u{201d} of the Excel workbook, 2 rows."
    );
    assert_eq!(summary["counts"]["error"], 1, "grace has no email");
    let page = h
        .invoke(
            "import_rows",
            json!({"filter": "all", "offset": 0, "limit": 10}),
        )
        .unwrap();
    assert_eq!(page["rows"][0]["cells"][2], "00123");
    assert_eq!(page["rows"][1]["cells"][2], "456");

    let other = h
        .invoke("import_set_sheet", json!({"name": "Read me"}))
        .unwrap();
    assert_eq!(other["sheet"], "Read me");
    let missing = h
        .invoke("import_set_sheet", json!({"name": "Leavers"}))
        .unwrap_err();
    assert_eq!(missing["code"], "validation", "{missing}");
    assert!(missing["message"]
        .as_str()
        .unwrap()
        .contains("no sheet called \"Leavers\""));
    h.cleanup();
}
