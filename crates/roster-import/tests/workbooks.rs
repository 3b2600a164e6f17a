//! Workbooks built in the test with libraries (rust_xlsxwriter for .xlsx, zip for .ods and
//! to switch an .xlsx to the 1904 date system, cfb for a password-protected file), read
//! through the same table and checks as a CSV file, with exact expectations.

#![allow(clippy::unwrap_used)]

mod common;

use std::io::{Cursor, Read, Write};

use common::Rng;
use roster_import::{check, suggest_mapping, IntakeError, RowStatus, Severity, Workbook};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula};

/// "Starters": a title line, a blank line, the header on line 3, then people with every
/// kind of cell; a hidden "Old" sheet first; a "Notes" sheet with no header.
fn starters_xlsx() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    {
        let old = book.add_worksheet();
        old.set_name("Old").unwrap();
        old.write_string(0, 0, "Username").unwrap();
        old.write_string(0, 1, "Email").unwrap();
        old.write_string(1, 0, "gone").unwrap();
        old.write_string(1, 1, "gone@example.com").unwrap();
        old.set_hidden(true);
    }
    {
        let notes = book.add_worksheet();
        notes.set_name("Notes").unwrap();
        notes
            .write_string(0, 0, "Remember to check the start dates")
            .unwrap();
    }
    let s = book.add_worksheet();
    s.set_name("Starters").unwrap();
    s.set_active(true);
    s.write_string(0, 0, "New starters — March").unwrap();
    let headers = [
        "Username",
        "Email",
        "First Name",
        "Employee ID",
        "Start date",
        "Department",
        "Cost center",
        "Shoe size",
    ];
    for (c, h) in headers.iter().enumerate() {
        s.write_string(2, c as u16, *h).unwrap();
    }
    // Line 4: text with a leading zero, a date, a formula's cached value.
    s.write_string(3, 0, "ada").unwrap();
    s.write_string(3, 1, "ada@example.com").unwrap();
    s.write_string(3, 2, "Ada").unwrap();
    s.write_string(3, 3, "00123").unwrap();
    s.write_datetime_with_format(3, 4, ExcelDateTime::from_ymd(2024, 3, 1).unwrap(), &date)
        .unwrap();
    s.write_formula(3, 5, Formula::new("=UPPER(\"sales\")").set_result("SALES"))
        .unwrap();
    s.write_number(3, 6, 4_200).unwrap();
    // Lines 5–6: a number id (no ".0"), a date-time, a department merged over two rows.
    s.write_string(4, 0, "grace").unwrap();
    s.write_string(4, 1, "grace@example.com").unwrap();
    s.write_string(4, 2, "Grace").unwrap();
    s.write_number(4, 3, 123_456).unwrap();
    s.write_datetime_with_format(
        4,
        4,
        ExcelDateTime::from_ymd(2024, 3, 4)
            .unwrap()
            .and_hms(9, 30, 0)
            .unwrap(),
        &datetime,
    )
    .unwrap();
    s.merge_range(4, 5, 5, 5, "Engineering", &Format::new())
        .unwrap();
    s.write_number(4, 6, 12.5).unwrap();
    s.write_string(5, 0, "linus").unwrap();
    s.write_string(5, 1, "linus@example.com").unwrap();
    s.write_string(5, 2, "Linus").unwrap();
    s.write_boolean(5, 7, true).unwrap();
    // Line 7: an error value in an imported column, and one in a column not imported.
    s.write_string(6, 0, "ken").unwrap();
    s.write_formula(6, 1, Formula::new("=NA()").set_result("#N/A"))
        .unwrap();
    s.write_string(6, 2, "Ken").unwrap();
    s.write_formula(6, 7, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    book.save_to_buffer().unwrap()
}

fn table_of(bytes: Vec<u8>, sheet: Option<&str>) -> (Workbook, roster_import::Table) {
    let mut book = Workbook::open(bytes).unwrap();
    let name = sheet.unwrap_or(book.default_sheet()).to_owned();
    let table = book.table(&name).unwrap();
    (book, table)
}

