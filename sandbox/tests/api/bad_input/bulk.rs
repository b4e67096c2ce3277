//! Bulk create: a bad row fails alone.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use super::{Fixture, values::*};

#[tokio::test]
async fn bulk_rows_with_a_bad_field_fail_alone_and_store_nothing() {
    let fixture = Fixture::new().await;
    let before = fixture.sandbox.snapshot();
    // Bulk create skips the reference checks that single create makes: an id
    // or campaign that does not exist is stored, as the reference says.
    let unchecked = |field: &str, value: &str| {
        (ID_FIELDS.contains(&field) && value.trim_matches('"') == "2147483647")
            || (field == "campaignId" && value == r#""no such campaign""#)
    };
    let cases: Vec<(String, String)> =
        bad_account_fields().into_iter().filter(|(field, value)| !unchecked(field, value)).collect();
    for (field, raw) in &cases {
        let body = with_field(&json!([{"name": "Bulk row"}]), field, raw);
        let answer = fixture
            .sandbox
            .send_raw(Method::POST, "/account/accounts/bulk", Some(&fixture.sysadmin), Some(JSON), body)
            .await
            .expect(StatusCode::OK);
        let result = &answer.body;
        assert_eq!(
            (result["successCount"].as_i64(), result["updateCount"].as_i64(), result["failCount"].as_i64()),
            (Some(0), Some(0), Some(1)),
            "{field}: {raw}: {result}"
        );
        assert_eq!(result["failedData"][0]["ordinal"], 1);
        assert_eq!(fixture.sandbox.snapshot(), before, "{field}: {raw}: something was stored");
    }
    let rows: Vec<Value> =
        (0..=account_sandbox::routes::bulk::MAX_BULK_ROWS).map(|_| json!({"name": "Many"})).collect();
    let answer = fixture.sandbox.post("/account/accounts/bulk", &fixture.sysadmin, Value::Array(rows)).await;
    answer.expect(StatusCode::BAD_REQUEST).assert_error_shape("too many rows");
    let mut rows_that_fail: Vec<(Vec<u8>, i64)> = body_cases(&json!([{"name": "Valid"}]))
        .into_iter()
        .filter(|(what, ..)| BULK_ROW_FAILURES.contains(&what.as_str()))
        .map(|(_, _, body, _)| (body, 1))
        .collect();
    assert_eq!(rows_that_fail.len(), BULK_ROW_FAILURES.len());
    for (raw, rows) in [("[5]", 1), ("[null]", 1), (r#"[["X-1"]]"#, 1), (r#"[{}, 5, "X"]"#, 3), ("[[], {}]", 2)] {
        rows_that_fail.push((raw.as_bytes().to_vec(), rows));
    }
    for (raw, rows) in rows_that_fail {
        let raw = String::from_utf8(raw).expect("text");
        let answer = fixture
            .sandbox
            .send_raw(Method::POST, "/account/accounts/bulk", Some(&fixture.sysadmin), Some(JSON), raw.to_string())
            .await
            .expect(StatusCode::OK);
        assert_eq!(answer.body["failCount"], rows, "{raw}: {}", answer.body);
        assert_eq!(answer.body["successCount"], 0, "{raw}");
    }
    assert_eq!(fixture.sandbox.snapshot(), before, "rows that are not objects store nothing");
}
