//! Structs decode from JSON objects only.
//!
//! serde's derived `Deserialize` for a struct also accepts a sequence and takes
//! the fields by position, so `["Acme"]` would decode as `{"name": "Acme"}` and
//! `[1, 2, 3]` as a name, a description and an industry. The API never sends
//! that, so no struct of this crate accepts it. Each one derives with
//! `#[serde(remote = "Self")]`, which turns the derived code into inherent
//! functions, and [`object_only!`] implements the traits by calling them, the
//! decoder through [`ObjectOnly`]: a deserializer whose `deserialize_struct`
//! asks for a map, so a sequence is a type error.
//!
//! One consequence: `Type::deserialize(d)` written as a path names the inherent
//! function, which skips the check. Decode through `serde_json::from_*` or
//! `<Type as Deserialize>::deserialize` instead.

use serde::{Deserializer, de::Visitor, forward_to_deserialize_any};

/// Implements `Serialize` and `Deserialize` for structs that derive them with
/// `#[serde(remote = "Self")]`; decoding refuses anything but an object.
macro_rules! object_only {
    ($($ty:ty),+ $(,)?) => {$(
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                <$ty>::serialize(self, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <$ty>::deserialize($crate::object::ObjectOnly(deserializer))
            }
        }
    )+};
}
pub(crate) use object_only;

/// A deserializer that reads a struct as a map only; everything else passes
/// through to the one it wraps.
#[derive(Debug)]
pub struct ObjectOnly<D>(pub D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    /// Structs with a flattened field ask for a map themselves.
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(visitor)
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct enum identifier ignored_any
    }
}
