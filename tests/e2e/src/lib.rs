//! Drives the real Roster binary in a real window through tauri-driver and
//! WebKitWebDriver. Each [`App`] gets its own driver ports and its own empty
//! data, config and cache folders, and runs with the test profile
//! (`ROSTER_PROFILE=test`: its own identifier), so tests never touch a
//! user's data or keychain entries.
//!
//! Needs: a display (Xvfb), `tauri-driver` and `WebKitWebDriver` on PATH, and
//! the app built (`ROSTER_APP_BIN`, or `target/debug/roster`). Missing parts
//! are errors, never skips.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// How long to wait for something to appear in the window.
pub const WAIT: Duration = Duration::from_secs(30);

pub struct App {
    pub client: Client,
    driver: Child,
    pub home: PathBuf,
}

fn free_port() -> Result<u16, BoxError> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// The app binary under test.
pub fn app_binary() -> Result<PathBuf, BoxError> {
    if let Some(p) = std::env::var_os("ROSTER_APP_BIN") {
        return Ok(PathBuf::from(p));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let bin = target.join("debug").join("roster");
    if bin.is_file() {
        Ok(bin)
    } else {
        Err(format!("the app is not built: {} is missing (run `cargo build -p roster` or set ROSTER_APP_BIN)", bin.display()).into())
    }
}

/// A fresh folder for one test, under the system temp folder.
pub fn scratch_dir(name: &str) -> Result<PathBuf, BoxError> {
    let dir = std::env::temp_dir().join(format!(
        "roster-e2e-{name}-{}-{}",
        std::process::id(),
        free_port()?
    ));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

impl App {
    /// Start tauri-driver and open a session on the app.
    pub async fn launch(name: &str) -> Result<App, BoxError> {
        Self::launch_with(name, &[]).await
    }

    /// Like [`App::launch`], with extra environment for the app (e.g.
    /// `ROSTER_TEST_REGION_URLS`). The driver's and the app's output go to
    /// `driver.log` in the app's home, so tests can scan it.
    pub async fn launch_with(name: &str, env: &[(&str, &str)]) -> Result<App, BoxError> {
        Self::launch_in(scratch_dir(name)?, env).await
    }

    /// Start Roster again on the folders of an earlier launch (`home`): the same user
    /// opening the app another day.
    pub async fn launch_in(home: PathBuf, env: &[(&str, &str)]) -> Result<App, BoxError> {
        let app = app_binary()?;
        let port = free_port()?;
        let native_port = free_port()?;
        let log = std::fs::File::create(home.join("driver.log"))?;
        let mut driver = Command::new("tauri-driver");
        driver
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("ROSTER_PROFILE", "test")
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .stdout(Stdio::from(log.try_clone()?))
            .stderr(Stdio::from(log));
        for (k, v) in env {
            driver.env(k, v);
        }
        let mut driver = driver
            .spawn()
            .map_err(|e| format!("could not start tauri-driver (is it installed? `cargo install tauri-driver --locked`): {e}"))?;

        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = driver.try_wait()? {
                return Err(format!("tauri-driver exited early: {status}").into());
            }
            if started.elapsed() > WAIT {
                stop(&mut driver);
                return Err("tauri-driver did not start listening".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

        let caps = serde_json::json!({
            "browserName": "wry",
            "tauri:options": { "application": app },
        });
        let serde_json::Value::Object(caps) = caps else {
            unreachable!("object literal")
        };
        // tauri-driver listens before WebKitWebDriver is ready; on a busy
        // machine the first session request can find nobody home. Try again.
        let mut tries = 0;
        let client = loop {
            tries += 1;
            match ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(c) => break c,
                Err(e) if tries < 5 => {
                    eprintln!("WebDriver session not ready yet ({e}); trying again");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Err(e) => {
                    stop(&mut driver);
                    return Err(
                        format!("could not open a WebDriver session on the app: {e}").into(),
                    );
                }
            }
        };
        Ok(App {
            client,
            driver,
            home,
        })
    }

    /// Wait for an element by `data-testid`.
    pub async fn by_test_id(&self, id: &str) -> Result<Element, BoxError> {
        let css = format!("[data-testid=\"{id}\"]");
        Ok(self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&css))
            .await?)
    }

    /// Click an element by `data-testid`; if the page re-rendered it between
    /// finding and clicking, find it again.
    pub async fn click(&self, id: &str) -> Result<(), BoxError> {
        let started = Instant::now();
        loop {
            let result = match self.by_test_id(id).await {
                Ok(element) => element.click().await.map(drop).map_err(BoxError::from),
                Err(e) => Err(e),
            };
            match result {
                Ok(()) => return Ok(()),
                Err(e) if started.elapsed() > WAIT => return Err(e),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Wait until the element's text contains `needle`, and return the text.
    /// The page may re-render meanwhile, so a vanished element is looked up again.
    pub async fn wait_for_text(&self, id: &str, needle: &str) -> Result<String, BoxError> {
        let css = format!("[data-testid=\"{id}\"]");
        let started = Instant::now();
        let mut last = String::new();
        loop {
            if let Ok(element) = self.client.find(Locator::Css(&css)).await {
                if let Ok(text) = element.text().await {
                    if text.contains(needle) {
                        return Ok(text);
                    }
                    last = text;
                }
                // WebKitWebDriver gives no rendered text for cells inside a scrolling box
                // (the preview grid); a displayed element's own text is what it shows.
                let shown = self
                    .client
                    .execute(
                        "const e = document.querySelector(arguments[0]); if (!e) return null; \
                         const r = e.getBoundingClientRect(); \
                         return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden' \
                           ? e.textContent : null;",
                        vec![serde_json::json!(css)],
                    )
                    .await;
                if let Ok(serde_json::Value::String(text)) = shown {
                    if text.contains(needle) {
                        return Ok(text);
                    }
                }
            }
            if started.elapsed() > WAIT {
                return Err(format!("[{id}] never showed {needle:?}; last text: {last:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Replace the text of a field (by `data-testid`).
    pub async fn type_into(&self, id: &str, text: &str) -> Result<(), BoxError> {
        let field = self.by_test_id(id).await?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    /// Run axe-core (the same version as the UI tests, from `ui/node_modules`) on the page
    /// as the window shows it, against WCAG 2.2 A and AA — colour contrast included, which
    /// only a real renderer can judge. Returns the violations in words; empty is a pass.
    pub async fn axe_violations(&self) -> Result<Vec<String>, BoxError> {
        let loaded = self
            .client
            .execute("return typeof window.axe === 'object';", vec![])
            .await?;
        if loaded != serde_json::Value::Bool(true) {
            let source = std::fs::read_to_string(axe_source()).map_err(|e| {
                format!("axe-core is not installed in ui/node_modules ({e}); run scripts/setup.sh")
            })?;
            self.client
                .execute(&format!("{source}\n;return typeof window.axe;"), vec![])
                .await?;
        }
        let answer = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 window.axe.run(document, { runOnly: { type: 'tag',
                     values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
                     resultTypes: ['violations'] })
                   .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' +
                       v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join(' | '))))
                   .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(answer)?)
    }

    /// Fail with the violations when axe finds any on `screen`.
    pub async fn assert_accessible(&self, screen: &str) -> Result<(), BoxError> {
        let violations = self.axe_violations().await?;
        if violations.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{screen}: {} accessibility violation(s):\n  {}",
                violations.len(),
                violations.join("\n  ")
            )
            .into())
        }
    }

    /// Press keys as a keyboard does (WebDriver actions, to whatever has the focus).
    /// Special keys are WebDriver's code points, e.g. [`keys::TAB`].
    pub async fn press(&self, keys: &str) -> Result<(), BoxError> {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".to_owned());
        for key in keys.chars() {
            actions = actions
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key });
        }
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    /// What has the keyboard focus: its `data-testid` (or its tag and text when it has none).
    pub async fn focused(&self) -> Result<String, BoxError> {
        let v = self
            .client
            .execute(
                "const e = document.activeElement; if (!e) return '';
                 return e.dataset.testid || (e.tagName.toLowerCase() + ':' + (e.textContent || '').trim().slice(0, 60));",
                vec![],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Press Tab until the element with `data-testid` = `id` has the focus (at most
    /// `limit` presses): proof it can be reached by keyboard.
    pub async fn tab_to(&self, id: &str, limit: usize) -> Result<(), BoxError> {
        self.tab_until(id, limit, |f| f == id).await
    }

    /// Press Tab until `found` says yes to what has the focus ([`App::focused`]).
    pub async fn tab_until(
        &self,
        what: &str,
        limit: usize,
        found: impl Fn(&str) -> bool,
    ) -> Result<(), BoxError> {
        let mut seen = Vec::new();
        for _ in 0..limit {
            let now = self.focused().await?;
            if found(&now) {
                return Ok(());
            }
            seen.push(now);
            self.press(keys::TAB).await?;
        }
        let now = self.focused().await?;
        if found(&now) {
            return Ok(());
        }
        Err(format!(
            "Tab never reached {what} in {limit} presses; focus went: {}",
            seen.join(" → ")
        )
        .into())
    }

    /// Save what the window shows now in `tests/e2e/artifacts/NAME.png` (the README's
    /// screenshots come from there).
    pub async fn screenshot(&self, name: &str) -> Result<(), BoxError> {
        let png = self.client.screenshot().await?;
        let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts");
        std::fs::create_dir_all(&out)?;
        std::fs::write(out.join(format!("{name}.png")), png)?;
        Ok(())
    }

    /// The id of the Roster process this session drives: the app binary running with this
    /// test's folders (WebKit's helper processes share the folders, not the binary).
    pub fn app_pid(&self) -> Result<u32, BoxError> {
        let bin = std::fs::canonicalize(app_binary()?)?;
        let config = format!("XDG_CONFIG_HOME={}", self.home.join("config").display());
        for entry in std::fs::read_dir("/proc")?.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            if std::fs::read_link(entry.path().join("exe")).ok().as_deref() != Some(bin.as_path()) {
                continue;
            }
            let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
            if environ
                .split(|b| *b == 0)
                .any(|var| var == config.as_bytes())
            {
                return Ok(pid);
            }
        }
        Err(format!("no {} process runs with {config}", bin.display()).into())
    }

    /// Close the session and stop the driver (which stops WebKitWebDriver and the app).
    pub async fn close(self) -> Result<(), BoxError> {
        let home = self.home.clone();
        self.stop().await?;
        std::fs::remove_dir_all(&home).ok();
        Ok(())
    }

    /// Close the session and stop the driver, keeping the app's folders and
    /// log for inspection; returns the home folder.
    pub async fn stop(mut self) -> Result<PathBuf, BoxError> {
        let closed = self.client.clone().close().await;
        stop(&mut self.driver);
        closed?;
        Ok(self.home.clone())
    }
}

impl Drop for App {
    fn drop(&mut self) {
        stop(&mut self.driver);
    }
}

/// SIGTERM, not SIGKILL (tauri-driver then stops WebKitWebDriver too; the app ends
/// cleanly); SIGKILL after 5 s.
pub fn stop(child: &mut Child) {
    if matches!(child.try_wait(), Ok(Some(_))) {
        return;
    }
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(5) {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// WebDriver's code points for special keys.
pub mod keys {
    pub const TAB: &str = "\u{E004}";
    pub const ENTER: &str = "\u{E007}";
    pub const ESCAPE: &str = "\u{E00C}";
    pub const SPACE: &str = " ";
    pub const ARROW_DOWN: &str = "\u{E015}";
}

/// axe-core's browser build, installed with the UI's packages.
pub fn axe_source() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/node_modules/axe-core/axe.min.js")
}

/// The practice organization's saved state (the server's side) in an app's `home`: the
/// JSON file there, outside the delete archives, that mentions `needle` (e.g. `"ada"`).
pub fn practice_state(home: &Path, needle: &str) -> Result<serde_json::Value, BoxError> {
    let files = files_containing(home, needle);
    let state_file = files
        .iter()
        .find(|p| {
            p.extension().is_some_and(|e| e == "json") && !p.to_string_lossy().contains("archives")
        })
        .ok_or("the practice organization's state file was not found")?;
    Ok(serde_json::from_slice(&std::fs::read(state_file)?)?)
}

/// Every file under `dir` whose bytes contain `needle`.
pub fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_containing(&path, needle));
        } else if std::fs::read(&path)
            .map(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
            .unwrap_or(false)
        {
            found.push(path);
        }
    }
    found
}

/// Give the keyboard focus back to Roster's window, as a window manager does when a dialog
/// closes (Xvfb has none): for keyboard-only tests after the native file dialog.
pub fn focus_app_window() -> Result<(), BoxError> {
    let window = find_window("^Roster")?;
    let status = Command::new("xdotool")
        .args(["windowfocus", "--sync", &window])
        .status()?;
    if !status.success() {
        return Err(format!("xdotool could not focus the Roster window: {status}").into());
    }
    Ok(())
}

/// The title of Roster's file dialog for spreadsheets.
pub const OPEN_DIALOG_TITLE: &str = "Choose a spreadsheet to import";

/// Answer the GTK file dialog ([`OPEN_DIALOG_TITLE`]) with `path`, as a person would: focus
/// it, Ctrl+L, type the path, Enter. Uses xdotool against the X display.
pub fn answer_open_file_dialog(path: &Path) -> Result<(), BoxError> {
    let window = find_window(&format!("^{OPEN_DIALOG_TITLE}$"))?;
    let path = path.to_str().ok_or("path is not text")?;
    let steps: [&[&str]; 4] = [
        &["windowfocus", "--sync", &window],
        &["key", "ctrl+l"],
        &["type", "--delay", "10", path],
        &["key", "Return"],
    ];
    for step in steps {
        std::thread::sleep(Duration::from_millis(300));
        let status = Command::new("xdotool").args(step).status()?;
        if !status.success() {
            return Err(format!("xdotool {step:?} failed: {status}").into());
        }
    }
    // The first Return can go to the path's completion list instead of the Open button
    // (GTK shows one as the path is typed); a person presses it again. Once the dialog has
    // gone, the focus goes back to Roster's window, as a window manager would do (Xvfb has
    // none; without it the page is left unfocused).
    let mut presses = 1;
    let mut since = Instant::now();
    while dialog_visible()? {
        if since.elapsed() > Duration::from_secs(3) {
            if presses == 3 {
                return Err("the file dialog did not close after Return, three times".into());
            }
            // (It may close meanwhile: then these go nowhere, harmlessly.)
            let _ = Command::new("xdotool")
                .args(["windowfocus", "--sync", &window])
                .status();
            let _ = Command::new("xdotool").args(["key", "Return"]).status();
            presses += 1;
            since = Instant::now();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    focus_app_window()
}

fn dialog_visible() -> Result<bool, BoxError> {
    let out = Command::new("xdotool")
        .args([
            "search",
            "--onlyvisible",
            "--name",
            &format!("^{OPEN_DIALOG_TITLE}$"),
        ])
        .output()?;
    Ok(!String::from_utf8_lossy(&out.stdout).trim().is_empty())
}

fn xdotool(args: &[&str]) -> Result<String, BoxError> {
    let out = Command::new("xdotool").args(args).output()?;
    if !out.status.success() {
        return Err(format!(
            "xdotool {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The first visible window whose title matches `pattern` (waiting up to 30 s).
fn find_window(pattern: &str) -> Result<String, BoxError> {
    let found = Command::new("timeout")
        .args([
            "30",
            "xdotool",
            "search",
            "--sync",
            "--onlyvisible",
            "--name",
            pattern,
        ])
        .output()?;
    String::from_utf8_lossy(&found.stdout)
        .lines()
        .next()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .ok_or_else(|| format!("no window titled {pattern:?} appeared within 30 s").into())
}

/// Move and resize Roster's window as a person would with the mouse (xdotool sends the
/// same requests to the X server a window manager does), and wait until it is there.
pub fn place_app_window(x: i64, y: i64, width: i64, height: i64) -> Result<(), BoxError> {
    let window = find_window("^Roster")?;
    xdotool(&[
        "windowsize",
        "--sync",
        &window,
        &width.to_string(),
        &height.to_string(),
    ])?;
    xdotool(&[
        "windowmove",
        "--sync",
        &window,
        &x.to_string(),
        &y.to_string(),
    ])?;
    let wanted = (x, y, width, height);
    let started = Instant::now();
    loop {
        let now = geometry(&window)?;
        if now == wanted {
            return Ok(());
        }
        if started.elapsed() > Duration::from_secs(10) {
            return Err(
                format!("the window is at {now:?}, not {wanted:?} (x, y, width, height)").into(),
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Where Roster's window is and how big: (x, y, width, height) on the display.
pub fn app_window_geometry() -> Result<(i64, i64, i64, i64), BoxError> {
    geometry(&find_window("^Roster")?)
}

/// A window's position and size on the display.
fn geometry(window: &str) -> Result<(i64, i64, i64, i64), BoxError> {
    let text = xdotool(&["getwindowgeometry", "--shell", window])?;
    let get = |key: &str| -> Result<i64, BoxError> {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| format!("no {key} in {text:?}").into())
    };
    Ok((get("X")?, get("Y")?, get("WIDTH")?, get("HEIGHT")?))
}

/// Drop `path` on Roster's window as a person would from a file manager: a real GTK drag
/// source (`drag_source`, a binary of this package) offers the file, and xdotool drags it
/// with the mouse to the middle of the window titled `target` and lets go.
pub fn drop_file_on_window(drag_source: &Path, path: &Path, target: &str) -> Result<(), BoxError> {
    let mut source = Command::new(drag_source)
        .arg(path)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()?;
    let result = (|| -> Result<(), BoxError> {
        let from = find_window("^roster-drag-source$")?;
        let to = find_window(target)?;
        let (fx, fy, fw, fh) = geometry(&from)?;
        let (tx, ty, tw, th) = geometry(&to)?;
        let (sx, sy) = (fx + fw / 2, fy + fh / 2);
        // The middle of Roster's window, right of the drag source's window.
        let (ex, ey) = (
            (tx + tw / 2).max(fx + fw + 40),
            (ty + th / 2).max(fy + fh + 40),
        );
        std::thread::sleep(Duration::from_millis(300));
        xdotool(&["mousemove", "--sync", &sx.to_string(), &sy.to_string()])?;
        xdotool(&["mousedown", "1"])?;
        // Past GTK's drag threshold in small steps, then across to the window.
        for i in 1..=20 {
            let x = sx + (ex - sx) * i / 20;
            let y = sy + (ey - sy) * i / 20;
            xdotool(&["mousemove", &x.to_string(), &y.to_string()])?;
            std::thread::sleep(Duration::from_millis(40));
        }
        std::thread::sleep(Duration::from_millis(300));
        xdotool(&["mousemove", &(ex + 2).to_string(), &(ey + 2).to_string()])?;
        std::thread::sleep(Duration::from_millis(300));
        xdotool(&["mouseup", "1"])?;
        Ok(())
    })();
    // The source ends itself when the drag ends; never leave it behind.
    std::thread::sleep(Duration::from_millis(500));
    let _ = source.kill();
    let _ = source.wait();
    result
}

/// The first user object (it has an `_id`) in a saved sandbox state whose `field` is `value`
/// (compared ignoring case): how the tests judge by the server.
pub fn user_where<'a>(
    state: &'a serde_json::Value,
    field: &str,
    value: &str,
) -> Option<&'a serde_json::Map<String, serde_json::Value>> {
    use serde_json::Value;
    match state {
        Value::Object(map) => {
            if map
                .get(field)
                .and_then(Value::as_str)
                .is_some_and(|v| v.eq_ignore_ascii_case(value))
                && map.contains_key("_id")
            {
                return Some(map);
            }
            map.values().find_map(|x| user_where(x, field, value))
        }
        Value::Array(items) => items.iter().find_map(|x| user_where(x, field, value)),
        _ => None,
    }
}
