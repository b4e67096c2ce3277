//! Reading an import file's text into one table of text cells, each row with
//! the line it starts on: CSV as RFC 4180 writes it (quoted cells,
//! separators and line breaks inside quotes, with or without a byte-order
//! mark, CRLF or LF, `,` `;` or tab as the separator, detected from the
//! header), or a JSON array of account objects as the API takes them
//! (`json.rs`), flattened to the export's column names (`billingCity`,
//! `COL7`), so that both go through one mapping. (The text comes from the
//! file's bytes through `encoding.rs`.)
//!
//! Both readers hand out one row at a time, so that the page can read a large
//! file in slices and let the browser breathe between them. A file that
//! cannot be read gives a [`ParseError`] naming the line.

use std::fmt;

use crate::domain::csv::BYTE_ORDER_MARK;

/// What kind of file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    /// JSON when the name ends in `.json`, or when there is no telling name
    /// and the text starts with `[`; CSV otherwise.
    pub fn detect(file_name: Option<&str>, text: &str) -> Format {
        let name = file_name.unwrap_or_default().to_ascii_lowercase();
        if name.ends_with(".json") {
            return Format::Json;
        }
        if name.ends_with(".csv") || name.ends_with(".txt") || name.ends_with(".tsv") {
            return Format::Csv;
        }
        if text.trim_start_matches(BYTE_ORDER_MARK).trim_start().starts_with('[') { Format::Json } else { Format::Csv }
    }
}

/// Why a file cannot be read, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line of the file.
    pub line: u32,
    pub message: String,
}

impl ParseError {
    pub(super) fn at(line: u32, message: impl Into<String>) -> ParseError {
        ParseError { line, message: message.into() }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Line {}: {}", self.line, self.message)
    }
}

/// One row of the file: the line it starts on and its cells as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRow {
    pub line: u32,
    pub cells: Vec<String>,
}

/// The separator of a CSV file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Separator {
    Comma,
    Semicolon,
    Tab,
}

impl Separator {
    fn byte(self) -> u8 {
        match self {
            Separator::Comma => b',',
            Separator::Semicolon => b';',
            Separator::Tab => b'\t',
        }
    }

    /// "comma", as a sentence about the file says it.
    pub fn name(self) -> &'static str {
        match self {
            Separator::Comma => "comma",
            Separator::Semicolon => "semicolon",
            Separator::Tab => "tab",
        }
    }

    /// The separator the first line uses most, outside quotes (a comma when
    /// there is none, or on a tie).
    fn detect(text: &str) -> Separator {
        let (mut counts, mut quoted) = ([0usize; 3], false);
        for byte in text.bytes() {
            match byte {
                b'"' => quoted = !quoted,
                b'\n' | b'\r' if !quoted => break,
                b',' if !quoted => counts[0] += 1,
                b';' if !quoted => counts[1] += 1,
                b'\t' if !quoted => counts[2] += 1,
                _ => {}
            }
        }
        let [comma, semicolon, tab] = counts;
        if semicolon > comma && semicolon >= tab {
            Separator::Semicolon
        } else if tab > comma && tab > semicolon {
            Separator::Tab
        } else {
            Separator::Comma
        }
    }
}

/// Line breaks in `text`: CRLF, LF, or a lone CR.
pub(super) fn line_breaks(text: &str) -> u32 {
    let bytes = text.as_bytes();
    let mut count = 0;
    for (i, byte) in bytes.iter().enumerate() {
        if *byte == b'\n' || (*byte == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            count += 1;
        }
    }
    count
}

/// Reads CSV one record at a time. Blank lines (and lines of empty cells
/// only) are passed over.
#[derive(Debug)]
pub struct CsvReader<'a> {
    text: &'a str,
    pos: usize,
    line: u32,
    separator: Separator,
}

