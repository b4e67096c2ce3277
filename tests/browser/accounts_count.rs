//! The count on demand in the account list, against the sandbox: "of N"
//! after Count, kept for the same criteria, dropped (and stopped) when
//! they change, Stop, and a failure said plainly.

use account_model::AccountInput;
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

use crate::harness::{add_fault, begin, find_text, go_to, mount_at, signed_in_client, unique, wait_until};

/// `n` accounts whose names start with a fresh prefix: `{prefix}-001` ...
async fn seed(n: usize) -> String {
    let api = signed_in_client("sysadmin").await;
    let prefix = unique("C");
    let rows: Vec<AccountInput> =
        (1..=n).map(|i| AccountInput { name: format!("{prefix}-{i:03}"), ..AccountInput::default() }).collect();
    let result = api.bulk_create_accounts(&rows).await.expect("seeded");
    assert_eq!(result.success_count, n as i64);
    prefix
}

fn summary(root: &Element) -> String {
    root.query_selector(".showing").ok().flatten().and_then(|s| s.text_content()).unwrap_or_default()
}

/// Clicks the summary's button once it says `label`.
async fn click_count(root: &Element, label: &str) {
    let what = || format!("no {label:?} button; the summary says {:?}", summary(root));
    let button = wait_until(what, || {
        root.query_selector(".showing button.count")
            .ok()
            .flatten()
            .filter(|b| b.text_content().unwrap_or_default() == label)
    })
    .await;
    button.unchecked_into::<web_sys::HtmlElement>().click();
}

#[wasm_bindgen_test]
async fn count_says_of_n_for_the_search_and_keeps_it_for_those_criteria_only() {
    begin().await;
    let prefix = seed(37).await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=25"));
    find_text(&root, ".showing", "Showing 1–25").await;
    assert!(!summary(&root).contains(" of "), "no count before asking: {}", summary(&root));

    click_count(&root, "Count").await;
    find_text(&root, ".showing", "Showing 1–25 of 37").await;
    click_count(&root, "Count again").await;
    find_text(&root, ".showing", "Showing 1–25 of 37").await;

    // Other criteria: the count is not theirs.
    go_to(&format!("/accounts?name={prefix}-00&count=25"));
    find_text(&root, ".showing", "Showing 1–9").await;
    let text = summary(&root);
    assert!(!text.contains(" of "), "the count was dropped: {text}");
    click_count(&root, "Count").await;
    find_text(&root, ".showing", "Showing 1–9 of 9").await;

    // Back to the first criteria, in another order and page: counted already.
    go_to(&format!("/accounts?name={prefix}&count=25&offset=25&sort=name&dir=desc"));
    find_text(&root, ".showing", "Showing 26–37 of 37").await;
}

#[wasm_bindgen_test]
async fn a_count_under_way_stops_on_stop_or_when_the_criteria_change() {
    begin().await;
    let prefix = seed(5).await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}"));
    find_text(&root, ".showing", "Showing 1–5").await;

    add_fault(json!({"path": "/account/accounts/search", "method": "POST", "kind": "delay", "delayMs": 1500})).await;
    click_count(&root, "Count").await;
    find_text(&root, ".showing", "Counting…").await;
    click_count(&root, "Stop").await;
    find_text(&root, ".showing button.count", "Count").await;
    assert_eq!(summary(&root), "Showing 1–5 Count", "stopped: the range stays, no count");
    crate::harness::sleep_ms(1_700).await;
    assert_eq!(summary(&root), "Showing 1–5 Count", "the stopped count's answer is ignored");

    add_fault(json!({"path": "/account/accounts/search", "method": "POST", "kind": "delay", "delayMs": 1500})).await;
    click_count(&root, "Count").await;
    find_text(&root, ".showing", "Counting…").await;
    go_to(&format!("/accounts?name={prefix}-001"));
    find_text(&root, ".showing", "Showing 1–1").await;
    let text = summary(&root);
    assert_eq!(text, "Showing 1–1 Count", "the count stopped with the criteria, before its answer came");
    crate::harness::sleep_ms(1_700).await;
    let text = summary(&root);
    assert!(!text.contains("Counting") && !text.contains(" of "), "the count stopped with the criteria: {text}");
}

#[wasm_bindgen_test]
async fn a_failed_count_says_so_and_can_be_asked_again() {
    begin().await;
    let prefix = seed(3).await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}"));
    find_text(&root, ".showing", "Showing 1–3").await;
    add_fault(json!({"path": "/account/accounts/search", "method": "POST", "kind": "serverError"})).await;
    click_count(&root, "Count").await;
    find_text(&root, ".showing", "Could not count").await;
    click_count(&root, "Count").await;
    find_text(&root, ".showing", "Showing 1–3 of 3").await;
}
