//! File-level checks of the columns: which column fills which field once duplicates are
//! resolved, and what to tell the admin about headers.

use crate::fields::Field;
use crate::intake::Table;
use crate::mapping::{match_header, normalize, Mapping};
use crate::report::{FileIssue, Severity};

/// The columns as the row checks use them.
pub(crate) struct ColumnPlan {
    /// The field each column fills after duplicates are set aside.
    pub fields: Vec<Option<Field>>,
    /// How each column is named in messages: its header, or "Column N".
    pub names: Vec<String>,
    /// Fill empty usernames from the email address.
    pub derive_username: bool,
    pub issues: Vec<FileIssue>,
}

impl ColumnPlan {
    /// The name of the first column filling `key`, or the field's label.
    pub fn name_of(&self, key: &str) -> String {
        self.fields
            .iter()
            .position(|f| f.as_ref().is_some_and(|f| f.key() == key))
            .map(|i| self.names[i].clone())
            .or_else(|| Field::from_key(key).map(|f| f.label().into_owned()))
            .unwrap_or_else(|| key.to_owned())
    }
}

fn issue(
    column: Option<usize>,
    severity: Severity,
    code: &'static str,
    message: String,
) -> FileIssue {
    FileIssue {
        column,
        severity,
        code,
        message,
    }
}

/// Resolves the mapping against the table's headers and lists the file-level issues.
pub(crate) fn plan(table: &Table, mapping: &Mapping) -> ColumnPlan {
    let headers = &table.headers;
    let names: Vec<String> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if h.is_empty() {
                format!("Column {}", i + 1)
            } else {
                h.clone()
            }
        })
        .collect();
    let mut fields: Vec<Option<Field>> = (0..headers.len())
        .map(|i| mapping.field(i).cloned())
        .collect();
    let mut reported = vec![false; headers.len()];
    let mut issues = Vec::new();

    // The same header more than once.
    let normalized: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    for i in 0..headers.len() {
        if normalized[i].is_empty() || reported[i] || normalized[..i].contains(&normalized[i]) {
            continue;
        }
        let same: Vec<usize> = (i..headers.len())
            .filter(|&j| normalized[j] == normalized[i])
            .collect();
        if same.len() < 2 || fields[i].as_ref().is_some_and(Field::repeats) {
            continue;
        }
        let positions: Vec<String> = same.iter().map(|j| (j + 1).to_string()).collect();
        let action = if fields[i].is_some() {
            format!("Roster uses column {} and ignores the others", i + 1)
        } else {
            "none of them is imported".to_owned()
        };
        issues.push(issue(
            Some(same[1] + 1),
            Severity::Warning,
            "duplicate_header",
            format!(
                "The column \"{}\" appears {} times (columns {}); {action}. Remove or rename the extra columns.",
                names[i],
                same.len(),
                join_and(&positions)
            ),
        ));
        for &j in &same[1..] {
            fields[j] = None;
            reported[j] = true;
        }
    }

    // Different headers filling the same field.
    for i in 0..headers.len() {
        let Some(field) = fields[i].clone() else {
            continue;
        };
        if field.repeats() {
            continue;
        }
        if let Some(first) = (0..i).find(|&j| fields[j].as_ref() == Some(&field)) {
            issues.push(issue(
                Some(i + 1),
                Severity::Warning,
                "duplicate_field",
                format!(
                    "The columns \"{}\" (column {}) and \"{}\" (column {}) both hold {}. Roster uses column {} and ignores column {}; pick another field for it or leave it out.",
                    names[first],
                    first + 1,
                    names[i],
                    i + 1,
                    field.label(),
                    first + 1,
                    i + 1
                ),
            ));
            fields[i] = None;
            reported[i] = true;
        }
    }

    // Columns that are not imported.
    for i in 0..headers.len() {
        if fields[i].is_some() || reported[i] {
            continue;
        }
        if headers[i].is_empty() {
            if let Some(row) = table
                .rows
                .iter()
                .find(|r| r.cells.get(i).is_some_and(|c| !c.is_empty()))
            {
                issues.push(issue(
                    Some(i + 1),
                    Severity::Warning,
                    "unnamed_column",
                    format!(
                        "Column {} has no header but holds values (first on line {}); they will not be imported. Give the column a header or pick a field for it.",
                        i + 1,
                        row.line
                    ),
                ));
            }
            continue;
        }
        let message = match match_header(&headers[i]) {
            Some(field) => format!(
                "The column \"{}\" (column {}) is not imported: {} is already filled from another column. Pick a different field for it if it matters.",
                names[i],
                i + 1,
                field.label()
            ),
            None => format!(
                "The column \"{}\" (column {}) does not match a JumpCloud field and will not be imported. Pick a field for it in the mapping step if it matters.",
                names[i],
                i + 1
            ),
        };
        issues.push(issue(
            Some(i + 1),
            Severity::Warning,
            "unknown_column",
            message,
        ));
    }

    let has = |key: &str| fields.iter().flatten().any(|f| f.is(key));
    let has_email = has("email");
    let has_username = has("username");
    let derive_username = mapping.derive_username_from_email && has_email;
    if !has_email {
        issues.push(issue(
            None,
            Severity::Error,
            "missing_email_column",
            "No column holds email addresses, and JumpCloud needs one for every user. Pick the column with email addresses in the mapping step.".to_owned(),
        ));
    }
    if !has_username && !derive_username {
        issues.push(issue(
            None,
            Severity::Error,
            "missing_username_column",
            "No column holds usernames. Pick the column with usernames in the mapping step, or let Roster make them from the email addresses.".to_owned(),
        ));
    }
    if derive_username {
        let message = if has_username {
            "Where a username is empty, Roster will use the part of the email address before the @ (jane.doe@example.com gives jane.doe).".to_owned()
        } else {
            "The file has no username column, so Roster will use the part of each email address before the @ as the username (jane.doe@example.com gives jane.doe). Add a Username column to choose them yourself.".to_owned()
        };
        issues.push(issue(
            None,
            Severity::Warning,
            "username_from_email",
            message,
        ));
    }
    if table.unclosed_quote_line == Some(table.header_line) {
        issues.push(issue(
            None,
            Severity::Error,
            "unclosed_quote",
            format!(
                "A quotation mark in the header (line {}) is never closed, so the whole file was read as headers. Add the closing quotation mark or remove the stray one.",
                table.header_line
            ),
        ));
    }
    if table.replaced_characters {
        issues.push(issue(
            None,
            Severity::Warning,
            "unreadable_characters",
            "Some characters could not be read and were replaced with \u{FFFD}. Save the file as \"CSV UTF-8\" in your spreadsheet program and check it again.".to_owned(),
        ));
    }
    if table.rows.is_empty() {
        issues.push(issue(
            None,
            Severity::Warning,
            "no_rows",
            "The file has a header row but no users below it.".to_owned(),
        ));
    }
    ColumnPlan {
        fields,
        names,
        derive_username,
        issues,
    }
}

/// "2", "2 and 5", "2, 5 and 9".
pub(crate) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
