//! The account form against the sandbox: create, duplicate number at its
//! field, edits that send only what changed and keep a colleague's change,
//! the conflict prompt, a failed save kept and resent, expiry mid-edit, the
//! draft after a reload, the leave guard, undo, a create whose answer is lost
//! (looked for before it is sent again), and an account deleted meanwhile.

use account_admin::api::ApiClient;
use account_model::{AccountInput, AccountPatch, Field, PageQuery, Patch, SearchCriteria, SearchRequest};
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::harness::{
    DETAIL_SCREEN, HELD_ANSWER_MS, LIST_SCREEN, add_fault, click, expire, find, find_text, gone, mount_at, mount_with,
    quick_config, signed_in_client, type_into, unique, value_of, wait_until,
};

/// How many accounts bear exactly this name.
async fn named(api: &ApiClient, name: &str) -> usize {
    let criteria = SearchCriteria { name: Some(name.into()), ..SearchCriteria::default() };
    let request = SearchRequest { search: Some(criteria), sort: None };
    let page = api.search_accounts(&request, PageQuery { count: 50, offset: 0 }, None).await.expect("search");
    page.accounts.iter().filter(|a| a.fields.name == name).count()
}

fn input(field: Field) -> String {
    format!("#field-{}", field.name())
}

async fn account(api: &ApiClient, rating: &str) -> (i64, String) {
    let name = unique("Form");
    let input = AccountInput {
        name: name.clone(),
        rating: Some(rating.into()),
        industry: Some("Tools".into()),
        account_number: Some(format!("{name}-N")),
        ..AccountInput::default()
    };
    (api.create_account(&input).await.expect("created").id, name)
}

async fn read(api: &ApiClient, id: i64) -> account_model::Account {
    api.read_account(id, None).await.expect("read")
}

fn path_now() -> String {
    web_sys::window().expect("window").location().pathname().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_full_account_is_created_and_opened() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let name = unique("Created");
    let (root, _mounted) = mount_at("/accounts/new");
    find(&root, &input(Field::Name)).await;
    for (field, value) in [
        (Field::Name, name.as_str()),
        (Field::AccountNumber, &format!("{name}-N")),
        (Field::Description, "Made in the form"),
        (Field::AnnualRevenue, "1,250,000"),
        (Field::NumOfEmployees, "42"),
        (Field::AgentId, "595348"),
        (Field::BillingCity, "Springfield"),
        (Field::Rating, "Hot"),
    ] {
        type_into(&root, &input(field), value);
    }
    click(&root, ".list-editor button.secondary:not(.remove-row)");
    let value = find(&root, "#custom-0-value").await;
    type_into(&root, "#custom-0-value", "custom value");
    assert_eq!(value_of(&root, "#custom-0-name"), "COL1", "the next free name is offered");
    drop(value);
    click(&root, "button[type=submit]");
    find(&root, DETAIL_SCREEN).await;
    let id: i64 = path_now().trim_start_matches("/accounts/").parse().expect("the new account's page");
    let created = read(&api, id).await;
    assert_eq!(created.fields.name, name);
    assert_eq!(created.fields.annual_revenue, Some(1_250_000));
    assert_eq!(created.fields.agent_id, Some(595_348));
    assert_eq!(created.fields.billing_address.as_ref().and_then(|a| a.city.as_deref()), Some("Springfield"));
    assert_eq!(created.list(Field::CustomFields)[0].value.as_deref(), Some("custom value"));
    find_text(&root, ".toast.success", &format!("Created {name}.")).await;
}

#[wasm_bindgen_test]
async fn a_duplicate_account_number_shows_at_that_field_and_bad_input_before_sending() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let (_, taken) = account(&api, "Warm").await;
    let (root, _mounted) = mount_at("/accounts/new");
    find(&root, &input(Field::Name)).await;
    type_into(&root, &input(Field::NumOfEmployees), "many");
    type_into(&root, &input(Field::AnnualRevenue), "3,000,000,000");
    click(&root, "button[type=submit]");
    find_text(&root, "#field-name-error", "Enter a name.").await;
    find_text(&root, "#field-numOfEmployees-error", "Enter a whole number.").await;
    find_text(&root, "#field-annualRevenue-error", "Enter a whole number of at most 2,147,483,647.").await;
    let focused = crate::harness::document().active_element().map(|e| e.id());
    wait_until(
        || format!("focus on the first bad field, not {focused:?}"),
        || (crate::harness::document().active_element().map(|e| e.id()).as_deref() == Some("field-name")).then_some(()),
    )
    .await;
    type_into(&root, &input(Field::Name), &unique("Dup"));
    gone(&root, "#field-name-error:not(:empty)").await;
    type_into(&root, &input(Field::NumOfEmployees), "5");
    type_into(&root, &input(Field::AnnualRevenue), "2,147,483,647");
    type_into(&root, &input(Field::AccountNumber), &format!("{taken}-N"));
    click(&root, "button[type=submit]");
    find_text(&root, "#field-accountNumber-error", "Another account already has this account number.").await;
    assert_eq!(value_of(&root, &input(Field::NumOfEmployees)), "5", "the form keeps what was typed");
}

