//! Roster's CSV import engine, without Tauri: read a spreadsheet export (any common encoding
//! and separator), map its columns to JumpCloud user fields, and check every row before
//! anything is sent. See the crate README for the API and the JSON the checks produce.
//!
//! The pipeline: [`read_table`] (bytes → [`Table`]) → [`suggest_mapping`] or
//! [`auto_mapping`] (→ [`Mapping`], which the admin may override) → [`check`]
//! (→ [`CheckReport`]).

mod columns;
pub mod delimiter;
pub mod encoding;
pub mod fields;
pub mod intake;
pub mod mapping;
pub mod report;
pub mod template;
pub mod validate;
pub mod values;
pub mod workbook;

pub use delimiter::Delimiter;
pub use fields::{Field, FieldSpec, Kind};
pub use intake::{read_table, IntakeError, RawRow, Table};
pub use mapping::{auto_mapping, header_set_key, match_header, suggest_mapping, Mapping};
pub use report::{
    CheckReport, ColumnReport, FileIssue, RowIssue, RowReport, RowStatus, Severity, Summary,
    UserValues,
};
pub use template::{
    csv_field, csv_field_with, csv_safe, template_csv, template_csv_for, template_headers,
    template_headers_for, write_csv, write_csv_with, COMMON_FIELDS,
};
pub use validate::{check, check_keeping};
pub use workbook::{
    is_workbook, read_any, CellError, SheetInfo, SheetOrigin, Workbook, WorkbookFormat,
};
