//! Classification and type management against the sandbox: create, rename,
//! reorder by button and by keyboard, delete; names unique at the field; a
//! category in use (no Delete; its accounts shown, or moved and then it is
//! deleted); levels kept 1..n, ties shown in order and renumbered; names
//! refreshed everywhere through the shared cache; one danger style; a
//! manager who may only look.

use account_admin::{
    api::{ApiClient, categories::CategoryKind},
    routes::Page,
    routes::list::ListState,
};
use account_model::{AccountInput, Category, CategoryPatch, Field};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlButtonElement};

use crate::harness::{
    Modifier, choose, click, document, find, find_text, go_to, gone, mount_at, press, signed_in_client, type_into,
    unique, wait_until,
};

async fn listed(api: &ApiClient, kind: CategoryKind) -> Vec<Category> {
    api.list_categories(kind).await.expect("listed")
}

pub(crate) fn row_of(root: &Element, name: &str) -> Option<Element> {
    let rows = root.query_selector_all(".categories-table tbody tr").ok()?;
    (0..rows.length()).filter_map(|i| rows.item(i)?.dyn_into::<Element>().ok()).find(|r| {
        r.query_selector("td.name").ok().flatten().and_then(|c| c.text_content()).is_some_and(|t| t.trim() == name)
    })
}

async fn create(root: &Element, name: &str) {
    type_into(root, "#new-category-name", name);
    click(root, ".create-category button[type=submit]");
    wait_until(|| format!("{name} is listed"), || row_of(root, name)).await;
}

fn names_in_order(root: &Element) -> Vec<String> {
    let cells = root.query_selector_all(".categories-table tbody td.name").expect("cells");
    (0..cells.length()).filter_map(|i| cells.item(i)?.text_content()).map(|t| t.trim().to_string()).collect()
}

fn position(root: &Element, name: &str) -> usize {
    names_in_order(root).iter().position(|n| n == name).unwrap_or(usize::MAX)
}

async fn lifecycle(kind: CategoryKind, url: &str) {
    let api = signed_in_client("sysadmin").await;
    let (root, _mounted) = mount_at(url);
    find(&root, "#new-category-name").await;
    let (first, second) = (unique("First"), unique("Second"));
    create(&root, &first).await;
    create(&root, &second).await;
    assert_eq!(position(&root, &second), position(&root, &first) + 1, "a new one comes last");

    // Move up by button.
    let up = row_of(&root, &second).expect("row").query_selector("button[data-action=up]").ok().flatten().expect("up");
    up.unchecked_into::<web_sys::HtmlElement>().click();
    wait_until(|| "moved up".into(), || (position(&root, &second) + 1 == position(&root, &first)).then_some(())).await;
    let levels = listed(&api, kind).await;
    let level = |name: &str| levels.iter().find(|c| c.name == name).and_then(|c| c.level);
    assert!(level(&second) < level(&first), "the API holds the new order");

    // Move down by keyboard (Alt+Down on the row's control).
    let control =
        row_of(&root, &second).expect("row").query_selector("button[data-action=down]").ok().flatten().expect("down");
    press(&control, "ArrowDown", Modifier::Alt);
    wait_until(|| "moved down".into(), || (position(&root, &first) + 1 == position(&root, &second)).then_some(()))
        .await;

    // Rename inline: Enter saves.
    let renamed = unique("Renamed");
    let rename = row_of(&root, &first)
        .expect("row")
        .query_selector("button[data-action=rename]")
        .ok()
        .flatten()
        .expect("rename");
    rename.unchecked_into::<web_sys::HtmlElement>().click();
    let input = find(&root, "input.rename").await;
    type_into(&root, "input.rename", &renamed);
    press(&input, "Enter", Modifier::None);
    wait_until(|| "renamed".into(), || row_of(&root, &renamed)).await;
    assert!(listed(&api, kind).await.iter().any(|c| c.name == renamed));

    // Delete, after the confirmation says it is unused.
    let delete = row_of(&root, &renamed)
        .expect("row")
        .query_selector("button[data-action=delete]")
        .ok()
        .flatten()
        .expect("delete");
    delete.unchecked_into::<web_sys::HtmlElement>().click();
    find_text(&root, "[role=alertdialog]", "No account uses it").await;
    click(&root, "[role=alertdialog] button.confirm");
    wait_until(|| "deleted".into(), || row_of(&root, &renamed).is_none().then_some(())).await;
    assert!(!listed(&api, kind).await.iter().any(|c| c.name == renamed));
}

