//! The account page's single writes whose answer is lost (the sandbox holds
//! the answer past the console's timeout) or that meet a server error: each
//! says it may have landed, reads the account to look, and says what the
//! look shows; nothing is stored twice and no message claims an outcome the
//! console does not know.

use account_admin::api::ApiClient;
use account_model::AccountInput;
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

use crate::{
    account_detail::{create, mount, path_now, text},
    harness::{
        HELD_ANSWER_MS, LIST_SCREEN, add_fault, click, find, find_text, gone, mount_with, quick_config,
        signed_in_client, sleep_ms, type_into, unique, value_of, wait_until,
    },
};

/// [`mount`] with a request timeout short enough that a held answer is lost.
fn mount_quick(id: i64) -> (Element, Box<dyn std::any::Any>) {
    mount_with(quick_config(), &format!("/accounts/{id}"))
}

/// A sandbox rule that runs the call at once but holds its answer past the
/// console's timeout: the write lands, its answer is lost.
fn held_answer(method: &str, path: String) -> serde_json::Value {
    json!({"path": path, "method": method, "kind": "slowAnswer", "delayMs": HELD_ANSWER_MS})
}

async fn notes_named(api: &ApiClient, id: i64, name: &str) -> usize {
    let account = api.read_account(id, None).await.expect("read");
    account.notes.unwrap_or_default().iter().filter(|note| note.name == name).count()
}

#[wasm_bindgen_test]
async fn a_note_whose_answer_is_lost_may_have_been_saved_and_add_note_looks_before_sending_it_again() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let id = create(&api, AccountInput { name: unique("LostNote"), ..AccountInput::default() }).await;
    let (root, _mounted) = mount_quick(id);
    find(&root, "#note-name").await;
    add_fault(held_answer("POST", format!("/account/accounts/{id}/notes"))).await;
    // The look right after the lost answer fails too: nobody knows yet.
    add_fault(json!({"path": format!("/account/accounts/{id}"), "method": "GET", "kind": "serverError"})).await;
    type_into(&root, "#note-name", "Lost answer");
    type_into(&root, "#note-description", "Stored once.");
    click(&root, ".note-form button[type=submit]");
    let said = find_text(&root, ".note-form .form-error[role=alert]", "may have been saved").await;
    assert!(!text(&said).contains("was not saved"), "{}", text(&said));
    assert_eq!(value_of(&root, "#note-name"), "Lost answer", "the text stays until the note is known to be saved");

    // Add note again looks first, finds the note, and sends nothing.
    click(&root, ".note-form button[type=submit]");
    find_text(&root, ".toast.success", "“Lost answer” was saved").await;
    find_text(&root, ".note-list li:first-child", "Lost answer").await;
    assert_eq!(value_of(&root, "#note-name"), "", "the form empties once the note is found");
    gone(&root, ".note-form .form-error").await;
    sleep_ms(HELD_ANSWER_MS).await;
    assert_eq!(notes_named(&api, id, "Lost answer").await, 1, "the note is stored once");
}

#[wasm_bindgen_test]
async fn a_note_changed_after_its_answer_was_lost_is_not_sent_on_top_of_the_one_that_landed_unasked() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let id = create(&api, AccountInput { name: unique("EditedNote"), ..AccountInput::default() }).await;
    let (root, _mounted) = mount_quick(id);
    find(&root, "#note-name").await;
    add_fault(held_answer("POST", format!("/account/accounts/{id}/notes"))).await;
    add_fault(json!({"path": format!("/account/accounts/{id}"), "method": "GET", "kind": "serverError", "times": 1}))
        .await;
    type_into(&root, "#note-name", "Tuesday 3pm");
    click(&root, ".note-form button[type=submit]");
    find_text(&root, ".note-form .form-error[role=alert]", "may have been saved").await;
    sleep_ms(HELD_ANSWER_MS).await;

    // Changed, then sent: the first one is looked for and found; this one waits.
    type_into(&root, "#note-name", "Tuesday 3 pm");
    click(&root, ".note-form button[type=submit]");
    find_text(&root, ".note-form .form-error[role=alert]", "“Tuesday 3pm” sent before was saved after all").await;
    assert_eq!(notes_named(&api, id, "Tuesday 3 pm").await, 0, "not sent unasked");
    assert_eq!(value_of(&root, "#note-name"), "Tuesday 3 pm", "the text stays");
    // Add note again is the choice to add it as well.
    click(&root, ".note-form button[type=submit]");
    find_text(&root, ".note-list li:first-child", "Tuesday 3 pm").await;
    assert_eq!(notes_named(&api, id, "Tuesday 3pm").await, 1);
}

#[wasm_bindgen_test]
async fn a_note_that_met_a_server_error_is_looked_for_and_sent_again_only_because_it_is_not_there() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let id = create(&api, AccountInput { name: unique("FailedNote"), ..AccountInput::default() }).await;
    let (root, _mounted) = mount_quick(id);
    find(&root, "#note-name").await;
    add_fault(json!({"path": format!("/account/accounts/{id}/notes"), "method": "POST", "kind": "serverError"})).await;
    type_into(&root, "#note-name", "Second try");
    click(&root, ".note-form button[type=submit]");
    let said = find_text(&root, ".note-form .form-error[role=alert]", "was not saved").await;
    assert!(text(&said).contains("a look shows it was not"), "{}", text(&said));
    assert_eq!(value_of(&root, "#note-name"), "Second try");
    click(&root, ".note-form button[type=submit]");
    find_text(&root, ".note-list li:first-child", "Second try").await;
    assert_eq!(notes_named(&api, id, "Second try").await, 1);
}

