//! Bulk actions on selected accounts and saved searches, against the
//! sandbox, on accounts each test creates under its own prefix. Exporting
//! the selection: `bulk_export.rs`.

use account_admin::api::{ApiClient, categories::CategoryKind};
use account_model::{AccountInput, Category, PageQuery, SearchCriteria, SearchRequest};
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlElement};

use crate::harness::{
    HELD_ANSWER_MS, add_fault, click, document, find, find_text, gone, mount_at, mount_with, quick_config,
    signed_in_client, type_into, unique, wait_until,
};

/// `n` accounts named `{prefix}-01`.., with their ids in name order.
pub(crate) async fn seed(n: usize) -> (ApiClient, String, Vec<i64>) {
    seed_with(n, |_, _| {}).await
}

/// `n` accounts named `{prefix}-01`.., each given its fields by `fill`
/// (called with its number from 1), with their ids in name order.
pub(crate) async fn seed_with(n: usize, fill: impl Fn(usize, &mut AccountInput)) -> (ApiClient, String, Vec<i64>) {
    let api = signed_in_client("sysadmin").await;
    let prefix = unique("B");
    let rows: Vec<AccountInput> = (1..=n)
        .map(|i| {
            let mut row = AccountInput { name: format!("{prefix}-{i:02}"), ..AccountInput::default() };
            fill(i, &mut row);
            row
        })
        .collect();
    assert_eq!(api.bulk_create_accounts(&rows).await.expect("seeded").success_count, n as i64);
    let ids = mine(&api, &prefix).await.into_iter().map(|a| a.id).collect();
    (api, prefix, ids)
}

pub(crate) async fn mine(api: &ApiClient, prefix: &str) -> Vec<account_model::Account> {
    let request = SearchRequest {
        search: Some(SearchCriteria { name: Some(prefix.into()), ..SearchCriteria::default() }),
        sort: None,
    };
    api.search_accounts(&request, PageQuery { count: 1000, offset: 0 }, None).await.expect("search").accounts
}

fn rows(root: &Element) -> usize {
    root.query_selector_all("tbody tr[data-id]").map(|l| l.length() as usize).unwrap_or(0)
}

pub(crate) async fn shows(root: &Element, n: usize) {
    wait_until(|| format!("the table shows {n} rows, not {}", rows(root)), || (rows(root) == n).then_some(())).await;
}

fn choose(root: &Element, selector: &str, value: &str) {
    let select = root.query_selector(selector).ok().flatten().expect("a select");
    select.unchecked_ref::<web_sys::HtmlSelectElement>().set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).expect("event")).expect("sent");
}

pub(crate) async fn categories(api: &ApiClient, kind: CategoryKind) -> Vec<Category> {
    let listed = api.list_categories(kind).await.expect("listed");
    assert!(listed.len() >= 3, "the demo data has a few");
    listed
}

/// Sets `field` to `value` through the bar, answering the confirmation,
/// which must ask `question`.
pub(crate) async fn set_through_the_bar(root: &Element, field: &str, value: &str, question: &str) {
    choose(root, "#bulk-field", field);
    if field == "classificationId" || field == "typeId" {
        find(root, &format!("select#bulk-value option[value='{value}']")).await;
        choose(root, "#bulk-value", value);
    } else {
        find(root, "input#bulk-value").await;
        type_into(root, "#bulk-value", value);
    }
    let apply = ".bulk-set button[type=submit]";
    wait_until(|| "Apply takes the value".into(), || (!disabled(root, apply)).then_some(())).await;
    click(root, apply);
    find_text(root, "[role=alertdialog]", question).await;
    click(root, "[role=alertdialog] button.confirm");
    gone(root, "[role=alertdialog]").await;
}

/// From now on, every call but a GET is recorded with its body: see [`sent`].
fn record_writes() {
    js_sys::eval(
        "window.__sent = []; if (!window.__fetchPatched) { window.__fetchPatched = true; \
         const fetch = window.fetch; \
         window.fetch = function (input, init) { \
           const method = (init && init.method) || (input instanceof Request ? input.method : 'GET'); \
           if (method !== 'GET') { \
             const entry = { method, url: input instanceof Request ? input.url : String(input), body: '' }; \
             window.__sent.push(entry); \
             if (input instanceof Request) { input.clone().text().then(t => { entry.body = t; }); } \
           } \
           return fetch.apply(this, arguments); }; }",
    )
    .expect("patched");
}

