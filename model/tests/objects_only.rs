//! No type of the API decodes from a JSON array where the reference has an
//! object, at the top level or nested: serde's derived decoding would take the
//! fields by position (`["Acme"]` as `{"name": "Acme"}`).

use account_model::*;
use serde::de::DeserializeOwned;

/// The decoding error of `json` as a `T`, or a panic naming what it became.
fn refusal<T: DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
    match serde_json::from_str::<T>(json) {
        Ok(value) => panic!("{json} decoded as {value:?}"),
        Err(e) => e.to_string(),
    }
}

type Refusal = fn(&str) -> String;

/// (what, body, how it decodes)
const ARRAYS_FOR_OBJECTS: &[(&str, &str, Refusal)] = &[
    ("create account", r#"["Acme"]"#, refusal::<AccountInput>),
    ("create account, numbers", "[1, 2, 3]", refusal::<AccountInput>),
    ("update account", "[1, 2, 3]", refusal::<AccountPatch>),
    ("add note", r#"["Note1", "desc"]"#, refusal::<NoteInput>),
    ("link contact", r#"["CT-0005"]"#, refusal::<ContactRef>),
    ("bulk link", r#"[["X"]]"#, refusal::<Vec<ContactRef>>),
    ("create classification or type", r#"["Name"]"#, refusal::<CategoryInput>),
    ("update classification or type", r#"["Name", 3]"#, refusal::<CategoryPatch>),
    ("search", "[{}, {}]", refusal::<SearchRequest>),
    ("search criteria", r#"{"search": ["Acme"]}"#, refusal::<SearchRequest>),
    ("search sort", r#"{"sort": ["name", "ASC"]}"#, refusal::<SearchRequest>),
    ("login", r#"["DEMO", "sysadmin", "demo", false]"#, refusal::<LoginRequest>),
    ("billing address on create", r#"{"name": "A", "billingAddress": ["Main St"]}"#, refusal::<AccountInput>),
    ("shipping address on update", r#"{"shippingAddress": ["Main St"]}"#, refusal::<AccountPatch>),
    ("address in search", r#"{"search": {"billingAddress": ["Paris"]}}"#, refusal::<SearchRequest>),
    ("custom field entry", r#"{"name": "A", "customFields": [["COL1", "x"]]}"#, refusal::<AccountInput>),
    ("secure field entry", r#"{"secureFields": [["SECURE1", "x"]]}"#, refusal::<AccountPatch>),
    ("account answer", "[1]", refusal::<Account>),
    ("page answer", r#"[null, []]"#, refusal::<AccountPage>),
    ("error answer", r#"[404, "No"]"#, refusal::<ErrorBody>),
];

#[test]
fn an_array_where_an_object_belongs_is_a_type_error_at_any_depth() {
    for (what, json, refusal) in ARRAYS_FOR_OBJECTS {
        let error = refusal(json);
        assert!(error.contains("invalid type: sequence"), "{what}: {json}: {error}");
    }
}

#[test]
fn objects_still_decode_with_their_nested_objects() {
    let input: AccountInput = serde_json::from_str(
        r#"{"name": "A", "billingAddress": {"city": "Paris"}, "customFields": [{"field": "COL1", "value": 7}]}"#,
    )
    .expect("an object decodes");
    assert_eq!(input.billing_address.and_then(|a| a.city).as_deref(), Some("Paris"));
    assert_eq!(input.custom_fields, Some(vec![FieldValue { field: "COL1".into(), value: Some("7".into()) }]));
    let patch: AccountPatch = serde_json::from_str(r#"{"shippingAddress": {"street": null}}"#).expect("decodes");
    assert_eq!(patch.shipping_address, Patch::Value(AddressPatch { street: Patch::Null, ..AddressPatch::default() }));
}

#[test]
fn rows_decoded_from_values_refuse_arrays_too() {
    let row = serde_json::json!(["X-1"]);
    assert!(serde_json::from_value::<AccountInput>(row).is_err());
    let row = serde_json::json!({"name": "X-3"});
    assert_eq!(serde_json::from_value::<AccountInput>(row).expect("an object row").name, "X-3");
}
