//! The account's fields as the detail page shows them: the groups of the
//! field table with their labels, names beside ids, masked secure values,
//! and the record's dates with their ages. Worked out natively; the views at
//! the end only render it, as text.

use account_model::{Account, FieldValue, ListKind, fields::Field};
use leptos::{either::Either, prelude::*};

use crate::{
    domain::fields::{GROUPS, short_label},
    domain::format::{local_date_time, relative_age},
    pages::{account_detail::Shown, accounts::table::cell_text},
};

/// One labelled value. `value` is `None` when the account does not have it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub value: Option<String>,
}

impl Row {
    fn new(label: impl Into<String>, value: Option<String>) -> Row {
        Row { label: label.into(), value: value.filter(|v| !v.trim().is_empty()) }
    }
}

/// A titled group of rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub title: &'static str,
    pub rows: Vec<Row>,
}

/// The account's fields in the sections the page shows, in order: the field
/// groups, custom fields that have values, and the record. Secure fields are
/// left out: see [`secure_fields`]. `now_ms` dates the relative ages.
pub fn sections(account: &Account, now_ms: i64) -> Vec<Section> {
    let mut sections: Vec<Section> = GROUPS
        .iter()
        .map(|group| Section {
            title: group.title,
            rows: group
                .fields
                .iter()
                .map(|field| Row::new(short_label(*field), shown_value(account, *field)))
                .collect(),
        })
        .collect();
    sections.push(Section { title: "Custom fields", rows: custom_fields(account.list(Field::CustomFields)) });
    sections.push(Section {
        title: "Record",
        rows: vec![
            Row::new("Account ID", Some(account.id.to_string())),
            Row::new("Created", when_and_who(account.created_date, account.created_by.as_deref(), now_ms)),
            Row::new("Modified", when_and_who(account.modified_date, account.modified_by.as_deref(), now_ms)),
            Row::new("Client ID", account.client_id.map(|id| id.to_string())),
        ],
    });
    sections
}

/// A field's value as the page shows it: ids with the name the API gives
/// (`Ana Souza (ID 595348)`), numbers with separators.
fn shown_value(account: &Account, field: Field) -> Option<String> {
    let name = match field {
        Field::AgentId => &account.agent_name,
        Field::AgentTeamId => &account.agent_team_name,
        Field::ClassificationId => &account.classification_name,
        Field::TypeId => &account.type_name,
        Field::CampaignId => &None,
        _ => return Some(cell_text(account, field)),
    };
    let id = Some(cell_text(account, field).replace(',', "")).filter(|id| !id.is_empty());
    named_id(name.as_deref(), id)
}

/// "Ana Souza (ID 595348)", the name or the id alone, or nothing.
pub fn named_id(name: Option<&str>, id: Option<String>) -> Option<String> {
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    match (name, id) {
        (Some(name), Some(id)) => Some(format!("{name} (ID {id})")),
        (Some(name), None) => Some(name.to_string()),
        (None, Some(id)) => Some(format!("ID {id}")),
        (None, None) => None,
    }
}

/// "2026-01-02 10:15 (3 days ago) by sysadmin", or as much of it as is known.
pub fn when_and_who(date_ms: Option<i64>, by: Option<&str>, now_ms: i64) -> Option<String> {
    let when = date_ms.map(|ms| format!("{} ({})", local_date_time(ms), relative_age(ms, now_ms)));
    let by = by.map(str::trim).filter(|b| !b.is_empty());
    match (when, by) {
        (Some(when), Some(by)) => Some(format!("{when} by {by}")),
        (Some(when), None) => Some(when),
        (None, Some(by)) => Some(format!("by {by}")),
        (None, None) => None,
    }
}

/// Custom fields that have a value: `COL1`..`COL100` in number order, then
/// any field the console does not know by name, in the order the API sent.
pub fn custom_fields(fields: &[FieldValue]) -> Vec<Row> {
    let has_value = |f: &&FieldValue| f.value.as_deref().is_some_and(|v| !v.trim().is_empty());
    let known = |f: &FieldValue| ListKind::Custom.allowed_number(&f.field);
    let mut numbered: Vec<(u32, &FieldValue)> =
        fields.iter().filter(has_value).filter_map(|f| known(f).map(|n| (n, f))).collect();
    crate::domain::sort::by_key(&mut numbered, |(n, _)| *n);
    let others = fields.iter().filter(has_value).filter(|f| known(f).is_none());
    numbered.into_iter().map(|(_, f)| f).chain(others).map(|f| Row::new(f.field.clone(), f.value.clone())).collect()
}

/// A secure field as the page shows it before the user reveals it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecureRow {
    pub field: String,
    /// The value itself, shown only after an explicit reveal.
    pub value: String,
}

/// The same eight dots whatever the value, so that not even its length shows.
pub const MASK: &str = "••••••••";