#[wasm_bindgen_test]
async fn classifications_are_created_reordered_renamed_and_deleted() {
    crate::harness::begin().await;
    lifecycle(CategoryKind::Classification, "/classifications").await;
}

#[wasm_bindgen_test]
async fn types_are_created_reordered_renamed_and_deleted() {
    crate::harness::begin().await;
    lifecycle(CategoryKind::Type, "/types").await;
}

#[wasm_bindgen_test]
async fn a_name_taken_in_any_case_is_refused_at_the_field_before_and_by_the_api() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let (root, _mounted) = mount_at("/types");
    find(&root, "#new-category-name").await;
    let name = unique("Taken");
    create(&root, &name).await;
    type_into(&root, "#new-category-name", &name.to_uppercase());
    click(&root, ".create-category button[type=submit]");
    find_text(&root, "#new-category-error", "That name is taken").await;
    // Created elsewhere after the page read its list: the API's 409 lands at the field too.
    let elsewhere = unique("Elsewhere");
    api.create_category(CategoryKind::Type, &elsewhere).await.expect("created");
    type_into(&root, "#new-category-name", &elsewhere.to_lowercase());
    click(&root, ".create-category button[type=submit]");
    find_text(&root, "#new-category-error", "That name is taken").await;
}

/// Creates `count` accounts that use category `id` of `kind`; answers their ids.
pub(crate) async fn accounts_using(api: &ApiClient, kind: CategoryKind, id: i64, count: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    for n in 0..count {
        let mut input = AccountInput { name: unique(&format!("User{n}")), ..AccountInput::default() };
        match kind {
            CategoryKind::Classification => input.classification_id = Some(id),
            CategoryKind::Type => input.type_id = Some(id),
        }
        ids.push(api.create_account(&input).await.expect("an account using it").id);
    }
    ids
}

/// Two new classifications: `gold`, which `users` (new accounts) use, and
/// `silver`, which none does, to move them to.
pub(crate) struct InUse {
    pub gold: String,
    pub gold_id: i64,
    pub silver: String,
    pub silver_id: i64,
    pub users: Vec<i64>,
}

pub(crate) async fn gold_in_use(api: &ApiClient, count: usize) -> InUse {
    let kind = CategoryKind::Classification;
    let (gold, silver) = (unique("Gold"), unique("Silver"));
    let gold_id = api.create_category(kind, &gold).await.expect("created").id;
    let silver_id = api.create_category(kind, &silver).await.expect("created").id;
    let users = accounts_using(api, kind, gold_id, count).await;
    InUse { gold, gold_id, silver, silver_id, users }
}

pub(crate) fn click_in_row(root: &Element, name: &str, action: &str) {
    row_of(root, name)
        .unwrap_or_else(|| panic!("no row {name}"))
        .query_selector(&format!("button[data-action={action}]"))
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no {action} in {name}'s row"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

pub(crate) fn disabled(root: &Element, selector: &str) -> bool {
    root.query_selector(selector).ok().flatten().expect("the button").unchecked_into::<HtmlButtonElement>().disabled()
}

#[wasm_bindgen_test]
async fn a_classification_in_use_offers_no_delete_but_shows_those_accounts_and_moves_them_first() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let kind = CategoryKind::Classification;
    let InUse { gold, gold_id, silver, silver_id, users } = gold_in_use(&api, 3).await;
    let (root, _mounted) = mount_at("/classifications");
    wait_until(|| "listed".into(), || row_of(&root, &gold)).await;
    click_in_row(&root, &gold, "delete");

    let dialog = find_text(&root, ".in-use-dialog", "3 accounts use it").await;
    assert!(dialog.query_selector("button.confirm").ok().flatten().is_none(), "no Delete is offered");
    let link = dialog.query_selector("a.show-accounts").ok().flatten().expect("a link to those accounts");
    let those = Page::Accounts(ListState::default().with_filter_text(Field::ClassificationId, &gold_id.to_string()));
    assert_eq!(link.get_attribute("href"), Some(those.href()));
    assert!(disabled(&root, ".in-use-dialog button.move-then-delete"), "no target is chosen for the user");
    assert!(dialog.query_selector("#move-target option[value=clear]").ok().flatten().is_some(), "clearing is a choice");
    choose(&root, "#move-target", &silver_id.to_string());
    wait_until(
        || "a target enables the move".into(),
        || (!disabled(&root, ".in-use-dialog button.move-then-delete")).then_some(()),
    )
    .await;
    click(&root, ".in-use-dialog button.move-then-delete");
    find_text(&root, "[role=alertdialog]", &format!("Move 3 accounts to {silver}, then delete {gold}?")).await;
    click(&root, "[role=alertdialog] button.confirm");
    find_text(&root, ".categories .status-done", &format!("Deleted {gold}.")).await;

    assert!(!listed(&api, kind).await.iter().any(|c| c.id == gold_id), "deleted");
    for id in users {
        let account = api.read_account(id, None).await.expect("read");
        assert_eq!(account.fields.classification_id, Some(silver_id), "account {id} moved");
    }
}

