//! The account list against the sandbox: paging, page size, URL restore,
//! quick and advanced search, sort, stale answers, export.

use std::time::Duration;

use account_admin::{
    api::{ApiClient, Cancel},
    csv::accounts_csv,
    export::collect_all,
    format,
    list_state::ListState,
    pages::AccountsPage,
    timer::sleep,
};
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
    add_fault, clear_faults, click, find, find_text, mount_at, signed_in_client, type_into, unique, value_of,
};

/// Seven accounts whose names start with a fresh prefix: `{prefix}-01` ... `-07`,
/// revenues 100 ... 700, industries alternating.
async fn seed() -> (ApiClient, String) {
    let api = signed_in_client("sysadmin").await;
    let prefix = unique("L");
    let rows: Vec<AccountInput> = (1..=7)
        .map(|n| AccountInput {
            name: format!("{prefix}-{n:02}"),
            annual_revenue: Some(n * 100),
            industry: Some(if n % 2 == 0 { "Banking".into() } else { "Software".into() }),
            account_number: Some(format!("{prefix}-N{n}")),
            ..AccountInput::default()
        })
        .collect();
    let result = api.bulk_create_accounts(&rows).await.expect("seeded");
    assert_eq!(result.success_count, 7);
    (api, prefix)
}

fn query() -> String {
    web_sys::window().expect("window").location().search().unwrap_or_default()
}

/// Mounts the list (and a stand-in detail route) at `url`.
fn mount(url: &str) -> (Element, Box<dyn std::any::Any>) {
    mount_at(url, || {
        view! {
            <Routes fallback=|| "no route">
                <Route path=path!("/accounts") view=AccountsPage />
                <Route path=path!("/accounts/:id") view=|| view! { <p id="detail">"detail"</p> } />
            </Routes>
        }
    })
}

fn names(root: &Element) -> Vec<String> {
    let cells = root.query_selector_all("tbody tr td.name").expect("cells");
    (0..cells.length()).filter_map(|i| cells.item(i)).map(|c| c.text_content().unwrap_or_default()).collect()
}

/// Waits (up to 8 s) until the table shows exactly `expected`, in order.
async fn shows(root: &Element, expected: &[String]) {
    for _ in 0..400 {
        if names(root) == expected && root.query_selector(".results.stale").ok().flatten().is_none() {
            return;
        }
        sleep(Duration::from_millis(20)).await;
    }
    panic!("the table shows {:?}, not {expected:?}", names(root));
}

fn named(prefix: &str, numbers: &[u32]) -> Vec<String> {
    numbers.iter().map(|n| format!("{prefix}-{n:02}")).collect()
}

fn button_disabled(root: &Element, text: &str) -> bool {
    let buttons = root.query_selector_all(".paging button").expect("buttons");
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .find(|b| b.text_content().unwrap_or_default().contains(text))
        .map(|b| b.unchecked_into::<web_sys::HtmlButtonElement>().disabled())
        .expect("the paging button")
}

fn click_text(root: &Element, selector: &str, text: &str) {
    let all = root.query_selector_all(selector).expect("elements");
    let found = (0..all.length())
        .filter_map(|i| all.item(i))
        .find(|e| e.text_content().unwrap_or_default().contains(text))
        .unwrap_or_else(|| panic!("no {selector} says {text}"));
    found.unchecked_into::<web_sys::HtmlElement>().click();
}

fn choose(root: &Element, selector: &str, value: &str) {
    let select =
        root.query_selector(selector).ok().flatten().expect("a select").unchecked_into::<web_sys::HtmlSelectElement>();
    select.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).expect("event"))
        .expect("dispatched");
}

