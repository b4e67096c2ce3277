//! Login, logout, and what happens without a live session.

use std::time::Duration;

use account_sandbox::demo;
use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::harness::Sandbox;

#[tokio::test]
async fn login_with_token_and_credentials_answers_a_session() {
    let sandbox = Sandbox::new();
    let answer = sandbox.login_as("DEMO", "sysadmin", "demo", Some("demo-token")).await.expect(StatusCode::OK);
    assert!(answer.body["sessionId"].as_str().is_some_and(|s| s.len() >= 32));
    assert_eq!(answer.body["clientId"], 94572);
    assert!(answer.body["userId"].is_i64());
    assert_eq!(answer.body["daysUntilPasswordExpires"], 30);
}

#[tokio::test]
async fn the_expiring_demo_user_is_told_the_password_expires_within_the_warning_window() {
    let sandbox = Sandbox::new();
    let answer = sandbox.login_as("DEMO", "expiring", "demo", Some("demo-token")).await.expect(StatusCode::OK);
    assert_eq!(answer.body["daysUntilPasswordExpires"], 7);
}

#[tokio::test]
async fn login_without_access_token_is_unauthorized() {
    let sandbox = Sandbox::new();
    let answer = sandbox.login_as("DEMO", "sysadmin", "demo", None).await.expect(StatusCode::UNAUTHORIZED);
    assert_eq!(answer.body["code"], 401);
    assert!(answer.message().contains("LV-Access"), "{}", answer.message());
}

#[tokio::test]
async fn login_with_unknown_access_token_is_unauthorized() {
    let sandbox = Sandbox::new();
    let answer = sandbox.login_as("DEMO", "sysadmin", "demo", Some("stolen")).await.expect(StatusCode::UNAUTHORIZED);
    assert_eq!(answer.message(), "Invalid access token.");
}

#[tokio::test]
async fn login_with_wrong_password_user_or_client_is_unauthorized() {
    let sandbox = Sandbox::new();
    for (client, user, password) in
        [("DEMO", "sysadmin", "nope"), ("DEMO", "nobody", "demo"), ("ACME", "sysadmin", "demo")]
    {
        let answer = sandbox.login_as(client, user, password, Some(demo::ACCESS_TOKEN)).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{client}/{user}/{password}");
        assert_eq!(answer.message(), "Invalid client name, user name or password.");
    }
}

#[tokio::test]
async fn login_with_malformed_body_is_a_bad_request() {
    let sandbox = Sandbox::new();
    let request = axum::http::Request::post("/api/session/login")
        .header("LV-Access", "demo-token")
        .header("content-type", "application/json")
        .body(axum::body::Body::from("{\"clientName\": "))
        .expect("request");
    let answer = sandbox.send(request).await.expect(StatusCode::BAD_REQUEST);
    assert_eq!(answer.body["code"], 400);
}

#[tokio::test]
async fn calls_without_a_session_header_are_unauthorized() {
    let sandbox = Sandbox::new();
    let answer =
        sandbox.call(Method::GET, "/account/classifications", None, None).await.expect(StatusCode::UNAUTHORIZED);
    assert!(answer.message().contains("LV-Session"));
}

#[tokio::test]
async fn calls_with_an_unknown_session_are_unauthorized() {
    let sandbox = Sandbox::new();
    sandbox.get("/account/classifications", "not-a-session").await.expect(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn logout_ends_the_session() {
    let sandbox = Sandbox::new();
    let session = sandbox.login("manager").await;
    sandbox.get("/account/classifications", &session).await.expect(StatusCode::OK);
    sandbox.delete("/session/logout", &session).await.expect(StatusCode::NO_CONTENT);
    sandbox.get("/account/classifications", &session).await.expect(StatusCode::UNAUTHORIZED);
    sandbox.delete("/session/logout", &session).await.expect(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sessions_expire_after_the_idle_limit_but_not_while_used() {
    let sandbox = Sandbox::build(Duration::from_millis(1500), |_| {});
    let session = sandbox.login("manager").await;
    // Three calls 600 ms apart outlast the idle limit, but each one restarts it.
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(600)).await;
        sandbox.get("/account/types", &session).await.expect(StatusCode::OK);
    }
    tokio::time::sleep(Duration::from_millis(1700)).await;
    let answer = sandbox.get("/account/types", &session).await.expect(StatusCode::UNAUTHORIZED);
    assert!(answer.message().contains("expired"));
}

#[tokio::test]
async fn an_agent_session_may_use_no_account_method() {
    let sandbox = Sandbox::new();
    let body = json!({"clientName": "DEMO", "userName": "manager", "password": "demo", "agent": true});
    let request = axum::http::Request::post("/api/session/login")
        .header("LV-Access", "demo-token")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body.to_string()))
        .expect("request");
    let answer = sandbox.send(request).await.expect(StatusCode::OK);
    let session = answer.body["sessionId"].as_str().expect("session").to_string();
    sandbox.get("/account/accounts?count=1&offset=0", &session).await.expect(StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn clients_see_only_their_own_accounts() {
    let sandbox = Sandbox::new();
    let demo_session = sandbox.login("sysadmin").await;
    let id = sandbox.create(&demo_session, json!({"name": "Only DEMO's"})).await;
    let other = sandbox.login_as("NOKEY", "sysadmin", "demo", Some("demo-token")).await.expect(StatusCode::OK);
    let other = other.body["sessionId"].as_str().expect("session").to_string();
    sandbox.get(&format!("/account/accounts/{id}"), &other).await.expect(StatusCode::NOT_FOUND);
    let page = sandbox.get("/account/accounts?count=10&offset=0", &other).await.expect(StatusCode::OK);
    assert_eq!(page.body["listAccount"], json!([]));
}
