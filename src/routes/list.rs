//! The state of the account list (page, page size, criteria, sort), kept
//! entirely in the URL query so that reload, Back/Forward and a pasted link
//! restore the same view; and its translation into List or Search calls.
//!
//! Criteria (`domain/criterion.rs`) and sort properties come from the model's field
//! table; each criterion is kept under its URL key. Phone criteria are sent
//! as their digits, custom-field criteria as `customFields` pairs.

use std::collections::BTreeMap;

use account_model::{
    Field, FieldValue, MAX_PAGE_SIZE, PageQuery, SearchCriteria, SearchRequest, Sort, SortDirection,
    fields::{AT_LEAST, AT_MOST, Kind, RangeEnd, Value, WriteError, parse_int32},
    paths::encode_segment,
};

use crate::domain::{
    criterion::{Bound, Criterion, FilterError, Input, phone_digits},
    format,
};

/// The page sizes offered.
pub const PAGE_SIZES: [u32; 5] = [25, 50, 100, 250, 1000];
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// What the list shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListState {
    pub count: u32,
    pub offset: u64,
    /// Criteria in force, as typed.
    pub filters: BTreeMap<Criterion, String>,
    /// `None`: the API's own order, by name.
    pub sort: Option<(Field, SortDirection)>,
}

impl Default for ListState {
    fn default() -> Self {
        ListState { count: DEFAULT_PAGE_SIZE, offset: 0, filters: BTreeMap::new(), sort: None }
    }
}

/// Why a URL value was not taken: the parameter and what was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlProblem {
    pub parameter: String,
    pub message: &'static str,
}

impl ListState {
    /// Reads the state from URL query pairs. Unknown parameters are ignored;
    /// a known one with a value the list cannot use falls back to its default
    /// and is reported, so the page can say which and offer to reset it.
    pub fn from_query<K: AsRef<str>, V: AsRef<str>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> (ListState, Vec<UrlProblem>) {
        let mut state = ListState::default();
        let mut problems = Vec::new();
        let mut direction = None;
        let mut problem = |parameter: &str, message| problems.push(UrlProblem { parameter: parameter.into(), message });
        for (key, value) in pairs {
            let (key, value) = (key.as_ref(), value.as_ref().trim());
            match key {
                "count" => match value.parse().ok().filter(|c| (1..=MAX_PAGE_SIZE).contains(c)) {
                    Some(count) => state.count = count,
                    None => problem(key, "The page size must be a whole number from 1 to 1000."),
                },
                "offset" => match value.parse() {
                    Ok(offset) => state.offset = offset,
                    Err(_) => problem(key, "The offset must be a whole number, 0 or more."),
                },
                "sort" => {
                    match Field::sort_property(value).or_else(|| Field::named(value).filter(|f| f.spec().sortable)) {
                        Some(field) => state.sort = Some((field, SortDirection::Ascending)),
                        None => problem(key, "The list cannot be sorted by that."),
                    }
                }
                "dir" => match value.to_ascii_lowercase().as_str() {
                    "asc" => direction = Some(SortDirection::Ascending),
                    "desc" => direction = Some(SortDirection::Descending),
                    _ => problem(key, "The sort direction must be asc or desc."),
                },
                _ => {
                    if let Some(criterion) = Criterion::parse(key)
                        && !value.is_empty()
                    {
                        state.filters.insert(criterion, value.to_string());
                    }
                }
            }
        }
        if let (Some((_, sort_direction)), Some(direction)) = (&mut state.sort, direction) {
            *sort_direction = direction;
        }
        (state, problems)
    }

    /// Reads the state from a raw query string (`a=1&b=2`, percent-encoded).
    pub fn from_query_string(query: &str) -> ListState {
        ListState::from_query(query_pairs(query)).0
    }