impl<'a> CsvReader<'a> {
    pub fn new(text: &'a str) -> CsvReader<'a> {
        let text = text.strip_prefix(BYTE_ORDER_MARK).unwrap_or(text);
        CsvReader { text, pos: 0, line: 1, separator: Separator::detect(text.trim_start_matches(['\r', '\n'])) }
    }

    pub fn separator(&self) -> Separator {
        self.separator
    }

    /// How many bytes are left to read (for a progress bar).
    pub fn remaining(&self) -> usize {
        self.text.len() - self.pos
    }

    /// The next record with cells, or the error that ends the reading.
    pub fn next_record(&mut self) -> Option<Result<SourceRow, ParseError>> {
        loop {
            if self.pos >= self.text.len() {
                return None;
            }
            let line = self.line;
            match self.read_record() {
                Err(error) => {
                    self.pos = self.text.len();
                    return Some(Err(error));
                }
                Ok(cells) if cells.iter().all(|c| c.trim().is_empty()) => {}
                Ok(cells) => return Some(Ok(SourceRow { line, cells })),
            }
        }
    }

    fn end_line(&mut self) {
        let bytes = self.text.as_bytes();
        if bytes.get(self.pos) == Some(&b'\r') {
            self.pos += 1;
        }
        if bytes.get(self.pos) == Some(&b'\n') {
            self.pos += 1;
        }
        self.line += 1;
    }

    fn read_record(&mut self) -> Result<Vec<String>, ParseError> {
        let bytes = self.text.as_bytes();
        let separator = self.separator.byte();
        let mut cells = Vec::new();
        loop {
            let cell = if bytes.get(self.pos) == Some(&b'"') {
                self.quoted_cell(cells.len() + 1)?
            } else {
                let rest = &bytes[self.pos..];
                let end = rest.iter().position(|&b| b == separator || b == b'\r' || b == b'\n').unwrap_or(rest.len());
                let cell = self.text[self.pos..self.pos + end].to_string();
                self.pos += end;
                cell
            };
            cells.push(cell);
            match bytes.get(self.pos) {
                None => return Ok(cells),
                Some(&b) if b == separator => self.pos += 1,
                Some(_) => {
                    self.end_line();
                    return Ok(cells);
                }
            }
        }
    }

    /// A cell in quotes, `""` standing for one quote; it must end at a
    /// separator, a line end or the end of the file.
    fn quoted_cell(&mut self, number: usize) -> Result<String, ParseError> {
        let opened = self.line;
        self.pos += 1;
        let mut cell = String::new();
        loop {
            let Some(offset) = self.text[self.pos..].find('"') else {
                return Err(ParseError::at(
                    opened,
                    format!("cell {number} opens a quote that is never closed (a \" is missing)."),
                ));
            };
            let piece = &self.text[self.pos..self.pos + offset];
            self.line += line_breaks(piece);
            cell.push_str(piece);
            self.pos += offset + 1;
            if self.text.as_bytes().get(self.pos) == Some(&b'"') {
                cell.push('"');
                self.pos += 1;
            } else {
                break;
            }
        }
        match self.text.as_bytes().get(self.pos) {
            None | Some(b'\r' | b'\n') => Ok(cell),
            Some(&b) if b == self.separator.byte() => Ok(cell),
            Some(_) => Err(ParseError::at(
                self.line,
                format!(
                    "cell {number} has text after its closing quote; a quote inside a quoted cell is written \"\"."
                ),
            )),
        }
    }
}

/// A whole file read at once (the page reads in slices with [`CsvReader`]
/// and `JsonReader`): the header and the rows.
#[cfg(test)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<SourceRow>,
}

/// Reads `text` as `format`. A CSV file's first row with cells is its header.
#[cfg(test)]
pub fn read_all(text: &str, format: Format) -> Result<Table, ParseError> {
    match format {
        Format::Csv => {
            let mut reader = CsvReader::new(text);
            let mut header = None;
            let mut rows = Vec::new();
            while let Some(record) = reader.next_record() {
                let record = record?;
                if header.is_none() {
                    header = Some(header_of(record.cells));
                } else {
                    rows.push(record);
                }
            }
            Ok(Table { header: header.unwrap_or_default(), rows })
        }
        Format::Json => {
            let mut reader = crate::pages::import::model::json::JsonReader::new(text);
            let mut rows = Vec::new();
            while let Some(record) = reader.next_record() {
                rows.push(record?);
            }
            Ok(Table { header: reader.header().to_vec(), rows })
        }
    }
}

