//! The one table of account fields: for every field of the reference, its
//! wire name, its kind, and what the API lets a client do with it (write it,
//! sort by it, search by it), plus the length the console enforces.
//!
//! Every consumer reads it instead of listing fields again: the console's CSV
//! export and import, list columns and sort, advanced search, detail
//! sections and account form, and the sandbox's sort list. The console puts
//! labels and sections on top (`src/fields.rs`); the wire facts live here.
//! `tests` check that each entry's name is the one serde reads and writes.

mod criteria;
mod typed;

pub use criteria::RangeEnd;
pub use typed::{AT_LEAST, AT_MOST, WriteError, parse_int32, parse_whole};

use crate::{Account, AccountInput, Address, FieldValue};

/// An account field. Address parts are fields of their own; custom and
/// secure fields are one list field each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Id,
    Name,
    AccountNumber,
    OriginalAccountNumber,
    Description,
    OwnershipType,
    PhoneOffice,
    PhoneAlternate,
    PhoneFax,
    Website,
    Industry,
    AnnualRevenue,
    NumOfEmployees,
    TickerSymbol,
    SicCode,
    SicDesc,
    AccountSource,
    Rating,
    AgentId,
    AgentName,
    AgentTeamId,
    AgentTeamName,
    CampaignId,
    ClassificationId,
    ClassificationName,
    TypeId,
    TypeName,
    BillingStreet,
    BillingCity,
    BillingState,
    BillingPostalCode,
    BillingCountry,
    ShippingStreet,
    ShippingCity,
    ShippingState,
    ShippingPostalCode,
    ShippingCountry,
    CustomFields,
    SecureFields,
    CreatedDate,
    CreatedBy,
    ModifiedDate,
    ModifiedBy,
}

/// What a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// A whole number (revenue, employees, the account's own id).
    Integer,
    /// The numeric id of another record (agent, team, classification, type).
    Id,
    /// The text id of another record (campaign).
    TextId,
    /// Epoch milliseconds.
    Date,
    /// One part of the billing or shipping address.
    AddressPart(AddressKind, AddressPartName),
    /// A custom field ([`ListKind::Custom`](crate::ListKind::Custom)).
    Custom,
    /// A secure field ([`ListKind::Secure`](crate::ListKind::Secure)).
    Secure,
}

/// Which address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AddressKind {
    Billing,
    Shipping,
}

impl AddressKind {
    /// `billingAddress`, `shippingAddress`.
    pub fn json_name(self) -> &'static str {
        match self {
            AddressKind::Billing => "billingAddress",
            AddressKind::Shipping => "shippingAddress",
        }
    }

    pub fn of(self, input: &AccountInput) -> Option<&Address> {
        match self {
            AddressKind::Billing => input.billing_address.as_ref(),
            AddressKind::Shipping => input.shipping_address.as_ref(),
        }
    }

    pub fn of_mut(self, input: &mut AccountInput) -> &mut Option<Address> {
        match self {
            AddressKind::Billing => &mut input.billing_address,
            AddressKind::Shipping => &mut input.shipping_address,
        }
    }
}

/// A part of an address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AddressPartName {
    Street,
    City,
    State,
    PostalCode,
    Country,
}

impl AddressPartName {
    pub const ALL: [AddressPartName; 5] = [
        AddressPartName::Street,
        AddressPartName::City,
        AddressPartName::State,
        AddressPartName::PostalCode,
        AddressPartName::Country,
    ];

    /// `street`, `postalCode`, ...
    pub fn json_name(self) -> &'static str {
        match self {
            AddressPartName::Street => "street",
            AddressPartName::City => "city",
            AddressPartName::State => "state",
            AddressPartName::PostalCode => "postalCode",
            AddressPartName::Country => "country",
        }
    }

    pub fn of(self, address: &Address) -> Option<&str> {
        self.slot(address).as_deref()
    }

    fn slot(self, address: &Address) -> &Option<String> {
        match self {
            AddressPartName::Street => &address.street,
            AddressPartName::City => &address.city,
            AddressPartName::State => &address.state,
            AddressPartName::PostalCode => &address.postal_code,
            AddressPartName::Country => &address.country,
        }
    }

    pub fn slot_mut(self, address: &mut Address) -> &mut Option<String> {
        match self {
            AddressPartName::Street => &mut address.street,
            AddressPartName::City => &mut address.city,
            AddressPartName::State => &mut address.state,
            AddressPartName::PostalCode => &mut address.postal_code,
            AddressPartName::Country => &mut address.country,
        }
    }
}