/// The writes sent since [`record_writes`] (searches, sent by POST, left
/// out): method, URL and body.
async fn sent() -> Vec<(String, String, serde_json::Value)> {
    crate::harness::sleep_ms(100).await; // The bodies are read asynchronously.
    let text = js_sys::eval("JSON.stringify(window.__sent)").expect("read").as_string().expect("text");
    let list: Vec<serde_json::Value> = serde_json::from_str(&text).expect("JSON");
    list.into_iter()
        .filter(|entry| !entry["url"].as_str().unwrap_or_default().contains("/accounts/search"))
        .map(|entry| {
            let text = |key: &str| entry[key].as_str().unwrap_or_default().to_string();
            let body = serde_json::from_str(&text("body")).unwrap_or(serde_json::Value::Null);
            (text("method"), text("url"), body)
        })
        .collect()
}

fn submit(root: &Element, selector: &str) {
    let form = root.query_selector(selector).ok().flatten().expect("a form");
    form.unchecked_into::<web_sys::HtmlFormElement>().request_submit().expect("submitted");
}

fn disabled(root: &Element, selector: &str) -> bool {
    let button = root.query_selector(selector).ok().flatten().unwrap_or_else(|| panic!("no {selector}"));
    button.unchecked_into::<web_sys::HtmlButtonElement>().disabled()
}

#[wasm_bindgen_test]
async fn setting_a_classification_on_thirty_reports_the_one_failure_and_retrying_completes_it() {
    crate::harness::begin().await;
    let (api, prefix, ids) = seed(30).await;
    let classification =
        api.list_categories(account_admin::api::categories::CategoryKind::Classification).await.expect("listed")[0]
            .clone();
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=50"));
    shows(&root, 30).await;
    click(&root, "input.select-page");
    find_text(&root, ".selection-count", "30 selected").await;
    find(&root, "#bulk-field").await;
    add_fault(json!({"path": format!("/account/accounts/{}", ids[7]), "method": "PUT", "kind": "serverError"})).await;
    let question = format!("Set Classification to {} on 30 accounts?", classification.name);
    set_through_the_bar(&root, "classificationId", &classification.id.to_string(), &question).await;
    find_text(&root, ".bulk-summary", "done for 29 of 30 accounts. 1 failed.").await;
    find_text(&root, ".bulk-failures", &format!("{prefix}-08")).await;
    click(&root, ".retry-failed");
    find_text(&root, ".bulk-summary", "done for 1 of 1 account.").await;
    let all = mine(&api, &prefix).await;
    assert_eq!(all.len(), 30, "the thirty accounts are found");
    assert!(all.iter().all(|a| a.fields.classification_id == Some(classification.id)), "every account has it");
}

#[wasm_bindgen_test]
async fn deleting_selected_accounts_asks_with_the_count_and_they_leave_the_list() {
    crate::harness::begin().await;
    let (api, prefix, _) = seed(5).await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=50"));
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
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=50"));
    shows(&root, 12).await;
    click(&root, "input.select-page");
    find(&root, "#bulk-field").await;
    set_through_the_bar(&root, "agentId", "595348", "Set Agent ID to 595348 on 12 accounts?").await;
    find(&root, ".runner-progress").await;
    click(&root, ".runner-progress button");
    let summary = find_text(&root, ".bulk-summary", "not sent (stopped)").await;
    let said = summary.text_content().unwrap_or_default();
    let changed = mine(&api, &prefix).await.into_iter().filter(|a| a.fields.agent_id == Some(595_348)).count();
    assert!(changed < 12, "some were never sent: {said}");
    assert!(said.contains(&format!("done for {changed} of 12")), "the report matches the API: {said}");
}

