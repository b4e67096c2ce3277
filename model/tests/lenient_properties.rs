//! Properties of the lenient decoders (`account_model::lenient`): whatever
//! the number or text, decoding keeps it exactly or refuses it; it never
//! rounds, wraps or truncates.

use account_model::lenient;
use proptest::prelude::*;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Probe {
    #[serde(default, deserialize_with = "lenient::int")]
    int: Option<i64>,
    #[serde(default, deserialize_with = "lenient::int32")]
    int32: Option<i64>,
    #[serde(default, deserialize_with = "lenient::string")]
    text: Option<String>,
}

fn decode(key: &str, raw_value: &str) -> Result<Probe, serde_json::Error> {
    serde_json::from_str(&format!(r#"{{"{key}": {raw_value}}}"#))
}

/// Integers beyond `u64`: only a float could hold them.
fn beyond_u64() -> impl Strategy<Value = u128> {
    (u128::from(u64::MAX) + 1)..=u128::MAX
}

proptest! {
    // No regression files: the cases that matter are the unit tests in `lenient.rs`.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_i64_decodes_to_itself_as_a_number_or_a_padded_string(n: i64, pad in "[ \t]{0,2}") {
        prop_assert_eq!(decode("int", &n.to_string()).unwrap().int, Some(n));
        let padded = serde_json::to_string(&format!("{pad}{n}{pad}")).unwrap();
        prop_assert_eq!(decode("int", &padded).unwrap().int, Some(n));
    }

    #[test]
    fn integers_beyond_i64_are_refused_for_integer_fields(n in (i64::MAX as u64 + 1)..=u64::MAX) {
        let quoted = format!(r#""{n}""#);
        prop_assert!(decode("int", &n.to_string()).is_err());
        prop_assert!(decode("int", &quoted).is_err());
    }

    #[test]
    fn ids_and_levels_keep_the_32_bit_range(n: i64) {
        let decoded = decode("int32", &n.to_string());
        if i32::try_from(n).is_ok() {
            prop_assert_eq!(decoded.unwrap().int32, Some(n));
        } else {
            prop_assert!(decoded.unwrap_err().to_string().contains("out of range"));
        }
    }

    #[test]
    fn any_integer_up_to_u64_given_for_text_keeps_every_digit(n: u64, m: i64) {
        prop_assert_eq!(decode("text", &n.to_string()).unwrap().text, Some(n.to_string()));
        prop_assert_eq!(decode("text", &m.to_string()).unwrap().text, Some(m.to_string()));
    }

    #[test]
    fn integers_beyond_u64_are_refused_for_text_and_integers(n in beyond_u64(), negative: bool) {
        let literal = if negative { format!("-{n}") } else { n.to_string() };
        let quoted = format!(r#""{literal}""#);
        prop_assert!(decode("text", &literal).is_err());
        prop_assert!(decode("int", &literal).is_err());
        prop_assert!(decode("int", &quoted).is_err());
    }

    #[test]
    fn any_text_is_kept_exactly(text: String) {
        let json = serde_json::to_string(&text).unwrap();
        prop_assert_eq!(decode("text", &json).unwrap().text, Some(text));
    }

    #[test]
    fn decimals_are_refused_for_text_and_integers_even_when_whole(whole: i64, frac in 0u32..1000) {
        let decimal = format!("{whole}.{frac:03}");
        prop_assert!(decode("text", &decimal).is_err());
        prop_assert!(decode("int", &decimal).is_err());
        prop_assert!(decode("int32", &decimal).is_err());
    }

    #[test]
    fn words_are_never_integers(word in "[A-Za-z][A-Za-z0-9 ]{0,12}") {
        prop_assert!(decode("int", &serde_json::to_string(&word).unwrap()).is_err());
        prop_assert!(decode("int32", &serde_json::to_string(&word).unwrap()).is_err());
    }
}