/// How Find Matching Accounts can use a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Search {
    /// Not a criterion.
    No,
    /// Case-insensitive substring.
    Contains,
    /// A phone number: a substring of what is stored, which is stored as
    /// given, so a client sends the digits a person typed (NOTES.md).
    Digits,
    /// Equal.
    Exact,
    /// Equal, and also a range with `<name>Start` / `<name>End` (revenue).
    ExactAndRange,
    /// A range only, `<name>Start` / `<name>End` (dates).
    Range,
}

/// The wire facts of one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    pub field: Field,
    /// One flat name per field: the JSON name, or `billingCity` for an
    /// address part. The export's CSV header and the list's URL keys use it.
    pub name: &'static str,
    pub kind: Kind,
    /// Part of Create and Update bodies.
    pub writable: bool,
    /// A `sort.property` of Find Matching Accounts.
    pub sortable: bool,
    pub search: Search,
    /// The longest text the console lets a user enter (characters).
    pub max_len: Option<u32>,
}

const TEXT: u32 = 255;
const LONG_TEXT: u32 = 4000;

const fn spec(
    field: Field,
    name: &'static str,
    kind: Kind,
    writable: bool,
    sortable: bool,
    search: Search,
    max_len: Option<u32>,
) -> Spec {
    Spec { field, name, kind, writable, sortable, search, max_len }
}

const fn text_field(field: Field, name: &'static str) -> Spec {
    spec(field, name, Kind::Text, true, true, Search::Contains, Some(TEXT))
}

const fn phone(field: Field, name: &'static str) -> Spec {
    spec(field, name, Kind::Text, true, true, Search::Digits, Some(TEXT))
}

const fn part(field: Field, name: &'static str, address: AddressKind, part: AddressPartName) -> Spec {
    spec(field, name, Kind::AddressPart(address, part), true, true, Search::Contains, Some(TEXT))
}

const fn derived_name(field: Field, name: &'static str) -> Spec {
    spec(field, name, Kind::Text, false, true, Search::No, None)
}

use AddressKind::{Billing, Shipping};
use AddressPartName::{City, Country, PostalCode, State, Street};

/// Every field, in the order a person reads an account.
pub const FIELDS: &[Spec] = &[
    spec(Field::Id, "id", Kind::Integer, false, true, Search::Exact, None),
    text_field(Field::Name, "name"),
    text_field(Field::AccountNumber, "accountNumber"),
    text_field(Field::OriginalAccountNumber, "originalAccountNumber"),
    spec(Field::Description, "description", Kind::Text, true, true, Search::Contains, Some(LONG_TEXT)),
    text_field(Field::OwnershipType, "ownershipType"),
    phone(Field::PhoneOffice, "phoneOffice"),
    phone(Field::PhoneAlternate, "phoneAlternate"),
    phone(Field::PhoneFax, "phoneFax"),
    text_field(Field::Website, "website"),
    text_field(Field::Industry, "industry"),
    spec(Field::AnnualRevenue, "annualRevenue", Kind::Integer, true, true, Search::ExactAndRange, None),
    spec(Field::NumOfEmployees, "numOfEmployees", Kind::Integer, true, true, Search::Exact, None),
    text_field(Field::TickerSymbol, "tickerSymbol"),
    text_field(Field::SicCode, "sicCode"),
    text_field(Field::SicDesc, "sicDesc"),
    text_field(Field::AccountSource, "accountSource"),
    text_field(Field::Rating, "rating"),
    spec(Field::AgentId, "agentId", Kind::Id, true, true, Search::Exact, None),
    derived_name(Field::AgentName, "agentName"),
    spec(Field::AgentTeamId, "agentTeamId", Kind::Id, true, true, Search::Exact, None),
    derived_name(Field::AgentTeamName, "agentTeamName"),
    spec(Field::CampaignId, "campaignId", Kind::TextId, true, true, Search::Exact, Some(TEXT)),
    spec(Field::ClassificationId, "classificationId", Kind::Id, true, true, Search::Exact, None),
    derived_name(Field::ClassificationName, "classificationName"),
    spec(Field::TypeId, "typeId", Kind::Id, true, true, Search::Exact, None),
    derived_name(Field::TypeName, "typeName"),
    part(Field::BillingStreet, "billingStreet", Billing, Street),
    part(Field::BillingCity, "billingCity", Billing, City),
    part(Field::BillingState, "billingState", Billing, State),
    part(Field::BillingPostalCode, "billingPostalCode", Billing, PostalCode),
    part(Field::BillingCountry, "billingCountry", Billing, Country),
    part(Field::ShippingStreet, "shippingStreet", Shipping, Street),
    part(Field::ShippingCity, "shippingCity", Shipping, City),
    part(Field::ShippingState, "shippingState", Shipping, State),
    part(Field::ShippingPostalCode, "shippingPostalCode", Shipping, PostalCode),
    part(Field::ShippingCountry, "shippingCountry", Shipping, Country),
    spec(Field::CustomFields, "customFields", Kind::Custom, true, false, Search::No, Some(TEXT)),
    spec(Field::SecureFields, "secureFields", Kind::Secure, true, false, Search::No, Some(TEXT)),
    spec(Field::CreatedDate, "createdDate", Kind::Date, false, true, Search::Range, None),
    spec(Field::CreatedBy, "createdBy", Kind::Text, false, true, Search::Contains, None),
    spec(Field::ModifiedDate, "modifiedDate", Kind::Date, false, true, Search::Range, None),
    spec(Field::ModifiedBy, "modifiedBy", Kind::Text, false, true, Search::Contains, None),
];

