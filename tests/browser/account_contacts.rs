//! The contacts of an account's page against the sandbox: linking one (and
//! its clash inline), linking many (each failure with its cause, unknown ones
//! checked first), unlinking (asked first, the primary said so, two at once
//! each busy until its own answer), and one form's refusal going when the
//! other links.

use account_model::AccountInput;
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::{
    account_detail::{create, mount, text},
    harness::{add_fault, click, find, find_text, gone, signed_in_client, type_into, unique, value_of, wait_until},
};

#[wasm_bindgen_test]
async fn linking_a_contact_then_linking_it_again_shows_the_clash_inline() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let id = create(&api, AccountInput { name: unique("Link"), ..AccountInput::default() }).await;
    let (root, _mounted) = mount(id);
    find_text(&root, ".contacts", "No contacts linked").await;

    type_into(&root, "#link-contact-id", "CT-0007");
    click(&root, ".link-one button[type=submit]");
    let item = find(&root, ".contact-list li[data-contact='CT-0007']").await;
    find_text(&root, ".contact-list li[data-contact='CT-0007']", "Primary").await;
    assert!(text(&item).contains("CT-0007"));
    assert_eq!(value_of(&root, "#link-contact-id"), "");

    type_into(&root, "#link-contact-id", "CT-0007");
    click(&root, ".link-one button[type=submit]");
    find_text(&root, "#link-contact-error", "CT-0007 is already linked to this account.").await;
    assert_eq!(value_of(&root, "#link-contact-id"), "CT-0007", "the typed id stays");

    type_into(&root, "#link-contact-id", "NOPE-1");
    click(&root, ".link-one button[type=submit]");
    find_text(&root, "#link-contact-error", "There is no contact NOPE-1 in Contact Manager.").await;
}

#[wasm_bindgen_test]
async fn a_refusal_of_one_link_form_goes_when_the_other_links() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let id = create(&api, AccountInput { name: unique("Stale"), ..AccountInput::default() }).await;
    api.link_contact(id, "CT-0080").await.expect("linked");
    let (root, _mounted) = mount(id);
    find(&root, ".contact-list li[data-contact='CT-0080']").await;
    type_into(&root, "#link-contact-id", "CT-0080");
    click(&root, ".link-one button[type=submit]");
    find_text(&root, "#link-contact-error", "CT-0080 is already linked to this account.").await;
    type_into(&root, "#bulk-contact-ids", "CT-0081 CT-0082");
    click(&root, ".bulk-link button[type=submit]");
    find_text(&root, ".bulk-summary", "Linked 2 of 2 contacts.").await;
    assert_eq!(text(&find(&root, "#link-contact-error").await), "", "the old refusal went");
    // And the other way round: the bulk report goes when one contact is linked.
    type_into(&root, "#link-contact-id", "CT-0083");
    click(&root, ".link-one button[type=submit]");
    find(&root, ".contact-list li[data-contact='CT-0083']").await;
    assert!(root.query_selector(".bulk-report").expect("query").is_none(), "the old report went");
    // And a refusal goes when a contact is unlinked after it.
    type_into(&root, "#link-contact-id", "ct-0010");
    click(&root, ".link-one button[type=submit]");
    find_text(&root, "#link-contact-error", "ct-0010").await;
    click(&root, "button[aria-label='Unlink CT-0083']");
    find(&root, "[role=alertdialog]").await;
    click(&root, "[role=alertdialog] button.confirm");
    gone(&root, ".contact-list li[data-contact='CT-0083']").await;
    assert_eq!(text(&find(&root, "#link-contact-error").await), "", "the old refusal went");
}

#[wasm_bindgen_test]
async fn bulk_linking_reports_what_linked_and_each_failure_with_its_cause() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let id = create(&api, AccountInput { name: unique("Bulk"), ..AccountInput::default() }).await;
    api.link_contact(id, "CT-0010").await.expect("linked");
    let (root, _mounted) = mount(id);
    find(&root, ".contact-list li[data-contact='CT-0010']").await;

    type_into(&root, "#bulk-contact-ids", "CT-0011, CT-0012\nCT-0010 CT-0011");
    click(&root, ".bulk-link button[type=submit]");
    let report = find(&root, ".bulk-report").await;
    find_text(&root, ".bulk-summary", "Linked 2 of 3 contacts.").await;
    let report_text = text(&report);
    assert!(report_text.contains("1 repeated ID was left out"), "{report_text}");
    find_text(&root, ".bulk-failures li", "CT-0010 is already linked to this account.").await;
    assert_eq!(value_of(&root, "#bulk-contact-ids"), "CT-0010", "the failed id stays to correct");
    find(&root, ".contact-list li[data-contact='CT-0011']").await;
    find(&root, ".contact-list li[data-contact='CT-0012']").await;
    find_text(&root, ".contact-list li[data-contact='CT-0010']", "Primary").await;
}

