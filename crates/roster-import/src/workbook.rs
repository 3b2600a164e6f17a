//! Workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) read with calamine into the same [`Table`] a
//! CSV file gives, so mapping, checks, preview, journal and report are the same. A workbook
//! keeps what a CSV loses: text stays as typed (leading zeros survive), whole numbers have no
//! ".0" or exponent, dates become ISO-8601 (in either of Excel's date systems), formulas give
//! their cached value, a merged cell's value fills its region; error values (`#N/A`) are kept
//! with their cell ("C7") for the checks to point at.

use std::io::Cursor;

use std::collections::BTreeMap;

use calamine::{Data, Dimensions, Reader, SheetVisible, Sheets};
use serde::Serialize;

use crate::delimiter::Delimiter;
use crate::intake::{is_trimmed, take_header, IntakeError, RawRow, Table};

/// The kinds of workbook Roster reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkbookFormat {
    /// Excel 2007 and later (.xlsx, .xlsm).
    Xlsx,
    /// Excel's binary workbook (.xlsb).
    Xlsb,
    /// Excel 97–2003 (.xls).
    Xls,
    /// OpenDocument (.ods: LibreOffice, Google Sheets' download).
    Ods,
}

impl WorkbookFormat {
    /// In words: "Excel workbook", "OpenDocument spreadsheet".
    pub fn words(&self) -> &'static str {
        match self {
            WorkbookFormat::Xlsx | WorkbookFormat::Xlsb => "Excel workbook",
            WorkbookFormat::Xls => "Excel 97–2003 workbook",
            WorkbookFormat::Ods => "OpenDocument spreadsheet",
        }
    }
}

/// A value that was an error in its cell (`#N/A`, `#REF!`), kept for the checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellError {
    /// The row's line (the sheet's row number).
    pub line: u64,
    /// The column (0-based, in the table).
    pub column: usize,
    /// The cell as Excel names it: "C7".
    pub cell: String,
    /// The error as Excel shows it: "#N/A".
    pub error: String,
}

/// Where a table came from when it is a workbook's sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetOrigin {
    pub format: WorkbookFormat,
    pub sheet: String,
    pub cell_errors: Vec<CellError>,
}

/// A sheet of a workbook, as the sheet choice lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetInfo {
    pub name: String,
    /// Hidden in the workbook (not chosen unless the admin asks).
    pub hidden: bool,
    /// Rows with something in them.
    pub rows: usize,
    /// The sheet has a header row Roster recognises (two or more known column names).
    pub has_header: bool,
}

/// An open workbook: its format and sheets.
pub struct Workbook {
    pub format: WorkbookFormat,
    pub sheets: Vec<SheetInfo>,
    book: Sheets<Cursor<Vec<u8>>>,
}

/// `bytes` as a table: a workbook's first visible sheet with a header row, or a CSV file.
pub fn read_any(bytes: &[u8]) -> Result<Table, IntakeError> {
    if is_workbook(bytes) {
        let mut book = Workbook::open(bytes.to_vec())?;
        let sheet = book.default_sheet().to_owned();
        book.table(&sheet)
    } else {
        crate::intake::read_table(bytes)
    }
}

/// Whether `bytes` look like a workbook (a ZIP package or an OLE compound file).
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

fn password() -> IntakeError {
    IntakeError::Workbook(
        "The workbook is protected with a password. Open it in Excel, remove the password (File > Info > Protect Workbook), save it, and pick it again.".to_owned(),
    )
}

fn damaged(detail: impl std::fmt::Display) -> IntakeError {
    IntakeError::Workbook(format!(
        "The workbook is damaged, or not a workbook Roster can read ({detail}). Open it in Excel or LibreOffice and save it again, then pick the saved copy."
    ))
}

fn is_password(err: &calamine::Error) -> bool {
    matches!(
        err,
        calamine::Error::Xlsx(calamine::XlsxError::Password)
            | calamine::Error::Xls(calamine::XlsError::Password)
            | calamine::Error::Ods(calamine::OdsError::Password)
    )
}

/// Runs a calamine call; a panic inside it (a malformed file it did not expect) is a damaged
/// workbook, never a crash.
fn guarded<T>(f: impl FnOnce() -> Result<T, IntakeError>) -> Result<T, IntakeError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(damaged(
            "its contents are not laid out as the format requires",
        ))
    })
}