#[wasm_bindgen_test]
async fn an_edit_sends_only_the_changed_field_and_keeps_a_colleagues_change() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let (id, _) = account(&api, "Warm").await;
    let (root, _mounted) = mount_at(&format!("/accounts/{id}/edit"));
    find(&root, &input(Field::Rating)).await;
    assert_eq!(value_of(&root, &input(Field::Rating)), "Warm");
    // A colleague, in another session, changes the industry meanwhile.
    let colleague = signed_in_client("superuser").await;
    let patch = AccountPatch { industry: Patch::Value("Banking".into()), ..AccountPatch::default() };
    colleague.update_account(id, &patch).await.expect("their change");
    type_into(&root, &input(Field::Rating), "Hot");
    click(&root, "button[type=submit]");
    find(&root, DETAIL_SCREEN).await;
    let saved = read(&api, id).await;
    assert_eq!(saved.fields.rating.as_deref(), Some("Hot"));
    assert_eq!(saved.fields.industry.as_deref(), Some("Banking"), "their change is kept");
    let last = saved.history.unwrap_or_default().into_iter().max_by_key(|h| h.id).expect("history");
    assert_eq!(last.descriptions.as_deref(), Some("rating: Warm → Hot"), "only the rating was sent");
}

#[wasm_bindgen_test]
async fn a_field_both_changed_meanwhile_asks_which_to_keep() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let (id, _) = account(&api, "Warm").await;
    let (root, _mounted) = mount_at(&format!("/accounts/{id}/edit"));
    find(&root, &input(Field::Rating)).await;
    let colleague = signed_in_client("superuser").await;
    let patch = AccountPatch { rating: Patch::Value("Cold".into()), ..AccountPatch::default() };
    colleague.update_account(id, &patch).await.expect("their change");
    type_into(&root, &input(Field::Rating), "Hot");
    click(&root, "button[type=submit]");
    let dialog = find_text(&root, ".conflict-dialog", "Someone changed this account meanwhile").await;
    let text = dialog.text_content().unwrap_or_default();
    assert!(text.contains("Rating") && text.contains("Theirs: Cold") && text.contains("Yours: Hot"), "{text}");
    assert_eq!(read(&api, id).await.fields.rating.as_deref(), Some("Cold"), "nothing is saved before the choice");
    click(&root, ".conflict-dialog button.save-choices");
    find(&root, DETAIL_SCREEN).await;
    assert_eq!(read(&api, id).await.fields.rating.as_deref(), Some("Hot"));
}

#[wasm_bindgen_test]
async fn a_save_that_failed_with_500_keeps_the_input_and_saving_again_lands_it_once() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let (id, _) = account(&api, "Warm").await;
    let (root, _mounted) = mount_at(&format!("/accounts/{id}/edit"));
    find(&root, &input(Field::Rating)).await;
    add_fault(json!({"path": format!("/account/accounts/{id}"), "method": "PUT", "kind": "serverError"})).await;
    type_into(&root, &input(Field::Rating), "Hot");
    // Saved from the foot of the form: the notice at its head comes into view.
    find(&root, &input(Field::ShippingCountry)).await.scroll_into_view();
    click(&root, "button[type=submit]");
    let notice = find_text(&root, ".unsure", "may or may not have landed").await;
    crate::harness::sleep_ms(100).await;
    let (rect, height) = (notice.get_bounding_client_rect(), window_height());
    assert!(rect.top() > -1.0 && rect.top() < height, "the notice is in view: top {} of {height}", rect.top());
    assert_eq!(value_of(&root, &input(Field::Rating)), "Hot");
    click(&root, "button[type=submit]");
    find(&root, DETAIL_SCREEN).await;
    assert_eq!(read(&api, id).await.fields.rating.as_deref(), Some("Hot"));
}

