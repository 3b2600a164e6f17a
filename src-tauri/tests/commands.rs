//! The commands as the UI calls them, through Tauri's IPC on the mock
//! runtime, against a real practice organization on 127.0.0.1.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use roster_lib::{build_app, context, StartOptions};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

struct Harness {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    dir: PathBuf,
}

impl Harness {
    fn new(name: &str, practice: bool) -> Self {
        let dir = std::env::temp_dir().join(format!("roster-cmd-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let options = StartOptions {
            practice,
            data_dir: Some(dir.clone()),
        };
        let app = build_app(mock_builder(), options)
            .build(context())
            .expect("app builds");
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("window");
        Self {
            _app: app,
            window,
            dir,
        }
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

impl Drop for Harness {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn listing_before_opening_says_what_to_do() {
    let h = Harness::new("closed", false);
    assert_eq!(h.invoke("current_org", json!({})).unwrap(), Value::Null);
    let err = h
        .invoke("list_users", json!({"query": {"skip": 0, "limit": 100}}))
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
        .invoke("list_users", json!({"query": {"skip": 0, "limit": 100}}))
        .unwrap();
    let total = page["total"].as_u64().unwrap();
    let users = page["users"].as_array().unwrap();
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
        .invoke("list_users", json!({"query": {"skip": 0, "limit": 5}}))
        .unwrap();
    let second = h
        .invoke("list_users", json!({"query": {"skip": 5, "limit": 5}}))
        .unwrap();
    assert_eq!(first["users"].as_array().unwrap().len(), 5);
    assert_eq!(first["users"][4]["username"], users[4]["username"]);
    assert_eq!(second["users"][0]["username"], users[5]["username"]);

    // Opening it again keeps the same session.
    assert_eq!(h.invoke("open_practice_org", json!({})).unwrap(), org);
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
        .invoke("list_users", json!({"query": {"skip": -1, "limit": "all"}}))
        .unwrap_err();
    assert!(err.is_string() || err.is_object(), "{err}");
}
