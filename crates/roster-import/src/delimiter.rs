//! Finding the separator: comma, semicolon, tab or pipe.
//!
//! For each candidate the first records are split outside quotes (a quoted field may hold the
//! separator or a line break). The candidate whose records most consistently have the same
//! number of fields (more than one) wins; ties go to the one with more fields, then to the
//! order comma, semicolon, tab, pipe.

use serde::{Serialize, Serializer};

/// A field separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Delimiter {
    Comma,
    Semicolon,
    Tab,
    Pipe,
}

impl Delimiter {
    /// Every separator Roster recognises, in order of preference.
    pub const ALL: [Delimiter; 4] = [
        Delimiter::Comma,
        Delimiter::Semicolon,
        Delimiter::Tab,
        Delimiter::Pipe,
    ];

    /// The separator as a character.
    pub fn as_char(self) -> char {
        match self {
            Delimiter::Comma => ',',
            Delimiter::Semicolon => ';',
            Delimiter::Tab => '\t',
            Delimiter::Pipe => '|',
        }
    }

    /// The separator as a byte (all are ASCII).
    pub fn as_byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
            Delimiter::Pipe => b'|',
        }
    }

    /// The separator for a character, if Roster recognises it.
    pub fn from_char(c: char) -> Option<Delimiter> {
        Delimiter::ALL.into_iter().find(|d| d.as_char() == c)
    }

    /// Plain words, one: "comma", "semicolon", "tab", "vertical bar (|)".
    pub fn plain_singular(self) -> &'static str {
        match self {
            Delimiter::Comma => "comma",
            Delimiter::Semicolon => "semicolon",
            Delimiter::Tab => "tab",
            Delimiter::Pipe => "vertical bar (|)",
        }
    }

    /// Plain words: "commas", "semicolons", "tabs", "vertical bars (|)".
    pub fn plain_plural(self) -> &'static str {
        match self {
            Delimiter::Comma => "commas",
            Delimiter::Semicolon => "semicolons",
            Delimiter::Tab => "tabs",
            Delimiter::Pipe => "vertical bars (|)",
        }
    }
}

impl Serialize for Delimiter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0u8; 4];
        serializer.serialize_str(self.as_char().encode_utf8(&mut buf))
    }
}

/// How many records are looked at.
const SAMPLE_RECORDS: usize = 50;
/// How much text is looked at, at most.
const SAMPLE_BYTES: usize = 256 * 1024;

/// Detects the separator of `text`. Text with a single column gets a comma.
pub fn detect(text: &str) -> Delimiter {
    let sample = sample(text);
    let mut best = (Delimiter::Comma, Score::default());
    for delimiter in Delimiter::ALL {
        let score = score(sample, delimiter);
        if score > best.1 {
            best = (delimiter, score);
        }
    }
    best.0
}

/// Comparable quality of one candidate: usable at all, then consistency, then width.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    splits_header: bool,
    consistent_records: usize,
    fields: usize,
}

fn sample(text: &str) -> &str {
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    let mut end = SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn score(text: &str, delimiter: Delimiter) -> Score {
    let counts = field_counts(text, delimiter.as_char(), SAMPLE_RECORDS);
    let Some(&header) = counts.first() else {
        return Score::default();
    };
    // The most common field count among the records (the header included).
    let mut tally: Vec<(usize, usize)> = Vec::new();
    for &count in &counts {
        match tally.iter_mut().find(|(c, _)| *c == count) {
            Some(entry) => entry.1 += 1,
            None => tally.push((count, 1)),
        }
    }
    let (mode, consistent) = tally
        .iter()
        .copied()
        .max_by_key(|&(count, n)| (n, count))
        .unwrap_or((1, 0));
    if mode < 2 || header < 2 {
        return Score::default();
    }
    Score {
        splits_header: true,
        consistent_records: consistent,
        fields: mode,
    }
}

/// A scanner over CSV text with the `csv` crate's quoting rules: a double quote opens a quoted
/// section only at the start of a field; inside it `""` is a literal quote and `"` closes it.
struct Scanner<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    delimiter: char,
    in_quotes: bool,
}

