//! What the layout promises, measured with the console's own stylesheet in
//! a container of a given width (the console's `app` container, so its
//! container queries apply): the activity shows without scrolling at
//! 1400 px, nothing overflows sideways at 1024 px, the results come into view
//! after an advanced search, dark mode keeps dialogs and placeholders
//! legible, long values keep the list's columns, nothing focused in the
//! account form hides behind its Save bar, the menus are popovers with an
//! edge, and the categories' Actions cells line up with their rows.

use account_admin::components::ConfirmDialog;
use account_model::AccountInput;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{Element, HtmlElement};

use crate::harness::{click, config, document, find, mount_at, signed_in_client, type_into, unique, wait_until};

/// Puts the console's stylesheet into the test page, once.
pub(crate) fn with_styles() {
    let document = document();
    if document.get_element_by_id("console-styles").is_none() {
        let style = document.create_element("style").expect("style");
        style.set_id("console-styles");
        style.set_text_content(Some(include_str!("../../style/main.css")));
        document.head().expect("head").append_child(&style).expect("added");
    }
}

/// Mounts the console's pages at `url` in a container `width` pixels wide,
/// which is the console's `app` container as in `Shell`.
fn mount_wide(url: &str, width: u32) -> (Element, Box<dyn std::any::Any>) {
    with_styles();
    let (root, mounted) = mount_at(url);
    root.set_class_name("app");
    root.unchecked_ref::<HtmlElement>().style().set_property("width", &format!("{width}px")).expect("width");
    (root, mounted)
}

fn top_of(element: &Element) -> f64 {
    element.get_bounding_client_rect().top()
}

async fn account_with_everything() -> i64 {
    let api = signed_in_client("sysadmin").await;
    let input = AccountInput {
        name: unique("Layout"),
        description: Some("A description long enough to take a line or two in its card.".into()),
        rating: Some("Hot".into()),
        ..AccountInput::default()
    };
    api.create_account(&input).await.expect("created").id
}

#[wasm_bindgen_test]
async fn at_1400_pixels_the_notes_heading_is_within_the_first_1000() {
    crate::harness::begin().await;
    let id = account_with_everything().await;
    let (root, _mounted) = mount_wide(&format!("/accounts/{id}"), 1400);
    let heading = find(&root, "#notes-title").await;
    let offset = top_of(&heading) - top_of(&root);
    assert!(offset < 1000.0, "the notes heading starts {offset} px down");
}

#[wasm_bindgen_test]
async fn at_1024_pixels_neither_the_list_nor_the_detail_overflows_sideways() {
    crate::harness::begin().await;
    let id = account_with_everything().await;
    let list = "/accounts?count=25".to_string();
    for url in [list.clone(), format!("/accounts/{id}")] {
        let (root, mounted) = mount_wide(&url, 1024);
        find(&root, if url == list { "tbody tr" } else { "#notes-title" }).await;
        crate::harness::sleep_ms(100).await;
        let (scroll, client) = (root.scroll_width(), root.client_width());
        assert!(scroll <= client, "{url}: {scroll} px of content in {client} px");
        if url == list {
            let table =
                root.query_selector(".table-scroll").ok().flatten().expect("the list's table in its scroll box");
            assert!(
                table.scroll_width() <= table.client_width(),
                "{url}: the table needs no sideways scroll at 1024 px"
            );
        }
        drop(mounted);
        root.remove();
    }
}

#[wasm_bindgen_test]
async fn after_an_advanced_search_the_panel_closes_and_the_first_result_is_in_view() {
    crate::harness::begin().await;
    let _api = signed_in_client("sysadmin").await;
    let (root, _mounted) = mount_wide("/accounts?count=25", 1400);
    find(&root, "tbody tr").await;
    click(&root, ".advanced > button");
    let form = find(&root, "#advanced-search").await;
    type_into(&form, "#filter-rating", "o");
    click(&form, "button[type=submit]");
    crate::harness::gone(&root, "#advanced-search").await;
    let row = find(&root, "tbody tr").await;
    let height = web_sys::window().expect("window").inner_height().expect("height").as_f64().unwrap_or(0.0);
    wait_until(
        || format!("the first row at {} px is inside the {height} px viewport", top_of(&row)),
        || (top_of(&row) >= 0.0 && top_of(&row) < height).then_some(()),
    )
    .await;
}

