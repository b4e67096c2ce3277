//! Deserializers that accept what the real service sends: integers as numbers or
//! as strings (`"annualRevenue": "2000"`), and ids as numbers where strings are
//! documented (`"campaignId": 120690619`). Blank strings read as absent integers.
//!
//! Every path is exact: nothing goes through a float. A number given for text
//! keeps its digits (any integer from `i64::MIN` to `u64::MAX`); a larger one,
//! or a decimal, is refused rather than rounded. An integer field takes an
//! integer, or a string of one, within its range; decimals (even `7.0`),
//! booleans, arrays and objects are refused.
//!
//! Used with `#[serde(deserialize_with = "...")]`; encoding stays strict.

use std::fmt;

use serde::{
    Deserializer,
    de::{Error, Visitor},
};

use crate::Patch;

/// Whole numbers up to this magnitude (2^53) are exact in an `f64`.
const EXACT_IN_FLOAT: f64 = 9_007_199_254_740_992.0;
/// Whole floats from here on lie beyond `i64`.
const TWO_TO_63: f64 = 9_223_372_036_854_775_808.0;

/// The range of the reference's "Integer" (NOTES.md): every field it types so.
const INT32: (i64, i64) = (i32::MIN as i64, i32::MAX as i64);
const INT64: (i64, i64) = (i64::MIN, i64::MAX);

/// A float as a person would write it back: `1.5`, `7.0`, or
/// `1.8446744073709552e19` where plain digits would suggest a precision it
/// does not have.
fn shown(v: f64) -> String {
    if v.abs() < EXACT_IN_FLOAT { format!("{v:?}") } else { format!("{v:e}") }
}

/// Reads an optional integer within `min..=max`; null and blank are absent.
struct Int {
    min: i64,
    max: i64,
}

impl Int {
    fn checked<E: Error>(&self, n: i128, shown: &dyn fmt::Display) -> Result<Option<i64>, E> {
        match i64::try_from(n) {
            Ok(n) if (self.min..=self.max).contains(&n) => Ok(Some(n)),
            _ => Err(E::custom(format_args!("{shown} is out of range: expected {}", self))),
        }
    }
}

/// What an [`Int`] expects, as a phrase.
impl fmt::Display for Int {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an integer from {} to {}", self.min, self.max)
    }
}

impl<'de> Visitor<'de> for Int {
    type Value = Option<i64>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<Self::Value, E> {
        self.checked(v.into(), &v)
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<Self::Value, E> {
        self.checked(v.into(), &v)
    }

    /// A decimal point or an exponent, or an integer beyond `u64`: a float
    /// may have changed its digits already (`9007199254740993` becomes
    /// `...992`), so it is refused rather than guessed at.
    fn visit_f64<E: Error>(self, v: f64) -> Result<Self::Value, E> {
        if v.fract() != 0.0 || !v.is_finite() {
            Err(E::custom(format_args!("expected an integer, found {}", shown(v))))
        } else if v.abs() < TWO_TO_63 {
            Err(E::custom(format_args!("expected an integer without a decimal point or exponent, found {}", shown(v))))
        } else {
            Err(E::custom(format_args!("{} is out of range: expected {self}", shown(v))))
        }
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
        let digits = v.trim();
        if digits.is_empty() {
            return Ok(None);
        }
        let unsigned = digits.strip_prefix(['-', '+']).unwrap_or(digits);
        match digits.parse::<i128>() {
            Ok(n) => self.checked(n, &format_args!("\"{v}\"")),
            // Too many digits even for an i128.
            Err(_) if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) => {
                self.checked(i128::MAX, &format_args!("\"{v}\""))
            }
            Err(_) => Err(E::custom(format_args!("expected an integer, found \"{v}\""))),
        }
    }

    fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// Reads optional text, or an integer as its exact digits; null is absent.
struct Text;

impl<'de> Visitor<'de> for Text {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text or an integer")
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }

    fn visit_string<E: Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    /// A decimal, or an integer beyond `u64`: only a float holds it, and a
    /// float would change its digits.
    fn visit_f64<E: Error>(self, v: f64) -> Result<Self::Value, E> {
        Err(E::custom(format_args!(
            "expected text or an integer from {} to {}, found {}: send it as a string",
            i64::MIN,
            u64::MAX,
            shown(v)
        )))
    }

    fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// An optional integer given as a number or a string.
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    d.deserialize_any(Int { min: INT64.0, max: INT64.1 })
}

/// An optional field the reference types "Integer" (ids, levels, revenue,
/// employees): 32-bit, as a number or a string. Values outside `i32` are
/// refused. The field may hold it wider (`i64` for ids), never narrower.
pub fn int32<'de, D: Deserializer<'de>, T: From<i32>>(d: D) -> Result<Option<T>, D::Error> {
    let n = d.deserialize_any(Int { min: INT32.0, max: INT32.1 })?;
    n.map(|n| i32::try_from(n).map(T::from).map_err(|_| D::Error::custom(format_args!("{n} is out of range"))))
        .transpose()
}