#[wasm_bindgen_test]
async fn unlinking_asks_first_and_then_removes_the_contact() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let id = create(&api, AccountInput { name: unique("Unlink"), ..AccountInput::default() }).await;
    api.link_contact(id, "CT-0020").await.expect("linked");
    api.link_contact(id, "CT-0021").await.expect("linked");
    let (root, _mounted) = mount(id);
    find(&root, ".contact-list li[data-contact='CT-0020']").await;

    click(&root, "button[aria-label='Unlink CT-0020']");
    find_text(&root, "[role=alertdialog]", "CT-0020 will no longer be linked").await;
    click(&root, "[role=alertdialog] button.cancel");
    gone(&root, "[role=alertdialog]").await;
    assert!(root.query_selector(".contact-list li[data-contact='CT-0020']").ok().flatten().is_some());

    click(&root, "button[aria-label='Unlink CT-0020']");
    find(&root, "[role=alertdialog]").await;
    click(&root, "[role=alertdialog] button.confirm");
    gone(&root, ".contact-list li[data-contact='CT-0020']").await;
    find_text(&root, ".contact-list li[data-contact='CT-0021']", "Primary").await;
    find_text(&root, ".timeline", "Contact unlinked").await;
}

#[wasm_bindgen_test]
async fn unlinking_two_contacts_at_once_keeps_each_busy_until_its_own_answer() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let id = create(&api, AccountInput { name: unique("TwoUnlinks"), ..AccountInput::default() }).await;
    api.link_contact(id, "CT-0041").await.expect("linked");
    api.link_contact(id, "CT-0042").await.expect("linked");
    add_fault(json!({"path": format!("/account/accounts/{id}/contacts/CT-0041"), "method": "DELETE", "kind": "delay", "delayMs": 2500}))
        .await;
    add_fault(json!({"path": format!("/account/accounts/{id}/contacts/CT-0042"), "method": "DELETE", "kind": "delay", "delayMs": 200}))
        .await;
    let (root, _mounted) = mount(id);
    find(&root, ".contact-list li[data-contact='CT-0042']").await;
    click(&root, "button[aria-label='Unlink CT-0041']");
    find(&root, "[role=alertdialog]").await;
    click(&root, "[role=alertdialog] button.confirm");
    gone(&root, "[role=alertdialog]").await;
    click(&root, "button[aria-label='Unlink CT-0042']");
    find(&root, "[role=alertdialog]").await;
    click(&root, "[role=alertdialog] button.confirm");
    gone(&root, ".contact-list li[data-contact='CT-0042']").await;
    let first = find(&root, "button[aria-label='Unlink CT-0041']").await;
    assert!(
        first.unchecked_ref::<web_sys::HtmlButtonElement>().disabled(),
        "CT-0041 is still being unlinked: its button stays busy"
    );
    gone(&root, ".contact-list li[data-contact='CT-0041']").await;
}

#[wasm_bindgen_test]
async fn pasted_contacts_are_checked_one_by_one_so_unknown_ones_are_not_linked() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let id = create(&api, AccountInput { name: unique("Checked"), ..AccountInput::default() }).await;
    let (root, _mounted) = mount(id);
    find(&root, "#bulk-contact-ids").await;
    type_into(&root, "#bulk-contact-ids", "CT-0050\nCT-9999\nbogus");
    click(&root, ".bulk-link button[type=submit]");
    find_text(&root, ".bulk-summary", "Linked 1 of 3 contacts. 2 did not:").await;
    find_text(&root, ".bulk-failures", "There is no contact CT-9999 in Contact Manager.").await;
    find_text(&root, ".bulk-failures", "There is no contact bogus in Contact Manager.").await;
    assert_eq!(value_of(&root, "#bulk-contact-ids"), "CT-9999\nbogus", "the unknown ones stay in the box");
    let linked: Vec<String> = api
        .read_account(id, None)
        .await
        .expect("read")
        .contacts
        .unwrap_or_default()
        .into_iter()
        .map(|l| l.contact)
        .collect();
    assert_eq!(linked, ["CT-0050"], "nothing unknown was stored");

    // Skipping the check is an explicit choice, and does what it says.
    click(&root, "#bulk-skip-check");
    click(&root, ".bulk-link button[type=submit]");
    find_text(&root, ".bulk-summary", "Linked 2 of 2 contacts.").await;
}

#[wasm_bindgen_test]
async fn unlinking_the_primary_contact_says_so_and_focus_moves_to_the_next_contact() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let name = unique("Primary");
    let id = create(&api, AccountInput { name: name.clone(), ..AccountInput::default() }).await;
    api.link_contact(id, "CT-0060").await.expect("linked");
    api.link_contact(id, "CT-0061").await.expect("linked");
    let (root, _mounted) = mount(id);
    find_text(&root, ".contact-list li[data-contact='CT-0060']", "Primary").await;
    assert_eq!(crate::harness::document().title(), format!("{name} · Accounts · Account admin"));
    click(&root, "button[aria-label='Unlink CT-0060']");
    let dialog = find_text(&root, "[role=alertdialog]", "It is the primary contact").await;
    assert!(dialog.text_content().unwrap_or_default().contains("CT-0061 (linked longest) will become primary"));
    click(&root, "[role=alertdialog] button.confirm");
    gone(&root, ".contact-list li[data-contact='CT-0060']").await;
    wait_until(
        || "focus on the next contact's Unlink".into(),
        || {
            let focused = crate::harness::document().active_element()?;
            (focused.get_attribute("aria-label").as_deref() == Some("Unlink CT-0061")).then_some(())
        },
    )
    .await;
}