impl Workbook {
    /// Opens the workbook in `bytes` and looks at each sheet.
    pub fn open(bytes: Vec<u8>) -> Result<Self, IntakeError> {
        guarded(|| Self::open_unguarded(bytes))
    }

    fn open_unguarded(bytes: Vec<u8>) -> Result<Self, IntakeError> {
        let zip = bytes.starts_with(b"PK\x03\x04");
        let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
        if !zip && !ole {
            return Err(damaged("it is neither a ZIP package nor an OLE file"));
        }
        let cursor = || Cursor::new(bytes.clone());
        let mut last: Option<calamine::Error> = None;
        let mut book = None;
        let tries: &[WorkbookFormat] = if zip {
            &[
                WorkbookFormat::Xlsx,
                WorkbookFormat::Ods,
                WorkbookFormat::Xlsb,
            ]
        } else {
            // An encrypted .xlsx is an OLE file too; calamine's Xlsx says so.
            &[WorkbookFormat::Xls, WorkbookFormat::Xlsx]
        };
        for &format in tries {
            let opened: Result<Sheets<_>, calamine::Error> = match format {
                WorkbookFormat::Xlsx => calamine::open_workbook_from_rs(cursor())
                    .map(Sheets::Xlsx)
                    .map_err(calamine::Error::Xlsx),
                WorkbookFormat::Xlsb => calamine::open_workbook_from_rs(cursor())
                    .map(Sheets::Xlsb)
                    .map_err(calamine::Error::Xlsb),
                WorkbookFormat::Xls => calamine::open_workbook_from_rs(cursor())
                    .map(Sheets::Xls)
                    .map_err(calamine::Error::Xls),
                WorkbookFormat::Ods => calamine::open_workbook_from_rs(cursor())
                    .map(Sheets::Ods)
                    .map_err(calamine::Error::Ods),
            };
            match opened {
                Ok(b) => {
                    book = Some((format, b));
                    break;
                }
                Err(e) if is_password(&e) => return Err(password()),
                Err(e) => last = Some(e),
            }
        }
        let Some((format, mut book)) = book else {
            return Err(damaged(last.map(|e| e.to_string()).unwrap_or_default()));
        };
        let metadata = book.sheets_metadata().to_vec();
        let mut sheets = Vec::with_capacity(metadata.len());
        for sheet in metadata {
            if sheet.typ != calamine::SheetType::WorkSheet {
                continue;
            }
            let (rows, has_header) = match grid(&mut book, &sheet.name) {
                Ok(grid) => {
                    let rows: Vec<RawRow> = grid.rows().collect();
                    (rows.len(), header_found(&rows[..rows.len().min(8)]))
                }
                Err(_) => (0, false),
            };
            sheets.push(SheetInfo {
                name: sheet.name,
                hidden: sheet.visible != SheetVisible::Visible,
                rows,
                has_header,
            });
        }
        if sheets.is_empty() {
            return Err(IntakeError::Blank);
        }
        Ok(Workbook {
            format,
            sheets,
            book,
        })
    }

    /// The sheet to preselect: the first visible one with a header row Roster recognises,
    /// else the first visible one with rows, else the first.
    pub fn default_sheet(&self) -> &str {
        self.sheets
            .iter()
            .find(|s| !s.hidden && s.has_header)
            .or_else(|| self.sheets.iter().find(|s| !s.hidden && s.rows > 0))
            .or_else(|| self.sheets.first())
            .map(|s| s.name.as_str())
            .unwrap_or_default()
    }

    /// The sheet `name` as a table (the header row found below any title lines).
    pub fn table(&mut self, name: &str) -> Result<Table, IntakeError> {
        guarded(|| self.table_unguarded(name))
    }

