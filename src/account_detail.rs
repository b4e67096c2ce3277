//! What the account detail page shows, worked out without a browser: the
//! account's fields grouped into labelled sections, notes and history newest
//! first, the primary contact, masked secure values, pasted contact ids, and
//! the messages a failed action shows. The page (`pages/account_detail.rs`)
//! only renders what these functions return, as text.

use std::collections::HashSet;

use account_model::{
    Account, Address, BulkLinkResult, FieldValue, HistoryEntry, Note, account::CUSTOM_FIELD_NAMES, session::Permission,
};

use crate::{
    api::ApiError,
    format::{local_date_time, relative_age, thousands},
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

/// The account's fields in the sections the page shows, in order: identity and
/// ownership, contact numbers and website, business, assignment, the two
/// addresses, custom fields that have values, and record metadata. Secure
/// fields are left out: see [`secure_fields`]. `now_ms` dates the relative
/// ages of the metadata.
pub fn sections(account: &Account, now_ms: i64) -> Vec<Section> {
    let f = &account.fields;
    let text = |value: &Option<String>| value.clone();
    vec![
        Section {
            title: "Identity and ownership",
            rows: vec![
                Row::new("Name", Some(f.name.clone())),
                Row::new("Account ID", Some(account.id.to_string())),
                Row::new("Account number", text(&f.account_number)),
                Row::new("Original account number", text(&f.original_account_number)),
                Row::new("Description", text(&f.description)),
                Row::new("Ownership type", text(&f.ownership_type)),
            ],
        },
        Section {
            title: "Contact numbers and website",
            rows: vec![
                Row::new("Office phone", text(&f.phone_office)),
                Row::new("Alternate phone", text(&f.phone_alternate)),
                Row::new("Phone or fax", text(&f.phone_fax)),
                Row::new("Website", text(&f.website)),
            ],
        },
        Section {
            title: "Business",
            rows: vec![
                Row::new("Industry", text(&f.industry)),
                Row::new("Annual revenue", f.annual_revenue.map(thousands)),
                Row::new("Employees", f.num_of_employees.map(thousands)),
                Row::new("Ticker symbol", text(&f.ticker_symbol)),
                Row::new("SIC code", text(&f.sic_code)),
                Row::new("SIC description", text(&f.sic_desc)),
                Row::new("Account source", text(&f.account_source)),
                Row::new("Rating", text(&f.rating)),
            ],
        },
        Section {
            title: "Assignment",
            rows: vec![
                Row::new("Agent", named_id(account.agent_name.as_deref(), f.agent_id.map(|id| id.to_string()))),
                Row::new(
                    "Agent team",
                    named_id(account.agent_team_name.as_deref(), f.agent_team_id.map(|id| id.to_string())),
                ),
                Row::new("Campaign", f.campaign_id.as_ref().map(|id| format!("ID {id}"))),
                Row::new(
                    "Classification",
                    named_id(account.classification_name.as_deref(), f.classification_id.map(|id| id.to_string())),
                ),
                Row::new("Type", named_id(account.type_name.as_deref(), f.type_id.map(|id| id.to_string()))),
            ],
        },
        address_section("Billing address", f.billing_address.as_ref()),
        address_section("Shipping address", f.shipping_address.as_ref()),
        Section { title: "Custom fields", rows: custom_fields(f.custom_fields.as_deref().unwrap_or_default()) },
        Section {
            title: "Record",
            rows: vec![
                Row::new("Created", when_and_who(account.created_date, account.created_by.as_deref(), now_ms)),
                Row::new("Modified", when_and_who(account.modified_date, account.modified_by.as_deref(), now_ms)),
                Row::new("Client ID", account.client_id.map(|id| id.to_string())),
            ],
        },
    ]
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

fn address_section(title: &'static str, address: Option<&Address>) -> Section {
    let labels = ["Street", "City", "State", "Postal code", "Country"];
    let empty = Address::default();
    let parts = address.unwrap_or(&empty).parts();
    Section {
        title,
        rows: labels.iter().zip(parts).map(|(label, (_, value))| Row::new(*label, value.map(str::to_string))).collect(),
    }
}

/// Custom fields that have a value: `COL1`..`COL100` in number order, then
/// any field the console does not know by name, in the order the API sent.
pub fn custom_fields(fields: &[FieldValue]) -> Vec<Row> {
    let has_value = |f: &&FieldValue| f.value.as_deref().is_some_and(|v| !v.trim().is_empty());
    let known = |f: &FieldValue| f.number("COL").filter(|n| CUSTOM_FIELD_NAMES.contains(n));
    let mut numbered: Vec<(u32, &FieldValue)> =
        fields.iter().filter(has_value).filter_map(|f| known(f).map(|n| (n, f))).collect();
    numbered.sort_by_key(|(n, _)| *n);
    let others = fields.iter().filter(has_value).filter(|f| known(f).is_none());
    numbered.into_iter().map(|(_, f)| f).chain(others).map(|f| Row::new(f.field.clone(), f.value.clone())).collect()
}

/// A secure field as the page shows it before the user reveals it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecureRow {
    pub field: String,
    /// The value itself, shown only after an explicit reveal.
    pub value: String,
    /// What shows instead until then.
    pub masked: String,
}

/// The secure fields that have values, in name order (`SECURE1`..).
pub fn secure_fields(fields: &[FieldValue]) -> Vec<SecureRow> {
    let mut rows: Vec<(Option<u32>, SecureRow)> = fields
        .iter()
        .filter_map(|f| {
            let value = f.value.clone().filter(|v| !v.trim().is_empty())?;
            Some((f.number("SECURE"), SecureRow { field: f.field.clone(), masked: mask(&value), value }))
        })
        .collect();
    // Known names first, in number order; the sort is stable for the rest.
    rows.sort_by_key(|(n, _)| n.map_or((1, 0), |n| (0, n)));
    rows.into_iter().map(|(_, row)| row).collect()
}

/// The same eight dots whatever the value, so that not even its length shows.
pub fn mask(_value: &str) -> String {
    "••••••••".to_string()
}

/// The notes newest first. The API sends them oldest first; notes with a date
/// sort by it (then by id), and the API's order breaks any remaining tie.
pub fn notes_newest_first(notes: &[Note]) -> Vec<Note> {
    let mut indexed: Vec<(usize, &Note)> = notes.iter().enumerate().collect();
    indexed.sort_by_key(|(index, note)| std::cmp::Reverse((note.created_date, note.id, *index)));
    indexed.into_iter().map(|(_, note)| note.clone()).collect()
}

/// The history newest first, in the same way as [`notes_newest_first`].
pub fn history_newest_first(history: &[HistoryEntry]) -> Vec<HistoryEntry> {
    let mut indexed: Vec<(usize, &HistoryEntry)> = history.iter().enumerate().collect();
    indexed.sort_by_key(|(index, entry)| std::cmp::Reverse((entry.created_date, entry.id, *index)));
    indexed.into_iter().map(|(_, entry)| entry.clone()).collect()
}

/// The id of the contact link that is the account's primary contact, from
/// `primaryAccountContact` or else `primaryContact`.
pub fn primary_link_id(account: &Account) -> Option<i64> {
    account
        .primary_account_contact
        .as_ref()
        .map(|link| link.id)
        .or_else(|| account.primary_contact.as_ref().and_then(|p| p.link_id()))
}

/// Contact ids as pasted: split on newlines, commas and whitespace, trimmed,
/// empties dropped, repeats dropped (the first one kept, in order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PastedIds {
    pub ids: Vec<String>,
    /// How many repeats were dropped.
    pub repeats: usize,
}

