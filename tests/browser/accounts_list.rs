//! The account list against the sandbox: paging, page size, URL restore,
//! quick and advanced search, sort, stale answers; its export is in
//! `accounts_list_export.rs`.

use std::time::Duration;

use account_admin::{api::ApiClient, domain::format, platform::timer::sleep};
use account_model::{AccountInput, FieldValue};
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

use crate::harness::{
    DETAIL_SCREEN, Modifier, add_fault, clear_faults, click, find, find_text, mount_at, press, signed_in_client,
    type_into, unique, value_of,
};

/// Seven accounts whose names start with a fresh prefix: `{prefix}-01` ... `-07`,
/// revenues 100 ... 700, industries alternating.
pub(crate) async fn seed() -> (ApiClient, String) {
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

fn names(root: &Element) -> Vec<String> {
    let cells = root.query_selector_all("tbody tr td.name").expect("cells");
    (0..cells.length()).filter_map(|i| cells.item(i)).map(|c| c.text_content().unwrap_or_default()).collect()
}

/// Waits (up to 8 s) until the table shows exactly `expected`, in order.
pub(crate) async fn shows(root: &Element, expected: &[String]) {
    for _ in 0..400 {
        if names(root) == expected && root.query_selector(".results.stale").ok().flatten().is_none() {
            return;
        }
        sleep(Duration::from_millis(20)).await;
    }
    panic!("the table shows {:?}, not {expected:?}", names(root));
}

pub(crate) fn named(prefix: &str, numbers: &[u32]) -> Vec<String> {
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

pub(crate) fn click_text(root: &Element, selector: &str, text: &str) {
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
    crate::harness::begin().await;
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=3"));
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
    crate::harness::begin().await;
    let (_api, prefix) = seed().await;
    let url = format!("/accounts?name={prefix}&sort=annualRevenue&dir=desc&count=2&offset=2");
    let (root, mounted) = mount_at(&url);
    shows(&root, &named(&prefix, &[5, 4])).await;
    drop(mounted);
    root.remove();

    let (root, _mounted) = mount_at(&url);
    shows(&root, &named(&prefix, &[5, 4])).await;
    assert_eq!(value_of(&root, "#quick-search"), prefix);
    let chip = find(&root, ".chips .chip").await;
    assert!(chip.text_content().unwrap_or_default().contains(&prefix));
}

#[wasm_bindgen_test]
async fn quick_search_filters_as_you_type() {
    crate::harness::begin().await;
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount_at("/accounts?count=25");
    find(&root, "tbody tr").await;
    type_into(&root, "#quick-search", &format!("{prefix}-0"));
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
    type_into(&root, "#quick-search", &format!("{prefix}-05"));
    shows(&root, &named(&prefix, &[5])).await;
    assert!(query().contains(&format!("name={prefix}-05")), "{}", query());
}

#[wasm_bindgen_test]
async fn advanced_criteria_with_date_and_revenue_ranges_narrow_the_list() {
    crate::harness::begin().await;
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=25"));
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
    assert!(chips.contains("Annual revenue from: 200") && chips.contains("Industry: bank"), "{chips}");
    crate::harness::gone(&root, "#advanced-search").await;
    crate::harness::wait_until(
        || "the panel closes to its chips and focus goes to the results".into(),
        || {
            (crate::harness::document().active_element().map(|e| e.id()).as_deref() == Some("results-summary"))
                .then_some(())
        },
    )
    .await;

    click(&root, "button[aria-label='Remove Industry']");
    shows(&root, &named(&prefix, &[2, 3, 4, 5, 6])).await;

    let yesterday = format::local_date(format::now_ms() - 86_400_000);
    click(&root, ".advanced > button");
    let form = find(&root, "#advanced-search").await;
    type_into(&form, "#filter-createdDateStart", "");
    type_into(&form, "#filter-createdDateEnd", &yesterday);
    click(&form, "button[type=submit]");
    find_text(&root, ".empty", "No accounts match").await;

    click(&root, ".advanced > button");
    let form = find(&root, "#advanced-search").await;
    type_into(&form, "#filter-annualRevenueEnd", "lots");
    click(&form, "button[type=submit]");
    find_text(&root, "#filter-annualRevenueEnd-error", "Enter a whole amount.").await;
}

#[wasm_bindgen_test]
async fn clicking_a_column_sorts_ascending_then_descending() {
    crate::harness::begin().await;
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=25"));
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
    crate::harness::begin().await;
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=25"));
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
async fn arrow_keys_move_between_the_rows_links_and_a_link_opens_its_account() {
    crate::harness::begin().await;
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=25"));
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
    assert!(root.query_selector("tbody tr[tabindex]").expect("query").is_none(), "rows are no Tab stops");
    let first = find(&root, "tbody tr td.name a").await.unchecked_into::<web_sys::HtmlElement>();
    first.focus().expect("focus");
    press(&first, "ArrowDown", Modifier::None);
    let focused = crate::harness::document().active_element().expect("focus moved");
    assert_eq!(focused.tag_name(), "A");
    assert!(focused.text_content().unwrap_or_default().contains(&format!("{prefix}-02")));
    press(&focused, "ArrowUp", Modifier::None);
    let back = crate::harness::document().active_element().expect("focus moved");
    assert!(back.text_content().unwrap_or_default().contains(&format!("{prefix}-01")));
    // Enter on a focused link is the browser's own click; the link leads to the account.
    let id = back.closest("tr").ok().flatten().and_then(|row| row.get_attribute("data-id")).expect("the row's id");
    assert_eq!(back.get_attribute("href"), Some(format!("/accounts/{id}")));
}

#[wasm_bindgen_test]
async fn a_rate_limit_longer_than_the_client_waits_shows_the_wait() {
    crate::harness::begin().await;
    let (_api, prefix) = seed().await;
    add_fault(json!({"path": "/account/accounts/search", "method": "POST", "kind": "rateLimit", "times": 1, "retryAfterSecs": 30})).await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=25"));
    find_text(&root, ".error-panel", "try again in 30 s").await;
    click_text(&root, ".error-panel button", "Try again");
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn coming_back_to_the_list_shows_accounts_created_meanwhile() {
    crate::harness::begin().await;
    let (api, prefix) = seed().await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=25"));
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
    // To the first account, as its link leads, and back by the browser's Back.
    let first = find(&root, "tbody tr[data-id]").await.get_attribute("data-id").expect("the row's id");
    crate::harness::go_to(&format!("/accounts/{first}"));
    find(&root, DETAIL_SCREEN).await;
    api.create_account(&AccountInput { name: format!("{prefix}-08"), ..AccountInput::default() })
        .await
        .expect("created");
    web_sys::window().expect("window").history().expect("history").back().expect("back");
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7, 8])).await;
}

#[wasm_bindgen_test]
async fn the_slash_key_focuses_the_search_box() {
    crate::harness::begin().await;
    let (root, _mounted) = mount_at("/accounts");
    find(&root, "#quick-search").await;
    press(&crate::harness::document().body().expect("body"), "/", Modifier::None);
    let focused = crate::harness::document().active_element().expect("something has focus");
    assert_eq!(focused.id(), "quick-search");
}

#[wasm_bindgen_test]
async fn a_ctrl_click_on_a_row_link_is_left_to_the_browser_to_open_a_new_tab() {
    crate::harness::begin().await;
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=25"));
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
    // Runs after the console's listeners: notes whether one of them took the
    // click, then stops the browser from really opening a tab.
    js_sys::eval(
        "window.__taken = null; window.addEventListener('click', e => { window.__taken = e.defaultPrevented; e.preventDefault(); }, { once: true });",
    )
    .expect("listener");
    let link = find(&root, "tbody tr td.name a").await;
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_ctrl_key(true);
    let click = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).expect("event");
    link.dispatch_event(&click).expect("dispatched");
    assert_eq!(js_sys::eval("window.__taken").expect("read").as_bool(), Some(false), "nothing prevented the default");
    sleep(Duration::from_millis(100)).await;
    assert!(root.query_selector(DETAIL_SCREEN).expect("query").is_none(), "this tab stays on the list");
}

