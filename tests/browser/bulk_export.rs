//! Exporting the selection of the accounts list against the sandbox:
//! exactly the selected rows (one deleted meanwhile left out and said so),
//! each account read again as it is now, after a bulk Set or another user's
//! change.

use account_admin::{api::categories::CategoryKind, domain::csv::accounts_csv};
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlElement};

use crate::{
    bulk::{api_for_categories, categories, seed, seed_with, set_through_the_bar, shows},
    harness::{capture_downloads, click, find, find_text, last_download, mount_at},
};

/// A click with Shift held, which selects the range since the last box.
fn shift_click(element: &Element) {
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_shift_key(true);
    let event = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).expect("event");
    element.dispatch_event(&event).expect("sent");
}

#[wasm_bindgen_test]
async fn exporting_the_selection_writes_exactly_the_selected_rows_and_drops_one_deleted_meanwhile() {
    crate::harness::begin().await;
    let (api, prefix, ids) = seed(6).await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=50"));
    shows(&root, 6).await;
    let boxes = root.query_selector_all("tbody tr[data-id] input[type=checkbox]").expect("boxes");
    boxes.item(1).expect("box").unchecked_into::<web_sys::HtmlElement>().click();
    shift_click(&boxes.item(3).expect("box").unchecked_into());
    find_text(&root, ".selection-count", "3 selected").await;
    capture_downloads();
    click(&root, ".bulk-export");
    let (_, text) = last_download().await;
    let names: Vec<&str> =
        text.lines().skip(1).filter_map(|line| line.split(',').nth(1)).filter(|n| n.starts_with(&prefix)).collect();
    assert_eq!(names, [format!("{prefix}-02"), format!("{prefix}-03"), format!("{prefix}-04")]);

    // Another user deletes one of them: the next export leaves it out, says
    // so in words that agree in number, and it leaves the selection.
    api.delete_account(ids[2]).await.expect("deleted");
    click(&root, ".bulk-export");
    find_text(
        &root,
        ".toasts",
        "1 account of the selection no longer exists: left out of the file, and no longer selected.",
    )
    .await;
    find_text(&root, ".selection-count", "2 selected").await;
}

#[wasm_bindgen_test]
async fn export_selected_writes_the_accounts_as_they_are_after_a_bulk_set() {
    crate::harness::begin().await;
    let types = categories(&api_for_categories().await, CategoryKind::Type).await;
    let (old, new) = (&types[0], &types[1]);
    let (api, prefix, ids) = seed_with(2, |_, row| row.type_id = Some(old.id)).await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=50"));
    shows(&root, 2).await;
    let first = root.query_selector("tbody tr[data-id] input[type=checkbox]").ok().flatten().expect("a box");
    first.unchecked_into::<HtmlElement>().click();
    find_text(&root, ".selection-count", "1 selected").await;
    find(&root, "#bulk-field").await;
    let question = format!("Set Type to {} on 1 account?", new.name);
    set_through_the_bar(&root, "typeId", &new.id.to_string(), &question).await;
    find_text(&root, ".bulk-summary", "done for 1 of 1 account.").await;
    find_text(&root, &format!("tr[data-id='{}']", ids[0]), &new.name).await;
    capture_downloads();
    click(&root, ".bulk-export");
    let (name, text) = last_download().await;
    let now = api.read_account(ids[0], None).await.expect("read");
    let row = accounts_csv(&[now]).lines().nth(1).expect("a row").to_string();
    assert_eq!(text.lines().count(), 2, "the header and the one selected: {text}");
    assert_eq!(text.lines().nth(1), Some(row.as_str()), "the account as it is now, new type and modified date");
    assert!(!text.contains(&old.name), "not the old type: {text}");
    find_text(&root, ".toasts [role=status]", &format!("Exported 1 account to {name}.")).await;
}

#[wasm_bindgen_test]
async fn export_selected_reads_the_accounts_again_so_a_change_made_meanwhile_is_in_the_file() {
    crate::harness::begin().await;
    let (api, prefix, ids) = seed_with(2, |_, row| row.industry = Some("Old industry".into())).await;
    let (root, _mounted) = mount_at(&format!("/accounts?name={prefix}&count=50"));
    shows(&root, 2).await;
    click(&root, "input.select-page");
    find_text(&root, ".selection-count", "2 selected").await;
    let patch: account_model::AccountPatch =
        serde_json::from_value(json!({"industry": "New industry"})).expect("a patch");
    api.update_account(ids[1], &patch).await.expect("changed by someone else");
    capture_downloads();
    click(&root, ".bulk-actions button.secondary:not(.bulk-clear)");
    let (_, text) = last_download().await;
    assert_eq!(text.matches("New industry").count(), 1, "{text}");
    assert_eq!(text.matches("Old industry").count(), 1, "{text}");
}