#[wasm_bindgen_test]
async fn moving_the_accounts_off_a_type_to_none_is_an_explicit_choice_and_clears_it() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let kind = CategoryKind::Type;
    let name = unique("Leaving");
    let id = api.create_category(kind, &name).await.expect("created").id;
    let users = accounts_using(&api, kind, id, 2).await;
    let (root, _mounted) = mount_at("/types");
    wait_until(|| "listed".into(), || row_of(&root, &name)).await;
    click_in_row(&root, &name, "delete");
    find_text(&root, ".in-use-dialog", "2 accounts use it").await;
    choose(&root, "#move-target", "clear");
    wait_until(
        || "clearing enables the move".into(),
        || (!disabled(&root, ".in-use-dialog button.move-then-delete")).then_some(()),
    )
    .await;
    click(&root, ".in-use-dialog button.move-then-delete");
    find_text(&root, "[role=alertdialog]", &format!("Clear Type on 2 accounts, then delete {name}?")).await;
    click(&root, "[role=alertdialog] button.confirm");
    find_text(&root, ".categories .status-done", &format!("Deleted {name}.")).await;
    for account in users {
        assert_eq!(api.read_account(account, None).await.expect("read").fields.type_id, None, "cleared");
    }
    assert!(!listed(&api, kind).await.iter().any(|c| c.id == id), "deleted");
}

/// The levels the API holds, in order: 1..n when dense.
async fn levels_of(api: &ApiClient, kind: CategoryKind) -> Vec<Option<i64>> {
    let mut levels: Vec<Option<i64>> = listed(api, kind).await.iter().map(|c| c.level).collect();
    levels.sort();
    levels
}

fn dense(count: usize) -> Vec<Option<i64>> {
    (1..=count as i64).map(Some).collect()
}

/// Earlier tests may have left ties or gaps: the page's offer tidies them.
async fn tidy(root: &Element) {
    find(root, ".categories-table tbody tr").await;
    if root.query_selector(".levels-untidy button").ok().flatten().is_some() {
        click(root, ".levels-untidy button");
        gone(root, ".levels-untidy").await;
    }
}

#[wasm_bindgen_test]
async fn creating_at_a_level_moves_the_later_ones_down_and_deleting_closes_the_gap() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let kind = CategoryKind::Type;
    let (root, _mounted) = mount_at("/types");
    tidy(&root).await;
    let second = names_in_order(&root)[1].clone();
    let name = unique("AtTwo");
    type_into(&root, "#new-category-name", &name);
    type_into(&root, "#new-category-level", "2");
    click(&root, ".create-category button[type=submit]");
    find_text(&root, ".categories .status-done", &format!("Created {name} at level 2.")).await;
    let now = listed(&api, kind).await;
    let level = |name: &str| now.iter().find(|c| c.name == name).and_then(|c| c.level);
    assert_eq!((level(&name), level(&second)), (Some(2), Some(3)), "the one at 2 moved down");
    assert_eq!(levels_of(&api, kind).await, dense(now.len()), "levels stay 1..n");
    wait_until(|| "shown second".into(), || (position(&root, &name) == 1).then_some(())).await;

    click_in_row(&root, &name, "delete");
    find_text(&root, "[role=alertdialog]", "No account uses it").await;
    click(&root, "[role=alertdialog] button.confirm");
    find_text(&root, ".categories .status-done", &format!("Deleted {name}.")).await;
    let after = listed(&api, kind).await;
    assert_eq!(levels_of(&api, kind).await, dense(after.len()), "the gap closed");
    assert_eq!(after.iter().find(|c| c.name == second).and_then(|c| c.level), Some(2));
}

