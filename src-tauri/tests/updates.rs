//! Signed updates, end to end through the real updater plugin and Roster's update
//! commands: a release is built here (an artifact, its minisign signature naming the
//! version, and a `latest.json` manifest), served from 127.0.0.1, and Roster must take the
//! genuine one and refuse a tampered file, an unsigned one, one signed by another key, and
//! one offered under another version than it was signed for.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Cursor, Write};
use std::net::TcpListener;
use std::sync::Arc;

use base64::Engine as _;
use minisign::KeyPair;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

use jumpcloud::Endpoints;
use roster_credentials::{Keychain, SavedOrgs};
use roster_lib::state::Places;
use roster_lib::updates::Updates;
use roster_lib::{build_app, context, StartOptions};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// A key pair as Tauri's updater spells it: base64 of minisign's key file text.
struct SigningKey {
    pair: KeyPair,
}

impl SigningKey {
    fn new() -> Self {
        Self {
            pair: KeyPair::generate_unencrypted_keypair().expect("key pair"),
        }
    }

    fn public(&self) -> String {
        B64.encode(self.pair.pk.to_box().expect("public key box").into_string())
    }

    /// A signature as `tauri signer sign` writes it, the trusted comment naming the file
    /// and the version.
    fn sign(&self, data: &[u8], file: &str, version: &str) -> String {
        let trusted = format!("timestamp:1764547200\tfile:{file}\tversion:{version}");
        let signature = minisign::sign(
            Some(&self.pair.pk),
            &self.pair.sk,
            Cursor::new(data),
            Some(&trusted),
            Some("signature from tauri secret key"),
        )
        .expect("sign");
        B64.encode(signature.into_string())
    }
}

/// Serves fixed files on `listener` (127.0.0.1) until the test ends.
fn serve(listener: TcpListener, files: HashMap<String, Vec<u8>>) {
    let files = Arc::new(files);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let files = Arc::clone(&files);
            std::thread::spawn(move || answer(stream, &files));
        }
    });
}

fn manifest(version: &str, url: &str, signature: &str) -> Vec<u8> {
    let target = tauri_plugin_updater::target().expect("a platform the updater knows");
    serde_json::to_vec(&json!({
        "version": version,
        "notes": "Faster imports.",
        "pub_date": "2026-12-01T12:00:00Z",
        "platforms": { target: { "url": url, "signature": signature } },
    }))
    .expect("json")
}

struct Roster {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

impl Roster {
    /// Roster as shipped, but trusting `pubkey` and asking `endpoint` (plain http is
    /// allowed for this local server only).
    fn new(name: &str, pubkey: &str, endpoint: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("roster-update-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let places = Places {
            data_dir: dir.join("data"),
            saved: SavedOrgs::new(dir.join("config/organizations.json")),
            mappings_file: dir.join("config/column-choices.json"),
            keychain: Keychain::new(format!("app.roster.test.updates.{name}")),
            endpoints: Endpoints::default(),
        };
        let mut ctx = context::<MockRuntime>();
        let shipped = ctx
            .config()
            .plugins
            .0
            .get("updater")
            .cloned()
            .expect("the updater is configured");
        assert_eq!(
            shipped["requireSignedVersion"],
            json!(true),
            "updates must be bound to their version"
        );
        let mut updater = shipped;
        updater["pubkey"] = json!(pubkey);
        updater["endpoints"] = json!([endpoint]);
        updater["dangerousInsecureTransportProtocol"] = json!(true);
        ctx.config_mut().plugins.0.insert("updater".into(), updater);
        let app = build_app(
            mock_builder(),
            StartOptions {
                practice: false,
                places: Some(places),
            },
        )
        .build(ctx)
        .expect("app builds");
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("window");
        Self { _app: app, window }
    }

    fn invoke(&self, cmd: &str) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(json!({})),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request)
            .map(|body| body.deserialize::<Value>().expect("json"))
    }

    fn pending(&self) -> tauri_plugin_updater::Update {
        tauri::async_runtime::block_on(self.window.state::<Updates>().pending())
            .expect("the check kept the update it found")
    }
}

