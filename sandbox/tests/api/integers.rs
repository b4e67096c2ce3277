//! Every field the reference types Integer is 32-bit (NOTES.md): the largest
//! value is taken and read back, one more is refused with a 400 naming the
//! field and stores nothing, and a database an older sandbox filled with
//! larger values is repaired when it opens.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::Sandbox;

/// The counts and amounts of an account (ids and levels have their own tests).
const ACCOUNT_INTEGERS: [&str; 2] = ["annualRevenue", "numOfEmployees"];
/// The search's integer criteria: exact matches and the revenue range.
const SEARCH_INTEGERS: [&str; 4] = ["annualRevenue", "numOfEmployees", "annualRevenueStart", "annualRevenueEnd"];
/// Past 32 bits, as a number and as a string, either way.
const BEYOND_32_BITS: [&str; 6] =
    ["2147483648", r#""2147483648""#, r#""3000000000""#, "3000000000", "-2147483649", "9223372036854775807"];
/// The largest 32-bit value, as a number and as a string.
const LARGEST: [&str; 2] = ["2147483647", r#""2147483647""#];

/// One call: where it goes, and the body with the value under test in place.
struct Call {
    what: String,
    method: Method,
    path: String,
    body: String,
    key: &'static str,
}

fn calls(account: i64, values: &[&str]) -> Vec<Call> {
    let mut calls = Vec::new();
    for value in values {
        for key in ACCOUNT_INTEGERS {
            calls.push(Call {
                what: format!("create {key}: {value}"),
                method: Method::POST,
                path: "/account/accounts".into(),
                body: format!(r#"{{"name": "Edge", "{key}": {value}}}"#),
                key,
            });
            calls.push(Call {
                what: format!("update {key}: {value}"),
                method: Method::PUT,
                path: format!("/account/accounts/{account}"),
                body: format!(r#"{{"{key}": {value}}}"#),
                key,
            });
        }
        for key in SEARCH_INTEGERS {
            calls.push(Call {
                what: format!("search {key}: {value}"),
                method: Method::POST,
                path: "/account/accounts/search?count=5&offset=0".into(),
                body: format!(r#"{{"search": {{"{key}": {value}}}}}"#),
                key,
            });
        }
    }
    calls
}

#[tokio::test]
async fn integers_past_32_bits_are_refused_with_400_naming_the_field_and_store_nothing() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let account = sandbox.create(&session, json!({"name": "Target", "annualRevenue": 5, "numOfEmployees": 6})).await;
    let before = sandbox.snapshot();
    for call in calls(account, &BEYOND_32_BITS) {
        let answer = sandbox
            .send_raw(call.method, &call.path, Some(&session), Some("application/json"), call.body)
            .await
            .expect(StatusCode::BAD_REQUEST);
        answer.assert_error_shape(&call.what);
        assert!(answer.message().contains(call.key), "{}: {}", call.what, answer.message());
        assert!(answer.message().contains("out of range"), "{}: {}", call.what, answer.message());
        assert_eq!(sandbox.snapshot(), before, "{}: something was stored", call.what);
    }
}

#[tokio::test]
async fn the_largest_32_bit_integer_is_stored_read_back_and_found() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let account = sandbox.create(&session, json!({"name": "Target"})).await;
    for call in calls(account, &LARGEST) {
        let answer =
            sandbox.send_raw(call.method, &call.path, Some(&session), Some("application/json"), call.body).await;
        assert!(answer.status.is_success(), "{}: {}", call.what, answer.body);
        let created = answer.body["id"].as_i64();
        let read = sandbox.get(&format!("/account/accounts/{}", created.unwrap_or(account)), &session).await;
        if !call.what.starts_with("search") {
            assert_eq!(read.body[call.key], 2147483647, "{}", call.what);
        }
    }
    let found = sandbox
        .post(
            "/account/accounts/search?count=50&offset=0",
            &session,
            json!({"search": {"annualRevenueStart": 2147483647, "numOfEmployees": "2147483647"}}),
        )
        .await
        .expect(StatusCode::OK)
        .body;
    let rows = found["listAccount"].as_array().expect("rows");
    assert!(!rows.is_empty() && rows.iter().all(|row| row["annualRevenue"] == 2147483647), "{found}");
}

#[tokio::test]
async fn bulk_rows_with_an_integer_past_32_bits_fail_alone_naming_the_field() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let rows = r#"[
        {"name": "Too much revenue", "annualRevenue": 2147483648},
        {"name": "Too many people", "numOfEmployees": "3000000000"},
        {"name": "Just fits", "annualRevenue": 2147483647, "numOfEmployees": "2147483647"}
    ]"#;
    let result = sandbox
        .send_raw(Method::POST, "/account/accounts/bulk", Some(&session), Some("application/json"), rows)
        .await
        .expect(StatusCode::OK)
        .body;
    assert_eq!((result["successCount"].as_i64(), result["failCount"].as_i64()), (Some(1), Some(2)), "{result}");
    for (failure, key) in result["failedData"].as_array().expect("failures").iter().zip(ACCOUNT_INTEGERS) {
        let status = failure["status"].as_str().unwrap_or_default();
        assert!(status.contains(key) && status.contains("out of range"), "{failure}");
    }
    let found = sandbox
        .post("/account/accounts/search?count=5&offset=0", &session, json!({"search": {"name": "Just fits"}}))
        .await
        .body;
    assert_eq!(found["listAccount"][0]["annualRevenue"], 2147483647);
    assert_eq!(found["listAccount"][0]["numOfEmployees"], 2147483647);
    let all = sandbox.get("/account/accounts?count=10&offset=0", &session).await.body;
    assert_eq!(all["listAccount"].as_array().map(Vec::len), Some(1), "the rows that failed stored nothing");
}

/// Stores `value` in `column` of account `id` behind the API's back, as an
/// older sandbox could.
fn poison(sandbox: &Sandbox, id: i64, column: &str, value: i64) {
    sandbox
        .db
        .write_blocking(|tx| {
            tx.execute(&format!("UPDATE accounts SET {column} = ? WHERE id = ?"), [value, id])?;
            Ok(())
        })
        .expect("poisoned");
}

#[tokio::test]
async fn integers_an_older_sandbox_stored_past_32_bits_are_cleared_at_start_and_kept_in_history() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let poisoned = sandbox.create(&session, json!({"name": "Poisoned", "annualRevenue": 1, "numOfEmployees": 2})).await;
    let healthy =
        sandbox.create(&session, json!({"name": "Healthy", "annualRevenue": 2147483647, "numOfEmployees": 7})).await;
    poison(&sandbox, poisoned, "annualRevenue", 3_000_000_000);
    poison(&sandbox, poisoned, "numOfEmployees", -2_147_483_649);
    poison(&sandbox, poisoned, "agentId", 9_000_000_000);

    let reopened = Sandbox::reopen(sandbox);
    let session = reopened.login("sysadmin").await;
    let account = reopened.get(&format!("/account/accounts/{poisoned}"), &session).await.expect(StatusCode::OK).body;
    for key in ["annualRevenue", "numOfEmployees", "agentId"] {
        assert_eq!(account.get(key), None, "{key} is cleared: {account}");
    }
    assert_eq!(account["modifiedBy"], "account-sandbox");
    let last: &Value = account["history"].as_array().and_then(|h| h.last()).expect("history");
    assert_eq!(last["name"], "Account repaired");
    let told = last["descriptions"].as_str().unwrap_or_default();
    for old in ["annualRevenue: 3000000000 → (empty)", "numOfEmployees: -2147483649 → (empty)", "agentId: 9000000000"]
    {
        assert!(told.contains(old), "the old value is kept in history: {told}");
    }
    let untouched = reopened.get(&format!("/account/accounts/{healthy}"), &session).await.body;
    assert_eq!(
        (untouched["annualRevenue"].as_i64(), untouched["numOfEmployees"].as_i64()),
        (Some(2147483647), Some(7))
    );
    assert_eq!(untouched["history"].as_array().map(Vec::len), Some(1), "an account in range is left alone");
    reopened.get("/account/accounts?count=10&offset=0", &session).await.expect(StatusCode::OK);

    let again = Sandbox::reopen(reopened);
    let session = again.login("sysadmin").await;
    let history = again.get(&format!("/account/accounts/{poisoned}"), &session).await.body["history"].clone();
    assert_eq!(history, account["history"], "a repaired database is not repaired twice");
}
