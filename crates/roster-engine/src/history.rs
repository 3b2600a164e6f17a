//! Reading an organization's History for the History screen, a person's profile and
//! `roster-cli history`: filtered, newest first, a page at a time, or all as CSV.

use std::path::Path;

use roster_bulk::history::{history_file, query, read_history, to_csv};
use roster_bulk::{HistoryEntry, HistoryFilter};

use crate::error::{EngineError, ErrorKind};

/// A page of entries and how many match in all.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryPage {
    pub total: usize,
    pub entries: Vec<HistoryEntry>,
}

fn read(dir: &Path, org_id: &str) -> Result<Vec<HistoryEntry>, EngineError> {
    let path = history_file(dir, org_id);
    read_history(&path).map_err(|e| {
        EngineError::new(
            ErrorKind::FileUnreadable,
            format!(
                "Roster could not read its History file {}: {e}.",
                path.display()
            ),
        )
    })
}

/// The entries of `org_id` matching `filter`, newest first, from `offset`, at most `limit`.
pub fn page(
    dir: &Path,
    org_id: &str,
    filter: &HistoryFilter,
    offset: usize,
    limit: usize,
) -> Result<HistoryPage, EngineError> {
    let found = query(&read(dir, org_id)?, filter);
    Ok(HistoryPage {
        total: found.len(),
        entries: found.into_iter().skip(offset).take(limit).collect(),
    })
}

/// Every entry matching `filter`, newest first.
pub fn all(
    dir: &Path,
    org_id: &str,
    filter: &HistoryFilter,
) -> Result<Vec<HistoryEntry>, EngineError> {
    Ok(query(&read(dir, org_id)?, filter))
}

/// Writes the entries matching `filter` to `path` as CSV (UTF-8 with a BOM, formula-safe);
/// how many.
pub fn export(
    dir: &Path,
    org_id: &str,
    filter: &HistoryFilter,
    path: &Path,
) -> Result<usize, EngineError> {
    let entries = all(dir, org_id, filter)?;
    let mut bytes = Vec::from("\u{feff}".as_bytes());
    bytes.extend_from_slice(to_csv(&entries).as_bytes());
    std::fs::write(path, bytes).map_err(|e| {
        EngineError::new(
            ErrorKind::WriteFailed,
            format!(
                "Roster could not save the History to {}: {e}. Choose another folder.",
                path.display()
            ),
        )
    })?;
    Ok(entries.len())
}
