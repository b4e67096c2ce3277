//! The account form as data, without a browser: what it holds, how it is
//! checked, the create body and the partial update it sends, the three-way
//! merge with what someone else saved meanwhile, drafts, and undo.
//!
//! The rules:
//! - an edit sends only what the user changed; a cleared field is `null`;
//! - when any part of an address changed, the whole address is sent, and
//!   when any custom (or secure) field changed, the whole list as it now
//!   stands (removed ones as `null`), so a server that replaces and one that
//!   merges end up the same;
//! - before saving, the account is read again and compared value by value
//!   with what the form was loaded from: fields only someone else changed
//!   keep their values, fields both changed are a conflict the user settles.
//!
//! Here: what the form holds and its checks; `merge.rs`: the three-way merge
//! and the partial update; `draft.rs`: drafts; `save.rs`: the save protocol.

mod draft;
mod merge;
pub mod save;

pub use crate::pages::account_form::model::{
    draft::Draft,
    merge::{Conflict, Merge, Pick, changed, merge, patch_between},
};

use std::collections::{BTreeMap, BTreeSet};

use account_model::{
    Account, AccountInput, FieldValue, ListField, ListKind,
    fields::{FIELDS, Field, Kind, Value, WriteError},
};
use serde::{Deserialize, Serialize};

use crate::{domain::fields::label, domain::sort};

/// One value of the form: a scalar field, or a custom or secure field by
/// number (`COL7` is `Custom(7)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    Field(Field),
    Custom(u32),
    Secure(u32),
}

impl Key {
    /// The name a person reads: the field's label, or `COL7`, `SECURE2`.
    pub fn label(self) -> String {
        match self {
            Key::Field(field) => label(field).to_string(),
            Key::Custom(n) => ListField::Col(n).to_string(),
            Key::Secure(n) => ListField::Secure(n).to_string(),
        }
    }

    fn is_secure(self) -> bool {
        matches!(self, Key::Secure(_))
    }
}

/// The values of the form by key; a missing key is an empty value.
pub type Values = BTreeMap<Key, String>;

/// One row of custom or secure fields, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRow {
    /// `COL7` (custom) or `SECURE2` (secure).
    pub name: String,
    pub value: String,
}

/// What the form holds, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormState {
    /// Writable scalar fields by their flat name (`billingCity`).
    pub scalars: BTreeMap<String, String>,
    pub custom: Vec<ListRow>,
    /// Never written into a draft.
    #[serde(skip)]
    pub secure: Vec<ListRow>,
}

/// Each part of the billing address with the same part of the shipping one.
pub const ADDRESS_PARTS: [(Field, Field); 5] = [
    (Field::BillingStreet, Field::ShippingStreet),
    (Field::BillingCity, Field::ShippingCity),
    (Field::BillingState, Field::ShippingState),
    (Field::BillingPostalCode, Field::ShippingPostalCode),
    (Field::BillingCountry, Field::ShippingCountry),
];

/// The writable scalar fields, in table order.
pub fn form_fields() -> impl Iterator<Item = Field> {
    FIELDS.iter().filter(|s| s.writable && !matches!(s.kind, Kind::Custom | Kind::Secure)).map(|s| s.field)
}

/// A value as a form input shows it: text as is, numbers as plain digits.
fn as_text(value: Option<Value<'_>>) -> String {
    match value {
        None => String::new(),
        Some(Value::Text(text)) => text.to_string(),
        Some(Value::Int(n)) => n.to_string(),
    }
}

fn rows(fields: &[FieldValue], kind: ListKind) -> Vec<ListRow> {
    let mut rows: Vec<(u32, ListRow)> = fields
        .iter()
        .filter_map(|f| {
            let value = f.value.clone().filter(|v| !v.trim().is_empty())?;
            Some((f.number(kind).unwrap_or(u32::MAX), ListRow { name: f.field.clone(), value }))
        })
        .collect();
    sort::by_key(&mut rows, |(n, _)| *n);
    rows.into_iter().map(|(_, row)| row).collect()
}

impl FormState {
    /// The form of an existing account.
    pub fn of(account: &Account) -> FormState {
        FormState {
            scalars: sort::map_of(form_fields().map(|f| (f.name().to_string(), as_text(f.read(account))))),
            custom: rows(account.list(Field::CustomFields), ListKind::Custom),
            secure: rows(account.list(Field::SecureFields), ListKind::Secure),
        }
    }

