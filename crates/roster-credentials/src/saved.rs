//! The saved organizations: what Roster shows in the switcher. No secret is
//! ever part of this file; the keys are in the keychain under each entry's id.

use std::path::{Path, PathBuf};

use jumpcloud::Region;
use serde::{Deserialize, Serialize};

/// How Roster signs in to a saved organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum AuthKind {
    ApiKey,
    ServiceAccount { client_id: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedOrg {
    /// Roster's own id for this entry; also the keychain account name.
    pub id: String,
    pub name: String,
    pub region: Region,
    /// JumpCloud's organization id (sent as `x-org-id` for multi-tenant admins).
    pub org_id: String,
    /// Whether requests must carry `x-org-id` (multi-tenant admins).
    pub multi_tenant: bool,
    pub auth: AuthKind,
}

impl SavedOrg {
    /// The id Roster gives an organization reached in a region.
    pub fn make_id(region: Region, org_id: &str) -> String {
        format!(
            "{}-{org_id}",
            serde_json::to_value(region)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        )
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct SavedOrgsError {
    pub message: String,
}

/// The list, kept in one JSON file (written atomically).
#[derive(Debug, Clone)]
pub struct SavedOrgs {
    path: PathBuf,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct FileFormat {
    version: u32,
    organizations: Vec<SavedOrg>,
}

impl SavedOrgs {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn list(&self) -> Result<Vec<SavedOrg>, SavedOrgsError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.error("read", &e)),
        };
        let file: FileFormat = serde_json::from_str(&text).map_err(|e| SavedOrgsError {
            message: format!(
                "Roster's list of saved organizations ({}) is damaged: {e}. Connect your organizations again; your keys are still in the keychain.",
                self.path.display()
            ),
        })?;
        Ok(file.organizations)
    }

    /// Add or replace (same id) an entry.
    pub fn upsert(&self, org: SavedOrg) -> Result<Vec<SavedOrg>, SavedOrgsError> {
        let mut all = self.list()?;
        match all.iter_mut().find(|o| o.id == org.id) {
            Some(existing) => *existing = org,
            None => all.push(org),
        }
        self.write(&all)?;
        Ok(all)
    }

    /// Remove an entry; removing one that is not there is fine.
    pub fn remove(&self, id: &str) -> Result<Vec<SavedOrg>, SavedOrgsError> {
        let mut all = self.list()?;
        all.retain(|o| o.id != id);
        self.write(&all)?;
        Ok(all)
    }

    fn write(&self, all: &[SavedOrg]) -> Result<(), SavedOrgsError> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| self.error("create the folder for", &e))?;
        }
        let file = FileFormat {
            version: 1,
            organizations: all.to_vec(),
        };
        let text = serde_json::to_string_pretty(&file).map_err(|e| SavedOrgsError {
            message: e.to_string(),
        })?;
        let tmp = self.path.with_extension("json.tmp");
        std::fs::write(&tmp, text).map_err(|e| self.error("write", &e))?;
        std::fs::rename(&tmp, &self.path).map_err(|e| self.error("save", &e))
    }

    fn error(&self, what: &str, e: &std::io::Error) -> SavedOrgsError {
        SavedOrgsError {
            message: format!(
                "Roster could not {what} its list of saved organizations ({}): {e}.",
                self.path.display()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(id: &str, name: &str) -> SavedOrg {
        SavedOrg {
            id: id.into(),
            name: name.into(),
            region: Region::Eu,
            org_id: "5f1b2c3d4e5f60718293a4b5".into(),
            multi_tenant: false,
            auth: AuthKind::ApiKey,
        }
    }

    #[test]
    fn round_trips_and_replaces_by_id() {
        let dir = std::env::temp_dir().join(format!("roster-saved-{}", std::process::id()));
        let store = SavedOrgs::new(dir.join("orgs.json"));
        assert!(store.list().expect("empty is fine").is_empty());
        store.upsert(org("a", "Acme")).expect("saves");
        store.upsert(org("b", "Beta")).expect("saves");
        store.upsert(org("a", "Acme Renamed")).expect("replaces");
        let all = store.list().expect("reads");
        assert_eq!(
            all.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(),
            ["Acme Renamed", "Beta"]
        );
        store.remove("a").expect("removes");
        store.remove("a").expect("removing twice is fine");
        assert_eq!(store.list().expect("reads").len(), 1);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn damaged_file_is_a_plain_error() {
        let dir = std::env::temp_dir().join(format!("roster-saved-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("orgs.json"), "{not json").expect("write");
        let err = SavedOrgs::new(dir.join("orgs.json"))
            .list()
            .expect_err("damaged");
        assert!(err.message.contains("damaged"), "{}", err.message);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn ids_are_region_and_org() {
        assert_eq!(SavedOrg::make_id(Region::Eu, "abc"), "eu-abc");
    }
}