/// An `rgb(...)`/`rgba(...)` colour as red, green, blue (0–255) and alpha.
fn rgba(css: &str) -> (f64, f64, f64, f64) {
    let inner = css.trim().trim_start_matches("rgba(").trim_start_matches("rgb(").trim_end_matches(')');
    let parts: Vec<f64> =
        inner.split([',', ' ', '/']).filter(|p| !p.is_empty()).filter_map(|p| p.parse().ok()).collect();
    (parts[0], parts[1], parts[2], parts.get(3).copied().unwrap_or(1.0))
}

fn luminance((r, g, b, _): (f64, f64, f64, f64)) -> f64 {
    let channel = |c: f64| {
        let c = c / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

fn contrast(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `top` (with its alpha) laid over the opaque `under`.
fn over(top: (f64, f64, f64, f64), under: (f64, f64, f64, f64)) -> (f64, f64, f64, f64) {
    let mix = |t: f64, u: f64| t * top.3 + u * (1.0 - top.3);
    (mix(top.0, under.0), mix(top.1, under.1), mix(top.2, under.2), 1.0)
}

fn style_of(element: &Element, pseudo: Option<&str>, property: &str) -> String {
    let window = web_sys::window().expect("window");
    let style = match pseudo {
        Some(pseudo) => window.get_computed_style_with_pseudo_elt(element, pseudo),
        None => window.get_computed_style(element),
    };
    style.ok().flatten().expect("a style").get_property_value(property).expect("a value")
}

#[wasm_bindgen_test]
async fn in_dark_mode_dialogs_stand_out_and_placeholders_are_legible() {
    crate::harness::begin().await;
    with_styles();
    let html = document().document_element().expect("html");
    html.set_attribute("data-theme", "dark").expect("dark");
    let root = crate::harness::container();
    let _mounted = leptos::mount::mount_to(root.clone(), || {
        view! {
            <account_admin::app::Providers config=config()>
                <input id="with-placeholder" placeholder="Name contains…" />
                <ConfirmDialog title="Delete it?" message="This cannot be undone." confirm_label="Delete" on_confirm=|()| {} on_cancel=|()| {} />
            </account_admin::app::Providers>
        }
    });
    let root: Element = root.into();
    let input = find(&root, "#with-placeholder").await;
    let dialog = find(&root, ".dialog").await;
    let page = rgba(&style_of(&html, None, "background-color"));
    let page =
        if page.3 == 0.0 { rgba(&style_of(&document().body().expect("body"), None, "background-color")) } else { page };
    let placeholder = contrast(
        rgba(&style_of(&input, Some("::placeholder"), "color")),
        rgba(&style_of(&input, None, "background-color")),
    );
    let dialog_background = rgba(&style_of(&dialog, None, "background-color"));
    let dimmed = over(rgba(&style_of(&dialog, Some("::backdrop"), "background-color")), page);
    let edge = contrast(rgba(&style_of(&dialog, None, "border-top-color")), dimmed);
    let text = contrast(rgba(&style_of(&dialog, None, "color")), dialog_background);
    html.remove_attribute("data-theme").expect("back to light");
    assert!(placeholder >= 4.5, "placeholder contrast {placeholder:.2}");
    assert!(text >= 4.5, "dialog text contrast {text:.2}");
    assert!(edge >= 3.0, "the dialog's edge against the dimmed page: {edge:.2}");
}

/// The rectangle's left and right edges.
fn edges(element: &Element) -> (f64, f64) {
    let rect = element.get_bounding_client_rect();
    (rect.left(), rect.right())
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).expect("a selector");
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<Element>().ok()).collect()
}

/// Shown elements only (a hidden column's cells have no box).
fn shown(elements: Vec<Element>) -> Vec<Element> {
    elements.into_iter().filter(|e| e.get_bounding_client_rect().width() > 0.0).collect()
}

/// Two accounts with long values under a fresh prefix: a 255-character name
/// of words, and a name and an industry that are one unbroken token of 120
/// characters. Answers the prefix and the long name.
async fn long_accounts() -> (String, String) {
    let api = signed_in_client("sysadmin").await;
    let prefix = unique("Wide");
    let words =
        format!("{prefix} International Consolidated Holdings and Trading Company of the Northern Territories ");
    let long_name: String = words.repeat(4).chars().take(255).collect();
    let token = |letter: &str| [prefix.as_str(), "-", &letter.repeat(120 - prefix.len() - 1)].concat();
    let rows = [
        AccountInput { name: long_name.clone(), industry: Some("Software".into()), ..AccountInput::default() },
        AccountInput { name: token("x"), industry: Some(token("y")), ..AccountInput::default() },
    ];
    for row in &rows {
        api.create_account(row).await.expect("created");
    }
    (prefix, long_name)
}

#[wasm_bindgen_test]
async fn long_values_keep_every_column_header_in_view_and_the_page_from_scrolling_sideways() {
    crate::harness::begin().await;
    let (prefix, _) = long_accounts().await;
    for width in [1400, 1024] {
        let (root, mounted) = mount_wide(&format!("/accounts?name={prefix}&count=25"), width);
        wait_until(|| format!("two rows at {width} px"), || (all(&root, "tbody tr").len() == 2).then_some(())).await;
        let (left, right) = edges(&root);
        let headers = shown(all(&root, "thead th"));
        assert!(headers.len() >= 3, "at {width} px {} column headers show", headers.len());
        for header in headers {
            let (from, to) = edges(&header);
            let label = header.text_content().unwrap_or_default();
            assert!(
                from >= left - 1.0 && to <= right + 1.0,
                "at {width} px the {label:?} header spans {from}..{to} of {left}..{right}"
            );
        }
        let (scroll, client) = (root.scroll_width(), root.client_width());
        assert!(scroll <= client, "at {width} px the page scrolls sideways: {scroll} px in {client} px");
        drop(mounted);
        root.remove();
    }
}

#[wasm_bindgen_test]
async fn a_clipped_cell_shows_its_whole_text_on_hover_and_in_the_row_with_focus() {
    crate::harness::begin().await;
    let (prefix, long_name) = long_accounts().await;
    let (root, mounted) = mount_wide(&format!("/accounts?name={prefix}&count=25"), 1400);
    let link = wait_until(
        || "the long name's link".into(),
        || all(&root, "tbody td.name a").into_iter().find(|a| a.text_content().as_deref() == Some(long_name.as_str())),
    )
    .await;
    let cell = link.closest("td").ok().flatten().expect("its cell");
    let one_line = cell.get_bounding_client_rect().height();

    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    let hover = web_sys::MouseEvent::new_with_mouse_event_init_dict("mouseover", &init).expect("event");
    link.dispatch_event(&hover).expect("dispatched");
    assert_eq!(cell.get_attribute("title").as_deref(), Some(long_name.as_str()), "hovering shows the whole name");

    link.unchecked_ref::<HtmlElement>().focus().expect("focused");
    let (scroll, client) = (cell.scroll_width(), cell.client_width());
    let height = cell.get_bounding_client_rect().height();
    assert!(
        scroll <= client && height > 2.0 * one_line,
        "with focus the name wraps: {scroll} in {client} px, {height} px high"
    );
    drop(mounted);
    root.remove();
}

#[wasm_bindgen_test]
async fn at_390_pixels_the_cards_show_long_values_whole() {
    crate::harness::begin().await;
    let (prefix, _) = long_accounts().await;
    let (root, mounted) = mount_wide(&format!("/accounts?name={prefix}&count=25"), 390);
    wait_until(|| "two cards".into(), || (all(&root, "tbody tr").len() == 2).then_some(())).await;
    let (left, right) = edges(&root);
    let cells = shown(all(&root, "tbody td"));
    assert!(cells.len() >= 4, "{} cells show in the two cards", cells.len());
    for cell in cells {
        let (from, to) = edges(&cell);
        let (scroll, client) = (cell.scroll_width(), cell.client_width());
        let text = cell.text_content().unwrap_or_default();
        assert!(
            from >= left - 1.0 && to <= right + 1.0 && scroll <= client,
            "{text:?} spans {from}..{to} of {left}..{right}, {scroll} px in {client} px"
        );
    }
    let (scroll, client) = (root.scroll_width(), root.client_width());
    assert!(scroll <= client, "the page scrolls sideways: {scroll} px in {client} px");
    drop(mounted);
    root.remove();
}

#[wasm_bindgen_test]
async fn nothing_focused_in_the_account_form_hides_behind_its_save_bar() {
    crate::harness::begin().await;
    let id = account_with_everything().await;
    let window = web_sys::window().expect("window");
    for width in [1400, 1024, 390] {
        let (root, mounted) = mount_wide(&format!("/accounts/{id}/edit"), width);
        let bar = find(&root, ".sticky-actions").await;
        find(&root, "#field-name").await;
        window.scroll_to_with_x_and_y(0.0, 0.0);
        // Every control in the order Tab visits them (none has a tabindex).
        let controls = shown(all(&root, "form input, form select, form textarea, form button, form a[href]"));
        assert!(controls.len() > 30, "the form has {} controls", controls.len());
        let mut hidden = Vec::new();
        for control in controls.iter().filter(|c| !bar.contains(Some(c))) {
            control.unchecked_ref::<HtmlElement>().focus().expect("focused");
            let (field, under) = (control.get_bounding_client_rect(), bar.get_bounding_client_rect());
            if field.bottom() > under.top() + 0.5 && field.top() < under.bottom() {
                hidden.push(if control.id().is_empty() {
                    control.text_content().unwrap_or_default()
                } else {
                    control.id()
                });
            }
        }
        assert!(hidden.is_empty(), "at {width} px the Save bar covers {hidden:?} when focused");
        drop(mounted);
        root.remove();
    }
}

#[wasm_bindgen_test]
async fn the_menus_are_popovers_under_their_button_with_an_edge() {
    crate::harness::begin().await;
    let _api = signed_in_client("sysadmin").await;
    // `popovertarget` names its panel by id, the first in the document: an
    // earlier test's page left mounted would be the one that opens.
    for stale in ["columns-panel", "saved-searches-panel"] {
        while let Some(panel) = crate::harness::document().get_element_by_id(stale) {
            panel.remove();
        }
    }
    let (root, mounted) = mount_wide("/accounts?count=25", 1400);
    find(&root, "tbody tr").await;
    for (menu, panel) in [("columns-menu", "#columns-panel"), ("saved-searches", "#saved-searches-panel")] {
        let button = find(&root, &format!(".{menu} > button")).await.unchecked_into::<HtmlElement>();
        button.focus().expect("focused");
        button.click();
        let panel = find(&root, panel).await;
        assert!(panel.matches(":popover-open").expect("a selector"), "{menu} opens as a popover");
        let (panel_box, button_box) = (panel.get_bounding_client_rect(), button.get_bounding_client_rect());
        assert!(panel_box.top() >= button_box.bottom(), "{menu} opens under its button");
        let edge = style_of(&panel, None, "border-top-style");
        assert_eq!(edge, "solid", "{menu}'s panel has an edge");
        button.click();
        assert!(!panel.matches(":popover-open").expect("a selector"), "{menu}'s button closes it again");
    }
    drop(mounted);
    root.remove();
}

#[wasm_bindgen_test]
async fn choosing_a_saved_search_closes_its_menu_and_gives_focus_back() {
    crate::harness::begin().await;
    let _api = signed_in_client("sysadmin").await;
    let (root, mounted) = mount_wide("/accounts?count=25&rating=Hot", 1400);
    find(&root, "tbody tr").await;
    let button = find(&root, ".saved-searches > button").await.unchecked_into::<HtmlElement>();
    button.focus().expect("focused");
    button.click();
    let name = unique("Menu");
    type_into(&root, "#saved-search-name", &name);
    click(&root, ".save-search button[type=submit]");
    let link = wait_until(
        || format!("a saved search {name:?}"),
        || all(&root, ".saved-list a").into_iter().find(|a| a.text_content().as_deref() == Some(name.as_str())),
    )
    .await;
    link.unchecked_ref::<HtmlElement>().focus().expect("focused");
    link.unchecked_ref::<HtmlElement>().click();
    let panel = find(&root, "#saved-searches-panel").await;
    assert!(!panel.matches(":popover-open").expect("a selector"), "the menu closed");
    let focused = document().active_element().expect("something has focus");
    assert_eq!(focused, *button, "focus is back on the menu's button");
    drop(mounted);
    root.remove();
}

#[wasm_bindgen_test]
async fn the_categories_actions_cells_line_up_with_their_rows() {
    crate::harness::begin().await;
    let _api = signed_in_client("sysadmin").await;
    for width in [1400, 390] {
        let (root, mounted) = mount_wide("/types", width);
        let cell = find(&root, "td.actions").await;
        let row = cell.closest("tr").ok().flatten().expect("its row").get_bounding_client_rect();
        let rect = cell.get_bounding_client_rect();
        let display = style_of(&cell, None, "display");
        assert_eq!(display, "table-cell", "the Actions cell is a table cell");
        assert!(
            (rect.top() - row.top()).abs() < 1.0 && (rect.bottom() - row.bottom()).abs() < 1.0,
            "at {width} px the Actions cell spans {}..{}, its row {}..{}",
            rect.top(),
            rect.bottom(),
            row.top(),
            row.bottom()
        );
        drop(mounted);
        root.remove();
    }
}