pub fn parse_contact_ids(text: &str) -> PastedIds {
    let mut seen = HashSet::new();
    let mut pasted = PastedIds::default();
    for id in text.split(|c: char| c == ',' || c == ';' || c.is_whitespace()).map(str::trim).filter(|s| !s.is_empty()) {
        if seen.insert(id) {
            pasted.ids.push(id.to_string());
        } else {
            pasted.repeats += 1;
        }
    }
    pasted
}

/// The report after a bulk link: a summary line and each failure with its cause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulkLinkReport {
    pub summary: String,
    pub failures: Vec<String>,
}

/// `sent` is how many ids went out, `repeats` how many repeated ones the paste
/// held (and were left out).
pub fn bulk_link_report(result: &BulkLinkResult, sent: usize, repeats: usize) -> BulkLinkReport {
    let linked = result.success_count;
    let contacts = if sent == 1 { "contact" } else { "contacts" };
    let mut summary = format!("Linked {linked} of {sent} {contacts}.");
    if repeats > 0 {
        let ids = if repeats == 1 { "ID was" } else { "IDs were" };
        summary.push_str(&format!(" {repeats} repeated {ids} left out."));
    }
    if !result.failed_data.is_empty() {
        let count = result.failed_data.len().max(usize::try_from(result.fail_count).unwrap_or(0));
        summary.push_str(&format!(" {count} failed:"));
    }
    let failures = result
        .failed_data
        .iter()
        .map(|f| {
            let cause = f.cause.trim();
            let cause = if cause.is_empty() { "no cause given" } else { cause };
            format!("{}: {cause}", f.item_name)
        })
        .collect();
    BulkLinkReport { summary, failures }
}

/// The ids that failed, one a line: what stays in the box after a bulk link.
pub fn failed_ids(result: &BulkLinkResult) -> String {
    result.failed_data.iter().map(|f| f.item_name.as_str()).collect::<Vec<_>>().join("\n")
}