#[wasm_bindgen_test]
async fn paging_moves_forward_and_back_and_the_page_size_starts_over() {
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount(&format!("/accounts?name={prefix}&count=3"));
    shows(&root, &named(&prefix, &[1, 2, 3])).await;
    find_text(&root, ".showing", "Showing 1–3").await;
    assert!(button_disabled(&root, "Previous"));

    click_text(&root, ".paging button", "Next");
    shows(&root, &named(&prefix, &[4, 5, 6])).await;
    assert!(query().contains("offset=3"), "{}", query());
    click_text(&root, ".paging button", "Next");
    shows(&root, &named(&prefix, &[7])).await;
    assert!(button_disabled(&root, "Next"), "no next page after the last");

    web_sys::window().expect("window").history().expect("history").back().expect("back");
    shows(&root, &named(&prefix, &[4, 5, 6])).await;
    click_text(&root, ".paging button", "Previous");
    shows(&root, &named(&prefix, &[1, 2, 3])).await;

    choose(&root, ".paging select", "25");
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
    assert!(query().contains("count=25") && !query().contains("offset"), "{}", query());
}

#[wasm_bindgen_test]
async fn a_reload_restores_the_same_view_from_the_url() {
    let (_api, prefix) = seed().await;
    let url = format!("/accounts?name={prefix}&sort=annualRevenue&dir=desc&count=2&offset=2");
    let (root, mounted) = mount(&url);
    shows(&root, &named(&prefix, &[5, 4])).await;
    drop(mounted);
    root.remove();

    let (root, _mounted) = mount(&url);
    shows(&root, &named(&prefix, &[5, 4])).await;
    assert_eq!(value_of(&root, "#quick-search"), prefix);
    let chip = find(&root, ".chips .chip").await;
    assert!(chip.text_content().unwrap_or_default().contains(&prefix));
}

#[wasm_bindgen_test]
async fn quick_search_filters_as_you_type() {
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount("/accounts?count=25");
    find(&root, "tbody tr").await;
    type_into(&root, "#quick-search", &format!("{prefix}-0"));
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
    type_into(&root, "#quick-search", &format!("{prefix}-05"));
    shows(&root, &named(&prefix, &[5])).await;
    assert!(query().contains(&format!("name={prefix}-05")), "{}", query());
}

#[wasm_bindgen_test]
async fn advanced_criteria_with_date_and_revenue_ranges_narrow_the_list() {
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount(&format!("/accounts?name={prefix}&count=25"));
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
    let today = format::local_date(format::now_ms());

    click(&root, ".advanced > button");
    let form = find(&root, "#advanced-search").await;
    type_into(&form, "#filter-annualRevenueStart", "200");
    type_into(&form, "#filter-annualRevenueEnd", "600");
    type_into(&form, "#filter-industry", "bank");
    type_into(&form, "#filter-createdDateStart", &today);
    type_into(&form, "#filter-createdDateEnd", &today);
    click(&form, "button[type=submit]");
    shows(&root, &named(&prefix, &[2, 4, 6])).await;
    let chips = find(&root, ".chips").await.text_content().unwrap_or_default();
    assert!(chips.contains("Revenue from: 200") && chips.contains("Industry: bank"), "{chips}");

    click(&root, "button[aria-label='Remove Industry']");
    shows(&root, &named(&prefix, &[2, 3, 4, 5, 6])).await;

    let yesterday = format::local_date(format::now_ms() - 86_400_000);
    let form = find(&root, "#advanced-search").await;
    type_into(&form, "#filter-createdDateStart", "");
    type_into(&form, "#filter-createdDateEnd", &yesterday);
    click(&form, "button[type=submit]");
    find_text(&root, ".empty", "No accounts match").await;

    type_into(&form, "#filter-annualRevenueEnd", "lots");
    click(&form, "button[type=submit]");
    find_text(&root, "#filter-annualRevenueEnd-error", "Enter a whole amount.").await;
}

#[wasm_bindgen_test]
async fn clicking_a_column_sorts_ascending_then_descending() {
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount(&format!("/accounts?name={prefix}&count=25"));
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
    click(&root, "button[data-sort=industry]");
    shows(&root, &named(&prefix, &[2, 4, 6, 1, 3, 5, 7])).await;
    assert!(query().contains("sort=industry"));
    click(&root, "button[data-sort=name]");
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
    click(&root, "button[data-sort=name]");
    shows(&root, &named(&prefix, &[7, 6, 5, 4, 3, 2, 1])).await;
    let header = find(&root, "th[aria-sort=descending]").await;
    assert!(header.text_content().unwrap_or_default().contains("Name"));
}