/// The secure fields that have values, in name order (`SECURE1`..).
pub fn secure_fields(fields: &[FieldValue]) -> Vec<SecureRow> {
    let mut rows: Vec<(Option<u32>, SecureRow)> = fields
        .iter()
        .filter_map(|f| {
            let value = f.value.clone().filter(|v| !v.trim().is_empty())?;
            Some((f.number(ListKind::Secure), SecureRow { field: f.field.clone(), value }))
        })
        .collect();
    // Known names first, in number order; the sort is stable for the rest.
    crate::domain::sort::by_key(&mut rows, |(n, _)| n.map_or((1, 0), |n| (0, n)));
    rows.into_iter().map(|(_, row)| row).collect()
}

/// One section of fields as a description list; missing values show a dash.
#[component]
pub fn FieldSection(section: Section) -> impl IntoView {
    let title = section.title;
    let body = if section.rows.is_empty() {
        Either::Left(view! { <p class="empty">"None has a value."</p> })
    } else {
        Either::Right(view! {
            <dl class="fields">
                {section.rows.into_iter().map(|row| {
                    let unset = row.value.is_none();
                    view! {
                        <div class="field-row">
                            <dt>{row.label}</dt>
                            <dd class:unset=unset>{row.value.unwrap_or_else(|| "—".into())}</dd>
                        </div>
                    }
                }).collect_view()}
            </dl>
        })
    };
    view! {
        <section class="card detail-section" data-section=title>
            <h2>{title}</h2>
            {body}
        </section>
    }
}

/// Secure fields, each masked until its "Show" button is pressed.
#[component]
pub fn SecureFields(shown: Shown) -> impl IntoView {
    let rows = Memo::new(move |_| shown.account.with(|a| secure_fields(a.list(Field::SecureFields))));
    let withheld = Memo::new(move |_| {
        shown.account.with(|a| {
            a.log_id.as_deref().is_some_and(|t| !t.trim().is_empty())
                || a.error_msg.as_deref().is_some_and(|t| !t.trim().is_empty())
        })
    });
    view! {
        <section class="card detail-section secure-fields" data-section="Secure fields">
            <h2>"Secure fields"</h2>
            {move || {
                let rows = rows.get();
                if rows.is_empty() {
                    let text = if withheld.get() { "Not available: see the warning above." } else { "None has a value." };
                    Either::Left(view! { <p class="empty">{text}</p> })
                } else {
                    Either::Right(view! {
                        <dl class="fields">
                            {rows.into_iter().map(|row| view! { <SecureValue row /> }).collect_view()}
                        </dl>
                    })
                }
            }}
        </section>
    }
}

