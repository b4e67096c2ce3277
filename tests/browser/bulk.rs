//! Bulk actions on selected accounts and saved searches, against the
//! sandbox, on accounts each test creates under its own prefix.

use account_admin::{api::ApiClient, pages::AccountsPage};
use account_model::{AccountInput, PageQuery, SearchCriteria, SearchRequest};
use leptos::prelude::*;
use leptos_router::{
    components::{Route, Routes},
    path,
};
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

use crate::harness::{
    add_fault, capture_downloads, click, find, find_text, last_download, mount_at, signed_in_client, unique, wait_until,
};

fn mount(url: &str) -> (Element, Box<dyn std::any::Any>) {
    mount_at(url, || {
        view! {
            <Routes fallback=|| "no route">
                <Route path=path!("/accounts") view=AccountsPage />
            </Routes>
        }
    })
}

/// `n` accounts named `{prefix}-01`.., with their ids in name order.
async fn seed(n: usize) -> (ApiClient, String, Vec<i64>) {
    let api = signed_in_client("sysadmin").await;
    let prefix = unique("B");
    let rows: Vec<AccountInput> =
        (1..=n).map(|i| AccountInput { name: format!("{prefix}-{i:02}"), ..AccountInput::default() }).collect();
    assert_eq!(api.bulk_create_accounts(&rows).await.expect("seeded").success_count, n as i64);
    let ids = mine(&api, &prefix).await.into_iter().map(|a| a.id).collect();
    (api, prefix, ids)
}

async fn mine(api: &ApiClient, prefix: &str) -> Vec<account_model::Account> {
    let request = SearchRequest {
        search: Some(SearchCriteria { name: Some(prefix.into()), ..SearchCriteria::default() }),
        sort: None,
    };
    api.search_accounts(&request, PageQuery { count: 1000, offset: 0 }, None).await.expect("search").accounts
}

fn rows(root: &Element) -> usize {
    root.query_selector_all("tbody tr[data-id]").map(|l| l.length() as usize).unwrap_or(0)
}

async fn shows(root: &Element, n: usize) {
    wait_until(|| format!("the table shows {n} rows, not {}", rows(root)), || (rows(root) == n).then_some(())).await;
}

fn choose(root: &Element, selector: &str, value: &str) {
    let select = root.query_selector(selector).ok().flatten().expect("a select");
    select.unchecked_ref::<web_sys::HtmlSelectElement>().set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).expect("event")).expect("sent");
}

fn shift_click(element: &Element) {
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_shift_key(true);
    let event = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).expect("event");
    element.dispatch_event(&event).expect("sent");
}

#[wasm_bindgen_test]
async fn setting_a_classification_on_thirty_reports_the_one_failure_and_retrying_completes_it() {
    crate::harness::begin().await;
    let (api, prefix, ids) = seed(30).await;
    let classification =
        api.list_categories(account_admin::api::categories::CategoryKind::Classification).await.expect("listed")[0]
            .clone();
    let (root, _mounted) = mount(&format!("/accounts?name={prefix}&count=50"));
    shows(&root, 30).await;
    click(&root, "input.select-page");
    find_text(&root, ".selection-count", "30 selected").await;
    find(&root, "#bulk-field").await;
    add_fault(json!({"path": format!("/account/accounts/{}", ids[7]), "method": "PUT", "kind": "serverError"})).await;
    choose(&root, "#bulk-field", "classificationId");
    find(&root, &format!("select#bulk-value option[value='{}']", classification.id)).await;
    choose(&root, "#bulk-value", &classification.id.to_string());
    click(&root, ".bulk-set button[type=submit]");
    find_text(&root, ".bulk-summary", "done for 29 of 30 accounts. 1 failed.").await;
    find_text(&root, ".bulk-failures", &format!("{prefix}-08")).await;
    click(&root, ".retry-failed");
    find_text(&root, ".bulk-summary", "done for 1 of 1 account.").await;
    let all = mine(&api, &prefix).await;
    assert!(all.iter().all(|a| a.fields.classification_id == Some(classification.id)), "every account has it");
}