#[wasm_bindgen_test]
async fn an_older_slower_answer_never_replaces_a_newer_one() {
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount(&format!("/accounts?name={prefix}&count=25"));
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
    add_fault(json!({"path": "/account/accounts/search", "method": "POST", "kind": "delay", "delayMs": 1500})).await;
    type_into(&root, "#quick-search", &format!("{prefix}-01"));
    sleep(Duration::from_millis(500)).await; // The slow search is on its way.
    type_into(&root, "#quick-search", &format!("{prefix}-02"));
    shows(&root, &named(&prefix, &[2])).await;
    sleep(Duration::from_millis(1800)).await; // The slow answer would have arrived by now.
    assert_eq!(names(&root), named(&prefix, &[2]));
    assert_eq!(value_of(&root, "#quick-search"), format!("{prefix}-02"));
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn export_of_all_results_equals_what_the_api_returns() {
    let (api, prefix) = seed().await;
    let request = SearchRequest {
        search: Some(SearchCriteria { name: Some(prefix.clone()), ..SearchCriteria::default() }),
        sort: None,
    };
    let seen = std::cell::RefCell::new(Vec::new());
    let exported =
        collect_all(&api, Some(&request), 3, |n| seen.borrow_mut().push(n), &Cancel::new()).await.expect("export");
    let direct = api.search_accounts(&request, PageQuery { count: 1000, offset: 0 }, None).await.expect("search");
    assert_eq!(exported, direct.accounts, "three pages of three equal one page of seven");
    assert_eq!(seen.into_inner(), [3, 6, 7], "progress after each page");
    let csv = accounts_csv(&exported);
    assert_eq!(csv.lines().count(), 8, "a header and seven rows");
    assert!(csv.lines().nth(1).is_some_and(|row| row.contains(&format!("{prefix}-01"))));

    let state = ListState::from_query([("name", prefix.as_str())]);
    let (root, _mounted) = mount(&state.href());
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
    click_text(&root, ".export button", "Export all results");
    find_text(&root, ".toast.success", "Exported 7 accounts.").await;
}

#[wasm_bindgen_test]
async fn arrow_keys_move_through_rows_and_enter_opens_one() {
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount(&format!("/accounts?name={prefix}&count=25"));
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
    let first = find(&root, "tbody tr").await.unchecked_into::<web_sys::HtmlElement>();
    first.focus().expect("focus");
    let key = |name: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(name);
        init.set_bubbles(true);
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event")
    };
    first.dispatch_event(&key("ArrowDown")).expect("dispatched");
    let focused = crate::harness::document().active_element().expect("focus moved");
    assert!(focused.text_content().unwrap_or_default().contains(&format!("{prefix}-02")));
    focused.dispatch_event(&key("Enter")).expect("dispatched");
    find(&root, "#detail").await;
}

#[wasm_bindgen_test]
async fn a_rate_limit_longer_than_the_client_waits_shows_the_wait() {
    let (_api, prefix) = seed().await;
    add_fault(json!({"path": "/account/accounts/search", "method": "POST", "kind": "rateLimit", "times": 1, "retryAfterSecs": 30})).await;
    let (root, _mounted) = mount(&format!("/accounts?name={prefix}&count=25"));
    find_text(&root, ".error-panel", "try again in 30 s").await;
    click_text(&root, ".error-panel button", "Try again");
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn coming_back_to_the_list_shows_accounts_created_meanwhile() {
    let (api, prefix) = seed().await;
    let url = format!("/accounts?name={prefix}&count=25");
    let (root, mounted) = mount(&url);
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
    drop(mounted);
    root.remove();
    api.create_account(&AccountInput { name: format!("{prefix}-08"), ..AccountInput::default() })
        .await
        .expect("created");
    let (root, _mounted) = mount(&url);
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7, 8])).await;
}

#[wasm_bindgen_test]
async fn the_slash_key_focuses_the_search_box() {
    let (root, _mounted) = mount("/accounts");
    find(&root, "#quick-search").await;
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("/");
    init.set_bubbles(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    crate::harness::document().body().expect("body").dispatch_event(&event).expect("dispatched");
    let focused = crate::harness::document().active_element().expect("something has focus");
    assert_eq!(focused.id(), "quick-search");
}