#[wasm_bindgen_test]
async fn clicking_a_row_outside_its_link_opens_the_account() {
    crate::harness::begin().await;
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=25"));
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
    click(&root, "tbody tr:nth-child(3) td:nth-child(3)");
    find(&root, DETAIL_SCREEN).await;
}

#[wasm_bindgen_test]
async fn an_offset_past_the_end_says_so_and_offers_the_first_page() {
    crate::harness::begin().await;
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=5&offset=40"));
    let empty = find_text(&root, ".empty", "no accounts past number 40").await;
    assert!(!empty.text_content().unwrap_or_default().contains("No accounts yet"));
    click_text(&root, ".empty button", "Go to the first page");
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5])).await;
}

#[wasm_bindgen_test]
async fn the_quick_search_and_the_advanced_name_are_one_criterion() {
    crate::harness::begin().await;
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount_at("/accounts?count=25");
    find(&root, "tbody tr").await;
    type_into(&root, "#quick-search", &prefix);
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
    click(&root, ".advanced > button");
    let form = find(&root, "#advanced-search").await;
    assert_eq!(value_of(&form, "#filter-name"), prefix, "the panel's Name shows the quick search");
    type_into(&form, "#filter-industry", "bank");
    click(&form, "button[type=submit]");
    shows(&root, &named(&prefix, &[2, 4, 6])).await;
    assert!(query().contains(&format!("name={prefix}")), "the name stays: {}", query());
    assert_eq!(value_of(&root, "#quick-search"), prefix);
}

