//! Workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods) read with calamine into the same [`Table`] a
//! CSV file gives, so mapping, checks, preview, journal and report are the same. A workbook
//! keeps what a CSV loses: text stays as typed (leading zeros survive), whole numbers have no
//! ".0" or exponent, dates become ISO-8601 (in either of Excel's date systems), formulas give
//! their cached value, a merged cell's value fills its region; error values (`#N/A`) are kept
//! with their cell ("C7") for the checks to point at.

use std::io::Cursor;

use calamine::{Data, Dimensions, Reader, SheetVisible, Sheets};
use serde::Serialize;

use crate::delimiter::Delimiter;
use crate::intake::{header_at, is_trimmed, take_header, IntakeError, RawRow, Table};

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
    /// Rows under its header row (the people, and any blank-looking or footer lines).
    pub rows: usize,
    /// The sheet has a header row Roster recognises (two or more known column names).
    pub has_header: bool,
}

/// An open workbook: its format and sheets.
pub struct Workbook {
    pub format: WorkbookFormat,
    pub sheets: Vec<SheetInfo>,
    book: Sheets<Cursor<Vec<u8>>>,
    /// Each sheet as read when the workbook was opened (taken by [`Workbook::table`]), so a
    /// sheet is read once.
    read: std::collections::HashMap<String, ReadSheet>,
}

