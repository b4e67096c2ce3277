//! Create Multiple Accounts row by row (NOTES.md): a row whose account number
//! exists updates that account partially, as Update does; a row that creates
//! needs a name; a row that fails is echoed as the reference's example echoes
//! it, whatever kept it from landing.

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

/// One bulk call against the account numbered `E-1` and what it must do.
struct Case {
    rows: &'static str,
    /// (successCount, updateCount, failCount)
    counts: (i64, i64, i64),
    /// Fields of `E-1` after the call.
    after: Value,
}

#[tokio::test]
async fn a_row_whose_account_number_exists_updates_that_account_partially_as_update_does() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let existing = sandbox
        .create(
            &session,
            json!({"name": "Existing", "accountNumber": "E-1", "rating": "Cold", "description": "old",
                   "annualRevenue": 10, "customFields": [{"field": "COL1", "value": "keep"}]}),
        )
        .await;
    let cases = [
        Case {
            rows: r#"[{"accountNumber": "E-1", "rating": "Hot"}]"#,
            counts: (0, 1, 0),
            after: json!({"name": "Existing", "rating": "Hot", "description": "old", "annualRevenue": 10}),
        },
        Case {
            rows: r#"[{"accountNumber": " E-1 ", "description": null, "annualRevenue": ""}]"#,
            counts: (0, 1, 0),
            after: json!({"name": "Existing", "rating": "Hot", "description": null, "annualRevenue": null}),
        },
        Case {
            rows: r#"[{"accountNumber": "E-1", "name": "Renamed", "customFields": [{"field": "COL2", "value": "new"}]}]"#,
            counts: (0, 1, 0),
            after: json!({"name": "Renamed", "customFields": [{"field": "COL1", "value": "keep"}, {"field": "COL2", "value": "new"}]}),
        },
        // A row that would create needs a name; one that updates does not.
        Case {
            rows: r#"[{"accountNumber": "NEW-1", "rating": "Warm"}, {"accountNumber": "E-1", "rating": "Warm"}]"#,
            counts: (0, 1, 1),
            after: json!({"name": "Renamed", "rating": "Warm"}),
        },
        // A row for an existing number with any field invalid changes nothing.
        Case {
            rows: r#"[{"accountNumber": "E-1", "rating": "Lost", "annualRevenue": "3000000000"},
                      {"accountNumber": "E-1", "rating": "Lost", "numOfEmployees": -5},
                      {"accountNumber": "E-1", "rating": "Lost", "customFields": [{"field": "COL0", "value": "x"}]},
                      {"accountNumber": "E-1", "rating": "Lost", "name": null},
                      {"accountNumber": "E-1", "rating": "Lost", "name": "  "},
                      {"accountNumber": "E-1", "rating": "Lost", "billingAddress": "Main St"}]"#,
            counts: (0, 0, 6),
            after: json!({"name": "Renamed", "rating": "Warm"}),
        },
    ];
    for case in cases {
        let result = bulk(&sandbox, &session, case.rows).await;
        let counts = (result["successCount"].as_i64(), result["updateCount"].as_i64(), result["failCount"].as_i64());
        let (created, updated, failed) = case.counts;
        assert_eq!(counts, (Some(created), Some(updated), Some(failed)), "{}: {result}", case.rows);
        let account = sandbox.get(&format!("/account/accounts/{existing}"), &session).await.body;
        for (key, value) in case.after.as_object().expect("an object") {
            assert_eq!(account.get(key).unwrap_or(&Value::Null), value, "{}: {key}", case.rows);
        }
    }
    let account = sandbox.get(&format!("/account/accounts/{existing}"), &session).await.body;
    let history: Vec<&str> =
        account["history"].as_array().expect("history").iter().filter_map(|e| e["name"].as_str()).collect();
    assert_eq!(
        history,
        [
            "Account created",
            "Account updated by bulk create",
            "Account updated by bulk create",
            "Account updated by bulk create",
            "Account updated by bulk create"
        ]
    );
    let first_update = account["history"][1]["descriptions"].as_str().unwrap_or_default();
    assert_eq!(first_update, "rating: Cold → Hot", "history says what changed, as an update's does");
    let all = sandbox.get("/account/accounts?count=10&offset=0", &session).await.body;
    assert_eq!(all["listAccount"].as_array().map(Vec::len), Some(1), "no row created an account");
}

#[tokio::test]
async fn a_second_row_with_the_number_a_first_row_created_updates_that_new_account() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let rows = r#"[{"name": "First", "accountNumber": "N-2", "rating": "Cold"},
                   {"accountNumber": "N-2", "rating": "Warm", "industry": "Retail"}]"#;
    let result = bulk(&sandbox, &session, rows).await;
    assert_eq!((result["successCount"].as_i64(), result["updateCount"].as_i64()), (Some(1), Some(1)), "{result}");
    let found = sandbox
        .post("/account/accounts/search?count=5&offset=0", &session, json!({"search": {"accountNumber": "N-2"}}))
        .await
        .body;
    let rows = found["listAccount"].as_array().expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0]["name"].as_str(), rows[0]["rating"].as_str()), (Some("First"), Some("Warm")));
    assert_eq!(rows[0]["industry"], "Retail");
}
