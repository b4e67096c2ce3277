//! The state of the account list (page, page size, criteria, sort), kept
//! entirely in the URL query so that reload, Back/Forward and a pasted link
//! restore the same view; and its translation into List or Search calls.

use std::collections::BTreeMap;

use account_model::{MAX_PAGE_SIZE, PageQuery, SearchCriteria, SearchRequest, Sort, SortDirection, paths};
use serde_json::{Map, Value};

use crate::format;

/// The page sizes offered.
pub const PAGE_SIZES: [u32; 5] = [25, 50, 100, 250, 1000];
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// How a criterion is entered and sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterKind {
    /// Case-insensitive substring.
    Text,
    /// Exact whole number (agent, agent team ids).
    Id,
    /// Exact text id (campaign).
    TextId,
    /// A classification, chosen by name, sent by id.
    Classification,
    /// An account type, chosen by name, sent by id.
    Type,
    /// A date (`yyyy-mm-dd`) from the start of which the range runs.
    DateFrom,
    /// A date to the end of which the range runs.
    DateTo,
    /// A whole amount, either end of a range.
    Amount,
}

/// One criterion of the advanced search: its URL/JSON key, label and kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Filter {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: FilterKind,
}

const fn filter(key: &'static str, label: &'static str, kind: FilterKind) -> Filter {
    Filter { key, label, kind }
}

/// Every criterion Find Matching Accounts accepts, in the order the panel
/// shows them. Keys are the API's JSON names; address parts are
/// `billingAddress.city` and so on.
pub const FILTERS: &[Filter] = &[
    filter("name", "Name", FilterKind::Text),
    filter("accountNumber", "Account number", FilterKind::Text),
    filter("originalAccountNumber", "Original account number", FilterKind::Text),
    filter("description", "Description", FilterKind::Text),
    filter("industry", "Industry", FilterKind::Text),
    filter("rating", "Rating", FilterKind::Text),
    filter("ownershipType", "Ownership", FilterKind::Text),
    filter("tickerSymbol", "Ticker", FilterKind::Text),
    filter("accountSource", "Source", FilterKind::Text),
    filter("sicCode", "SIC code", FilterKind::Text),
    filter("sicDesc", "SIC description", FilterKind::Text),
    filter("phoneOffice", "Office phone", FilterKind::Text),
    filter("phoneAlternate", "Alternate phone", FilterKind::Text),
    filter("phoneFax", "Fax", FilterKind::Text),
    filter("website", "Website", FilterKind::Text),
    filter("classificationId", "Classification", FilterKind::Classification),
    filter("typeId", "Type", FilterKind::Type),
    filter("agentId", "Agent ID", FilterKind::Id),
    filter("agentTeamId", "Agent team ID", FilterKind::Id),
    filter("campaignId", "Campaign ID", FilterKind::TextId),
    filter("billingAddress.street", "Billing street", FilterKind::Text),
    filter("billingAddress.city", "Billing city", FilterKind::Text),
    filter("billingAddress.state", "Billing state", FilterKind::Text),
    filter("billingAddress.postalCode", "Billing postal code", FilterKind::Text),
    filter("billingAddress.country", "Billing country", FilterKind::Text),
    filter("shippingAddress.street", "Shipping street", FilterKind::Text),
    filter("shippingAddress.city", "Shipping city", FilterKind::Text),
    filter("shippingAddress.state", "Shipping state", FilterKind::Text),
    filter("shippingAddress.postalCode", "Shipping postal code", FilterKind::Text),
    filter("shippingAddress.country", "Shipping country", FilterKind::Text),
    filter("createdBy", "Created by", FilterKind::Text),
    filter("modifiedBy", "Modified by", FilterKind::Text),
    filter("createdDateStart", "Created from", FilterKind::DateFrom),
    filter("createdDateEnd", "Created until", FilterKind::DateTo),
    filter("modifiedDateStart", "Modified from", FilterKind::DateFrom),
    filter("modifiedDateEnd", "Modified until", FilterKind::DateTo),
    filter("annualRevenueStart", "Revenue from", FilterKind::Amount),
    filter("annualRevenueEnd", "Revenue up to", FilterKind::Amount),
];

pub fn filter_named(key: &str) -> Option<&'static Filter> {
    FILTERS.iter().find(|f| f.key == key)
}

/// The columns of the table, by the sort property each one sorts by.
pub const COLUMNS: [(&str, &str); 9] = [
    ("name", "Name"),
    ("accountNumber", "Account number"),
    ("industry", "Industry"),
    ("rating", "Rating"),
    ("phoneOffice", "Office phone"),
    ("classificationName", "Classification"),
    ("typeName", "Type"),
    ("agentTeamName", "Agent team"),
    ("modifiedDate", "Last modified"),
];

