//! Classification and type management against the sandbox: create, rename,
//! reorder by button and by keyboard, delete; names unique at the field; a
//! category in use; names refreshed everywhere through the shared cache; a
//! manager who may only look.

use account_admin::{
    api::{ApiClient, categories::CategoryKind},
    pages::{AccountsPage, CategoriesPage, account_form::NewAccountPage},
};
use account_model::{AccountInput, Category};
use leptos::prelude::*;
use leptos_router::{
    components::{Route, Routes},
    path,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Element;

use crate::harness::{
    Modifier, click, document, find, find_text, go_to, gone, mount_at, press, signed_in_client, type_into, unique,
    wait_until,
};

fn mount(url: &str) -> (Element, Box<dyn std::any::Any>) {
    mount_at(url, || {
        view! {
            <Routes fallback=|| "no route">
                <Route path=path!("/classifications") view=|| view! { <CategoriesPage kind=CategoryKind::Classification /> } />
                <Route path=path!("/types") view=|| view! { <CategoriesPage kind=CategoryKind::Type /> } />
                <Route path=path!("/accounts") view=AccountsPage />
                <Route path=path!("/accounts/new") view=NewAccountPage />
            </Routes>
        }
    })
}

async fn listed(api: &ApiClient, kind: CategoryKind) -> Vec<Category> {
    api.list_categories(kind).await.expect("listed")
}

fn row_of(root: &Element, name: &str) -> Option<Element> {
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
    let (root, _mounted) = mount(url);
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
    let (root, _mounted) = mount("/types");
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

#[wasm_bindgen_test]
async fn deleting_a_classification_in_use_says_how_many_and_links_to_them() {
    crate::harness::begin().await;
    let api = signed_in_client("sysadmin").await;
    let name = unique("InUse");
    let id = api.create_category(CategoryKind::Classification, &name).await.expect("created").id;
    for n in 0..3 {
        let input =
            AccountInput { name: format!("{name}-{n}"), classification_id: Some(id), ..AccountInput::default() };
        api.create_account(&input).await.expect("an account using it");
    }
    let (root, _mounted) = mount("/classifications");
    let row = wait_until(|| "listed".into(), || row_of(&root, &name)).await;
    row.query_selector("button[data-action=delete]")
        .ok()
        .flatten()
        .expect("delete")
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    find_text(&root, "[role=alertdialog]", "3 accounts use it").await;
    click(&root, "[role=alertdialog] button.confirm");
    let said = find_text(&root, ".categories .form-error", "was not deleted").await;
    assert!(said.text_content().unwrap_or_default().contains("3 accounts use it"));
    let link = said.query_selector("a").ok().flatten().expect("a link to them");
    assert_eq!(link.get_attribute("href"), Some(format!("/accounts?classificationId={id}")));
}

#[wasm_bindgen_test]
async fn delete_buttons_share_one_danger_style_everywhere() {
    crate::harness::begin().await;
    crate::layout::with_styles();
    let _api = signed_in_client("sysadmin").await;
    let (root, _mounted) = mount("/classifications");
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
    let (root, _mounted) = mount("/accounts/new");
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
    let (root, _mounted) = mount("/types");
    find(&root, ".categories-table tbody tr").await;
    let create = find(&root, ".create-category fieldset").await.unchecked_into::<web_sys::HtmlFieldSetElement>();
    wait_until(|| "the form is disabled for a manager".into(), || create.disabled().then_some(())).await;
    find_text(&root, ".role-note", "Needs the Sysadmin or Superuser role.").await;
    let delete = find(&root, "button[data-action=delete]").await.unchecked_into::<web_sys::HtmlButtonElement>();
    assert!(delete.disabled() && delete.title().contains("Sysadmin or Superuser"));
    gone(&root, "[role=alertdialog]").await;
}