#[wasm_bindgen_test]
async fn a_session_that_expires_mid_edit_resumes_the_save_after_signing_in_again() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let session = api.session_untracked().expect("a session");
    let (id, _) = account(&api, "Warm").await;
    let (root, _mounted) = mount_at(&format!("/accounts/{id}/edit"));
    find(&root, &input(Field::Rating)).await;
    type_into(&root, &input(Field::Rating), "Hot");
    type_into(&root, &input(Field::Website), "www.example.org");
    expire(&session.session_id).await;
    click(&root, "button[type=submit]");
    let dialog = find(&root, "[role=dialog]").await;
    assert_eq!(value_of(&root, &input(Field::Website)), "www.example.org", "the form under the dialog keeps its input");
    type_into(&dialog, "#sign-in-password", "demo");
    type_into(&dialog, "#sign-in-access-token", "demo-token");
    click(&dialog, "button[type=submit]");
    find(&root, DETAIL_SCREEN).await;
    let fresh = signed_in_client("sysadmin").await;
    let saved = read(&fresh, id).await;
    assert_eq!(
        (saved.fields.rating.as_deref(), saved.fields.website.as_deref()),
        (Some("Hot"), Some("www.example.org"))
    );
}

#[wasm_bindgen_test]
async fn after_a_reload_the_draft_is_offered_back() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let (id, _) = account(&api, "Warm").await;
    let url = format!("/accounts/{id}/edit");
    let (root, mounted) = mount_at(&url);
    find(&root, &input(Field::Rating)).await;
    type_into(&root, &input(Field::Rating), "Hot");
    crate::harness::sleep_ms(100).await;
    drop(mounted);
    root.remove();
    let (root, _mounted) = mount_at(&url);
    find_text(&root, ".draft-offer", "not saved").await;
    assert_eq!(value_of(&root, &input(Field::Rating)), "Warm", "nothing is applied unasked");
    click(&root, ".draft-offer button:not(.secondary)");
    wait_until(|| "the draft is restored".into(), || (value_of(&root, &input(Field::Rating)) == "Hot").then_some(()))
        .await;
}

#[wasm_bindgen_test]
async fn leaving_a_form_with_changes_by_back_or_a_link_asks_first() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let (id, _) = account(&api, "Warm").await;
    let url = format!("/accounts/{id}/edit");
    let (root, _mounted) = mount_at(&url);
    find(&root, &input(Field::Rating)).await;
    type_into(&root, &input(Field::Rating), "Hot");
    crate::harness::sleep_ms(50).await;
    let history = web_sys::window().expect("window").history().expect("history");
    history.back().expect("back");
    let dialog = find_text(&root, "[role=alertdialog]", "Leave without saving?").await;
    assert_eq!(path_now(), url, "still on the form");
    let buttons: Vec<String> = (0..)
        .map_while(|i| dialog.query_selector_all("button").ok()?.item(i))
        .map(|b| b.text_content().unwrap_or_default())
        .collect();
    assert_eq!(buttons, ["Leave", "Stay"], "the choice says what each does");
    click(&root, "[role=alertdialog] button.cancel");
    gone(&root, "[role=alertdialog]").await;
    assert_eq!(value_of(&root, &input(Field::Rating)), "Hot");
    // A link in the page: its click is held too.
    let link = crate::harness::document().create_element("a").expect("a");
    link.set_attribute("href", "/accounts").expect("href");
    root.append_child(&link).expect("appended");
    link.unchecked_ref::<web_sys::HtmlElement>().click();
    find(&root, "[role=alertdialog]").await;
    assert_eq!(path_now(), url);
    click(&root, "[role=alertdialog] button.confirm");
    find(&root, LIST_SCREEN).await;
}

#[wasm_bindgen_test]
async fn undo_puts_the_previous_value_back_through_the_api() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let (id, _) = account(&api, "Warm").await;
    let (root, _mounted) = mount_at(&format!("/accounts/{id}/edit"));
    find(&root, &input(Field::Rating)).await;
    type_into(&root, &input(Field::Rating), "Hot");
    click(&root, "button[type=submit]");
    find(&root, DETAIL_SCREEN).await;
    assert_eq!(read(&api, id).await.fields.rating.as_deref(), Some("Hot"));
    let undo = find_text(&root, ".toast button.toast-action", "Undo").await;
    undo.unchecked_into::<web_sys::HtmlElement>().click();
    find_text(&root, ".toast.success", "Undone").await;
    assert_eq!(read(&api, id).await.fields.rating.as_deref(), Some("Warm"));
}