    fn table_unguarded(&mut self, name: &str) -> Result<Table, IntakeError> {
        if !self.sheets.iter().any(|s| s.name == name) {
            return Err(IntakeError::Workbook(format!(
                "The workbook has no sheet called \"{name}\". Its sheets are: {}.",
                self.sheets
                    .iter()
                    .map(|s| format!("\"{}\"", s.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let mut grid = grid(&mut self.book, name)?;
        if let Sheets::Xlsx(x) = &mut self.book {
            if let Ok(merged) = x.merge_cells_by_sheet_name(name) {
                grid.fill_merged(&merged);
            }
        }
        let mut cell_errors = Vec::new();
        for (&row, cells) in &grid.cells {
            for (&col, cell) in cells {
                if let Data::Error(e) = cell {
                    let line = u64::from(row) + 1;
                    cell_errors.push(CellError {
                        line,
                        column: (col - grid.first_col) as usize,
                        cell: format!("{}{line}", column_letters(col as usize)),
                        error: e.to_string(),
                    });
                }
            }
        }
        let records: Vec<RawRow> = grid.rows().collect();
        let Some((header, mut rows)) = take_header(records) else {
            return Err(IntakeError::Workbook(format!(
                "The sheet \"{name}\" is empty. Choose another sheet."
            )));
        };
        // A sheet's rows are as wide as its header: empty cells at the end are cells, not a
        // missing separator (values past the header stay, for the checks to point at).
        for row in &mut rows {
            if row.cells.len() < header.cells.len() {
                row.cells.resize(header.cells.len(), String::new());
            }
        }
        // Errors in the header or the lines above it are not rows' errors.
        cell_errors.retain(|e| e.line > header.line);
        Ok(Table {
            encoding: "UTF-8",
            bom: false,
            delimiter: Delimiter::Comma,
            header_line: header.line,
            headers: header.cells,
            rows,
            unclosed_quote_line: None,
            replaced_characters: false,
            workbook: Some(SheetOrigin {
                format: self.format,
                sheet: name.to_owned(),
                cell_errors,
            }),
        })
    }
}

/// Whether two or more cells of one of these rows are column names Roster knows.
fn header_found(rows: &[RawRow]) -> bool {
    rows.iter().any(|r| {
        r.cells
            .iter()
            .filter(|c| crate::mapping::match_header(c).is_some())
            .count()
            >= 2
    })
}

/// Excel's limits: 1,048,576 rows and 16,384 columns (A to XFD).
const MAX_ROW: u32 = 1_048_575;
const MAX_COL: u32 = 16_383;
/// More columns than this is not a list of people.
const MAX_COLUMNS: u32 = 1024;

/// A sheet's cells, only those with something in them (a sheet that names a far-away cell
/// does not make Roster fill the space in between), by row then column.
struct Grid {
    cells: BTreeMap<u32, BTreeMap<u32, Data>>,
    /// The leftmost column with a value: the table's first column.
    first_col: u32,
}

/// Reads the sheet `name` cell by cell (Excel formats), or through calamine's range (the
/// others), into a [`Grid`]; cells outside Excel's limits, or too many columns, are refused.
fn grid(book: &mut Sheets<Cursor<Vec<u8>>>, name: &str) -> Result<Grid, IntakeError> {
    let mut cells: BTreeMap<u32, BTreeMap<u32, Data>> = BTreeMap::new();
    let mut put = |(row, col): (u32, u32), value: Data| -> Result<(), IntakeError> {
        if row > MAX_ROW || col > MAX_COL {
            return Err(damaged(
                "a cell lies beyond the last row or column Excel allows",
            ));
        }
        if value != Data::Empty {
            cells.entry(row).or_default().insert(col, value);
        }
        Ok(())
    };
    match book {
        Sheets::Xlsx(x) => {
            let mut reader = x.worksheet_cells_reader(name).map_err(damaged)?;
            while let Some(cell) = reader.next_cell().map_err(damaged)? {
                put(cell.get_position(), Data::from(cell.get_value().clone()))?;
            }
        }
        Sheets::Xlsb(x) => {
            let mut reader = x.worksheet_cells_reader(name).map_err(damaged)?;
            while let Some(cell) = reader.next_cell().map_err(damaged)? {
                put(cell.get_position(), Data::from(cell.get_value().clone()))?;
            }
        }
        other => {
            let range = other.worksheet_range(name).map_err(damaged)?;
            let (top, left) = range.start().unwrap_or((0, 0));
            for (r, c, value) in range.used_cells() {
                put((top + r as u32, left + c as u32), value.clone())?;
            }
        }
    }
    let first_col = cells
        .values()
        .filter_map(|row| row.keys().next().copied())
        .min()
        .unwrap_or(0);
    let last_col = cells
        .values()
        .filter_map(|row| row.keys().next_back().copied())
        .max()
        .unwrap_or(0);
    if last_col - first_col >= MAX_COLUMNS {
        return Err(IntakeError::Workbook(format!(
            "The sheet \"{name}\" has values across more than {MAX_COLUMNS} columns, which is not a list of people. Choose another sheet, or delete the far-away columns in the workbook."
        )));
    }
    Ok(Grid { cells, first_col })
}

impl Grid {
    /// The rows with something in them (cells as text from the first column to the row's
    /// last value), each with its row number as its line.
    fn rows(&self) -> impl Iterator<Item = RawRow> + '_ {
        self.cells.iter().filter_map(move |(&row, cells)| {
            let texts: Vec<(u32, String)> = cells
                .iter()
                .map(|(&col, v)| (col - self.first_col, cell_text(v)))
                .filter(|(_, t)| !t.is_empty())
                .collect();
            let width = texts.last()?.0 as usize + 1;
            let mut out = vec![String::new(); width];
            for (col, text) in texts {
                out[col as usize] = text;
            }
            Some(RawRow {
                line: u64::from(row) + 1,
                cells: out,
            })
        })
    }

    /// A merged region's value in each of its cells on rows that have values (calamine gives
    /// it to the first cell only).
    fn fill_merged(&mut self, merged: &[Dimensions]) {
        let last_col = self.first_col + MAX_COLUMNS;
        for region in merged {
            let Some(value) = self
                .cells
                .get(&region.start.0)
                .and_then(|r| r.get(&region.start.1))
                .cloned()
            else {
                continue;
            };
            let cols = region.start.1..=region.end.1.min(last_col);
            let rows: Vec<u32> = self
                .cells
                .range(region.start.0..=region.end.0)
                .map(|(&r, _)| r)
                .collect();
            for row in rows {
                if let Some(cells) = self.cells.get_mut(&row) {
                    for col in cols.clone() {
                        cells.entry(col).or_insert_with(|| value.clone());
                    }
                }
            }
        }
    }
}

/// Excel's column name for a 0-based index: A … Z, AA, AB, …
pub fn column_letters(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// A cell as text: as typed for text, whole numbers without ".0" or exponent, dates in
/// ISO-8601, booleans as TRUE/FALSE; errors and empty cells give "".
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.trim_matches(is_trimmed).to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            if (h, mi, s, ms) == (0, 0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else if ms == 0 {
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}")
            }
        }
        // A duration ([h]:mm:ss): hours, minutes, seconds.
        Data::DateTime(dt) => {
            let total = (dt.as_f64() * 86_400.0).round() as i64;
            format!(
                "{}:{:02}:{:02}",
                total / 3600,
                (total % 3600) / 60,
                total % 60
            )
        }
        Data::DateTimeIso(s) => s.strip_suffix("T00:00:00").unwrap_or(s).to_owned(),
        Data::DurationIso(s) => s.clone(),
    }
}

/// A number as people write it: `12345`, not `12345.0` or `1.2345E4`.
fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        // Rust's shortest representation that reads back the same, never in exponent form.
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_go_past_z() {
        let names: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(names, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(cell_text(&Data::Float(123_456.0)), "123456");
        assert_eq!(cell_text(&Data::Float(1.5)), "1.5");
        assert_eq!(cell_text(&Data::Float(123_456_789_012.0)), "123456789012");
        assert_eq!(cell_text(&Data::Float(0.1)), "0.1");
        assert_eq!(cell_text(&Data::Int(-7)), "-7");
        assert_eq!(cell_text(&Data::String(" 00123 ".into())), "00123");
        assert_eq!(cell_text(&Data::Bool(true)), "TRUE");
        assert_eq!(cell_text(&Data::Error(calamine::CellErrorType::NA)), "");
    }

    #[test]
    fn not_a_workbook_is_a_plain_error() {
        let err = Workbook::open(b"PK\x03\x04not really a zip".to_vec())
            .err()
            .expect("refused");
        assert!(err.to_string().contains("damaged"), "{err}");
        assert!(!is_workbook(b"Username,Email\n"));
    }
}
