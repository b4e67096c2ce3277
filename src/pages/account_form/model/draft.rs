//! The draft of a dirty form kept in `sessionStorage`.

use std::collections::BTreeMap;

use account_model::{ListField, ListKind, fields::Field};
use serde::{Deserialize, Serialize};

use crate::{
    domain::sort,
    pages::account_form::model::{FormState, Key, Values, form_fields},
};

/// What is kept in `sessionStorage` while a form is dirty: what the user
/// typed and the values it started from (for the merge), never secure values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub form: FormState,
    /// The start values by key name (`billingCity`, `COL7`).
    pub base: BTreeMap<String, String>,
}

impl Draft {
    pub fn new(form: &FormState, base: &Values) -> Draft {
        let base = sort::map_of(base.iter().filter(|(k, _)| !k.is_secure()).map(|(k, v)| (key_name(*k), v.clone())));
        Draft { form: FormState { secure: Vec::new(), ..form.clone() }, base }
    }

    /// The start values back as keys.
    pub fn base_values(&self) -> Values {
        sort::map_of(self.base.iter().filter_map(|(name, value)| Some((key_of(name)?, value.clone()))))
    }
}

fn key_name(key: Key) -> String {
    match key {
        Key::Field(field) => field.name().to_string(),
        Key::Custom(n) => ListField::Col(n).to_string(),
        Key::Secure(n) => ListField::Secure(n).to_string(),
    }
}

fn key_of(name: &str) -> Option<Key> {
    if let Some(n) = ListKind::Custom.typed_number(name) {
        return Some(Key::Custom(n));
    }
    Field::named(name).filter(|f| form_fields().any(|w| w == *f)).map(Key::Field)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::account_form::model::{saved_values, tests::account};

    #[test]
    fn a_draft_keeps_what_was_typed_and_its_start_but_never_secure_values() {
        let mut form = FormState::of(&account());
        form.set(Field::Rating, "Hot".into());
        let draft = Draft::new(&form, &saved_values(&account()));
        let text = serde_json::to_string(&draft).unwrap();
        assert!(!text.contains("secret"), "{text}");
        let back: Draft = serde_json::from_str(&text).unwrap();
        assert_eq!(back.form.get(Field::Rating), "Hot");
        assert!(back.form.secure.is_empty());
        let base = back.base_values();
        assert_eq!(base.get(&Key::Field(Field::Rating)).map(String::as_str), Some("Warm"));
        assert_eq!(base.get(&Key::Custom(10)).map(String::as_str), Some("ten"));
        assert!(!base.keys().any(|k| k.is_secure()));
    }
}
