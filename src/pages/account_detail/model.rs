//! Reading a history entry's description (pure). The sandbox writes what an
//! update changed as `field: old → new; field: old → new`, with `(empty)`
//! for no value, addresses part by part (`billingCity`), custom fields as
//! the whole list before and after (JSON), and `secureFields changed`
//! without values. Such a description becomes one [`Change`] per field (one
//! per `COLn` for custom fields), said in words. The reference types history
//! as an object only, so anything else, or anything this reading cannot split
//! for certain, is shown as the vendor wrote it.

use account_model::{
    FieldValue, ListKind,
    fields::{Field, Kind},
};

use crate::domain::fields::label;

/// What one change touched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    /// A field of the field table (an address part is one).
    Field(Field),
    /// One custom field, `COL5`.
    Custom(String),
    /// The secure fields, whose values history never holds.
    Secure,
}

impl Subject {
    /// What the filter keeps: the field's wire name, or `COL5`.
    pub fn key(&self) -> &str {
        match self {
            Subject::Field(field) => field.name(),
            Subject::Custom(name) => name,
            Subject::Secure => Field::SecureFields.name(),
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Subject::Field(field) => label(*field),
            Subject::Custom(name) => name,
            Subject::Secure => label(Field::SecureFields),
        }
    }
}

/// One field's change: its value before and after (`None`: empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub subject: Subject,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl Change {
    /// "Rating changed from “Warm” to “Hot”", "Website set to “x”", "Fax
    /// cleared (was “y”)".
    pub fn words(&self) -> String {
        let label = self.subject.label();
        if self.subject == Subject::Secure {
            return format!("{label} changed (history keeps no secure values)");
        }
        match (&self.old, &self.new) {
            (Some(old), Some(new)) => format!("{label} changed from “{old}” to “{new}”"),
            (None, Some(new)) => format!("{label} set to “{new}”"),
            (Some(old), None) => format!("{label} cleared (was “{old}”)"),
            (None, None) => format!("{label} changed"),
        }
    }
}

const ARROW: &str = " → ";
const EMPTY: &str = "(empty)";
const SECURE_CHANGED: &str = "secureFields changed";

/// The field a part of a description starts with (`rating: `), and where
/// its value starts; `secureFields changed` is a part of its own.
fn head(text: &str) -> Option<(Field, usize)> {
    if let Some(rest) = text.strip_prefix(SECURE_CHANGED)
        && (rest.is_empty() || rest.starts_with("; "))
    {
        return Some((Field::SecureFields, SECURE_CHANGED.len()));
    }
    let (name, _) = text.split_once(": ")?;
    let field = Field::named(name).filter(|f| f.spec().writable)?;
    Some((field, name.len() + 2))
}

/// The changes `description` lists, when it is in the sandbox's form.
pub fn changes(description: &str) -> Option<Vec<Change>> {
    let description = description.trim();
    head(description)?;
    // A part starts at the beginning and after each "; " that a field name
    // and ": " follow; a "; " inside a value does not split it.
    let mut starts = vec![0];
    starts
        .extend(description.match_indices("; ").map(|(at, _)| at + 2).filter(|at| head(&description[*at..]).is_some()));
    let mut out = Vec::new();
    for (index, start) in starts.iter().enumerate() {
        let end = starts.get(index + 1).map_or(description.len(), |next| next - 2);
        let part = &description[*start..end];
        let (field, value_at) = head(part)?;
        let value = &part[value_at..];
        match field.kind() {
            Kind::Secure => out.push(Change { subject: Subject::Secure, old: None, new: None }),
            Kind::Custom => out.extend(custom_changes(value)?),
            _ => {
                // Exactly one arrow, or the split is a guess: shown as given.
                let (old, new) = value.split_once(ARROW).filter(|(_, new)| !new.contains(ARROW))?;
                out.push(Change { subject: Subject::Field(field), old: given(old), new: given(new) });
            }
        }
    }
    Some(out)
}

fn given(value: &str) -> Option<String> {
    (value != EMPTY).then(|| value.to_string())
}

/// The custom fields before and after (`(empty)` or a JSON list), compared
/// field by field, in `COL` number order.
fn custom_changes(value: &str) -> Option<Vec<Change>> {
    let list = |text: &str| -> Option<Vec<FieldValue>> {
        if text == EMPTY { Some(Vec::new()) } else { serde_json::from_str(text).ok() }
    };
    let (old, new) = value.match_indices(ARROW).find_map(|(at, _)| {
        let (old, new) = (&value[..at], &value[at + ARROW.len()..]);
        Some((list(old)?, list(new)?))
    })?;
    let value_of = |fields: &[FieldValue], name: &str| {
        fields.iter().find(|f| f.field == name).and_then(|f| f.value.clone()).filter(|v| !v.is_empty())
    };
    let mut names: Vec<&FieldValue> = old.iter().chain(&new).collect();
    crate::domain::sort::by_key(&mut names, |f| (f.number(ListKind::Custom), f.field.clone()));
    names.dedup_by(|a, b| a.field == b.field);
    Some(
        names
            .into_iter()
            .map(|f| Change {
                subject: Subject::Custom(f.field.clone()),
                old: value_of(&old, &f.field),
                new: value_of(&new, &f.field),
            })
            .filter(|change| change.old != change.new)
            .collect(),
    )
}