/// The actions of the page, for their failure messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetailAction {
    AddNote,
    LinkContact,
    BulkLink,
    Unlink,
    Delete,
    Read,
}

impl DetailAction {
    fn permission(self) -> Permission {
        match self {
            DetailAction::AddNote | DetailAction::Delete => Permission::WriteAccounts,
            DetailAction::LinkContact | DetailAction::BulkLink | DetailAction::Unlink => Permission::LinkContacts,
            DetailAction::Read => Permission::ReadAccounts,
        }
    }

    fn doing(self) -> &'static str {
        match self {
            DetailAction::AddNote => "Adding a note",
            DetailAction::LinkContact | DetailAction::BulkLink => "Linking contacts",
            DetailAction::Unlink => "Unlinking contacts",
            DetailAction::Delete => "Deleting an account",
            DetailAction::Read => "Reading accounts",
        }
    }
}

/// What to tell the user when `action` failed with `error`: a 403 names the
/// role needed, a 409 on linking says the contact is already linked, a 404
/// that the account no longer exists; anything else is the error's own text.
pub fn failure_text(action: DetailAction, error: &ApiError, contact_id: Option<&str>) -> String {
    match error {
        ApiError::Forbidden(_) => {
            format!("{} needs the {} role.", action.doing(), action.permission().roles_text())
        }
        ApiError::Conflict(_) if action == DetailAction::LinkContact => match contact_id {
            Some(id) => format!("{id} is already linked to this account."),
            None => "That contact is already linked to this account.".to_string(),
        },
        ApiError::NotFound(_) if action == DetailAction::Unlink => match contact_id {
            Some(id) => format!("{id} is no longer linked to this account."),
            None => "That contact is no longer linked to this account.".to_string(),
        },
        ApiError::NotFound(_) => "This account no longer exists.".to_string(),
        other => other.to_string(),
    }
}

