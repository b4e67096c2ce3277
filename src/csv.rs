//! Accounts as CSV (RFC 4180) for export: a header row, then one row per
//! account with its addresses and every custom field any exported account has.

use account_model::{Account, Address, FieldValue};

use crate::format;

/// The fixed columns: header and how to read the cell.
type Column = (&'static str, fn(&Account) -> String);

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn number(value: Option<i64>) -> String {
    value.map(|n| n.to_string()).unwrap_or_default()
}

fn date(value: Option<i64>) -> String {
    value.map(format::local_date_time).unwrap_or_default()
}

fn part(address: &Option<Address>, pick: fn(&Address) -> &Option<String>) -> String {
    address.as_ref().and_then(|a| pick(a).clone()).unwrap_or_default()
}

const COLUMNS: &[Column] = &[
    ("id", |a| a.id.to_string()),
    ("name", |a| a.fields.name.clone()),
    ("accountNumber", |a| text(&a.fields.account_number)),
    ("originalAccountNumber", |a| text(&a.fields.original_account_number)),
    ("description", |a| text(&a.fields.description)),
    ("industry", |a| text(&a.fields.industry)),
    ("annualRevenue", |a| number(a.fields.annual_revenue)),
    ("numOfEmployees", |a| number(a.fields.num_of_employees)),
    ("rating", |a| text(&a.fields.rating)),
    ("ownershipType", |a| text(&a.fields.ownership_type)),
    ("tickerSymbol", |a| text(&a.fields.ticker_symbol)),
    ("phoneOffice", |a| text(&a.fields.phone_office)),
    ("phoneAlternate", |a| text(&a.fields.phone_alternate)),
    ("phoneFax", |a| text(&a.fields.phone_fax)),
    ("website", |a| text(&a.fields.website)),
    ("accountSource", |a| text(&a.fields.account_source)),
    ("sicCode", |a| text(&a.fields.sic_code)),
    ("sicDesc", |a| text(&a.fields.sic_desc)),
    ("campaignId", |a| text(&a.fields.campaign_id)),
    ("agentId", |a| number(a.fields.agent_id)),
    ("agentName", |a| text(&a.agent_name)),
    ("agentTeamId", |a| number(a.fields.agent_team_id)),
    ("agentTeamName", |a| text(&a.agent_team_name)),
    ("classificationId", |a| number(a.fields.classification_id)),
    ("classificationName", |a| text(&a.classification_name)),
    ("typeId", |a| number(a.fields.type_id)),
    ("typeName", |a| text(&a.type_name)),
    ("billingStreet", |a| part(&a.fields.billing_address, |x| &x.street)),
    ("billingCity", |a| part(&a.fields.billing_address, |x| &x.city)),
    ("billingState", |a| part(&a.fields.billing_address, |x| &x.state)),
    ("billingPostalCode", |a| part(&a.fields.billing_address, |x| &x.postal_code)),
    ("billingCountry", |a| part(&a.fields.billing_address, |x| &x.country)),
    ("shippingStreet", |a| part(&a.fields.shipping_address, |x| &x.street)),
    ("shippingCity", |a| part(&a.fields.shipping_address, |x| &x.city)),
    ("shippingState", |a| part(&a.fields.shipping_address, |x| &x.state)),
    ("shippingPostalCode", |a| part(&a.fields.shipping_address, |x| &x.postal_code)),
    ("shippingCountry", |a| part(&a.fields.shipping_address, |x| &x.country)),
    ("createdDate", |a| date(a.created_date)),
    ("createdBy", |a| text(&a.created_by)),
    ("modifiedDate", |a| date(a.modified_date)),
    ("modifiedBy", |a| text(&a.modified_by)),
];

/// The CSV of `accounts`, with a header row. Custom fields (`COL1`..) that any
/// of them has become columns in numeric order.
pub fn accounts_csv(accounts: &[Account]) -> String {
    let mut custom: Vec<u32> =
        accounts.iter().flat_map(|a| a.fields.custom_fields.iter().flatten()).filter_map(|f| f.number("COL")).collect();
    custom.sort_unstable();
    custom.dedup();

    let mut out = String::new();
    let header: Vec<String> =
        COLUMNS.iter().map(|(name, _)| (*name).to_string()).chain(custom.iter().map(|n| format!("COL{n}"))).collect();
    push_row(&mut out, &header);
    for account in accounts {
        let custom_value = |n: u32| -> String {
            let name = format!("COL{n}");
            let fields: &[FieldValue] = account.fields.custom_fields.as_deref().unwrap_or_default();
            fields.iter().find(|f| f.field == name).and_then(|f| f.value.clone()).unwrap_or_default()
        };
        let row: Vec<String> =
            COLUMNS.iter().map(|(_, cell)| cell(account)).chain(custom.iter().map(|n| custom_value(*n))).collect();
        push_row(&mut out, &row);
    }
    out
}

fn push_row(out: &mut String, cells: &[String]) {
    let cells: Vec<String> = cells.iter().map(|c| escape(c)).collect();
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
    use super::*;
    use account_model::AccountInput;

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
        let mut lines = csv.split("\r\n");
        let header = lines.next().unwrap();
        assert!(header.starts_with("id,name,accountNumber,"));
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
