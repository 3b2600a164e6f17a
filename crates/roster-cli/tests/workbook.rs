//! Workbooks on the command line: `csv check` reads a workbook's sheet (the first visible one
//! with a header, or `--sheet NAME`), and `csv import` imports one — judged by the sandbox.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{client, json, output};
use jumpcloud_sandbox::SandboxBuilder;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// A hidden "Old" sheet, then "Starters" with a title line above the header.
fn workbook(dir: &Path) -> PathBuf {
    let mut book = Workbook::new();
    let old = book.add_worksheet();
    old.set_name("Old").unwrap();
    old.write_string(0, 0, "Username").unwrap();
    old.write_string(0, 1, "Email").unwrap();
    old.write_string(1, 0, "gone").unwrap();
    old.write_string(1, 1, "gone@example.com").unwrap();
    old.set_hidden(true);
    let s = book.add_worksheet();
    s.set_name("Starters").unwrap();
    // Excel never hides the sheet that is open: this one is.
    s.set_active(true);
    s.write_string(0, 0, "Starters, March").unwrap();
    for (c, h) in [
        "Username",
        "Email",
        "First name",
        "Employee ID",
        "Start date",
    ]
    .iter()
    .enumerate()
    {
        s.write_string(1, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (r, (user, id)) in [("wb.ada", "00123"), ("wb.grace", "00456")]
        .iter()
        .enumerate()
    {
        let row = r as u32 + 2;
        s.write_string(row, 0, *user).unwrap();
        s.write_string(row, 1, format!("{user}@example.com"))
            .unwrap();
        s.write_string(row, 2, "Someone").unwrap();
        s.write_string(row, 3, *id).unwrap();
        s.write_datetime_with_format(row, 4, ExcelDateTime::from_ymd(2024, 3, 1).unwrap(), &date)
            .unwrap();
    }
    let path = dir.join("starters.xlsx");
    book.save(&path).unwrap();
    path
}

fn cli(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roster-cli"));
    cmd.args(args).stdin(Stdio::null());
    cmd
}

#[tokio::test]
async fn csv_check_reads_a_workbooks_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let file = workbook(dir.path());
    let f = file.to_str().unwrap();
    let out = output(cli(&["csv", "check", f, "--json"])).await;
    assert_eq!(out.status.code(), Some(0));
    let report = json(&out);
    assert_eq!(report["format"], "xlsx");
    assert_eq!(report["sheet"], "Starters");
    assert!(report.get("encoding").is_none() && report.get("delimiter").is_none());
    assert_eq!(report["sheets"][0]["name"], "Old");
    assert_eq!(report["sheets"][0]["hidden"], true);
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["line"], 3);
    assert_eq!(rows[0]["user"]["employeeIdentifier"], "00123");

    let out = output(cli(&["csv", "check", f, "--sheet", "Old", "--json"])).await;
    assert_eq!(json(&out)["rows"][0]["user"]["username"], "gone");

    let out = output(cli(&["csv", "check", f, "--sheet", "Leavers"])).await;
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no sheet called \"Leavers\""), "{err}");

    let out = output(cli(&["csv", "check", f])).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Sheet \u{201c}Starters\u{201d} of the Excel workbook, 2 rows."),
        "{text}"
    );
    assert!(text.contains("\"Old\" (hidden)"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_import_imports_a_workbook_with_its_leading_zeros() {
    let dir = tempfile::tempdir().unwrap();
    let file = workbook(dir.path());
    let sb = SandboxBuilder::new().seed_users(5).start().await.unwrap();
    let mut cmd = cli(&["csv", "import", file.to_str().unwrap(), "--json"]);
    cmd.args(["--url", &sb.base_url(), "--data-dir"])
        .arg(dir.path().join("data"))
        .arg("--journal-dir")
        .arg(dir.path().join("journals"))
        .env("JUMPCLOUD_API_KEY", sb.api_key());
    let out = output(cmd).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out)["summary"]["created"], 2);
    let users = client(&sb).list_all_users().await.unwrap();
    let ada = users.iter().find(|u| u.username == "wb.ada").unwrap();
    assert_eq!(
        ada.employee_identifier, "00123",
        "the leading zeros survive"
    );
    assert_eq!(ada.email, "wb.ada@example.com");
    assert!(users.iter().any(|u| u.username == "wb.grace"));
    assert!(
        !users.iter().any(|u| u.username == "gone"),
        "hidden sheet left alone"
    );
    sb.shutdown().await;
}
