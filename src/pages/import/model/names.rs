//! The classifications and types the names in an import's cells are
//! matched against (a sheet names them; the API takes their ids).

use account_model::{Category, Field};

use crate::{api::categories::CategoryKind, pages::import::model::plan::Problem};

/// The classifications and types the names in a file are matched against,
/// folded for comparison; `None` where a list could not be read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lookup {
    classifications: Option<Vec<(i64, String)>>,
    types: Option<Vec<(i64, String)>>,
}

/// What a cell is read as first: an id column's cells as ids, a name
/// column's as names (either falls back to the other).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadFirst {
    Id,
    Name,
}

impl ReadFirst {
    /// How the cells of a classification or type column are read.
    pub fn column(field: Field) -> ReadFirst {
        match field {
            Field::ClassificationId | Field::TypeId => ReadFirst::Id,
            _ => ReadFirst::Name,
        }
    }
}

fn folded(list: &[Category]) -> Vec<(i64, String)> {
    list.iter().map(|c| (c.id, c.name.trim().to_lowercase())).collect()
}

impl Lookup {
    pub fn new(classifications: Option<&[Category]>, types: Option<&[Category]>) -> Lookup {
        Lookup { classifications: classifications.map(folded), types: types.map(folded) }
    }

    /// The id `text` names: a name (any case), or an id of the list, tried
    /// in the order `first` says.
    pub fn resolve(&self, kind: CategoryKind, text: &str, first: ReadFirst) -> Result<i64, Problem> {
        let text = text.trim();
        let as_id = text.parse::<i32>().ok().map(i64::from);
        let list = match kind {
            CategoryKind::Classification => &self.classifications,
            CategoryKind::Type => &self.types,
        };
        let Some(list) = list else {
            // The API checks no id in bulk, and neither can the console now.
            return as_id.ok_or_else(|| Problem::CategoriesUnreadable { kind, text: text.into() });
        };
        let name = text.to_lowercase();
        let by_name = || list.iter().find(|(_, n)| *n == name).map(|(id, _)| *id);
        let by_id = || as_id.filter(|id| list.iter().any(|(known, _)| known == id));
        let found = match first {
            ReadFirst::Id => by_id().or_else(by_name),
            ReadFirst::Name => by_name().or_else(by_id),
        };
        found.ok_or_else(|| Problem::UnknownCategory { kind, text: text.into() })
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// Classifications Gold (3), Émeraude (4) and 2024 (12); type Bank (7).
    pub fn lookup() -> Lookup {
        let category = |id, name: &str| Category { id, name: name.into(), level: None };
        Lookup::new(
            Some(&[category(3, "Gold"), category(4, "Émeraude"), category(12, "2024")]),
            Some(&[category(7, "Bank")]),
        )
    }

    #[test]
    fn names_resolve_to_ids_in_any_case_and_ids_stay_ids() {
        let lookup = lookup();
        let classification = |text, first| lookup.resolve(CategoryKind::Classification, text, first);
        assert_eq!(classification("gold", ReadFirst::Name), Ok(3));
        assert_eq!(classification(" ÉMERAUDE ", ReadFirst::Name), Ok(4));
        assert_eq!(classification("3", ReadFirst::Id), Ok(3), "an id column takes ids");
        assert_eq!(classification("Gold", ReadFirst::Id), Ok(3), "and names");
        assert_eq!(classification("2024", ReadFirst::Name), Ok(12), "a name column prefers the name");
        assert_eq!(classification("12", ReadFirst::Name), Ok(12), "and takes an id it knows");
        assert_eq!(lookup.resolve(CategoryKind::Type, "bank", ReadFirst::Name), Ok(7));
        let unknown = classification("Titanium", ReadFirst::Name).unwrap_err();
        assert_eq!(unknown.text(), "There is no classification named “Titanium”.");
        assert_eq!(classification("99", ReadFirst::Id).unwrap_err().text(), "There is no classification with ID 99.");
        let unread = Lookup::new(None, None);
        assert_eq!(
            unread.resolve(CategoryKind::Type, "5", ReadFirst::Id),
            Ok(5),
            "an id passes unchecked, as bulk create would"
        );
        assert_eq!(
            unread.resolve(CategoryKind::Type, "Bank", ReadFirst::Name).unwrap_err().text(),
            "The account type names could not be read, so “Bank” cannot be matched."
        );
    }
}