#[wasm_bindgen_test]
async fn same_as_billing_starts_unticked_and_copies_only_when_ticked() {
    crate::harness::begin().await;
    let _api = signed_in_client("sysadmin").await;
    let (root, _mounted) = mount_at("/accounts/new");
    let same = find(&root, "#same-as-billing").await.unchecked_into::<web_sys::HtmlInputElement>();
    assert!(!same.checked(), "copying the billing address is a choice, not a default");
    type_into(&root, &input(Field::BillingCity), "Lyon");
    assert_eq!(value_of(&root, &input(Field::ShippingCity)), "", "nothing is copied unasked");
    assert!(!same.checked());
    same.click();
    wait_until(|| "ticking copies".into(), || (value_of(&root, &input(Field::ShippingCity)) == "Lyon").then_some(()))
        .await;
    assert!(same.checked());
    type_into(&root, &input(Field::BillingStreet), "1 Rue Haute");
    let follows = || (value_of(&root, &input(Field::ShippingStreet)) == "1 Rue Haute").then_some(());
    wait_until(|| "while ticked, shipping follows billing".into(), follows).await;
    type_into(&root, &input(Field::ShippingCity), "Nice");
    wait_until(|| "a shipping edit unticks it".into(), || (!same.checked()).then_some(())).await;
    type_into(&root, &input(Field::BillingCity), "Paris");
    crate::harness::sleep_ms(100).await;
    assert_eq!(value_of(&root, &input(Field::ShippingCity)), "Nice", "unticked, nothing is copied over it");
}

#[wasm_bindgen_test]
async fn unticking_same_as_billing_puts_back_the_shipping_address_it_replaced() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let place =
        |city: &str| Some(account_model::Address { city: Some(city.into()), ..account_model::Address::default() });
    let created = AccountInput {
        name: unique("TwoPlaces"),
        billing_address: place("Lyon"),
        shipping_address: place("Austin"),
        ..AccountInput::default()
    };
    let id = api.create_account(&created).await.expect("created").id;
    let (root, _mounted) = mount_at(&format!("/accounts/{id}/edit"));
    find(&root, &input(Field::ShippingCity)).await;
    click(&root, "#same-as-billing");
    wait_until(|| "copied".into(), || (value_of(&root, &input(Field::ShippingCity)) == "Lyon").then_some(())).await;
    click(&root, "#same-as-billing");
    wait_until(|| "put back".into(), || (value_of(&root, &input(Field::ShippingCity)) == "Austin").then_some(())).await;
    click(&root, "button[type=submit]");
    find(&root, DETAIL_SCREEN).await;
    let stored = read(&api, id).await.fields;
    assert_eq!(stored.shipping_address.and_then(|a| a.city).as_deref(), Some("Austin"), "the shipping city is kept");
}

#[wasm_bindgen_test]
async fn editing_the_billing_address_of_an_account_whose_addresses_match_leaves_the_shipping_one_alone() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let same_place = account_model::Address { city: Some("Zürich".into()), ..account_model::Address::default() };
    let created = AccountInput {
        name: unique("SameAddress"),
        billing_address: Some(same_place.clone()),
        shipping_address: Some(same_place),
        ..AccountInput::default()
    };
    let id = api.create_account(&created).await.expect("created").id;
    let (root, _mounted) = mount_at(&format!("/accounts/{id}/edit"));
    find(&root, &input(Field::BillingCity)).await;
    let same = find(&root, "#same-as-billing").await.unchecked_into::<web_sys::HtmlInputElement>();
    assert!(!same.checked(), "equal addresses are no choice to copy");
    type_into(&root, &input(Field::BillingCity), "Genève");
    crate::harness::sleep_ms(100).await;
    assert_eq!(value_of(&root, &input(Field::ShippingCity)), "Zürich", "nothing is copied unasked");
    click(&root, "button[type=submit]");
    find(&root, DETAIL_SCREEN).await;
    let stored = read(&api, id).await.fields;
    assert_eq!(stored.billing_address.and_then(|a| a.city).as_deref(), Some("Genève"));
    assert_eq!(stored.shipping_address.and_then(|a| a.city).as_deref(), Some("Zürich"), "the shipping city is kept");
}