    pub fn get(&self, field: Field) -> &str {
        self.scalars.get(field.name()).map_or("", String::as_str)
    }

    pub fn set(&mut self, field: Field, value: String) {
        self.scalars.insert(field.name().to_string(), value);
    }

    /// The values by key, empty ones left out. Rows whose name is not a
    /// field name are left out too: [`FormState::check`] reports them.
    pub fn values(&self) -> Values {
        let mut values = Values::new();
        for field in form_fields() {
            let text = self.get(field).trim();
            if !text.is_empty() {
                values.insert(Key::Field(field), text.to_string());
            }
        }
        for (rows, kind, key) in [
            (&self.custom, ListKind::Custom, Key::Custom as fn(u32) -> Key),
            (&self.secure, ListKind::Secure, Key::Secure as fn(u32) -> Key),
        ] {
            for row in rows {
                if let Some(n) = kind.typed_number(&row.name)
                    && !row.value.trim().is_empty()
                {
                    values.insert(key(n), row.value.trim().to_string());
                }
            }
        }
        values
    }

    /// Copies the billing address into the shipping address.
    /// The shipping address's parts as typed, to put back later.
    pub fn shipping(&self) -> [String; 5] {
        ADDRESS_PARTS.map(|(_, shipping)| self.get(shipping).to_string())
    }

    pub fn set_shipping(&mut self, parts: [String; 5]) {
        for ((_, shipping), part) in ADDRESS_PARTS.into_iter().zip(parts) {
            self.set(shipping, part);
        }
    }

    pub fn ship_to_billing(&mut self) {
        for (billing, shipping) in ADDRESS_PARTS {
            self.set(shipping, self.get(billing).to_string());
        }
    }

    /// Checks what can be checked before sending: a name, whole numbers where
    /// the API wants them, lengths, custom and secure field names (known,
    /// not twice). Answers each problem where it shows.
    pub fn check(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.get(Field::Name).trim().is_empty() {
            problems.push(Problem { at: Target::Field(Field::Name), message: "Enter a name.".into() });
        }
        let mut scratch = AccountInput::default();
        for field in form_fields() {
            let text = self.get(field);
            if let Err(error) = field.write_input(&mut scratch, Some(text)) {
                problems.push(Problem { at: Target::Field(field), message: error.to_string() });
            }
        }
        for (rows, list) in [(&self.custom, List::Custom), (&self.secure, List::Secure)] {
            let mut seen = BTreeSet::new();
            for (index, row) in rows.iter().enumerate() {
                let at = Target::Row(list, index);
                match list.typed_number(&row.name) {
                    None => {
                        let (first, last) = list.bounds();
                        problems.push(Problem { at, message: format!("Use a name from {first} to {last}.") })
                    }
                    Some(n) if !seen.insert(n) => {
                        problems.push(Problem { at, message: format!("{} is already in the list.", list.field(n)) })
                    }
                    Some(_) if row.value.chars().count() > 255 => {
                        problems.push(Problem { at, message: WriteError::TooLong(255).to_string() })
                    }
                    Some(_) => {}
                }
            }
        }
        problems
    }

    /// The Create Account body: every value that is filled in.
    pub fn to_input(&self) -> Result<AccountInput, Vec<Problem>> {
        let problems = self.check();
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut input = AccountInput::default();
        for field in form_fields() {
            let _ = field.write_input(&mut input, Some(self.get(field)));
        }
        let values = self.values();
        let list = |secure: bool| -> Option<Vec<FieldValue>> {
            let fields: Vec<FieldValue> = values
                .iter()
                .filter_map(|(key, value)| match (key, secure) {
                    (Key::Custom(n), false) => {
                        Some(FieldValue { field: ListField::Col(*n).to_string(), value: Some(value.clone()) })
                    }
                    (Key::Secure(n), true) => {
                        Some(FieldValue { field: ListField::Secure(*n).to_string(), value: Some(value.clone()) })
                    }
                    _ => None,
                })
                .collect();
            (!fields.is_empty()).then_some(fields)
        };
        input.custom_fields = list(false);
        input.secure_fields = list(true);
        Ok(input)
    }
}

/// Which list a row belongs to.
pub use account_model::ListKind as List;

/// Where a problem shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Field(Field),
    Row(List, usize),
    /// At the top of the form.
    Form,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub at: Target,
    pub message: String,
}

/// Where a refusal from the API shows: at the field its message names, else
/// at the top, in the user's words.
pub fn problem_of(message: &str) -> Problem {
    let explained = crate::domain::messages::explain(message);
    Problem { at: explained.field.map_or(Target::Form, Target::Field), message: explained.text }
}