    /// The URL query of this state, leaving defaults out, in a stable order.
    pub fn to_query(&self) -> String {
        let mut pairs: Vec<(String, String)> =
            self.filters.iter().map(|(criterion, value)| (criterion.key(), value.clone())).collect();
        if let Some((field, direction)) = self.sort {
            pairs.push(("sort".into(), field.name().into()));
            if direction == SortDirection::Descending {
                pairs.push(("dir".into(), "desc".into()));
            }
        }
        if self.count != DEFAULT_PAGE_SIZE {
            pairs.push(("count".into(), self.count.to_string()));
        }
        if self.offset > 0 {
            pairs.push(("offset".into(), self.offset.to_string()));
        }
        pairs.iter().map(|(k, v)| format!("{}={}", encode_segment(k), encode_segment(v))).collect::<Vec<_>>().join("&")
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
        let mut criteria = SearchCriteria::default();
        let mut ranges: BTreeMap<(Field, Bound), i64> = BTreeMap::new();
        let mut custom = Vec::new();
        for (criterion, text) in &self.filters {
            let text = text.trim();
            let Criterion { field, bound } = *criterion;
            let error = |message| FilterError { criterion: *criterion, message };
            match (criterion.input(), bound) {
                (_, Bound::Column(_)) => custom.push(FieldValue { field: criterion.key(), value: Some(text.into()) }),
                (Input::Text, _) => criteria.set_exact(field, Some(Value::Text(text))),
                (Input::Phone, _) => match phone_digits(text) {
                    digits if digits.is_empty() => errors.push(error("Enter the digits of a phone number.")),
                    digits => criteria.set_exact(field, Some(Value::Text(&digits))),
                },
                (Input::Whole | Input::Choice, Bound::Match) => match whole(text, "Enter a whole number.") {
                    Ok(n) => criteria.set_exact(field, Some(Value::Int(n))),
                    Err(message) => errors.push(error(message)),
                },
                (Input::Whole | Input::Choice, _) => match whole(text, "Enter a whole amount.") {
                    Ok(n) => {
                        ranges.insert((field, bound), n);
                    }
                    Err(message) => errors.push(error(message)),
                },
                (Input::Date, _) => match format::parse_date(text, 0) {
                    Some(utc) => {
                        let local = format::parse_date(text, offset_minutes(utc)).unwrap_or(utc);
                        let ms = if bound == Bound::To { local + 86_400_000 - 1 } else { local };
                        ranges.insert((field, bound), ms);
                    }
                    None => errors.push(error("Enter a date as YYYY-MM-DD.")),
                },
            }
        }
        for (&(field, bound), &value) in &ranges {
            let end = if bound == Bound::To { RangeEnd::End } else { RangeEnd::Start };
            criteria.set_range(field, end, Some(value));
            if bound == Bound::To && ranges.get(&(field, Bound::From)).is_some_and(|from| *from > value) {
                errors.push(FilterError {
                    criterion: Criterion { field, bound },
                    message: "The end is before the start.",
                });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        criteria.custom_fields = (!custom.is_empty()).then_some(custom);
        let search = (!criteria.is_empty()).then_some(criteria);
        let sort = self.sort.map(|(field, direction)| Sort { property: field.sort_name(), direction });
        Ok(SearchRequest { search, sort })
    }

    /// The same view with one criterion set (or cleared when blank), from the
    /// first page.
    pub fn with_filter(&self, criterion: Criterion, value: &str) -> ListState {
        let mut next = self.clone();
        if value.trim().is_empty() {
            next.filters.remove(&criterion);
        } else {
            next.filters.insert(criterion, value.trim().to_string());
        }
        next.offset = 0;
        next
    }

    /// [`ListState::with_filter`] on a field's match criterion.
    pub fn with_filter_text(&self, field: Field, value: &str) -> ListState {
        self.with_filter(Criterion::matching(field), value)
    }

    /// The same page size and sort with these criteria, from the first page.
    pub fn with_filters(&self, mut filters: BTreeMap<Criterion, String>) -> ListState {
        filters.retain(|_, v| !v.trim().is_empty());
        ListState { filters, offset: 0, ..self.clone() }
    }

    pub fn next_page(&self) -> ListState {
        ListState { offset: self.offset + u64::from(self.count), ..self.clone() }
    }

    pub fn previous_page(&self) -> ListState {
        ListState { offset: self.offset.saturating_sub(u64::from(self.count)), ..self.clone() }
    }

    pub fn first_page(&self) -> ListState {
        ListState { offset: 0, ..self.clone() }
    }

    /// Another page size, from the first page.
    pub fn with_count(&self, count: u32) -> ListState {
        ListState { count: count.clamp(1, MAX_PAGE_SIZE), offset: 0, ..self.clone() }
    }

    /// The order in force: the chosen sort, or the API's own (name, A to Z).
    pub fn order(&self) -> (Field, SortDirection) {
        self.sort.unwrap_or((Field::Name, SortDirection::Ascending))
    }

    /// Sorted by `field`: the other way when it is the order in force;
    /// otherwise newest first for dates and A to Z for the rest.
    pub fn sorted_by(&self, field: Field) -> ListState {
        let (current, direction) = self.order();
        let direction = if current == field {
            direction.toggled()
        } else if field.kind() == Kind::Date {
            SortDirection::Descending
        } else {
            SortDirection::Ascending
        };
        ListState { sort: Some((field, direction)), offset: 0, ..self.clone() }
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

    /// The file name an export of this view gets: the criteria and the day,
    /// e.g. `accounts-name-acme-2026-11-27.csv`.
    pub fn export_file_name(&self, day: &str) -> String {
        let mut name = String::from("accounts");
        for (criterion, value) in &self.filters {
            name.push('-');
            name.push_str(&slug(&criterion.key()));
            name.push('-');
            name.push_str(&slug(value));
            if name.len() > 80 {
                break;
            }
        }
        name.truncate(name.floor_char_boundary(90));
        format!("{}-{day}.csv", name.trim_end_matches('-'))
    }
}

/// Lower-case letters and digits, other runs as one `-`: safe in a file name.
/// A whole-number criterion (every one is a 32-bit Integer of the API), or
/// what to say at it.
fn whole(text: &str, not_whole: &'static str) -> Result<i64, &'static str> {
    parse_int32(text).map(i64::from).map_err(|error| match error {
        WriteError::TooLarge => AT_MOST,
        WriteError::TooSmall => AT_LEAST,
        _ => not_whole,
    })
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// The pairs of a query string, percent-decoded (`+` is a space).
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.trim_start_matches('?').as_bytes()).into_owned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(query: &[(&str, &str)]) -> ListState {
        ListState::from_query(query.iter().copied()).0
    }

    const CITY: Criterion = Criterion::matching(Field::BillingCity);

    #[test]
    fn the_query_round_trips_and_leaves_defaults_out() {
        let original = state(&[
            ("name", "Müller & Co"),
            ("billingCity", "São Paulo"),
            ("sort", "modifiedDate"),
            ("dir", "desc"),
            ("count", "100"),
            ("offset", "200"),
        ]);
        let query = original.to_query();
        assert_eq!(
            query,
            "name=M%C3%BCller%20%26%20Co&billingCity=S%C3%A3o%20Paulo&sort=modifiedDate&dir=desc&count=100&offset=200"
        );
        assert_eq!(ListState::from_query_string(&query), original);
        assert_eq!(ListState::default().to_query(), "");
    }

    #[test]
    fn nonsense_in_the_url_falls_back_to_defaults_and_says_which_parameter() {
        let (read, problems) = ListState::from_query([
            ("count", "0"),
            ("offset", "-4"),
            ("sort", "password"),
            ("shoeSize", "9"),
            ("name", " "),
        ]);
        assert_eq!(read, ListState::default());
        let named: Vec<&str> = problems.iter().map(|p| p.parameter.as_str()).collect();
        assert_eq!(named, ["count", "offset", "sort"], "unknown parameters are ignored, known bad ones reported");
        assert_eq!(state(&[("count", "3")]).count, 3, "any size the API accepts restores");
    }

    #[test]
    fn without_criteria_or_sort_the_plain_list_is_used() {
        assert!(!ListState::default().is_search());
        assert!(state(&[("sort", "name")]).is_search());
        assert!(state(&[("industry", "soft")]).is_search());
    }

    fn body(state: &ListState) -> serde_json::Value {
        serde_json::to_value(state.search_request(|_| 0).expect("sendable")).expect("json")
    }

    #[test]
    fn a_phone_criterion_is_sent_as_its_digits_and_kept_in_the_url_as_typed() {
        let typed =
            state(&[("phoneOffice", "(650) 555-0199"), ("phoneAlternate", "+1 650.555.0100"), ("phoneFax", "555 01")]);
        assert_eq!(
            body(&typed)["search"],
            serde_json::json!({"phoneOffice": "6505550199", "phoneAlternate": "16505550100", "phoneFax": "55501"})
        );
        assert!(typed.to_query().contains("phoneOffice=%28650%29%20555-0199"), "{}", typed.to_query());
        let errors = state(&[("phoneOffice", "ext. x")]).search_request(|_| 0).unwrap_err();
        assert_eq!(errors[0].message, "Enter the digits of a phone number.");
        assert_eq!(errors[0].criterion.input(), Input::Phone, "the panel asks for a phone");
    }

    #[test]
    fn custom_field_criteria_live_in_the_url_and_are_sent_as_field_value_pairs_that_must_all_match() {
        let typed = state(&[("COL12", "y"), ("name", "acme"), ("COL5", " x "), ("COL101", "no such field")]);
        assert_eq!(typed.to_query(), "name=acme&COL5=x&COL12=y", "COL101 is no criterion");
        assert_eq!(ListState::from_query_string(&typed.to_query()), typed);
        assert_eq!(
            body(&typed)["search"],
            serde_json::json!({"name": "acme", "customFields": [
                {"field": "COL5", "value": "x"}, {"field": "COL12", "value": "y"},
            ]})
        );
        let only = state(&[("COL7", "gold")]);
        assert!(only.is_search());
        assert_eq!(body(&only)["search"], serde_json::json!({"customFields": [{"field": "COL7", "value": "gold"}]}));
        assert_eq!(Criterion::parse("COL7").map(Criterion::label).as_deref(), Some("COL7"));
        assert!(ListState::default().with_filter(Criterion::custom(7), " ").filters.is_empty());
    }

    #[test]
    fn criteria_become_the_search_body_with_typed_values() {
        let request = state(&[
            ("name", "acme"),
            ("billingCity", "bang"),
            ("agentId", "595348"),
            ("classificationId", "2"),
            ("campaignId", "28571101"),
            ("annualRevenueStart", "1,000"),
            ("annualRevenueEnd", "5000"),
            ("createdDateStart", "2023-01-02"),
            ("createdDateEnd", "2023-01-02"),
            ("sort", "billingCity"),
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
        assert_eq!(
            request.sort,
            Some(Sort { property: "billingAddress.city".into(), direction: SortDirection::Descending })
        );
    }

    #[test]
    fn bad_criteria_are_named_at_their_field() {
        let errors = state(&[
            ("agentId", "abc"),
            ("numOfEmployees", "3,000,000,000"),
            ("createdDateStart", "yesterday"),
            ("annualRevenueStart", "9"),
            ("annualRevenueEnd", "5"),
        ])
        .search_request(|_| 0)
        .unwrap_err();
        let keys: Vec<_> = errors.iter().map(|e| (e.criterion.key(), e.message)).collect();
        assert_eq!(
            keys,
            [
                ("numOfEmployees".to_string(), "Enter a whole number of at most 2,147,483,647."),
                ("agentId".to_string(), "Enter a whole number."),
                ("createdDateStart".to_string(), "Enter a date as YYYY-MM-DD."),
                ("annualRevenueEnd".to_string(), "The end is before the start."),
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
        assert_eq!(second.with_filter(CITY, "x").offset, 0);
        assert_eq!(second.sorted_by(Field::Rating).offset, 0);
        assert_eq!(second.showing(25), "Showing 26–50");
        assert_eq!(second.showing(0), "Showing none");
    }

    #[test]
    fn the_default_order_is_by_name_and_clicking_it_turns_it_round() {
        let default = ListState::default();
        assert_eq!(default.order(), (Field::Name, SortDirection::Ascending));
        assert_eq!(default.sorted_by(Field::Name).order(), (Field::Name, SortDirection::Descending));
        let by_rating = default.sorted_by(Field::Rating);
        assert_eq!(by_rating.order(), (Field::Rating, SortDirection::Ascending));
        assert_eq!(by_rating.sorted_by(Field::Rating).order(), (Field::Rating, SortDirection::Descending));
    }

    #[test]
    fn a_date_column_sorts_newest_first_on_its_first_click() {
        let by_date = ListState::default().sorted_by(Field::ModifiedDate);
        assert_eq!(by_date.order(), (Field::ModifiedDate, SortDirection::Descending));
    }

    #[test]
    fn a_blank_criterion_clears_it() {
        let with = ListState::default().with_filter(CITY, "soft");
        assert_eq!(with.filters.get(&CITY).map(String::as_str), Some("soft"));
        assert!(with.with_filter(CITY, "  ").filters.is_empty());
    }

    #[test]
    fn the_export_file_is_named_after_the_search() {
        let state = ListState::default().with_filter(Criterion::NAME, "Acme & Co");
        assert_eq!(state.export_file_name("2026-11-27"), "accounts-name-acme-co-2026-11-27.csv");
        assert_eq!(ListState::default().export_file_name("2026-11-27"), "accounts-2026-11-27.csv");
    }

    #[test]
    fn query_strings_decode_percent_escapes_and_plus() {
        assert_eq!(
            query_pairs("?name=M%C3%BCller+%26+Co&x"),
            [("name".to_string(), "Müller & Co".to_string()), ("x".to_string(), String::new())]
        );
        assert_eq!(query_pairs("a=100%"), [("a".to_string(), "100%".to_string())]);
    }
}
