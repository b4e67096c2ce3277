//! The names of an account's custom and secure fields, `COL1`..`COL100` and
//! `SECURE1`..`SECURE5` (NOTES.md): the one place their prefixes and ranges
//! are written. Everything that builds or reads such a name goes through
//! [`ListField`] and [`ListKind`].

use std::{fmt, ops::RangeInclusive};

use crate::fields::Field;

/// Which list a field name belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListKind {
    /// `customFields`: `COL1`..`COL100`.
    Custom,
    /// `secureFields`: `SECURE1`..`SECURE5`.
    Secure,
}

impl ListKind {
    pub const ALL: [ListKind; 2] = [ListKind::Custom, ListKind::Secure];

    /// What every name of the list starts with.
    pub const fn prefix(self) -> &'static str {
        match self {
            ListKind::Custom => "COL",
            ListKind::Secure => "SECURE",
        }
    }

    /// The numbers the list's names may have.
    pub const fn numbers(self) -> RangeInclusive<u32> {
        match self {
            ListKind::Custom => 1..=100,
            ListKind::Secure => 1..=5,
        }
    }

    /// The account field that holds the list.
    pub const fn list(self) -> Field {
        match self {
            ListKind::Custom => Field::CustomFields,
            ListKind::Secure => Field::SecureFields,
        }
    }

    /// The name numbered `number` in this list, allowed or not.
    pub const fn field(self, number: u32) -> ListField {
        match self {
            ListKind::Custom => ListField::Col(number),
            ListKind::Secure => ListField::Secure(number),
        }
    }

    /// The list's first and last names, `COL1` and `COL100`.
    pub const fn bounds(self) -> (ListField, ListField) {
        let numbers = self.numbers();
        (self.field(*numbers.start()), self.field(*numbers.end()))
    }

    /// The number in `name` when it is this list's prefix and a number
    /// spelled exactly so (ASCII digits without sign, leading zero or
    /// space), allowed or not: `COL101` gives 101, `COL05` and `col5` none.
    pub fn number_in(self, name: &str) -> Option<u32> {
        plain_number(name.strip_prefix(self.prefix())?)
    }

    /// The number in `name` when it is one of the list's names.
    pub fn allowed_number(self, name: &str) -> Option<u32> {
        self.number_in(name).filter(|n| self.numbers().contains(n))
    }

    /// The number in a name as a person types it, when it is one of the
    /// list's: spaces around and letter case do not matter (`col7 ` is 7).
    pub fn typed_number(self, name: &str) -> Option<u32> {
        let name = name.trim();
        let prefix = self.prefix();
        name.get(..prefix.len()).filter(|p| p.eq_ignore_ascii_case(prefix))?;
        plain_number(&name[prefix.len()..]).filter(|n| self.numbers().contains(n))
    }
}

/// ASCII digits without sign, leading zero or space, as a number.
fn plain_number(digits: &str) -> Option<u32> {
    if digits.starts_with('0') || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The name of one custom or secure field. It may hold a number its list
/// does not have (`COL101`), to be named in a message; [`ListField::parse`]
/// and [`ListField::is_allowed`] tell them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListField {
    Col(u32),
    Secure(u32),
}

impl ListField {
    /// One of the names the API has, spelled exactly: `COL5`, `SECURE1`;
    /// never `COL0`, `COL101`, `SECURE6`, `col5` or `COL05`.
    pub fn parse(name: &str) -> Option<ListField> {
        ListKind::ALL.into_iter().find_map(|kind| Some(kind.field(kind.allowed_number(name)?)))
    }

    pub const fn kind(self) -> ListKind {
        match self {
            ListField::Col(_) => ListKind::Custom,
            ListField::Secure(_) => ListKind::Secure,
        }
    }

    pub const fn number(self) -> u32 {
        match self {
            ListField::Col(n) | ListField::Secure(n) => n,
        }
    }

    /// Whether its list has a field of this number.
    pub fn is_allowed(self) -> bool {
        self.kind().numbers().contains(&self.number())
    }
}

/// The name as the API spells it: `COL5`.
impl fmt::Display for ListField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.kind().prefix(), self.number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_prefix_and_the_number_spelled_exactly_as_the_reference_does() {
        for (name, field) in [
            ("COL1", ListField::Col(1)),
            ("COL100", ListField::Col(100)),
            ("SECURE1", ListField::Secure(1)),
            ("SECURE5", ListField::Secure(5)),
        ] {
            assert_eq!(ListField::parse(name), Some(field), "{name}");
            assert_eq!(field.to_string(), name);
            assert!(field.is_allowed(), "{name}");
        }
        for name in [
            "COL0",
            "COL101",
            "SECURE0",
            "SECURE6",
            "COL+5",
            "COL-5",
            "COL05",
            "COL",
            "COL 5",
            "COL5 ",
            " COL5",
            "col5",
            "Col5",
            "COL٥",
            "COL5x",
            "COL99999999999",
            "SECURE+1",
            "5",
            "",
        ] {
            assert_eq!(ListField::parse(name), None, "{name}");
        }
    }

    #[test]
    fn a_number_out_of_range_is_read_and_written_but_not_allowed() {
        assert_eq!(ListKind::Custom.number_in("COL101"), Some(101));
        assert_eq!(ListKind::Custom.allowed_number("COL101"), None);
        assert_eq!(ListKind::Secure.number_in("COL1"), None);
        assert_eq!(ListField::Secure(6).to_string(), "SECURE6");
        assert!(!ListField::Secure(6).is_allowed());
        assert!(!ListField::Col(0).is_allowed());
    }

    #[test]
    fn a_typed_name_may_differ_in_case_and_spaces_but_not_in_digits() {
        for (typed, number) in [("COL7", Some(7)), (" col7 ", Some(7)), ("Col100", Some(100)), ("COL101", None)] {
            assert_eq!(ListKind::Custom.typed_number(typed), number, "{typed}");
        }
        for typed in ["COL07", "COL 7", "COL", "SECURE1", "ÇOL7", "C"] {
            assert_eq!(ListKind::Custom.typed_number(typed), None, "{typed}");
        }
        assert_eq!(ListKind::Secure.typed_number("secure5"), Some(5));
        assert_eq!(ListKind::Secure.typed_number("secure6"), None);
    }

    #[test]
    fn the_ranges_are_col1_to_col100_and_secure1_to_secure5() {
        let words = |kind: ListKind| {
            let (first, last) = kind.bounds();
            format!("{first} to {last}")
        };
        assert_eq!(words(ListKind::Custom), "COL1 to COL100");
        assert_eq!(words(ListKind::Secure), "SECURE1 to SECURE5");
        assert_eq!(ListKind::Custom.list(), Field::CustomFields);
        assert_eq!(ListKind::Secure.list(), Field::SecureFields);
    }
}