#[component]
fn SecureValue(row: SecureRow) -> impl IntoView {
    let revealed = RwSignal::new(false);
    let SecureRow { field, value } = row;
    let label = field.clone();
    view! {
        <div class="field-row">
            <dt>{field}</dt>
            <dd class="secure-value">
                <span class="value" class:masked=move || !revealed.get()>
                    {move || if revealed.get() { value.clone() } else { MASK.to_string() }}
                </span>
                " "
                <button
                    type="button"
                    class="secondary reveal"
                    aria-pressed=move || revealed.get().to_string()
                    aria-label=move || format!("{} {label}", if revealed.get() { "Hide" } else { "Show" })
                    on:click=move |_| revealed.update(|r| *r = !*r)
                >
                    {move || if revealed.get() { "Hide" } else { "Show" }}
                </button>
            </dd>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use account_model::{AccountInput, Address};

    use super::*;

    fn row<'a>(sections: &'a [Section], title: &str, label: &str) -> Option<&'a str> {
        let section = sections.iter().find(|s| s.title == title).expect("the section");
        section.rows.iter().find(|r| r.label == label).expect("the row").value.as_deref()
    }

    fn field(name: &str, value: Option<&str>) -> FieldValue {
        FieldValue { field: name.into(), value: value.map(str::to_string) }
    }

    #[test]
    fn every_field_of_a_populated_account_lands_in_its_section() {
        let account = Account {
            id: 607_260,
            created_date: Some(1_672_638_331_042),
            created_by: Some("apiSysAdmin".into()),
            modified_date: Some(1_672_638_331_042 + 86_400_000),
            modified_by: Some("manager".into()),
            client_id: Some(84_723),
            fields: AccountInput {
                name: "Acme".into(),
                description: Some("Anvils".into()),
                industry: Some("Tools".into()),
                annual_revenue: Some(1_250_000),
                phone_fax: Some("+1 650 351 0000".into()),
                billing_address: Some(Address { city: Some("Bangalore".into()), ..Address::default() }),
                rating: Some("Hot".into()),
                phone_office: Some("+1 650 351 7000".into()),
                phone_alternate: Some("+1 650 351 7400".into()),
                website: Some("www.example.com".into()),
                ownership_type: Some("Private".into()),
                num_of_employees: Some(4_200),
                ticker_symbol: Some("ACME".into()),
                shipping_address: Some(Address { country: Some("IND".into()), ..Address::default() }),
                campaign_id: Some("28571101".into()),
                account_number: Some("A-1".into()),
                original_account_number: Some("OAN-1".into()),
                agent_id: Some(595_348),
                agent_team_id: Some(16_001),
                account_source: Some("Trade Show".into()),
                sic_code: Some("3423".into()),
                sic_desc: Some("Hand tools".into()),
                classification_id: Some(3),
                custom_fields: Some(vec![field("COL10", Some("ten")), field("COL2", Some("two"))]),
                secure_fields: Some(vec![field("SECURE1", Some("TRUE"))]),
                type_id: Some(4),
            },
            classification_name: Some("Gold".into()),
            type_name: Some("Customer".into()),
            agent_name: Some("Ana Souza".into()),
            agent_team_name: Some("North Desk".into()),
            ..Account::default()
        };
        let now = 1_672_638_331_042 + 3 * 86_400_000;
        let s = sections(&account, now);
        assert_eq!(row(&s, "Identity", "Name"), Some("Acme"));
        assert_eq!(row(&s, "Record", "Account ID"), Some("607260"));
        assert_eq!(row(&s, "Identity", "Original account number"), Some("OAN-1"));
        assert_eq!(row(&s, "Contact", "Website"), Some("www.example.com"));
        assert_eq!(row(&s, "Business", "Annual revenue"), Some("1,250,000"));
        assert_eq!(row(&s, "Business", "Employees"), Some("4,200"));
        assert_eq!(row(&s, "Business", "SIC description"), Some("Hand tools"));
        assert_eq!(row(&s, "Assignment", "Agent ID"), Some("Ana Souza (ID 595348)"));
        assert_eq!(row(&s, "Assignment", "Agent team ID"), Some("North Desk (ID 16001)"));
        assert_eq!(row(&s, "Assignment", "Campaign ID"), Some("ID 28571101"));
        assert_eq!(row(&s, "Assignment", "Classification"), Some("Gold (ID 3)"));
        assert_eq!(row(&s, "Assignment", "Type"), Some("Customer (ID 4)"));
        assert_eq!(row(&s, "Billing address", "City"), Some("Bangalore"));
        assert_eq!(row(&s, "Billing address", "Street"), None);
        assert_eq!(row(&s, "Shipping address", "Country"), Some("IND"));
        assert_eq!(row(&s, "Custom fields", "COL2"), Some("two"));
        assert_eq!(row(&s, "Record", "Created"), Some("2023-01-02 05:45 (3 days ago) by apiSysAdmin"));
        assert_eq!(row(&s, "Record", "Modified"), Some("2023-01-03 05:45 (2 days ago) by manager"));
        let all_text: String = s.iter().flat_map(|s| &s.rows).filter_map(|r| r.value.clone()).collect();
        assert!(!all_text.contains("TRUE"), "secure values stay out of the plain sections");
    }

    #[test]
    fn an_account_with_only_an_id_still_gives_every_section() {
        let s = sections(&Account { id: 7, ..Account::default() }, 0);
        assert_eq!(s.len(), 8);
        assert_eq!(row(&s, "Identity", "Name"), None, "a blank name counts as missing");
        assert_eq!(row(&s, "Assignment", "Agent ID"), None);
        assert_eq!(row(&s, "Record", "Created"), None);
        assert!(s.iter().find(|s| s.title == "Custom fields").is_some_and(|s| s.rows.is_empty()));
    }

    #[test]
    fn custom_fields_with_values_come_in_number_order_and_unknown_names_last() {
        let fields = [
            field("COL10", Some("ten")),
            field("Region", Some("north")),
            field("COL2", Some("two")),
            field("COL3", Some("  ")),
            field("COL4", None),
            field("COL100", Some("hundred")),
        ];
        let labels: Vec<String> = custom_fields(&fields).into_iter().map(|r| r.label).collect();
        assert_eq!(labels, ["COL2", "COL10", "COL100", "Region"]);
    }

    #[test]
    fn secure_values_come_in_name_order_and_only_with_a_value() {
        let rows = secure_fields(&[field("SECURE2", Some("a much longer secret")), field("SECURE1", Some("x"))]);
        assert_eq!(rows.iter().map(|r| r.field.as_str()).collect::<Vec<_>>(), ["SECURE1", "SECURE2"]);
        assert_eq!(rows[1].value, "a much longer secret");
        assert!(secure_fields(&[field("SECURE3", None)]).is_empty());
        assert!(!MASK.contains('x'), "the mask shows nothing of any value");
    }
}
