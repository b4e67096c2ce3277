//! Every JSON example of the reference (copied into `tests/fixtures/`) decodes
//! into its type, survives a round trip, and loses no field the type knows.

use account_model::*;
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Decodes the fixture, encodes it again, decodes that, and checks that both
/// decodings agree and that every key of the example that is not in `ignored`
/// is still there after the round trip.
fn round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(name: &str, ignored: &[&str]) -> T {
    let original = fixture(name);
    let decoded: T = serde_json::from_value(original.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    let again: T = serde_json::from_value(encoded.clone()).unwrap_or_else(|e| panic!("{name} again: {e}"));
    assert_eq!(decoded, again, "{name}: the round trip changed the value");
    assert_keys_kept(name, "", &original, &encoded, ignored);
    decoded
}

fn assert_keys_kept(name: &str, at: &str, original: &Value, encoded: &Value, ignored: &[&str]) {
    match (original, encoded) {
        (Value::Object(before), Value::Object(after)) => {
            for (key, value) in before {
                let path = format!("{at}/{key}");
                if ignored.contains(&key.as_str()) {
                    continue;
                }
                // The list answer's array goes out under its canonical name.
                let after_value = after.get(key).or_else(|| after.get("listAccount"));
                let after_value = after_value.unwrap_or_else(|| panic!("{name}: {path} was lost"));
                assert_keys_kept(name, &path, value, after_value, ignored);
            }
        }
        (Value::Array(before), Value::Array(after)) => {
            assert_eq!(before.len(), after.len(), "{name}: {at} changed length");
            for (i, (b, a)) in before.iter().zip(after).enumerate() {
                assert_keys_kept(name, &format!("{at}/{i}"), b, a, ignored);
            }
        }
        _ => {}
    }
}

#[test]
fn create_account_example_decodes_with_integers_given_as_strings() {
    let input: AccountInput = round_trip("create_account_request", &[]);
    assert_eq!(input.name, "DOC123");
    assert_eq!(input.annual_revenue, Some(2000));
    assert_eq!(input.num_of_employees, Some(450));
    assert_eq!(input.agent_id, Some(595348));
    assert_eq!(input.classification_id, Some(172));
    assert_eq!(input.campaign_id.as_deref(), Some("28571101"));
    assert_eq!(input.billing_address.as_ref().and_then(|a| a.postal_code.as_deref()), Some("560005"));
    assert_eq!(input.custom_fields.as_ref().map(Vec::len), Some(1));
    assert_eq!(input.secure_fields.as_ref().and_then(|f| f[0].value.as_deref()), Some("TRUE"));
    let encoded = serde_json::to_value(&input).expect("encodes");
    assert_eq!(encoded["annualRevenue"], Value::from(2000), "integers go out as numbers");

    let duplicate: AccountInput = round_trip("create_account_duplicate_request", &[]);
    assert_eq!(duplicate, input);
}

#[test]
fn create_answers_decode() {
    let created: Created = round_trip("create_account_response", &[]);
    assert_eq!(created.id, 604423);
    assert_eq!(round_trip::<Created>("create_classification_response", &[]).id, 181);
    assert_eq!(round_trip::<Created>("create_type_response", &[]).id, 192);
}

#[test]
fn error_examples_decode_including_the_404_with_code_203() {
    let duplicate: ErrorBody = round_trip("create_account_duplicate_response", &[]);
    assert_eq!(duplicate.code, 409);
    assert_eq!(duplicate.message, error::DUPLICATE_ACCOUNT_NUMBER);
    let missing: ErrorBody = round_trip("update_missing_account_response", &[]);
    assert_eq!((missing.code, missing.message.as_str()), (203, error::NO_RECORD_FOUND));
    let linked: ErrorBody = round_trip("link_contact_duplicate_response", &[]);
    assert_eq!(linked.message, error::ASSOCIATION_EXISTS);
}

#[test]
fn bulk_create_examples_decode() {
    let rows: Vec<AccountInput> = round_trip("bulk_create_request", &[]);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].account_number.as_deref(), Some("kav121331"));
    // The failed row echoes who sent it, for which client, and the fields that name it.
    let result: BulkCreateResult = round_trip("bulk_create_response", &[]);
    assert_eq!((result.success_count, result.update_count, result.fail_count), (1, 0, 1));
    assert_eq!(result.failed_data[0].ordinal, 1);
    let echoed = &result.failed_data[0].data;
    assert_eq!((echoed.created_by.as_deref(), echoed.client_id), (Some("apiSysAdmin"), Some(94572)));
    assert_eq!(echoed.name.as_deref(), Some("kavita9779"));
    assert_eq!(echoed.original_account_number.as_deref(), Some("kav121"));
    assert_eq!(result.failed_data[0].status, "Internal Server Error");
}

#[test]
fn read_account_example_decodes_every_documented_field() {
    let account: Account = round_trip("read_account_response", &["number"]);
    assert_eq!(account.id, 607260);
    assert_eq!(account.created_date, Some(1672638331042));
    assert_eq!(account.client_id, Some(84723));
    assert_eq!(account.fields.name, "QA11690867366153");
    assert_eq!(account.fields.annual_revenue, Some(100));
    assert_eq!(account.fields.campaign_id.as_deref(), Some("120690619"));
    assert_eq!(account.primary_contact.as_ref().and_then(PrimaryContact::link_id), Some(102927));
    assert_eq!(account.primary_account_contact.as_ref().map(|c| c.contact.as_str()), Some("qa123"));
    assert_eq!(account.contacts.as_ref().map(Vec::len), Some(1));
    assert_eq!(account.notes, Some(vec![]));
    assert_eq!(account.history, Some(vec![]));
    assert!(account.error_msg.as_deref().is_some_and(|m| m.starts_with("ERROR_CCSFEATURES_ENCRYPTED_FALSE")));
    assert_eq!(account.log_id.as_deref(), Some("8d4efcc0-73dc-40e1-8c3e-4c3f8dad741b"));
    assert_eq!(account.agent_team_name.as_deref(), Some("apiteam"));
    assert_eq!(account.fields.shipping_address.as_ref().and_then(|a| a.state.as_deref()), None);
}