/// The values of an account as saved.
pub fn saved_values(account: &Account) -> Values {
    FormState::of(account).values()
}

#[cfg(test)]
mod tests {
    use account_model::Address;

    use super::*;

    /// An account with a value in every kind of field, lists included.
    pub(super) fn account() -> Account {
        Account {
            id: 7,
            fields: AccountInput {
                name: "Acme".into(),
                rating: Some("Warm".into()),
                industry: Some("Tools".into()),
                annual_revenue: Some(1_250_000),
                billing_address: Some(Address {
                    street: Some("1 Main St".into()),
                    city: Some("Springfield".into()),
                    ..Address::default()
                }),
                custom_fields: Some(vec![
                    FieldValue { field: "COL10".into(), value: Some("ten".into()) },
                    FieldValue { field: "COL2".into(), value: Some("two".into()) },
                ]),
                secure_fields: Some(vec![FieldValue { field: "SECURE1".into(), value: Some("secret".into()) }]),
                ..AccountInput::default()
            },
            ..Account::default()
        }
    }

    #[test]
    fn the_form_of_an_account_shows_numbers_as_plain_digits_and_lists_in_order() {
        let form = FormState::of(&account());
        assert_eq!(form.get(Field::AnnualRevenue), "1250000");
        assert_eq!(form.get(Field::BillingCity), "Springfield");
        assert_eq!(form.get(Field::Description), "");
        assert_eq!(form.custom.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["COL2", "COL10"]);
        assert_eq!(form.secure[0].value, "secret");
    }

    #[test]
    fn checks_name_whole_numbers_lengths_and_list_names_at_their_place() {
        let mut form = FormState::of(&account());
        form.set(Field::Name, " ".into());
        form.set(Field::NumOfEmployees, "many".into());
        form.set(Field::AnnualRevenue, "2,147,483,648".into());
        form.set(Field::Rating, "x".repeat(256));
        form.custom.push(ListRow { name: "COL2".into(), value: "again".into() });
        form.custom.push(ListRow { name: "COL+5".into(), value: "v".into() });
        form.secure.push(ListRow { name: "SECURE6".into(), value: "v".into() });
        let problems = form.check();
        let at: Vec<Target> = problems.iter().map(|p| p.at).collect();
        assert_eq!(
            at,
            [
                Target::Field(Field::Name),
                Target::Field(Field::AnnualRevenue),
                Target::Field(Field::NumOfEmployees),
                Target::Field(Field::Rating),
                Target::Row(List::Custom, 2),
                Target::Row(List::Custom, 3),
                Target::Row(List::Secure, 1),
            ]
        );
        assert_eq!(problems[1].message, "Enter a whole number of at most 2,147,483,647.");
        assert_eq!(problems[2].message, "Enter a whole number.");
        assert_eq!(problems[4].message, "COL2 is already in the list.");
        assert_eq!(problems[5].message, "Use a name from COL1 to COL100.");
    }

    #[test]
    fn the_create_body_holds_what_is_filled_in() {
        let mut form = FormState::default();
        form.set(Field::Name, " New Co ".into());
        form.set(Field::AgentId, "595348".into());
        form.set(Field::ShippingCountry, "India".into());
        form.custom.push(ListRow { name: "COL3".into(), value: "c".into() });
        form.secure.push(ListRow { name: "SECURE2".into(), value: "s".into() });
        let input = form.to_input().unwrap();
        assert_eq!(input.name, "New Co");
        assert_eq!(input.agent_id, Some(595_348));
        assert_eq!(input.shipping_address.and_then(|a| a.country).as_deref(), Some("India"));
        assert_eq!(input.billing_address, None);
        assert_eq!(input.custom_fields.unwrap()[0].field, "COL3");
        assert_eq!(input.secure_fields.unwrap()[0].field, "SECURE2");
        assert!(FormState::default().to_input().is_err(), "a name is required");
    }

    #[test]
    fn refusals_from_the_api_land_at_the_field_they_name() {
        assert_eq!(
            problem_of("Cannot update account. Unique account number already exists in system."),
            Problem {
                at: Target::Field(Field::AccountNumber),
                message: "Another account already has this account number.".into()
            }
        );
        assert_eq!(problem_of("agentId 5 does not exist.").at, Target::Field(Field::AgentId));
        assert_eq!(problem_of("The service is busy.").at, Target::Form);
    }
}
