//! Deserializers that accept what the real service sends: integers as numbers or
//! as strings (`"annualRevenue": "2000"`), and ids as numbers where strings are
//! documented (`"campaignId": 120690619`). Blank strings read as absent.
//!
//! Used with `#[serde(deserialize_with = "...")]`; encoding stays strict.

use serde::{Deserialize, Deserializer, de::Error};

use crate::Patch;

/// A JSON scalar as the service may spell it.
#[derive(Deserialize)]
#[serde(untagged)]
enum Loose {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
}

impl Loose {
    fn into_int<E: Error>(self) -> Result<Option<i64>, E> {
        match self {
            Loose::Int(n) => Ok(Some(n)),
            Loose::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(Some(f as i64)),
            Loose::Float(f) => Err(E::custom(format_args!("expected an integer, found {f}"))),
            Loose::Str(s) if s.trim().is_empty() => Ok(None),
            Loose::Str(s) => {
                s.trim().parse().map(Some).map_err(|_| E::custom(format_args!("expected an integer, found \"{s}\"")))
            }
            Loose::Bool(b) => Err(E::custom(format_args!("expected an integer, found {b}"))),
        }
    }

    fn into_string(self) -> String {
        match self {
            Loose::Int(n) => n.to_string(),
            Loose::Float(f) => f.to_string(),
            Loose::Str(s) => s,
            Loose::Bool(b) => b.to_string(),
        }
    }
}

/// An optional integer given as a number or a string.
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Option::<Loose>::deserialize(d)? {
        None => Ok(None),
        Some(v) => v.into_int(),
    }
}

/// A mandatory integer given as a number or a string.
pub fn required_int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    int(d)?.ok_or_else(|| D::Error::custom("expected an integer, found nothing"))
}

/// An optional string given as a string or a number.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<Loose>::deserialize(d)?.map(Loose::into_string))
}

/// A mandatory string given as a string or a number.
pub fn required_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Loose::deserialize(d)?.into_string())
}

/// A patched integer: `null` clears, a blank string clears too.
pub fn patch_int<'de, D: Deserializer<'de>>(d: D) -> Result<Patch<i64>, D::Error> {
    Ok(int(d)?.map_or(Patch::Null, Patch::Value))
}

/// A patched string that may arrive as a number.
pub fn patch_string<'de, D: Deserializer<'de>>(d: D) -> Result<Patch<String>, D::Error> {
    Ok(string(d)?.map_or(Patch::Null, Patch::Value))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Probe {
        #[serde(default, deserialize_with = "super::int")]
        n: Option<i64>,
        #[serde(default, deserialize_with = "super::string")]
        s: Option<String>,
    }

    fn probe(json: &str) -> Result<Probe, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn integers_arrive_as_numbers_or_strings() {
        assert_eq!(probe(r#"{"n": 7}"#).unwrap().n, Some(7));
        assert_eq!(probe(r#"{"n": "7"}"#).unwrap().n, Some(7));
        assert_eq!(probe(r#"{"n": " 450 "}"#).unwrap().n, Some(450));
        assert_eq!(probe(r#"{"n": 7.0}"#).unwrap().n, Some(7));
    }

    #[test]
    fn blank_null_and_missing_integers_are_absent() {
        assert_eq!(probe(r#"{"n": ""}"#).unwrap().n, None);
        assert_eq!(probe(r#"{"n": null}"#).unwrap().n, None);
        assert_eq!(probe(r#"{}"#).unwrap().n, None);
    }

    #[test]
    fn words_and_fractions_are_not_integers() {
        let err = probe(r#"{"n": "abc"}"#).unwrap_err().to_string();
        assert!(err.contains("expected an integer, found \"abc\""), "{err}");
        assert!(probe(r#"{"n": 1.5}"#).is_err());
        assert!(probe(r#"{"n": true}"#).is_err());
    }

    #[test]
    fn strings_may_arrive_as_numbers() {
        assert_eq!(probe(r#"{"s": 120690619}"#).unwrap().s.as_deref(), Some("120690619"));
        assert_eq!(probe(r#"{"s": "qa123"}"#).unwrap().s.as_deref(), Some("qa123"));
    }
}
