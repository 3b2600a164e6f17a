//! The corpus of awkward files, with exact expectations: encoding, separator, columns, and
//! every issue by line, field and code.

#![allow(clippy::unwrap_used)]

mod common;

use roster_import::{check, read_table, suggest_mapping, CheckReport, IntakeError, RowStatus};
use serde_json::json;

fn load(name: &str) -> Vec<u8> {
    std::fs::read(common::corpus_dir().join(name)).unwrap()
}

fn report(name: &str) -> CheckReport {
    let table = read_table(&load(name)).unwrap();
    check(&table, &suggest_mapping(&table))
}

#[test]
fn corpus_files_are_current() {
    let write = std::env::var_os("ROSTER_WRITE_CORPUS").is_some();
    for (name, bytes) in common::corpus().into_iter().chain(common::unreadable()) {
        let path = common::corpus_dir().join(name);
        if write {
            std::fs::write(&path, &bytes).unwrap();
        }
        assert_eq!(
            std::fs::read(&path).ok(),
            Some(bytes),
            "{name} differs from the generator"
        );
    }
}

/// Every row issue as (line, field, code).
fn row_issues(report: &CheckReport) -> Vec<(u64, Option<&str>, &str)> {
    report
        .rows
        .iter()
        .flat_map(|r| {
            r.issues
                .iter()
                .map(|i| (r.line, i.field.as_deref(), i.code))
        })
        .collect()
}

fn file_issues(report: &CheckReport) -> Vec<(Option<usize>, &str)> {
    report.issues.iter().map(|i| (i.column, i.code)).collect()
}

fn lines(report: &CheckReport) -> Vec<(u64, RowStatus)> {
    report.rows.iter().map(|r| (r.line, r.status)).collect()
}

fn fields(report: &CheckReport) -> Vec<Option<&str>> {
    report.columns.iter().map(|c| c.field.as_deref()).collect()
}

fn format_of(report: &CheckReport) -> (&str, bool, String) {
    let delimiter = serde_json::to_value(report.delimiter).unwrap();
    (
        report.encoding.as_str(),
        report.bom,
        delimiter.as_str().unwrap().to_owned(),
    )
}

fn user(report: &CheckReport, line: u64) -> serde_json::Value {
    serde_json::to_value(&report.row_at(line).unwrap().user).unwrap()
}

use RowStatus::{Error, Ready, Skipped, Warning};

#[test]
fn german_excel_semicolons_windows_1252() {
    let r = report("excel_de_semicolon_1252.csv");
    assert_eq!(format_of(&r), ("windows-1252", false, ";".into()));
    let table = read_table(&load("excel_de_semicolon_1252.csv")).unwrap();
    assert_eq!(
        table.description(),
        "Read as Windows-1252 text, separated by semicolons."
    );
    assert_eq!(
        fields(&r),
        [
            Some("username"),
            Some("firstname"),
            Some("lastname"),
            Some("email"),
            Some("department"),
            Some("employeeIdentifier")
        ]
    );
    assert_eq!(file_issues(&r), []);
    assert_eq!(
        lines(&r),
        [
            (2, Ready),
            (3, Ready),
            (4, Ready),
            (5, Warning),
            (6, Skipped)
        ]
    );
    assert_eq!(
        row_issues(&r),
        [(5, Some("employeeIdentifier"), "lost_leading_zeros")]
    );
    assert_eq!(user(&r, 2)["lastname"], "Müller");
    assert_eq!(user(&r, 3)["firstname"], "José");
    assert_eq!(user(&r, 4)["department"], "Geschäftsführung");
    assert_eq!(
        r.rows[3].issues[0].located(r.rows[3].line),
        "Line 5, Personalnummer: \"126\" is shorter than the other values in this column, which start with 0 (like \"00123\"). Excel may have removed its leading zeros; check the original value."
    );
}

#[test]
fn french_excel_with_sep_hint() {
    let r = report("excel_fr_sep_hint_1252.csv");
    assert_eq!(format_of(&r), ("windows-1252", false, ";".into()));
    assert_eq!(
        fields(&r),
        [
            Some("firstname"),
            Some("lastname"),
            Some("email"),
            Some("department"),
            Some("state")
        ]
    );
    assert_eq!(file_issues(&r), [(None, "username_from_email")]);
    assert_eq!(lines(&r), [(3, Ready), (4, Ready)]);
    assert_eq!(
        user(&r, 3),
        json!({"username": "f.lefevre", "firstname": "François", "lastname": "Lefèvre", "email": "f.lefevre@example.fr", "department": "Comptabilité", "state": "ACTIVATED"})
    );
    assert_eq!(user(&r, 4)["state"], "SUSPENDED");
}