#[wasm_bindgen_test]
async fn a_delete_whose_answer_is_lost_looks_and_says_the_account_was_deleted() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let name = unique("LostDelete");
    let id = create(&api, AccountInput { name: name.clone(), ..AccountInput::default() }).await;
    let (root, _mounted) = mount_quick(id);
    find_text(&root, "h1", &name).await;
    add_fault(held_answer("DELETE", format!("/account/accounts/{id}"))).await;
    click(&root, "button.delete");
    find(&root, "[role=alertdialog]").await;
    click(&root, "[role=alertdialog] button.confirm");
    find(&root, LIST_SCREEN).await;
    let toast = find_text(&root, ".toast.success", "was deleted").await;
    assert!(text(&toast).contains(&name), "{}", text(&toast));
    assert!(!text(&root).contains("was not deleted"), "{}", text(&root));
}

#[wasm_bindgen_test]
async fn deleting_an_account_someone_else_deleted_says_it_is_already_deleted_and_goes_back_to_the_list() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let name = unique("GoneDelete");
    let id = create(&api, AccountInput { name: name.clone(), ..AccountInput::default() }).await;
    let (root, _mounted) = mount(id);
    find_text(&root, "h1", &name).await;
    api.delete_account(id).await.expect("deleted by someone else");
    click(&root, "button.delete");
    find(&root, "[role=alertdialog]").await;
    click(&root, "[role=alertdialog] button.confirm");
    find(&root, LIST_SCREEN).await;
    find_text(&root, ".toast.success", "was already deleted").await;
    assert!(!text(&root).contains("was not deleted"), "{}", text(&root));
}

#[wasm_bindgen_test]
async fn a_delete_that_met_a_server_error_looks_and_says_the_account_is_still_there() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let name = unique("KeptDelete");
    let id = create(&api, AccountInput { name: name.clone(), ..AccountInput::default() }).await;
    let (root, _mounted) = mount_quick(id);
    find_text(&root, "h1", &name).await;
    add_fault(json!({"path": format!("/account/accounts/{id}"), "method": "DELETE", "kind": "serverError"})).await;
    click(&root, "button.delete");
    find(&root, "[role=alertdialog]").await;
    click(&root, "[role=alertdialog] button.confirm");
    let toast = find_text(&root, ".toast.failure", "was not deleted").await;
    assert!(text(&toast).contains("a look shows it was not"), "{}", text(&toast));
    assert_eq!(path_now(), format!("/accounts/{id}"));
    let delete = find(&root, "button.delete").await.unchecked_into::<web_sys::HtmlButtonElement>();
    wait_until(|| "Delete can be pressed again".into(), || (!delete.disabled()).then_some(())).await;
    click(&root, "button.delete");
    find(&root, "[role=alertdialog]").await;
    click(&root, "[role=alertdialog] button.confirm");
    find(&root, LIST_SCREEN).await;
}

#[wasm_bindgen_test]
async fn a_link_and_an_unlink_whose_answers_are_lost_are_settled_by_a_look() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let id = create(&api, AccountInput { name: unique("LostLink"), ..AccountInput::default() }).await;
    let (root, _mounted) = mount_quick(id);
    find(&root, "#link-contact-id").await;
    add_fault(held_answer("POST", format!("/account/accounts/{id}/contacts"))).await;
    type_into(&root, "#link-contact-id", "CT-0070");
    click(&root, ".link-one button[type=submit]");
    find_text(&root, ".toast.success", "CT-0070 was linked").await;
    find(&root, ".contact-list li[data-contact='CT-0070']").await;
    assert_eq!(value_of(&root, "#link-contact-id"), "");
    assert!(!text(&root).contains("did not answer in time"), "{}", text(&root));

    add_fault(held_answer("DELETE", format!("/account/accounts/{id}/contacts/CT-0070"))).await;
    click(&root, "button[aria-label='Unlink CT-0070']");
    find(&root, "[role=alertdialog]").await;
    click(&root, "[role=alertdialog] button.confirm");
    find_text(&root, ".toast.success", "CT-0070 was unlinked").await;
    gone(&root, ".contact-list li[data-contact='CT-0070']").await;
    assert!(!text(&root).contains("was not unlinked"), "{}", text(&root));
}

#[wasm_bindgen_test]
async fn a_link_sent_again_after_nobody_saw_the_first_end_counts_already_linked_as_done() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let id = create(&api, AccountInput { name: unique("RelinkNote"), ..AccountInput::default() }).await;
    let (root, _mounted) = mount_quick(id);
    find(&root, "#link-contact-id").await;
    let mut once = held_answer("POST", format!("/account/accounts/{id}/contacts"));
    once["times"] = json!(1);
    add_fault(once).await;
    // The look fails too: nobody knows whether it landed.
    add_fault(json!({"path": format!("/account/accounts/{id}"), "method": "GET", "kind": "serverError", "times": 1}))
        .await;
    type_into(&root, "#link-contact-id", "CT-0077");
    click(&root, ".link-one button[type=submit]");
    find_text(&root, "#link-contact-error", "may have been linked").await;
    sleep_ms(HELD_ANSWER_MS).await;
    click(&root, ".link-one button[type=submit]");
    find_text(&root, ".toast.success", "CT-0077 was already linked").await;
    find(&root, ".contact-list li[data-contact='CT-0077']").await;
    assert_eq!(text(&find(&root, "#link-contact-error").await), "", "no error for a link that is there");
    assert_eq!(value_of(&root, "#link-contact-id"), "");
}
