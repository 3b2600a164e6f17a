//! Runs the built `roster-cli` binary: exit codes, stdout, stderr and the JSON shape.

#![allow(clippy::unwrap_used)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../roster-import/tests/corpus")
        .join(name)
}

fn roster(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_roster-cli"))
        .args(args)
        .output()
        .unwrap()
}

fn check_json(name: &str) -> Value {
    let path = corpus(name);
    let out = roster(&["csv", "check", path.to_str().unwrap(), "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
    serde_json::from_slice(&out.stdout).unwrap()
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[test]
fn check_json_has_the_documented_shape() {
    let json = check_json("formulas.csv");
    assert_eq!(
        keys(&json),
        [
            "bom",
            "columns",
            "delimiter",
            "encoding",
            "issues",
            "rows",
            "summary"
        ]
    );
    assert_eq!(json["encoding"], "UTF-8");
    assert_eq!(json["bom"], false);
    assert_eq!(json["delimiter"], ",");
    for column in json["columns"].as_array().unwrap() {
        assert_eq!(keys(column), ["field", "header"]);
    }
    assert_eq!(
        json["columns"][2],
        serde_json::json!({"header": "department", "field": "department"})
    );
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    for row in rows {
        assert_eq!(keys(row), ["issues", "line", "status", "user"]);
        for issue in row["issues"].as_array().unwrap() {
            assert_eq!(
                keys(issue),
                ["code", "column", "field", "message", "severity"]
            );
            let message = issue["message"].as_str().unwrap();
            assert!(
                !message.starts_with("Line "),
                "messages carry no location: {message}"
            );
            assert!(["error", "warning"].contains(&issue["severity"].as_str().unwrap()));
        }
    }
    assert_eq!(rows[0]["line"], 2);
    assert_eq!(rows[0]["status"], "warning");
    assert_eq!(rows[0]["issues"][0]["code"], "formula_like_value");
    assert_eq!(rows[0]["issues"][0]["field"], "department");
    assert_eq!(rows[0]["issues"][0]["column"], "department");
    assert_eq!(rows[2]["status"], "error");
    assert_eq!(
        json["summary"],
        serde_json::json!({"rows": 4, "ready": 0, "warning": 3, "error": 1, "skipped": 0})
    );
}

#[test]
fn unmapped_columns_have_a_null_field_and_a_file_issue() {
    let json = check_json("hr_export.csv");
    assert_eq!(
        json["columns"][8],
        serde_json::json!({"header": "Division", "field": null})
    );
    let issue = &json["issues"][0];
    assert_eq!(issue["code"], "unknown_column");
    assert_eq!(issue["severity"], "warning");
    assert_eq!(issue["column"], 9);
}

#[test]
fn check_json_of_legacy_and_utf16_files() {
    let json = check_json("excel_de_semicolon_1252.csv");
    assert_eq!(
        (json["encoding"].as_str(), json["delimiter"].as_str()),
        (Some("windows-1252"), Some(";"))
    );
    assert_eq!(json["rows"][0]["user"]["lastname"], "Müller");
    assert_eq!(json["rows"][4]["status"], "skipped");
    let json = check_json("excel_unicode_text_utf16le.txt");
    assert_eq!(
        (
            json["encoding"].as_str(),
            json["bom"].as_bool(),
            json["delimiter"].as_str()
        ),
        (Some("UTF-16LE"), Some(true), Some("\t"))
    );
}

#[test]
fn rows_with_errors_still_exit_zero() {
    let json = check_json("bad_emails.csv");
    assert_eq!(json["summary"]["error"], 7);
}

#[test]
fn human_summary_without_json() {
    let path = corpus("excel_de_semicolon_1252.csv");
    let out = roster(&["csv", "check", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Read as Windows-1252 text, separated by semicolons."),
        "{text}"
    );
    assert!(
        text.contains("Rows: 5 (3 ready, 1 with warnings, 0 with errors, 1 skipped)"),
        "{text}"
    );
    assert!(text.contains("Line 5, Personalnummer:"), "{text}");
}

/// Exit 2 and exactly one plain line on stderr, nothing on stdout.
fn assert_cannot(args: &[&str], expected: &str) {
    let out = roster(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty(), "{args:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(expected), "{stderr}");
}

#[test]
fn files_that_cannot_be_read_exit_two() {
    let missing = corpus("no-such-file.csv");
    assert_cannot(
        &["csv", "check", missing.to_str().unwrap(), "--json"],
        "the file does not exist",
    );
    for (name, expected) in [
        ("empty.csv", "The file is empty."),
        ("blank.csv", "only blank lines"),
        ("workbook.xlsx", "The workbook is damaged"),
        ("picture.png", "not text"),
    ] {
        let path = corpus(name);
        assert_cannot(
            &["csv", "check", path.to_str().unwrap(), "--json"],
            expected,
        );
        assert_cannot(&["csv", "check", path.to_str().unwrap()], expected);
    }
    let folder = corpus("");
    assert_cannot(&["csv", "check", folder.to_str().unwrap()], "folder");
}

#[test]
fn template_to_stdout_and_file() {
    let out = roster(&["csv", "template"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Username,Email,FirstName,LastName,"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 2);
    let common = text.lines().next().unwrap().split(',').count();
    let all = roster(&["csv", "template", "--all"]);
    let all = String::from_utf8(all.stdout).unwrap();
    let every = all.lines().next().unwrap().split(',').count();
    assert!(
        common < 20 && every > 50,
        "common {common} columns, all {every}"
    );

    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("roster-template.csv");
    let out = roster(&["csv", "template", "--out", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);

    // The template checks clean.
    let out = roster(&["csv", "check", path.to_str().unwrap(), "--json"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["ready"], 1);
    assert_eq!(json["issues"], serde_json::json!([]));

    let bad = Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-such-folder/t.csv");
    assert_cannot(
        &["csv", "template", "--out", bad.to_str().unwrap()],
        "Cannot save the template",
    );
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(roster(&["csv", "check"]).status.code(), Some(2));
    assert_eq!(roster(&["csv", "frobnicate"]).status.code(), Some(2));
}