#[test]
fn excel_unicode_text_is_utf16_with_tabs() {
    let r = report("excel_unicode_text_utf16le.txt");
    assert_eq!(format_of(&r), ("UTF-16LE", true, "\t".into()));
    assert_eq!(lines(&r), [(2, Ready), (3, Warning)]);
    assert_eq!(
        row_issues(&r),
        [(3, Some("employeeIdentifier"), "scientific_notation")]
    );
    assert_eq!(user(&r, 2)["firstname"], "Łukasz");
    assert_eq!(user(&r, 3)["firstname"], "Zoë");
}

#[test]
fn utf16_big_endian() {
    let r = report("utf16be_bom.csv");
    assert_eq!(format_of(&r), ("UTF-16BE", true, ",".into()));
    assert_eq!(lines(&r), [(2, Ready)]);
}

#[test]
fn quoted_newlines_keep_the_starting_line() {
    let r = report("utf8_bom_quoted_newlines.csv");
    assert_eq!(format_of(&r), ("UTF-8", true, ",".into()));
    assert_eq!(lines(&r), [(2, Ready), (4, Ready), (5, Ready), (8, Ready)]);
    assert_eq!(
        user(&r, 2)["description"],
        "Works part time.\r\nMondays and Tuesdays."
    );
    assert_eq!(user(&r, 2)["department"], "Sales, EMEA");
    assert_eq!(user(&r, 4)["description"], "Says \"hi\"");
    assert_eq!(r.columns[0].header, "username");
}

#[test]
fn ragged_rows_are_row_errors() {
    let r = report("ragged_rows.csv");
    assert_eq!(
        lines(&r),
        [(2, Ready), (3, Error), (4, Error), (5, Ready), (6, Error)]
    );
    assert_eq!(
        row_issues(&r),
        [
            (3, None, "too_few_fields"),
            (4, None, "too_many_fields"),
            (6, None, "unclosed_quote")
        ]
    );
    assert_eq!(
        r.rows[2].issues[0].located(r.rows[2].line),
        "Line 4: this row has 5 values but the header has 3 columns. A value probably contains a comma without quotation marks around it; put that value in quotation marks or remove the extra comma."
    );
}

#[test]
fn duplicates_inside_the_file() {
    let r = report("duplicates.csv");
    assert_eq!(
        lines(&r),
        [(2, Error), (3, Error), (4, Error), (5, Error), (6, Ready)]
    );
    assert_eq!(
        row_issues(&r),
        [
            (2, Some("username"), "duplicate_username"),
            (2, Some("email"), "duplicate_email"),
            (2, Some("employeeIdentifier"), "duplicate_employee_id"),
            (3, Some("username"), "duplicate_username"),
            (4, Some("email"), "duplicate_email"),
            (5, Some("employeeIdentifier"), "duplicate_employee_id"),
        ]
    );
    assert_eq!(
        r.rows[2].issues[0].located(r.rows[2].line),
        "Line 4, email: \"Alice@Example.com\" is also used on line 2. Each user needs their own email address."
    );
}

#[test]
fn bad_emails() {
    let r = report("bad_emails.csv");
    assert_eq!(r.summary.error, 7);
    assert_eq!(
        row_issues(&r),
        [
            (2, Some("email"), "invalid_email"),
            (3, Some("email"), "invalid_email"),
            (4, Some("email"), "invalid_email"),
            (5, Some("email"), "invalid_email"),
            (6, Some("email"), "invalid_email"),
            (7, Some("alternateEmail"), "invalid_email"),
            (8, Some("email"), "missing_email"),
        ]
    );
    let messages: Vec<String> = r
        .rows
        .iter()
        .map(|row| row.issues[0].located(row.line))
        .collect();
    assert_eq!(
        messages,
        [
            "Line 2, email: \"bob@\" is not a complete email address. Check for a missing part after the @.",
            "Line 3, email: \"bob.example.com\" is not an email address: it has no @. An email address looks like name@example.com.",
            "Line 4, email: \"bob@example\" is missing the end of the domain after the @ (like \"example.com\"). Check the spelling.",
            "Line 5, email: \"bob smith@example.com\" contains a space. Remove it.",
            "Line 6, email: \"bob@example.com, eve@example.com\" has more than one @. Keep only one address in the cell.",
            "Line 7, alternateEmail: \"alt@\" is not a complete email address. Check for a missing part after the @.",
            "Line 8, email: this row has no email address, and JumpCloud needs one for every user. Fill it in.",
        ]
    );
}

