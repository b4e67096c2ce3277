//! The bad values of each kind of field, and the bad bodies every route with
//! a body gets.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::BODY_LIMIT;

pub(super) const JSON: &str = "application/json";

/// `body` with `key` (dotted for nesting; in the first element of an array
/// body) set to the raw JSON `raw`, or left out when `raw` is [`ABSENT`].
pub(super) fn with_field(body: &Value, key: &str, raw: &str) -> Vec<u8> {
    const PLACEHOLDER: &str = "\u{1}placeholder\u{1}";
    let mut body = body.clone();
    let mut target = if body.is_array() { &mut body[0] } else { &mut body };
    let (parents, last) = key.rsplit_once('.').map_or((None, key), |(parents, last)| (Some(parents), last));
    for parent in parents.into_iter().flat_map(|p| p.split('.')) {
        if !target[parent].is_object() {
            target[parent] = json!({});
        }
        target = &mut target[parent];
    }
    let object = target.as_object_mut().expect("an object body");
    if raw == ABSENT {
        object.remove(last);
    } else {
        object.insert(last.to_string(), Value::String(PLACEHOLDER.into()));
    }
    body.to_string().replace(&Value::String(PLACEHOLDER.into()).to_string(), raw).into_bytes()
}

/// A field value that means "leave the key out".
pub(super) const ABSENT: &str = "<absent>";

