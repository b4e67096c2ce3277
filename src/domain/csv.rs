//! Accounts as CSV (RFC 4180, CRLF, with a UTF-8 byte-order mark so that
//! spreadsheets read it as UTF-8): a header row of the field table's names,
//! then one row per account with every scalar field and one column per custom
//! field any exported account has. Import reads the same header back.

use account_model::{
    Account, ListField, ListKind,
    fields::{FIELDS, Field, Kind, Spec, Value},
};

use crate::domain::format;

/// What a spreadsheet needs to read the file as UTF-8.
pub const BYTE_ORDER_MARK: char = '\u{feff}';

/// The exported columns: every field but the lists (custom fields get a
/// column each; secure fields are never exported).
pub fn exported_fields() -> impl Iterator<Item = &'static Spec> {
    FIELDS.iter().filter(|s| !matches!(s.kind, Kind::Custom | Kind::Secure))
}

/// A cell: text as is, numbers as plain digits (so they import back), dates
/// in local time.
fn cell(account: &Account, field: Field) -> String {
    match field.read(account) {
        None => String::new(),
        Some(Value::Text(text)) => text.to_string(),
        Some(Value::Int(ms)) if field.kind() == Kind::Date => format::local_date_time(ms),
        Some(Value::Int(n)) => n.to_string(),
    }
}

/// The CSV of `accounts`, with a header row. Custom fields (`COL1`..) that any
/// of them has become columns in numeric order. The export of every result
/// writes the same bytes a page at a time: [`header`], then [`push_rows`].
pub fn accounts_csv(accounts: &[Account]) -> String {
    let mut custom = Vec::new();
    add_custom_columns(&mut custom, accounts);
    let mut out = header(&custom);
    push_rows(&mut out, accounts, &custom);
    out
}

/// Adds to `columns` (kept in numeric order) the custom fields of `accounts`
/// it lacks; says whether it added any.
pub fn add_custom_columns<'a>(columns: &mut Vec<u32>, accounts: impl IntoIterator<Item = &'a Account>) -> bool {
    let before = columns.len();
    // Each number once: a few distinct numbers, however many accounts.
    for account in accounts {
        for number in account.list(Field::CustomFields).iter().filter_map(|f| f.number(ListKind::Custom)) {
            if !columns.contains(&number) {
                columns.push(number);
            }
        }
    }
    crate::domain::sort::by_key(columns, |n| *n);
    columns.len() > before
}

/// The file's start: the byte-order mark and the header row, with the
/// `custom` columns after the fixed ones.
pub fn header(custom: &[u32]) -> String {
    let mut out = String::from(BYTE_ORDER_MARK);
    let header: Vec<String> = exported_fields()
        .map(|s| s.name.to_string())
        .chain(custom.iter().map(|n| ListField::Col(*n).to_string()))
        .collect();
    push_row(&mut out, &header);
    out
}

/// One row per account, with the `custom` columns of [`header`].
pub fn push_rows<'a>(out: &mut String, accounts: impl IntoIterator<Item = &'a Account>, custom: &[u32]) {
    for account in accounts {
        let custom_value = |n: u32| -> String {
            let fields = account.list(Field::CustomFields);
            fields
                .iter()
                .find(|f| f.number(ListKind::Custom) == Some(n))
                .and_then(|f| f.value.clone())
                .unwrap_or_default()
        };
        let row: Vec<String> =
            exported_fields().map(|s| cell(account, s.field)).chain(custom.iter().map(|n| custom_value(*n))).collect();
        push_row(out, &row);
    }
}

/// One CSV line of `cells`, each escaped, ended by CRLF.
pub fn push_row(out: &mut String, cells: &[impl AsRef<str>]) {
    let cells: Vec<String> = cells.iter().map(|c| escape(c.as_ref())).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// Quotes a cell when it must be, and defuses text a spreadsheet would run as
/// a formula (`=`, `+`, `-`, `@` first) by prefixing an apostrophe.
pub fn escape(cell: &str) -> String {
    let defused = match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if cell.parse::<f64>().is_err() => format!("'{cell}"),
        _ => cell.to_string(),
    };
    if defused.contains([',', '"', '\n', '\r']) { format!("\"{}\"", defused.replace('"', "\"\"")) } else { defused }
}

#[cfg(test)]
mod tests {
    use account_model::{AccountInput, Address, FieldValue};

    use super::*;

    fn account(id: i64, name: &str, custom: &[(&str, &str)]) -> Account {
        Account {
            id,
            fields: AccountInput {
                name: name.into(),
                billing_address: Some(Address { city: Some("Bangalore".into()), ..Address::default() }),
                custom_fields: Some(
                    custom.iter().map(|(f, v)| FieldValue { field: (*f).into(), value: Some((*v).into()) }).collect(),
                ),
                ..AccountInput::default()
            },
            ..Account::default()
        }
    }

    #[test]
    fn the_header_names_fixed_columns_then_every_custom_field_in_order() {
        let csv = accounts_csv(&[account(1, "A", &[("COL10", "x")]), account(2, "B", &[("COL2", "y")])]);
        let csv = csv.strip_prefix(BYTE_ORDER_MARK).expect("the file starts with the byte-order mark");
        let mut lines = csv.split("\r\n");
        let header = lines.next().unwrap();
        assert!(header.starts_with("id,name,accountNumber,"), "{header}");
        assert!(header.contains("billingCity") && header.contains("shippingCountry"));
        assert!(header.ends_with(",modifiedBy,COL2,COL10"), "{header}");
        let first: Vec<&str> = lines.next().unwrap().split(',').collect();
        assert_eq!((first[0], first[1]), ("1", "A"));
        assert_eq!(&first[first.len() - 2..], ["", "x"]);
        assert!(first.contains(&"Bangalore"));
        assert_eq!(csv.matches("\r\n").count(), 3, "header and two rows");
    }

    #[test]
    fn cells_are_quoted_when_needed() {
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape("Smith, John"), "\"Smith, John\"");
        assert_eq!(escape("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(escape("two\nlines"), "\"two\nlines\"");
        assert_eq!(escape("Müller"), "Müller");
    }

    #[test]
    fn formulas_are_defused_but_negative_numbers_stay() {
        assert_eq!(escape("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(escape("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(escape("-42"), "-42");
        assert_eq!(escape("+1 650 351"), "'+1 650 351");
    }
}
