//! The list's export against the sandbox: every result walked in pages
//! and streamed into the file (the same bytes as the file of all accounts,
//! a row moved between pages written once), the page shown, and leaving
//! the list mid-export.

use std::time::Duration;

use account_admin::{
    domain::csv::accounts_csv,
    pages::accounts::export::ExportPageSize,
    platform::timer::sleep,
    routes::{Page, list::ListState},
};
use account_model::{AccountInput, FieldValue, PageQuery, SearchCriteria, SearchRequest};
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

use crate::{
    accounts_list::{click_text, named, seed, shows},
    harness::{
        ELSEWHERE, add_fault, capture_downloads, clear_faults, find, find_elsewhere, find_text, last_download,
        mount_at, mount_providing, wait_until,
    },
};

/// The list of `prefix`'s accounts with "Export all results" walking in
/// pages of three.
fn list_exporting_by_three(prefix: &str) -> (Element, Box<dyn std::any::Any>) {
    let state = ListState::from_query([("name", prefix)]).0;
    let mounted = mount_providing(&Page::Accounts(state).href(), ExportPageSize(3));
    capture_downloads();
    mounted
}

#[wasm_bindgen_test]
async fn export_of_all_results_in_pages_writes_the_bytes_of_the_accounts_the_api_returns() {
    crate::harness::begin().await;
    let (api, prefix) = seed().await;
    // A custom field on the last page only: the columns learnt late make the
    // export walk again, and the file is still the same.
    let late = AccountInput {
        name: format!("{prefix}-08"),
        custom_fields: Some(vec![FieldValue { field: "COL4".into(), value: Some("late".into()) }]),
        ..AccountInput::default()
    };
    api.create_account(&late).await.expect("created");
    let request = SearchRequest {
        search: Some(SearchCriteria { name: Some(prefix.clone()), ..SearchCriteria::default() }),
        sort: None,
    };
    let direct = api.search_accounts(&request, PageQuery { count: 1000, offset: 0 }, None).await.expect("search");
    assert_eq!(direct.accounts.len(), 8);

    let (root, _mounted) = list_exporting_by_three(&prefix);
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7, 8])).await;
    click_text(&root, ".export button", "Export all results");
    let toast = find_text(&root, ".toast.success", "Exported 8 accounts").await;
    assert!(!toast.text_content().unwrap_or_default().contains("twice"));
    let (file, text) = last_download().await;
    assert!(file.starts_with(&format!("accounts-name-{}-", prefix.to_lowercase())), "{file}");
    assert!(text.starts_with('\u{feff}'), "the file starts with the byte-order mark Excel needs");
    assert_eq!(text, accounts_csv(&direct.accounts), "three pages of three make the file of one page of eight");
}

/// How another user changes the portfolio while an export reads it.
#[derive(Clone, Copy)]
enum Meanwhile {
    /// Adds an account that sorts first: a row read moves onto the next page.
    AddsOneBefore,
    /// Deletes the first account: an unread row moves back behind the walk.
    DeletesTheFirst,
}

/// Counts the seven (so that the export tells the time left without a count
/// beside it), exports them in pages of three while `meanwhile` happens
/// before the second page is read, and returns the toast and the file, with
/// the file of the seven as they were.
async fn export_while(meanwhile: Meanwhile) -> (String, String, String) {
    crate::harness::begin().await;
    let (api, prefix) = seed().await;
    let request = SearchRequest {
        search: Some(SearchCriteria { name: Some(prefix.clone()), ..SearchCriteria::default() }),
        sort: None,
    };
    let before = api.search_accounts(&request, PageQuery { count: 1000, offset: 0 }, None).await.expect("search");

    let (root, _mounted) = list_exporting_by_three(&prefix);
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
    click_text(&root, ".showing button.count", "Count");
    find_text(&root, ".showing", "of 7").await;
    // The first two pages of the export take a second each.
    add_fault(
        json!({"path": "/account/accounts/search", "method": "POST", "kind": "delay", "delayMs": 1000, "times": 2}),
    )
    .await;
    click_text(&root, ".export button", "Export all results");
    find_text(&root, ".export-progress", "Read 3 of 7 accounts").await;
    match meanwhile {
        Meanwhile::AddsOneBefore => {
            let first = AccountInput { name: format!("{prefix}-00"), ..AccountInput::default() };
            api.create_account(&first).await.expect("created");
        }
        Meanwhile::DeletesTheFirst => api.delete_account(before.accounts[0].id).await.expect("deleted"),
    }
    let toast = find_text(&root, ".toast.success", "Exported 7 accounts").await.text_content().unwrap_or_default();
    clear_faults().await;
    let (_, text) = last_download().await;
    (toast, text, accounts_csv(&before.accounts))
}

#[wasm_bindgen_test]
async fn an_account_moved_to_the_next_page_during_an_export_is_written_once_and_said() {
    let (toast, text, seven) = export_while(Meanwhile::AddsOneBefore).await;
    assert!(toast.contains("1 account moved onto the next page"), "{toast}");
    assert_eq!(text, seven, "each account once, as the file of the seven");
}

#[wasm_bindgen_test]
async fn an_account_moved_back_by_a_delete_during_an_export_is_read_again_not_missed() {
    let (toast, text, seven) = export_while(Meanwhile::DeletesTheFirst).await;
    assert!(toast.contains("read again, so that none was missed"), "{toast}");
    assert!(!toast.contains("moved onto"), "a page read again is not an account moved: {toast}");
    assert_eq!(text, seven, "the deleted account was written before it went; none after it is missing");
}

#[wasm_bindgen_test]
async fn leaving_the_list_cancels_an_export_in_progress() {
    crate::harness::begin().await;
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=25"));
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
    // Every search is slow: the export's first page and the count beside it.
    add_fault(
        json!({"path": "/account/accounts/search", "method": "POST", "kind": "delay", "delayMs": 1500, "times": 50}),
    )
    .await;
    capture_downloads();
    let start = find(&root, ".export .export-all").await.unchecked_into::<web_sys::HtmlElement>();
    start.focus().expect("focused");
    start.click();
    find(&root, ".export-progress").await;
    // The button went with the click: focus is on Cancel, not lost.
    wait_until(
        || "focus on Cancel export".into(),
        || {
            let active = web_sys::window()?.document()?.active_element()?;
            active.class_list().contains("export-cancel").then_some(())
        },
    )
    .await;
    crate::harness::go_to(ELSEWHERE);
    find_elsewhere(&root).await;
    find_text(&root, ".toast.success", "Export cancelled.").await;
    sleep(Duration::from_millis(2000)).await;
    let offered = js_sys::eval("window.__downloads.length").expect("read").as_f64();
    assert_eq!(offered, Some(0.0), "nothing was downloaded after leaving");
    assert!(!root.text_content().unwrap_or_default().contains("Exported"));
}

#[wasm_bindgen_test]
async fn exporting_this_page_while_the_next_loads_exports_the_page_shown() {
    crate::harness::begin().await;
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=3"));
    shows(&root, &named(&prefix, &[1, 2, 3])).await;
    add_fault(json!({"path": "/account/accounts/search", "method": "POST", "kind": "delay", "delayMs": 1500})).await;
    click_text(&root, ".paging button", "Next");
    capture_downloads();
    click_text(&root, ".export button", "Export this page");
    let (_, text) = last_download().await;
    assert!(text.contains(&format!("{prefix}-03")) && !text.contains(&format!("{prefix}-04")), "{text}");
    shows(&root, &named(&prefix, &[4, 5, 6])).await;
}
