//! A JSON import: an array of account objects as the API takes them, read
//! one element at a time and flattened into cells under the export's column
//! names (`billingCity`, `COL7`), so that it goes through the CSV's mapping.

use std::collections::HashMap;

use account_model::Field;
use serde_json::{Map, Value};

use crate::{
    domain::csv::BYTE_ORDER_MARK,
    pages::import::model::parse::{ParseError, SourceRow, line_breaks},
};

/// Reads a JSON array one element at a time; each element is an account
/// object, flattened into cells under the export's column names.
#[derive(Debug)]
pub struct JsonReader<'a> {
    text: &'a str,
    pos: usize,
    line: u32,
    state: JsonState,
    columns: Columns,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum JsonState {
    Start,
    First,
    Next,
    Done,
}

/// Column names in the order they were first met.
#[derive(Clone, Debug, Default)]
struct Columns {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Columns {
    fn slot(&mut self, name: String) -> usize {
        if let Some(index) = self.index.get(&name) {
            return *index;
        }
        self.names.push(name.clone());
        self.index.insert(name, self.names.len() - 1);
        self.names.len() - 1
    }
}

impl<'a> JsonReader<'a> {
    pub fn new(text: &'a str) -> JsonReader<'a> {
        let text = text.strip_prefix(BYTE_ORDER_MARK).unwrap_or(text);
        JsonReader { text, pos: 0, line: 1, state: JsonState::Start, columns: Columns::default() }
    }

    /// The column names met so far (every row's cells follow them; a row
    /// read early may have fewer cells).
    pub fn header(&self) -> &[String] {
        &self.columns.names
    }

    fn skip_space(&mut self) {
        let rest = &self.text[self.pos..];
        let skipped = rest.len() - rest.trim_start().len();
        self.line += line_breaks(&rest[..skipped]);
        self.pos += skipped;
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// The next account as a row, or the error that ends the reading.
    pub fn next_record(&mut self) -> Option<Result<SourceRow, ParseError>> {
        let result = self.next_inner();
        if matches!(result, Some(Err(_))) {
            self.state = JsonState::Done;
        }
        result
    }

    fn next_inner(&mut self) -> Option<Result<SourceRow, ParseError>> {
        self.skip_space();
        match self.state {
            JsonState::Done => return None,
            JsonState::Start => {
                if self.peek() != Some(b'[') {
                    return Some(Err(ParseError::at(
                        self.line,
                        "a JSON import is an array of accounts: [{\"name\": \"…\"}, …].",
                    )));
                }
                self.pos += 1;
                self.state = JsonState::First;
                self.skip_space();
            }
            JsonState::First => {}
            JsonState::Next => match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_space();
                }
                Some(b']') => {}
                None => return Some(Err(ParseError::at(self.line, "the array is never closed (a ] is missing)."))),
                Some(_) => return Some(Err(ParseError::at(self.line, "expected , or ] after an account."))),
            },
        }
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.state = JsonState::Done;
            self.skip_space();
            if self.pos < self.text.len() {
                return Some(Err(ParseError::at(self.line, "there is text after the array's closing ].")));
            }
            return None;
        }
        let line = self.line;
        let Some(length) = value_length(&self.text[self.pos..]) else {
            return Some(Err(ParseError::at(line, "this account is never closed (a } or \" is missing).")));
        };
        let element = &self.text[self.pos..self.pos + length];
        self.line += line_breaks(element);
        self.pos += length;
        self.state = JsonState::Next;
        let value: Value = match serde_json::from_str(element) {
            Ok(value) => value,
            Err(error) => {
                let message = error.to_string();
                let message = message.split(" at line ").next().unwrap_or_default();
                let line = line + u32::try_from(error.line()).unwrap_or(1).saturating_sub(1);
                return Some(Err(ParseError::at(line, format!("{message}."))));
            }
        };
        let Value::Object(object) = value else {
            return Some(Err(ParseError::at(line, "each element of the array must be an account object {…}.")));
        };
        Some(Ok(SourceRow { line, cells: self.flatten(object) }))
    }