/// A criterion that cannot be sent, with the message to show at its field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterError {
    pub key: String,
    pub message: &'static str,
}

/// What the list shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListState {
    pub count: u32,
    pub offset: u64,
    /// Criteria in force by key (see [`FILTERS`]), as typed.
    pub filters: BTreeMap<String, String>,
    pub sort: Option<Sort>,
}

impl Default for ListState {
    fn default() -> Self {
        ListState { count: DEFAULT_PAGE_SIZE, offset: 0, filters: BTreeMap::new(), sort: None }
    }
}

impl ListState {
    /// Reads the state from URL query pairs; anything unknown or invalid
    /// falls back to the default rather than failing.
    pub fn from_query<K: AsRef<str>, V: AsRef<str>>(pairs: impl IntoIterator<Item = (K, V)>) -> ListState {
        let mut state = ListState::default();
        let mut direction = SortDirection::Ascending;
        for (key, value) in pairs {
            let (key, value) = (key.as_ref(), value.as_ref().trim());
            match key {
                "count" => {
                    if let Some(count) = value.parse().ok().filter(|c| (1..=MAX_PAGE_SIZE).contains(c)) {
                        state.count = count;
                    }
                }
                "offset" => state.offset = value.parse().unwrap_or(0),
                "sort" if is_sortable(value) => {
                    state.sort = Some(Sort { property: value.to_string(), direction: SortDirection::Ascending })
                }
                "dir" if value.eq_ignore_ascii_case("desc") => direction = SortDirection::Descending,
                _ if filter_named(key).is_some() && !value.is_empty() => {
                    state.filters.insert(key.to_string(), value.to_string());
                }
                _ => {}
            }
        }
        if let Some(sort) = &mut state.sort {
            sort.direction = direction;
        }
        state
    }

