//! Writing to stdout without panicking (a closed pipe is not a crash), and failures as one
//! plain line on stderr.

use std::io::Write;
use std::process::ExitCode;

/// A command that could not do its job.
#[derive(Debug)]
pub struct Failure {
    /// One plain sentence, printed on stderr.
    pub message: Option<String>,
    pub code: u8,
}

impl Failure {
    /// Exit 2 with `message` on stderr.
    pub fn cannot(message: impl Into<String>) -> Self {
        Failure {
            message: Some(message.into()),
            code: 2,
        }
    }

    /// Exit 1 without a message (stdout went away, e.g. a closed pipe).
    pub fn output_closed() -> Self {
        Failure {
            message: None,
            code: 1,
        }
    }

    /// Prints the message (one line) and gives the exit code.
    pub fn report(self) -> ExitCode {
        if let Some(message) = self.message {
            let line = message.replace(['\r', '\n'], " ");
            let _ = writeln!(std::io::stderr().lock(), "roster-cli: {line}");
        }
        ExitCode::from(self.code)
    }
}

/// Runs `write` against a buffered stdout and flushes it.
pub fn to_stdout(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), Failure> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    write(&mut out)
        .and_then(|()| out.flush())
        .map_err(|_| Failure::output_closed())
}