/// The release the tests serve: a package, and manifests that describe it truly or not.
struct Release {
    base: String,
    package: Vec<u8>,
    key: SigningKey,
}

fn release() -> Release {
    let key = SigningKey::new();
    let other = SigningKey::new();
    let package: Vec<u8> = (0..64 * 1024).map(|i| (i * 31 % 251) as u8).collect();
    let mut tampered = package.clone();
    tampered[1000] ^= 0x55;
    let signature = key.sign(&package, "roster_0.2.0_amd64.deb", "0.2.0");

    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let genuine_url = format!("{base}/roster_0.2.0_amd64.deb");
    let files = HashMap::from([
        ("/roster_0.2.0_amd64.deb".to_owned(), package.clone()),
        ("/tampered.deb".to_owned(), tampered),
        (
            "/genuine.json".to_owned(),
            manifest("0.2.0", &genuine_url, &signature),
        ),
        (
            "/tampered.json".to_owned(),
            manifest("0.2.0", &format!("{base}/tampered.deb"), &signature),
        ),
        (
            "/unsigned.json".to_owned(),
            manifest("0.2.0", &genuine_url, ""),
        ),
        (
            "/other-key.json".to_owned(),
            manifest(
                "0.2.0",
                &genuine_url,
                &other.sign(&package, "roster_0.2.0_amd64.deb", "0.2.0"),
            ),
        ),
        // An old release offered as a newer one: the signature says 0.2.0.
        (
            "/wrong-version.json".to_owned(),
            manifest("0.3.0", &genuine_url, &signature),
        ),
        (
            "/current.json".to_owned(),
            manifest("0.1.0", &genuine_url, &key.sign(&package, "x", "0.1.0")),
        ),
    ]);
    serve(listener, files);
    Release { base, package, key }
}

