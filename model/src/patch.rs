//! [`Patch`]: the three states of a field in a partial update.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One field of a partial `PUT`: left out (unchanged), `null` (cleared), or a
/// new value.
///
/// Use on a struct field with
/// `#[serde(default, skip_serializing_if = "Patch::is_absent")]` so that an
/// absent field stays absent on the wire.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Patch<T> {
    /// The key is not sent: the server keeps the current value.
    #[default]
    Absent,
    /// The key is sent as `null`: the server clears the field.
    Null,
    /// The key is sent with this value.
    Value(T),
}

impl<T> Patch<T> {
    pub fn is_absent(&self) -> bool {
        matches!(self, Patch::Absent)
    }

    /// The patch that turns `old` into `new`: absent when they are equal,
    /// `Null` when `new` is empty.
    pub fn between(old: Option<&T>, new: Option<T>) -> Patch<T>
    where
        T: PartialEq,
    {
        match (old, new) {
            (old, Some(new)) if old == Some(&new) => Patch::Absent,
            (_, Some(new)) => Patch::Value(new),
            (None, None) => Patch::Absent,
            (Some(_), None) => Patch::Null,
        }
    }

    /// `Some(new value)` when the patch changes the field (`Some(None)` clears it).
    pub fn change(&self) -> Option<Option<&T>> {
        match self {
            Patch::Absent => None,
            Patch::Null => Some(None),
            Patch::Value(v) => Some(Some(v)),
        }
    }

    pub fn as_ref(&self) -> Patch<&T> {
        match self {
            Patch::Absent => Patch::Absent,
            Patch::Null => Patch::Null,
            Patch::Value(v) => Patch::Value(v),
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Patch<U> {
        match self {
            Patch::Absent => Patch::Absent,
            Patch::Null => Patch::Null,
            Patch::Value(v) => Patch::Value(f(v)),
        }
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// `Some` sets the field, `None` leaves it out.
    fn from(value: Option<T>) -> Self {
        value.map_or(Patch::Absent, Patch::Value)
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Patch::Absent | Patch::Null => s.serialize_none(),
            Patch::Value(v) => v.serialize(s),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(d)?.map_or(Patch::Null, Patch::Value))
    }
}

#[cfg(test)]
mod tests {
    use super::Patch;
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize, Debug, Default, PartialEq)]
    struct Form {
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        name: Patch<String>,
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        rating: Patch<String>,
    }

    #[test]
    fn absent_null_and_value_decode_to_three_states() {
        let form: Form = serde_json::from_str(r#"{"name": null}"#).unwrap();
        assert_eq!(form.name, Patch::Null);
        assert_eq!(form.rating, Patch::Absent);
        let form: Form = serde_json::from_str(r#"{"rating": "Hot"}"#).unwrap();
        assert_eq!(form.rating, Patch::Value("Hot".into()));
    }

    #[test]
    fn only_changed_fields_are_encoded_and_null_clears() {
        let form = Form { name: Patch::Null, rating: Patch::Absent };
        assert_eq!(serde_json::to_string(&form).unwrap(), r#"{"name":null}"#);
        assert_eq!(serde_json::to_string(&Form::default()).unwrap(), "{}");
    }

    #[test]
    fn between_sends_nothing_for_an_unchanged_field() {
        let old = "Hot".to_string();
        assert_eq!(Patch::between(Some(&old), Some("Hot".to_string())), Patch::Absent);
        assert_eq!(Patch::between(Some(&old), Some("Cold".to_string())), Patch::Value("Cold".to_string()));
        assert_eq!(Patch::between(Some(&old), None), Patch::Null);
        assert_eq!(Patch::<String>::between(None, None), Patch::Absent);
    }
}