#[wasm_bindgen_test]
async fn levels_with_ties_are_shown_by_level_then_name_and_renumbered_on_request() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let kind = CategoryKind::Classification;
    let (b, a) = (unique("TieB"), unique("TieA"));
    for name in [&b, &a] {
        let id = api.create_category(kind, name).await.expect("created").id;
        api.update_category(kind, id, &CategoryPatch { name: None, level: Some(1) }).await.expect("tied at 1");
    }
    let (root, _mounted) = mount_at("/classifications");
    let offer = find_text(&root, ".levels-untidy", "Renumber").await;
    assert!(position(&root, &a) < position(&root, &b), "ties in name order");
    let shown = names_in_order(&root);
    offer.query_selector("button").ok().flatten().expect("the offer").unchecked_into::<web_sys::HtmlElement>().click();
    gone(&root, ".levels-untidy").await;
    let now = listed(&api, kind).await;
    assert_eq!(levels_of(&api, kind).await, dense(now.len()), "renumbered 1..n");
    let level = |name: &String| now.iter().find(|c| &c.name == name).and_then(|c| c.level);
    let mut by_level = shown.clone();
    by_level.sort_by_key(level);
    assert_eq!(by_level, shown, "in the order shown");
}

#[wasm_bindgen_test]
async fn a_name_taken_meanwhile_refreshes_the_list_and_one_status_shows_at_a_time() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let (root, _mounted) = mount_at("/classifications");
    find(&root, ".categories-table").await;
    let first = unique("Mine");
    create(&root, &first).await;
    find_text(&root, ".categories .status-done", &format!("Created {first}.")).await;
    let elsewhere = unique("Theirs");
    api.create_category(CategoryKind::Classification, &elsewhere).await.expect("created elsewhere");
    type_into(&root, "#new-category-name", &elsewhere);
    click(&root, ".create-category button[type=submit]");
    find_text(&root, "#new-category-error", "That name is taken").await;
    wait_until(|| "the list shows the name taken meanwhile".into(), || row_of(&root, &elsewhere)).await;
    gone(&root, ".categories .status-done").await;
}

#[wasm_bindgen_test]
async fn delete_buttons_share_one_danger_style_everywhere() {
    crate::harness::begin().await;
    crate::layout::with_styles();
    let _api = signed_in_client("sysadmin").await;
    let (root, _mounted) = mount_at("/classifications");
    let delete = find(&root, "button[data-action=delete]").await;
    // The account page's Delete and a plain button, under the same stylesheet.
    let document = document();
    let page = document.create_element("section").expect("section");
    page.set_class_name("account-detail");
    let account_delete = document.create_element("button").expect("button");
    account_delete.set_class_name("danger");
    let plain = document.create_element("button").expect("button");
    page.append_child(&account_delete).expect("added");
    page.append_child(&plain).expect("added");
    root.append_child(&page).expect("added");
    let background = |element: &Element| {
        let style = web_sys::window().expect("window").get_computed_style(element).expect("style").expect("a style");
        style.get_property_value("background-color").expect("a colour")
    };
    assert_eq!(background(&delete), background(&account_delete), "a table's Delete looks like the account page's");
    assert_ne!(background(&delete), background(&plain), "and unlike a plain button");
}

#[wasm_bindgen_test]
async fn a_rename_shows_in_the_form_and_search_dropdowns_without_a_reload() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let name = unique("Before");
    let id = api.create_category(CategoryKind::Classification, &name).await.expect("created").id;
    let (root, _mounted) = mount_at("/accounts/new");
    let option = format!("#field-classificationId option[value='{id}']");
    find_text(&root, &option, &name).await;
    go_to("/classifications");
    let row = wait_until(|| "listed".into(), || row_of(&root, &name)).await;
    row.query_selector("button[data-action=rename]")
        .ok()
        .flatten()
        .expect("rename")
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    let renamed = unique("After");
    let input = find(&root, "input.rename").await;
    type_into(&root, "input.rename", &renamed);
    press(&input, "Enter", Modifier::None);
    wait_until(|| "renamed".into(), || row_of(&root, &renamed)).await;
    go_to("/accounts/new");
    find_text(&root, &option, &renamed).await;
    go_to("/accounts");
    find(&root, ".advanced > button").await;
    click(&root, ".advanced > button");
    find_text(&root, &format!("#filter-classificationId option[value='{id}']"), &renamed).await;
}