/// The fields the changes of a history touch, once each, by label: what
/// the filter offers.
pub fn subjects<'a>(changes: impl IntoIterator<Item = &'a Change>) -> Vec<(String, String)> {
    let mut seen: Vec<(String, String)> = Vec::new();
    for change in changes {
        let key = change.subject.key();
        if !seen.iter().any(|(k, _)| k == key) {
            seen.push((key.to_string(), change.subject.label().to_string()));
        }
    }
    // By label, numbers in it as numbers: COL9 before COL10.
    crate::domain::sort::by_key(&mut seen, |(_, label)| {
        let stem = label.trim_end_matches(|c: char| c.is_ascii_digit());
        (stem.to_lowercase(), label[stem.len()..].parse::<u32>().unwrap_or(0))
    });
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(subject: Subject, old: Option<&str>, new: Option<&str>) -> Change {
        Change { subject, old: old.map(Into::into), new: new.map(Into::into) }
    }

    fn field(field: Field, old: Option<&str>, new: Option<&str>) -> Change {
        change(Subject::Field(field), old, new)
    }

    fn custom(name: &str, old: Option<&str>, new: Option<&str>) -> Change {
        change(Subject::Custom(name.into()), old, new)
    }

    #[test]
    fn the_sandbox_form_is_read_change_by_change() {
        for (description, expected) in [
            ("rating: Warm → Hot", vec![field(Field::Rating, Some("Warm"), Some("Hot"))]),
            ("website: (empty) → example.com", vec![field(Field::Website, None, Some("example.com"))]),
            ("agentId: 595348 → (empty)", vec![field(Field::AgentId, Some("595348"), None)]),
            (
                "rating: Warm → Hot; billingCity: Lyon → Paris",
                vec![
                    field(Field::Rating, Some("Warm"), Some("Hot")),
                    field(Field::BillingCity, Some("Lyon"), Some("Paris")),
                ],
            ),
            (
                "description: a; b → a; c; name: X → Y",
                vec![field(Field::Description, Some("a; b"), Some("a; c")), field(Field::Name, Some("X"), Some("Y"))],
            ),
            (
                r#"customFields: [{"field":"COL5","value":"a"},{"field":"COL10","value":"t"}] → [{"field":"COL5","value":"b"},{"field":"COL7","value":"c"},{"field":"COL10","value":"t"}]"#,
                vec![custom("COL5", Some("a"), Some("b")), custom("COL7", None, Some("c"))],
            ),
            (
                r#"customFields: [{"field":"COL1","value":"x → y"}] → (empty)"#,
                vec![custom("COL1", Some("x → y"), None)],
            ),
            (
                "secureFields changed; rating: (empty) → Cold",
                vec![change(Subject::Secure, None, None), field(Field::Rating, None, Some("Cold"))],
            ),
        ] {
            assert_eq!(changes(description), Some(expected), "{description}");
        }
    }

    #[test]
    fn anything_else_is_shown_as_given() {
        for description in [
            "",
            "Note from the phone call",
            "CT-0042",
            "rating changed to Hot",
            "createdDate: 1 → 2",
            "name: A → B → C",
            "rating: Warm",
            "customFields: not json → (empty)",
        ] {
            assert_eq!(changes(description), None, "{description}");
        }
    }

    #[test]
    fn each_change_is_said_in_words() {
        assert_eq!(field(Field::Rating, Some("Warm"), Some("Hot")).words(), "Rating changed from “Warm” to “Hot”");
        assert_eq!(field(Field::BillingCity, None, Some("Lyon")).words(), "Billing city set to “Lyon”");
        assert_eq!(field(Field::PhoneFax, Some("555"), None).words(), "Fax cleared (was “555”)");
        assert_eq!(custom("COL7", None, Some("c")).words(), "COL7 set to “c”");
        assert_eq!(
            change(Subject::Secure, None, None).words(),
            "Secure fields changed (history keeps no secure values)"
        );
    }

    #[test]
    fn the_filter_offers_each_field_once_by_label() {
        let all = [
            field(Field::Rating, None, Some("Hot")),
            custom("COL10", None, Some("x")),
            field(Field::BillingCity, None, Some("Lyon")),
            custom("COL9", None, Some("y")),
            field(Field::Rating, Some("Hot"), Some("Cold")),
        ];
        let offered: Vec<(String, String)> = subjects(&all);
        let keys: Vec<&str> = offered.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(keys, ["billingCity", "COL9", "COL10", "rating"]);
        assert_eq!(offered[0].1, "Billing city");
    }
}