#[wasm_bindgen_test]
async fn after_a_create_without_a_number_whose_answer_was_lost_create_account_shows_the_match_and_only_create_another_sends_again()
 {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let name = unique("Lookalike");
    let (root, _mounted) = mount_with(quick_config(), "/accounts/new");
    find(&root, &input(Field::Name)).await;
    add_fault(json!({"path": "/account/accounts", "method": "POST", "kind": "slowAnswer", "delayMs": HELD_ANSWER_MS}))
        .await;
    type_into(&root, &input(Field::Name), &name);
    type_into(&root, &input(Field::Industry), "Anvils");
    click(&root, "button[type=submit]");
    find_text(&root, ".unsure", "may or may not have been created").await;

    // The main button looks for the account as it was sent and shows it,
    // though a field was filled since.
    type_into(&root, &input(Field::Description), "Filled in after");
    click(&root, "button[type=submit]");
    let found = find_text(&root, ".lookalikes", &name).await;
    let link = find(&found, "a").await;
    assert!(link.get_attribute("href").unwrap_or_default().starts_with("/accounts/"), "a way to open it");
    assert_eq!(named(&api, &name).await, 1, "nothing was sent again");
    assert_eq!(value_of(&root, &input(Field::Industry)), "Anvils", "the form keeps what was typed");

    // Sending again is an explicit choice.
    click(&root, ".lookalikes button.create-another");
    find(&root, DETAIL_SCREEN).await;
    assert_eq!(named(&api, &name).await, 2);
}

#[wasm_bindgen_test]
async fn after_a_create_whose_answer_was_lost_what_was_changed_since_is_written_to_the_account_found_by_its_number() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let name = unique("Changed since");
    let (root, _mounted) = mount_with(quick_config(), "/accounts/new");
    find(&root, &input(Field::Name)).await;
    add_fault(json!({"path": "/account/accounts", "method": "POST", "kind": "slowAnswer", "delayMs": HELD_ANSWER_MS, "times": 1}))
        .await;
    type_into(&root, &input(Field::Name), &name);
    type_into(&root, &input(Field::AccountNumber), &name);
    type_into(&root, &input(Field::Industry), "Anvils");
    click(&root, "button[type=submit]");
    find_text(&root, ".unsure", "may or may not have been created").await;
    type_into(&root, &input(Field::Industry), "Hammers");
    click(&root, "button[type=submit]");
    find(&root, DETAIL_SCREEN).await;
    find_text(&root, ".toasts", "was created after all, and your changes since are saved.").await;
    assert_eq!(named(&api, &name).await, 1, "created once");
    let request = SearchRequest {
        search: Some(SearchCriteria { name: Some(name.clone()), ..SearchCriteria::default() }),
        sort: None,
    };
    let page = api.search_accounts(&request, PageQuery { count: 5, offset: 0 }, None).await.expect("search");
    assert_eq!(page.accounts[0].fields.industry.as_deref(), Some("Hammers"), "the change since landed");
}

#[wasm_bindgen_test]
async fn saving_an_edit_of_an_account_deleted_meanwhile_says_so_keeps_the_input_and_offers_to_create_it_again() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let (id, name) = account(&api, "Warm").await;
    let (root, _mounted) = mount_at(&format!("/accounts/{id}/edit"));
    find(&root, &input(Field::Rating)).await;
    api.delete_account(id).await.expect("deleted by someone else");
    type_into(&root, &input(Field::Rating), "Hot");
    click(&root, "button[type=submit]");
    let said = find_text(&root, ".deleted-meanwhile", "deleted by someone else").await;
    assert!(!root.text_content().unwrap_or_default().contains("No Record Found"));
    assert_eq!(value_of(&root, &input(Field::Rating)), "Hot", "the input is kept");
    find(&said, "button.copy-typed").await;

    click(&said, "button.create-again");
    find_text(&root, "h1", "New account").await;
    assert_eq!(path_now(), "/accounts/new");
    gone(&root, ".deleted-meanwhile").await;
    wait_until(
        || "the new form holds what was typed".into(),
        || {
            (value_of(&root, &input(Field::Name)) == name && value_of(&root, &input(Field::Rating)) == "Hot")
                .then_some(())
        },
    )
    .await;
    assert_eq!(value_of(&root, &input(Field::Industry)), "Tools");
    assert_eq!(value_of(&root, &input(Field::AccountNumber)), format!("{name}-N"));
}

#[wasm_bindgen_test]
async fn the_edit_page_of_a_deleted_account_says_it_was_deleted_without_a_try_again_that_cannot_help() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let (id, _) = account(&api, "Warm").await;
    api.delete_account(id).await.expect("deleted");
    let (root, _mounted) = mount_at(&format!("/accounts/{id}/edit"));
    let gone_panel = find_text(&root, ".error-panel", "This account no longer exists: it has been deleted").await;
    let said = gone_panel.text_content().unwrap_or_default();
    assert!(!said.contains("No Record Found"), "{said}");
    assert!(!root.text_content().unwrap_or_default().contains("Try again"), "no Try again");
}

fn window_height() -> f64 {
    web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).unwrap_or_default()
}