/// What the scanner saw.
enum Event {
    Separator,
    EndOfRecord { blank: bool },
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str, delimiter: char) -> Self {
        Scanner {
            chars: text.chars().peekable(),
            delimiter,
            in_quotes: false,
        }
    }

    /// Advances to the next separator or record end outside quotes; `None` at the end.
    fn next_event(&mut self, blank: &mut bool, at_field_start: &mut bool) -> Option<Event> {
        while let Some(c) = self.chars.next() {
            if self.in_quotes {
                if c == '"' {
                    if self.chars.peek() == Some(&'"') {
                        self.chars.next();
                    } else {
                        self.in_quotes = false;
                    }
                }
                continue;
            }
            match c {
                '"' if *at_field_start => {
                    self.in_quotes = true;
                    *blank = false;
                    *at_field_start = false;
                }
                '\r' | '\n' => {
                    if c == '\r' && self.chars.peek() == Some(&'\n') {
                        self.chars.next();
                    }
                    let was_blank = *blank;
                    *blank = true;
                    *at_field_start = true;
                    return Some(Event::EndOfRecord { blank: was_blank });
                }
                c if c == self.delimiter => {
                    *blank = false;
                    *at_field_start = true;
                    return Some(Event::Separator);
                }
                c => {
                    if !c.is_whitespace() {
                        *blank = false;
                    }
                    *at_field_start = false;
                }
            }
        }
        None
    }
}

/// Field counts of the first `limit` non-blank records, splitting on `delimiter` outside
/// quoted sections.
fn field_counts(text: &str, delimiter: char, limit: usize) -> Vec<usize> {
    let mut counts = Vec::new();
    let mut scanner = Scanner::new(text, delimiter);
    let (mut blank, mut at_start) = (true, true);
    let mut fields = 1usize;
    while let Some(event) = scanner.next_event(&mut blank, &mut at_start) {
        match event {
            Event::Separator => fields += 1,
            Event::EndOfRecord { blank } => {
                if !blank {
                    counts.push(fields);
                    if counts.len() >= limit {
                        return counts;
                    }
                }
                fields = 1;
            }
        }
    }
    if !blank {
        counts.push(fields);
    }
    counts
}

/// Whether the text ends inside a quoted section (a quotation mark that is never closed).
/// Works on bytes: every character that matters is ASCII.
pub fn ends_inside_quotes(text: &str, delimiter: char) -> bool {
    let Ok(delimiter) = u8::try_from(delimiter) else {
        return false;
    };
    let mut in_quotes = false;
    let mut at_field_start = true;
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        if in_quotes {
            if b == b'"' {
                if bytes.peek() == Some(&b'"') {
                    bytes.next();
                } else {
                    in_quotes = false;
                }
            }
            continue;
        }
        match b {
            b'"' if at_field_start => {
                in_quotes = true;
                at_field_start = false;
            }
            b'\r' | b'\n' => at_field_start = true,
            b if b == delimiter => at_field_start = true,
            _ => at_field_start = false,
        }
    }
    in_quotes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_consistent_separator() {
        assert_eq!(detect("a,b,c\n1,2,3\n"), Delimiter::Comma);
        assert_eq!(detect("a;b;c\n1;2;3\n"), Delimiter::Semicolon);
        assert_eq!(detect("a\tb\tc\n1\t2\t3\n"), Delimiter::Tab);
        assert_eq!(detect("a|b|c\n1|2|3\n"), Delimiter::Pipe);
    }

    #[test]
    fn decimal_commas_do_not_fool_it() {
        let text = "name;cost;rate\nAnn;1,5;2,25\nBob;3;4,0\nCy;7,1;8\n";
        assert_eq!(detect(text), Delimiter::Semicolon);
    }

    #[test]
    fn separators_inside_quotes_are_ignored() {
        let text = "name,title,email\n\"Doe; Jane\",\"CEO; CFO\",j@x.com\n\"Roe; R\",x,r@x.com\n";
        assert_eq!(detect(text), Delimiter::Comma);
        let text = "name;note\n\"a,b,c\nd,e\";x\n\"f,g\";y\n";
        assert_eq!(detect(text), Delimiter::Semicolon);
    }

    #[test]
    fn single_column_defaults_to_comma() {
        assert_eq!(detect("email\na@x.com\n"), Delimiter::Comma);
        assert_eq!(detect(""), Delimiter::Comma);
    }

    #[test]
    fn counts_skip_blank_lines() {
        assert_eq!(field_counts("a,b\n\n \n1,2\r\n", ',', 10), vec![2, 2]);
    }

    #[test]
    fn quotes_open_only_at_field_start() {
        assert_eq!(field_counts("a,b\nO\"Brien,x\n", ',', 10), vec![2, 2]);
        assert!(!ends_inside_quotes("a,b\nO\"Brien,x\n", ','));
        assert!(ends_inside_quotes("a,b\n\"open,x\n", ','));
        assert!(!ends_inside_quotes("a,\"say \"\"hi\"\"\"\n", ','));
    }
}