#[wasm_bindgen_test]
async fn no_path_through_the_bulk_bar_sends_a_null_the_user_did_not_choose() {
    crate::harness::begin().await;
    let (api, prefix, ids) = seed_with(3, |i, row| {
        row.agent_id = (i == 1).then_some(595_348);
        row.campaign_id = Some(format!("C-{i}"));
    })
    .await;
    let classification = categories(&api, CategoryKind::Classification).await.remove(1);
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=50"));
    shows(&root, 3).await;
    record_writes();
    click(&root, "input.select-page");
    find(&root, "#bulk-field").await;
    // Nothing is chosen: Apply waits and says why; submitting anyway (Enter)
    // sends nothing, for every field.
    for (field, why) in [
        ("classificationId", "Choose a classification to set, or clear it."),
        ("typeId", "Choose a type to set, or clear it."),
        ("agentId", "Enter an agent ID to set, or clear it."),
        ("agentTeamId", "Enter an agent team ID to set, or clear it."),
        ("campaignId", "Enter a campaign ID to set, or clear it."),
    ] {
        choose(&root, "#bulk-field", field);
        find_text(&root, "#bulk-set-why", why).await;
        assert!(disabled(&root, ".bulk-set button[type=submit]"), "Apply waits for a value of {field}");
        submit(&root, ".bulk-set");
        find_text(&root, ".bulk-actions .form-error", why).await;
        assert!(root.query_selector("[role=alertdialog]").expect("query").is_none(), "nothing is asked");
    }
    // Clearing asks first; Cancel sends nothing.
    find_text(&root, ".bulk-clear", "Clear Campaign ID").await;
    click(&root, ".bulk-clear");
    find_text(&root, "[role=alertdialog]", "Clear Campaign ID on 3 accounts?").await;
    click(&root, "[role=alertdialog] button.cancel");
    gone(&root, "[role=alertdialog]").await;
    // A value typed and then removed is no value.
    choose(&root, "#bulk-field", "agentId");
    find(&root, "input#bulk-value").await;
    type_into(&root, "#bulk-value", "595348");
    let apply = ".bulk-set button[type=submit]";
    wait_until(|| "Apply takes the value".into(), || (!disabled(&root, apply)).then_some(())).await;
    type_into(&root, "#bulk-value", " ");
    wait_until(|| "a blank value is no value".into(), || disabled(&root, apply).then_some(())).await;
    assert!(sent().await.is_empty(), "nothing was sent: {:?}", sent().await);

    // A value, chosen and confirmed: exactly that field, no null.
    let question = format!("Set Classification to {} on 3 accounts?", classification.name);
    set_through_the_bar(&root, "classificationId", &classification.id.to_string(), &question).await;
    find_text(&root, ".bulk-summary", "done for 3 of 3 accounts.").await;
    let writes = sent().await;
    assert_eq!(writes.len(), 3, "one write per account: {writes:?}");
    for (method, _, body) in &writes {
        assert_eq!((method.as_str(), body), ("PUT", &json!({"classificationId": classification.id})));
    }
    // Clearing, chosen and confirmed: the one null the user chose.
    choose(&root, "#bulk-field", "campaignId");
    click(&root, ".bulk-clear");
    find_text(&root, "[role=alertdialog]", "Clear Campaign ID on 3 accounts?").await;
    click(&root, "[role=alertdialog] button.confirm");
    find_text(&root, ".bulk-summary", "Clear Campaign ID: done for 3 of 3 accounts.").await;
    let nulls: Vec<_> = sent().await.into_iter().filter(|(_, _, body)| body.to_string().contains("null")).collect();
    assert_eq!(nulls.len(), 3, "{nulls:?}");
    assert!(nulls.iter().all(|(_, _, body)| *body == json!({"campaignId": null})), "{nulls:?}");
    let accounts = mine(&api, &prefix).await;
    assert_eq!(accounts.len(), 3, "the three accounts are found");
    for account in accounts {
        assert_eq!(account.fields.classification_id, Some(classification.id));
        assert_eq!(account.fields.campaign_id, None);
        let agent = (account.id == ids[0]).then_some(595_348);
        assert_eq!(account.fields.agent_id, agent, "the agent was never touched");
    }
}

