//! The client maps every class of failure to its `ApiError`, resends reads on
//! 429/503 and writes on 429 alone (never after a failure that may have
//! landed), times out, and aborts.

use std::time::Duration;

use account_admin::{
    api::{ApiError, Cancel, categories::CategoryKind},
    platform::config::RuntimeConfig,
    platform::timer::sleep,
};
use account_model::{AccountInput, PageQuery};
use serde_json::json;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::harness::{add_fault, clear_faults, config, now_ms, signed_in_client, signed_out_client, unique};

#[wasm_bindgen_test]
async fn a_call_without_a_session_is_unauthorized() {
    crate::harness::begin().await;
    let client = signed_out_client(config());
    let error = client.list_categories(CategoryKind::Type).await.expect_err("the call fails");
    assert!(matches!(error, ApiError::Unauthorized(_)), "{error:?}");
}

#[wasm_bindgen_test]
async fn a_manager_creating_is_forbidden_with_the_role_needed() {
    crate::harness::begin().await;
    let client = signed_in_client("manager").await;
    let error =
        client.create_category(CategoryKind::Classification, &unique("Forbidden")).await.expect_err("the call fails");
    assert!(matches!(&error, ApiError::Forbidden(m) if m.contains("Sysadmin or Superuser")), "{error:?}");
}

#[wasm_bindgen_test]
async fn a_missing_account_is_not_found() {
    crate::harness::begin().await;
    let client = signed_in_client("manager").await;
    let error = client.read_account(987_654_321, None).await.expect_err("the call fails");
    assert_eq!(error, ApiError::NotFound("No Record Found".into()));
}

#[wasm_bindgen_test]
async fn a_duplicate_name_is_a_conflict_with_the_servers_message() {
    crate::harness::begin().await;
    let client = signed_in_client("sysadmin").await;
    let name = unique("Twin");
    client.create_category(CategoryKind::Classification, &name).await.expect("first one");
    let error = client.create_category(CategoryKind::Classification, &name).await.expect_err("the call fails");
    assert_eq!(error, ApiError::Conflict("Classification name already exists.".into()));
}

#[wasm_bindgen_test]
async fn an_invalid_request_is_a_validation_error_naming_the_field() {
    crate::harness::begin().await;
    let client = signed_in_client("sysadmin").await;
    let error = client
        .create_account(&AccountInput { name: " ".into(), ..AccountInput::default() })
        .await
        .expect_err("the call fails");
    assert_eq!(error, ApiError::Validation("name is mandatory.".into()));
}