pub(super) const TEXT_FIELDS: [&str; 16] = [
    "name",
    "description",
    "industry",
    "phoneFax",
    "rating",
    "phoneOffice",
    "phoneAlternate",
    "website",
    "ownershipType",
    "tickerSymbol",
    "campaignId",
    "accountNumber",
    "originalAccountNumber",
    "accountSource",
    "sicCode",
    "sicDesc",
];
/// Not text, and not an integer whose digits could be kept.
pub(super) const NOT_TEXT: [&str; 9] =
    ["true", "1.5", "7.0", "1e3", "18446744073709551616", "-9223372036854775809", "{}", "[]", r#"["x"]"#];
pub(super) const INTEGER_FIELDS: [&str; 2] = ["annualRevenue", "numOfEmployees"];
pub(super) const NOT_AN_INTEGER: [&str; 10] = [
    r#""abc""#,
    r#""12abc""#,
    "true",
    "1.5",
    "7.0",
    "9223372036854775808",
    r#""9223372036854775808""#,
    "{}",
    "[1]",
    r#""1e3""#,
];
pub(super) const ID_FIELDS: [&str; 4] = ["agentId", "agentTeamId", "classificationId", "typeId"];
/// Not an id: the reference's "Integer" is 32-bit.
pub(super) const NOT_AN_ID: [&str; 9] =
    [r#""abc""#, "true", "1.5", "2147483648", r#""2147483648""#, "-2147483649", "9223372036854775807", "{}", "[1]"];
pub(super) const ADDRESS_FIELDS: [&str; 2] = ["billingAddress", "shippingAddress"];
pub(super) const NOT_AN_ADDRESS: [&str; 9] = [
    r#""Main St""#,
    "5",
    "true",
    "[]",
    r#"["Main St"]"#,
    r#"{"city": {}}"#,
    r#"{"city": 1.5}"#,
    r#"{"street": ["x"]}"#,
    r#"{"postalCode": true}"#,
];

/// Lists of custom (`COL`, 1..=100) or secure (`SECURE`, 1..=5) fields that
/// are not such a list.
pub(super) fn not_fields(prefix: &str, past_last: u32, other_prefix: &str) -> Vec<String> {
    let entry = |field: &str, value: &str| format!(r#"[{{"field": {field}, "value": {value}}}]"#);
    vec![
        "{}".into(),
        format!(r#""{prefix}1""#),
        "5".into(),
        "[5]".into(),
        "[null]".into(),
        format!(r#"[["{prefix}1", "x"]]"#),
        entry(&format!(r#""{prefix}+1""#), r#""x""#),
        entry(&format!(r#""{prefix}0""#), r#""x""#),
        entry(&format!(r#""{prefix}01""#), r#""x""#),
        entry(&format!(r#""{prefix}{past_last}""#), r#""x""#),
        entry(&format!(r#""{}1""#, prefix.to_lowercase()), r#""x""#),
        entry(&format!(r#"" {prefix}1""#), r#""x""#),
        entry(&format!(r#""{other_prefix}1""#), r#""x""#),
        entry("5", r#""x""#),
        entry("null", r#""x""#),
        r#"[{"value": "x"}]"#.into(),
        entry(&format!(r#""{prefix}1""#), "{}"),
        entry(&format!(r#""{prefix}1""#), "1.5"),
    ]
}

/// Every wrong value for every writable account field, each a 400.
pub(super) fn bad_account_fields() -> Vec<(String, String)> {
    let mut cases = Vec::new();
    let mut add = |fields: &[&str], values: &[&str]| {
        for field in fields {
            for value in values {
                cases.push((field.to_string(), value.to_string()));
            }
        }
    };
    add(&TEXT_FIELDS, &NOT_TEXT);
    add(&INTEGER_FIELDS, &NOT_AN_INTEGER);
    add(&INTEGER_FIELDS, &["-1", r#""-1""#]);
    add(&ID_FIELDS, &NOT_AN_ID);
    add(&ID_FIELDS, &["2147483647", r#""2147483647""#]);
    add(&ADDRESS_FIELDS, &NOT_AN_ADDRESS);
    add(&["campaignId"], &[r#""no such campaign""#]);
    add(&["name"], &["null", r#""""#, r#""   ""#]);
    for value in not_fields("COL", 101, "SECURE") {
        cases.push(("customFields".into(), value));
    }
    for value in not_fields("SECURE", 6, "COL") {
        cases.push(("secureFields".into(), value));
    }
    cases
}

/// The body cases every route with a body gets: (what, content type, body, status).
pub(super) fn body_cases(valid: &Value) -> Vec<(String, Option<&'static str>, Vec<u8>, StatusCode)> {
    let bad = StatusCode::BAD_REQUEST;
    let json = Some(JSON);
    let text = |s: &str| s.as_bytes().to_vec();
    let valid_bytes = valid.to_string().into_bytes();
    let first_key = |v: &Value| v.as_object().and_then(|o| o.keys().next().cloned()).unwrap_or_else(|| "name".into());
    let (object, wrong_shape) = match valid {
        Value::Array(items) => (&items[0], items[0].to_string()),
        other => {
            let values: Vec<Value> = other.as_object().map(|o| o.values().cloned().collect()).unwrap_or_default();
            (other, Value::Array(values).to_string())
        }
    };
    let key = first_key(object);
    let huge = "x".repeat(BODY_LIMIT + 1);
    let huge_body = if valid.is_array() {
        json!([{ "padding": huge }]).to_string()
    } else {
        json!({ "padding": huge }).to_string()
    };
    // An object shaped like the valid body's: in an array where that is one.
    let shaped = |object: String| if valid.is_array() { format!("[{object}]") } else { object };
    let surrogate = shaped(format!(r#"{{"{key}": "\ud800"}}"#));
    let twice = shaped(format!(r#"{{"{key}": "a", "{key}": "b"}}"#));
    let mut invalid_utf8 = format!(r#"{{"{key}": ""#).into_bytes();
    invalid_utf8.extend([0xff, 0xfe]);
    invalid_utf8.extend(br#""}"#);
    vec![
        ("malformed JSON".into(), json, text(&format!(r#"{{"{key}": "#)), bad),
        ("an empty body".into(), json, Vec::new(), bad),
        ("no content type".into(), None, valid_bytes.clone(), bad),
        ("a text/plain body".into(), Some("text/plain"), valid_bytes.clone(), bad),
        ("a form body".into(), Some("application/x-www-form-urlencoded"), text(&format!("{key}=x")), bad),
        ("null".into(), json, text("null"), bad),
        ("a string".into(), json, text(r#""Valid""#), bad),
        ("a number".into(), json, text("5"), bad),
        ("true".into(), json, text("true"), bad),
        ("the wrong shape (array for object, object for array)".into(), json, text(&wrong_shape), bad),
        ("trailing garbage".into(), json, [valid_bytes.clone(), b" x".to_vec()].concat(), bad),
        ("a key twice".into(), json, text(&twice), bad),
        ("nesting past any limit".into(), json, text(&format!("{}{}", "[".repeat(10_000), "]".repeat(10_000))), bad),
        ("an escaped lone surrogate".into(), json, text(&surrogate), bad),
        ("bytes that are not UTF-8".into(), json, invalid_utf8, bad),
        ("a body past the limit".into(), json, huge_body.into_bytes(), StatusCode::PAYLOAD_TOO_LARGE),
    ]
}

/// Body cases that spoil only the row of a bulk create (each row is decoded
/// from its own text), so the row fails alone and the call answers 200.
pub(super) const BULK_ROW_FAILURES: [&str; 3] = ["a key twice", "nesting past any limit", "an escaped lone surrogate"];