#[wasm_bindgen_test]
async fn a_bulk_set_is_undone_where_nobody_changed_it_since_and_ctrl_z_offers_the_undo() {
    crate::harness::begin().await;
    let listed = categories(&api_for_categories().await, CategoryKind::Classification).await;
    let (before, ours, theirs) = (&listed[0], &listed[1], &listed[2]);
    let (api, prefix, ids) = seed_with(3, |i, row| row.classification_id = (i == 1).then_some(before.id)).await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=50"));
    shows(&root, 3).await;
    click(&root, "input.select-page");
    find(&root, "#bulk-field").await;
    let question = format!("Set Classification to {} on 3 accounts?", ours.name);
    set_through_the_bar(&root, "classificationId", &ours.id.to_string(), &question).await;
    find_text(&root, ".bulk-summary", "done for 3 of 3 accounts.").await;
    // Someone else changes the third one meanwhile.
    let patch: account_model::AccountPatch =
        serde_json::from_value(json!({"classificationId": theirs.id})).expect("a patch");
    api.update_account(ids[2], &patch).await.expect("changed");

    // The toast offers Undo; dismissed, Ctrl+Z brings it back, but not from a text field.
    let toast = find_text(&root, ".toast", "Set Classification").await;
    toast
        .query_selector("button[aria-label=Dismiss]")
        .ok()
        .flatten()
        .expect("×")
        .unchecked_into::<HtmlElement>()
        .click();
    gone(&root, ".toast .toast-action").await;
    let text_field = find(&root, "#bulk-contact").await;
    press_ctrl_z(&text_field);
    crate::harness::sleep_ms(300).await;
    assert!(root.query_selector(".toast .toast-action").expect("query").is_none(), "a text field keeps its own undo");
    press_ctrl_z(&document().body().expect("body"));
    let undo = find(&root, ".toast .toast-action").await;
    wait_until(|| "focus is on Undo".into(), || document().active_element().filter(|e| e.is_same_node(Some(&undo))))
        .await;
    undo.unchecked_into::<HtmlElement>().click();
    // Three accounts: it asks first, naming how many.
    let question = format!("Undo Set Classification to {} on 3 accounts?", ours.name);
    find_text(&root, "[role=alertdialog]", &question).await;
    click(&root, "[role=alertdialog] button.confirm");
    find_text(&root, ".bulk-summary", "put back on 2 of 3 accounts. 1 changed since, left as it is.").await;
    find_text(&root, ".bulk-failures", &format!("{prefix}-03 (ID {}): changed since", ids[2])).await;
    let now: Vec<Option<i64>> = mine(&api, &prefix).await.into_iter().map(|a| a.fields.classification_id).collect();
    assert_eq!(now, [Some(before.id), None, Some(theirs.id)], "back where nobody changed it; theirs kept");
}

pub(crate) async fn api_for_categories() -> ApiClient {
    signed_in_client("sysadmin").await
}

fn press_ctrl_z(target: &Element) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("z");
    init.set_ctrl_key(true);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    target.dispatch_event(&event).expect("dispatched");
}

#[wasm_bindgen_test]
async fn a_manager_reads_why_set_and_delete_are_disabled_beside_them() {
    crate::harness::begin().await;
    let (_api, prefix, _) = seed(2).await;
    let _manager = signed_in_client("manager").await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=50"));
    shows(&root, 2).await;
    click(&root, "input.select-page");
    find_text(&root, ".bulk-actions .role-note", "Needs the Sysadmin or Superuser role.").await;
    assert!(disabled(&root, ".bulk-delete") && disabled(&root, ".bulk-clear"));
    let value = root.query_selector("#bulk-value").ok().flatten().expect("the value");
    assert!(value.unchecked_into::<web_sys::HtmlSelectElement>().disabled(), "nothing to choose for a manager");
    assert!(!disabled(&root, ".bulk-link-one button[type=submit]"), "managers may link contacts");
    assert!(root.query_selector("#bulk-set-why").expect("query").is_none(), "the role is the reason, not the value");
}

#[wasm_bindgen_test]
async fn a_saved_search_restores_its_criteria_sort_and_size_after_a_reload() {
    crate::harness::begin().await;
    let (_api, prefix, _) = seed(3).await;
    let (root, mounted) = mount_at(&format!("/accounts?name={prefix}&sort=modifiedDate&dir=desc&count=25"));
    shows(&root, 3).await;
    click(&root, ".saved-searches > button");
    let name = unique("Saved");
    crate::harness::type_into(&root, "#saved-search-name", &name);
    click(&root, ".save-search button[type=submit]");
    find_text(&root, ".saved-list", &name).await;
    drop(mounted);
    root.remove();

    let (root, _mounted) = mount_at("/accounts");
    find(&root, "tbody tr").await;
    click(&root, ".saved-searches > button");
    // Saved searches of earlier tests may come before this one in the list.
    let link = wait_until(
        || format!("no saved search says {name:?}"),
        || {
            let items = root.query_selector_all(".saved-list li").ok()?;
            (0..items.length())
                .filter_map(|i| items.item(i)?.dyn_into::<Element>().ok())
                .find(|item| item.text_content().unwrap_or_default().contains(&name))
        },
    )
    .await;
    link.query_selector("a").ok().flatten().expect("the link").unchecked_into::<web_sys::HtmlElement>().click();
    shows(&root, 3).await;
    let query = web_sys::window().expect("window").location().search().unwrap_or_default();
    for part in [format!("name={prefix}"), "sort=modifiedDate".into(), "dir=desc".into(), "count=25".into()] {
        assert!(query.contains(&part), "{query} has {part}");
    }
}

