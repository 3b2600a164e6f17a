//! Writing CSV: the "Download template" file, and the formula-injection guard every CSV that
//! Roster writes goes through.

use crate::fields::KNOWN;
use std::borrow::Cow;

/// Makes a value safe to open in a spreadsheet program: a value beginning with `=`, `+`, `-`,
/// `@`, a tab or a carriage return would be run as a formula (CSV injection), so it gets a
/// leading apostrophe, which spreadsheets show as text. Other values are returned unchanged.
pub fn csv_safe(value: &str) -> Cow<'_, str> {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{value}")),
        _ => Cow::Borrowed(value),
    }
}

/// One CSV field: [`csv_safe`], then quoted when it holds a comma, a quotation mark, a line
/// break or spaces at either end.
pub fn csv_field(value: &str) -> Cow<'_, str> {
    csv_field_with(value, ',')
}

/// [`csv_field`] for a file separated by `separator`.
pub fn csv_field_with(value: &str, separator: char) -> Cow<'_, str> {
    let safe = csv_safe(value);
    let needs_quotes = safe.contains([separator, ',', '"', '\n', '\r'])
        || safe.starts_with(char::is_whitespace)
        || safe.ends_with(char::is_whitespace);
    if needs_quotes {
        Cow::Owned(format!("\"{}\"", safe.replace('"', "\"\"")))
    } else {
        safe
    }
}

/// Comma-separated text with CRLF line ends, every field through [`csv_field`]. Use this for
/// every CSV Roster writes (templates, reports).
pub fn write_csv<R, F>(records: R) -> String
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = F>,
    F: AsRef<str>,
{
    write_csv_with(records, ',')
}

/// [`write_csv`] with another separator (a report in the separator of the file it is about,
/// so Excel opens it in the admin's locale).
pub fn write_csv_with<R, F>(records: R, separator: char) -> String
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = F>,
    F: AsRef<str>,
{
    let mut out = String::new();
    for record in records {
        let mut first = true;
        for field in record {
            if !first {
                out.push(separator);
            }
            first = false;
            out.push_str(&csv_field_with(field.as_ref(), separator));
        }
        out.push_str("\r\n");
    }
    out
}

/// The repeating columns in the template, with their example values.
const EXTRA_COLUMNS: [(&str, &str); 5] = [
    ("Group1", "All staff"),
    ("Group2", ""),
    ("Directory1", ""),
    ("Attribute1_name", "Badge number"),
    ("Attribute1_value", "1001"),
];

/// The columns most imports need: the default template has these (and a group and a
/// directory column); "all columns" has every field Roster imports.
pub const COMMON_FIELDS: [&str; 12] = [
    "username",
    "email",
    "firstname",
    "lastname",
    "displayname",
    "jobTitle",
    "department",
    "employeeIdentifier",
    "manager",
    "location",
    "mobile_number",
    "state",
];

fn template_fields(all: bool) -> impl Iterator<Item = &'static crate::FieldSpec> {
    KNOWN
        .iter()
        .filter(move |f| all || COMMON_FIELDS.contains(&f.key))
}

fn extra_columns(all: bool) -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    EXTRA_COLUMNS
        .iter()
        .filter(move |(h, _)| all || matches!(*h, "Group1" | "Directory1"))
}

/// The template's headers: every field Roster imports, in JumpCloud's template order.
pub fn template_headers() -> Vec<&'static str> {
    template_headers_for(true)
}

/// The headers of the common template (`all: false`) or of the full one.
pub fn template_headers_for(all: bool) -> Vec<&'static str> {
    template_fields(all)
        .map(|f| f.header)
        .chain(extra_columns(all).map(|(h, _)| *h))
        .collect()
}

/// The "Download template" file with every column: the supported headers and one example
/// row, as CSV text (UTF-8, commas, CRLF).
pub fn template_csv() -> String {
    template_csv_for(true)
}

/// The template with the common columns (`all: false`) or with every column.
pub fn template_csv_for(all: bool) -> String {
    let example: Vec<&str> = template_fields(all)
        .map(|f| f.example)
        .chain(extra_columns(all).map(|(_, v)| *v))
        .collect();
    write_csv([template_headers_for(all), example])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::RowStatus;
    use crate::{auto_mapping, check, read_table};

    #[test]
    fn csv_safe_neutralizes_formulas() {
        assert_eq!(csv_safe("=SUM(A1:A9)"), "'=SUM(A1:A9)");
        assert_eq!(csv_safe("+49 30 1234"), "'+49 30 1234");
        assert_eq!(csv_safe("-1"), "'-1");
        assert_eq!(csv_safe("@cmd"), "'@cmd");
        assert_eq!(csv_safe("\tx"), "'\tx");
        assert_eq!(csv_safe("\rx"), "'\rx");
        assert!(matches!(csv_safe("Jane"), Cow::Borrowed("Jane")));
        assert_eq!(csv_safe(""), "");
        assert_eq!(csv_safe("a=b"), "a=b");
    }

    #[test]
    fn guarded_values_read_back_as_they_were() -> Result<(), crate::IntakeError> {
        let text = write_csv_with([["Phone", "Note"], ["+49 30 1234", "=not a formula"]], ';');
        assert!(text.contains("'+49 30 1234;'=not a formula"), "{text}");
        let table = read_table(text.as_bytes())?;
        assert_eq!(table.rows[0].cells, ["+49 30 1234", "=not a formula"]);
        Ok(())
    }

    #[test]
    fn csv_field_quotes_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("=1,2"), "\"'=1,2\"");
        assert_eq!(write_csv([["a", "b"], ["1", "=2"]]), "a,b\r\n1,'=2\r\n");
    }

    #[test]
    fn the_common_template_has_the_usual_columns_and_reads_back_ready(
    ) -> Result<(), crate::IntakeError> {
        let headers = template_headers_for(false);
        assert_eq!(headers.len(), COMMON_FIELDS.len() + 2, "{headers:?}");
        assert!(headers.len() < template_headers().len());
        assert!(headers.contains(&"Group1") && headers.contains(&"Directory1"));
        let text = template_csv_for(false);
        let table = read_table(text.as_bytes())?;
        let mapping = auto_mapping(&table.headers);
        assert!(mapping.columns.iter().all(Option::is_some), "{mapping:?}");
        let report = check(&table, &mapping);
        assert_eq!(
            report.rows[0].status,
            RowStatus::Ready,
            "{:?}",
            report.rows[0].issues
        );
        Ok(())
    }

    #[test]
    fn template_reads_back_as_a_ready_row() -> Result<(), crate::IntakeError> {
        let text = template_csv();
        let table = read_table(text.as_bytes())?;
        assert_eq!(table.headers, template_headers());
        let mapping = auto_mapping(&table.headers);
        assert!(mapping.columns.iter().all(Option::is_some), "{mapping:?}");
        assert!(!mapping.derive_username_from_email);
        let report = check(&table, &mapping);
        assert!(report.issues.is_empty(), "{:?}", report.issues);
        assert_eq!(report.rows.len(), 1);
        assert_eq!(
            report.rows[0].status,
            RowStatus::Ready,
            "{:?}",
            report.rows[0].issues
        );
        assert_eq!(report.rows[0].user.get_str("username"), Some("jdoe"));
        Ok(())
    }
}
