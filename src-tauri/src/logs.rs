//! Logs a help desk can use: `tracing` events from the app and the core, written to
//! rotating daily files in the OS's log folder (the newest week kept), with anything
//! that looks like a key or a password blanked out before it reaches the file. The last
//! warnings and errors are also kept in memory for "Copy diagnostics".
//!
//! Secrets are wrapped in redacting types everywhere, so they should never be formatted
//! at all; the scrubbing here is the second lock on the door.

use std::collections::VecDeque;
use std::io::{self, Write};
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

/// The log files' name: `roster.YYYY-MM-DD.log`.
const FILE_PREFIX: &str = "roster";
const FILE_SUFFIX: &str = "log";
/// Daily files kept: a week, enough to cover "it went wrong last Tuesday".
const FILES_KEPT: usize = 7;
/// Warnings and errors kept for the diagnostics.
const RECENT_KEPT: usize = 20;

/// Keeps the log writer's background thread alive; dropping it, or [`LogGuard::finish`],
/// writes out what is still queued.
pub struct LogGuard {
    worker: Mutex<Option<tracing_appender::non_blocking::WorkerGuard>>,
}

impl LogGuard {
    /// Write out the queued lines and stop the writer: for the app's exit, which ends the
    /// process without dropping what the app holds. Later events are not written.
    pub fn finish(&self) {
        let worker = self.worker.lock().unwrap_or_else(|e| e.into_inner()).take();
        drop(worker);
    }
}

/// Start writing logs to `dir`. Call once, before anything logs.
pub fn init(dir: &Path) -> Result<LogGuard, String> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("could not make the logs folder {}: {e}", dir.display()))?;
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix(FILE_PREFIX)
        .filename_suffix(FILE_SUFFIX)
        .max_log_files(FILES_KEPT)
        .build(dir)
        .map_err(|e| format!("could not open a log file in {}: {e}", dir.display()))?;
    let (writer, worker) = tracing_appender::non_blocking(appender);
    let file = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_target(true)
        .with_writer(Scrubbing(writer));
    tracing_subscriber::registry()
        .with(filter())
        .with(file)
        .with(RecentProblems)
        .try_init()
        .map_err(|e| format!("logging was already started: {e}"))?;
    Ok(LogGuard {
        worker: Mutex::new(Some(worker)),
    })
}

/// Roster's own crates at info (debug with `ROSTER_LOG=debug`), everyone else's warnings.
fn filter() -> Targets {
    let ours = match std::env::var("ROSTER_LOG").as_deref() {
        Ok("debug") => Level::DEBUG,
        Ok("trace") => Level::TRACE,
        _ => Level::INFO,
    };
    Targets::new()
        .with_default(Level::WARN)
        .with_target("roster_lib", ours)
        .with_target("roster_engine", ours)
        .with_target("roster_bulk", ours)
        .with_target("roster_import", ours)
        .with_target("jumpcloud", ours)
        .with_target("jumpcloud_sandbox", ours)
        .with_target("roster_credentials", ours)
}

/// The newest warnings and errors, oldest first (already scrubbed).
pub fn recent_problems() -> Vec<String> {
    recent()
        .lock()
        .map(|r| r.iter().cloned().collect())
        .unwrap_or_default()
}

fn recent() -> &'static Mutex<VecDeque<String>> {
    static RECENT: OnceLock<Mutex<VecDeque<String>>> = OnceLock::new();
    RECENT.get_or_init(|| Mutex::new(VecDeque::with_capacity(RECENT_KEPT)))
}

/// Remembers warnings and errors for the diagnostics.
struct RecentProblems;

impl<S: Subscriber> Layer<S> for RecentProblems {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let level = *event.metadata().level();
        if level > Level::WARN {
            return;
        }
        let mut text = Fields(String::new());
        event.record(&mut text);
        let line = format!(
            "{} {level} {}: {}",
            now_utc(),
            event.metadata().target(),
            scrub(text.0.trim())
        );
        if let Ok(mut recent) = recent().lock() {
            if recent.len() == RECENT_KEPT {
                recent.pop_front();
            }
            recent.push_back(line);
        }
    }
}