/// A field's value, borrowed from an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value<'a> {
    Text(&'a str),
    Int(i64),
}

impl Field {
    /// This field's row of [`FIELDS`].
    pub fn spec(self) -> &'static Spec {
        // The table lists every variant once, in declaration order.
        &FIELDS[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.spec().name
    }

    pub fn kind(self) -> Kind {
        self.spec().kind
    }

    /// The field whose flat name is `name` (exactly as [`Spec::name`]).
    pub fn named(name: &str) -> Option<Field> {
        FIELDS.iter().find(|s| s.name == name).map(|s| s.field)
    }

    /// The field at a JSON path of an account: its name, or an address part
    /// as `billingAddress.city`.
    pub fn at_path(path: &str) -> Option<Field> {
        let spec = match path.split_once('.') {
            Some((address, part)) => FIELDS.iter().find(
                |s| matches!(s.kind, Kind::AddressPart(a, p) if a.json_name() == address && p.json_name() == part),
            )?,
            None => FIELDS.iter().find(|s| s.name == path && !matches!(s.kind, Kind::AddressPart(..)))?,
        };
        Some(spec.field)
    }

    /// The field a `sort.property` names, when it may be sorted by.
    pub fn sort_property(property: &str) -> Option<Field> {
        Field::at_path(property).filter(|f| f.spec().sortable)
    }

    /// The `sort.property` to send for this field.
    pub fn sort_name(self) -> String {
        match self.kind() {
            Kind::AddressPart(address, part) => format!("{}.{}", address.json_name(), part.json_name()),
            _ => self.name().to_string(),
        }
    }

