//! Bytes in, a table out: decoding, separator, CSV parsing, trimming, line numbers.

use crate::delimiter::{self, Delimiter};
use crate::encoding;

/// A CSV file read as a table of text cells. Nothing is mapped or checked yet.
#[derive(Debug, Clone)]
pub struct Table {
    /// The encoding the file was read with (WHATWG name: `UTF-8`, `UTF-16LE`, `UTF-16BE`,
    /// `windows-1252`, ...).
    pub encoding: &'static str,
    /// Whether the file started with a byte order mark.
    pub bom: bool,
    /// The field separator.
    pub delimiter: Delimiter,
    /// The physical line (1-based) of the header row.
    pub header_line: u64,
    /// The header cells, trimmed.
    pub headers: Vec<String>,
    /// The data rows in file order. Blank lines are not rows; rows whose cells are all empty
    /// (for example `;;;;` from Excel) are kept so they can be reported as skipped.
    pub rows: Vec<RawRow>,
    /// The physical line of the record in which a quotation mark opens and is never closed
    /// (everything after it was read as one value), if any.
    pub unclosed_quote_line: Option<u64>,
    /// Whether some bytes were not valid in the detected encoding and were replaced with
    /// U+FFFD.
    pub replaced_characters: bool,
    /// The workbook and sheet it was read from, when it is one (then the encoding and
    /// separator above mean nothing).
    pub workbook: Option<crate::workbook::SheetOrigin>,
}

/// One data row as read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    /// The physical line (1-based) on which the row starts; the first line of the file is 1.
    pub line: u64,
    /// The cells, trimmed of spaces (including non-breaking spaces). May be fewer or more
    /// than the headers.
    pub cells: Vec<String>,
}

impl RawRow {
    /// Whether every cell is empty.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(String::is_empty)
    }
}

impl Table {
    /// What was detected, in plain words: "Read as Windows-1252 text, separated by semicolons."
    pub fn description(&self) -> String {
        if let Some(w) = &self.workbook {
            let rows = self.rows.len();
            return format!(
                "Sheet \u{201c}{}\u{201d} of the {}, {} {}.",
                w.sheet,
                w.format.words(),
                rows,
                if rows == 1 { "row" } else { "rows" }
            );
        }
        let name = encoding_rs::Encoding::for_label(self.encoding.as_bytes())
            .map(encoding::plain_name)
            .unwrap_or_else(|| self.encoding.to_owned());
        let bom = if self.bom {
            " (with a byte order mark)"
        } else {
            ""
        };
        format!(
            "Read as {name} text{bom}, separated by {}.",
            self.delimiter.plain_plural()
        )
    }
}

/// Why a file could not be read as a table. The message is one plain sentence for an admin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntakeError {
    #[error("The file is empty.")]
    Empty,
    #[error("The file has no text in it, only blank lines or spaces.")]
    Blank,
    #[error(
        "This is a workbook, not a CSV file: open it as a workbook (Roster reads .xlsx, .xlsm, .xlsb, .xls and .ods)."
    )]
    NotCsv,
    #[error("This file is not text (it contains binary data), so it cannot be a CSV file.")]
    Binary,
    #[error("The file could not be read as CSV: {0}")]
    Parse(String),
    /// A workbook Roster cannot read, or a sheet it does not have (the sentence says which).
    #[error("{0}")]
    Workbook(String),
}

impl IntakeError {
    /// A stable snake_case code for the error.
    pub fn code(&self) -> &'static str {
        match self {
            IntakeError::Empty => "empty_file",
            IntakeError::Blank => "blank_file",
            IntakeError::NotCsv => "excel_workbook",
            IntakeError::Workbook(_) => "unreadable_workbook",
            IntakeError::Binary => "binary_file",
            IntakeError::Parse(_) => "unreadable_csv",
        }
    }
}