/// A CSV header row: its names trimmed.
pub fn header_of(cells: Vec<String>) -> Vec<String> {
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> Table {
        read_all(text, Format::Csv).expect("reads")
    }

    fn cells(table: &Table) -> Vec<Vec<&str>> {
        table.rows.iter().map(|r| r.cells.iter().map(String::as_str).collect()).collect()
    }

    fn lines(table: &Table) -> Vec<u32> {
        table.rows.iter().map(|r| r.line).collect()
    }

    #[test]
    fn plain_csv_reads_header_and_rows_with_their_lines() {
        let table = csv("name,accountNumber\nAcme,A-1\nBeta,B-2\n");
        assert_eq!(table.header, ["name", "accountNumber"]);
        assert_eq!(cells(&table), [["Acme", "A-1"], ["Beta", "B-2"]]);
        assert_eq!(lines(&table), [2, 3]);
    }

    #[test]
    fn quoted_cells_hold_separators_quotes_and_line_breaks_and_lines_count_physical_lines() {
        let table =
            csv("name,description,rating\r\n\"Smith, John\",\"said \"\"hi\"\"\r\nand left\",Hot\r\nNext,\"\",Cold\r\n");
        assert_eq!(cells(&table), [vec!["Smith, John", "said \"hi\"\r\nand left", "Hot"], vec!["Next", "", "Cold"]]);
        assert_eq!(lines(&table), [2, 4], "the second row starts on line 4: the first spans two");
    }

    #[test]
    fn a_byte_order_mark_crlf_and_lf_all_read_the_same() {
        let expected = csv("name,industry\nAcme,Retail\n");
        for text in [
            "\u{feff}name,industry\nAcme,Retail\n",
            "name,industry\r\nAcme,Retail\r\n",
            "\u{feff}name,industry\r\nAcme,Retail",
            "name,industry\rAcme,Retail\r",
        ] {
            assert_eq!(csv(text), expected, "{text:?}");
        }
        assert_eq!(expected.header[0], "name", "no byte-order mark left in the first name");
    }

    #[test]
    fn semicolon_and_tab_separators_are_detected_from_the_header() {
        let table = csv("name;annualRevenue;description\nMüller GmbH;1000;\"a; b\"\n");
        assert_eq!(CsvReader::new("name;x\n").separator(), Separator::Semicolon);
        assert_eq!(cells(&table), [["Müller GmbH", "1000", "a; b"]]);
        let table = csv("name\tcity\nAcme, Inc.\tLyon\n");
        assert_eq!(CsvReader::new("name\tcity\n").separator(), Separator::Tab);
        assert_eq!(cells(&table), [["Acme, Inc.", "Lyon"]]);
        assert_eq!(CsvReader::new("\"a;b\",c\n").separator(), Separator::Comma, "separators in quotes do not count");
        assert_eq!(CsvReader::new("name\n").separator(), Separator::Comma);
    }

    #[test]
    fn blank_lines_and_rows_of_empty_cells_are_passed_over() {
        let table = csv("\nname,city\n\nAcme,Lyon\n,,\n  \nBeta,\n\n");
        assert_eq!(cells(&table), [vec!["Acme", "Lyon"], vec!["Beta", ""]]);
        assert_eq!(lines(&table), [4, 7]);
        assert_eq!(table.header, ["name", "city"]);
    }

    #[test]
    fn trailing_separators_give_empty_cells_and_utf8_stays_whole() {
        let table = csv("name,a,b\nÉmeraude 🌿,,\n");
        assert_eq!(cells(&table), [["Émeraude 🌿", "", ""]]);
    }

    #[test]
    fn malformed_csv_gives_a_line_numbered_error() {
        let unclosed = read_all("name,description\nAcme,ok\nBeta,\"never closed\nmore text\n", Format::Csv);
        assert_eq!(
            unclosed.map_err(|e| e.to_string()),
            Err("Line 3: cell 2 opens a quote that is never closed (a \" is missing).".into())
        );
        let after = read_all("name,description\n\"two\nlines\",\"x\"y,z\n", Format::Csv).unwrap_err();
        assert_eq!(after.line, 3, "the error is on the line where it happens");
        assert!(after.message.contains("cell 2 has text after its closing quote"), "{after}");
    }

    #[test]
    fn a_quote_inside_an_unquoted_cell_is_kept_as_written() {
        assert_eq!(cells(&csv("name,size\nPipe 5\" wide,3\n")), [["Pipe 5\" wide", "3"]]);
    }

    #[test]
    fn the_format_comes_from_the_name_or_else_the_first_character() {
        assert_eq!(Format::detect(Some("accounts.JSON"), "name"), Format::Json);
        assert_eq!(Format::detect(Some("accounts.csv"), "[x"), Format::Csv);
        assert_eq!(Format::detect(None, "\u{feff}\n  [{}]"), Format::Json);
        assert_eq!(Format::detect(None, "name,city"), Format::Csv);
    }
}
