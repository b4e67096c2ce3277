//! Custom-field criteria in Find Matching Accounts (NOTES.md):
//! `"customFields": [{"field": "COL5", "value": "x"}]` matches accounts whose
//! COL5 holds x as the other text criteria match (a substring, ignoring case
//! in any script); every listed pair must match; a name that is no custom
//! field is a 400.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::Sandbox;

/// The names on one page of a search for `criteria`, sorted.
async fn found(sandbox: &Sandbox, session: &str, criteria: Value) -> Vec<String> {
    let page = sandbox
        .post("/account/accounts/search?count=100&offset=0", session, json!({"search": criteria}))
        .await
        .expect(StatusCode::OK)
        .body;
    let mut names: Vec<String> = page["listAccount"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|a| a["name"].as_str().map(str::to_string))
        .collect();
    names.sort();
    names
}

fn fields(pairs: &[(&str, &str)]) -> Value {
    pairs.iter().map(|(field, value)| json!({"field": field, "value": value})).collect()
}

/// Accounts with custom fields to search, in DEMO; answers their ids by name.
async fn seed(sandbox: &Sandbox, session: &str) -> Vec<(&'static str, i64)> {
    let accounts = [
        ("Blue", fields(&[("COL5", "Blue Whale"), ("COL7", "x1")])),
        ("Shark", fields(&[("COL5", "whale shark"), ("COL7", "X2")])),
        ("Gem", fields(&[("COL5", "Émeraude"), ("COL100", "42")])),
        ("Plain", Value::Null),
        ("Other field", fields(&[("COL6", "whale")])),
    ];
    let mut ids = Vec::new();
    for (name, custom) in accounts {
        ids.push((name, sandbox.create(session, json!({"name": name, "customFields": custom})).await));
    }
    ids
}

#[tokio::test]
async fn custom_field_criteria_match_like_text_criteria_and_every_pair_must_match() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    seed(&sandbox, &session).await;
    let all = ["Blue", "Gem", "Other field", "Plain", "Shark"];
    let cases: Vec<(Value, Vec<&str>)> = vec![
        (json!({"customFields": fields(&[("COL5", "whale")])}), vec!["Blue", "Shark"]),
        (json!({"customFields": fields(&[("COL5", "WHALE"), ("COL7", "x2")])}), vec!["Shark"]),
        (json!({"customFields": fields(&[("COL5", "whale"), ("COL5", "blue")])}), vec!["Blue"]),
        (json!({"customFields": fields(&[("COL5", "ÉMER")])}), vec!["Gem"]),
        (json!({"customFields": fields(&[("COL5", " émeraude ")])}), vec!["Gem"]),
        (json!({"customFields": fields(&[("COL6", "whale")])}), vec!["Other field"]),
        (json!({"customFields": fields(&[("COL7", "x")])}), vec!["Blue", "Shark"]),
        (json!({"customFields": fields(&[("COL8", "x")])}), vec![]),
        (json!({"customFields": fields(&[("COL5", "whale"), ("COL6", "whale")])}), vec![]),
        (json!({"customFields": [{"field": "COL100", "value": 42}]}), vec!["Gem"]),
        (json!({"customFields": fields(&[("COL5", "whale")]), "name": "sha"}), vec!["Shark"]),
        (json!({"customFields": fields(&[("COL5", "  ")])}), all.to_vec()),
        (json!({"customFields": [{"field": "COL5", "value": null}]}), all.to_vec()),
        (json!({"customFields": [{"field": "COL5"}]}), all.to_vec()),
        (json!({"customFields": []}), all.to_vec()),
        (json!({"customFields": null}), all.to_vec()),
    ];
    for (criteria, expected) in cases {
        assert_eq!(found(&sandbox, &session, criteria.clone()).await, expected, "{criteria}");
    }
}