    /// One account as cells: scalars as text, address parts under their
    /// column names (`billingCity`), custom and secure fields under their
    /// own names (`COL7`); anything else as its JSON text.
    fn flatten(&mut self, object: Map<String, Value>) -> Vec<String> {
        let mut cells = vec![String::new(); self.columns.names.len()];
        let mut put = |columns: &mut Columns, name: String, value: String| {
            let slot = columns.slot(name);
            if cells.len() <= slot {
                cells.resize(slot + 1, String::new());
            }
            cells[slot] = value;
        };
        for (key, value) in object {
            match (key.as_str(), value) {
                ("billingAddress" | "shippingAddress", Value::Object(parts)) => {
                    for (part, value) in parts {
                        let path = format!("{key}.{part}");
                        let name = Field::at_path(&path).map_or(path, |f| f.name().to_string());
                        put(&mut self.columns, name, scalar(value));
                    }
                }
                ("customFields" | "secureFields", Value::Array(list)) if list.iter().all(is_field_value) => {
                    for item in list {
                        let name = item.get("field").map(|f| scalar(f.clone())).unwrap_or_default();
                        put(&mut self.columns, name, item.get("value").cloned().map(scalar).unwrap_or_default());
                    }
                }
                (_, value) => put(&mut self.columns, key, scalar(value)),
            }
        }
        cells
    }
}

fn is_field_value(item: &Value) -> bool {
    item.get("field").is_some_and(|f| f.is_string())
}

/// A JSON value as a cell: text as is, `null` empty, anything else as JSON.
fn scalar(value: Value) -> String {
    match value {
        Value::String(text) => text,
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The length of the JSON value `text` starts with: up to its closing
/// bracket for an object or array, to the next `,` `]` or space otherwise.
/// `None` when it never closes.
fn value_length(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &byte) in bytes.iter().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => {
                    in_string = false;
                    if depth == 0 {
                        return Some(i + 1);
                    }
                }
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth == 0 => return Some(i),
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b',' | b' ' | b'\t' | b'\r' | b'\n' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    (depth == 0 && !in_string && !text.is_empty()).then_some(text.len())
}

#[cfg(test)]
mod tests {
    use crate::pages::import::model::parse::{Format, read_all};

    fn lines(table: &crate::pages::import::model::parse::Table) -> Vec<u32> {
        table.rows.iter().map(|r| r.line).collect()
    }

    #[test]
    fn json_accounts_flatten_to_the_exports_column_names() {
        let text = r#"[
  {"name": "Acme", "annualRevenue": 1250000, "billingAddress": {"city": "Lyon", "zip": "1"},
   "customFields": [{"field": "COL7", "value": "x"}], "classificationId": 3},
  {"name": "Beta", "accountNumber": "B-2", "rating": null}
]"#;
        let table = read_all(text, Format::Json).expect("reads");
        assert_eq!(
            table.header,
            [
                "annualRevenue",
                "billingCity",
                "billingAddress.zip",
                "classificationId",
                "COL7",
                "name",
                "accountNumber",
                "rating"
            ]
        );
        assert_eq!(table.rows[0].cells, ["1250000", "Lyon", "1", "3", "x", "Acme"]);
        assert_eq!(table.rows[1].cells, ["", "", "", "", "", "Beta", "B-2", ""]);
        assert_eq!(lines(&table), [2, 4], "each account's line is where its object starts");
    }

    #[test]
    fn malformed_json_gives_a_line_numbered_error() {
        let cases = [
            ("{\"name\": \"x\"}", 1, "a JSON import is an array of accounts"),
            ("[\n {\"name\": \"x\"},\n {\"name\": }\n]", 3, "expected value"),
            ("[\n {\"name\": \"x\"}\n {\"name\": \"y\"}]", 3, "expected , or ]"),
            ("[\n \"Acme\"\n]", 2, "must be an account object"),
            ("[\n {\"name\": \"x\"},\n {\"name\": \"y\"\n", 3, "never closed"),
            ("[{\"name\": \"x\"}] trailing", 1, "text after the array"),
        ];
        for (text, line, message) in cases {
            let error = read_all(text, Format::Json).expect_err(text);
            assert_eq!(error.line, line, "{text}: {error}");
            assert!(error.message.contains(message), "{text}: {error}");
        }
        assert_eq!(read_all("\u{feff} [ ] ", Format::Json).expect("empty array").rows, []);
    }
}
