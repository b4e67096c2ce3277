//! Between people: one user signs out and another signs in in the same tab;
//! nothing of the first (warnings, toasts, selection, drafts, role, the
//! list's view) is shown to the second.

use account_admin::{app::App, platform::session::DraftSlot};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

use crate::harness::{click, config, container, find, find_text, gone, set_url, signed_out_client, type_into};

const WARNING: &str = "Your password expires in 7 days";

/// The whole console, signed out, at `url`.
fn mount(url: &str) -> (Element, impl Drop) {
    signed_out_client(config());
    set_url(url);
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), || view! { <App config=config() /> });
    (root.into(), handle)
}

async fn sign_in(root: &Element, user: &str) {
    let form = find(root, "form.sign-in").await;
    type_into(&form, "#sign-in-username", user);
    type_into(&form, "#sign-in-password", "demo");
    type_into(&form, "#sign-in-access-token", "demo-token");
    click(&form, "button[type=submit]");
    find(root, ".app-header").await;
}

async fn sign_out(root: &Element) {
    click(root, ".app-header button");
    find(root, "form.sign-in").await;
}

fn text(root: &Element) -> String {
    root.text_content().unwrap_or_default()
}

fn address() -> String {
    let location = web_sys::window().expect("window").location();
    format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default())
}

#[wasm_bindgen_test]
async fn the_next_user_in_a_tab_sees_nothing_of_the_last_one_and_their_own_warning() {
    crate::harness::begin().await;
    let (root, _mounted) = mount("/accounts?count=10");
    sign_in(&root, "expiring").await;
    find_text(&root, ".toast.warning", WARNING).await;
    // The role is learnt (a superuser may create accounts).
    find(&root, "a.new-account").await;
    find(&root, "tbody tr[data-id]").await;
    let first_box = find(&root, "tbody tr[data-id] input[type=checkbox]").await;
    first_box.unchecked_into::<web_sys::HtmlElement>().click();
    find_text(&root, ".selection-count", "1 selected").await;
    DraftSlot("new").save(r#"{"typed": "by expiring"}"#);

    sign_out(&root).await;
    find_text(&root, ".toast.success", "Signed out.").await;
    assert!(!text(&root).contains(WARNING), "the warning went with its user: {}", text(&root));
    assert_eq!(address(), "/accounts", "the last user's view of the list is not kept");

    sign_in(&root, "manager").await;
    find_text(&root, ".toast.success", "Signed in as manager.").await;
    find(&root, "button.new-account[disabled]").await;
    // Why, in words beside it, not only in a tooltip.
    find_text(&root, "#new-account-why", "Needs the Sysadmin or Superuser role.").await;
    find(&root, "tbody tr[data-id]").await;
    assert!(!text(&root).contains(WARNING), "the manager sees no warning of another user");
    assert!(!text(&root).contains("Signed out."), "nor the last user's toasts");
    assert_eq!(root.query_selector_all(".toast").expect("toasts").length(), 1, "{}", text(&root));
    assert!(!text(&root).contains("selected"), "nor their selection");
    let checked = root.query_selector_all("tbody input[type=checkbox]:checked").expect("boxes").length();
    assert_eq!(checked, 0, "no row is selected");
    assert_eq!(DraftSlot("new").load(), None, "nor their draft");

    // The other way round: the next user sees their own warning.
    sign_out(&root).await;
    sign_in(&root, "expiring").await;
    find_text(&root, ".toast.warning", WARNING).await;
    find(&root, "a.new-account").await;
    gone(&root, "button.new-account[disabled]").await;
}

#[wasm_bindgen_test]
async fn sign_out_with_unsaved_changes_asks_first_and_stay_keeps_them() {
    crate::harness::begin().await;
    let (root, _mounted) = mount("/accounts/new");
    sign_in(&root, "sysadmin").await;
    find(&root, "#field-name").await;
    type_into(&root, "#field-name", "Typed before signing out");
    crate::harness::sleep_ms(50).await;
    click(&root, ".app-header button");
    find_text(&root, "[role=alertdialog]", "Sign out without saving?").await;
    click(&root, "[role=alertdialog] button.cancel");
    gone(&root, "[role=alertdialog]").await;
    assert!(root.query_selector(".app-header").expect("query").is_some(), "still signed in");
    let name = root.query_selector("#field-name").expect("query").expect("the form is still there");
    assert_eq!(name.unchecked_into::<web_sys::HtmlInputElement>().value(), "Typed before signing out");

    click(&root, ".app-header button");
    find_text(&root, "[role=alertdialog] button.confirm", "Sign out").await;
    click(&root, "[role=alertdialog] button.confirm");
    find(&root, "form.sign-in").await;
    assert_eq!(DraftSlot("new").load(), None, "what was typed went with its user");
}

#[wasm_bindgen_test]
async fn sign_out_while_an_import_sends_asks_first_then_stops_it_and_keeps_nothing_of_it() {
    crate::harness::begin().await;
    let (root, _mounted) = mount("/import");
    sign_in(&root, "sysadmin").await;
    let prefix = crate::harness::unique("Out");
    let mut csv = String::from("name,accountNumber\n");
    for n in 0..1500 {
        csv.push_str(&format!("{prefix} {n},{prefix}-{n:04}\n"));
    }
    let delay = serde_json::json!({"path": "/account/accounts/bulk", "method": "POST", "kind": "delay", "delayMs": 3000, "times": 2});
    crate::harness::add_fault(delay).await;
    crate::import::give_file(&root, "out.csv", &csv).await;
    find_text(&root, ".preview-counts", "1,500 rows: 1,500 new").await;
    click(&root, "#import-send");
    find(&root, ".import-progress").await;

    click(&root, ".app-header button");
    find_text(&root, "[role=alertdialog]", "Sign out while importing?").await;
    click(&root, "[role=alertdialog] button.cancel");
    gone(&root, "[role=alertdialog]").await;
    find(&root, ".import-progress").await;
    click(&root, ".app-header button");
    find_text(&root, "[role=alertdialog]", "Sign out while importing?").await;
    click(&root, "[role=alertdialog] button.confirm");
    find(&root, "form.sign-in").await;

    crate::harness::sleep_ms(7_000).await;
    crate::harness::clear_faults().await;
    let api = crate::harness::signed_in_client("sysadmin").await;
    let landed = crate::import::accounts_numbered(&api, &prefix).await.len();
    assert!(landed <= 500, "nothing was sent after signing out: {landed} landed");
    assert_eq!(DraftSlot("left-import").load(), None, "nothing of it is kept for the next user");
}