#[wasm_bindgen_test]
async fn a_bulk_run_waits_out_a_503_with_retry_after_and_every_account_is_done() {
    crate::harness::begin().await;
    let (api, prefix, ids) = seed(3).await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=50"));
    shows(&root, 3).await;
    click(&root, "input.select-page");
    find(&root, "#bulk-field").await;
    let contact = |id: i64| format!("/account/accounts/{id}/contacts");
    add_fault(json!({"path": contact(ids[1]), "method": "POST", "kind": "unavailable", "retryAfterSecs": 1})).await;
    type_into(&root, "#bulk-contact", "CT-0007");
    submit(&root, ".bulk-link-one");
    find_text(&root, ".bulk-summary", "Link CT-0007: done for 3 of 3 accounts.").await;
    assert_eq!(text(&root, ".bulk-failures"), "", "nothing failed, nothing may have been done");
    for id in &ids {
        let linked = api.read_account(*id, None).await.expect("read").contacts.unwrap_or_default();
        assert_eq!(linked.len(), 1, "account {id} linked once");
    }
    add_fault(json!({"path": format!("/account/accounts/{}", ids[2]), "method": "DELETE", "kind": "unavailable", "retryAfterSecs": 1})).await;
    click(&root, ".bulk-delete");
    find(&root, "[role=alertdialog]").await;
    click(&root, "[role=alertdialog] button.confirm");
    find_text(&root, ".bulk-summary", "Delete: done for 3 of 3 accounts.").await;
    assert!(mine(&api, &prefix).await.is_empty(), "all three are gone");
}

#[wasm_bindgen_test]
async fn switching_the_field_to_set_shows_no_value_chosen_rather_than_the_last_fields_choice() {
    crate::harness::begin().await;
    let (api, prefix, _) = seed(1).await;
    let classification = categories(&api, CategoryKind::Classification).await.remove(1);
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=50"));
    shows(&root, 1).await;
    click(&root, "input.select-page");
    find(&root, "#bulk-field").await;
    choose(&root, "#bulk-field", "classificationId");
    find(&root, &format!("select#bulk-value option[value='{}']", classification.id)).await;
    choose(&root, "#bulk-value", &classification.id.to_string());
    choose(&root, "#bulk-field", "typeId");
    find_text(&root, "select#bulk-value option", "Choose a type").await;
    crate::harness::sleep_ms(50).await;
    let shown = root.query_selector("select#bulk-value").ok().flatten().expect("the value select");
    assert_eq!(shown.unchecked_into::<web_sys::HtmlSelectElement>().selected_index(), 0, "Choose a type… is shown");
    assert!(disabled(&root, ".bulk-set button[type=submit]"), "and Apply waits for a choice");
}

#[wasm_bindgen_test]
async fn undo_puts_back_an_account_whose_set_landed_after_the_console_gave_up_on_its_answer() {
    crate::harness::begin().await;
    let classes = categories(&api_for_categories().await, CategoryKind::Classification).await;
    let (old, new) = (&classes[0], &classes[1]);
    let (api, prefix, ids) = seed_with(2, |_, row| row.classification_id = Some(old.id)).await;
    let (root, _mounted) = mount_with(quick_config(), &format!("/accounts?name={prefix}&count=50"));
    shows(&root, 2).await;
    click(&root, "input.select-page");
    find(&root, "#bulk-field").await;
    // The second write lands, but its answer comes after the console gave up.
    let held = json!({"path": format!("/account/accounts/{}", ids[1]), "method": "PUT", "kind": "slowAnswer", "delayMs": HELD_ANSWER_MS});
    add_fault(held).await;
    let question = format!("Set Classification to {} on 2 accounts?", new.name);
    set_through_the_bar(&root, "classificationId", &new.id.to_string(), &question).await;
    find_text(&root, ".bulk-failures", "It may have been done").await;
    find_text(&root, ".bulk-summary", "done for 1 of 2 accounts. 1 failed.").await;
    crate::harness::sleep_ms(HELD_ANSWER_MS).await;
    let undo = find_text(&root, ".toast", &format!("Set Classification to {}", new.name)).await;
    let undo = undo.query_selector(".toast-action").ok().flatten().expect("the toast offers Undo");
    undo.unchecked_into::<HtmlElement>().click();
    find_text(&root, "[role=alertdialog]", &format!("Undo Set Classification to {} on 2 accounts?", new.name)).await;
    click(&root, "[role=alertdialog] button.confirm");
    find_text(&root, ".bulk-summary", "put back on 2 of 2 accounts.").await;
    let held: Vec<Option<i64>> = mine(&api, &prefix).await.into_iter().map(|a| a.fields.classification_id).collect();
    assert_eq!(held, [Some(old.id), Some(old.id)], "both hold what they held before");
}

