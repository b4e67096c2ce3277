//! Create Multiple Accounts row by row: a row that fails is echoed as the
//! reference's example echoes it, whatever kept it from landing.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::Sandbox;

/// Sends `rows` (raw JSON text) to bulk create; answers the result.
async fn bulk(sandbox: &Sandbox, session: &str, rows: &str) -> Value {
    let rows = rows.to_string();
    let answer =
        sandbox.send_raw(Method::POST, "/account/accounts/bulk", Some(session), Some("application/json"), rows);
    answer.await.expect(StatusCode::OK).body
}

#[tokio::test]
async fn a_failed_row_echoes_who_sent_it_and_the_fields_that_name_it_as_sent() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    sandbox.create(&session, json!({"name": "Taken", "accountNumber": "TAKEN"})).await;
    let who = json!({"createdBy": "sysadmin", "clientId": 94572});
    let with = |fields: Value| {
        let mut data = who.clone();
        data.as_object_mut().expect("an object").extend(fields.as_object().expect("an object").clone());
        data
    };
    // (row as sent, the `data` its failure echoes)
    let cases = [
        (
            r#"{"name": "kavita9779", "description": "kavita07", "accountNumber": "kav12341111",
                "originalAccountNumber": "kav121", "industry": "Software", "annualRevenue": "lots"}"#,
            with(json!({"name": "kavita9779", "description": "kavita07", "accountNumber": "kav12341111",
                        "originalAccountNumber": "kav121"})),
        ),
        (
            r#"{"description": "no name", "accountNumber": "NEW-1"}"#,
            with(json!({"description": "no name", "accountNumber": "NEW-1"})),
        ),
        (
            r#"{"name": "  Spaced  ", "accountNumber": 12345, "annualRevenue": 2147483648}"#,
            with(json!({"name": "  Spaced  ", "accountNumber": "12345"})),
        ),
        (
            r#"{"name": "Bad field", "customFields": [{"field": "COL0", "value": "x"}]}"#,
            with(json!({"name": "Bad field"})),
        ),
        (r#"{"name": null, "description": 5, "accountNumber": true}"#, with(json!({"description": "5"}))),
        (r#"{"name": {"first": "A"}, "originalAccountNumber": ["x"], "rating": 1.5}"#, who.clone()),
        (r#"{"name": "Lone", "description": "\ud800"}"#, who.clone()),
        ("[1, 2]", who.clone()),
        ("null", who.clone()),
    ];
    let before = sandbox.snapshot();
    let rows: Vec<&str> = cases.iter().map(|(row, _)| *row).collect();
    let result = bulk(&sandbox, &session, &format!("[{}]", rows.join(","))).await;
    assert_eq!((result["successCount"].as_i64(), result["failCount"].as_i64()), (Some(0), Some(cases.len() as i64)));
    for (index, ((row, data), failure)) in
        cases.iter().zip(result["failedData"].as_array().expect("failures")).enumerate()
    {
        assert_eq!(failure["ordinal"], index + 1);
        assert_eq!(&failure["data"], data, "{row}: {}", failure["status"]);
        assert!(!failure["status"].as_str().unwrap_or_default().is_empty(), "{row}: a reason");
    }
    assert_eq!(sandbox.snapshot(), before, "nothing was stored");
}