#[test]
fn formula_looking_values() {
    let r = report("formulas.csv");
    assert_eq!(
        lines(&r),
        [(2, Warning), (3, Warning), (4, Error), (5, Warning)]
    );
    assert_eq!(
        row_issues(&r),
        [
            (2, Some("department"), "formula_like_value"),
            (3, Some("jobTitle"), "formula_like_value"),
            (4, Some("department"), "formula_like_value"),
            (4, Some("manager"), "spreadsheet_error_value"),
            (5, Some("department"), "formula_like_value"),
        ]
    );
    assert_eq!(user(&r, 2)["mobile_number"], "+44 20 7946 0000");
}

#[test]
fn blank_lines_and_non_breaking_spaces() {
    let r = report("blank_lines_nbsp.csv");
    let headers: Vec<&str> = r.columns.iter().map(|c| c.header.as_str()).collect();
    assert_eq!(headers, ["Username", "Email"]);
    assert_eq!(lines(&r), [(4, Ready), (7, Ready)]);
    assert_eq!(
        user(&r, 4),
        json!({"username": "jo", "email": "jo@example.com"})
    );
}

#[test]
fn google_workspace_export() {
    let r = report("google_workspace_export.csv");
    assert_eq!(
        fields(&r),
        [
            Some("firstname"),
            Some("lastname"),
            Some("email"),
            Some("password"),
            None,
            None,
            None,
            Some("recoveryEmail"),
            Some("alternateEmail"),
            None,
            None,
            Some("work_number"),
            Some("home_number"),
            Some("mobile_number"),
            Some("work_streetAddress"),
            Some("home_streetAddress"),
            Some("employeeIdentifier"),
            Some("employeeType"),
            Some("jobTitle"),
            Some("manager"),
            Some("department"),
            Some("costCenter"),
            Some("state"),
        ]
    );
    assert_eq!(
        file_issues(&r),
        [
            (Some(5), "unknown_column"),
            (Some(6), "unknown_column"),
            (Some(7), "unknown_column"),
            (Some(10), "unknown_column"),
            (Some(11), "unknown_column"),
            (None, "username_from_email"),
        ]
    );
    assert_eq!(lines(&r), [(2, Ready), (3, Ready)]);
    let grace = user(&r, 2);
    assert_eq!(grace["username"], "grace");
    assert_eq!(grace["password"], "********");
    assert_eq!(grace["state"], "ACTIVATED");
    assert_eq!(grace["employeeIdentifier"], "007");
    assert_eq!(user(&r, 3)["state"], "SUSPENDED");
}

#[test]
fn microsoft_entra_bulk_create() {
    let r = report("m365_entra_bulk_create.csv");
    assert_eq!(r.columns.len(), 17);
    assert_eq!(
        fields(&r),
        [
            Some("displayname"),
            Some("email"),
            Some("password"),
            Some("account_locked"),
            Some("firstname"),
            Some("lastname"),
            Some("jobTitle"),
            Some("department"),
            None,
            Some("work_streetAddress"),
            Some("work_state"),
            Some("work_country"),
            Some("location"),
            Some("work_city"),
            Some("work_postalCode"),
            Some("work_number"),
            Some("mobile_number"),
        ]
    );
    assert_eq!(
        file_issues(&r),
        [(Some(9), "unknown_column"), (None, "username_from_email")]
    );
    assert!(r.issues[0]
        .message
        .contains("Work country is already filled"));
    // The "version:v1.0" line is line 1, the header line 2.
    assert_eq!(lines(&r), [(3, Ready), (4, Ready)]);
    assert_eq!(user(&r, 3)["username"], "chris");
    assert_eq!(user(&r, 3)["account_locked"], false);
    assert_eq!(user(&r, 4)["account_locked"], true);
}

#[test]
fn microsoft_365_add_multiple_users() {
    let r = report("m365_admin_add_users.csv");
    assert_eq!(
        fields(&r)[..7],
        [
            Some("email"),
            Some("firstname"),
            Some("lastname"),
            Some("displayname"),
            Some("jobTitle"),
            Some("department"),
            None
        ]
    );
    assert_eq!(
        file_issues(&r),
        [(Some(7), "unknown_column"), (None, "username_from_email")]
    );
    assert_eq!(lines(&r), [(2, Ready)]);
    assert_eq!(user(&r, 2)["username"], "eva");
    assert_eq!(user(&r, 2)["work_state"], "WA");
}