/// A mandatory integer given as a number or a string.
pub fn required_int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    int(d)?.ok_or_else(|| D::Error::custom("expected an integer, found nothing"))
}

/// An optional string given as a string or a number.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(Text)
}

/// A mandatory string given as a string or a number.
pub fn required_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    string(d)?.ok_or_else(|| D::Error::custom("expected text, found null"))
}

/// A patched Integer field (32-bit, as [`int32`]): `null` clears, a blank
/// string clears too.
pub fn patch_int32<'de, D: Deserializer<'de>, T: From<i32>>(d: D) -> Result<Patch<T>, D::Error> {
    Ok(int32(d)?.map_or(Patch::Null, Patch::Value))
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
        #[serde(default, deserialize_with = "super::int32")]
        level: Option<i64>,
        #[serde(default, deserialize_with = "super::int32")]
        revenue: Option<i32>,
        #[serde(default, deserialize_with = "super::string")]
        s: Option<String>,
    }

    fn probe(json: &str) -> Result<Probe, serde_json::Error> {
        serde_json::from_str(json)
    }

    fn error(json: &str) -> String {
        probe(json).expect_err(json).to_string()
    }

    #[test]
    fn integers_arrive_as_numbers_or_strings() {
        assert_eq!(probe(r#"{"n": 7}"#).unwrap().n, Some(7));
        assert_eq!(probe(r#"{"n": "7"}"#).unwrap().n, Some(7));
        assert_eq!(probe(r#"{"n": " 450 "}"#).unwrap().n, Some(450));
        assert_eq!(probe(r#"{"n": -9223372036854775808}"#).unwrap().n, Some(i64::MIN));
    }

    #[test]
    fn blank_null_and_missing_integers_are_absent() {
        assert_eq!(probe(r#"{"n": ""}"#).unwrap().n, None);
        assert_eq!(probe(r#"{"n": null}"#).unwrap().n, None);
        assert_eq!(probe(r#"{}"#).unwrap().n, None);
    }

    #[test]
    fn words_fractions_and_booleans_are_not_integers() {
        let cases = [
            (r#"{"n": "abc"}"#, "expected an integer, found \"abc\""),
            (r#"{"n": 1.5}"#, "expected an integer, found 1.5"),
            (r#"{"n": 7.0}"#, "expected an integer without a decimal point or exponent, found 7.0"),
            (r#"{"n": "7.0"}"#, "expected an integer, found \"7.0\""),
            (r#"{"n": true}"#, "invalid type: boolean `true`"),
            (r#"{"n": [1]}"#, "invalid type: sequence"),
            (r#"{"n": {"v": 1}}"#, "invalid type: map"),
        ];
        for (json, expected) in cases {
            let err = error(json);
            assert!(err.contains(expected), "{json}: {err}");
        }
    }

    #[test]
    fn integers_beyond_the_range_are_refused_not_wrapped_or_rounded() {
        let cases = [
            r#"{"n": 9223372036854775808}"#,
            r#"{"n": "9223372036854775808"}"#,
            r#"{"n": 18446744073709551616}"#,
            r#"{"n": "-9223372036854775809"}"#,
            r#"{"n": 1e300}"#,
            r#"{"level": 2147483648}"#,
            r#"{"level": "-2147483649"}"#,
            r#"{"level": 9223372036854775807}"#,
        ];
        for json in cases {
            assert!(error(json).contains("out of range"), "{json}: {}", error(json));
        }
        assert_eq!(probe(r#"{"level": 2147483647}"#).unwrap().level, Some(2147483647));
        assert_eq!(probe(r#"{"level": "-2147483648"}"#).unwrap().level, Some(-2147483648));
        for json in [r#"{"revenue": 2147483648}"#, r#"{"revenue": "3000000000"}"#, r#"{"revenue": -2147483649}"#] {
            assert!(error(json).contains("out of range"), "{json}: {}", error(json));
        }
        assert_eq!(probe(r#"{"revenue": "2147483647"}"#).unwrap().revenue, Some(i32::MAX));
    }

    #[test]
    fn strings_may_arrive_as_integers_with_every_digit_kept() {
        assert_eq!(probe(r#"{"s": 120690619}"#).unwrap().s.as_deref(), Some("120690619"));
        assert_eq!(probe(r#"{"s": "qa123"}"#).unwrap().s.as_deref(), Some("qa123"));
        assert_eq!(probe(r#"{"s": 18446744073709551615}"#).unwrap().s.as_deref(), Some("18446744073709551615"));
        assert_eq!(probe(r#"{"s": -9223372036854775808}"#).unwrap().s.as_deref(), Some("-9223372036854775808"));
    }

    #[test]
    fn text_given_as_a_decimal_a_huge_integer_or_a_boolean_is_refused() {
        for json in [r#"{"s": 18446744073709551616}"#, r#"{"s": 1.5}"#, r#"{"s": 7.0}"#, r#"{"s": true}"#] {
            assert!(probe(json).is_err(), "{json}");
        }
        assert!(error(r#"{"s": 18446744073709551616}"#).contains("send it as a string"));
    }
}