#[test]
fn sheets_are_listed_and_the_first_visible_one_with_a_header_is_chosen() {
    let book = Workbook::open(starters_xlsx()).unwrap();
    let listed: Vec<(&str, bool, bool)> = book
        .sheets
        .iter()
        .map(|s| (s.name.as_str(), s.hidden, s.has_header))
        .collect();
    assert_eq!(
        listed,
        [
            ("Old", true, true),
            ("Notes", false, false),
            ("Starters", false, true)
        ]
    );
    assert_eq!(
        book.default_sheet(),
        "Starters",
        "hidden sheets are skipped"
    );
    assert_eq!(book.sheets[2].rows, 4);
}

#[test]
fn cells_keep_their_types_and_the_header_is_found_below_a_title() {
    let (_, table) = table_of(starters_xlsx(), None);
    assert_eq!(table.header_line, 3);
    assert_eq!(table.headers[..3], ["Username", "Email", "First Name"]);
    assert_eq!(
        table.description(),
        "Sheet \u{201c}Starters\u{201d} of the Excel workbook, 4 rows."
    );
    let rows: Vec<(u64, Vec<&str>)> = table
        .rows
        .iter()
        .map(|r| (r.line, r.cells.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        rows,
        [
            (
                4,
                vec![
                    "ada",
                    "ada@example.com",
                    "Ada",
                    "00123",
                    "2024-03-01",
                    "SALES",
                    "4200",
                    ""
                ]
            ),
            (
                5,
                vec![
                    "grace",
                    "grace@example.com",
                    "Grace",
                    "123456",
                    "2024-03-04T09:30:00",
                    "Engineering",
                    "12.5",
                    ""
                ]
            ),
            (
                6,
                vec![
                    "linus",
                    "linus@example.com",
                    "Linus",
                    "",
                    "",
                    "Engineering",
                    "",
                    "TRUE"
                ]
            ),
            (7, vec!["ken", "", "Ken", "", "", "", "", ""]),
        ]
    );
}

#[test]
fn error_values_are_flagged_at_their_cell_and_line() {
    let (_, table) = table_of(starters_xlsx(), None);
    let errors: Vec<(u64, &str, &str)> = table
        .workbook
        .as_ref()
        .unwrap()
        .cell_errors
        .iter()
        .map(|e| (e.line, e.cell.as_str(), e.error.as_str()))
        .collect();
    assert_eq!(errors, [(7, "B7", "#N/A"), (7, "H7", "#DIV/0!")]);
    let mapping = suggest_mapping(&table);
    let report = check(&table, &mapping);
    let ken = report.rows.iter().find(|r| r.line == 7).unwrap();
    assert_eq!(ken.status, RowStatus::Error);
    let cell: Vec<(&str, Severity, Option<&str>)> = ken
        .issues
        .iter()
        .filter(|i| i.code == "cell_error")
        .map(|i| (i.message.as_str(), i.severity, i.field.as_deref()))
        .collect();
    assert_eq!(cell.len(), 2, "{:?}", ken.issues);
    assert!(
        cell[0].0.starts_with("cell B7 holds the error #N/A"),
        "{}",
        cell[0].0
    );
    assert_eq!((cell[0].1, cell[0].2), (Severity::Error, Some("email")));
    // "Shoe size" is not imported: a warning, nothing is lost.
    assert_eq!(cell[1].1, Severity::Warning);
    assert!(cell[1].0.contains("H7") && cell[1].0.contains("#DIV/0!"));
    // The other rows are fine: typed cells check as typed.
    let others: Vec<_> = report
        .rows
        .iter()
        .filter(|r| r.line != 7 && r.status == RowStatus::Error)
        .collect();
    assert!(others.is_empty(), "{others:#?}");
}

#[test]
fn a_hidden_sheet_is_read_when_asked_and_a_missing_one_is_a_plain_error() {
    let (_, table) = table_of(starters_xlsx(), Some("Old"));
    assert_eq!(table.rows[0].cells, ["gone", "gone@example.com"]);
    let mut book = Workbook::open(starters_xlsx()).unwrap();
    let err = book.table("Leavers").unwrap_err();
    assert!(
        err.to_string().contains(
            "no sheet called \"Leavers\". Its sheets are: \"Old\", \"Notes\", \"Starters\""
        ),
        "{err}"
    );
}

/// Rewrites one file inside a ZIP package.
fn rezip(bytes: &[u8], name: &str, change: impl Fn(String) -> String) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let file_name = file.name().unwrap().into_owned();
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        if file_name == name {
            content = change(String::from_utf8(content).unwrap()).into_bytes();
        }
        out.start_file(file_name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn dates_follow_the_1904_date_system_when_the_workbook_uses_it() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    s.write_string(0, 0, "Email").unwrap();
    s.write_string(0, 1, "Start date").unwrap();
    s.write_string(1, 0, "ada@example.com").unwrap();
    // Serial 0 in the 1904 system is 1 January 1904; 1462 days later than in 1900's.
    s.write_number_with_format(1, 1, 0.0, &Format::new().set_num_format("yyyy-mm-dd"))
        .unwrap();
    s.write_number_with_format(1, 2, 45_352.0, &Format::new().set_num_format("yyyy-mm-dd"))
        .unwrap();
    let plain = book.save_to_buffer().unwrap();
    let in_1904 = rezip(&plain, "xl/workbook.xml", |xml| {
        assert!(xml.contains("<workbookPr"), "{xml}");
        xml.replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
    });
    let (_, table) = table_of(in_1904, None);
    assert_eq!(
        table.rows[0].cells,
        ["ada@example.com", "1904-01-01", "2028-03-02"]
    );
    let (_, table) = table_of(plain, None);
    assert_eq!(table.rows[0].cells[2], "2024-03-01");
}

/// A small OpenDocument spreadsheet: a hidden sheet first, then "People".
fn people_ods() -> Vec<u8> {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:automatic-styles>
<style:style style:name="hidden" style:family="table"><style:table-properties table:display="false"/></style:style>
<style:style style:name="shown" style:family="table"><style:table-properties table:display="true"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
<table:table table:name="Archive" table:style-name="hidden">
<table:table-row><table:table-cell office:value-type="string"><text:p>Username</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Email</text:p></table:table-cell></table:table-row>
</table:table>
<table:table table:name="People" table:style-name="shown">
<table:table-row><table:table-cell office:value-type="string"><text:p>Username</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Email</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Employee ID</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Start date</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Notes</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>ada</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>ada@example.com</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>007</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2024-03-01"><text:p>01/03/2024</text:p></table:table-cell><table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>grace</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>grace@example.com</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="98765"><text:p>98765</text:p></table:table-cell></table:table-row>
</table:table>
</office:spreadsheet></office:body></office:document-content>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file("mimetype", stored).unwrap();
    out.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    for (name, text) in [
        ("content.xml", content),
        ("META-INF/manifest.xml", manifest),
    ] {
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn an_opendocument_spreadsheet_reads_the_same_way() {
    let book = Workbook::open(people_ods()).unwrap();
    assert_eq!(book.format, roster_import::WorkbookFormat::Ods);
    let listed: Vec<(&str, bool)> = book
        .sheets
        .iter()
        .map(|s| (s.name.as_str(), s.hidden))
        .collect();
    assert_eq!(listed, [("Archive", true), ("People", false)]);
    assert_eq!(book.default_sheet(), "People");
    let (_, table) = table_of(people_ods(), None);
    assert_eq!(
        table.rows[0].cells,
        ["ada", "ada@example.com", "007", "2024-03-01", "TRUE"]
    );
    assert_eq!(
        table.rows[1].cells,
        ["grace", "grace@example.com", "98765", "", ""]
    );
    assert_eq!(table.rows[1].line, 3);
    assert!(table.description().contains("OpenDocument spreadsheet"));
}

#[test]
fn protected_and_damaged_workbooks_get_a_plain_error() {
    // What Excel writes for a workbook with a password to open: an OLE file holding the
    // encrypted package.
    let mut ole = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    ole.create_stream("EncryptionInfo")
        .unwrap()
        .write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0])
        .unwrap();
    ole.create_stream("EncryptedPackage")
        .unwrap()
        .write_all(&[0u8; 64])
        .unwrap();
    ole.flush().unwrap();
    let protected = ole.into_inner().into_inner();
    let err = Workbook::open(protected).err().unwrap();
    assert!(matches!(err, IntakeError::Workbook(_)));
    assert!(
        err.to_string().contains("protected with a password"),
        "{err}"
    );

    let mut truncated = starters_xlsx();
    truncated.truncate(truncated.len() / 3);
    let err = Workbook::open(truncated).err().unwrap();
    assert!(
        err.to_string().starts_with("The workbook is damaged"),
        "{err}"
    );
    assert_eq!(err.code(), "unreadable_workbook");
}

/// A stable-toolchain stand-in for the cargo-fuzz target `workbook_intake`: damaged
/// workbooks (bytes flipped, cut, repeated; XML inside changed) never panic, and whatever
/// is read checks like any table. `ROSTER_FUZZ_ITERATIONS` sets the count (default 2,000).
#[test]
fn damaged_workbooks_never_panic() {
    let iterations: usize = std::env::var("ROSTER_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(2000, |n: usize| n / 10);
    let seeds = [starters_xlsx(), people_ods()];
    // Changes inside the package's XML get past the ZIP checks to the parsers.
    let xml_mutants: Vec<Vec<u8>> = [
        (
            "xl/worksheets/sheet3.xml",
            "<c r=\"A4\"",
            "<c r=\"ZZZZ99999999\"",
        ),
        ("xl/worksheets/sheet3.xml", "t=\"s\"", "t=\"n\""),
        ("xl/worksheets/sheet3.xml", "<v>", "<v>x"),
        ("xl/workbook.xml", "<sheet ", "<sheet name=\"\" "),
        ("xl/sharedStrings.xml", "<si>", "<si><si>"),
        ("xl/styles.xml", "numFmtId=\"", "numFmtId=\"99999"),
    ]
    .iter()
    .map(|(file, from, to)| rezip(&seeds[0], file, |xml| xml.replace(from, to)))
    .collect();
    let mut rng = Rng(0x5eed_f00d_cafe_d00d);
    for i in 0..iterations.max(50) {
        let mut bytes = if i % 4 == 0 {
            xml_mutants[rng.below(xml_mutants.len())].clone()
        } else {
            seeds[rng.below(seeds.len())].clone()
        };
        for _ in 0..=rng.below(4) {
            let at = rng.below(bytes.len());
            match rng.below(3) {
                0 => bytes[at] ^= 1 << rng.below(8),
                1 => bytes.truncate(at.max(8)),
                _ => {
                    let end = (at + rng.below(64)).min(bytes.len());
                    let chunk = bytes[at..end].to_vec();
                    bytes.splice(at..at, chunk);
                }
            }
        }
        let Ok(mut book) = Workbook::open(bytes) else {
            continue;
        };
        let names: Vec<String> = book.sheets.iter().map(|s| s.name.clone()).collect();
        for name in names {
            let Ok(table) = book.table(&name) else {
                continue;
            };
            let report = check(&table, &suggest_mapping(&table));
            let s = report.summary;
            assert_eq!(s.rows, s.ready + s.warning + s.error + s.skipped);
            let _ = table.description();
        }
    }
}

#[test]
fn far_away_cells_are_refused_or_ignored_without_filling_the_space_between() {
    // A cell at the far end of Excel's grid next to a normal table.
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    s.write_string(0, 0, "Email").unwrap();
    s.write_string(1, 0, "ada@example.com").unwrap();
    s.write_string(1_048_575, 3, "far down").unwrap();
    let (_, table) = table_of(book.save_to_buffer().unwrap(), None);
    assert_eq!(table.rows.len(), 2);
    assert_eq!(table.rows[1].line, 1_048_576);

    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    s.write_string(0, 0, "Email").unwrap();
    s.write_string(0, 16_383, "far right").unwrap();
    let err = Workbook::open(book.save_to_buffer().unwrap())
        .and_then(|mut b| {
            let name = b.default_sheet().to_owned();
            b.table(&name)
        })
        .unwrap_err();
    assert!(err.to_string().contains("more than 1024 columns"), "{err}");
}