#[test]
fn hr_system_export() {
    let r = report("hr_export.csv");
    assert_eq!(
        fields(&r),
        [
            Some("employeeIdentifier"),
            Some("firstname"),
            Some("lastname"),
            Some("displayname"),
            Some("email"),
            Some("alternateEmail"),
            Some("jobTitle"),
            Some("department"),
            None,
            Some("location"),
            Some("manager"),
            None,
            Some("mobile_number"),
        ]
    );
    assert_eq!(
        file_issues(&r),
        [
            (Some(9), "unknown_column"),
            (Some(12), "unknown_column"),
            (None, "username_from_email")
        ]
    );
    assert_eq!(lines(&r), [(2, Ready)]);
}

#[test]
fn old_mac_line_ends_and_pipes() {
    let r = report("mac_cr_pipes.csv");
    assert_eq!(format_of(&r), ("UTF-8", false, "|".into()));
    assert_eq!(lines(&r), [(2, Ready), (3, Ready)]);
}

#[test]
fn files_that_are_not_tables() {
    let expected = std::collections::BTreeMap::from([
        ("empty.csv", IntakeError::Empty),
        ("blank.csv", IntakeError::Blank),
        ("workbook.xlsx", IntakeError::NotCsv),
        ("picture.png", IntakeError::Binary),
    ]);
    let fixtures: Vec<&str> = common::unreadable().into_iter().map(|(n, _)| n).collect();
    let mut named: Vec<&str> = expected.keys().copied().collect();
    let mut sorted = fixtures.clone();
    sorted.sort_unstable();
    named.sort_unstable();
    assert_eq!(
        sorted, named,
        "every unreadable fixture has exactly one expectation"
    );
    for name in fixtures {
        assert_eq!(
            read_table(&load(name)).err(),
            expected.get(name).cloned(),
            "{name}"
        );
    }
}

/// A file added to tests/corpus/ without a test naming it fails here.
#[test]
fn every_fixture_in_the_corpus_folder_is_tested_by_name() {
    let source = include_str!("corpus.rs");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut untested = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let quoted = format!("\"{name}\"");
        // Named in a test here, or in the unreadable list (whose names the test above checks).
        let tested = source.matches(&quoted).count() > 0
            || common::unreadable().iter().any(|(n, _)| *n == name);
        if !tested {
            untested.push(name);
        }
    }
    assert!(
        untested.is_empty(),
        "corpus files no test names: {untested:?}"
    );
}

#[test]
fn every_corpus_file_serializes_to_the_cli_shape() {
    for (name, bytes) in common::corpus() {
        let table = read_table(&bytes).unwrap();
        let report = check(&table, &suggest_mapping(&table));
        let json = serde_json::to_value(&report).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(
            sorted,
            [
                "bom",
                "columns",
                "delimiter",
                "encoding",
                "issues",
                "rows",
                "summary"
            ],
            "{name}"
        );
        let s = &report.summary;
        assert_eq!(s.rows, s.ready + s.warning + s.error + s.skipped, "{name}");
        assert_eq!(s.rows, report.rows.len(), "{name}");
    }
}

/// 100,000 rows, generated here (not committed): every row read, with the right lines.
#[test]
fn a_hundred_thousand_rows() {
    let mut text = String::from("Username;First Name;Last Name;E-Mail;Department;Employee ID\r\n");
    for i in 0..100_000 {
        text.push_str(&format!(
            "user{i};Jürgen;Müller;user{i}@example.com;Dept {};{i:06}\r\n",
            i % 40
        ));
    }
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    let table = read_table(&bytes).unwrap();
    let r = check(&table, &suggest_mapping(&table));
    assert_eq!(r.encoding, "windows-1252");
    assert_eq!(r.summary.rows, 100_000);
    assert_eq!(r.summary.ready, 100_000);
    assert_eq!(r.rows[99_999].line, 100_001);
}