/// Characters trimmed from both ends of every cell: white space (which includes the
/// non-breaking space U+00A0 and U+202F), plus zero-width spaces and stray byte order marks.
pub(crate) fn is_trimmed(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{FEFF}' | '\u{200B}' | '\u{2060}')
}

/// Reads `bytes` as a table: detects the encoding and the separator, parses quoted fields
/// (which may hold separators and line breaks), trims cells, skips blank lines and records
/// each row's starting line.
pub fn read_table(bytes: &[u8]) -> Result<Table, IntakeError> {
    if bytes.is_empty() {
        return Err(IntakeError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(IntakeError::NotCsv);
    }
    let decoded = encoding::decode(bytes);
    let text = decoded.text;
    if looks_binary(&text) {
        return Err(IntakeError::Binary);
    }
    if text.chars().all(is_trimmed) {
        return Err(IntakeError::Blank);
    }

    // Excel's "sep=;" hint line names the separator.
    let (delimiter, body, skipped_lines) = match sep_hint(&text) {
        Some((delimiter, rest)) => (delimiter, rest, 1),
        None => (delimiter::detect(&text), text.as_str(), 0),
    };

    let records = parse(body, delimiter, skipped_lines)?;
    let last_line = records.last().map(|r| r.line);
    let unclosed_quote_line = if delimiter::ends_inside_quotes(body, delimiter.as_char()) {
        last_line
    } else {
        None
    };
    let Some((header, rows)) = take_header(records) else {
        return Err(IntakeError::Blank);
    };
    Ok(Table {
        encoding: decoded.encoding.name(),
        bom: decoded.bom,
        delimiter,
        header_line: header.line,
        headers: header.cells,
        rows,
        unclosed_quote_line,
        replaced_characters: decoded.had_errors,
        workbook: None,
    })
}

/// The header row and the rows under it. Lines above the header are not the header: a
/// Microsoft Entra bulk template starts with "version:v1.0", and HR reports often start with a
/// title ("Employee List") or a "Generated on ..." line. Such a line has one value, and the
/// line after it has several.
pub(crate) fn take_header(mut records: Vec<RawRow>) -> Option<(RawRow, Vec<RawRow>)> {
    let titles = header_at(&records);
    records.drain(..titles);
    let mut records = records.into_iter();
    let header = records.next()?;
    Some((header, records.collect()))
}

/// Where the header is among `records`: after the title lines above it, if any.
pub(crate) fn header_at(records: &[RawRow]) -> usize {
    let titles = records
        .iter()
        .take(MAX_TITLE_LINES)
        .take_while(|row| is_title_line(row))
        .count();
    if records
        .get(titles)
        .is_some_and(|header| filled(header) >= 2)
    {
        titles
    } else {
        0
    }
}

/// At most this many title lines above the header are skipped.
const MAX_TITLE_LINES: usize = 5;

/// How many cells of `row` are not empty.
fn filled(row: &RawRow) -> usize {
    row.cells.iter().filter(|c| !c.is_empty()).count()
}

/// A line above the header: one value (a title, "version:v1.0", "Generated on ..."), which is
/// neither an email address nor a column name Roster knows.
fn is_title_line(row: &RawRow) -> bool {
    let mut values = row.cells.iter().filter(|c| !c.is_empty());
    let (Some(only), None) = (values.next(), values.next()) else {
        return false;
    };
    let lower = only.to_lowercase();
    lower.starts_with("version:")
        || (!only.contains('@') && crate::mapping::match_header(only).is_none())
}

/// Text with NUL bytes or many control characters is not a CSV file.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(64 * 1024) {
        total += 1;
        if c == '\0' {
            return true;
        }
        if c.is_control() && !matches!(c, '\t' | '\r' | '\n' | '\u{0C}') {
            control += 1;
        }
    }
    control * 100 > total
}

