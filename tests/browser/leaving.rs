//! Leaving a page while writes are sent: an import, a bulk action, a run of
//! the categories page, contacts linked from an account's page. Each asks first (a link, closing the tab); left
//! anyway, the run stops after what is under way and its report is kept: the
//! Import page offers to send the rest (after a reload too), the others say
//! how it ended in a message.

use account_admin::api::categories::CategoryKind;
use account_model::AccountInput;
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

use crate::{
    account_detail::{create, path_now},
    bulk::{mine, seed, set_through_the_bar, shows},
    categories::{InUse, click_in_row, disabled, gold_in_use, row_of},
    harness::{
        ELSEWHERE, add_fault, choose, clear_faults, click, document, find, find_elsewhere, find_text, go_to, gone,
        mount_at, signed_in_client, sleep_ms, unique, wait_until,
    },
    import::{accounts_numbered, give_file, text_of},
};

/// Clicks an in-console link to `href`, as a user would.
fn follow(root: &Element, href: &str) {
    let link = document().create_element("a").expect("a");
    link.set_attribute("href", href).expect("href");
    root.append_child(&link).expect("appended");
    link.unchecked_into::<web_sys::HtmlElement>().click();
}

/// Leaves by a link, answering the question `asked` with Leave.
async fn leave(root: &Element, asked: &str) {
    follow(root, ELSEWHERE);
    find_text(root, "[role=alertdialog]", asked).await;
    click(root, "[role=alertdialog] button.confirm");
    find_elsewhere(root).await;
}

fn kept_import() -> Option<String> {
    let storage = web_sys::window()?.session_storage().ok()??;
    let keys: Vec<String> = (0..storage.length().ok()?).filter_map(|i| storage.key(i).ok().flatten()).collect();
    keys.into_iter().find(|k| k.ends_with(".left-import"))
}

#[wasm_bindgen_test]
async fn leaving_an_import_mid_run_asks_first_and_coming_back_or_reloading_offers_to_send_the_rest() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let prefix = unique("Left");
    let mut csv = String::from("name,accountNumber\n");
    for n in 0..1500 {
        csv.push_str(&format!("{prefix} {n},{prefix}-{n:04}\n"));
    }
    // Each call is answered late, so the import is still sending when the page is left.
    add_fault(
        json!({"path": "/account/accounts/bulk", "method": "POST", "kind": "delay", "delayMs": 4000, "times": 2}),
    )
    .await;
    let (root, mounted) = mount_at("/import");
    give_file(&root, "left.csv", &csv).await;
    find_text(&root, ".preview-counts", "1,500 rows: 1,500 new").await;
    click(&root, "#import-send");
    wait_until(
        || format!("the first call answers: {}", text_of(&root, ".import-progress")),
        || text_of(&root, ".import-progress").contains("Sent 500 of 1,500 rows").then_some(()),
    )
    .await;

    // Closing the tab: the browser asks, and what is needed is kept first.
    let init = web_sys::EventInit::new();
    init.set_cancelable(true);
    let unload = web_sys::Event::new_with_event_init_dict("beforeunload", &init).expect("event");
    web_sys::window().expect("window").dispatch_event(&unload).expect("sent");
    assert!(unload.default_prevented(), "the browser asks before the tab closes");
    assert!(kept_import().is_some(), "kept in the tab's storage");

    // A link asks; Stay stays, and the import goes on.
    follow(&root, "/accounts");
    find_text(&root, "[role=alertdialog]", "Leave while importing?").await;
    click(&root, "[role=alertdialog] button.cancel");
    gone(&root, "[role=alertdialog]").await;
    assert_eq!(path_now(), "/import");
    leave(&root, "Leave while importing?").await;

    // The call under way lands meanwhile; the rest is never sent.
    sleep_ms(4_500).await;
    assert_eq!(accounts_numbered(&api, &prefix).await.len(), 1000, "the third call was never sent");

    // Back on the page: the report, and the offer to send the rest.
    go_to("/import");
    find_text(&root, ".import-about", "was left unfinished: 1,000 rows not sent, or sent without a clear answer").await;
    find_text(&root, ".report-summary", "Created 500 · Updated 0 · Failed 0").await;
    find_text(&root, ".import-retry", "1,000 rows got no clear answer or were not sent").await;

    // A reload keeps it too (nothing of it is in memory then).
    drop(mounted);
    root.remove();
    let (root, _mounted) = mount_at("/import");
    find_text(&root, ".report-summary", "Created 500 · Updated 0 · Failed 0").await;
    clear_faults().await;
    click(&root, "#import-retry");
    // What may have landed is looked up first: none of it is created twice.
    find_text(&root, ".report-summary", "Created 1,500 · Updated 0 · Failed 0").await;
    let held = accounts_numbered(&api, &prefix).await;
    assert_eq!(held.len(), 1500, "every row exactly once");
    assert_eq!(kept_import(), None, "nothing is left to continue");
}

