//! Column choices remembered per kind of file: when the admin changes which
//! column goes where, Roster keeps that choice for files with the same
//! headers (keyed by `roster_import::header_set_key`), in the app's config
//! folder.

use std::collections::BTreeMap;
use std::path::Path;

use roster_import::Mapping;
use serde::{Deserialize, Serialize};

#[derive(Default, Serialize, Deserialize)]
struct File {
    version: u32,
    mappings: BTreeMap<String, Mapping>,
}

fn read(path: &Path) -> File {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// The mapping remembered for files with these headers, if any.
pub fn load(path: &Path, key: &str) -> Option<Mapping> {
    read(path).mappings.remove(key)
}

/// Remember `mapping` for files with these headers.
pub fn save(path: &Path, key: &str, mapping: &Mapping) -> std::io::Result<()> {
    let mut file = read(path);
    file.version = 1;
    file.mappings.insert(key.to_owned(), mapping.clone());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = serde_json::to_string_pretty(&file).map_err(std::io::Error::other)?;
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_per_header_set_and_survives_a_damaged_file() {
        let dir = std::env::temp_dir().join(format!("roster-mappings-{}", std::process::id()));
        let path = dir.join("mappings.json");
        let headers = vec!["Mail".to_owned(), "Given".to_owned()];
        let key = roster_import::header_set_key(&headers);
        assert!(load(&path, &key).is_none());
        let mut mapping = roster_import::auto_mapping(&headers);
        mapping.columns[0] = roster_import::Field::from_key("email");
        save(&path, &key, &mapping).expect("saves");
        assert_eq!(load(&path, &key), Some(mapping));
        assert!(load(&path, "v1-other").is_none());
        std::fs::write(&path, "{oops").expect("write");
        assert!(
            load(&path, &key).is_none(),
            "a damaged file is forgotten, not fatal"
        );
        std::fs::remove_dir_all(dir).ok();
    }
}