#[wasm_bindgen_test]
async fn a_rate_limited_read_waits_retry_after_then_succeeds() {
    crate::harness::begin().await;
    let client = signed_in_client("manager").await;
    add_fault(json!({"path": "/account/types", "method": "GET", "kind": "rateLimit", "times": 1, "retryAfterSecs": 1}))
        .await;
    let started = now_ms();
    let types = client.list_categories(CategoryKind::Type).await.expect("succeeds after one retry");
    assert!(!types.is_empty());
    assert!(now_ms() - started >= 900.0, "it waited Retry-After ({} ms)", now_ms() - started);
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn a_rate_limited_write_is_sent_again_after_retry_after_and_lands_once() {
    crate::harness::begin().await;
    let client = signed_in_client("sysadmin").await;
    add_fault(
        json!({"path": "/account/types", "method": "POST", "kind": "rateLimit", "times": 1, "retryAfterSecs": 1}),
    )
    .await;
    let name = unique("Limited");
    let started = now_ms();
    client.create_category(CategoryKind::Type, &name).await.expect("the write goes through after the wait");
    assert!(now_ms() - started >= 900.0, "it waited Retry-After ({} ms)", now_ms() - started);
    let types = client.list_categories(CategoryKind::Type).await.expect("list");
    assert_eq!(types.iter().filter(|t| t.name == name).count(), 1, "created exactly once");
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn a_write_that_met_a_server_error_is_not_sent_again() {
    crate::harness::begin().await;
    let client = signed_in_client("sysadmin").await;
    add_fault(json!({"path": "/account/types", "method": "POST", "kind": "serverError", "times": 1})).await;
    let name = unique("Unsent");
    let error = client.create_category(CategoryKind::Type, &name).await.expect_err("the call fails");
    assert!(matches!(error, ApiError::Server { status: 500, .. }), "{error:?}");
    let types = client.list_categories(CategoryKind::Type).await.expect("list");
    assert!(types.iter().all(|t| t.name != name), "it was not resent by itself");
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn an_unavailable_write_with_retry_after_is_sent_again_after_the_wait_and_lands_once() {
    crate::harness::begin().await;
    let client = signed_in_client("sysadmin").await;
    add_fault(
        json!({"path": "/account/types", "method": "POST", "kind": "unavailable", "times": 1, "retryAfterSecs": 1}),
    )
    .await;
    let name = unique("Waited");
    client.create_category(CategoryKind::Type, &name).await.expect("the server did not act: sent again");
    let types = client.list_categories(CategoryKind::Type).await.expect("list");
    assert_eq!(types.iter().filter(|t| t.name == name).count(), 1, "created once");
}

#[wasm_bindgen_test]
async fn an_unavailable_read_is_retried() {
    crate::harness::begin().await;
    let client = signed_in_client("manager").await;
    add_fault(json!({"path": "/account/classifications", "method": "GET", "kind": "unavailable", "times": 1, "retryAfterSecs": 1})).await;
    client.list_categories(CategoryKind::Classification).await.expect("succeeds after a retry");
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn a_server_failure_is_a_server_error() {
    crate::harness::begin().await;
    let client = signed_in_client("manager").await;
    add_fault(json!({"path": "/account/classifications", "method": "GET", "kind": "serverError"})).await;
    let error = client.list_categories(CategoryKind::Classification).await.expect_err("the call fails");
    assert!(matches!(error, ApiError::Server { status: 500, .. }), "{error:?}");
    client.list_categories(CategoryKind::Classification).await.expect("the next call is fine");
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn a_call_past_the_timeout_is_a_timeout() {
    crate::harness::begin().await;
    let quick = RuntimeConfig { request_timeout_ms: 400, ..config() };
    let client = signed_in_client("manager").await;
    let impatient = account_admin::api::ApiClient::new(quick);
    impatient.set_session(client.session_untracked());
    add_fault(json!({"path": "/account/types", "method": "GET", "kind": "stall", "delayMs": 3000})).await;
    let error = impatient.list_categories(CategoryKind::Type).await.expect_err("the call fails");
    assert_eq!(error, ApiError::Timeout);
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn a_cancelled_call_is_aborted() {
    crate::harness::begin().await;
    let client = signed_in_client("manager").await;
    add_fault(json!({"path": "/account/accounts", "method": "GET", "kind": "delay", "delayMs": 2000})).await;
    let cancel = Cancel::new();
    let canceller = cancel.clone();
    wasm_bindgen_futures::spawn_local(async move {
        sleep(Duration::from_millis(150)).await;
        canceller.cancel();
    });
    let started = now_ms();
    let error =
        client.list_accounts(PageQuery { count: 5, offset: 0 }, Some(&cancel)).await.expect_err("the call fails");
    assert_eq!(error, ApiError::Aborted);
    assert!(now_ms() - started < 1500.0, "it stopped waiting at once");
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn an_unreachable_api_is_a_network_error() {
    crate::harness::begin().await;
    let client = signed_out_client(RuntimeConfig { api_base: "http://127.0.0.1:9/api".into(), ..config() });
    let error = client.list_categories(CategoryKind::Type).await.expect_err("the call fails");
    assert!(matches!(error, ApiError::Network(_)), "{error:?}");
}