fn answer(mut stream: std::net::TcpStream, files: &HashMap<String, Vec<u8>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut line = String::new();
    while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
        line.clear();
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let (status, body) = match files.get(path) {
        Some(body) => ("200 OK", body.clone()),
        None => ("404 Not Found", b"not found".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

#[test]
fn the_genuine_update_is_offered_and_verifies() {
    let release = release();
    let roster = Roster::new(
        "genuine",
        &release.key.public(),
        &format!("{}/genuine.json", release.base),
    );
    let check = roster.invoke("update_check").expect("the check works");
    assert_eq!(check["current"], json!("0.1.0"));
    assert_eq!(check["available"]["version"], json!("0.2.0"), "{check}");
    assert_eq!(check["available"]["notes"], json!("Faster imports."));
    let bytes = tauri::async_runtime::block_on(roster_lib::updates::download(&roster.pending()))
        .expect("a genuine update verifies");
    assert_eq!(
        bytes, release.package,
        "the verified bytes are the published package"
    );
}

/// Offered, but refused at download: nothing is installed, and the words say so.
fn refused_at_install(name: &str, manifest: &str) {
    let release = release();
    let roster = Roster::new(
        name,
        &release.key.public(),
        &format!("{}/{manifest}", release.base),
    );
    let check = roster
        .invoke("update_check")
        .expect("the check itself works");
    assert!(check["available"]["version"].is_string(), "{check}");
    let err = roster
        .invoke("update_install")
        .expect_err("must be refused");
    assert_eq!(err["code"], json!("update_failed"), "{err}");
    let message = err["message"].as_str().expect("words");
    assert!(
        message.contains("refused") && message.contains("Nothing was installed"),
        "{message}"
    );
}

#[test]
fn a_tampered_package_is_refused() {
    refused_at_install("tampered", "tampered.json");
}

#[test]
fn an_unsigned_package_is_refused() {
    refused_at_install("unsigned", "unsigned.json");
}

#[test]
fn a_package_signed_by_another_key_is_refused() {
    refused_at_install("other-key", "other-key.json");
}

#[test]
fn an_old_release_offered_as_a_newer_version_is_refused() {
    refused_at_install("wrong-version", "wrong-version.json");
}

#[test]
fn the_version_running_now_is_not_offered() {
    let release = release();
    let roster = Roster::new(
        "current",
        &release.key.public(),
        &format!("{}/current.json", release.base),
    );
    let check = roster.invoke("update_check").expect("the check works");
    assert_eq!(check["available"], Value::Null, "{check}");
}

#[test]
fn the_shipped_public_key_is_a_minisign_key() {
    let ctx = context::<MockRuntime>();
    let updater = &ctx.config().plugins.0["updater"];
    let text = B64
        .decode(updater["pubkey"].as_str().expect("pubkey"))
        .expect("base64");
    let text = String::from_utf8(text).expect("utf-8");
    minisign::PublicKeyBox::from_string(&text)
        .and_then(|b| b.into_public_key())
        .expect("the configured key is a minisign public key");
    let endpoint = updater["endpoints"][0].as_str().expect("an endpoint");
    assert!(
        endpoint.starts_with("https://"),
        "updates come over https: {endpoint}"
    );
    assert!(updater.get("dangerousInsecureTransportProtocol").is_none());
}

/// The release workflow writes `latest.json` with `scripts/updater-manifest.mjs` from the
/// bundler's installers and their `.sig` files; what it writes must be a manifest the
/// updater takes, each platform pointing at its own installer.
#[test]
fn the_release_workflows_manifest_is_one_roster_takes() {
    let key = SigningKey::new();
    let appimage: Vec<u8> = (0..32 * 1024).map(|i| (i * 7 % 253) as u8).collect();
    let deb: Vec<u8> = (0..16 * 1024).map(|i| (i * 13 % 241) as u8).collect();
    let dist = std::env::temp_dir().join(format!("roster-update-dist-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dist);
    std::fs::create_dir_all(&dist).expect("dist folder");
    let files = [
        ("Roster_0.2.0_amd64.AppImage", &appimage),
        ("Roster_0.2.0_amd64.deb", &deb),
    ];
    for (name, bytes) in files {
        std::fs::write(dist.join(name), bytes).expect("installer");
        // The bundler ends its .sig files with no newline; a hand-made one may have one.
        let sig = format!("{}\n", key.sign(bytes, name, "0.2.0"));
        std::fs::write(dist.join(format!("{name}.sig")), sig).expect("signature");
    }
    // A file the bundler makes that is no installer: left out.
    std::fs::write(dist.join("notes.txt.sig"), "x").expect("stray signature");

    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../scripts/updater-manifest.mjs"
    );
    let out = std::process::Command::new("node")
        .arg(script)
        .arg(&dist)
        .arg("v0.2.0")
        .arg(format!("{base}/download/v0.2.0"))
        .output()
        .expect("node runs the release workflow's script");
    assert!(
        out.status.success(),
        "updater-manifest.mjs failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let latest: Value = serde_json::from_slice(&out.stdout).expect("the script writes JSON");
    assert_eq!(latest["version"], json!("0.2.0"), "{latest}");
    let platforms = latest["platforms"].as_object().expect("platforms");
    assert_eq!(
        platforms["linux-x86_64-deb"]["url"],
        json!(format!("{base}/download/v0.2.0/Roster_0.2.0_amd64.deb"))
    );
    assert_eq!(
        platforms["linux-x86_64"]["url"], platforms["linux-x86_64-appimage"]["url"],
        "an installation of unknown kind gets the AppImage"
    );
    assert!(
        platforms.keys().all(|k| k.starts_with("linux-")),
        "only what was built is offered: {latest}"
    );

    serve(
        listener,
        HashMap::from([
            ("/latest.json".to_owned(), out.stdout.clone()),
            (
                "/download/v0.2.0/Roster_0.2.0_amd64.AppImage".to_owned(),
                appimage.clone(),
            ),
        ]),
    );
    let roster = Roster::new("workflow", &key.public(), &format!("{base}/latest.json"));
    let check = roster.invoke("update_check").expect("the check works");
    assert_eq!(check["available"]["version"], json!("0.2.0"), "{check}");
    assert_eq!(check["available"]["notes"], json!("Roster 0.2.0"));
    let bytes = tauri::async_runtime::block_on(roster_lib::updates::download(&roster.pending()))
        .expect("the workflow's signature verifies");
    assert_eq!(bytes, appimage, "this platform's installer, as published");
    std::fs::remove_dir_all(&dist).ok();
}