/// The route's `id` as an account id, when it is one.
pub fn parse_account_id(text: &str) -> Option<i64> {
    text.trim().parse::<i64>().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use account_model::{AccountInput, BulkLinkFailure, ContactLink, PrimaryContact};

    use super::*;

    fn row<'a>(sections: &'a [Section], title: &str, label: &str) -> Option<&'a str> {
        let section = sections.iter().find(|s| s.title == title).expect("the section");
        section.rows.iter().find(|r| r.label == label).expect("the row").value.as_deref()
    }

    fn field(name: &str, value: Option<&str>) -> FieldValue {
        FieldValue { field: name.into(), value: value.map(str::to_string) }
    }

    fn note(id: Option<i64>, name: &str, created: Option<i64>) -> Note {
        Note { id, name: name.into(), description: None, created_date: created, created_by: None }
    }

    fn link(id: i64, contact: &str) -> ContactLink {
        ContactLink {
            id,
            created_date: None,
            created_by: None,
            modified_date: None,
            contact: contact.into(),
            account_id: None,
        }
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
        assert_eq!(row(&s, "Identity and ownership", "Name"), Some("Acme"));
        assert_eq!(row(&s, "Identity and ownership", "Account ID"), Some("607260"));
        assert_eq!(row(&s, "Identity and ownership", "Original account number"), Some("OAN-1"));
        assert_eq!(row(&s, "Contact numbers and website", "Website"), Some("www.example.com"));
        assert_eq!(row(&s, "Business", "Annual revenue"), Some("1,250,000"));
        assert_eq!(row(&s, "Business", "Employees"), Some("4,200"));
        assert_eq!(row(&s, "Business", "SIC description"), Some("Hand tools"));
        assert_eq!(row(&s, "Assignment", "Agent"), Some("Ana Souza (ID 595348)"));
        assert_eq!(row(&s, "Assignment", "Agent team"), Some("North Desk (ID 16001)"));
        assert_eq!(row(&s, "Assignment", "Campaign"), Some("ID 28571101"));
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
        assert_eq!(row(&s, "Identity and ownership", "Name"), None, "a blank name counts as missing");
        assert_eq!(row(&s, "Assignment", "Agent"), None);
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
    fn secure_values_are_masked_the_same_whatever_their_length() {
        let rows = secure_fields(&[field("SECURE2", Some("a much longer secret")), field("SECURE1", Some("x"))]);
        assert_eq!(rows.iter().map(|r| r.field.as_str()).collect::<Vec<_>>(), ["SECURE1", "SECURE2"]);
        assert_eq!(rows[0].masked, rows[1].masked);
        assert!(!rows[1].masked.contains("secret"));
        assert_eq!(rows[1].value, "a much longer secret");
        assert!(secure_fields(&[field("SECURE3", None)]).is_empty());
    }

    #[test]
    fn notes_come_newest_first_by_date_then_id_then_the_apis_order() {
        let notes = [
            note(Some(1), "first", Some(100)),
            note(Some(2), "second", Some(200)),
            note(Some(3), "third", Some(200)),
            note(None, "undated", None),
        ];
        let names: Vec<String> = notes_newest_first(&notes).into_iter().map(|n| n.name).collect();
        assert_eq!(names, ["third", "second", "first", "undated"]);
        let undated = [note(None, "old", None), note(None, "new", None)];
        let names: Vec<String> = notes_newest_first(&undated).into_iter().map(|n| n.name).collect();
        assert_eq!(names, ["new", "old"], "the API sends oldest first");
    }

    #[test]
    fn history_comes_newest_first() {
        let entry = |id, created| HistoryEntry {
            id,
            client_id: None,
            created_date: Some(created),
            created_by: None,
            name: format!("entry {id}"),
            descriptions: None,
            parent_type: None,
            parent_id: None,
        };
        let ids: Vec<i64> =
            history_newest_first(&[entry(1, 10), entry(2, 30), entry(3, 20)]).iter().map(|e| e.id).collect();
        assert_eq!(ids, [2, 3, 1]);
    }

    #[test]
    fn the_primary_contact_comes_from_either_field() {
        let mut account = Account { contacts: Some(vec![link(5, "CT-1"), link(6, "CT-2")]), ..Account::default() };
        assert_eq!(primary_link_id(&account), None);
        account.primary_contact = Some(PrimaryContact::Id(6));
        assert_eq!(primary_link_id(&account), Some(6));
        account.primary_contact = Some(PrimaryContact::Text(" 5 ".into()));
        assert_eq!(primary_link_id(&account), Some(5));
        account.primary_account_contact = Some(link(6, "CT-2"));
        assert_eq!(primary_link_id(&account), Some(6));
    }

    #[test]
    fn pasted_ids_split_on_newlines_commas_and_spaces_without_repeats() {
        let pasted = parse_contact_ids("CT-0001\nCT-0002, CT-0003\t CT-0001,,\r\n  CT-0004 ;CT-0002\n");
        assert_eq!(pasted.ids, ["CT-0001", "CT-0002", "CT-0003", "CT-0004"]);
        assert_eq!(pasted.repeats, 2);
        assert_eq!(parse_contact_ids(" \n, ,"), PastedIds::default());
    }

    #[test]
    fn a_bulk_link_report_counts_and_lists_each_failure_with_its_cause() {
        let result = BulkLinkResult {
            success_count: 2,
            fail_count: 1,
            failed_data: vec![BulkLinkFailure { item_name: "CT-0001".into(), cause: "Already associated.".into() }],
        };
        let report = bulk_link_report(&result, 3, 0);
        assert_eq!(report.summary, "Linked 2 of 3 contacts. 1 failed:");
        assert_eq!(report.failures, ["CT-0001: Already associated."]);
        assert_eq!(failed_ids(&result), "CT-0001");
        let all = bulk_link_report(&BulkLinkResult { success_count: 1, ..BulkLinkResult::default() }, 1, 2);
        assert_eq!(all.summary, "Linked 1 of 1 contact. 2 repeated IDs were left out.");
        assert!(all.failures.is_empty());
    }

    #[test]
    fn failures_name_the_role_needed_or_the_clash() {
        let forbidden = ApiError::Forbidden("nope".into());
        assert_eq!(
            failure_text(DetailAction::AddNote, &forbidden, None),
            "Adding a note needs the Sysadmin or Superuser role."
        );
        assert_eq!(
            failure_text(DetailAction::Read, &forbidden, None),
            "Reading accounts needs the Sysadmin, Superuser or Manager role."
        );
        let conflict = ApiError::Conflict("Association already exists.".into());
        assert_eq!(
            failure_text(DetailAction::LinkContact, &conflict, Some("CT-0009")),
            "CT-0009 is already linked to this account."
        );
        let invalid = ApiError::Validation("contactId X does not exist.".into());
        assert_eq!(failure_text(DetailAction::LinkContact, &invalid, Some("X")), "contactId X does not exist.");
        let gone = ApiError::NotFound("No Record Found".into());
        assert_eq!(failure_text(DetailAction::Delete, &gone, None), "This account no longer exists.");
        assert_eq!(
            failure_text(DetailAction::Unlink, &gone, Some("CT-1")),
            "CT-1 is no longer linked to this account."
        );
    }

    #[test]
    fn only_positive_numbers_are_account_ids() {
        assert_eq!(parse_account_id("607260"), Some(607_260));
        assert_eq!(parse_account_id("abc"), None);
        assert_eq!(parse_account_id("-3"), None);
        assert_eq!(parse_account_id(""), None);
    }
}
