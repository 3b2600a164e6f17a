//! Bytes in as a workbook: opening, every sheet's table and its checks must never panic
//! (calamine's own panics are caught and reported as a damaged workbook), and the report
//! must agree with itself.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(mut book) = roster_import::Workbook::open(data.to_vec()) else {
        return;
    };
    let _ = book.default_sheet();
    let names: Vec<String> = book.sheets.iter().map(|s| s.name.clone()).collect();
    for name in names {
        let Ok(table) = book.table(&name) else {
            continue;
        };
        let _ = table.description();
        let report = roster_import::check(&table, &roster_import::suggest_mapping(&table));
        let s = report.summary;
        assert_eq!(s.rows, s.ready + s.warning + s.error + s.skipped);
        for e in table.workbook.iter().flat_map(|w| &w.cell_errors) {
            assert!(e.line > table.header_line);
        }
    }
});
