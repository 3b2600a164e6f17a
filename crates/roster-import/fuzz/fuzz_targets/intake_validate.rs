//! Bytes in: intake, mapping and validation must never panic, and the report must agree with
//! itself.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(table) = roster_import::read_table(data) else {
        return;
    };
    let _ = table.description();
    let mapping = roster_import::suggest_mapping(&table);
    let report = roster_import::check(&table, &mapping);
    let s = report.summary;
    assert_eq!(s.rows, report.rows.len());
    assert_eq!(s.rows, s.ready + s.warning + s.error + s.skipped);
    assert_eq!(report.columns.len(), table.headers.len());
    let mut previous = table.header_line;
    for row in &report.rows {
        assert!(row.line > previous, "lines must increase");
        previous = row.line;
    }
    let json = serde_json::to_vec(&report).expect("the report serializes");
    assert!(!json.is_empty());
    for header in &table.headers {
        let _ = roster_import::csv_field(header);
    }
});
