//! Calls that race: parallel partial updates of one account lose no field, and
//! parallel creates with one account number leave exactly one account.

use std::sync::Arc;

use axum::http::StatusCode;
use serde_json::{Value, json};
use tokio::task::JoinSet;

use crate::harness::Sandbox;

/// How many calls race at once.
const RACERS: usize = 24;

/// A PUT body per racer, each changing something no other racer touches:
/// custom and secure fields (which merge by name), address parts (which merge
/// part by part) and plain fields.
fn partial_update(racer: usize) -> Value {
    const PARTS: [&str; 5] = ["street", "city", "state", "postalCode", "country"];
    const PLAIN: [&str; 6] = ["description", "industry", "rating", "website", "tickerSymbol", "sicCode"];
    let value = format!("racer {racer}");
    match racer {
        0..8 => json!({"customFields": [{"field": format!("COL{}", racer + 1), "value": value}]}),
        8..13 => json!({"billingAddress": {PARTS[racer - 8]: value}}),
        13..18 => json!({"secureFields": [{"field": format!("SECURE{}", racer - 12), "value": value}]}),
        _ => json!({PLAIN[racer - 18]: value}),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_partial_updates_of_one_account_lose_no_field() {
    let sandbox = Arc::new(Sandbox::new());
    let session = sandbox.login("sysadmin").await;
    let id = sandbox
        .create(&session, json!({"name": "Raced", "customFields": [{"field": "COL100", "value": "kept"}]}))
        .await;
    let path = format!("/account/accounts/{id}");

    let mut racers = JoinSet::new();
    for racer in 0..RACERS {
        let (sandbox, session, path) = (sandbox.clone(), session.clone(), path.clone());
        racers.spawn(async move { sandbox.put(&path, &session, partial_update(racer)).await.status });
    }
    while let Some(status) = racers.join_next().await {
        assert_eq!(status.expect("the racer finishes"), StatusCode::NO_CONTENT);
    }

    let account = sandbox.get(&path, &session).await.expect(StatusCode::OK).body;
    let mut expected = json!({
        "name": "Raced",
        "customFields": [{"field": "COL100", "value": "kept"}],
    });
    for racer in 0..RACERS {
        merge(&mut expected, partial_update(racer));
    }
    for (key, value) in expected.as_object().expect("an object") {
        match value {
            Value::Array(fields) => {
                for field in fields {
                    let stored = account[key].as_array().expect("a field list");
                    assert!(stored.contains(field), "{key}: {field} was lost: {}", account[key]);
                }
            }
            Value::Object(parts) => {
                for (part, text) in parts {
                    assert_eq!(&account[key][part], text, "{key}.{part} was lost");
                }
            }
            _ => assert_eq!(&account[key], value, "{key} was lost"),
        }
    }
    let history = account["history"].as_array().expect("history");
    assert_eq!(history.len(), RACERS + 1, "one entry per update, after the create's");
}

/// Adds `change` to `into` the way the sandbox merges an update: lists and
/// addresses gain entries, scalars are replaced.
fn merge(into: &mut Value, change: Value) {
    for (key, value) in change.as_object().cloned().unwrap_or_default() {
        match (into.get_mut(&key), value) {
            (Some(Value::Array(list)), Value::Array(more)) => list.extend(more),
            (Some(Value::Object(parts)), Value::Object(more)) => parts.extend(more),
            (_, value) => into[key.as_str()] = value,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_creates_with_one_account_number_give_one_201_and_409s() {
    let sandbox = Arc::new(Sandbox::new());
    let session = sandbox.login("sysadmin").await;
    let mut racers = JoinSet::new();
    for racer in 0..RACERS {
        let (sandbox, session) = (sandbox.clone(), session.clone());
        // Some spell the number with surrounding spaces: it is the same number.
        let number = if racer % 3 == 0 { " RACE-1 " } else { "RACE-1" };
        racers.spawn(async move {
            sandbox
                .post("/account/accounts", &session, json!({"name": format!("Racer {racer}"), "accountNumber": number}))
                .await
        });
    }
    let mut created = 0;
    while let Some(answer) = racers.join_next().await {
        let answer = answer.expect("the racer finishes");
        match answer.status {
            StatusCode::CREATED => created += 1,
            StatusCode::CONFLICT => answer.assert_error_shape("a losing racer"),
            other => panic!("a racer got {other}: {}", answer.body),
        }
    }
    assert_eq!(created, 1, "exactly one racer creates the account");
    let found = sandbox
        .post("/account/accounts/search?count=100&offset=0", &session, json!({"search": {"accountNumber": "RACE-1"}}))
        .await
        .expect(StatusCode::OK)
        .body;
    assert_eq!(found["listAccount"].as_array().map(Vec::len), Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_creates_of_one_classification_name_give_one_201_and_409s() {
    let sandbox = Arc::new(Sandbox::new());
    let session = sandbox.login("sysadmin").await;
    let mut racers = JoinSet::new();
    for racer in 0..RACERS {
        let (sandbox, session) = (sandbox.clone(), session.clone());
        let name = ["Émeraude", "émeraude", "ÉMERAUDE"][racer % 3];
        racers.spawn(
            async move { sandbox.post("/account/classifications", &session, json!({"name": name})).await.status },
        );
    }
    let mut statuses = Vec::new();
    while let Some(status) = racers.join_next().await {
        statuses.push(status.expect("the racer finishes"));
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| [StatusCode::CREATED, StatusCode::CONFLICT].contains(s)), "{statuses:?}");
    let levels: Vec<i64> = sandbox
        .get("/account/classifications", &session)
        .await
        .body
        .as_array()
        .expect("a list")
        .iter()
        .map(|c| c["level"].as_i64().unwrap_or(0))
        .collect();
    assert_eq!(levels, [1, 2, 3, 4, 5], "the one created gets the next level");
}
