//! The sign-in page: success, and the message for each way it can fail.

use account_admin::{app::Providers, pages::SignInPage, platform::config::RuntimeConfig, platform::session::Session};
use leptos::prelude::*;
use serde_json::json;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

use crate::harness::{
    add_fault, clear_faults, click, config, container, find, find_text, signed_out_client, type_into,
};

/// Mounts the sign-in page with its providers; answers the root element and
/// the handle that keeps it mounted.
fn mount(config: RuntimeConfig) -> (Element, impl Drop) {
    signed_out_client(config.clone());
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || view! { <Providers config><SignInPage /></Providers> });
    (root.into(), handle)
}

fn fill(root: &Element, user: &str, password: &str, token: &str) {
    type_into(root, "#sign-in-client", "DEMO");
    type_into(root, "#sign-in-username", user);
    type_into(root, "#sign-in-password", password);
    type_into(root, "#sign-in-access-token", token);
}

#[wasm_bindgen_test]
async fn signing_in_keeps_the_session_for_this_tab_and_says_so() {
    crate::harness::begin().await;
    let (root, _mounted) = mount(config());
    fill(&root, "superuser", "demo", "demo-token");
    click(&root, "button[type=submit]");
    find_text(&root, ".toast.success", "Signed in as superuser.").await;
    let saved = Session::load().expect("a saved session");
    assert_eq!((saved.client_name.as_str(), saved.user_name.as_str()), ("DEMO", "superuser"));
    assert!(!saved.session_id.is_empty());
}

#[wasm_bindgen_test]
async fn empty_fields_are_named_at_each_field_before_anything_is_sent() {
    crate::harness::begin().await;
    let (root, _mounted) = mount(config());
    type_into(&root, "#sign-in-client", "");
    click(&root, "button[type=submit]");
    find_text(&root, "#sign-in-client-error", "Enter the client name.").await;
    find_text(&root, "#sign-in-username-error", "Enter your user name.").await;
    find_text(&root, "#sign-in-password-error", "Enter your password.").await;
    find_text(&root, "#sign-in-access-token-error", "Enter the API access token.").await;
    let client = find(&root, "#sign-in-client").await;
    assert_eq!(client.get_attribute("aria-invalid").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn a_wrong_password_says_so_and_keeps_what_was_typed() {
    crate::harness::begin().await;
    let (root, _mounted) = mount(config());
    fill(&root, "manager", "wrong", "demo-token");
    click(&root, "button[type=submit]");
    find_text(&root, ".form-error", "Wrong client name, user name or password.").await;
    assert_eq!(crate::harness::value_of(&root, "#sign-in-username"), "manager");
    assert_eq!(crate::harness::value_of(&root, "#sign-in-password"), "wrong");
}

#[wasm_bindgen_test]
async fn a_wrong_access_token_says_so() {
    crate::harness::begin().await;
    let (root, _mounted) = mount(config());
    fill(&root, "manager", "demo", "not-the-token");
    click(&root, "button[type=submit]");
    find_text(&root, ".form-error", "The API access token was refused.").await;
}

#[wasm_bindgen_test]
async fn a_rate_limited_sign_in_says_how_long_to_wait() {
    crate::harness::begin().await;
    let (root, _mounted) = mount(config());
    add_fault(json!({"path": "/session/login", "kind": "rateLimit", "retryAfterSecs": 3})).await;
    fill(&root, "manager", "demo", "demo-token");
    click(&root, "button[type=submit]");
    find_text(&root, ".form-error", "Too many requests: try again in 3 s.").await;
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn a_failing_service_says_so() {
    crate::harness::begin().await;
    let (root, _mounted) = mount(config());
    add_fault(json!({"path": "/session/login", "kind": "serverError"})).await;
    fill(&root, "manager", "demo", "demo-token");
    click(&root, "button[type=submit]");
    find_text(&root, ".form-error", "HTTP 500").await;
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn an_unreachable_service_says_so() {
    crate::harness::begin().await;
    let (root, _mounted) = mount(RuntimeConfig { api_base: "http://127.0.0.1:9/api".into(), ..config() });
    fill(&root, "manager", "demo", "demo-token");
    click(&root, "button[type=submit]");
    find_text(&root, ".form-error", "Cannot reach the Account API.").await;
}

#[wasm_bindgen_test]
async fn a_password_that_expires_within_two_weeks_is_warned_about_after_signing_in() {
    crate::harness::begin().await;
    let (root, _mounted) = mount(config());
    type_into(&root, "#sign-in-username", "expiring");
    type_into(&root, "#sign-in-password", "demo");
    type_into(&root, "#sign-in-access-token", "demo-token");
    click(&root, "button[type=submit]");
    find_text(&root, ".toast.warning", "Your password expires in 7 days.").await;
    let warning = find(&root, ".toast.warning").await.text_content().unwrap_or_default();
    assert!(warning.contains("LiveVox Portal"), "it says where to change it: {warning}");
}

#[wasm_bindgen_test]
async fn the_cursor_starts_in_the_first_empty_field_and_goes_to_the_first_bad_one() {
    crate::harness::begin().await;
    let (root, _mounted) = mount(config());
    let focused = || crate::harness::document().active_element().map(|e| e.id()).unwrap_or_default();
    crate::harness::wait_until(
        || format!("focus in the user name, not {}", focused()),
        || (focused() == "sign-in-username").then_some(()),
    )
    .await;
    type_into(&root, "#sign-in-username", "manager");
    click(&root, "button[type=submit]");
    crate::harness::wait_until(
        || format!("focus on the password, not {}", focused()),
        || (focused() == "sign-in-password").then_some(()),
    )
    .await;
    assert_eq!(crate::harness::document().title(), "Sign in · Account admin");
}