/// A sheet read: its rows with something in them, and its error values.
struct ReadSheet {
    rows: Vec<RawRow>,
    errors: Vec<CellError>,
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

/// A damaged workbook, with a reason in plain words (`""`: none to give).
fn damaged(reason: &str) -> IntakeError {
    let reason = if reason.is_empty() {
        String::new()
    } else {
        format!(": {reason}")
    };
    IntakeError::Workbook(format!(
        "The workbook is damaged, or not a workbook Roster can read{reason}. Open it in Excel or LibreOffice and save it again, then pick the saved copy."
    ))
}

/// What calamine could not read: a damaged workbook (its words are a programmer's, not the
/// admin's).
fn unreadable<E>(_: E) -> IntakeError {
    damaged("")
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
                Err(_) => {}
            }
        }
        let Some((format, mut book)) = book else {
            return Err(damaged(""));
        };
        let metadata = book.sheets_metadata().to_vec();
        let mut sheets = Vec::with_capacity(metadata.len());
        let mut read = std::collections::HashMap::new();
        for sheet in metadata {
            if sheet.typ != calamine::SheetType::WorkSheet {
                continue;
            }
            let (rows, has_header) = match read_sheet(&mut book, &sheet.name) {
                Ok(sheet_read) => {
                    let rows = &sheet_read.rows;
                    // The people: the rows under the header.
                    let people = rows.len().saturating_sub(header_at(rows) + 1);
                    let info = (people, header_found(&rows[..rows.len().min(8)]));
                    read.insert(sheet.name.clone(), sheet_read);
                    info
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
            read,
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
        let ReadSheet {
            rows: records,
            errors: mut cell_errors,
        } = match self.read.remove(name) {
            Some(done) => done,
            None => read_sheet(&mut self.book, name)?,
        };
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

/// A cell as text, or the error value it holds.
enum Cell {
    Text(String),
    Error(String),
}

/// A sheet's cells, only those with something in them (a sheet that names a far-away cell
/// does not make Roster fill the space in between): rows in order, each with its cells in
/// column order.
struct Grid {
    rows: Vec<(u32, Vec<(u32, Cell)>)>,
    /// The leftmost column with a value: the table's first column.
    first_col: u32,
}

/// Reads the sheet `name` cell by cell (Excel formats), or through calamine's range (the
/// others), fills merged regions, and makes its rows and error values.
fn read_sheet(book: &mut Sheets<Cursor<Vec<u8>>>, name: &str) -> Result<ReadSheet, IntakeError> {
    let mut grid = grid(book, name)?;
    if let Sheets::Xlsx(x) = book {
        if let Ok(merged) = x.merge_cells_by_sheet_name(name) {
            grid.fill_merged(&merged);
        }
    }
    let mut errors = Vec::new();
    for (row, cells) in &grid.rows {
        for (col, cell) in cells {
            if let Cell::Error(e) = cell {
                let line = u64::from(*row) + 1;
                errors.push(CellError {
                    line,
                    column: (col - grid.first_col) as usize,
                    cell: format!("{}{line}", column_letters(*col as usize)),
                    error: e.clone(),
                });
            }
        }
    }
    Ok(ReadSheet {
        rows: grid.into_rows(),
        errors,
    })
}

/// The sheet's cells as a [`Grid`]; cells outside Excel's limits, or too many columns, are
/// refused.
fn grid(book: &mut Sheets<Cursor<Vec<u8>>>, name: &str) -> Result<Grid, IntakeError> {
    let mut rows: Vec<(u32, Vec<(u32, Cell)>)> = Vec::new();
    let mut in_order = true;
    let mut put = |(row, col): (u32, u32), cell: Option<Cell>| -> Result<(), IntakeError> {
        if row > MAX_ROW || col > MAX_COL {
            return Err(damaged(
                "a cell lies beyond the last row or column Excel allows",
            ));
        }
        let Some(cell) = cell else {
            return Ok(());
        };
        match rows.last_mut() {
            Some((r, cells)) if *r == row => {
                in_order &= cells.last().is_none_or(|(c, _)| *c < col);
                cells.push((col, cell));
            }
            last => {
                in_order &= last.is_none_or(|(r, _)| *r < row);
                rows.push((row, vec![(col, cell)]));
            }
        }
        Ok(())
    };
    match book {
        Sheets::Xlsx(x) => {
            let mut reader = x.worksheet_cells_reader(name).map_err(unreadable)?;
            while let Some(cell) = reader.next_cell().map_err(unreadable)? {
                put(cell.get_position(), ref_cell(cell.get_value()))?;
            }
        }
        Sheets::Xlsb(x) => {
            let mut reader = x.worksheet_cells_reader(name).map_err(unreadable)?;
            while let Some(cell) = reader.next_cell().map_err(unreadable)? {
                put(cell.get_position(), ref_cell(cell.get_value()))?;
            }
        }
        other => {
            let range = other.worksheet_range(name).map_err(unreadable)?;
            let (top, left) = range.start().unwrap_or((0, 0));
            for (r, c, value) in range.used_cells() {
                put((top + r as u32, left + c as u32), data_cell(value))?;
            }
        }
    }
    if !in_order {
        // A file that lists its cells out of order: put them in order (the last one of a
        // cell given twice wins).
        let mut cells: Vec<((u32, u32), Cell)> = rows
            .into_iter()
            .flat_map(|(r, cells)| cells.into_iter().map(move |(c, v)| ((r, c), v)))
            .collect();
        cells.sort_by_key(|(pos, _)| *pos);
        cells.dedup_by(|later, earlier| {
            if later.0 == earlier.0 {
                std::mem::swap(later, earlier);
                true
            } else {
                false
            }
        });
        rows = Vec::new();
        for ((r, c), v) in cells {
            match rows.last_mut() {
                Some((row, list)) if *row == r => list.push((c, v)),
                _ => rows.push((r, vec![(c, v)])),
            }
        }
    }
    let first_col = rows
        .iter()
        .filter_map(|(_, cells)| cells.first().map(|(c, _)| *c))
        .min()
        .unwrap_or(0);
    let last_col = rows
        .iter()
        .filter_map(|(_, cells)| cells.last().map(|(c, _)| *c))
        .max()
        .unwrap_or(0);
    if last_col - first_col >= MAX_COLUMNS {
        return Err(IntakeError::Workbook(format!(
            "The sheet \"{name}\" has values across more than {MAX_COLUMNS} columns, which is not a list of people. Choose another sheet, or delete the far-away columns in the workbook."
        )));
    }
    Ok(Grid { rows, first_col })
}

impl Grid {
    /// The rows with text in them (cells from the first column to the row's last value; an
    /// error value is an empty cell), each with its row number as its line.
    fn into_rows(self) -> Vec<RawRow> {
        let first = self.first_col;
        self.rows
            .into_iter()
            .filter_map(|(row, cells)| {
                let width = cells
                    .iter()
                    .rev()
                    .find(|(_, c)| matches!(c, Cell::Text(_)))
                    .map(|(col, _)| (col - first) as usize + 1)?;
                let mut out = vec![String::new(); width];
                for (col, cell) in cells {
                    if let Cell::Text(text) = cell {
                        out[(col - first) as usize] = text;
                    }
                }
                Some(RawRow {
                    line: u64::from(row) + 1,
                    cells: out,
                })
            })
            .collect()
    }

    /// A merged region's value in each of its cells on rows that have values (calamine gives
    /// it to the first cell only).
    fn fill_merged(&mut self, merged: &[Dimensions]) {
        let last_col = self.first_col + MAX_COLUMNS;
        for region in merged {
            let value = self
                .rows
                .binary_search_by_key(&region.start.0, |(r, _)| *r)
                .ok()
                .and_then(|i| self.rows[i].1.iter().find(|(c, _)| *c == region.start.1))
                .and_then(|(_, cell)| match cell {
                    Cell::Text(t) => Some(t.clone()),
                    Cell::Error(_) => None,
                });
            let Some(value) = value else {
                continue;
            };
            let from = self.rows.partition_point(|(r, _)| *r < region.start.0);
            for (row, cells) in &mut self.rows[from..] {
                if *row > region.end.0 {
                    break;
                }
                for col in region.start.1..=region.end.1.min(last_col) {
                    if let Err(at) = cells.binary_search_by_key(&col, |(c, _)| *c) {
                        cells.insert(at, (col, Cell::Text(value.clone())));
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

/// A cell of a streamed sheet (shared strings are borrowed: text is copied once).
fn ref_cell(value: &calamine::DataRef<'_>) -> Option<Cell> {
    use calamine::DataRef;
    let text = match value {
        DataRef::SharedString(s) => s.trim_matches(is_trimmed).to_owned(),
        DataRef::String(s) => s.trim_matches(is_trimmed).to_owned(),
        DataRef::Error(e) => return Some(Cell::Error(e.to_string())),
        DataRef::Empty => return None,
        other => cell_text(&Data::from(other.clone())),
    };
    (!text.is_empty()).then_some(Cell::Text(text))
}

fn data_cell(value: &Data) -> Option<Cell> {
    match value {
        Data::Error(e) => Some(Cell::Error(e.to_string())),
        other => {
            let text = cell_text(other);
            (!text.is_empty()).then_some(Cell::Text(text))
        }
    }
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