#[wasm_bindgen_test]
async fn a_bad_value_in_the_address_names_the_parameter_and_offers_a_reset() {
    crate::harness::begin().await;
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=lots"));
    find_text(&root, ".url-problems", "count").await;
    click_text(&root, ".url-problems button", "Use the defaults");
    crate::harness::gone(&root, ".url-problems").await;
    assert!(!query().contains("count"), "{}", query());
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
}

#[wasm_bindgen_test]
async fn a_half_typed_date_is_left_to_the_browser_and_read_on_search() {
    crate::harness::begin().await;
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=25"));
    shows(&root, &named(&prefix, &[1, 2, 3, 4, 5, 6, 7])).await;
    click(&root, ".advanced > button");
    let form = find(&root, "#advanced-search").await;
    // Any write of the console into the date input (which would reset the
    // browser's half-typed day, month and year) is noted.
    js_sys::eval(
        "window.__rewrites = 0; const input = document.getElementById('filter-createdDateStart'); \
         const own = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value'); \
         Object.defineProperty(input, 'value', { get() { return own.get.call(this); }, \
           set(v) { window.__rewrites++; own.set.call(this, v); }, configurable: true });",
    )
    .expect("spy");
    let input = form.query_selector("#filter-createdDateStart").ok().flatten().expect("the date input");
    for _ in 0..3 {
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        input.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).expect("event")).expect("sent");
    }
    sleep(Duration::from_millis(100)).await;
    assert_eq!(js_sys::eval("window.__rewrites").expect("read").as_f64(), Some(0.0), "the console never rewrote it");
}

