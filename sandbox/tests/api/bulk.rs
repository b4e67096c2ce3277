//! Create Multiple Accounts.

use account_sandbox::routes::bulk::MAX_BULK_ROWS;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::harness::Sandbox;

#[tokio::test]
async fn bulk_creates_new_rows_updates_known_numbers_and_reports_failures_by_ordinal() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let existing =
        sandbox.create(&session, json!({"name": "Old name", "accountNumber": "kav121331", "rating": "Cold"})).await;
    let rows = json!([
        {"name": "kavita9779", "description": "kavita07", "accountNumber": "kav12341111", "originalAccountNumber": "kav121",
         "billingAddress": {"street": "Bangalore_1", "city": "Bangalore", "state": "KA", "postalCode": "560001", "country": "INDIA"}},
        {"name": "kavita9999", "description": "kavita05", "accountNumber": "kav121331"},
        {"description": "no name"},
        {"name": "typed wrong", "annualRevenue": "lots"},
        {"name": "bad field", "customFields": [{"field": "COL0", "value": "1"}]},
    ]);
    let result = sandbox.post("/account/accounts/bulk", &session, rows).await.expect(StatusCode::OK).body;
    assert_eq!(
        (result["successCount"].as_i64(), result["updateCount"].as_i64(), result["failCount"].as_i64()),
        (Some(1), Some(1), Some(3))
    );
    let failed = result["failedData"].as_array().expect("failedData");
    assert_eq!(failed.iter().map(|f| f["ordinal"].as_i64().unwrap_or(0)).collect::<Vec<_>>(), [3, 4, 5]);
    assert_eq!(failed[0]["status"], "name is mandatory.");
    assert_eq!(failed[0]["data"]["description"], "no name", "the row is echoed");
    assert!(failed[1]["status"].as_str().is_some_and(|s| s.contains("lots")), "{}", failed[1]);
    assert_eq!(failed[1]["data"]["name"], "typed wrong");
    assert!(failed[2]["status"].as_str().is_some_and(|s| s.contains("COL0")));

    let updated = sandbox.get(&format!("/account/accounts/{existing}"), &session).await.body;
    assert_eq!(updated["name"], "kavita9999");
    assert_eq!(updated["description"], "kavita05");
    assert_eq!(updated["rating"], "Cold", "fields the row leaves out stay");
    assert_eq!(
        updated["history"].as_array().and_then(|h| h.last()).map(|e| e["name"].clone()),
        Some(json!("Account updated by bulk create"))
    );

    let found = sandbox
        .post(
            "/account/accounts/search?count=5&offset=0",
            &session,
            json!({"search": {"accountNumber": "kav12341111"}}),
        )
        .await
        .body;
    assert_eq!(found["listAccount"][0]["billingAddress"]["city"], "Bangalore");
}

#[tokio::test]
async fn bulk_skips_the_id_checks_that_single_create_makes() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("superuser").await;
    let rows = json!([{"name": "Unchecked", "agentId": 1, "classificationId": 999, "campaignId": "none"}]);
    let result = sandbox.post("/account/accounts/bulk", &session, rows).await.expect(StatusCode::OK).body;
    assert_eq!(result["successCount"], 1);
    assert_eq!(result["failedData"], json!([]));
}

#[tokio::test]
async fn a_row_repeating_an_earlier_rows_number_updates_that_account() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let rows = json!([{"name": "First", "accountNumber": "R-1"}, {"name": "Second", "accountNumber": "R-1"}]);
    let result = sandbox.post("/account/accounts/bulk", &session, rows).await.body;
    assert_eq!((result["successCount"].as_i64(), result["updateCount"].as_i64()), (Some(1), Some(1)));
    let found = sandbox
        .post("/account/accounts/search?count=5&offset=0", &session, json!({"search": {"accountNumber": "R-1"}}))
        .await
        .body;
    assert_eq!(found["listAccount"].as_array().map(Vec::len), Some(1));
    assert_eq!(found["listAccount"][0]["name"], "Second");
}

#[tokio::test]
async fn bulk_takes_at_most_1000_rows_and_must_be_an_array() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let too_many = Value::Array(vec![json!({"name": "x"}); MAX_BULK_ROWS + 1]);
    let answer = sandbox.post("/account/accounts/bulk", &session, too_many).await.expect(StatusCode::BAD_REQUEST);
    assert!(answer.message().contains("1000"));
    sandbox.post("/account/accounts/bulk", &session, json!({"name": "x"})).await.expect(StatusCode::BAD_REQUEST);
    let most = Value::Array(vec![json!({"name": "x"}); MAX_BULK_ROWS]);
    let result = sandbox.post("/account/accounts/bulk", &session, most).await.expect(StatusCode::OK).body;
    assert_eq!(result["successCount"], 1000);
}

#[tokio::test]
async fn integers_in_bulk_rows_keep_every_digit_and_larger_ones_fail_the_row_alone() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let rows = r#"[
        {"name": "Exact", "accountNumber": 18446744073709551615},
        {"name": "Too large", "accountNumber": 18446744073709551616},
        {"name": "Neighbour", "accountNumber": 18446744073709551614}
    ]"#;
    let answer = sandbox
        .send_raw(axum::http::Method::POST, "/account/accounts/bulk", Some(&session), Some("application/json"), rows)
        .await
        .expect(StatusCode::OK);
    let result = answer.body;
    assert_eq!((result["successCount"].as_i64(), result["failCount"].as_i64()), (Some(2), Some(1)), "{result}");
    assert_eq!(result["failedData"][0]["ordinal"], 2);
    assert_eq!(result["failedData"][0]["data"]["name"], "Too large", "the row is echoed");
    for number in ["18446744073709551615", "18446744073709551614"] {
        let found = sandbox
            .post("/account/accounts/search?count=5&offset=0", &session, json!({"search": {"accountNumber": number}}))
            .await
            .body;
        let numbers: Vec<&str> =
            found["listAccount"].as_array().into_iter().flatten().filter_map(|a| a["accountNumber"].as_str()).collect();
        assert_eq!(numbers, [number]);
    }
}