#[tokio::test]
async fn a_custom_field_criterion_follows_updates_bulk_rows_and_deletes() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    let ids = seed(&sandbox, &session).await;
    let id = |name: &str| ids.iter().find(|(n, _)| *n == name).map(|(_, id)| *id).expect("seeded");
    let whales = json!({"customFields": fields(&[("COL5", "whale")])});
    sandbox
        .put(
            &format!("/account/accounts/{}", id("Shark")),
            &session,
            json!({"customFields": fields(&[("COL5", "tiger shark")])}),
        )
        .await
        .expect(StatusCode::NO_CONTENT);
    assert_eq!(found(&sandbox, &session, whales.clone()).await, ["Blue"]);
    let plain = id("Plain");
    sandbox
        .put(
            &format!("/account/accounts/{plain}"),
            &session,
            json!({"customFields": fields(&[("COL5", "killer whale")])}),
        )
        .await
        .expect(StatusCode::NO_CONTENT);
    assert_eq!(found(&sandbox, &session, whales.clone()).await, ["Blue", "Plain"]);
    sandbox
        .put(&format!("/account/accounts/{plain}"), &session, json!({"customFields": null}))
        .await
        .expect(StatusCode::NO_CONTENT);
    sandbox.delete(&format!("/account/accounts/{}", id("Blue")), &session).await.expect(StatusCode::NO_CONTENT);
    assert_eq!(found(&sandbox, &session, whales.clone()).await, Vec::<String>::new());
    let rows = json!([
        {"name": "Bulk whale", "accountNumber": "B-1", "customFields": fields(&[("COL5", "Whale of a time")])},
        {"accountNumber": "B-1", "customFields": fields(&[("COL9", "kept beside")])},
    ]);
    sandbox.post("/account/accounts/bulk", &session, rows).await.expect(StatusCode::OK);
    let both = json!({"customFields": fields(&[("COL5", "whale"), ("COL9", "beside")])});
    assert_eq!(found(&sandbox, &session, both).await, ["Bulk whale"]);
}

#[tokio::test]
async fn a_name_that_is_no_custom_field_is_a_400_naming_the_criterion() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    seed(&sandbox, &session).await;
    let names = ["COL0", "COL101", "col5", "COL05", "COL+5", " COL5", "COL5 ", "SECURE1", "COLUMN5", ""];
    let mut bodies: Vec<String> = names
        .iter()
        .map(|name| json!({"search": {"customFields": [{"field": name, "value": "x"}]}}).to_string())
        .collect();
    for raw in [
        r#""COL5""#,
        r#"{"field": "COL5", "value": "x"}"#,
        r#"[["COL5", "x"]]"#,
        r#"[{"value": "x"}]"#,
        r#"[{"field": 5, "value": "x"}]"#,
        r#"[{"field": null, "value": "x"}]"#,
        r#"[{"field": "COL5", "value": 1.5}]"#,
        r#"[{"field": "COL5", "value": {}}]"#,
        "[null]",
        "5",
    ] {
        bodies.push(format!(r#"{{"search": {{"customFields": {raw}}}}}"#));
    }
    for body in bodies {
        let answer = sandbox
            .send_raw(
                Method::POST,
                "/account/accounts/search?count=5&offset=0",
                Some(&session),
                Some("application/json"),
                body.clone(),
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}: {}", answer.body);
        answer.assert_error_shape(&body);
        assert!(answer.message().contains("customFields"), "{body}: {}", answer.message());
    }
}

#[tokio::test]
async fn custom_fields_an_older_sandbox_stored_are_searchable_once_it_opens() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("sysadmin").await;
    seed(&sandbox, &session).await;
    // An older sandbox kept custom fields in the account row alone.
    let sandbox = sandbox.reopen_after(|dir| {
        let conn = rusqlite::Connection::open(dir.join(account_sandbox::db::FILE_NAME)).expect("opens");
        conn.execute_batch(
            "DROP TRIGGER IF EXISTS customFieldValuesOnInsert; DROP TRIGGER IF EXISTS customFieldValuesOnUpdate;
             DROP TABLE IF EXISTS customFieldValues;",
        )
        .expect("as an older sandbox left it");
    });
    let session = sandbox.login("sysadmin").await;
    let whales = json!({"customFields": fields(&[("COL5", "whale")])});
    assert_eq!(found(&sandbox, &session, whales).await, ["Blue", "Shark"]);
}
