//! One criterion of the list's search: a field of the model's field table
//! with how it is matched ([`Bound`]), or a custom field (`COL5`). Its URL
//! key is the field's name (`billingCity`), `createdDateStart` /
//! `createdDateEnd` for the two ends of a range, or `COL5`.

use account_model::{
    Field, ListField, ListKind,
    fields::{Kind, Search},
};

use crate::domain::fields::label;

/// How a criterion matches its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bound {
    /// Contains (text) or equals (numbers and ids), as the table says.
    Match,
    /// At least (dates: from the start of that day).
    From,
    /// At most (dates: to the end of that day).
    To,
    /// The custom field `COL<n>` contains the value (the criterion's field
    /// is [`Field::CustomFields`]).
    Column(u32),
}

/// One criterion of the search.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Criterion {
    pub field: Field,
    pub bound: Bound,
}

/// What a person types for a criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// Free text, matched as a substring (or a text id, matched exactly).
    Text,
    /// A phone number, sent as its digits.
    Phone,
    /// A whole number.
    Whole,
    /// A classification or type, chosen by name, sent by id.
    Choice,
    /// A day (`yyyy-mm-dd`).
    Date,
}

impl Criterion {
    pub const fn matching(field: Field) -> Criterion {
        Criterion { field, bound: Bound::Match }
    }

    /// The quick search: name contains.
    pub const NAME: Criterion = Criterion::matching(Field::Name);

    /// The custom field `COL<n>` contains the value.
    pub const fn custom(n: u32) -> Criterion {
        Criterion { field: Field::CustomFields, bound: Bound::Column(n) }
    }

    /// The URL key: the field's name, with `Start`/`End` for range ends;
    /// `COL5` for a custom field.
    pub fn key(self) -> String {
        let name = self.field.name();
        match self.bound {
            Bound::Match => name.to_string(),
            Bound::From => format!("{name}Start"),
            Bound::To => format!("{name}End"),
            Bound::Column(n) => ListField::Col(n).to_string(),
        }
    }

    /// The criterion a URL key names, when the field table allows it.
    pub fn parse(key: &str) -> Option<Criterion> {
        let criterion = match Field::named(key) {
            Some(field) => Criterion::matching(field),
            None => match ListKind::Custom.number_in(key) {
                Some(n) => Criterion::custom(n),
                None => {
                    let (name, bound) = match key.strip_suffix("Start") {
                        Some(name) => (name, Bound::From),
                        None => (key.strip_suffix("End")?, Bound::To),
                    };
                    Criterion { field: Field::named(name)?, bound }
                }
            },
        };
        criterion.is_allowed().then_some(criterion)
    }

    fn is_allowed(self) -> bool {
        match (self.field.spec().search, self.bound) {
            (_, Bound::Column(n)) => self.field == Field::CustomFields && ListField::Col(n).is_allowed(),
            (Search::Contains | Search::Digits | Search::Exact | Search::ExactAndRange, Bound::Match) => true,
            (Search::Range | Search::ExactAndRange, Bound::From | Bound::To) => true,
            _ => false,
        }
    }

    pub fn input(self) -> Input {
        match (self.field.kind(), self.field) {
            (Kind::Date, _) => Input::Date,
            (_, Field::ClassificationId | Field::TypeId) => Input::Choice,
            (Kind::Integer | Kind::Id, _) => Input::Whole,
            _ if self.field.spec().search == Search::Digits => Input::Phone,
            _ => Input::Text,
        }
    }

    /// "Billing city", "Created from", "Annual revenue up to", "COL5".
    pub fn label(self) -> String {
        match self.bound {
            Bound::Match => label(self.field).to_string(),
            Bound::From => format!("{} from", label(self.field)),
            Bound::To if self.input() == Input::Date => format!("{} until", label(self.field)),
            Bound::To => format!("{} up to", label(self.field)),
            Bound::Column(_) => self.key(),
        }
    }
}

/// The digits of a phone number as typed: `(650) 555-0199` → `6505550199`.
pub fn phone_digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// A criterion that cannot be sent, with the message to show at its field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterError {
    pub criterion: Criterion,
    pub message: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_criterion_of_the_field_table_has_a_url_key_that_reads_back() {
        for spec in account_model::fields::FIELDS {
            for bound in [Bound::Match, Bound::From, Bound::To] {
                let criterion = Criterion { field: spec.field, bound };
                if criterion.is_allowed() {
                    assert_eq!(Criterion::parse(&criterion.key()), Some(criterion), "{}", criterion.key());
                }
            }
        }
        assert_eq!(Criterion::parse("customFields"), None);
        assert_eq!(Criterion::parse("nameStart"), None);
        for n in ListKind::Custom.numbers() {
            let criterion = Criterion::custom(n);
            assert_eq!(Criterion::parse(&criterion.key()), Some(criterion), "{}", criterion.key());
        }
        for not_a_field in ["COL0", "COL101", "COL05", "col5", "COL", "COL5x", "COL-5"] {
            assert_eq!(Criterion::parse(not_a_field), None, "{not_a_field}");
        }
    }
}