#[wasm_bindgen_test]
async fn after_a_confirmed_bulk_action_focus_is_on_its_report_not_lost() {
    crate::harness::begin().await;
    let (_api, prefix, _) = seed(2).await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=50"));
    shows(&root, 2).await;
    click(&root, "input.select-page");
    find(&root, "#bulk-field").await;
    set_through_the_bar(&root, "agentId", "595348", "Set Agent ID to 595348 on 2 accounts?").await;
    let summary = find_text(&root, ".bulk-summary", "done for 2 of 2 accounts.").await;
    wait_until(
        || "focus is on the report".into(),
        || document().active_element().filter(|e| e.is_same_node(Some(&summary))),
    )
    .await;
}

#[wasm_bindgen_test]
async fn a_bulk_write_the_api_refused_is_reported_without_offering_to_send_it_again_as_it_is() {
    crate::harness::begin().await;
    let (_api, prefix, _ids) = seed(2).await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=50"));
    shows(&root, 2).await;
    click(&root, "input.select-page");
    find(&root, "#bulk-field").await;
    type_into(&root, "#bulk-contact", "CT-9999");
    submit(&root, ".bulk-link-one");
    find_text(&root, ".bulk-summary", "done for 0 of 2 accounts. 2 failed.").await;
    find_text(&root, ".bulk-failures", "There is no contact CT-9999 in Contact Manager.").await;
    assert!(root.query_selector(".retry-failed").expect("query").is_none(), "a refusal would only come back");
}

#[wasm_bindgen_test]
async fn a_bulk_retry_counts_what_an_earlier_attempt_landed_as_done_not_failed() {
    crate::harness::begin().await;
    let (api, prefix, ids) = seed(2).await;
    let (root, _mounted) = mount_with(quick_config(), &format!("/accounts?name={prefix}&count=50"));
    shows(&root, 2).await;
    click(&root, "input.select-page");
    find(&root, "#bulk-field").await;
    // The link lands, but its answer comes after the console gave up.
    let held =
        |path: String, method| json!({"path": path, "method": method, "kind": "slowAnswer", "delayMs": HELD_ANSWER_MS});
    add_fault(held(format!("/account/accounts/{}/contacts", ids[0]), "POST")).await;
    type_into(&root, "#bulk-contact", "CT-0042");
    submit(&root, ".bulk-link-one");
    find_text(&root, ".bulk-summary", "done for 1 of 2 accounts. 1 failed.").await;
    find_text(&root, ".bulk-failures", "It may have been done").await;
    click(&root, ".retry-failed");
    let summary = find_text(&root, ".bulk-summary", "done for 1 of 1 account.").await;
    assert!(
        summary.text_content().unwrap_or_default().contains("1 of them had been done already"),
        "{:?}",
        summary.text_content()
    );
    assert_eq!(text(&root, ".bulk-failures"), "", "“already linked” is not a failure on a retry");
    let linked = api.read_account(ids[0], None).await.expect("read").contacts.unwrap_or_default();
    assert_eq!(linked.len(), 1, "linked once");

    add_fault(held(format!("/account/accounts/{}", ids[1]), "DELETE")).await;
    click(&root, ".bulk-delete");
    find(&root, "[role=alertdialog]").await;
    click(&root, "[role=alertdialog] button.confirm");
    find_text(&root, ".bulk-summary", "Delete: done for 1 of 2 accounts. 1 failed.").await;
    click(&root, ".retry-failed");
    find_text(&root, ".bulk-summary", "Delete: done for 1 of 1 account. 1 of them had been done already").await;
    assert_eq!(text(&root, ".bulk-failures"), "", "“no longer exists” is not a failure on a retry");
    assert!(mine(&api, &prefix).await.is_empty());
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector).ok().flatten().and_then(|e| e.text_content()).unwrap_or_default()
}