#[test]
fn list_example_decodes_and_ignores_unknown_fields() {
    let page: AccountPage = round_trip("list_accounts_response", &["number", "site"]);
    assert_eq!(page.accounts.len(), 2);
    assert!(page.has_next());
    assert_eq!(page.next_offset(), Some(7));
    assert_eq!(page.accounts[0].fields.custom_fields.as_ref().map(|f| f[0].field.as_str()), Some("COL1"));
    assert_eq!(page.accounts[1].fields.rating.as_deref(), Some("warm"));
}

#[test]
fn search_examples_decode() {
    let request: SearchRequest = round_trip("search_request", &[]);
    assert_eq!(request.search.and_then(|s| s.name).as_deref(), Some("200"));
    let page: AccountPage = round_trip("search_response", &[]);
    assert_eq!(page.accounts.len(), 3);
    assert_eq!(page.next_offset(), Some(3));
    assert_eq!(page.accounts[0].fields.billing_address, Some(Address::default()));
}

#[test]
fn every_name_of_the_account_array_decodes() {
    for name in ["listAccount", "listAccounts", "findMatchingAccounts"] {
        let json = format!(r#"{{"{name}": [{{"id": "5", "name": "A"}}], "next": ""}}"#);
        let page: AccountPage = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(page.accounts[0].id, 5, "{name}");
        assert!(!page.has_next(), "a blank next means no further page");
    }
    let empty: AccountPage = serde_json::from_str("{}").expect("an empty page decodes");
    assert!(empty.accounts.is_empty() && !empty.has_next());
}

#[test]
fn update_examples_decode_as_patches_that_leave_other_fields_alone() {
    let patch: AccountPatch = round_trip("update_account_request", &[]);
    assert_eq!(patch.annual_revenue, Patch::Value(5000));
    assert_eq!(patch.rating, Patch::Value("Excellent".into()));
    assert_eq!(patch.account_number, Patch::Absent);
    assert!(matches!(patch.billing_address, Patch::Value(ref a) if a.city == Patch::Value("Bangalore".into())));
    let _: AccountPatch = round_trip("update_missing_account_request", &[]);

    let cleared: AccountPatch = serde_json::from_str(r#"{"website": null}"#).expect("decodes");
    assert_eq!(cleared.website, Patch::Null);
    assert_eq!(serde_json::to_string(&cleared).expect("encodes"), r#"{"website":null}"#);
}

#[test]
fn note_and_contact_examples_decode() {
    let note: NoteInput = round_trip("add_note_request", &[]);
    assert_eq!((note.name.as_str(), note.description.as_deref()), ("Note1", Some("Documentation Note")));
    let contact: ContactRef = round_trip("link_contact_request", &[]);
    assert_eq!(contact.contact_id, "qa123");
    let _: ContactRef = round_trip("link_contact_duplicate_request", &[]);
    let many: Vec<ContactRef> = round_trip("bulk_link_request", &[]);
    assert_eq!(many.len(), 4);
    let result: BulkLinkResult = round_trip("bulk_link_response", &[]);
    assert_eq!((result.success_count, result.fail_count), (2, 2));
    assert_eq!(result.failed_data[1].item_name, "000");
    assert_eq!(result.failed_data[1].cause, error::ALREADY_ASSOCIATED);
}

#[test]
fn classification_and_type_examples_decode() {
    assert_eq!(round_trip::<CategoryInput>("create_classification_request", &[]).name, "Bronze");
    assert_eq!(round_trip::<CategoryInput>("create_type_request", &[]).name, "Advertisement");
    let platinum: Classification = round_trip("read_classification_response", &[]);
    assert_eq!((platinum.id, platinum.name.as_str(), platinum.level), (171, "Platinum", Some(1)));
    let grocery: AccountType = round_trip("read_type_response", &[]);
    assert_eq!(grocery.level, Some(3));
    let classifications: Vec<Classification> = round_trip("list_classifications_response", &[]);
    assert_eq!(classifications.iter().map(|c| c.id).collect::<Vec<_>>(), [171, 172, 173, 181]);
    let types: Vec<AccountType> = round_trip("list_types_response", &[]);
    assert_eq!(types[3].name, "Advertisement");
    let brass: CategoryPatch = round_trip("update_classification_request", &[]);
    assert_eq!((brass.name.as_deref(), brass.level), (Some("Brass"), Some(6)));
    let marketing: CategoryPatch = round_trip("update_type_request", &[]);
    assert_eq!(marketing.level, Some(6));
    let capital: AccountType = serde_json::from_str(r#"{"Level": 2, "name": "Bank", "id": 183}"#).expect("decodes");
    assert_eq!(capital.level, Some(2), "Read Type documents the key as Level");
}

#[test]
fn login_answer_decodes() {
    let answer: LoginResponse = serde_json::from_str(
        r#"{"sessionId": "0b1f", "clientId": 94572, "userId": "1234", "daysUntilPasswordExpires": 30}"#,
    )
    .expect("decodes");
    assert_eq!((answer.session_id.as_str(), answer.user_id), ("0b1f", Some(1234)));
}
