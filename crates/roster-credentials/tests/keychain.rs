//! The real OS keychain: on Linux the Secret Service (gnome-keyring under a
//! private D-Bus session in CI), on Windows the Credential Manager (run under
//! Wine in CI). Not a mock: keyring's platform stores are on.
#![allow(clippy::unwrap_used)]

use jumpcloud::Secret;
use roster_credentials::Keychain;
#[cfg(target_os = "linux")]
use roster_credentials::KeychainErrorKind;

fn keychain(test: &str) -> Keychain {
    Keychain::new(format!(
        "app.roster.keychain-test.{test}.{}",
        std::process::id()
    ))
}

#[test]
fn stores_reads_replaces_and_deletes() {
    let kc = keychain("roundtrip");
    assert_eq!(
        kc.load("eu-org1").unwrap(),
        None,
        "missing entry means not connected"
    );
    kc.store("eu-org1", &Secret::new("jcapi-0123456789abcdef"))
        .unwrap();
    assert_eq!(
        kc.load("eu-org1").unwrap().unwrap().expose(),
        "jcapi-0123456789abcdef"
    );
    kc.store("eu-org1", &Secret::new("replaced-ß-ключ"))
        .unwrap();
    assert_eq!(
        kc.load("eu-org1").unwrap().unwrap().expose(),
        "replaced-ß-ключ"
    );
    kc.delete("eu-org1").unwrap();
    assert_eq!(kc.load("eu-org1").unwrap(), None);
    kc.delete("eu-org1").unwrap();
}

#[test]
fn services_and_accounts_do_not_see_each_other() {
    let a = keychain("svc-a");
    let b = keychain("svc-b");
    a.store("org", &Secret::new("key-a")).unwrap();
    a.store("other-org", &Secret::new("key-other")).unwrap();
    assert_eq!(b.load("org").unwrap(), None);
    assert_eq!(a.load("org").unwrap().unwrap().expose(), "key-a");
    a.delete("org").unwrap();
    assert_eq!(a.load("other-org").unwrap().unwrap().expose(), "key-other");
    a.delete("other-org").unwrap();
}

/// Without a Secret Service the keychain says so in plain words, and
/// nothing is stored anywhere. Runs itself in a child process whose D-Bus
/// address points nowhere.
#[cfg(target_os = "linux")]
#[test]
fn no_secret_service_is_a_plain_unavailable_error() {
    if std::env::var_os("ROSTER_KEYCHAIN_CHILD").is_some() {
        let kc = keychain("nobus");
        let err = kc.store("org", &Secret::new("k")).unwrap_err();
        assert_eq!(err.kind, KeychainErrorKind::Unavailable, "{err:?}");
        assert!(err.message.contains("will not store it anywhere else"));
        let err = kc.load("org").unwrap_err();
        assert_eq!(err.kind, KeychainErrorKind::Unavailable);
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "no_secret_service_is_a_plain_unavailable_error",
            "--nocapture",
        ])
        .env("ROSTER_KEYCHAIN_CHILD", "1")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/roster-test-bus",
        )
        .env_remove("DISPLAY")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "child failed:\n{text}");
    assert!(
        text.contains("1 passed"),
        "the child ran the check:\n{text}"
    );
}