    /// The URL query of this state, leaving defaults out, in a stable order.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (key, value) in &self.filters {
            pairs.push((key.clone(), value.clone()));
        }
        if let Some(sort) = &self.sort {
            pairs.push(("sort".into(), sort.property.clone()));
            if sort.direction == SortDirection::Descending {
                pairs.push(("dir".into(), "desc".into()));
            }
        }
        if self.count != DEFAULT_PAGE_SIZE {
            pairs.push(("count".into(), self.count.to_string()));
        }
        if self.offset > 0 {
            pairs.push(("offset".into(), self.offset.to_string()));
        }
        pairs
            .iter()
            .map(|(k, v)| format!("{}={}", paths::encode_segment(k), paths::encode_segment(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The console path that shows this state.
    pub fn href(&self) -> String {
        match self.to_query() {
            query if query.is_empty() => "/accounts".into(),
            query => format!("/accounts?{query}"),
        }
    }

    pub fn page(&self) -> PageQuery {
        PageQuery { count: self.count, offset: self.offset }
    }

    /// Whether the list needs Find Matching Accounts (criteria or a sort) or
    /// List Accounts will do.
    pub fn is_search(&self) -> bool {
        !self.filters.is_empty() || self.sort.is_some()
    }

    /// The search body, with dates turned into epoch ms at the browser's
    /// offset; or a message for each criterion that cannot be sent.
    pub fn search_request(&self, offset_minutes: impl Fn(i64) -> i64) -> Result<SearchRequest, Vec<FilterError>> {
        let mut errors = Vec::new();
        let mut criteria = Map::new();
        for (key, text) in &self.filters {
            let Some(filter) = filter_named(key) else { continue };
            let text = text.trim();
            let value = match filter.kind {
                FilterKind::Text | FilterKind::TextId => Ok(Value::from(text)),
                FilterKind::Id | FilterKind::Classification | FilterKind::Type => {
                    text.parse::<i64>().map(Value::from).map_err(|_| "Enter a whole number.")
                }
                FilterKind::Amount => {
                    text.replace(',', "").parse::<i64>().map(Value::from).map_err(|_| "Enter a whole amount.")
                }
                FilterKind::DateFrom | FilterKind::DateTo => {
                    let midnight = format::parse_date(text, 0).map(|utc| {
                        let local = format::parse_date(text, offset_minutes(utc)).unwrap_or(utc);
                        if filter.kind == FilterKind::DateTo { local + 86_400_000 - 1 } else { local }
                    });
                    midnight.map(Value::from).ok_or("Enter a date as YYYY-MM-DD.")
                }
            };
            match value {
                Ok(value) => insert(&mut criteria, key, value),
                Err(message) => errors.push(FilterError { key: key.clone(), message }),
            }
        }
        for (start, end) in [
            ("createdDateStart", "createdDateEnd"),
            ("modifiedDateStart", "modifiedDateEnd"),
            ("annualRevenueStart", "annualRevenueEnd"),
        ] {
            if let (Some(Value::Number(from)), Some(Value::Number(to))) = (criteria.get(start), criteria.get(end))
                && from.as_i64() > to.as_i64()
            {
                errors.push(FilterError { key: end.into(), message: "The end is before the start." });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let search: SearchCriteria = serde_json::from_value(Value::Object(criteria))
            .map_err(|_| vec![FilterError { key: String::new(), message: "These criteria cannot be sent." }])?;
        let search = (!search.is_empty()).then_some(search);
        Ok(SearchRequest { search, sort: self.sort.clone() })
    }

    /// The same view with one criterion set (or cleared when blank), from the
    /// first page.
    pub fn with_filter(&self, key: &str, value: &str) -> ListState {
        let mut next = self.clone();
        if value.trim().is_empty() {
            next.filters.remove(key);
        } else {
            next.filters.insert(key.to_string(), value.trim().to_string());
        }
        next.offset = 0;
        next
    }

    /// The same page size and sort with these criteria, from the first page.
    pub fn with_filters(&self, filters: BTreeMap<String, String>) -> ListState {
        let filters = filters.into_iter().filter(|(_, v)| !v.trim().is_empty()).collect();
        ListState { filters, offset: 0, ..self.clone() }
    }

    pub fn next_page(&self) -> ListState {
        ListState { offset: self.offset + u64::from(self.count), ..self.clone() }
    }

    pub fn previous_page(&self) -> ListState {
        ListState { offset: self.offset.saturating_sub(u64::from(self.count)), ..self.clone() }
    }

    /// Another page size, from the first page.
    pub fn with_count(&self, count: u32) -> ListState {
        ListState { count: count.clamp(1, MAX_PAGE_SIZE), offset: 0, ..self.clone() }
    }

    /// Sorted by `property`: ascending first, then the other way on each click.
    pub fn sorted_by(&self, property: &str) -> ListState {
        let direction = match &self.sort {
            Some(sort) if sort.property == property => sort.direction.toggled(),
            _ => SortDirection::Ascending,
        };
        ListState { sort: Some(Sort { property: property.into(), direction }), offset: 0, ..self.clone() }
    }

    /// "Showing 51–100" for a page of `rows` rows.
    pub fn showing(&self, rows: usize) -> String {
        if rows == 0 {
            return "Showing none".into();
        }
        let first = self.offset + 1;
        let last = self.offset + rows as u64;
        format!("Showing {}–{}", format::thousands(first as i64), format::thousands(last as i64))
    }
}

/// Sort properties beyond the columns: every other field the API sorts by.
const MORE_SORTS: [&str; 18] = [
    "id",
    "annualRevenue",
    "numOfEmployees",
    "createdDate",
    "createdBy",
    "modifiedBy",
    "description",
    "originalAccountNumber",
    "ownershipType",
    "tickerSymbol",
    "accountSource",
    "sicCode",
    "sicDesc",
    "phoneAlternate",
    "phoneFax",
    "website",
    "campaignId",
    "agentName",
];

fn is_sortable(property: &str) -> bool {
    COLUMNS.iter().any(|(key, _)| *key == property) || MORE_SORTS.contains(&property)
}

/// Puts `value` at `key`, nesting `billingAddress.city` into an object.
fn insert(criteria: &mut Map<String, Value>, key: &str, value: Value) {
    match key.split_once('.') {
        Some((outer, inner)) => {
            let entry = criteria.entry(outer.to_string()).or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(parts) = entry {
                parts.insert(inner.to_string(), value);
            }
        }
        None => {
            criteria.insert(key.to_string(), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(query: &[(&str, &str)]) -> ListState {
        ListState::from_query(query.iter().copied())
    }

    #[test]
    fn the_query_round_trips_and_leaves_defaults_out() {
        let original = state(&[
            ("name", "Müller & Co"),
            ("billingAddress.city", "São Paulo"),
            ("sort", "modifiedDate"),
            ("dir", "desc"),
            ("count", "100"),
            ("offset", "200"),
        ]);
        let query = original.to_query();
        assert_eq!(
            query,
            "billingAddress.city=S%C3%A3o%20Paulo&name=M%C3%BCller%20%26%20Co&sort=modifiedDate&dir=desc&count=100&offset=200"
        );
        let decoded: Vec<(String, String)> = query
            .split('&')
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap();
                (percent_decode(k), percent_decode(v))
            })
            .collect();
        assert_eq!(ListState::from_query(decoded), original);
        assert_eq!(ListState::default().to_query(), "");
        assert_eq!(ListState::default().href(), "/accounts");
    }

    fn percent_decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn nonsense_in_the_url_falls_back_to_defaults() {
        let read = state(&[("count", "0"), ("offset", "-4"), ("sort", "password"), ("shoeSize", "9"), ("name", " ")]);
        assert_eq!(read, ListState::default());
        assert_eq!(state(&[("count", "3")]).count, 3, "any size the API accepts restores");
    }

    #[test]
    fn without_criteria_or_sort_the_plain_list_is_used() {
        assert!(!ListState::default().is_search());
        assert!(state(&[("sort", "name")]).is_search());
        assert!(state(&[("industry", "soft")]).is_search());
    }

    #[test]
    fn criteria_become_the_search_body_with_typed_values() {
        let request = state(&[
            ("name", "acme"),
            ("billingAddress.city", "bang"),
            ("agentId", "595348"),
            ("classificationId", "2"),
            ("campaignId", "28571101"),
            ("annualRevenueStart", "1,000"),
            ("annualRevenueEnd", "5000"),
            ("createdDateStart", "2023-01-02"),
            ("createdDateEnd", "2023-01-02"),
            ("sort", "name"),
            ("dir", "desc"),
        ])
        .search_request(|_| 60)
        .unwrap();
        let search = request.search.unwrap();
        assert_eq!(search.name.as_deref(), Some("acme"));
        assert_eq!(search.billing_address.and_then(|a| a.city).as_deref(), Some("bang"));
        assert_eq!((search.agent_id, search.classification_id), (Some(595348), Some(2)));
        assert_eq!(search.campaign_id.as_deref(), Some("28571101"));
        assert_eq!((search.annual_revenue_start, search.annual_revenue_end), (Some(1000), Some(5000)));
        let start_of_day = 1_672_617_600_000 - 3_600_000;
        assert_eq!(search.created_date_start, Some(start_of_day), "local midnight at UTC+1");
        assert_eq!(search.created_date_end, Some(start_of_day + 86_400_000 - 1), "the whole end day is included");
        assert_eq!(request.sort, Some(Sort { property: "name".into(), direction: SortDirection::Descending }));
    }

    #[test]
    fn bad_criteria_are_named_at_their_field() {
        let errors = state(&[
            ("agentId", "abc"),
            ("createdDateStart", "yesterday"),
            ("annualRevenueStart", "9"),
            ("annualRevenueEnd", "5"),
        ])
        .search_request(|_| 0)
        .unwrap_err();
        let keys: Vec<_> = errors.iter().map(|e| (e.key.as_str(), e.message)).collect();
        assert_eq!(
            keys,
            [
                ("agentId", "Enter a whole number."),
                ("createdDateStart", "Enter a date as YYYY-MM-DD."),
                ("annualRevenueEnd", "The end is before the start."),
            ]
        );
    }

    #[test]
    fn paging_moves_by_the_page_size_and_changes_of_view_start_over() {
        let first = state(&[("count", "25")]);
        let second = first.next_page();
        assert_eq!(second.offset, 25);
        assert_eq!(second.previous_page().offset, 0);
        assert_eq!(first.previous_page().offset, 0);
        assert_eq!(second.with_count(100).offset, 0);
        assert_eq!(second.with_filter("name", "x").offset, 0);
        assert_eq!(second.sorted_by("name").offset, 0);
        assert_eq!(second.showing(25), "Showing 26–50");
        assert_eq!(second.showing(0), "Showing none");
    }

    #[test]
    fn clicking_a_column_sorts_ascending_then_toggles() {
        let by_name = ListState::default().sorted_by("name");
        assert_eq!(by_name.sort.as_ref().map(|s| s.direction), Some(SortDirection::Ascending));
        let again = by_name.sorted_by("name");
        assert_eq!(again.sort.as_ref().map(|s| s.direction), Some(SortDirection::Descending));
        let other = again.sorted_by("rating");
        assert_eq!(other.sort, Some(Sort { property: "rating".into(), direction: SortDirection::Ascending }));
    }

    #[test]
    fn a_blank_criterion_clears_it() {
        let with = ListState::default().with_filter("industry", "soft");
        assert_eq!(with.filters.get("industry").map(String::as_str), Some("soft"));
        assert!(with.with_filter("industry", "  ").filters.is_empty());
    }
}