/// `sep=X` on the first line (Excel's hint), returning the separator and the rest of the text.
fn sep_hint(text: &str) -> Option<(Delimiter, &str)> {
    let end = text.find('\n').unwrap_or(text.len());
    let first = text[..end].trim_matches(is_trimmed);
    let value = first
        .strip_prefix("sep=")
        .or_else(|| first.strip_prefix("SEP="))?;
    let mut chars = value.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    let delimiter = Delimiter::from_char(c)?;
    let rest = text.get(end + 1..).unwrap_or("");
    Some((delimiter, rest))
}

/// Counts line breaks: CRLF, LF, and a lone CR each end one line.
fn line_breaks(bytes: &[u8]) -> u64 {
    let mut count = 0u64;
    let mut iter = bytes.iter().peekable();
    while let Some(&b) = iter.next() {
        if b == b'\n' || (b == b'\r' && iter.peek() != Some(&&b'\n')) {
            count += 1;
        }
    }
    count
}

/// Parses with the `csv` crate, trimming cells and dropping blank lines. `line_offset` is
/// added to the parser's line numbers (for lines removed before parsing).
fn parse(text: &str, delimiter: Delimiter, line_offset: u64) -> Result<Vec<RawRow>, IntakeError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter.as_byte())
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // The parser's own line counter does not count line breaks inside quoted fields or blank
    // lines, so the physical line is counted from the record's byte offset.
    let bytes = text.as_bytes();
    let (mut counted_to, mut line_at) = (0usize, 1u64);
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(err) => return Err(IntakeError::Parse(err.to_string())),
        }
        // The reported offset is where the previous record's terminator ended; a record never
        // starts with a line break, so skip the rest of a CRLF and any blank lines.
        let mut offset = record
            .position()
            .map_or(counted_to, |p| {
                usize::try_from(p.byte()).unwrap_or(usize::MAX)
            })
            .clamp(counted_to, bytes.len());
        while offset < bytes.len() && matches!(bytes[offset], b'\r' | b'\n') {
            offset += 1;
        }
        line_at += line_breaks(&bytes[counted_to..offset]);
        counted_to = offset;
        let line = line_at + line_offset;
        let cells: Vec<String> = record
            .iter()
            .map(|cell| unguard(cell.trim_matches(is_trimmed)).to_owned())
            .collect();
        let blank_line = cells.len() == 1 && cells[0].is_empty();
        let before_header_and_empty = rows.is_empty() && cells.iter().all(String::is_empty);
        if blank_line || before_header_and_empty {
            continue;
        }
        rows.push(RawRow { line, cells });
    }
    Ok(rows)
}