    /// The value an account has for this scalar field (`None` when it has
    /// none; custom and secure fields are lists: see [`Account::fields`]).
    pub fn read(self, account: &Account) -> Option<Value<'_>> {
        let f = &account.fields;
        match self {
            Field::Id => Some(Value::Int(account.id)),
            Field::CreatedDate => int(account.created_date),
            Field::CreatedBy => text(&account.created_by),
            Field::ModifiedDate => int(account.modified_date),
            Field::ModifiedBy => text(&account.modified_by),
            Field::AgentName => text(&account.agent_name),
            Field::AgentTeamName => text(&account.agent_team_name),
            Field::ClassificationName => text(&account.classification_name),
            Field::TypeName => text(&account.type_name),
            Field::CustomFields | Field::SecureFields => None,
            _ => self.read_input(f),
        }
    }

    /// The value the writable part of an account has for this field.
    pub fn read_input(self, f: &AccountInput) -> Option<Value<'_>> {
        match self {
            Field::Name => Some(Value::Text(&f.name)),
            Field::AccountNumber => text(&f.account_number),
            Field::OriginalAccountNumber => text(&f.original_account_number),
            Field::Description => text(&f.description),
            Field::OwnershipType => text(&f.ownership_type),
            Field::PhoneOffice => text(&f.phone_office),
            Field::PhoneAlternate => text(&f.phone_alternate),
            Field::PhoneFax => text(&f.phone_fax),
            Field::Website => text(&f.website),
            Field::Industry => text(&f.industry),
            Field::AnnualRevenue => int(f.annual_revenue),
            Field::NumOfEmployees => int(f.num_of_employees),
            Field::TickerSymbol => text(&f.ticker_symbol),
            Field::SicCode => text(&f.sic_code),
            Field::SicDesc => text(&f.sic_desc),
            Field::AccountSource => text(&f.account_source),
            Field::Rating => text(&f.rating),
            Field::AgentId => int(f.agent_id),
            Field::AgentTeamId => int(f.agent_team_id),
            Field::CampaignId => text(&f.campaign_id),
            Field::ClassificationId => int(f.classification_id),
            Field::TypeId => int(f.type_id),
            _ => match self.kind() {
                Kind::AddressPart(address, part) => address.of(f).and_then(|a| part.of(a)).map(Value::Text),
                _ => None,
            },
        }
    }
}

fn text(value: &Option<String>) -> Option<Value<'_>> {
    value.as_deref().map(Value::Text)
}

fn int<T: Into<i64>>(value: Option<T>) -> Option<Value<'static>> {
    value.map(|n| Value::Int(n.into()))
}

impl Account {
    /// The custom or secure fields of the account (empty when it has none).
    pub fn list(&self, field: Field) -> &[FieldValue] {
        match field {
            Field::CustomFields => self.fields.custom_fields.as_deref().unwrap_or_default(),
            Field::SecureFields => self.fields.secure_fields.as_deref().unwrap_or_default(),
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value as Json, json};

    use crate::{AccountPatch, SearchCriteria};

    use super::*;

    /// The JSON path of a field in an account object.
    fn path(spec: &Spec) -> Vec<&'static str> {
        match spec.kind {
            Kind::AddressPart(address, part) => vec![address.json_name(), part.json_name()],
            _ => vec![spec.name],
        }
    }