#[wasm_bindgen_test]
async fn leaving_the_list_while_a_bulk_action_runs_asks_first_and_its_report_comes_as_a_message() {
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
    leave(&root, "Leave while changes are sent?").await;
    let toast = find_text(&root, ".toast.failure", "not sent (stopped)").await;
    let said = toast.text_content().unwrap_or_default();
    sleep_ms(1_000).await;
    let changed = mine(&api, &prefix).await.into_iter().filter(|a| a.fields.agent_id == Some(595_348)).count();
    assert!(changed < 12, "the rest was never sent: {said}");
    assert!(said.contains(&format!("done for {changed} of 12")), "the message matches the API: {said}");
}

#[wasm_bindgen_test]
async fn leaving_the_categories_page_while_accounts_move_asks_first_and_says_how_it_ended() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let kind = CategoryKind::Classification;
    let InUse { gold, gold_id, silver_id, users, .. } = gold_in_use(&api, 8).await;
    for id in &users {
        add_fault(json!({"path": format!("/account/accounts/{id}"), "method": "PUT", "kind": "delay", "delayMs": 600}))
            .await;
    }
    let (root, _mounted) = mount_at("/classifications");
    wait_until(|| "listed".into(), || row_of(&root, &gold)).await;
    click_in_row(&root, &gold, "delete");
    find_text(&root, ".in-use-dialog", "8 accounts use it").await;
    choose(&root, "#move-target", &silver_id.to_string());
    wait_until(|| "a target".into(), || (!disabled(&root, ".in-use-dialog button.move-then-delete")).then_some(()))
        .await;
    click(&root, ".in-use-dialog button.move-then-delete");
    find(&root, "[role=alertdialog]").await;
    click(&root, "[role=alertdialog] button.confirm");
    find(&root, ".runner-progress").await;
    leave(&root, "Leave while changes are sent?").await;
    find_text(&root, ".toast.failure", &format!("{gold} was not deleted: not every account moved.")).await;
    let listed = api.list_categories(kind).await.expect("listed");
    assert!(listed.iter().any(|c| c.id == gold_id), "kept: its accounts did not all move");
}

#[wasm_bindgen_test]
async fn leaving_an_account_while_pasted_contacts_are_linked_asks_first_and_its_report_comes_as_a_message() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let id = create(&api, AccountInput { name: unique("Linking"), ..AccountInput::default() }).await;
    let path = format!("/account/accounts/{id}/contacts");
    add_fault(json!({"path": path, "method": "POST", "kind": "delay", "delayMs": 400, "times": 12})).await;
    let (root, _mounted) = mount_at(&format!("/accounts/{id}"));
    find(&root, "#bulk-contact-ids").await;
    let ids: Vec<String> = (101..113).map(|n| format!("CT-{n:04}")).collect();
    crate::harness::type_into(&root, "#bulk-contact-ids", &ids.join("\n"));
    click(&root, ".bulk-link button[type=submit]");
    find(&root, ".bulk-link .runner-progress").await;
    leave(&root, "Leave while changes are sent?").await;
    let toast = find_text(&root, ".toast.failure", "not sent (stopped)").await;
    let said = toast.text_content().unwrap_or_default();
    sleep_ms(1_000).await;
    let linked = api.read_account(id, None).await.expect("read").contacts.unwrap_or_default().len();
    assert!(linked < 12, "the rest was never sent: {said}");
    assert!(said.contains(&format!("Linked {linked} of 12 contacts.")), "the message matches the API: {said}");
}
