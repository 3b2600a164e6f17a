//! The OS keychain, through the `keyring` crate with the platform stores on.

use std::sync::mpsc;
use std::time::Duration;

use jumpcloud::Secret;

/// How long one keychain call may take before Roster gives up on it (a
/// locked keychain can wait forever for a prompt nobody sees).
const CALL_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeychainErrorKind {
    /// There is no keychain service to talk to (Linux without a Secret Service).
    Unavailable,
    /// The keychain is there but locked, or access was refused.
    Locked,
    /// Anything else the platform reported.
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct KeychainError {
    pub kind: KeychainErrorKind,
    /// Plain words for an office admin.
    pub message: String,
}

impl KeychainError {
    fn new(kind: KeychainErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    fn from_keyring(err: keyring::Error) -> Self {
        match err {
            keyring::Error::PlatformFailure(e) => {
                let detail = e.to_string();
                if detail.contains("org.freedesktop.secrets")
                    || detail.contains("autolaunch")
                    || detail.contains("DBus")
                    || detail.contains("D-Bus")
                    || detail.contains("dbus")
                {
                    Self::new(
                        KeychainErrorKind::Unavailable,
                        "This computer has no keychain Roster can use, so Roster cannot keep your API key safely. \
                         Roster will not store it anywhere else. On Linux, install and start GNOME Keyring or KWallet, then try again.",
                    )
                } else {
                    Self::new(
                        KeychainErrorKind::Failed,
                        format!("The system keychain reported a problem: {detail}. Try again; if it keeps happening, restart the computer."),
                    )
                }
            }
            keyring::Error::NoStorageAccess(_) => Self::new(
                KeychainErrorKind::Locked,
                "The system keychain is locked or refused access. Unlock it (sign in again, or open your keychain app), then try again.",
            ),
            other => Self::new(
                KeychainErrorKind::Failed,
                format!("The system keychain reported a problem: {other}."),
            ),
        }
    }
}

/// One keychain "service" (a namespace). Derive it from the app identifier
/// so development, test and release builds never share entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keychain {
    service: String,
}

impl Keychain {
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    /// Store (or replace) the secret for `account`.
    pub fn store(&self, account: &str, secret: &Secret) -> Result<(), KeychainError> {
        let value = secret.expose().to_owned();
        match self.call(account, move |entry| entry.set_password(&value)) {
            Ok(()) => Ok(()),
            Err(CallError::NoEntry) => Err(KeychainError::new(
                KeychainErrorKind::Failed,
                "The system keychain would not save the key. Try again.",
            )),
            Err(CallError::Other(e)) => Err(e),
        }
    }

    /// The secret for `account`; `None` when there is none (not connected).
    pub fn load(&self, account: &str) -> Result<Option<Secret>, KeychainError> {
        match self.call(account, |entry| entry.get_password()) {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(CallError::NoEntry) => Ok(None),
            Err(CallError::Other(e)) => Err(e),
        }
    }

    /// Remove the secret for `account`. Removing one that is not there is fine.
    pub fn delete(&self, account: &str) -> Result<(), KeychainError> {
        match self.call(account, |entry| entry.delete_credential()) {
            Ok(()) | Err(CallError::NoEntry) => Ok(()),
            Err(CallError::Other(e)) => Err(e),
        }
    }

    /// Run one keychain operation on its own thread, with a time limit.
    fn call<T, F>(&self, account: &str, op: F) -> Result<T, CallError>
    where
        T: Send + 'static,
        F: FnOnce(&keyring::Entry) -> keyring::Result<T> + Send + 'static,
    {
        let service = self.service.clone();
        let account = account.to_owned();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let result = keyring::Entry::new(&service, &account).and_then(|entry| op(&entry));
            let _ = tx.send(result);
        });
        match rx.recv_timeout(CALL_TIMEOUT) {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(keyring::Error::NoEntry)) => Err(CallError::NoEntry),
            Ok(Err(e)) => Err(CallError::Other(KeychainError::from_keyring(e))),
            Err(_) => Err(CallError::Other(KeychainError::new(
                KeychainErrorKind::Locked,
                "The system keychain did not answer. It may be waiting for you to unlock it; unlock it, then try again.",
            ))),
        }
    }
}

enum CallError {
    NoEntry,
    Other(KeychainError),
}