/// A value Roster itself guarded against running as a formula (`csv_safe`: an apostrophe
/// before `=`, `+`, `-` or `@`) reads back as it was, so a corrected copy Roster saved imports
/// the same values.
fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(table: &Table) -> Vec<(u64, Vec<&str>)> {
        table
            .rows
            .iter()
            .map(|r| (r.line, r.cells.iter().map(String::as_str).collect()))
            .collect()
    }

    #[test]
    fn quoted_newlines_keep_physical_lines() -> Result<(), IntakeError> {
        let text = "username,note\r\nann,\"line one\r\nline two\"\r\n\r\nbob,plain\r\n";
        let table = read_table(text.as_bytes())?;
        assert_eq!(table.header_line, 1);
        assert_eq!(table.headers, vec!["username", "note"]);
        assert_eq!(
            cells(&table),
            vec![
                (2, vec!["ann", "line one\r\nline two"]),
                (5, vec!["bob", "plain"])
            ]
        );
        Ok(())
    }

    #[test]
    fn trims_nbsp_and_keeps_all_empty_rows() -> Result<(), IntakeError> {
        let text = "\u{a0}Email \u{a0};Name\n a@x.com\u{a0};\u{202f}Ann\n;;\n   \n";
        let table = read_table(text.as_bytes())?;
        assert_eq!(table.delimiter, Delimiter::Semicolon);
        assert_eq!(table.headers, vec!["Email", "Name"]);
        assert_eq!(
            cells(&table),
            vec![(2, vec!["a@x.com", "Ann"]), (3, vec!["", "", ""])]
        );
        assert!(table.rows[1].is_blank());
        Ok(())
    }

    #[test]
    fn sep_hint_and_entra_version_line() -> Result<(), IntakeError> {
        let table = read_table(b"sep=|\na|b\n1|2\n")?;
        assert_eq!(table.delimiter, Delimiter::Pipe);
        assert_eq!(table.header_line, 2);
        assert_eq!(cells(&table), vec![(3, vec!["1", "2"])]);

        let table = read_table(b"version:v1.0\nName [displayName] Required,User name\nA,a\n")?;
        assert_eq!(table.header_line, 2);
        assert_eq!(table.headers[1], "User name");
        assert_eq!(cells(&table), vec![(3, vec!["A", "a"])]);
        Ok(())
    }

    #[test]
    fn title_lines_above_the_header() -> Result<(), IntakeError> {
        let text = "Employee Directory,,\nGenerated on 11/30/2026,,\nEmail,First Name,Last Name\na@x.com,Ann,Lee\n";
        let table = read_table(text.as_bytes())?;
        assert_eq!(table.header_line, 3);
        assert_eq!(table.headers, vec!["Email", "First Name", "Last Name"]);
        // A one-column file and a header that names one known column are headers.
        let table = read_table(b"username\na\n")?;
        assert_eq!(table.header_line, 1);
        let table = read_table(b"Email,,\na@x.com,b,c\n")?;
        assert_eq!(table.header_line, 1);
        Ok(())
    }

    #[test]
    fn lone_cr_line_endings() -> Result<(), IntakeError> {
        let table = read_table(b"a,b\r1,2\r3,4\r")?;
        assert_eq!(
            cells(&table),
            vec![(2, vec!["1", "2"]), (3, vec!["3", "4"])]
        );
        Ok(())
    }

    #[test]
    fn mixed_line_ends() -> Result<(), IntakeError> {
        let table = read_table(b"a,b\r1,2\n3,4\r\n\"x\ry\",5\n")?;
        assert_eq!(
            cells(&table),
            vec![
                (2, vec!["1", "2"]),
                (3, vec!["3", "4"]),
                (4, vec!["x\ry", "5"])
            ]
        );
        Ok(())
    }

    #[test]
    fn unclosed_quote_is_noted() -> Result<(), IntakeError> {
        let table = read_table(b"a,b\n1,2\n3,\"oops\n5,6\n")?;
        assert_eq!(table.unclosed_quote_line, Some(3));
        assert_eq!(table.rows.len(), 2);
        let table = read_table(b"a,b\n1,\"fine\"\n")?;
        assert_eq!(table.unclosed_quote_line, None);
        Ok(())
    }

    #[test]
    fn unreadable_files() {
        assert_eq!(read_table(b"").err(), Some(IntakeError::Empty));
        assert_eq!(read_table(b" \r\n\t\n").err(), Some(IntakeError::Blank));
        assert_eq!(
            read_table(b"PK\x03\x04rest").err(),
            Some(IntakeError::NotCsv)
        );
        assert_eq!(
            read_table(b"a,b\n\x00\x01\x02\x03").err(),
            Some(IntakeError::Binary)
        );
    }

    #[test]
    fn description_in_plain_words() -> Result<(), IntakeError> {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1252.encode("Name;Ort\nMüller;Köln\nJosé;Málaga\n");
        let table = read_table(&bytes)?;
        assert_eq!(
            table.description(),
            "Read as Windows-1252 text, separated by semicolons."
        );
        let table = read_table(b"\xEF\xBB\xBFa,b\n1,2\n")?;
        assert_eq!(
            table.description(),
            "Read as UTF-8 text (with a byte order mark), separated by commas."
        );
        Ok(())
    }
}