    fn at<'a>(json: &'a Json, path: &[&str]) -> Option<&'a Json> {
        path.iter().try_fold(json, |node, key| node.get(key))
    }

    fn sample(spec: &Spec) -> (&'static str, Json) {
        match spec.kind {
            Kind::Integer | Kind::Id | Kind::Date => ("4321", json!(4321)),
            _ => ("Sample text", json!("Sample text")),
        }
    }

    #[test]
    fn the_table_lists_every_field_once_in_declaration_order() {
        for (index, spec) in FIELDS.iter().enumerate() {
            assert_eq!(spec.field as usize, index, "{} is out of place", spec.name);
            assert_eq!(Field::named(spec.name), Some(spec.field));
        }
        assert_eq!(FIELDS.len(), Field::ModifiedBy as usize + 1);
    }

    #[test]
    fn every_writable_field_round_trips_through_the_create_body_under_its_wire_name() {
        for spec in FIELDS.iter().filter(|s| s.writable && !matches!(s.kind, Kind::Custom | Kind::Secure)) {
            let (typed, wire) = sample(spec);
            let mut input = AccountInput { name: "x".into(), ..AccountInput::default() };
            spec.field.write_input(&mut input, Some(typed)).unwrap();
            let json = serde_json::to_value(&input).unwrap();
            assert_eq!(at(&json, &path(spec)), Some(&wire), "{} is sent under its name", spec.name);
            let back: AccountInput = serde_json::from_value(json).unwrap();
            let expected = match wire {
                Json::Number(n) => Value::Int(n.as_i64().unwrap()),
                _ => Value::Text("Sample text"),
            };
            assert_eq!(spec.field.read_input(&back), Some(expected), "{} reads back", spec.name);
            spec.field.write_input(&mut input, None).unwrap();
            if spec.field != Field::Name {
                assert_eq!(spec.field.read_input(&input), None, "{} clears", spec.name);
            }
        }
    }

    #[test]
    fn every_writable_field_is_sent_in_an_update_under_its_wire_name_and_clears_with_null() {
        for spec in FIELDS.iter().filter(|s| s.writable && !matches!(s.kind, Kind::Custom | Kind::Secure)) {
            let (typed, wire) = sample(spec);
            let mut patch = AccountPatch::default();
            patch.set(spec.field, Some(typed)).unwrap();
            let json = serde_json::to_value(&patch).unwrap();
            assert_eq!(at(&json, &path(spec)), Some(&wire), "{} is sent under its name", spec.name);
            assert_eq!(json.as_object().map(|o| o.len()), Some(1), "{}: only that field is sent", spec.name);
            let mut cleared = AccountPatch::default();
            cleared.set(spec.field, None).unwrap();
            let json = serde_json::to_value(&cleared).unwrap();
            assert_eq!(at(&json, &path(spec)), Some(&Json::Null), "{} clears with null", spec.name);
        }
        assert_eq!(AccountPatch::default().set(Field::CreatedBy, Some("x")), Err(WriteError::NotWritable));
    }

    #[test]
    fn every_read_only_field_decodes_from_an_answer_under_its_wire_name() {
        for spec in FIELDS.iter().filter(|s| !s.writable) {
            let (_, wire) = sample(spec);
            let mut answer = json!({"id": 7, "name": "x"});
            answer[spec.name] = wire.clone();
            let account: Account = serde_json::from_value(answer).unwrap();
            let expected = match wire {
                Json::Number(n) => Value::Int(n.as_i64().unwrap()),
                _ => Value::Text("Sample text"),
            };
            assert_eq!(spec.field.read(&account), Some(expected), "{} decodes", spec.name);
        }
    }

    #[test]
    fn list_fields_decode_under_their_wire_names() {
        let account: Account = serde_json::from_value(json!({
            "id": 1, "name": "x",
            "customFields": [{"field": "COL3", "value": "c"}],
            "secureFields": [{"field": "SECURE1", "value": "s"}],
        }))
        .unwrap();
        assert_eq!(account.list(Field::CustomFields)[0].field, "COL3");
        assert_eq!(account.list(Field::SecureFields)[0].value.as_deref(), Some("s"));
    }

    #[test]
    fn every_criterion_lands_under_its_wire_name_in_the_search_body() {
        for spec in FIELDS
            .iter()
            .filter(|s| matches!(s.search, Search::Contains | Search::Digits | Search::Exact | Search::ExactAndRange))
        {
            let (typed, wire) = sample(spec);
            let mut criteria = SearchCriteria::default();
            criteria.set_exact(spec.field, Some(Value::Text(typed)));
            let json = serde_json::to_value(&criteria).unwrap();
            assert_eq!(at(&json, &path(spec)), Some(&wire), "{} is a criterion under its name", spec.name);
        }
        for spec in FIELDS.iter().filter(|s| matches!(s.search, Search::Range | Search::ExactAndRange)) {
            let mut criteria = SearchCriteria::default();
            criteria.set_range(spec.field, RangeEnd::Start, Some(1));
            criteria.set_range(spec.field, RangeEnd::End, Some(2));
            let json = serde_json::to_value(&criteria).unwrap();
            assert_eq!(json[format!("{}Start", spec.name)], json!(1), "{}", spec.name);
            assert_eq!(json[format!("{}End", spec.name)], json!(2), "{}", spec.name);
        }
    }

    #[test]
    fn sort_properties_name_sortable_fields_only() {
        assert_eq!(Field::sort_property("modifiedDate"), Some(Field::ModifiedDate));
        assert_eq!(Field::sort_property("billingAddress.city"), Some(Field::BillingCity));
        assert_eq!(Field::BillingCity.sort_name(), "billingAddress.city");
        assert_eq!(Field::sort_property("customFields"), None);
        assert_eq!(Field::sort_property("billingCity"), None, "address parts are sorted by their JSON path");
        assert_eq!(Field::at_path("billingAddress.city"), Some(Field::BillingCity));
        assert_eq!(Field::sort_property("shoeSize"), None);
    }
}