#[wasm_bindgen_test]
async fn clear_all_empties_the_panel_and_the_criteria_and_leaves_the_panel_open() {
    crate::harness::begin().await;
    let (_api, prefix) = seed().await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&industry=bank&COL5=x&count=25"));
    find(&root, ".chips .chip").await;
    click(&root, ".advanced > button");
    let form = find(&root, "#advanced-search").await;
    assert_eq!(value_of(&form, "#filter-industry"), "bank");
    assert_eq!(value_of(&form, ".custom-criteria input[name=COL5]"), "x", "the custom criterion is in its row");
    click_text(&form, ".form-actions button", "Clear all");
    crate::harness::wait_until(
        || format!("the criteria leave the address: {}", query()),
        || (!query().contains("industry") && !query().contains("name=") && !query().contains("COL5")).then_some(()),
    )
    .await;
    crate::harness::gone(&root, ".chips .chip").await;
    sleep(Duration::from_millis(100)).await;
    let form = root.query_selector("#advanced-search").ok().flatten().expect("the panel stays open");
    assert_eq!(value_of(&form, "#filter-industry"), "");
    assert_eq!(value_of(&form, "#filter-name"), "");
    assert_eq!(value_of(&root, "#quick-search"), "");
    assert_eq!(value_of(&form, ".custom-criteria input"), "", "one empty custom row");
    let toggle = root.query_selector(".advanced > button").ok().flatten().expect("the toggle");
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn a_formatted_phone_number_and_custom_fields_find_their_accounts_and_come_back_on_reload_and_back() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let prefix = unique("P");
    let custom = |pairs: &[(&str, &str)]| {
        Some(pairs.iter().map(|(f, v)| FieldValue { field: (*f).into(), value: Some((*v).into()) }).collect())
    };
    let rows = vec![
        AccountInput {
            name: format!("{prefix}-01"),
            phone_office: Some("+16505550199".into()),
            custom_fields: custom(&[("COL5", "Gold member"), ("COL12", "x")]),
            ..AccountInput::default()
        },
        AccountInput {
            name: format!("{prefix}-02"),
            phone_office: Some("650 555 0100".into()),
            custom_fields: custom(&[("COL5", "Silver member"), ("COL12", "x")]),
            ..AccountInput::default()
        },
        AccountInput {
            name: format!("{prefix}-03"),
            custom_fields: custom(&[("COL5", "silver member")]),
            ..AccountInput::default()
        },
    ];
    assert_eq!(api.bulk_create_accounts(&rows).await.expect("seeded").success_count, 3);
    let (root, mounted) = mount_at(&format!("/accounts?name={prefix}&count=25"));
    shows(&root, &named(&prefix, &[1, 2, 3])).await;

    click(&root, ".advanced > button");
    let form = find(&root, "#advanced-search").await;
    let phone = form.query_selector("#filter-phoneOffice").ok().flatten().expect("the phone input");
    assert_eq!(phone.get_attribute("type").as_deref(), Some("tel"));
    type_into(&form, "#filter-phoneOffice", "(650) 555-0199");
    click(&form, "button[type=submit]");
    shows(&root, &named(&prefix, &[1])).await;
    find_text(&root, ".chips", "Office phone: (650) 555-0199").await;
    click(&root, "button[aria-label='Remove Office phone']");
    shows(&root, &named(&prefix, &[1, 2, 3])).await;

    // COL5 contains "silver" and COL12 contains "x": only line 2 has both.
    click(&root, ".advanced > button");
    let form = find(&root, "#advanced-search").await;
    choose(&form, ".custom-criteria select", "5");
    find(&form, ".custom-criteria input[name=COL5]").await;
    type_into(&form, ".custom-criteria input[name=COL5]", "SILVER");
    click_text(&form, ".custom-criteria button", "Add a custom field");
    let second = find(&form, ".custom-criteria .list-row:nth-of-type(2) select").await;
    assert_eq!(second.unchecked_ref::<web_sys::HtmlSelectElement>().value(), "1", "a field not listed yet");
    choose(&form, ".custom-criteria .list-row:nth-of-type(2) select", "12");
    find(&form, ".custom-criteria input[name=COL12]").await;
    type_into(&form, ".custom-criteria input[name=COL12]", "x");
    click(&form, "button[type=submit]");
    shows(&root, &named(&prefix, &[2])).await;
    assert!(query().contains("COL5=SILVER") && query().contains("COL12=x"), "{}", query());
    let chips = find(&root, ".chips").await.text_content().unwrap_or_default();
    assert!(chips.contains("COL5: SILVER") && chips.contains("COL12: x"), "{chips}");

    // A reload restores the criteria, in the chips and in the panel.
    let url = format!("/accounts{}", query());
    drop(mounted);
    root.remove();
    let (root, _mounted) = mount_at(&url);
    shows(&root, &named(&prefix, &[2])).await;
    click(&root, ".advanced > button");
    let form = find(&root, "#advanced-search").await;
    assert_eq!(value_of(&form, ".custom-criteria input[name=COL5]"), "SILVER");
    assert_eq!(value_of(&form, ".custom-criteria input[name=COL12]"), "x");
    // Removing a row of the panel leaves the search alone until Search.
    click(&form, "button[aria-label='Remove the COL12 row']");
    crate::harness::gone(&form, ".custom-criteria input[name=COL12]").await;
    assert!(query().contains("COL12=x"), "{}", query());

    // Removing one chip widens the search; Back brings it back.
    click(&root, ".chips button[aria-label='Remove COL12']");
    shows(&root, &named(&prefix, &[2, 3])).await;
    web_sys::window().expect("window").history().expect("history").back().expect("back");
    shows(&root, &named(&prefix, &[2])).await;
}