#[test]
fn microsoft_365_sample_with_example_people() {
    let r = report("m365_sample_with_examples.csv");
    assert_eq!(
        file_issues(&r),
        [(Some(7), "unknown_column"), (None, "username_from_email")]
    );
    // The sample's Contoso people are skipped, never imported; the real row is ready.
    assert_eq!(lines(&r), [(2, Skipped), (3, Skipped), (4, Ready)]);
    assert_eq!(
        row_issues(&r),
        [
            (2, Some("email"), "template_example_row"),
            (3, Some("email"), "template_example_row"),
        ]
    );
    assert_eq!(
        r.rows[0].issues[0].located(2),
        "Line 2, User Name: \"chris@contoso.com\" is the example person from Microsoft's template, not one of your people, so Roster skips this row. Delete it from the file."
    );
    assert_eq!((r.summary.ready, r.summary.skipped), (1, 2));
    assert_eq!(user(&r, 4)["username"], "noor");
}

#[test]
fn microsoft_entra_examples_row() {
    let r = report("entra_bulk_create_examples_row.csv");
    assert_eq!(
        fields(&r),
        [
            Some("displayname"),
            Some("email"),
            Some("password"),
            Some("account_locked"),
            Some("firstname"),
            Some("lastname"),
        ]
    );
    assert_eq!(lines(&r), [(3, Skipped), (4, Ready)]);
    assert_eq!(row_issues(&r), [(3, Some("email"), "template_example_row")]);
    assert_eq!(
        user(&r, 4),
        json!({"username": "omar", "displayname": "Omar Diaz", "email": "omar@fabrikam.example", "password": "********", "account_locked": false, "firstname": "Omar", "lastname": "Diaz"})
    );
}

#[test]
fn bamboohr_report_with_title_and_footer() {
    let r = report("bamboohr_report_with_footer.csv");
    let table = read_table(&load("bamboohr_report_with_footer.csv")).unwrap();
    // "Employee Directory" and "Generated on ..." are above the header, which is line 3.
    assert_eq!(table.header_line, 3);
    assert_eq!(
        fields(&r),
        [
            Some("employeeIdentifier"),
            Some("firstname"),
            Some("lastname"),
            Some("email"),
            Some("state"),
            None,
            None,
            None,
        ]
    );
    assert_eq!(
        file_issues(&r),
        [
            (Some(6), "unknown_column"),
            (Some(7), "unknown_column"),
            (Some(8), "unknown_column"),
            (None, "username_from_email")
        ]
    );
    assert_eq!(
        lines(&r),
        [
            (4, Ready),
            (5, Warning),
            (6, Error),
            (7, Skipped),
            (8, Skipped),
            (9, Skipped)
        ]
    );
    assert_eq!(
        row_issues(&r),
        [
            (5, Some("state"), "inactive_person"),
            (6, None, "former_employee"),
            (8, None, "not_a_person"),
            (9, None, "not_a_person"),
        ]
    );
    assert_eq!(user(&r, 4)["state"], "ACTIVATED");
    assert_eq!(user(&r, 5)["state"], "SUSPENDED");
    assert_eq!(
        r.row_at(6).unwrap().issues[0].located(6),
        "Line 6, Employment Status: \"Terminated\" says this person no longer works here, so Roster does not create an account for them. Remove the row, or correct the status if they do work here."
    );
    assert_eq!(
        r.row_at(8).unwrap().issues[0].located(8),
        "Line 8: \"Total: 3\" is a line of the report (a total, a date or a page number), not a person, so Roster skips it."
    );
    // Dates stay in their (unmapped) columns and raise nothing.
    assert_eq!(user(&r, 7), json!({}));
}

#[test]
fn workday_and_hibob_status_columns() {
    let r = report("workday_hibob_status.csv");
    assert_eq!(format_of(&r), ("UTF-8", false, ";".into()));
    assert_eq!(
        fields(&r),
        [
            Some("employeeIdentifier"),
            Some("firstname"),
            Some("lastname"),
            Some("email"),
            None,
            None,
            None,
        ]
    );
    assert_eq!(
        lines(&r),
        [(2, Ready), (3, Error), (4, Error), (5, Skipped)]
    );
    assert_eq!(
        row_issues(&r),
        [
            (3, None, "former_employee"),
            (4, None, "former_employee"),
            (5, None, "not_a_person"),
        ]
    );
    assert_eq!(user(&r, 2)["username"], "lena.vogt");
    assert_eq!(
        r.row_at(3).unwrap().issues[0].column.as_deref(),
        Some("Active Status")
    );
    assert_eq!(
        r.row_at(4).unwrap().issues[0].column.as_deref(),
        Some("Lifecycle status")
    );
}
