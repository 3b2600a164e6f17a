//! Build profiles that must never share data: the test profile has its own
//! identifier, so its data folder and keychain entries are separate from a
//! real user's. Chosen at start-up with `ROSTER_PROFILE=test`.

use serde_json::Value;
use tauri::{Context, Runtime};

/// The overlay for the test profile, merged onto `tauri.conf.json`.
pub const TEST_OVERLAY: &str = include_str!("../../tauri.conf.test.json");

/// The test profile's identifier (as in `tauri.conf.test.json`).
pub const TEST_IDENTIFIER: &str = "app.roster.test";

/// The name a running Roster holds so a second launch finds it (on Linux a D-Bus name).
/// One per user normally; the test profile's is one per data folder, so end-to-end tests,
/// each with their own folders, run apps side by side while two launches on one folder
/// are still one Roster.
pub fn single_instance_id() -> String {
    match std::env::var("ROSTER_PROFILE").as_deref() {
        Ok("test") => {
            let folder = std::env::var("XDG_DATA_HOME").unwrap_or_default();
            // FNV-1a: stable across runs and builds (unlike std's hasher).
            let hash = folder.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
            format!("{TEST_IDENTIFIER}.h{hash:016x}")
        }
        _ => "app.roster.desktop".to_owned(),
    }
}

pub fn apply_from_env<R: Runtime>(context: &mut Context<R>) -> Result<(), String> {
    match std::env::var("ROSTER_PROFILE").as_deref() {
        Err(_) | Ok("") | Ok("default") => Ok(()),
        Ok("test") => apply_overlay(context.config_mut(), TEST_OVERLAY),
        Ok(other) => Err(format!(
            "ROSTER_PROFILE={other} is not a profile Roster knows (use \"test\")"
        )),
    }
}

/// Merge a JSON overlay onto the config (RFC 7386 merge patch).
pub fn apply_overlay(config: &mut tauri::Config, overlay: &str) -> Result<(), String> {
    let patch: Value = serde_json::from_str(overlay).map_err(|e| format!("bad overlay: {e}"))?;
    let mut base = serde_json::to_value(&*config).map_err(|e| format!("config: {e}"))?;
    merge(&mut base, &patch);
    *config = serde_json::from_value(base).map_err(|e| format!("overlay result: {e}"))?;
    Ok(())
}

fn merge(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(base), Value::Object(patch)) => {
            for (k, v) in patch {
                if v.is_null() {
                    base.remove(k);
                } else {
                    merge(base.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        (base, patch) => *base = patch.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_overlay_changes_identity_and_keeps_security() {
        let mut config: tauri::Config = serde_json::from_str(include_str!("../../tauri.conf.json"))
            .expect("root config parses");
        let csp_before = serde_json::to_value(&config.app.security.csp).expect("csp");
        apply_overlay(&mut config, TEST_OVERLAY).expect("overlay applies");
        assert_eq!(config.identifier, TEST_IDENTIFIER);
        assert_eq!(config.product_name.as_deref(), Some("Roster (test)"));
        assert_eq!(
            serde_json::to_value(&config.app.security.csp).expect("csp"),
            csp_before
        );
        assert!(!config.app.with_global_tauri);
    }

    #[test]
    fn merge_patch_replaces_nested_and_removes_null() {
        let mut base = serde_json::json!({"a": {"b": 1, "c": 2}, "d": 3});
        merge(&mut base, &serde_json::json!({"a": {"b": 9}, "d": null}));
        assert_eq!(base, serde_json::json!({"a": {"b": 9, "c": 2}}));
    }
}
