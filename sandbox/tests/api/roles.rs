//! Roles per NOTES.md's table: a request outside the caller's role answers 403,
//! and one inside it never does.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::harness::Sandbox;

/// (method, path, body, may a Manager call it)
fn methods(account: i64) -> Vec<(Method, String, Option<Value>, bool)> {
    let accounts = "/account/accounts".to_string();
    let one = format!("/account/accounts/{account}");
    vec![
        (Method::POST, accounts.clone(), Some(json!({"name": "R"})), false),
        (Method::POST, format!("{accounts}/bulk"), Some(json!([{"name": "R"}])), false),
        (Method::PUT, one.clone(), Some(json!({"rating": "Hot"})), false),
        (Method::POST, format!("{one}/notes"), Some(json!({"name": "N"})), false),
        (Method::GET, one.clone(), None, true),
        (Method::GET, format!("{accounts}?count=5&offset=0"), None, true),
        (Method::POST, format!("{accounts}/search?count=5&offset=0"), Some(json!({})), true),
        (Method::POST, format!("{one}/contacts"), Some(json!({"contactId": "CT-0001"})), true),
        (Method::POST, format!("{one}/contacts/bulk"), Some(json!([{"contactId": "CT-0002"}])), true),
        (Method::DELETE, format!("{one}/contacts/CT-0001"), None, true),
        (Method::POST, "/account/classifications".into(), Some(json!({"name": "Role test"})), false),
        (Method::PUT, "/account/classification/1".into(), Some(json!({"level": 1})), false),
        (Method::GET, "/account/classifications/1".into(), None, true),
        (Method::GET, "/account/classifications".into(), None, true),
        (Method::POST, "/account/types".into(), Some(json!({"name": "Role test"})), false),
        (Method::PUT, "/account/type/1".into(), Some(json!({"level": 1})), false),
        (Method::GET, "/account/types".into(), None, true),
        (Method::GET, "/account/type/1".into(), None, false),
        (Method::DELETE, one, None, false),
    ]
}

#[tokio::test]
async fn a_manager_gets_403_exactly_outside_the_manager_role() {
    let sandbox = Sandbox::new();
    let admin = sandbox.login("sysadmin").await;
    let account = sandbox.create(&admin, json!({"name": "Role target"})).await;
    let manager = sandbox.login("manager").await;
    for (method, path, body, allowed) in methods(account) {
        let answer = sandbox.call(method.clone(), &path, Some(&manager), body).await;
        if allowed {
            assert_ne!(answer.status, StatusCode::FORBIDDEN, "{method} {path}: {}", answer.body);
            assert!(answer.status.is_success(), "{method} {path}: {} {}", answer.status, answer.body);
        } else {
            assert_eq!(answer.status, StatusCode::FORBIDDEN, "{method} {path}");
            assert_eq!(answer.body["code"], 403);
            assert!(answer.message().contains("Sysadmin or Superuser"), "{}", answer.message());
        }
    }
}

#[tokio::test]
async fn sysadmin_and_superuser_may_call_every_method() {
    for user in ["sysadmin", "superuser"] {
        let sandbox = Sandbox::new();
        let session = sandbox.login(user).await;
        let account = sandbox.create(&session, json!({"name": "Role target"})).await;
        for (method, path, body, _) in methods(account) {
            let answer = sandbox.call(method.clone(), &path, Some(&session), body).await;
            assert!(answer.status.is_success(), "{user}: {method} {path}: {} {}", answer.status, answer.body);
        }
    }
}

#[tokio::test]
async fn the_role_is_checked_before_the_body() {
    let sandbox = Sandbox::new();
    let manager = sandbox.login("manager").await;
    let answer = sandbox.post("/account/accounts", &manager, json!({"annualRevenue": "lots"})).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}