#[wasm_bindgen_test]
async fn deleting_selected_accounts_asks_with_the_count_and_they_leave_the_list() {
    crate::harness::begin().await;
    let (api, prefix, _) = seed(5).await;
    let (root, _mounted) = mount(&format!("/accounts?name={prefix}&count=50"));
    shows(&root, 5).await;
    let boxes = root.query_selector_all("tbody tr[data-id] input[type=checkbox]").expect("boxes");
    for index in [0, 2] {
        boxes.item(index).expect("a box").unchecked_into::<web_sys::HtmlElement>().click();
    }
    find_text(&root, ".selection-count", "2 selected").await;
    click(&root, ".bulk-delete");
    find_text(&root, "[role=alertdialog]", "2 accounts will be deleted").await;
    click(&root, "[role=alertdialog] button.confirm");
    find_text(&root, ".bulk-summary", "Delete: done for 2 of 2 accounts.").await;
    shows(&root, 3).await;
    let left: Vec<String> = mine(&api, &prefix).await.into_iter().map(|a| a.fields.name).collect();
    assert_eq!(left, [format!("{prefix}-02"), format!("{prefix}-04"), format!("{prefix}-05")]);
}

#[wasm_bindgen_test]
async fn stop_takes_effect_between_accounts() {
    crate::harness::begin().await;
    let (api, prefix, ids) = seed(12).await;
    for id in &ids {
        add_fault(json!({"path": format!("/account/accounts/{id}"), "method": "PUT", "kind": "delay", "delayMs": 400}))
            .await;
    }
    let (root, _mounted) = mount(&format!("/accounts?name={prefix}&count=50"));
    shows(&root, 12).await;
    click(&root, "input.select-page");
    find(&root, "#bulk-field").await;
    choose(&root, "#bulk-field", "agentId");
    find(&root, "input#bulk-value").await;
    crate::harness::type_into(&root, "#bulk-value", "595348");
    click(&root, ".bulk-set button[type=submit]");
    find(&root, ".runner-progress").await;
    click(&root, ".runner-progress button");
    let summary = find_text(&root, ".bulk-summary", "not sent (stopped)").await;
    let said = summary.text_content().unwrap_or_default();
    let changed = mine(&api, &prefix).await.into_iter().filter(|a| a.fields.agent_id == Some(595_348)).count();
    assert!(changed < 12, "some were never sent: {said}");
    assert!(said.contains(&format!("done for {changed} of 12")), "the report matches the API: {said}");
}

#[wasm_bindgen_test]
async fn exporting_the_selection_writes_exactly_the_selected_rows() {
    crate::harness::begin().await;
    let (_api, prefix, _) = seed(6).await;
    let (root, _mounted) = mount(&format!("/accounts?name={prefix}&count=50"));
    shows(&root, 6).await;
    let boxes = root.query_selector_all("tbody tr[data-id] input[type=checkbox]").expect("boxes");
    boxes.item(1).expect("box").unchecked_into::<web_sys::HtmlElement>().click();
    shift_click(&boxes.item(3).expect("box").unchecked_into());
    find_text(&root, ".selection-count", "3 selected").await;
    capture_downloads();
    click(&root, ".bulk-actions button.secondary");
    let (_, text) = last_download().await;
    let names: Vec<&str> =
        text.lines().skip(1).filter_map(|line| line.split(',').nth(1)).filter(|n| n.starts_with(&prefix)).collect();
    assert_eq!(names, [format!("{prefix}-02"), format!("{prefix}-03"), format!("{prefix}-04")]);
}

#[wasm_bindgen_test]
async fn a_saved_search_restores_its_criteria_sort_and_size_after_a_reload() {
    crate::harness::begin().await;
    let (_api, prefix, _) = seed(3).await;
    let (root, mounted) = mount(&format!("/accounts?name={prefix}&sort=modifiedDate&dir=desc&count=25"));
    shows(&root, 3).await;
    click(&root, ".saved-searches > button");
    let name = unique("Saved");
    crate::harness::type_into(&root, "#saved-search-name", &name);
    click(&root, ".save-search button[type=submit]");
    find_text(&root, ".saved-list", &name).await;
    drop(mounted);
    root.remove();

    let (root, _mounted) = mount("/accounts");
    find(&root, "tbody tr").await;
    click(&root, ".saved-searches > button");
    let link = find_text(&root, ".saved-list li", &name).await;
    link.query_selector("a").ok().flatten().expect("the link").unchecked_into::<web_sys::HtmlElement>().click();
    shows(&root, 3).await;
    let query = web_sys::window().expect("window").location().search().unwrap_or_default();
    for part in [format!("name={prefix}"), "sort=modifiedDate".into(), "dir=desc".into(), "count=25".into()] {
        assert!(query.contains(&part), "{query} has {part}");
    }
}