#[wasm_bindgen_test]
async fn a_manager_may_look_but_not_change_and_sees_why() {
    crate::harness::begin().await;
    let _manager = signed_in_client("manager").await;
    let (root, _mounted) = mount_at("/types");
    find(&root, ".categories-table tbody tr").await;
    let create = find(&root, ".create-category fieldset").await.unchecked_into::<web_sys::HtmlFieldSetElement>();
    wait_until(|| "the form is disabled for a manager".into(), || create.disabled().then_some(())).await;
    find_text(&root, ".role-note", "Needs the Sysadmin or Superuser role.").await;
    let delete = find(&root, "button[data-action=delete]").await.unchecked_into::<web_sys::HtmlButtonElement>();
    assert!(delete.disabled() && delete.title().contains("Sysadmin or Superuser"));
    gone(&root, "[role=alertdialog]").await;
    let says = || root.text_content().unwrap_or_default();
    wait_until(|| format!("a manager is told to drag: {}", says()), || (!says().contains("Drag a row")).then_some(()))
        .await;
}

#[wasm_bindgen_test]
async fn a_create_rename_or_delete_whose_answer_is_lost_looks_and_says_it_was_done() {
    use crate::harness::{HELD_ANSWER_MS, add_fault, mount_with, quick_config};
    use serde_json::json;
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let kind = CategoryKind::Classification;
    let (root, _mounted) = mount_with(quick_config(), "/classifications");
    find(&root, "#new-category-name").await;
    let held = |method: &str, path: String| json!({"path": path, "method": method, "kind": "slowAnswer", "delayMs": HELD_ANSWER_MS, "times": 1});

    let name = unique("Lost");
    add_fault(held("POST", account_model::paths::CLASSIFICATIONS.to_string())).await;
    type_into(&root, "#new-category-name", &name);
    click(&root, ".create-category button[type=submit]");
    find_text(
        &root,
        ".categories .status-done",
        &format!("{name} was created: its answer was lost, but a look shows it was."),
    )
    .await;
    assert_eq!(crate::harness::value_of(&root, "#new-category-name"), "", "the name is not left to send again");
    let id = listed(&api, kind).await.into_iter().find(|c| c.name == name).expect("created once").id;

    let renamed = unique("Found");
    add_fault(held("PUT", account_model::paths::classification(id))).await;
    click_in_row(&root, &name, "rename");
    let input = find(&root, "input.rename").await;
    type_into(&root, "input.rename", &renamed);
    press(&input, "Enter", Modifier::None);
    find_text(&root, ".categories .status-done", &format!("The rename of {name} to {renamed} was saved")).await;
    gone(&root, "input.rename").await;

    crate::harness::sleep_ms(HELD_ANSWER_MS).await;
    add_fault(held("DELETE", account_model::paths::classification(id))).await;
    wait_until(|| "renamed".into(), || row_of(&root, &renamed)).await;
    click_in_row(&root, &renamed, "delete");
    find_text(&root, "[role=alertdialog]", "No account uses it").await;
    click(&root, "[role=alertdialog] button.confirm");
    find_text(&root, ".categories .status-done", &format!("Deleted {renamed}.")).await;
    assert!(!listed(&api, kind).await.iter().any(|c| c.id == id));
}

#[wasm_bindgen_test]
async fn a_create_at_a_level_still_sets_its_level_when_the_page_is_left_before_the_answer() {
    use crate::harness::{add_fault, sleep_ms};
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let kind = CategoryKind::Classification;
    let (root, _mounted) = mount_at("/classifications");
    find(&root, ".categories table tbody tr").await;
    let path = account_model::paths::CLASSIFICATIONS;
    add_fault(serde_json::json!({"path": path, "method": "POST", "kind": "delay", "delayMs": 1_500, "times": 1})).await;
    let name = unique("Left");
    type_into(&root, "#new-category-name", &name);
    type_into(&root, "#new-category-level", "1");
    click(&root, ".create-category button[type=submit]");
    // Left while the create is under way: its level is still the user's.
    sleep_ms(100).await;
    go_to("/accounts");
    let mut level = None;
    for _ in 0..40 {
        sleep_ms(250).await;
        level = listed(&api, kind).await.into_iter().find(|c| c.name == name).and_then(|c| c.level);
        if level == Some(1) {
            break;
        }
    }
    assert_eq!(level, Some(1), "{name} was created and then given level 1 after the page was left");
    // The console still answers: the page opens again and lists it.
    go_to("/classifications");
    wait_until(|| format!("{name} is listed again"), || row_of(&root, &name)).await;
}