/// An event's fields as `message key=value ...`.
struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        use std::fmt::Write as _;
        if field.name() == "message" {
            let _ = write!(self.0, "{value:?} ");
        } else {
            let _ = write!(self.0, "{}={value:?} ", field.name());
        }
    }
}

fn now_utc() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// A writer that scrubs each formatted line before passing it on.
struct Scrubbing<W>(W);

impl<'a, W: MakeWriter<'a>> MakeWriter<'a> for Scrubbing<W> {
    type Writer = ScrubbingWriter<W::Writer>;
    fn make_writer(&'a self) -> Self::Writer {
        ScrubbingWriter(self.0.make_writer())
    }
}

struct ScrubbingWriter<W: Write>(W);

impl<W: Write> Write for ScrubbingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(scrub(&text).as_bytes())?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Words after which the next value is a secret, whatever it looks like.
const SECRET_NAMES: &[&str] = &[
    "password",
    "passwd",
    "api_key",
    "apikey",
    "api-key",
    "x-api-key",
    "secret",
    "token",
    "authorization",
];

/// Blank out what looks like a secret: values named as one (`password=…`, `x-api-key: …`),
/// JumpCloud keys (`jca_…`), and long runs of letters and digits such as 40-digit hex keys.
/// Ids (24 hex digits) and ordinary words are kept: a help desk needs them.
pub fn scrub(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let Some(start) = rest.find(is_token_char) else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(|c: char| !is_token_char(c)).unwrap_or(rest.len());
        let token = &rest[..end];
        rest = &rest[end..];
        if looks_secret(token) {
            out.push_str("[redacted]");
        } else {
            out.push_str(token);
        }
        // A named secret: redact the value after `=`, `:` or `": "`.
        if SECRET_NAMES.iter().any(|n| token.eq_ignore_ascii_case(n)) {
            let sep = rest
                .find(|c: char| !matches!(c, '=' | ':' | ' ' | '"' | '\''))
                .unwrap_or(rest.len());
            if sep > 0 && rest[..sep].contains(['=', ':']) {
                out.push_str(&rest[..sep]);
                rest = &rest[sep..];
                let value_end = rest
                    .find(|c: char| {
                        c.is_whitespace() || matches!(c, '"' | '\'' | ',' | '}' | ')' | ']')
                    })
                    .unwrap_or(rest.len());
                if value_end > 0 {
                    out.push_str("[redacted]");
                    rest = &rest[value_end..];
                }
            }
        }
    }
    out
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn looks_secret(token: &str) -> bool {
    if token.len() > 8 && token.to_ascii_lowercase().starts_with("jca_") {
        return true;
    }
    let alnum = token.chars().filter(char::is_ascii_alphanumeric).count();
    let digits = token.chars().filter(char::is_ascii_digit).count();
    // JumpCloud's ids are 24 hex digits; keys are 40 and longer.
    alnum >= 32 && digits > 0 && digits < alnum
}

#[cfg(test)]
mod tests {
    use super::scrub;

    #[test]
    fn keys_and_named_secrets_are_blanked_and_ids_are_kept() {
        let key = "3f1b2c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
        let line = format!(
            "GET /api/systemusers x-api-key: {key} org=5f1b2c4d5e6f708192a3b4c5 status=200"
        );
        let out = scrub(&line);
        assert!(!out.contains(key), "{out}");
        assert!(out.contains("org=5f1b2c4d5e6f708192a3b4c5"), "{out}");
        assert!(out.contains("status=200"), "{out}");

        let out = scrub("connecting with jca_8kP2qW9xYz3 to US");
        assert_eq!(out, "connecting with [redacted] to US");

        let out = scrub(r#"{"username":"ada","password":"Tr0ub4dor&3","email":"a@b.c"}"#);
        assert!(!out.contains("Tr0ub4dor"), "{out}");
        assert!(out.contains(r#""username":"ada""#), "{out}");

        let out = scrub("password=hunter2 kept=yes");
        assert_eq!(out, "password=[redacted] kept=yes");
        assert_eq!(
            scrub("token expired"),
            "token expired",
            "a word alone is not a secret"
        );
        assert_eq!(
            scrub("Imported 12 people (3 failed)"),
            "Imported 12 people (3 failed)"
        );
    }
}
